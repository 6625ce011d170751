"""What a chapter shows: tables, paragraphs and source lists as HTML, every data string escaped."""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass
from html import escape

import pandas as pd
from IPython import get_ipython
from IPython.display import HTML, display

from helpers.base import bounds
from helpers.wording import captions, fmt, style, text

FIGURE_CELL = re.compile(r"^[+\-−]?\d[\d,.]*\S{0,12}$")  # '1,829元/人/年', '+99.7%', '2012年': never wrapped


# A period or year as a table writes it ('截至2022年9月', '年份未载明', '2012年至2022年9月'): kept on one line
# (report.css `.period`), alone in its cell or before a figure ('年份未载明 135个').
PERIOD = (
    r"(?:截至|至|约|自)?(?:\d{4}年(?:\d{1,2}月)?(?:底|末|以来)?(?:(?:至|—)\d{4}年(?:\d{1,2}月)?(?:底|末)?)?"
    r"|\d{4}—\d{4}年|\S{0,4}未载明)"
)
SHORT_CELL = 6  # characters a cell keeps on one line (城市低保标准): a narrow column never breaks a word
PERIOD_CELL = re.compile(rf"^({PERIOD})(?:( )(.*))?$", re.S)


def _cell(value, working: bool = False) -> str:
    content = str(value)
    period = PERIOD_CELL.match(content)
    extra = f" {WORKPAPERS_CLASS}" if working else ""
    if period and period.group(3):  # a period before a figure: the period never breaks
        cell = f'<span class="period">{escape(period.group(1))}</span> {escape(period.group(3))}'
        return f'<td class="{extra.strip()}">{cell}</td>' if working else f"<td>{cell}</td>"
    css = "nowrap" if FIGURE_CELL.match(content) or len(content) <= SHORT_CELL else "period" if period else ""
    css = f"{css}{extra}".strip()
    shown = UNBROKEN.sub(lambda m: f'<span class="period">{m.group()}</span>', escape(content))
    return f'<td class="{css}">{shown}</td>' if css else f"<td>{shown}</td>"


# What never breaks inside a cell of running text: a title (《晋中日报》) and a full date (2022年9月23日).
UNBROKEN = re.compile(r"《[^《》<>]{1,12}》|\d{4}年\d{1,2}月\d{1,2}日")


def table_html(
    frame: pd.DataFrame, caption: str | None = None, working_columns: tuple[str, ...] = (), working_rows=()
) -> str:
    """An escaped HTML table; `working_columns` (names) and `working_rows` (positions) are for the working papers
    only (the publication drops them)."""
    marked = [c in working_columns for c in frame.columns]
    head = "".join(
        f'<th class="{WORKPAPERS_CLASS}">{escape(str(c))}</th>' if m else f"<th>{escape(str(c))}</th>"
        for c, m in zip(frame.columns, marked)
    )
    body = "".join(
        (f'<tr class="{WORKPAPERS_CLASS}">' if n in working_rows else "<tr>")
        + "".join(_cell(v, m) for v, m in zip(row, marked))
        + "</tr>"
        for n, row in enumerate(frame.itertuples(index=False))
    )
    cap = f"<caption>{escape(caption)}</caption>" if caption else ""
    return f'<table class="report-table">{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


SHORT_TABLE = 12  # rows of a table kept on one page with its title (a longer one breaks, its header repeated)
MAX_ROWS = 300  # what one table shows; the rest are counted, and every figure is in the data and the appendix


@dataclass
class _Numbering:
    """Tables and charts are numbered in the order a chapter shows them (表2-1, 图2-1; the overview: 表1, 图1),
    each with a source line under it: the sources of what the current section shows (see `cite`), or the
    chapter's own sources."""

    prefix: str = ""
    tables: int = 0
    figures: int = 0
    section: str = ""
    chapter_sources: str = ""
    cited: str = ""
    styled_in: object = ()  # the cell run (IPython's execution count) that got the Jupyter table style last


_numbering = _Numbering()


def start_numbering(chapter_number: int | None, sources: str) -> None:
    """Called when a chapter opens: its number (None for the overview) and the names of its own sources."""
    global _numbering
    _numbering = _Numbering(prefix=f"{chapter_number}-" if chapter_number else "", chapter_sources=sources)


def cite(*rows: pd.DataFrame) -> None:
    """What the section being shown draws on: the tables and charts that follow name these sources."""
    _numbering.cited = source_names(pd.concat([r for r in rows if not r.empty])) if any(len(r) for r in rows) else ""


