"""The book's other editions, written beside book.pdf in the same step: book.docx and figures.xlsx.

- book.docx, an editable Word edition for editors who revise in Word or WPS: pandoc converts the book's own HTML
  (one source of truth: what the book shows, the DOCX shows), after `docx_html` has made the HTML say what the
  printed book says with CSS (the cover title is the title, hidden things are dropped, the contents are a Word
  table of contents). `finish_docx` then names the CJK font (East Asian and Latin runs alike, with 宋体/SimSun as
  the alternative for machines without it), lays out A4 pages with each chapter on a new page, rules the tables,
  and fills the table of contents with the book's headings, so it shows before Word updates its page numbers.
- figures.xlsx: every stated figure of the book (sheet 原文数字) and every figure the analysis derives from them
  (sheet 推算数字: changes, growth rates, totals, shares, ratios, yearly equivalents and the recomputation of the
  source's own figures), each with its period, unit, qualifier, source and quote; two header rows, the Chinese
  names for reading and the stable column ids for machines.

Both are byte-identical for the same inputs: their zip entries and document dates are the book's edition date
(the newest source's date), and nothing in them is random.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html as html_lib
import io
import os
import re
import subprocess
import threading
import unicodedata
import zipfile
from collections.abc import Callable
from html import escape

import pandas as pd
from bs4 import BeautifulSoup

from helpers.base import periods
from helpers.base.fonts import CJK_FAMILY
from helpers.data.chapters import Chapter
from helpers.data.load import Region
from helpers.page.published import COLUMNS as DERIVED_COLUMNS
from helpers.page.published import plain as _plain
from helpers.page.published import year as _year
from helpers.wording import text
from reportbuild.errors import ChapterFailed
from reportbuild.publish import book

FALLBACK_FONT = "宋体"  # what Word or WPS uses where the CJK font is not installed
FALLBACK_FONT_LATIN = "SimSun"
LANGUAGE = "zh-CN"
TOC_MARKER = "DOCXTABLEOFCONTENTSMARKER"
TOC_LEVELS = 2  # chapters and their sections, as the book's contents list them
NO_DATE = dt.datetime(1980, 1, 1)  # the earliest date a zip entry can carry: for data without any dated source

# --- dates ------------------------------------------------------------------------------------------------------


def edition_date(facts: pd.DataFrame) -> dt.datetime:
    """The book's edition as a date: its newest source's publication date (a year or a month alone is its first
    day), so a rebuild of the same data carries the same date."""
    newest = book.newest_source(facts)
    if newest is None:
        return NO_DATE
    year, month, day = (newest + "-01-01").split("-")[:3]
    return max(NO_DATE, dt.datetime(int(year), int(month or 1), int(day[:2] or 1)))


def fixed_zip(data: bytes, when: dt.datetime, edit: Callable[[str, bytes], bytes] | None = None) -> bytes:
    """`data` (a zip: docx, xlsx) with every entry dated `when`, the same attributes and compression, the document's
    created and modified dates set to `when`, and each entry passed through `edit(name, bytes)` if given."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if edit is not None:
                content = edit(info.filename, content)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)",
                    lambda m: m.group(1) + stamp.encode() + m.group(3),
                    content,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content, compresslevel=6)
    return out.getvalue()


# --- book.docx --------------------------------------------------------------------------------------------------


def _hidden_selectors(css: str) -> list[str]:
    """Selectors of the style rules that hide what they select (display: none): not part of the book."""
    found = []
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        if re.search(r"display\s*:\s*none", body):
            found += [s.strip() for s in selectors.split(",") if s.strip() and not s.strip().startswith("@")]
    return found


def _display_width(words: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in words)


def column_widths(rows: list[list[str]], narrowest: int = 8, widest: int = 40, padding: int = 3) -> list[float] | None:
    """Each column's share of a table's width (%), by the widest text it holds, in half-width characters plus the
    cell's margins (within bounds: a long quote gets room, a short figure stays on one line); None if the rows do
    not have the same number of cells."""
    if not rows or len({len(r) for r in rows}) != 1 or not rows[0]:
        return None
    wanted = [padding + min(widest, max(narrowest, *(_display_width(r[n]) for r in rows))) for n in range(len(rows[0]))]
    return [round(100 * w / sum(wanted), 1) for w in wanted]


