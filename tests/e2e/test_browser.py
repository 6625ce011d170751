"""The HTML reports in a real browser (Debian's chromium, driven by Playwright): every image loads,
the console stays clean, and no request leaves the machine; on a phone's width nothing makes the page scroll
sideways, and each chapter page leads to the contents and its neighbours. Screenshots are kept in
build/screenshots/. And the PDFs: each page's running header names its chapter, and the book's outline lists
each chapter once with its sections under it."""

import functools
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from bs4 import BeautifulSoup

from conftest import heading_of
from helpers.base.paths import PROJECT_ROOT
from helpers.data.chapters import region_chapters

pytestmark = pytest.mark.e2e
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = PROJECT_ROOT / "build" / "screenshots"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def reports(built):
    return sorted(built.glob("*.html"))


@pytest.fixture(scope="module")
def pages(built):
    """The book and the chapter pages a reader moves between (the working papers stand apart)."""
    return [p for p in sorted(built.glob("*.html")) if p.stem != "workpapers"]


def test_reports_load_offline_with_every_image(browser, reports):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert reports
    for report in reports:
        page = browser.new_page(viewport={"width": 1000, "height": 1400})
        errors, outside = [], []
        page.on("console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        page.on(
            "request",
            lambda r, outside=outside: outside.append(r.url) if not r.url.startswith(("file:", "data:")) else None,
        )
        page.goto(Path(report).as_uri(), wait_until="load")
        images = page.evaluate("Array.from(document.images).map(i => [i.complete, i.naturalWidth])")
        assert images or report.stem not in ("overview", "book", "workpapers"), f"{report.name}: no image"
        assert all(done and width > 0 for done, width in images), f"{report.name}: an image did not load"
        assert not errors, f"{report.name}: console errors {errors}"
        assert not outside, f"{report.name}: requests left the machine: {outside}"
        assert page.evaluate("document.documentElement.lang") == "zh-CN"
        page.screenshot(path=str(SCREENSHOTS / f"{report.stem}.png"), full_page=True)
        page.close()


PHONE = {"width": 390, "height": 844}
# Elements reaching past the viewport's right edge that no scrolling box of theirs holds.
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = e => { for (let a = e.parentElement; a; a = a.parentElement) {
    if (["auto", "scroll"].includes(getComputedStyle(a).overflowX) && a.clientWidth <= width) return true; }
    return false; };
  return Array.from(document.body.querySelectorAll("*"))
    .filter(e => e.getBoundingClientRect().right > width + 1 && !scrolls(e))
    .slice(0, 5).map(e => e.tagName + "." + e.className + " " + Math.round(e.getBoundingClientRect().right));
}"""
NAV = """() => Array.from(document.querySelectorAll("header .page-nav a"))
  .map(a => [a.className, a.href, a.textContent.trim(), a.getBoundingClientRect().height])"""


def _target(href: str) -> tuple[Path, str]:
    """The file and anchor a link resolves to."""
    url = urlparse(href)
    return Path(unquote(url.path)), unquote(url.fragment)


@functools.cache
def _ids(path: Path) -> frozenset[str]:
    """The ids a page's elements carry (what its anchors can point to)."""
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return frozenset(tag["id"] for tag in soup.find_all(id=True))


