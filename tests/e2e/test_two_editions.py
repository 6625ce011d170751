"""Two editions from one build: the publication a bureau signs (book.pdf/html/docx) and the working papers, the
audit trail (workpapers.pdf/html): the publication keeps no audit, quote or method talk in its chapters and its
back matter short; the working papers keep every quote, every check with its verdict, every derived figure."""

import json
import re

import pytest
from bs4 import BeautifulSoup

from helpers.wording import style

pytestmark = pytest.mark.e2e


def _soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _books(reports, name):
    return sorted(reports.glob(f"*/*/{name}"))


def _chapters_text(soup) -> str:
    return " ".join(s.get_text(" ") for s in soup.select("section.chapter") if "methods" not in s.get("class", []))


def test_every_publication_keeps_its_chapters_free_of_method_and_audit(every_region):
    for book in _books(every_region, "book.html"):
        text = _chapters_text(_soup(book))
        said = [p for p in style.METHOD_PHRASES if p in text]
        assert not said, (book.parent, said)
        assert "workpapers-only" not in book.read_text(encoding="utf-8")


def _text_heights(page) -> list[tuple[float, str, float]]:
    """Each piece of text on a PDF page with its height from the foot of the page and its size in points (running
    header and page number left out: they are in the 20 mm margins)."""
    found = []

    def visit(text, cm, tm, font, size):
        scale = abs(cm[3]) if cm else 1.0
        y = (tm[5] * cm[3] + cm[5]) if cm else tm[5]
        if text.strip() and MARGIN < y < float(page.mediabox.height) - MARGIN:
            found.append((y, text.strip(), size * scale))

    page.extract_text(visitor_text=visit)
    return found


MARGIN = 20 / 25.4 * 72  # the pages' top and bottom margins (report.css), in points


def _back_matter_share(pdf) -> float:
    """The share of the publication's pages the back matter fills, by height: from the 资料来源与方法 heading down
    to the book's last line (a page it fills to the foot counts whole)."""
    from pypdf import PdfReader

    pages = PdfReader(pdf).pages
    body = float(pages[0].mediabox.height) - 2 * MARGIN
    filled, started = 0.0, False
    for page in pages:
        pieces = _text_heights(page)
        heading = [y for y, text, size in pieces if text == "资料来源与方法" and size >= 15]  # the h1
        if not (started or heading) or not pieces:
            continue
        top = heading[0] if heading and not started else body + MARGIN
        filled += (top - min(y for y, *_ in pieces)) / body
        started = True
    return filled / len(pages)


def test_every_publications_back_matter_is_short(every_region):
    """At most 15% of the pages, in a book of seven chapters and in a bulletin of one (laid out without a cover page
    or a contents page of its own)."""
    for book in _books(every_region, "book.pdf"):
        assert 0 < _back_matter_share(book) <= 0.15, (book.parent, _back_matter_share(book))


def test_every_working_papers_carry_every_quote_check_and_derived_figure(every_region):
    for papers in _books(every_region, "workpapers.html"):
        folder = papers.parent
        text = _soup(papers).get_text(" ")
        chapter_pages = [_soup(p).get_text(" ") for p in folder.glob("*.html") if p.stem not in ("book", "workpapers")]
        for page in chapter_pages:  # every check verdict a chapter page shows is in the working papers too
            for verdict in re.findall(r"原文称“[^”]+”（[^）]+）", page):
                assert verdict in text, (folder, verdict)
        derived = [
            row
            for path in (folder / "results").glob("*.figures.json")
            for row in json.loads(path.read_text(encoding="utf-8"))["derived"]
        ]
        assert text.count("推算数字及其算法") >= 1
        for row in derived:
            assert row["name_zh"] in text, (folder, row["derived_id"])


def test_quotes_are_in_the_working_papers_not_the_publication(built):
    from helpers.data.load import load_region

    jinzhong = load_region("jinzhong")
    publication = _soup(built / "book.html").get_text(" ")
    papers = _soup(built / "workpapers.html").get_text(" ")
    quotes = [q for q in jinzhong.facts["quote"].dropna() if len(q) > 12]
    assert quotes and all(q in papers for q in quotes)
    assert not [q for q in quotes if f"“{q}”" in publication]
