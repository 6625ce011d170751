"""The house style of the publication (src/helpers/wording/STYLE.md §6) in every region's built book: newspapers and
periodicals named in 《》, dates in words, Chinese punctuation in the events and the running text, a one-year period
written once, nothing not known shown as a placeholder, and the PDF's author never the report's title.

Running text is what a reader reads outside tables (bylines, source lines, the cover, sentences, the references,
版本说明); web addresses, 《titles》 (quoted as published) and “quotes” (verbatim) are left out of the checks of dates
and punctuation. The functions themselves: tests/unit/test_house_style.py."""

import csv
import re
from pathlib import Path

import pypdf
from bs4 import BeautifulSoup

from helpers.wording import style

DATA = Path(__file__).resolve().parents[2] / "data"
ISO_DATE = re.compile(r"(?<![\d/])\d{4}-\d{2}-\d{2}(?![\d/])")
ASCII_BETWEEN_CHINESE = re.compile(r"[\u4e00-\u9fff“”][,;:?!()]|[,;:?!(][\u4e00-\u9fff“”]")
# Running text keeps ASCII parentheses in formulas only (方法说明: 变化率 = (终点值 − 起点值) ÷ 起点值 × 100%).
ASCII_STOP_BETWEEN_CHINESE = re.compile(r"[\u4e00-\u9fff“”][,;:?!]|[,;:?!][\u4e00-\u9fff“”]")
SAME_YEAR_PERIOD = re.compile(r"(?<!\d)(\d{4})\s*—\s*\1(?!\d)")
PLACEHOLDERS = ("待填写", "网址未记录", "未记录")


def _rows(name: str) -> list[dict]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _books(every_region) -> list[Path]:
    books = sorted(every_region.glob("*/*/book.html"))
    built = [r["region"] for r in _rows("regions.csv") if (r.get("built") or "true") != "false"]
    assert {b.parts[-3] for b in books} >= set(built), "every built region has a book"
    return books


def _soup(book: Path) -> BeautifulSoup:
    soup = BeautifulSoup(book.read_text("utf-8"), "html.parser")
    for hidden in soup(["style", "script", "title"]):
        hidden.decompose()
    return soup


def _running_text(book: Path) -> str:
    soup = _soup(book)
    for table in soup.find_all("table"):
        table.decompose()
    return soup.get_text("\n")


def _unquoted(text: str) -> str:
    """The text without web addresses, 《titles》 and “quotes”: what the house style may rewrite."""
    for pattern in (style.URL, style.TITLE, style.QUOTED):
        text = pattern.sub(" ", text)
    return text


def _context(text: str, match: re.Match) -> str:
    return text[max(0, match.start() - 30) : match.end() + 30].replace("\n", " ")


def test_no_iso_date_in_running_text(every_region):
    found = [
        f"{book.relative_to(every_region)}: …{_context(text, m)}…"
        for book in _books(every_region)
        for text in [_unquoted(_running_text(book))]
        for m in ISO_DATE.finditer(text)
    ]
    assert not found, f"{len(found)} ISO dates in running text:\n" + "\n".join(found[:30])


def test_every_periodical_publisher_in_running_text_stands_in_title_marks(every_region):
    periodicals = {r["publisher"] for r in _rows("raw/sources.csv") if style.is_true(r.get("publisher_is_periodical"))}
    assert periodicals, "raw/sources.csv flags at least one newspaper (publisher_is_periodical)"
    found, marked = [], set()
    for book in _books(every_region):
        text = _running_text(book)
        for name in periodicals:
            marked |= {name} if f"《{name}》" in text else set()
            found += [
                f"{book.relative_to(every_region)}: …{_context(text, m)}…"
                for m in re.finditer(rf"(?<!《){re.escape(name)}|{re.escape(name)}(?!》)", text)
            ]
    assert not found, f"{len(found)} periodicals named without 《》:\n" + "\n".join(found[:30])
    assert marked == periodicals, "each periodical is named (in 《》) in some book"


def test_events_and_running_text_use_chinese_punctuation(every_region):
    found = []
    for book in _books(every_region):
        where = book.relative_to(every_region)
        soup = _soup(book)
        for table in soup.find_all("table"):
            headers = [th.get_text(strip=True) for th in table.find_all("th")]
            if "事项" in headers:
                rows = table.select("tbody tr")  # the foot is the source line
                cells = [row.find_all("td")[headers.index("事项")].get_text() for row in rows]
                found += [f"{where}: 事项 {cell}" for cell in cells if ASCII_BETWEEN_CHINESE.search(cell)]
        text = _unquoted(_running_text(book))
        found += [f"{where}: …{_context(text, m)}…" for m in ASCII_STOP_BETWEEN_CHINESE.finditer(text)]
    assert not found, "\n".join(found[:30])


def test_a_one_year_period_is_written_once(every_region):
    found = []
    for book in _books(every_region):
        html = book.read_text("utf-8")  # the visible text and the head's metadata (description)
        found += [f"{book.relative_to(every_region)}: …{_context(html, m)}…" for m in SAME_YEAR_PERIOD.finditer(html)]
    one_year = [b for b in _books(every_region) if b.parts[-2].split("-")[0] == b.parts[-2].split("-")[1]]
    assert one_year, "some region's book covers one year"
    for book in one_year:
        year = book.parts[-2].split("-")[0]
        assert f"{year}年" in _soup(book).select_one(".cover-period").get_text()
    assert not found, "\n".join(found[:30])


def test_nothing_not_known_is_shown_as_a_placeholder(every_region):
    found = [
        f"{book.relative_to(every_region)}: …{_context(text, m)}…"
        for book in _books(every_region)
        for text in [_soup(book).get_text("\n")]
        for placeholder in PLACEHOLDERS
        for m in re.finditer(placeholder, text)
    ]
    assert not found, "\n".join(found[:30])


def test_the_pdf_author_is_the_compiler_or_nothing_never_the_title(every_region):
    compilers = {r["region"]: (r.get("compiler_zh") or "").strip() for r in _rows("regions.csv")}
    for book in _books(every_region):
        meta = pypdf.PdfReader(book.with_suffix(".pdf")).metadata
        region = book.parts[-3]
        assert meta.title and meta.author != meta.title, book
        assert (meta.author or "") == compilers[region], (book, meta.author)
        cover = _soup(book).select_one("section.cover").get_text()
        assert ("编制单位" in cover) == bool(compilers[region]), book
