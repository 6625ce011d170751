"""What a bureau editor checks in the built Jinzhong reports: quotes only in the appendix, numbered tables and charts
with their sources, findings that link to their sections, no build details, the book PDF's metadata. (The rules
behind them, in process: tests/unit/test_bureau.py.)"""

import re

import pandas as pd
import pypdf
import pytest
from bs4 import BeautifulSoup

from helpers.data.chapters import built_chapters
from helpers.wording import findings
from pages import as_shown

CHAPTERS = built_chapters()
PAGES = [c.id for c in CHAPTERS] + ["book"]
ARTICLE_TITLE = "《厚植民生向民心——党的十八大以来晋中民政工作综述》"


def _soup(path) -> BeautifulSoup:
    return BeautifulSoup(as_shown(path.read_text(encoding="utf-8")), "html.parser")


def test_quotes_appear_only_in_the_working_papers_appendix(built, jinzhong):
    events = jinzhong.events
    restated = [q in e for q, e in zip(events["quote"], events["event_zh"])]  # an event named in its own words
    quotes = {q for q in jinzhong.facts["quote"].dropna() if len(q) >= 12} | set(
        events.loc[~pd.Series(restated, index=events.index), "quote"]
    )
    quotes = {f"“{q}”" for q in quotes}  # as a quote is printed
    for chapter in CHAPTERS:
        shown = _soup(built / f"{chapter.id}.html").get_text()
        assert not [q for q in quotes if q in shown], chapter.id
    papers = _soup(built / "workpapers.html")
    appendix = papers.select_one("section.appendix").extract().get_text()
    rest = papers.get_text() + _soup(built / "book.html").get_text()
    assert all(q in appendix for q in quotes)
    assert not [q for q in quotes if q in rest]


@pytest.mark.parametrize("page", PAGES)
def test_every_table_and_chart_is_numbered_with_a_source_line(built, page):
    soup = _soup(built / f"{page}.html")
    for appendix in soup.select("section.appendix, section.references"):
        appendix.decompose()  # the appendix tables carry a source column of their own
    tables, charts = soup.select("table.report-table"), soup.select("p.figure-caption")
    assert tables or charts
    for table in tables:
        assert re.match(r"^(表|附表)(\d+-)?\d+　\S", table.caption.get_text()), table.caption
        line = table.select_one("tfoot td.source-line")  # the source line is the table's foot
        assert line and re.fullmatch(r"资料来源：\S+。", line.get_text()), line  # names at least one source
    for caption in charts:
        assert re.match(r"^图(\d+-)?\d+　\S", caption.get_text())  # its number, then what it shows
        assert caption.find_next_sibling("p").get("class") == ["source-line"]
    numbers = [t.caption.get_text().split("　")[0] for t in tables] + [c.get_text().split("　")[0] for c in charts]
    assert len(numbers) == len(set(numbers))


def test_the_overview_and_the_book_open_with_findings_that_link_to_their_sections(built):
    overview = _soup(built / "overview.html").select("ol.findings li")
    assert 5 <= len(overview) <= findings.MOST
    assert all(re.search(r"\d", li.get_text()) for li in overview)  # each states its numbers
    whole = _soup(built / "book.html")
    items = whole.select("ol.findings li")
    assert [li.get_text() for li in items] == [li.get_text() for li in overview]
    for li in items:
        target = li.a["href"]
        assert target.startswith("#") and whole.find(id=target[1:]), target
    first_chapter = whole.select_one("section.chapter")
    assert first_chapter.select_one("ol.findings")  # at the front


@pytest.mark.parametrize("page", PAGES + ["overview"])
def test_no_build_details_in_reader_text(built, page):
    shown = _soup(built / f"{page}.html").get_text()
    assert not re.search(r"[0-9a-f]{40,64}|data/|\.csv|\.ipynb|sha256|SHA-256|manifest\.json|test_", shown)


def test_the_book_pdf_travels_with_its_metadata(built):
    reader = pypdf.PdfReader(built / "book.pdf")
    meta = reader.metadata
    assert meta.title == "晋中市民政工作十年"
    assert meta.subject.startswith("晋中市") and "社会救助" in meta["/Keywords"]
    assert meta.author is None  # no 编制单位 in data/regions.csv: no author, never the title (STYLE.md 6.5)
    assert reader.trailer["/Root"].get("/Lang") == "zh-CN"
    text = _soup(built / "book.html").get_text()
    assert "编制单位" not in text and "资料来源与方法" in text and ARTICLE_TITLE in text
    assert "版本说明" in _soup(built / "workpapers.html").get_text()