def _source_line() -> str:
    names = _numbering.cited or _numbering.chapter_sources
    return f'<p class="source-line">资料来源：{escape(names)}。</p>' if names else ""


def _with_source_row(table: str, columns: int, note: str = "") -> str:
    """A table with its note and source line as its foot (注 and 资料来源 under the table, repeated where it breaks
    over a page)."""
    names = _numbering.cited or _numbering.chapter_sources
    rows = [f'<tr><td class="table-note" colspan="{columns}">{escape(note)}</td></tr>'] if note else []
    if names:
        rows.append(f'<tr><td class="source-line" colspan="{columns}">资料来源：{escape(names)}。</td></tr>')
    if not rows:
        return table
    return table.removesuffix("</table>") + f"<tfoot>{''.join(rows)}</tfoot></table>"


# The columns of the report's tables that name what a row is about, and say when (see content_title).
NAME_COLUMNS = ("指标", "项目", "标准")
PERIOD_COLUMNS = ("时期", "起点", "终点", "年份", "时间")
WHAT_BY_COLUMN = {"变化率": "的变化", "折合每年（×12）": "折合全年"}  # what a table gives of its indicators


def content_title(frame: pd.DataFrame) -> str:
    """A table's title from what it holds (helpers.wording.captions): its indicators' names, shortened, what it gives
    of them and its years, e.g. '城乡低保标准与保障人数（2012、2022年）'; the chronicle and the audit by their rows.
    '' when the frame names nothing."""
    years = captions.years_in(v for c in PERIOD_COLUMNS if c in frame for v in frame[c])
    if "事项" in frame:
        return captions.events_title(years, len(frame))
    if "核对内容" in frame:
        return captions.checks_title(len(frame))
    column = next((c for c in NAME_COLUMNS if c in frame), None)
    if column is None:
        return ""
    names = list(frame[column])
    if "范围" in frame:  # the key figures: a name and its scope (城市 + 低保标准 → 城市低保标准)
        names = [_scoped(n, s) for n, s in zip(frame[column], frame["范围"])]
    what = next((w for c, w in WHAT_BY_COLUMN.items() if c in frame), "")
    periods = [c for c in PERIOD_COLUMNS if c in frame]
    undated = sum(1 for _, row in frame.iterrows() if periods and not captions.years_in(row[c] for c in periods))
    return captions.table_title(names, years, what, undated)


def _scoped(name, scope) -> str:
    if not isinstance(scope, str) or not scope or scope.startswith("全") or scope in str(name):
        return str(name)
    return scope + str(name)[2:] if str(name).startswith("城乡") else scope + str(name)


def table(
    frame: pd.DataFrame, caption: str | None = None, working_columns: tuple[str, ...] = (), working_rows=()
) -> None:
    """A numbered table under its title (`caption`, or one built from its content: content_title; the section's
    heading only when the frame names nothing), with its source line below. `working_columns` and `working_rows`
    (positions): the working papers' only."""
    _numbering.tables += 1
    title = f"表{_numbering.prefix}{_numbering.tables}　{caption or content_title(frame) or _numbering.section}"
    title = title.rstrip()
    frame, yearless = _periods_shown(frame)
    more = f'<p class="note">另有{len(frame) - MAX_ROWS}行未在此列出。</p>' if len(frame) > MAX_ROWS else ""
    jupyter_table_style()
    note = f"注：{style.YEARLESS_NOTE}" if yearless else ""
    shown = table_html(frame.head(MAX_ROWS), title, working_columns, working_rows)
    shown = _with_source_row(shown, len(frame.columns), note)
    short = " short" if len(frame) <= SHORT_TABLE else ""  # kept on one page with its title (report.css)
    _show(f'<div class="table-box{short}">{shown}</div>{more}')


def _period_before_figure(cell):
    """'合并调整前，年份未载明 2,747个' → '合并调整前 2,747个'; '年份未载明 135个' → '135个'."""
    if not isinstance(cell, str) or " " not in cell:
        return cell
    period, rest = cell.split(" ", 1)
    shown = style.period_cell(period)
    return cell if shown == period else rest if shown == "—" else f"{shown} {rest}"


def _periods_shown(frame: pd.DataFrame) -> tuple[pd.DataFrame, bool]:
    """The frame with its period cells short (style.period_cell; a period before a figure too), and whether any
    year was left unstated."""
    shown = frame.assign(
        **{
            c: frame[c].map(style.period_cell if c in style.PERIOD_COLUMNS else _period_before_figure)
            for c in frame.columns
            if c != NOTE_COLUMN and (frame[c].dtype == object or pd.api.types.is_string_dtype(frame[c]))
        }
    )
    return shown, any((shown[c].astype(str) != frame[c].astype(str)).any() for c in frame.columns)


