"""What a bureau editor checks before publishing: findings, citations, quotes once, numbered tables and charts with
their sources, no build details, the PDF's metadata."""

import re

import pandas as pd
import pypdf
import pytest
from bs4 import BeautifulSoup

from helpers.data.chapters import built_chapters
from helpers.model import findings
from helpers.model.derive import within_years
from reportbuild.publish import book

CHAPTERS = built_chapters()
PAGES = [c.id for c in CHAPTERS] + ["book"]
ARTICLE_TITLE = "《厚植民生向民心——党的十八大以来晋中民政工作综述》"


def _result(chapter: str, *found: dict) -> dict:
    return {"chapter": chapter, "heading": chapter, "findings": list(found)}


def _candidate(rule: str, size: float = 0.0) -> dict:
    return {"rule": rule, "section": "s", "sentence": f"{rule} {size}。", "size": size}


def test_findings_follow_their_rules_in_order_and_never_exceed_the_limit():
    published = [
        _result("a", _candidate("largest_change", 10), _candidate("unknowns", 2), _candidate("against_wider")),
        _result("b", _candidate("largest_change", 90), _candidate("relation_over_time", 30)),
        _result("c", *[_candidate("largest_change", n) for n in range(20)]),
    ]
    chosen = findings.select(published)
    assert [f["rule"] for f in chosen] == ["relation_over_time"] + ["largest_change"] * 3 + [
        "against_wider",
        "unknowns",
    ]
    assert [f["size"] for f in chosen if f["rule"] == "largest_change"] == [90, 19, 18]
    assert chosen[1]["page"] == "b.html" and chosen[-1]["page"] == "book.html"
    assert len(findings.select([_result("x", *[_candidate(r, 5) for r in findings.RULES * 5])])) <= findings.MOST


def test_a_region_with_little_data_gets_fewer_findings_never_filler():
    assert findings.select([_result("a"), _result("b")]) == []
    assert len(findings.select([_result("a", _candidate("largest_change", 1))])) == 1


def test_the_urban_rural_gap_is_a_finding_computed_from_the_data(jinzhong):
    from helpers.page.chapter import open_chapter

    ch = open_chapter("social_assistance", "jinzhong", 2012, 2022, "on", show_title=False)
    gap = findings.relation_over_time(ch)
    assert any("2012年的47.2%" in f["sentence"] and "2022年的80.1%" in f["sentence"] for f in gap)


def test_references_name_the_article_and_every_source_address(jinzhong):
    entries = book.references(jinzhong, CHAPTERS, 2012, 2022, compare=True)
    assert ARTICLE_TITLE in entries[0]
    used = set(within_years(jinzhong.facts, 2012, 2022)["source_id"])
    for _, source in jinzhong.sources[jinzhong.sources["source_id"].isin(used)].iterrows():
        address = source["url"] if isinstance(source["url"], str) and source["url"] else "网址未记录"
        assert any(address in e for e in entries), source["source_id"]
    for url in set(jinzhong.context.loc[jinzhong.context["grade"] != "C", "url"]):
        assert any(url in e for e in entries), url
    english = [n for n, e in enumerate(entries) if "英文报道" in e]
    assert english and min(english) > max(n for n, e in enumerate(entries) if "英文报道" not in e)
    assert not any("中新经纬（英文译稿）" in e for e in entries)  # credited to the original publisher


def _soup(path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.mark.e2e
def test_quotes_appear_only_in_the_appendix(built, jinzhong):
    events = jinzhong.events
    restated = [q in e for q, e in zip(events["quote"], events["event_zh"])]  # an event named in its own words
    quotes = {q for q in jinzhong.facts["quote"].dropna() if len(q) >= 12} | set(
        events.loc[~pd.Series(restated, index=events.index), "quote"]
    )
    quotes = {f"“{q}”" for q in quotes}  # as a quote is printed
    for chapter in CHAPTERS:
        shown = _soup(built / f"{chapter.id}.html").get_text()
        assert not [q for q in quotes if q in shown], chapter.id
    whole = _soup(built / "book.html")
    appendix = whole.select_one("section.appendix").extract().get_text()
    rest = whole.get_text()
    assert all(q in appendix for q in quotes)
    assert not [q for q in quotes if q in rest]


@pytest.mark.e2e
@pytest.mark.parametrize("page", PAGES)
def test_every_table_and_chart_is_numbered_with_a_source_line(built, page):
    soup = _soup(built / f"{page}.html")
    for appendix in soup.select("section.appendix, section.references"):
        appendix.decompose()  # the appendix tables carry a source column of their own
    tables, charts = soup.select("table.report-table"), soup.select("p.figure-caption")
    assert tables or charts
    for table in tables:
        assert re.match(r"^(表|附表)(\d+-)?\d+　\S", table.caption.get_text()), table.caption
        line = table.find_parent("div", class_="table-box").find_next_sibling("p", class_="source-line")
        assert line and re.fullmatch(r"资料来源：\S+。", line.get_text()), line  # names at least one source
    for caption in charts:
        assert re.match(r"^图(\d+-)?\d+$", caption.get_text())
        assert caption.find_next_sibling("p").get("class") == ["source-line"]
    numbers = [t.caption.get_text().split("　")[0] for t in tables] + [c.get_text() for c in charts]
    assert len(numbers) == len(set(numbers))


@pytest.mark.e2e
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


@pytest.mark.e2e
@pytest.mark.parametrize("page", PAGES + ["overview"])
def test_no_build_details_in_reader_text(built, page):
    shown = _soup(built / f"{page}.html").get_text()
    assert not re.search(r"[0-9a-f]{40,64}|data/|\.csv|\.ipynb|sha256|SHA-256|manifest\.json|test_", shown)


@pytest.mark.e2e
def test_the_book_pdf_travels_with_its_metadata(built):
    reader = pypdf.PdfReader(built / "book.pdf")
    meta = reader.metadata
    assert meta.title == "晋中市民政工作十年"
    assert meta.author and meta.subject.startswith("晋中市") and "社会救助" in meta["/Keywords"]
    assert reader.trailer["/Root"].get("/Lang") == "zh-CN"
    text = _soup(built / "book.html").get_text()
    assert "编制单位" in text and "版本说明" in text and ARTICLE_TITLE in text
