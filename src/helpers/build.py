"""The build steps the Makefile calls.

  python -m helpers.build rules                     make fragment: chapters and default years (from chapters.yml)
  python -m helpers.build validate REGION           validate a region's data
  python -m helpers.build reports --region R --start S --end E --out DIR --deps DIR [--only IDS] [--jobs N]
                                                    build the out-of-date chapters, then the book (helpers.batch)

A failure prints one readable message and exits non-zero; nothing is written at a final path unless
the whole report (executed notebook, HTML and PDF) succeeded.
"""
from __future__ import annotations

import argparse
import errno
import json
import os
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from helpers import inputs, kernels, periods
from helpers.chapters import UnknownChapterError, chapter, chapters_with_data
from helpers.data import available_regions, chapter_folders, load_region
from helpers.paths import PROJECT_ROOT, data_dir
from helpers.params import ParameterError, check_parameters, region_rows, years_of
from helpers.tables import DataError

FAILED_DIR = PROJECT_ROOT / "build" / "failed"


class ChapterFailed(RuntimeError):
    pass


@dataclass
class Built:
    """A report written at its final paths, what it read, and how long each stage took."""
    finals: list[Path]
    inputs: list[str]
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


def _execute(notebook: Path, parameters: dict, chapter_id: str, failed_copy: Path, clock: _Stopwatch):
    """Run the notebook in a fresh kernel; return it and what the kernel read. On a failing cell keep the notebook."""
    import nbformat
    import papermill
    temp = failed_copy.with_name(f"{failed_copy.stem}.{os.getpid()}.running.ipynb")  # builds of other parameters may run too
    temp.parent.mkdir(parents=True, exist_ok=True)
    with clock.stage("kernel_start"):
        kernel = kernels.take()  # booted while this process did other work, if it could be
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    _quiet_runner_logs()
    timeout = cell_timeout()
    try:
        with clock.stage("execute"):
            papermill.execute_notebook(str(notebook), str(temp), parameters=parameters, km=kernel.manager,
                                       kernel_name="python3", progress_bar=False, log_output=False,
                                       cwd=str(notebook.parent), execution_timeout=timeout)
        read = _kernel_read(kernel.record)
    except papermill.PapermillExecutionError as error:
        temp.replace(failed_copy)
        raise ChapterFailed(f"chapter {chapter_id}: cell {error.exec_count} raised {error.ename}: "
                            f"{error.evalue} (failed notebook kept at {_shown(failed_copy)})") from None
    except (CellTimeoutError, DeadKernelError) as error:
        cell = _running_cell(temp)
        kept = f" (failed notebook kept at {_shown(failed_copy)})" if temp.exists() else ""
        if temp.exists():
            temp.replace(failed_copy)
        what = (f"ran longer than {timeout} s (CELL_TIMEOUT) and was stopped" if isinstance(error, CellTimeoutError)
                else "ended its kernel (the kernel died or was killed)")
        raise ChapterFailed(f"chapter {chapter_id}: {cell} {what}{kept}") from None
    finally:
        kernel.stop()
    kernels.start_spare()  # boots while this chapter is rendered
    nb = nbformat.read(temp, as_version=4)
    temp.unlink()
    return nb, read


ADVICE = {errno.ENOSPC: "the disk is full: free some space, then run make again",
          errno.EROFS: "the file system is read-only: choose another REPORTS= folder",
          errno.EACCES: "permission denied: fix the permissions or choose another folder",
          errno.EPERM: "permission denied: fix the permissions or choose another folder",
          errno.ENOTDIR: "a part of this path is a file, not a folder: choose another path",
          errno.EISDIR: "this is a folder where a file was expected",
          errno.ENOENT: "it does not exist"}


def system_error(error: OSError) -> str:
    """One line for an operating-system error: the path, what happened, and what to do."""
    where = error.filename or "a file"
    advice = ADVICE.get(error.errno, error.strerror or str(error))
    return f"cannot use {where}: {advice} ({error.strerror or type(error).__name__})"


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
    except Exception:  # noqa: BLE001 (a half-written record of a stopped run)
        return "a cell"
    code = [c for c in nb.cells if c.cell_type == "code"]
    started = [c for c in code if c.get("metadata", {}).get("papermill", {}).get("start_time")]
    if not started:
        return "a cell"
    return f"cell {max([c.get('execution_count') or 0 for c in code]) + 1}" if started[-1].get(
        "execution_count") is None else f"cell {started[-1]['execution_count']}"