def _size_columns(soup: BeautifulSoup) -> None:
    """Columns as wide as their contents want (pandoc otherwise gives each the same width); tables that give
    their own column widths keep them."""
    for table in soup.find_all("table"):
        if table.find("col") is not None:
            continue
        rows = [
            [c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])]
            for tr in table.find_all("tr")
            if tr.find_parent("tfoot") is None  # the source line spans the table: it sizes no column
        ]
        widths = column_widths(rows)
        if widths is None:
            continue
        group = soup.new_tag("colgroup")
        for width in widths:
            group.append(soup.new_tag("col", attrs={"style": f"width: {width}%"}))
        caption = table.find("caption")
        if caption is not None:
            caption.insert_after(group)
        else:
            table.insert(0, group)


def docx_html(html: str) -> tuple[str, dict[str, str]]:
    """The book's HTML as pandoc should read it for a Word edition, and its document properties (title, creator,
    description, keywords, from its <title> and <meta> tags).

    What print CSS does is said in HTML: elements the style sheet hides are dropped; the heading that repeats the
    document's title becomes the Title paragraph; the contents (a <nav>, or before the first chapter if there is
    none) become a marker where `finish_docx` puts a Word table of contents titled as the book's contents are.
    Styles, scripts and head metadata are dropped (they would become document properties)."""
    soup = BeautifulSoup(html, "html.parser")
    for style in soup.find_all("style"):
        for selector in _hidden_selectors(style.get_text()):
            try:
                hidden = soup.select(selector)
            except Exception:  # a selector soupsieve does not know (::after, a paged-media rule): it hides nothing
                continue
            for element in hidden:
                element.decompose()
    title_tag = soup.find("title")
    title = title_tag.get_text(strip=True) if title_tag else ""
    properties = {"title": title}
    for meta, field in (("author", "creator"), ("description", "description"), ("keywords", "keywords")):
        tag = soup.find("meta", attrs={"name": meta})
        if tag is not None and tag.get("content", "").strip():
            properties[field] = tag["content"].strip()
    for tag in soup.find_all(["style", "script", "meta", "link", "title"]):
        tag.decompose()
    _size_columns(soup)
    for heading in soup.find_all(re.compile(r"^h[1-6]$")):
        if title and heading.get_text(strip=True) == title:
            paragraph = soup.new_tag("div", attrs={"custom-style": "Title"})
            inner = soup.new_tag("p")
            inner.string = title
            paragraph.append(inner)
            heading.replace_with(paragraph)
            break
    marker = soup.new_tag("p")
    navs = soup.find_all("nav")
    toc_title = "目录"
    if navs:
        heading = navs[0].find(re.compile(r"^h[1-6]$"))
        if heading is not None and heading.get_text(strip=True):
            toc_title = heading.get_text(strip=True)
        navs[0].replace_with(marker)
        for nav in navs[1:]:
            nav.decompose()
    else:
        first = soup.find("h1")
        if first is not None:
            first.insert_before(marker)
        elif soup.body is not None:
            soup.body.insert(0, marker)
    marker.string = f"{TOC_MARKER}{toc_title}{TOC_MARKER}"
    return str(soup), properties


def pandoc_path() -> str:
    """The pandoc program: the one PyPI's pypandoc-binary ships (environment.yml), else one on the PATH. (Without
    the package at all, the build's entry point names the incomplete environment.)"""
    import pypandoc

    try:
        return pypandoc.get_pandoc_path()
    except OSError as error:
        raise ChapterFailed(
            f"book: pandoc not found ({error}); rebuild the environment: rm -f .venv/.bootstrap-stamp && make env"
        ) from None