# What is for the analyst in Jupyter or JupyterLab only, never for a reader: an output carrying this MIME key is
# dropped by the build (reportbuild.publish.render.clean_notebook) from the HTML, the PDF and the executed notebook.
NOTEBOOK_ONLY = "application/vnd.minzheng.notebook-only+json"


def notebook_only(message: str) -> None:
    """One line for the analyst in the notebook, never in a report: e.g. a section with nothing to show for this
    region says so (`display.notebook_only("本地区没有……")`) instead of leaving an empty output. Jupyter and
    JupyterLab show it as plain text (`text/plain`, one line: line breaks become spaces); the NOTEBOOK_ONLY key
    beside it tells the build to drop the output."""
    line = " ".join(str(message).split())
    display({NOTEBOOK_ONLY: {"message": line}, "text/plain": line}, raw=True)


# The report's tables in Jupyter's own style. JupyterLab (and Notebook 7) right-align every output table cell and
# let cells wrap anywhere (“2012 / 年”); these rules, scoped to the report's tables and stronger than Lab's
# (`:not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon td`), set them as report.css does: text left, headers, figures
# and short cells on one line, titles above at the left. The reports never get them (see jupyter_table_style).
JUPYTER_TABLE_CSS = (
    ":is(.jp-RenderedHTMLCommon, .rendered_html) table.report-table { margin-left: 0; table-layout: auto; }\n"
    ":is(.jp-RenderedHTMLCommon, .rendered_html) table.report-table caption "
    "{ text-align: left; font-weight: bold; padding-bottom: 0.3em; }\n"
    ":is(.jp-RenderedHTMLCommon, .rendered_html) table.report-table :is(th, td) "
    "{ text-align: left; vertical-align: baseline; }\n"
    ":is(.jp-RenderedHTMLCommon, .rendered_html) table.report-table :is(th, td.nowrap) { white-space: nowrap; }\n"
)


def _cell_run() -> object:
    """Which cell run this is (IPython's execution count), or None outside IPython."""
    return getattr(get_ipython(), "execution_count", None)


def jupyter_table_style() -> None:
    """The <style> with JUPYTER_TABLE_CSS, as a notebook-only output before the first table a cell run shows (the
    build drops it, so the HTML and PDF reports keep report.css alone). Once per cell rather than per notebook: a
    cell run on its own, or another cell's outputs cleared, never leaves a table without it."""
    run = _cell_run()
    if _numbering.styled_in == run:
        return
    _numbering.styled_in = run
    display({"text/html": f"<style>\n{JUPYTER_TABLE_CSS}</style>", NOTEBOOK_ONLY: {"style": "report-table"}}, raw=True)


def cited_paragraphs(sentences: list[str], *rows: pd.DataFrame) -> None:
    """Sentences that state other sources' figures, with the line naming those sources under them."""
    if sentences:
        cite(*rows)
        _show("".join(f"<p>{escape(s)}</p>" for s in sentences) + _source_line())


def image_html(png: bytes, alt: str) -> None:
    """A chart as an HTML image (for the working papers: marked like the words around it)."""
    import base64

    source = base64.b64encode(png).decode("ascii")
    _show(f'<div class="jp-RenderedImage"><img alt="{escape(alt)}" src="data:image/png;base64,{source}"></div>')


def figure_caption(caption: str = "") -> None:
    """The number, what the chart shows (`caption`: '城乡低保标准（2012—2022年）'; its finding is the title drawn in
    the chart) and the source line under a chart."""
    _numbering.figures += 1
    number = f"图{_numbering.prefix}{_numbering.figures}"
    words = f"　{escape(caption)}" if caption else ""
    _show(f'<p class="figure-caption">{number}{words}</p>{_source_line()}')


# What is for the working papers (the analysts' and checkers' audit trail), not the publication: every HTML output
# shown inside `with display.working_papers():` is marked, and the book leaves it out of the publication.
WORKPAPERS_CLASS = "workpapers-only"
_for_working_papers = [False]


@contextmanager
def working_papers():
    """Show what follows in the working papers only (the chapter pages and the working papers keep it; the
    publication leaves it out): method sentences, checks of the source's own figures, what is absent."""
    before = _for_working_papers[0]
    _for_working_papers[0] = True
    try:
        yield
    finally:
        _for_working_papers[0] = before


PUBLICATION_CLASS = "publication-only"
_for_publication = [False]


