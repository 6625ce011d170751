"""Executed notebook → clean notebook → report HTML (offline, no code) → A4 PDF with the CJK font embedded."""

from __future__ import annotations

import ast
import copy
import os
import re
import tempfile
from contextlib import contextmanager
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter
from nbconvert.preprocessors import TagRemovePreprocessor
from traitlets.config import Config

from helpers import fonts, results
from helpers.chapters import Chapter, region_chapters
from helpers.params import region_rows

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"

HIDDEN_TAGS = {"injected-parameters", "parameters", "results"}  # "results": the cell publishing them
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


def clean_notebook(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Remove run-to-run noise (timings, execution timestamps, random cell ids); make parameters readable."""
    nb = copy.deepcopy(nb)
    nb.metadata.pop("papermill", None)
    for number, cell in enumerate(nb.cells):
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        cell["id"] = f"cell-{number}"
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.source = readable_parameters(cell.source)
        if any(results.MIME in output.get("data", {}) for output in cell.get("outputs", [])):
            cell.metadata["tags"] = sorted({*cell.metadata.get("tags", []), "results"})
    return nb


def _exporter() -> HTMLExporter:
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


def notebook_parameters(nb: nbformat.NotebookNode) -> dict:
    """The parameters a notebook ran with: its `parameters` cell's defaults, overridden by papermill's injected cell."""
    values = {}
    for tag in ("parameters", "injected-parameters"):
        for cell in nb.cells:
            if cell.cell_type != "code" or tag not in cell.metadata.get("tags", []):
                continue
            try:
                statements = ast.parse(cell.source).body
            except SyntaxError:
                continue
            for statement in statements:
                if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
                    target = statement.targets[0]
                    try:
                        value = ast.literal_eval(statement.value)
                    except (ValueError, TypeError, SyntaxError, RecursionError):
                        continue
                    if isinstance(target, ast.Name):
                        values[target.id] = value
    return values


def _this_chapter(nb: nbformat.NotebookNode, title: str, chapters: list[Chapter], chapter_id: str | None):
    """The chapter a notebook is: named by the caller, or by its `open_chapter("<id>", …)` call, or by the title
    the build gives its page ('… · 社会救助')."""
    by_id = {c.id: c for c in chapters}
    if chapter_id:
        return by_id.get(chapter_id)
    code = "\n".join(cell.source for cell in nb.cells if cell.cell_type == "code")
    opened = set(re.findall(r"open_chapter\(\s*[\"']([^\"']+)[\"']", code)) & set(by_id)
    if len(opened) == 1:
        return by_id[opened.pop()]
    named = [c for c in chapters if title.rsplit(" · ", 1)[-1] == c.title_zh]
    return named[0] if len(named) == 1 else None


def page_context(nb: nbformat.NotebookNode, title: str, chapter_id: str | None = None) -> dict:
    """Where a chapter page sits: its region and period (the PDF's running header) and, for the page's navigation,
    the book's contents and the previous and next of the chapters built for its region (the overview first).
    Empty for a notebook that is no chapter of a known region."""
    parameters = notebook_parameters(nb)
    region, start, end = (parameters.get(k) for k in ("region", "start_year", "end_year"))
    row = next((r for r in region_rows() if r["region"] == region), None) if isinstance(region, str) else None
    if row is None:
        return {}
    context = {}
    if isinstance(start, int) and isinstance(end, int):
        context["where"] = f"{row['name_zh']} · " + (f"{start}年" if start == end else f"{start}—{end}年")
    chapters, _ = region_chapters(region)
    this = _this_chapter(nb, title, chapters, chapter_id)
    if this is None:
        return context
    at = chapters.index(this)
    context["nav"] = {
        "contents": CONTENTS,
        "previous": _link(chapters[at - 1]) if at > 0 else None,
        "next": _link(chapters[at + 1]) if at + 1 < len(chapters) else None,
    }
    return context


def _link(chapter: Chapter) -> dict:
    return {"href": f"{chapter.id}.html", "title": chapter.heading}


def to_html(nb: nbformat.NotebookNode, title: str, chapter_id: str | None = None) -> str:
    """The report page of an executed, cleaned notebook (`chapter_id` if the caller knows it; else it is read from
    the notebook)."""
    resources = {
        "report_title": title,
        "report_css": report_css(),
        "metadata": {"name": title},
        "report_page": page_context(nb, title, chapter_id),
    }
    html, _ = _exporter().from_notebook_node(nb, resources=resources)
    return html


def to_pdf(html: str, target: Path) -> None:
    from weasyprint import HTML  # imported here: it is slow to import and only the PDF step needs it

    fonts.cjk_font_path()  # the stylesheet names this font: stop with install advice rather than print boxes
    HTML(string=html, base_url=str(target.parent)).write_pdf(target)


@contextmanager
def atomic_paths(*finals: Path):
    """Yield temporary paths beside `finals`; move them into place only if the block succeeds."""
    temps = []
    try:
        for final in finals:
            final.parent.mkdir(parents=True, exist_ok=True)
            # the pid lets a later build remove this part if this process is killed (reportbuild.leftovers)
            handle, name = tempfile.mkstemp(prefix=f".{final.name}.{os.getpid()}.", suffix=".part", dir=final.parent)
            os.close(handle)
            os.chmod(name, 0o644)
            temps.append(Path(name))
        yield temps
        for temp, final in zip(temps, finals):
            os.replace(temp, final)
    finally:
        for temp in temps:
            temp.unlink(missing_ok=True)