class DocxConversion:
    """pandoc converting the book's HTML, run in the background (while the PDF is laid out), then finished."""

    def __init__(self, html: str, when: dt.datetime):
        self.when = when
        self.html, self.properties = docx_html(html)
        self.title = self.properties["title"]
        env = {**os.environ, "SOURCE_DATE_EPOCH": str(int(when.replace(tzinfo=dt.UTC).timestamp()))}
        command = [pandoc_path(), "--from=html", "--to=docx", f"--metadata=lang:{LANGUAGE}", "--output=-"]
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
        )
        self._writer = _Feeder(self.process, self.html.encode("utf-8"))

    def result(self) -> bytes:
        """The finished DOCX (waits for pandoc)."""
        stdout, stderr = self._writer.communicate()
        if self.process.returncode != 0:
            reason = (stderr.decode("utf-8", "replace").strip().splitlines() or ["no message"])[-1]
            raise ChapterFailed(f"book: pandoc could not write book.docx ({reason})")
        return finish_docx(stdout, self.properties, self.when)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self._writer.communicate()


class _Feeder:
    """Writes pandoc's input from a thread, so the caller can lay out the PDF meanwhile; collects its output."""

    def __init__(self, process: subprocess.Popen, data: bytes):
        self.process, self.out = process, (b"", b"")
        self.thread = threading.Thread(target=self._run, args=(data,), daemon=True)
        self.thread.start()

    def _run(self, data: bytes) -> None:
        with contextlib.suppress(OSError, ValueError):  # killed while writing (a stop): nothing to collect
            self.out = self.process.communicate(data)

    def communicate(self) -> tuple[bytes, bytes]:
        self.thread.join()
        return self.out


def book_docx(html: str, when: dt.datetime) -> bytes:
    """book.docx from the book's HTML, at once (see DocxConversion to overlap it with other work)."""
    conversion = DocxConversion(html, when)
    try:
        return conversion.result()
    finally:
        conversion.close()


def _font_table_entry(name: str, alternative: str) -> str:
    return (
        f'<w:font w:name="{escape(name)}"><w:altName w:val="{escape(alternative)}" /><w:charset w:val="86" />'
        '<w:family w:val="auto" /><w:pitch w:val="variable" /></w:font>'
    )


TOC_STYLES = "".join(
    f'<w:style w:type="paragraph" w:styleId="TOC{level}"><w:name w:val="toc {level}" /><w:basedOn w:val="Normal" />'
    f'<w:next w:val="Normal" /><w:uiPriority w:val="39" /><w:unhideWhenUsed /><w:pPr><w:spacing w:after="60" />'
    f'<w:ind w:left="{(level - 1) * 420}" /></w:pPr></w:style>'
    for level in range(1, TOC_LEVELS + 1)
)
TABLE_BORDERS = (
    "<w:tblBorders>"
    + "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="BFBFBF" />'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    + "</w:tblBorders>"
)
A4_PAGE = (
    '<w:pgSz w:w="11906" w:h="16838" /><w:pgMar w:top="1418" w:right="1304" w:bottom="1418" w:left="1304" '
    'w:header="851" w:footer="851" w:gutter="0" />'
)

TAG = re.compile(r"<(/?)([\w:]+)[^>]*?(/?)>")


def insert_child(xml: str, start: int, new: str, preceding: set[str]) -> str:
    """`xml` with `new` inserted into the element whose start tag begins at `start`, after its last child named in
    `preceding` (or first): WordprocessingML wants children in the order its schema gives."""
    opening = TAG.match(xml, start)
    if opening is None:
        return xml
    if opening[3]:  # <w:x/>: give it an end tag
        name = opening[2]
        expanded = xml[opening.start() : opening.end() - 2].rstrip() + f"></{name}>"
        xml = xml[: opening.start()] + expanded + xml[opening.end() :]
        opening = TAG.match(xml, start)
    position, depth = opening.end(), 0
    for tag in TAG.finditer(xml, opening.end()):
        closing, name, empty = tag[1], tag[2], tag[3]
        if depth == 0 and closing:
            break  # the container's end
        if closing:
            depth -= 1
        elif not empty:
            depth += 1
        if depth == 0 and name in preceding:
            position = tag.end()
    return xml[:position] + new + xml[position:]


def _style_start(xml: str, style_id: str, child: str) -> int | None:
    style = re.search(rf'<w:style\b[^>]*w:styleId="{style_id}"[^>]*>', xml)
    if style is None:
        return None
    end = xml.find("</w:style>", style.end())
    found = xml.find(f"<{child}", style.end(), end)
    return found if found >= 0 else None