@contextmanager
def publication_only():
    """Show what follows in the publication only: its version of a part whose working papers' version follows
    (`with working_papers():`), e.g. a comparison with grade-A figures only. The tables and charts it numbers are
    numbered again by that version, so both editions number alike; the chapter pages show the working version."""
    before, numbers = _for_publication[0], (_numbering.tables, _numbering.figures)
    _for_publication[0] = True
    try:
        yield
    finally:
        _for_publication[0] = before
        _numbering.tables, _numbering.figures = numbers


def in_working_papers() -> bool:
    """Whether what is shown now is for the working papers only (inside `working_papers()`)."""
    return _for_working_papers[0]


def in_one_edition() -> bool:
    """Whether what is shown now is for one edition only (the working papers' or the publication's)."""
    return _for_working_papers[0] or _for_publication[0]


def _show(html: str) -> None:
    if _for_working_papers[0] and _for_publication[0]:  # the working papers' part of the publication's version:
        return  # no edition shows it (the working papers' own version says it; a gap note of the other years leaked)
    marked = WORKPAPERS_CLASS if _for_working_papers[0] else PUBLICATION_CLASS if _for_publication[0] else ""
    display(HTML(f'<div class="{marked}">{html}</div>' if marked else html))


def paragraphs(sentences: list[str]) -> None:
    _show("".join(f"<p>{escape(s)}</p>" for s in sentences))


def heading(title: str, level: int = 1, anchor: str | None = None) -> None:
    """A heading; a section's (level 2) carries an id (its title, or `anchor`) that findings link to."""
    if level == 2:  # a new section: its tables are titled after it and cite the chapter until it says otherwise
        _numbering.section, _numbering.cited = title, ""
    ident = f' id="{escape(anchor or title)}"' if level == 2 else ""
    _show(f"<h{level}{ident}>{escape(title)}</h{level}>")


def findings(chosen: list[dict]) -> None:
    """综述: numbered findings, each linked to the section it comes from (helpers.model.findings)."""
    items = "".join(
        f'<li>{escape(f["sentence"])}<a class="finding-link" href="{escape(_finding_target(f))}">'
        f"（见{escape(f['where'])}）</a></li>"
        for f in chosen
    )
    _show(f'<ol class="findings">{items}</ol>')


def _finding_target(finding: dict) -> str:
    return f"{finding['page']}#{finding['section']}" if finding.get("section") else finding["page"]


def note(sentence: str) -> None:
    _show(f'<p class="note">{escape(sentence)}</p>')


def byline(sentence: str) -> None:
    """The line under a chapter title; PDF pages repeat it in their running header."""
    _show(f'<p class="note byline">{escape(sentence)}</p>')


def source_name_list(rows: pd.DataFrame, sources: pd.DataFrame | None = None) -> list[str]:
    """Each source of `rows` once, sorted, as house style names it (style.source_name): '《晋中日报》，2022年9月23日'
    (a newspaper or periodical in 《》, the date in words; a source known only by its year shows the year); a context
    figure (a row with `original_publisher`) is credited to its original publisher, already dated.

    Whether a publisher is a periodical is the source's `publisher_is_periodical` (raw/sources.csv): taken from
    `rows` when they are figures or sources, else from `sources`."""
    if rows.empty:
        return []
    periodical = _periodical_sources(rows, sources)
    dated = "published_label" in rows  # rows of sources (dated when loaded), not of context figures
    names = []
    for _, row in rows.iterrows():
        original, publisher = row.get("original_publisher"), row.get("publisher")
        if isinstance(original, str) and original:
            names.append(style.dates_in_words(original))
        elif isinstance(publisher, str) and publisher and not (dated and style.missing(row["published_label"])):
            when = row["published"] if "published" in rows else row["published_label"]
            periodical_ = row.get("source_id") in periodical
            names.append(style.source_name(publisher, when, periodical_, dated=dated, cited=row.get("cite_zh")))
    return sorted(set(names))


def _periodical_sources(rows: pd.DataFrame, sources: pd.DataFrame | None) -> set[str]:
    """The source ids among `rows` whose publisher is a newspaper or periodical."""
    for table in (rows, sources):
        if table is not None and "publisher_is_periodical" in table and "source_id" in table:
            return set(table.loc[table["publisher_is_periodical"].map(style.is_true), "source_id"])
    return set()


def source_names(rows: pd.DataFrame) -> str:
    """The sources of `rows` in one line, joined by '；'."""
    return "；".join(source_name_list(rows))


