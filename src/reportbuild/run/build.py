"""One report at a time: run a chapter's notebook in a fresh kernel and render it, or assemble the book.

Nothing is written at a final path unless the whole report succeeded: the executed notebook, HTML, PDF and the
chapter's published results land together (render.atomic_paths), or the previous good ones stay.
"""

from __future__ import annotations

import os
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from helpers.base import periods
from helpers.data.chapters import Chapter
from helpers.data.params import region_rows
from helpers.page import result_files
from reportbuild.errors import ChapterFailed, shown
from reportbuild.run import kernels, record
from reportbuild.run.record import PROJECT_ROOT

FAILED_DIR = PROJECT_ROOT / "build" / "failed"
# Build code and templates that shape a report's bytes: inputs of every report (the rest of the build never does).
HERE = Path(__file__).resolve().parents[1] / "publish"
RENDERING = [HERE / "render.py", *sorted((HERE / "templates" / "report").iterdir())]
BOOK_RENDERING = RENDERING + [HERE / "book.py", HERE / "editions.py", *sorted((HERE / "templates" / "book").iterdir())]


@dataclass
class Built:
    """A report written at its final paths, what it read (with fingerprints), and how long each stage took."""

    finals: list[Path]
    read: dict[str, str]
    seconds: dict[str, float] = field(default_factory=dict)


class _Stopwatch:
    def __init__(self):
        self.seconds: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str):
        started = time.monotonic()
        try:
            yield
        finally:
            self.seconds[name] = round(self.seconds.get(name, 0) + time.monotonic() - started, 3)


def _execute(notebook: Path, parameters: dict, chapter_id: str, failed_copy: Path, clock: _Stopwatch, cwd: Path):
    """Run the notebook in a fresh kernel; return it and what the kernel read. On a failing cell keep the notebook."""
    import nbformat
    import papermill

    # the pid: builds of other parameters may run at the same time (and see reportbuild.run.leftovers)
    temp = failed_copy.with_name(f"{failed_copy.stem}.{os.getpid()}.running.ipynb")
    temp.parent.mkdir(parents=True, exist_ok=True)
    with clock.stage("kernel_start"):
        kernel = kernels.take()  # booted while this process did other work, if it could be
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    _quiet_runner_logs()
    timeout = cell_timeout()
    try:
        with clock.stage("execute"):
            papermill.execute_notebook(
                str(notebook),
                str(temp),
                parameters=parameters,
                km=kernel.manager,
                kernel_name="python3",
                progress_bar=False,
                log_output=False,
                cwd=str(cwd),
                execution_timeout=timeout,
            )
        read = record.load(kernel.record) or {}
    except papermill.PapermillExecutionError as error:
        temp.replace(failed_copy)
        raise ChapterFailed(
            f"chapter {chapter_id}: cell {error.exec_count} raised {error.ename}: "
            f"{error.evalue} (failed notebook kept at {shown(failed_copy)})"
        ) from None
    except (CellTimeoutError, DeadKernelError) as error:
        cell = _running_cell(temp)
        kept = f" (failed notebook kept at {shown(failed_copy)})" if temp.exists() else ""
        if temp.exists():
            temp.replace(failed_copy)
        what = (
            f"ran longer than {timeout} s (CELL_TIMEOUT) and was stopped"
            if isinstance(error, CellTimeoutError)
            else "ended its kernel (the kernel died or was killed)"
        )
        raise ChapterFailed(f"chapter {chapter_id}: {cell} {what}{kept}") from None
    except KeyboardInterrupt:  # stopped: a notebook cut short is no failure to keep
        temp.unlink(missing_ok=True)
        raise
    finally:
        kernel.stop()
    kernels.start_spare()  # boots while this chapter is rendered
    nb = nbformat.read(temp, as_version=4)
    temp.unlink()
    return nb, read


CELL_TIMEOUT_VARIABLE = "MINZHENG_CELL_TIMEOUT"
DEFAULT_CELL_TIMEOUT = 120  # seconds; the slowest cell of these notebooks takes a few