def _styles(xml: str) -> str:
    """Every style's theme fonts → the CJK font by name (East Asian and Latin runs: the book's one font); chapters
    on a new page; ruled tables; table-of-contents styles; the East Asian language."""
    font = escape(CJK_FAMILY)
    named = f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}" />'
    xml = re.sub(r"<w:rFonts\b[^>]*\b\w+[tT]heme=[^>]*/>", named, xml)
    xml = re.sub(r'(<w:lang\b[^>]*?)\s*w:eastAsia="[^"]*"', r"\1", xml)
    xml = re.sub(r"<w:lang\b", f'<w:lang w:eastAsia="{LANGUAGE}"', xml, count=1)
    heading = _style_start(xml, "Heading1", "w:pPr")
    if heading is not None:
        xml = insert_child(xml, heading, "<w:pageBreakBefore />", {"w:pStyle", "w:keepNext", "w:keepLines"})
    table = _style_start(xml, "Table", "w:tblPr")
    if table is not None:
        before_borders = {"w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize"}
        before_borders |= {"w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd"}
        xml = insert_child(xml, table, TABLE_BORDERS, before_borders)
    return xml.replace("</w:styles>", TOC_STYLES + "</w:styles>")


def _font_table(xml: str) -> str:
    entries = _font_table_entry(CJK_FAMILY, FALLBACK_FONT) + _font_table_entry(FALLBACK_FONT, FALLBACK_FONT_LATIN)
    return xml.replace("</w:fonts>", entries + "</w:fonts>")


HEADING = re.compile(
    r'(?:<w:bookmarkStart w:id="\d+" w:name="(?P<anchor>[^"]*)" />\s*)?'
    r'<w:p><w:pPr><w:pStyle w:val="Heading(?P<level>\d)" />(?P<body>(?:(?!</w:p>).)*)</w:p>',
    re.S,
)


def toc_xml(document: str, title: str) -> str:
    """A Word table of contents (a TOC field in a content control) already holding the document's headings of
    levels 1…TOC_LEVELS, each a link to its heading: it reads at once, and Word adds page numbers when it updates
    the field (it offers to on opening)."""
    entries = []
    for match in HEADING.finditer(document):
        level = int(match["level"])
        if level > TOC_LEVELS:
            continue
        words = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", match["body"]))
        run = f'<w:r><w:t xml:space="preserve">{words}</w:t></w:r>'
        link = (
            f'<w:hyperlink w:anchor="{match["anchor"]}" w:history="1">{run}</w:hyperlink>' if match["anchor"] else run
        )
        entries.append((level, link))
    field_start = (
        '<w:r><w:fldChar w:fldCharType="begin" w:dirty="true" /></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> TOC \\o "1-{TOC_LEVELS}" \\h \\z \\u </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate" /></w:r>'
    )
    field_end = '<w:r><w:fldChar w:fldCharType="end" /></w:r>'
    paragraphs = [
        f'<w:p><w:pPr><w:pStyle w:val="TOC{level}" /></w:pPr>{field_start if n == 0 else ""}{link}</w:p>'
        for n, (level, link) in enumerate(entries)
    ]
    paragraphs.append(f"<w:p>{'' if entries else field_start}{field_end}</w:p>")
    return (
        '<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents" /><w:docPartUnique />'
        '</w:docPartObj></w:sdtPr><w:sdtContent><w:p><w:pPr><w:pStyle w:val="TOCHeading" /></w:pPr>'
        f'<w:r><w:t xml:space="preserve">{escape(title)}</w:t></w:r></w:p>{"".join(paragraphs)}</w:sdtContent></w:sdt>'
    )