def cited_as(fact: pd.Series) -> str:
    """How a figure is cited: its verbatim quote, or for a table its row and column as printed."""
    if isinstance(fact.get("quote"), str):
        return f"“{fact['quote']}”"
    return f"表中“{fact['table_row']}”行、“{fact['table_column']}”列"


NOTE_COLUMN = "分析说明"  # the analysts' judgement on a figure (its `note`): a column of the working papers only


def key_figures(facts: pd.DataFrame) -> pd.DataFrame:
    """Every figure of `facts` as a reader's table: name, scope, period, value with its unit; and, where an analyst
    noted how a figure was read (`note`), that note (NOTE_COLUMN, for the working papers: see `table`)."""
    frame = pd.DataFrame(
        {
            "指标": [style.chinese_punctuation(f["name_zh"]) for _, f in facts.iterrows()],
            "范围": [f["scope_zh"] for _, f in facts.iterrows()],
            "时期": [text.period_label(f) for _, f in facts.iterrows()],
            "数值": [text.figure(f) for _, f in facts.iterrows()],
        }
    )
    notes = [n if isinstance(n, str) else "" for n in facts.get("note", pd.Series(dtype=object))]
    return frame.assign(**{NOTE_COLUMN: notes}) if any(notes) else frame


def changes_table(changes: pd.DataFrame) -> pd.DataFrame:
    def at(period, year):
        return period if pd.isna(year) else f"{int(year)}年"

    return pd.DataFrame(
        {
            "指标": list(changes["label"]),
            "起点": [f"{at(c['first_period'], c['first_year'])} {c['first_written']}" for _, c in changes.iterrows()],
            "终点": [f"{at(c['last_period'], c['last_year'])} {c['last_written']}" for _, c in changes.iterrows()],
            "变化": [
                bounds.prefix(c["bound"]) + fmt.signed_with_unit(c["change"], c["unit"]) for _, c in changes.iterrows()
            ],
            "变化率": [
                "—" if pd.isna(c["pct_change"]) else bounds.prefix(c["bound"]) + fmt.signed_percent(c["pct_change"])
                for _, c in changes.iterrows()
            ],
            "年均增长": [
                "—" if pd.isna(c["cagr"]) else bounds.prefix(c["bound"]) + fmt.signed_percent(c["cagr"])
                for _, c in changes.iterrows()
            ],
        }
    )


def relations_table(rows: pd.DataFrame) -> pd.DataFrame:
    def parts(r):
        return "、".join(f"{text.label(p)}{text.figure(p)}" for p in r["parts"])

    return pd.DataFrame(
        {
            "项目": list(rows["name_zh"]),
            "时期": list(rows["period"]),
            "依据": [
                parts(r)
                + (
                    ""
                    if r["whole"] is None or r["kind"] == "sum"
                    else f"；{text.label(r['whole'])}{text.figure(r['whole'])}"
                )
                for _, r in rows.iterrows()
            ],
            "结果": [
                text.derived_figure(r["value"], r["unit"], r["bound"], 1 if r["unit"] in ("%", "倍") else None)
                for _, r in rows.iterrows()
            ],
        }
    )


def checks_table(checks: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "核对内容": checks["note_zh"],
            "原文数字": checks["stated"],
            "按原文数字重算": checks["working"],
            "结论": checks["verdict_zh"],
        }
    )


def events_table(events: pd.DataFrame, quoted: bool = False) -> pd.DataFrame:
    """Events in time order (undated last), each as its curated summary with Chinese punctuation
    (style.chinese_punctuation); their verbatim quotes, as written, only where asked (the book's appendix)."""
    ordered = events.sort_values(["year", "month"], na_position="last", kind="stable")
    frame = pd.DataFrame(
        {
            "时间": [text.event_time(e) for _, e in ordered.iterrows()],
            "事项": [style.chinese_punctuation(e) for e in ordered["event_zh"]],
        }
    )
    if quoted:
        frame["原文"] = [f"“{q}”" for q in ordered["quote"]]
    return frame


def annual_table(annual: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "标准": [text.label(f) for f in annual["fact"]],
            "时期": [text.period_label(f) for f in annual["fact"]],
            "每月（原文）": [text.figure(f) for f in annual["fact"]],
            "折合每年（×12）": [fmt.with_unit(v, u) for v, u in zip(annual["yearly"], annual["yearly_unit"])],
        }
    )


def labels(figures) -> list[str]:
    """Each figure's name with its scope ('城市低保标准'), for a chart's categories: rows of a facts frame, or
    an iterable of figures."""
    rows = (r for _, r in figures.iterrows()) if isinstance(figures, pd.DataFrame) else figures
    return [text.label(r) for r in rows]