def cell_timeout() -> int:
    """Seconds a cell may run (make CELL_TIMEOUT=…), after which the chapter fails instead of hanging."""
    value = os.environ.get(CELL_TIMEOUT_VARIABLE, "")
    return int(value) if value.isdigit() and int(value) > 0 else DEFAULT_CELL_TIMEOUT


def _quiet_runner_logs() -> None:
    """The notebook runner's own log lines (asyncio's "Task exception was never retrieved" with a traceback when
    Ctrl-C ends a kernel, nbclient's "Kernel died …") would repeat, as tracebacks, what the build says in one line."""
    import logging

    for name in ("asyncio", "papermill", "traitlets", "nbclient"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def _running_cell(notebook: Path) -> str:
    """'cell N' (numbered as execution counts are, like a failing cell's) for the last cell papermill started
    before the run stopped; 'a cell' if the kept notebook cannot tell."""
    import nbformat

    try:
        nb = nbformat.read(notebook, as_version=4)
    except Exception:
        return "a cell"
    code = [c for c in nb.cells if c.cell_type == "code"]
    started = [c for c in code if c.get("metadata", {}).get("papermill", {}).get("start_time")]
    if not started:
        return "a cell"
    return (
        f"cell {max([c.get('execution_count') or 0 for c in code]) + 1}"
        if started[-1].get("execution_count") is None
        else f"cell {started[-1]['execution_count']}"
    )


def _published(nb, chapter: Chapter) -> dict | None:
    """The results a chapter notebook published (helpers.page.results.publish), or None for the overview."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            payload = output.get("data", {}).get(result_files.MIME)
            if payload is not None:
                return payload
    if chapter.number:
        raise ChapterFailed(
            f"chapter {chapter.id}: its notebook published no results for the overview; "
            "end it with a cell `results.publish(ch)`"
        )
    return None


def _check_notebook(chapter: Chapter) -> None:
    """A notebook that is not a valid notebook (a bad merge, a half-saved file) is one line, before any kernel."""
    import nbformat

    try:
        nbformat.validate(nbformat.read(chapter.notebook, as_version=4))
    except OSError:
        raise
    except Exception as error:  # nbformat raises several kinds (not JSON, not a notebook, schema)
        reason = str(error).strip().splitlines()[0][:120]
        raise ChapterFailed(
            f"chapter {chapter.id}: {shown(chapter.notebook)} is not a valid notebook ({reason}); "
            f"restore it (git checkout -- {shown(chapter.notebook)}) or repair it in JupyterLab"
        ) from None


def build_chapter(chapter: Chapter, parameters: dict, out: Path) -> Built:
    """Execute one chapter's notebook and write its ipynb, HTML, PDF and results (all of them, or none).

    The kernel runs in the reports folder: the overview reads the chapters' results there (`results_dir`)."""
    import nbformat

    from reportbuild.publish import render

    clock = _Stopwatch()
    record.forget()
    for path in (chapter.notebook, *RENDERING):
        record.note(path)
    notebook_parameters = {**parameters, **({"results_dir": result_files.FOLDER} if not chapter.number else {})}
    failed_copy = FAILED_DIR / parameters["region"] / f"{chapter.id}.ipynb"
    out.mkdir(parents=True, exist_ok=True)
    _check_notebook(chapter)
    nb, kernel_read = _execute(chapter.notebook, notebook_parameters, chapter.id, failed_copy, clock, out)
    failed_copy.unlink(missing_ok=True)
    published = _published(nb, chapter)
    nb = render.clean_notebook(nb)
    region_name = next(r["name_zh"] for r in region_rows() if r["region"] == parameters["region"])
    with clock.stage("html"):
        span = periods.span_words(parameters["start_year"], parameters["end_year"])
        start, end = parameters["start_year"], parameters["end_year"]
        page = render.page_context(parameters["region"], region_name, start, end, chapter)
        html = render.to_html(nb, f"{region_name}民政工作{span} · {chapter.title_zh}", page)
    finals = [out / f"{chapter.id}.ipynb", out / f"{chapter.id}.html", out / f"{chapter.id}.pdf"]
    if published is not None:  # what the overview reads, and the figures only the book reads (see result_files.split)
        finals += [out / result_files.FOLDER / name for name in result_files.file_names(chapter.id)]
    with clock.stage("pdf"), render.atomic_paths(*finals) as temps:
        nbformat.write(nb, temps[0])
        temps[1].write_text(html, encoding="utf-8")
        render.to_pdf(html, temps[2])
        if published is not None:
            for temp, part in zip(temps[3:], result_files.split(published)):
                temp.write_text(result_files.dumps(part), encoding="utf-8")
    return Built(finals, {**record.recorded(), **kernel_read}, clock.seconds)


def build_book(
    region,
    chapters: list[Chapter],
    omitted: list[Chapter],
    parameters: dict,
    out: Path,
    read_for_region: dict[str, str],
    at_once: bool = False,
) -> Built:
    """Assemble the chapter reports in `out` into the two editions: the publication (book.html and book.pdf, with
    its Word edition book.docx, made from the same HTML while the PDFs are laid out) and the working papers
    (workpapers.html and workpapers.pdf), and the figures as a spreadsheet (figures.xlsx), all written in one step.
    `region` was loaded by the caller, reading `read_for_region`; `at_once`: the two PDFs laid out side by side."""
    from reportbuild.publish import book, editions, render

    clock = _Stopwatch()
    record.forget()
    for path in BOOK_RENDERING:
        record.note(path)
    start, end = parameters["start_year"], parameters["end_year"]
    published = book.published_results(out, chapters)
    pages = book.chapter_reports(out, chapters)
    with clock.stage("html"):
        html, working = (
            book.book_html(region, chapters, pages, start, end, omitted, parameters["compare"] == "on", published, kind)
            for kind in (book.PUBLICATION, book.WORKPAPERS)
        )
    finals = [out / name for name in ("book.html", "book.pdf", "book.docx", "figures.xlsx")]
    finals += [out / "workpapers.html", out / "workpapers.pdf"]
    with render.atomic_paths(*finals) as (html_tmp, pdf_tmp, docx_tmp, xlsx_tmp, work_html_tmp, work_pdf_tmp):
        html_tmp.write_text(html, encoding="utf-8")
        work_html_tmp.write_text(working, encoding="utf-8")
        facts = periods.within_years(region.facts, start, end)  # as the cover's edition reads them
        with clock.stage("docx"):
            docx = editions.DocxConversion(html, editions.edition_date(facts))  # runs while the PDF is laid out
        try:
            with clock.stage("pdf"):
                _lay_out([(working, work_pdf_tmp), (html, pdf_tmp)], at_once)
            with clock.stage("xlsx"):
                xlsx = editions.figures_xlsx(
                    region,
                    chapters,
                    published,
                    (start, end),
                    docx.title,
                    book.edition(facts),
                    editions.edition_date(facts),
                )
                xlsx_tmp.write_bytes(xlsx)
            with clock.stage("docx"):
                docx_tmp.write_bytes(docx.result())
        finally:
            docx.close()
    return Built(finals, {**read_for_region, **record.recorded()}, clock.seconds)


def _lay_out(pages: list[tuple[str, Path]], at_once: bool) -> None:
    """Each (html, pdf) laid out. WeasyPrint lays out on one core: with `at_once`, the first (the longest) in a
    forked process while this one lays out the rest, so the book's tail after the chapters is its longest edition,
    not the sum of both."""
    from reportbuild.publish import render

    if not at_once or len(pages) < 2:
        for html, pdf in pages:
            render.to_pdf(html, pdf)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from reportbuild.run.processes import end_with_parent

    context = multiprocessing.get_context("fork")  # inherits the imports and the fonts already loaded
    with ProcessPoolExecutor(1, mp_context=context, initializer=end_with_parent) as pool:
        first = pool.submit(render.to_pdf, *pages[0])
        for html, pdf in pages[1:]:
            render.to_pdf(html, pdf)
        first.result()