def _document(xml: str) -> str:
    """The table of contents where the marker is; tables as wide as the text; images described by their alt text
    only (pandoc also puts a data: URI's whole text there); A4 pages."""
    xml = re.sub(r'(<pic:cNvPr\b[^>]*?\bdescr=")data:[^"]*(")', r"\1\2", xml)
    xml = xml.replace('<w:tblW w:type="auto" w:w="0" />', '<w:tblW w:type="pct" w:w="5000" />')
    marker = re.compile(rf"<w:p>(?:(?!</w:p>).)*?{TOC_MARKER}(?P<title>.*?){TOC_MARKER}(?:(?!</w:p>).)*?</w:p>", re.S)
    found = marker.search(xml)
    if found is not None:
        title = re.sub(r"<[^>]+>", "", found["title"])
        xml = xml[: found.start()] + toc_xml(xml, html_lib.unescape(title)) + xml[found.end() :]
    last_section = xml.rfind("<w:sectPr")
    if last_section >= 0 and "<w:pgSz" not in xml[last_section:]:
        before_page = {"w:headerReference", "w:footerReference", "w:footnotePr", "w:endnotePr", "w:type"}
        xml = insert_child(xml, last_section, A4_PAGE, before_page)
    return xml


CORE_FIELDS = {"title": "dc:title", "creator": "dc:creator", "description": "dc:description", "keywords": "cp:keywords"}


def _core(xml: str, properties: dict[str, str]) -> str:
    """The document properties Word shows (文件 → 信息) from the book's own title and metadata."""
    for field, tag in CORE_FIELDS.items():
        value = properties.get(field)
        if not value:
            continue
        element = f"<{tag}>{escape(value, quote=False)}</{tag}>"
        found = re.search(rf"<{tag}\s*/>|<{tag}>[^<]*</{tag}>", xml)
        if found is not None:
            xml = xml[: found.start()] + element + xml[found.end() :]
        else:
            xml = xml.replace("</cp:coreProperties>", element + "</cp:coreProperties>", 1)
    return xml


def finish_docx(data: bytes, properties: dict[str, str], when: dt.datetime) -> bytes:
    """pandoc's DOCX with the fonts, pages, tables and table of contents of the book (see the module's note), its
    document properties and dates set, every zip entry dated `when`."""
    edits = {
        "word/styles.xml": _styles,
        "word/fontTable.xml": _font_table,
        "word/document.xml": _document,
        "docProps/core.xml": lambda xml: _core(xml, properties),
    }

    def edit(name: str, content: bytes) -> bytes:
        change = edits.get(name)
        return change(content.decode("utf-8")).encode("utf-8") if change else content

    return fixed_zip(data, when, edit)


# --- figures.xlsx -----------------------------------------------------------------------------------------------

# (column id, Chinese header): the ids are the data's own column names where there is one
STATED_COLUMNS = [
    ("obs_id", "编号"),
    ("chapter", "章节编号"),
    ("chapter_zh", "章节"),
    ("indicator", "指标编号"),
    ("name_zh", "指标名称"),
    ("scope", "范围编号"),
    ("scope_zh", "范围"),
    ("stage", "阶段"),
    ("start_year", "起始年份"),
    ("year", "年份（截止）"),
    ("period_basis", "时期依据"),
    ("period_label", "时期"),
    ("period_note", "时期原文"),
    ("value", "数值"),
    ("unit", "单位"),
    ("qualifier", "限定词"),
    ("as_written", "原文写法"),
    ("figure", "报告写作"),
    ("source_id", "来源编号"),
    ("publisher", "发布者"),
    ("title", "来源标题"),
    ("published", "发布日期"),
    ("url", "网址"),
    ("quote", "原文语句"),
    ("table_row", "表格行"),
    ("table_column", "表格列"),
    ("note", "分析说明"),
]
STATED_SHEET, DERIVED_SHEET, ABOUT_SHEET = "原文数字", "推算数字", "说明"


def stated_figures(region: Region, chapters: list[Chapter], start: int, end: int) -> pd.DataFrame:
    """One row per stated figure of the book, columns STATED_COLUMNS."""
    titles = {c.id: c.title_zh for c in chapters}
    rows = []
    for _, fact in book.in_chapter_order(periods.within_years(region.facts, start, end), chapters).iterrows():
        row = {column: _plain(fact.get(column)) for column, _ in STATED_COLUMNS}
        row.update(
            chapter_zh=titles[fact["chapter"]],
            scope_zh=_plain(fact.get("scope_zh")),
            start_year=_year(fact["start_year"]),
            year=_year(fact["year"]),
            period_label=text.period_label(fact),
            figure=text.figure(fact),
            published=_plain(fact.get("published_label")) or _plain(fact.get("published")),
        )
        rows.append(row)
    return pd.DataFrame(rows, columns=[c for c, _ in STATED_COLUMNS])