def _kernel_read(record: Path) -> list[str]:
    """What the kernel read. Without its record (a notebook that never opened a chapter) assume everything."""
    if record.exists():
        return json.loads(record.read_text(encoding="utf-8"))
    helpers_dir = Path(inputs.__file__).parent
    return sorted(str(p) for p in [*helpers_dir.rglob("*.py"), *data_dir().rglob("*")] if "__pycache__" not in p.parts)


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def build_chapter(chapter_id: str, region: str, start, end, out: Path, compare="on") -> Built:
    """Execute one chapter's notebook and write its ipynb, HTML and PDF (all three, or none)."""
    import nbformat
    from helpers import render
    clock = _Stopwatch()
    inputs.forget()
    params = check_parameters(region, start, end, compare)
    params["compare"] = "on" if params["compare"] else "off"
    this = chapter(chapter_id)
    failed_copy = FAILED_DIR / params["region"] / f"{chapter_id}.ipynb"
    nb, kernel_read = _execute(this.notebook, params, chapter_id, failed_copy, clock)
    failed_copy.unlink(missing_ok=True)
    nb = render.clean_notebook(nb)
    region_name = next(r["name_zh"] for r in region_rows() if r["region"] == params["region"])
    with clock.stage("html"):
        span = periods.span_words(params["start_year"], params["end_year"])
        html = render.to_html(nb, f"{region_name}民政工作{span} · {this.title_zh}")
    finals = [out / f"{chapter_id}.ipynb", out / f"{chapter_id}.html", out / f"{chapter_id}.pdf"]
    with clock.stage("pdf"), render.atomic_paths(*finals) as (nb_tmp, html_tmp, pdf_tmp):
        nbformat.write(nb, nb_tmp)
        html_tmp.write_text(html, encoding="utf-8")
        render.to_pdf(html, pdf_tmp)
    return Built(finals, sorted({str(this.notebook), *kernel_read, *inputs.everything_read()}), clock.seconds)


def region_chapters(region: str) -> tuple[list, list]:
    """The chapters a region has data for (its chapter folders), and those it lacks."""
    return chapters_with_data(set(chapter_folders(data_dir() / region)))


def build_book(region: str, start, end, out: Path, compare="on", loaded=None, read_for_it=()) -> Built:
    """Assemble the chapter reports in `out` into book.html and book.pdf.

    `loaded` is the region if the caller has loaded it already, from the files `read_for_it`.
    """
    from helpers import book, render
    clock = _Stopwatch()
    inputs.forget()
    for path in read_for_it:
        inputs.note(path)
    params = check_parameters(region, start, end, compare)
    loaded = loaded if loaded is not None else load_region(params["region"])
    chapters, omitted = region_chapters(params["region"])
    with clock.stage("html"):
        html = book.book_html(loaded, chapters, book.chapter_reports(out, chapters),
                              params["start_year"], params["end_year"], omitted)
    finals = [out / "book.html", out / "book.pdf"]
    with clock.stage("pdf"), render.atomic_paths(*finals) as (html_tmp, pdf_tmp):
        html_tmp.write_text(html, encoding="utf-8")
        render.to_pdf(html, pdf_tmp)
    return Built(finals, inputs.everything_read(), clock.seconds)


def make_rules() -> str:
    """The Makefile's view of chapters.yml and regions.csv, so no list is written twice."""
    lines = ["# Generated from notebooks/chapters.yml and data/ by `python -m helpers.build rules`."]
    for r in region_rows():
        if r["region"] not in available_regions():
            continue
        included, _ = region_chapters(r["region"])
        lines += [f"CHAPTERS_{r['region']} := {' '.join(c.id for c in included)}",
                  f"DEFAULT_START_{r['region']} := {r['default_start_year']}",
                  f"DEFAULT_END_{r['region']} := {r['default_end_year']}"]
    return "\n".join(lines) + "\n"


def _arguments(argv):
    parser = argparse.ArgumentParser(prog="python -m helpers.build")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("rules")
    validate = sub.add_parser("validate")
    validate.add_argument("region")
    reports = sub.add_parser("reports")
    for flag in ("--region", "--start", "--end"):
        reports.add_argument(flag, required=True)
    reports.add_argument("--compare", default="on")
    reports.add_argument("--out", required=True, type=Path)
    reports.add_argument("--deps", required=True, type=Path, help="folder of the reports' dependency files")
    reports.add_argument("--only", default="", help="report ids to build (default: every chapter and the book)")
    reports.add_argument("--also", default="", help="files every report depends on besides what it reads")
    reports.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    reports.add_argument("--run", default="", help="id of the make run (failures are not retried within it)")
    regions = sub.add_parser("regions", help="build several regions (default: every region under the data folder)")
    regions.add_argument("--regions", default="", help="region ids separated by spaces (default: all)")
    regions.add_argument("--reports", required=True, type=Path)
    regions.add_argument("--compare", default="on")
    regions.add_argument("--also", default="", help="files every report depends on besides what it reads")
    regions.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    return parser.parse_args(argv)