def test_on_a_phone_nothing_scrolls_sideways_and_chapters_lead_to_contents_and_neighbours(browser, built, reports):
    """At 390 px no report scrolls sideways at page level (a wide table scrolls in its own box); each chapter page
    links, above and below its text, to the book's contents and to the previous and next chapter built for its
    region, with targets big enough to tap; its navigation is not printed. The book's contents are tappable and
    each chapter of the book has its way back to them."""
    chapters, _ = region_chapters("jinzhong")
    order = [c.id for c in chapters]
    page = browser.new_page(viewport=PHONE)
    missing_anchor = []
    for report in reports:
        page.goto(report.as_uri(), wait_until="load")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], report.name
        assert not page.evaluate(OVERFLOWING), f"{report.name}: {page.evaluate(OVERFLOWING)}"
        if report.stem in ("book", "workpapers"):
            entries = page.evaluate(
                """() => Array.from(document.querySelectorAll("nav.toc a")).map(a => [a.getAttribute("href"),
                   a.getBoundingClientRect().height, parseFloat(getComputedStyle(a).fontSize)])"""
            )
            assert entries and all(height >= 36 and size >= 12 for _, height, size in entries), entries[:3]
            assert all(href[1:] in _ids(report) for href, _, _ in entries)
            back = page.evaluate(
                """() => Array.from(document.querySelectorAll("section.chapter[id^='section-'] .to-contents a"))
                   .filter(a => a.offsetParent !== null).map(a => a.getAttribute("href"))"""
            )
            assert len(back) == len(chapters), back
            missing_anchor += [f"{report.name}{href}" for href in set(back) if href[1:] not in _ids(report)]
            continue
        at = order.index(report.stem)
        links = page.evaluate(NAV)
        kinds = {kind: (href, label, height) for kind, href, label, height in links}
        assert "nav-contents" in kinds, f"{report.name}: no link to the contents"
        assert all(height >= 40 for _, _, height in kinds.values()), links
        contents, anchor = _target(kinds["nav-contents"][0])
        assert contents == built / "book.html" and contents.exists()
        if anchor not in _ids(contents):
            missing_anchor.append(f"book.html#{anchor}")
        expected = {
            "nav-previous": order[at - 1] if at else None,
            "nav-next": order[at + 1] if at + 1 < len(order) else None,
        }
        for kind, neighbour in expected.items():
            if neighbour is None:
                assert kind not in kinds, f"{report.name}: {kind} leads nowhere"
                continue
            target, _ = _target(kinds[kind][0])
            assert target == built / f"{neighbour}.html" and target.exists(), (report.name, kinds[kind])
            assert heading_of(chapters[order.index(neighbour)]) in kinds[kind][1]
        assert page.locator("footer .page-nav a").count() == len(links)  # the same, below the text
        page.emulate_media(media="print")
        assert page.evaluate("getComputedStyle(document.querySelector('.page-nav')).display") == "none"
        page.emulate_media(media="screen")
    # one real tap: the overview's next chapter opens that chapter
    page.goto((built / f"{order[0]}.html").as_uri(), wait_until="load")
    page.click("header .nav-next")
    assert page.url.endswith(f"/{order[1]}.html") and page.locator("h1").first.inner_text() == heading_of(chapters[1])
    page.close()
    assert not missing_anchor, f"the book has no element with the id the contents links need: {missing_anchor}"


def _outline(pdf: Path) -> list[tuple[int, str, int]]:
    """(level, title, page number) of every bookmark, in order."""
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    flat = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                flat.append((level, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 1)
    return flat


def _headers(pdf: Path) -> list[str]:
    """Each page's running header: the text in the top margin (the top 15 mm), one string per page."""
    band = subprocess.run(
        ["pdftotext", "-layout", "-x", "0", "-y", "0", "-W", "600", "-H", "42", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [" ".join(page.split()) for page in band.split("\f")][:-1]


def test_running_headers_name_the_chapter_and_the_book_outline_lists_each_chapter_once(built):
    """Every page's header names its chapter (the book's appendix and methods too), the region and period, never
    the byline's source; the outline holds one bookmark per chapter at level 1, its sections at level 2."""
    chapters, _ = region_chapters("jinzhong")
    where = "晋中市 · 2012—2022年"
    for chapter in chapters:
        headers = _headers(built / f"{chapter.id}.pdf")
        assert headers and all(h == f"{heading_of(chapter)} {where}" for h in headers), (chapter.id, headers)
        assert [(level, title) for level, title, _ in _outline(built / f"{chapter.id}.pdf")][0] == (
            1,
            heading_of(chapter),
        )
    outline, headers = _outline(built / "book.pdf"), _headers(built / "book.pdf")
    tops = [(title, page) for level, title, page in outline if level == 1]
    titles = [title for title, _ in tops]
    assert all(titles.count(heading_of(c)) == 1 for c in chapters), titles
    assert "资料来源与方法" in titles  # its references are a part of it (参考资料 at level 2)
    assert len(titles) == len(set(titles)) and max(level for level, _, _ in outline) == 2
    for title in titles:  # nothing appears twice: a chapter's name is not repeated below another bookmark
        assert [t for _, t, _ in outline].count(title) == 1, title
    for number, header in enumerate(headers, start=1):
        section = [title for title, page in tops if page <= number]
        if not section or section[-1] == "目录":  # the cover and the contents have no running header
            assert "数据来源" not in header
            continue
        assert header == f"{section[-1]} {where}", (number, header)
    shown = subprocess.run(["pdftotext", str(built / "book.pdf"), "-"], capture_output=True, text=True).stdout
    assert "上一篇" not in shown and "下一篇" not in shown