def derived_figures(published: list[dict]) -> pd.DataFrame:
    """One row per derived figure, as each chapter published it (helpers.page.published), in chapter order."""
    rows = [row for result in published for row in result.get("derived", [])]
    return pd.DataFrame(rows, columns=[c for c, _ in DERIVED_COLUMNS])


WIDTHS = {"quote": 60, "title": 36, "name_zh": 28, "note": 48, "period_label": 22, "inputs": 36, "url": 30}


def as_text(cell) -> None:
    """A cell holding text is written as text, whatever it starts with: a note reading '=HYPERLINK(…)' is a value
    in the spreadsheet, never a formula (openpyxl makes any string starting with '=' a formula)."""
    if isinstance(cell.value, str):
        cell.data_type = "s"


def _sheet(workbook, name: str, columns: list[tuple[str, str]], frame: pd.DataFrame) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(name)
    sheet.append([zh for _, zh in columns])
    sheet.append([column for column, _ in columns])
    for row in frame.itertuples(index=False):
        sheet.append([_plain(v) for v in row])
    bold, grey = Font(bold=True), Font(color="808080")
    fill = PatternFill("solid", fgColor="DDE6F0")
    for cell in sheet[1]:
        cell.font, cell.fill = bold, fill
    for cell in sheet[2]:
        cell.font = grey
    for number, (column, _) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = WIDTHS.get(column, 14)
    wrap = Alignment(wrap_text=True, vertical="top")
    for number, (column, _) in enumerate(columns, start=1):
        if column in ("quote", "note"):
            for (cell,) in sheet.iter_rows(min_row=3, min_col=number, max_col=number):
                cell.alignment = wrap
    sheet.freeze_panes = "B3"
    sheet.auto_filter.ref = f"A2:{get_column_letter(len(columns))}{max(2, sheet.max_row)}"


def figures_xlsx(
    region: Region,
    chapters: list[Chapter],
    published: list[dict],
    years: tuple[int, int],
    title: str,
    edition: str,
    when: dt.datetime,
) -> bytes:
    """figures.xlsx: sheets 原文数字 (stated), 推算数字 (derived, as the chapters `published` them) and 说明 (what they
    are) of the book `title`, its `edition` as the cover names it, dated `when` (edition_date)."""
    start, end = years
    from openpyxl import Workbook

    stated = stated_figures(region, chapters, start, end)
    derived = derived_figures(published)
    workbook = Workbook()
    workbook.remove(workbook.active)
    _sheet(workbook, STATED_SHEET, STATED_COLUMNS, stated)
    _sheet(workbook, DERIVED_SHEET, DERIVED_COLUMNS, derived)
    about = workbook.create_sheet(ABOUT_SHEET)
    for line in (
        ("报告", title),
        ("版本", edition),
        (STATED_SHEET, f"本报告使用的每一个原文数字（{len(stated)} 个），附来源、原文语句或统计表格的行列"),
        (DERIVED_SHEET, f"由原文数字推算的数字（{len(derived)} 个）：变化、增长率、合计、构成、比例与对原文数字的重算"),
        ("表头", "第一行为中文列名，第二行为列编号（供程序读取，例如 pandas.read_excel(..., header=1)）"),
    ):
        about.append(list(line))
    about.column_dimensions["A"].width, about.column_dimensions["B"].width = 12, 100
    workbook.properties.creator = title
    workbook.properties.title = f"{title} · 数字及其出处"
    workbook.properties.created = workbook.properties.modified = when
    out = io.BytesIO()
    for sheet in workbook.worksheets:  # every text cell of every sheet is a value, never a formula
        for cells in sheet.iter_rows():
            for cell in cells:
                as_text(cell)
    workbook.save(out)
    return fixed_zip(out.getvalue(), when)
