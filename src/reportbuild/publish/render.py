"""Executed notebook → clean notebook → report HTML (offline, no code) → A4 PDF with the CJK font embedded."""

from __future__ import annotations

import ast
import copy
import functools
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
from nbconvert import HTMLExporter
from nbconvert.preprocessors import TagRemovePreprocessor
from traitlets.config import Config

from helpers.base import fonts
from helpers.data.chapters import Chapter, numbered, region_chapters
from helpers.page import display, result_files
from reportbuild.errors import ChapterFailed

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"

# "results": the cell publishing them; "analyst-note": what a step shows and why, for the analyst in the notebook
HIDDEN_TAGS = {"injected-parameters", "parameters", "results", "analyst-note"}
# The book's contents (book.html.j2 gives its <nav class="toc"> this id); a chapter page links to it.
CONTENTS = "book.html#目录"


def readable_parameters(source: str) -> str:
    """papermill writes string parameters as \\uXXXX escapes; write them back as readable (Chinese) text."""
    lines = []
    for line in source.splitlines():
        name, sep, value = line.partition(" = ")
        try:
            literal = ast.literal_eval(value) if sep else None
        except (ValueError, SyntaxError):
            literal = None
        lines.append(f"{name} = {literal!r}" if isinstance(literal, str) else line)
    return "\n".join(lines)


OUTPUT_LIMIT = 2_000_000  # characters one output of a cell may show in a report (a runaway print is cut here)
TEXT_KINDS = ("text/plain", "text/html", "text/markdown")


def _cut(text, limit: int = OUTPUT_LIMIT):
    if isinstance(text, list):
        text = "".join(text)
    if not isinstance(text, str) or len(text) <= limit:
        return text
    return text[:limit] + f"\n……（此项输出共{len(text):,}个字符，报告只显示前{limit:,}个）"


def bounded(output: dict) -> dict:
    """A cell's output as a report shows it: text beyond OUTPUT_LIMIT characters is cut, with a note saying so."""
    if "text" in output:
        output["text"] = _cut(output["text"])
    for kind in TEXT_KINDS:
        if kind in output.get("data", {}):
            output["data"][kind] = _cut(output["data"][kind])
    return output


