"""Executed notebook → clean notebook → report HTML (offline, no code) → A4 PDF with the CJK font embedded."""

from __future__ import annotations

import ast
import copy
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter
from nbconvert.preprocessors import TagRemovePreprocessor
from traitlets.config import Config

from helpers.base import fonts
from helpers.data.chapters import Chapter, region_chapters
from helpers.page import results

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


def page_context(region: str, region_name: str, start: int, end: int, chapter: Chapter) -> dict:
    """Where a chapter page sits: its region and period (the PDF's running header) and, for the page's navigation,
    the book's contents and the previous and next of the chapters built for its region (the overview first)."""
    chapters, _ = region_chapters(region)
    context = {"where": f"{region_name} · " + (f"{start}年" if start == end else f"{start}—{end}年")}
    if chapter not in chapters:
        return context
    at = chapters.index(chapter)
    context["nav"] = {
        "contents": CONTENTS,
        "previous": _link(chapters[at - 1]) if at > 0 else None,
        "next": _link(chapters[at + 1]) if at + 1 < len(chapters) else None,
    }
    return context


def _link(chapter: Chapter) -> dict:
    return {"href": f"{chapter.id}.html", "title": chapter.heading}


def to_html(nb: nbformat.NotebookNode, title: str, page: dict | None = None) -> str:
    """The report page of an executed, cleaned notebook; `page`: where it sits (page_context)."""
    resources = {
        "report_title": title,
        "report_css": report_css(),
        "metadata": {"name": title},
        "report_page": page or {},
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
            # the pid lets a later build remove this part if this process is killed (reportbuild.run.leftovers)
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