def parameters_stamp(params: dict, deps: Path) -> Path:
    """The stamp make writes for one parameter set (same text), rewritten only when a parameter changed."""
    stamp = deps / "parameters"
    line = (f"region={params['region']} start={params['start_year']} end={params['end_year']} "
            f"compare={params['compare']} data={data_dir()}\n")
    deps.mkdir(parents=True, exist_ok=True)
    if not stamp.exists() or stamp.read_text(encoding="utf-8") != line:
        stamp.write_text(line, encoding="utf-8")
    return stamp


def _reports(args) -> int:
    from helpers import batch
    params = check_parameters(args.region, args.start, args.end, args.compare)
    params["compare"] = "on" if params["compare"] else "off"
    chapters, _ = region_chapters(params["region"])
    wanted = set(args.only.split()) or {c.id for c in chapters} | {"book"}
    if "book" in wanted:  # the book is assembled from every chapter report: they must be current first
        wanted |= {c.id for c in chapters}
    unknown = wanted - {c.id for c in chapters} - {"book"}
    if unknown:
        raise UnknownChapterError(f"no such report for {params['region']}: {', '.join(sorted(unknown))}; "
                                  f"reports: {', '.join(c.id for c in chapters)}, book")
    makeflags = os.environ.get("MAKEFLAGS", "")
    plan = batch.Plan(params, args.out, args.deps, [Path(p) for p in args.also.split()], args.run)
    return batch.build_reports(plan, chapters, wanted, batch.jobs_from_make(makeflags, args.jobs),
                               batch.keep_going_from_make(makeflags))


def _region_batch(plan, chapters, jobs: int, keep_going: bool) -> None:
    from helpers import batch
    sys.exit(batch.build_reports(plan, chapters, {c.id for c in chapters} | {"book"}, jobs, keep_going))


def _regions(args) -> int:
    """Every named region (or all under the data folder) at its default years. The imports of papermill, nbconvert
    and WeasyPrint are paid once, here; each region's batch then runs in a child forked from this process (so no
    kernel or socket of one region's batch is ever inherited by the next). Reports land where `make REGION=…`
    puts them."""
    import multiprocessing

    from helpers import batch, depfiles
    names = args.regions.split() or available_regions()
    plans = []
    for name in names:  # every parameter set is checked before anything is built
        params = check_parameters(name, *years_of(name) if name in available_regions() else (0, 0), args.compare)
        params["compare"] = "on" if params["compare"] else "off"
        folder = f"{params['start_year']}-{params['end_year']}" + ("" if params["compare"] == "on" else "-own-figures-only")
        out = args.reports / name / folder
        deps = depfiles.folder_for(out)
        also = [Path(p) for p in args.also.split()] + [parameters_stamp(params, deps)]
        plans.append((batch.Plan(params, out, deps, also, str(os.getppid())), region_chapters(name)[0]))
    makeflags = os.environ.get("MAKEFLAGS", "")
    jobs, keep_going = batch.jobs_from_make(makeflags, args.jobs), batch.keep_going_from_make(makeflags)
    batch.warm_imports()
    failed = 0
    for plan, chapters in plans:
        child = multiprocessing.get_context("fork").Process(target=_region_batch, args=(plan, chapters, jobs, keep_going))
        child.start()
        child.join()
        failed |= child.exitcode != 0
        if child.exitcode and not keep_going:
            break
    return failed


def main(argv=None) -> int:
    args = _arguments(argv)
    try:
        if args.command == "rules":
            sys.stdout.write(make_rules())
        elif args.command == "validate":
            loaded = load_region(args.region)
            print(f"{args.region}: {len(loaded.observations)} figures, {len(loaded.events)} events, "
                  f"{len(loaded.checks)} checks, {len(loaded.context)} context figures: valid")
        elif args.command == "regions":
            return 2 if _regions(args) else 0
        else:
            return 2 if _reports(args) else 0
    except (DataError, ParameterError, ChapterFailed, UnknownChapterError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"error: {system_error(error)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: reports already finished are kept; none is half-written", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
