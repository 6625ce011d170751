"""The book's other editions as make built them beside the Jinzhong book.pdf: book.docx against the book's HTML,
figures.xlsx against the data and what the chapters compute. (Built in process from small inputs and the fixture
regions: tests/unit/test_editions.py.)"""

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from helpers.base import periods
from helpers.data.chapters import region_chapters
from helpers.model import derive, relations
from helpers.wording import text
from reportbuild.publish import editions
from unit.test_editions import Docx, W, _assert_stated_sheet_is_the_data, _read_sheets, _squeeze


@pytest.fixture(scope="module")
def book_docx(built):
    return Docx((built / "book.docx").read_bytes())


@pytest.fixture(scope="module")
def book_soup(built):
    soup = BeautifulSoup((built / "book.html").read_text(encoding="utf-8"), "html.parser")
    for nav in soup.find_all("nav"):
        nav.decompose()
    return soup


def test_docx_shows_every_chapter_and_section_of_the_book_as_headings(built, book_docx, book_soup, jinzhong):
    heading1, heading2 = book_docx.styled("Heading1"), book_docx.styled("Heading2")
    chapters, _ = region_chapters("jinzhong")
    for chapter in chapters:
        assert any(chapter.title_zh in h for h in heading1), f"chapter {chapter.title_zh} is not a Heading 1"
    h1 = [h.get_text(strip=True) for h in book_soup.find_all("h1") if "cover-title" not in h.get("class", [])]
    h2 = [h.get_text(strip=True) for h in book_soup.find_all("h2")]
    assert [_squeeze(h) for h in heading1] == [_squeeze(h) for h in h1]
    assert [_squeeze(h) for h in heading2] == [_squeeze(h) for h in h2]
    assert book_docx.styled("Title") == [book_soup.find("title").get_text(strip=True)]
    headings = [words for style, words in book_docx.paragraphs() if style in ("Heading1", "Heading2")]
    assert book_docx.toc_entries() == headings, "the contents list every chapter and section, in order"
    words = _squeeze(book_docx.text())
    for _, fact in periods.within_years(jinzhong.facts, 2012, 2022).iterrows():
        assert _squeeze(text.figure(fact)) in words, f"{fact['obs_id']} is not in book.docx"


def test_docx_tables_are_word_tables_and_charts_are_images(book_docx, book_soup):
    tables = list(book_docx.document.iter(f"{W}tbl"))
    assert len(tables) == len(book_soup.find_all("table")) > 0
    assert all(t.find(f"{W}tr") is not None and t.find(f".//{W}tc") is not None for t in tables)
    images = book_soup.find_all("img")
    blips = list(book_docx.document.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}blip"))
    assert len(blips) == len(images) > 0
    media = [n for n in book_docx.names if n.startswith("word/media/")]
    assert media and all(book_docx.zip.read(n).startswith(b"\x89PNG") for n in media)
    described = [
        d.get("descr")
        for d in book_docx.document.iter(
            "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
        )
    ]
    assert described == [i.get("alt") for i in images], "each chart keeps its alt text"


def test_xlsx_round_trips_every_stated_figure_of_the_book(built, jinzhong):
    chapters, _ = region_chapters("jinzhong")
    sheets = _read_sheets(built / "figures.xlsx")
    _assert_stated_sheet_is_the_data(sheets[editions.STATED_SHEET], jinzhong, chapters, 2012, 2022)


def test_xlsx_lists_every_derived_figure_the_chapters_compute(built, jinzhong):
    """Changes, growth rates and declared relations as helpers compute them for each chapter, found in 推算数字."""
    chapters, _ = region_chapters("jinzhong")
    derived = _read_sheets(built / "figures.xlsx")[editions.DERIVED_SHEET].set_index("derived_id")
    count = 0
    for chapter in chapters:
        facts = periods.within_years(jinzhong.chapter_facts(chapter.id), 2012, 2022)
        if facts.empty:
            continue
        for _, change in derive.changes(facts).iterrows():
            key = f"{change['indicator']}:{change['scope']}"
            for measure in ("change", "pct_change", "cagr"):
                read, computed = derived.loc[f"{measure}:{key}", "value"], change[measure]
                assert (pd.isna(read) and pd.isna(computed)) or float(read) == pytest.approx(computed), key
                count += 1
        for _, found in relations.compute(facts, jinzhong.relations).iterrows():
            key = f"{found['relation_id']}:{'+'.join(p['obs_id'] for p in found['parts'])}"
            assert (
                float(derived.loc[key, "value"]) == pytest.approx(found["value"])
                and derived.loc[key, "unit"] == (found["unit"])
            )
            count += 1
    assert count > 0 and derived.index.is_unique