def clean_notebook(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Remove run-to-run noise (timings, execution timestamps, random cell ids) and what is for the notebook
    only (outputs marked with display.NOTEBOOK_ONLY: the analyst's one-line notes, Jupyter's table style);
    make parameters readable."""
    nb = copy.deepcopy(nb)
    nb.metadata.pop("papermill", None)
    for number, cell in enumerate(nb.cells):
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        cell["id"] = f"cell-{number}"
        if "outputs" in cell:
            cell.outputs = [
                bounded(output) for output in cell.outputs if display.NOTEBOOK_ONLY not in output.get("data", {})
            ]
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.source = readable_parameters(cell.source)
        if any(result_files.MIME in output.get("data", {}) for output in cell.get("outputs", [])):
            cell.metadata["tags"] = sorted({*cell.metadata.get("tags", []), "results"})
    return nb


@functools.cache
def _exporter() -> HTMLExporter:
    """One exporter per process: its templates are compiled on first use (0.15 s), then every page reuses them."""
    config = Config()
    config.TagRemovePreprocessor.remove_cell_tags = HIDDEN_TAGS
    config.TagRemovePreprocessor.enabled = True
    exporter = HTMLExporter(config=config, template_name="report", extra_template_basedirs=[str(TEMPLATES_DIR)])
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.register_preprocessor(TagRemovePreprocessor(config=config), enabled=True)
    return exporter


def report_css() -> str:
    return (TEMPLATES_DIR / "report" / "report.css").read_text(encoding="utf-8")


def page_context(region: str, region_name: str, start: int, end: int, chapter: Chapter) -> dict:
    """Where a chapter page sits: its region and period (the PDF's running header) and, for the page's navigation,
    the book's contents and the previous and next of the chapters built for its region (the overview first)."""
    chapters, _ = region_chapters(region)
    context = {"where": f"{region_name} · " + (f"{start}年" if start == end else f"{start}—{end}年")}
    if chapter not in chapters:
        return context
    at, numbers = chapters.index(chapter), numbered(chapters)
    context["nav"] = {
        "contents": CONTENTS,
        "previous": _link(chapters[at - 1], numbers) if at > 0 else None,
        "next": _link(chapters[at + 1], numbers) if at + 1 < len(chapters) else None,
    }
    return context


def _link(chapter: Chapter, numbers: dict[str, int]) -> dict:
    return {"href": f"{chapter.id}.html", "title": chapter.heading_as(numbers.get(chapter.id))}


def to_html(nb: nbformat.NotebookNode, title: str, page: dict | None = None) -> str:
    """The report page of an executed, cleaned notebook; `page`: where it sits (page_context)."""
    resources = {
        "report_title": title,
        "report_css": report_css(),
        "metadata": {"name": title},
        "report_page": page or {},
    }
    html, _ = _exporter().from_notebook_node(nb, resources=resources)
    return headings_kept_with_next(html)  # here, not in to_pdf: the page is parsed once, and the book reuses it


def to_pdf(html: str, target: Path) -> None:
    """The A4 PDF of a report page or of the book: the same bytes wherever it is built, and no path of this machine.

    A link to another report stays as written, relative (`social_assistance.html#变化与增长`): a PDF viewer opens
    it beside the PDF (ISO 32000-1, 12.6.4.7: a URI without a base is relative to the document). So the page gets
    no base URL, not even '' (made the working folder): WeasyPrint joins every relative href to a base URL and writes
    the result, `file:///<reports folder>/…`, into the link. The pages need none (images are data URIs, styles
    inline). A link that still names a file of this machine stops the build.

    The PDF is tagged for screen readers, as WeasyPrint's PDF/UA-1 variant writes it: a structure tree (headings,
    tables with their header cells, lists, links, each chart a Figure with its <img>'s Chinese alt text), the
    document language from <html lang> (zh-CN), /MarkInfo, the title shown in the viewer and PDF/UA-1 in the XMP
    metadata. It adds nothing that changes between builds, and the pages are laid out as without it."""
    from weasyprint import HTML  # imported here: it is slow to import and only the PDF step needs it

    fonts.cjk_font_path()  # the stylesheet names this font: stop with install advice rather than print boxes
    document = HTML(string=html).render()
    local = [uri for page in document.pages for kind, uri, *_ in page.links if kind == "external" and names_a_file(uri)]
    if local:
        raise ChapterFailed(
            f"a link names a file on this machine ({local[0]}): link to another report by its file name, "
            "e.g. social_assistance.html#变化与增长"
        )
    document.write_pdf(target, pdf_variant="pdf/ua-1")


KEEP_WITH_NEXT = "keep-with-next"  # report.css: no page break after it


def shows_something(node) -> bool:
    return getattr(node, "name", None) is not None and bool(node.get_text(strip=True) or node.find(["img", "svg"]))


def headings_kept_with_next(html: str) -> str:
    """The page with each heading kept on the page of what follows it (see keep_headings_with_next)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for main in soup.select("main"):
        keep_headings_with_next(main)
    return str(soup)


def keep_headings_with_next(main) -> None:
    """Mark, in a page's parsed <main>, each heading to stay on the page of what follows it. A heading is alone in
    its notebook output, so the break to avoid is after the outermost box that ends with it (its output, its cell
    …): that box is marked (WeasyPrint does not carry a child's break-after up to its parents)."""
    for heading in main.select("h2, h3, h4"):
        node = heading
        while (
            node.parent is not None
            and node.parent.name in ("div", "section")
            and not any(shows_something(s) for s in node.next_siblings)
        ):
            node = node.parent
        kept = [node, *_empty_after(node)]  # an empty output between it and what follows is kept too
        lead_in = _lead_in_to_chart(kept[-1])
        for box in kept + lead_in:
            box["class"] = [*(c for c in box.get("class", []) if c != KEEP_WITH_NEXT), KEEP_WITH_NEXT]


LEAD_IN_MOST = 120  # characters: a heading's sentence short enough to go with it to its chart's page


def _lead_in_to_chart(node) -> list:
    """The short sentence between a heading and its chart (城市低保标准, one sentence, the chart): kept with the
    chart too, so the heading and its sentence never stand at a page's foot with their chart overleaf."""
    showing = [s for s in node.find_next_siblings() if shows_something(s)][:2]
    if len(showing) < 2 or showing[0].find(["img", "svg", "table"]) or not showing[1].find(["img", "svg"]):
        return []
    return [showing[0]] if len(showing[0].get_text(strip=True)) <= LEAD_IN_MOST else []


def _empty_after(node) -> list:
    empty = []
    for sibling in node.find_next_siblings():
        if shows_something(sibling):
            break
        empty.append(sibling)
    return empty


def names_a_file(uri: str) -> bool:
    """A link a reader's viewer would resolve to a file of the builder's machine: file:, or an absolute path."""
    parts = urlsplit(uri)
    return parts.scheme.lower() == "file" or (not parts.scheme and not parts.netloc and parts.path.startswith("/"))


@contextmanager
def atomic_paths(*finals: Path):
    """Yield temporary paths beside `finals`; move them into place only if the block succeeds."""
    temps = []
    try:
        for final in finals:
            final.parent.mkdir(parents=True, exist_ok=True)
            # the pid lets a later build remove this part if this process is killed (reportbuild.run.leftovers)
            handle, name = tempfile.mkstemp(prefix=f".{final.name}.{os.getpid()}.", suffix=".part", dir=final.parent)
            os.close(handle)
            os.chmod(name, 0o644)
            temps.append(Path(name))
        yield temps
        for temp, final in zip(temps, finals):
            try:
                os.replace(temp, final)
            except OSError as error:  # a folder where the report goes: name the report, not its part
                error.filename = str(final)
                raise
    except OSError as error:  # a write into an open file (a full disk) names no file: name the folder written to
        if (error.filename is None or str(error.filename).endswith(".part")) and finals:
            error.filename = str(finals[0].parent)
        raise
    finally:
        for temp in temps:
            temp.unlink(missing_ok=True)
