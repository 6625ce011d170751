"""Building the out-of-date reports of one parameter set in one process, several chapters at a time.

make decides *whether* to build (each report's prerequisites are its recorded inputs, see helpers.depfiles);
whichever report make reaches first runs this batch, which builds every out-of-date chapter it was asked for,
then the book. Paying the imports of papermill, nbconvert and WeasyPrint once, and forking workers that
already hold them, is what makes a build several times faster than one process per notebook and step.
A lock makes a second batch started by `make -j` wait, then find nothing left to do.
"""
from __future__ import annotations

import fcntl
import io
import json
import os
import multiprocessing
import sys
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from helpers import depfiles, inputs, kernels, leftovers
from helpers.chapters import Chapter
from helpers.paths import PROJECT_ROOT

CHAPTER_OUTPUTS = (".ipynb", ".html", ".pdf")
BOOK_OUTPUTS = (".html", ".pdf")
RUN_LOG = "last-run.json"


@dataclass
class Plan:
    """One parameter set's reports: where they go, where their dependency files live, what to build."""
    parameters: dict
    out: Path
    deps: Path
    also: list[Path] = field(default_factory=list)  # inputs of every report besides the recorded ones
    run_id: str = ""

    def outputs(self, report: str) -> list[Path]:
        suffixes = BOOK_OUTPUTS if report == "book" else CHAPTER_OUTPUTS
        return [self.out / f"{report}{s}" for s in suffixes]

    def depfile(self, report: str) -> Path:
        return self.deps / f"{report}.d"

    def out_of_date(self, report: str) -> bool:
        return depfiles.out_of_date(self.outputs(report), self.depfile(report), self.also)


@dataclass
class Outcome:
    report: str
    status: str  # built | failed | up to date | skipped | not attempted
    seconds: float = 0.0
    message: str = ""
    stages: dict = field(default_factory=dict)
    manifest: dict | None = None


@contextmanager
def locked(plan: Plan):
    plan.deps.mkdir(parents=True, exist_ok=True)
    with open(plan.deps / "lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def write_lines(stream, text: str) -> None:
    """Write `text` and its newline in one system call, so lines from workers printing at once never split or
    merge (a single write of up to PIPE_BUF bytes to a pipe is atomic; a terminal or file gets it whole too)."""
    stream.flush()  # anything Python still buffers goes first, in order
    data = (text + "\n").encode("utf-8", errors="replace")
    try:
        fd = stream.fileno()
    except (AttributeError, ValueError, io.UnsupportedOperation):  # a stream with no file (captured output)
        stream.write(text + "\n")
        stream.flush()
        return
    while data:
        written = os.write(fd, data)
        data = data[written:]


def _say(text: str) -> None:
    write_lines(sys.stdout, text)


def _complain(text: str) -> None:
    write_lines(sys.stderr, f"error: {text}")


def build_one(report: str, plan: Plan) -> Outcome:
    """Build one chapter (in a worker), write its dependency file, and describe it for the manifest."""
    from helpers import build, manifest
    from helpers.params import ParameterError
    from helpers.tables import DataError
    _claim_task()
    _say(f"[{report}] started")
    started = time.monotonic()
    p = plan.parameters
    try:
        built = build.build_chapter(report, p["region"], p["start_year"], p["end_year"], plan.out, p["compare"])
    except (build.ChapterFailed, DataError, ParameterError) as error:
        return Outcome(report, "failed", round(time.monotonic() - started, 1), str(error))
    except OSError as error:  # disk full, read-only, a file where a folder should be: one line, not a traceback
        return Outcome(report, "failed", round(time.monotonic() - started, 1),
                       f"chapter {report}: {build.system_error(error)}")
    depfiles.write(plan.depfile(report), built.finals, built.inputs)
    entry = manifest.report_entry(p, [Path(i) for i in built.inputs], built.finals)
    seconds = round(time.monotonic() - started, 1)
    _say(f"[{report}] done in {seconds:.1f}s")
    return Outcome(report, "built", seconds, stages=built.seconds, manifest=entry)


def _failed_earlier(plan: Plan) -> dict[str, str]:
    """Chapters that already failed in this make run (make -k may reach them again through another target)."""
    try:
        record = json.loads((plan.deps / "failed.json").read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    return record.get("failed", {}) if plan.run_id and record.get("run") == plan.run_id else {}


def _remember_failures(plan: Plan, outcomes: list[Outcome]) -> None:
    failed = {**_failed_earlier(plan), **{o.report: o.message for o in outcomes if o.status == "failed"}}
    (plan.deps / "failed.json").write_text(json.dumps({"run": plan.run_id, "failed": failed}, ensure_ascii=False),
                                           encoding="utf-8")


def _run_pool(todo: list[str], plan: Plan, jobs: int, keep_going: bool, meanwhile=lambda: None) -> list[Outcome]:
    """Build `todo`, `jobs` at a time, in forked workers that inherit the imports already made.

    `meanwhile` runs in this process while the workers build (the book's set-up: the book cannot start earlier).
    """
    if jobs == 1 or len(todo) <= 1:
        outcomes = []
        for report in todo:
            outcomes.append(build_one(report, plan))
            if outcomes[-1].status == "failed":
                _complain(outcomes[-1].message)
                if not keep_going:
                    break
        return outcomes
    outcomes: dict[str, Outcome] = {}
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=min(jobs, len(todo)), mp_context=context, initializer=_start_worker) as pool:
        futures = {pool.submit(build_one, report, plan): report for report in todo}
        pending = set(futures)
        try:
            meanwhile()
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    if future.cancelled():
                        continue
                    outcome = future.result()
                    outcomes[outcome.report] = outcome
                    if outcome.status == "failed":
                        _complain(outcome.message)
                        if not keep_going:
                            for other in pending:
                                other.cancel()
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    return [outcomes[r] for r in todo if r in outcomes]


def _build_book(plan: Plan, region, read_for_it: list[str]) -> Outcome:
    from helpers import build, manifest
    _say("[book] started")
    started = time.monotonic()
    p = plan.parameters
    built = build.build_book(p["region"], p["start_year"], p["end_year"], plan.out, p["compare"], region, read_for_it)
    depfiles.write(plan.depfile("book"), built.finals, built.inputs)
    entry = manifest.report_entry(p, [Path(i) for i in built.inputs], built.finals)
    seconds = round(time.monotonic() - started, 1)
    _say(f"[book] done in {seconds:.1f}s")
    return Outcome("book", "built", seconds, stages=built.seconds, manifest=entry)


def _prepare_book() -> None:
    """Import the book's modules and load the PDF engine's fonts, so the book starts at once when its turn comes."""
    import weasyprint
    from helpers import book  # noqa: F401
    weasyprint.HTML(string='<html lang="zh"><p style="font-family: \'Noto Sans CJK SC\'">预热</p></html>').write_pdf()


def _start_worker() -> None:
    """A worker inherits the imports and the task count; it boots its first kernel at once."""
    from multiprocessing.util import Finalize
    kernels.start_spare()
    Finalize(None, kernels.stop_spare, exitpriority=10)


_tasks_left = None  # chapters not yet started, shared with the forked workers


def _count_tasks(count: int) -> None:
    """Spare kernels are booted ahead only while chapters wait to start (an unused one only costs CPU)."""
    global _tasks_left
    _tasks_left = multiprocessing.get_context("fork").Value("i", count)
    kernels.more_to_come = lambda: _tasks_left.value > 0


def _claim_task() -> None:
    if _tasks_left is not None:
        with _tasks_left.get_lock():
            _tasks_left.value -= 1


def warm_imports() -> float:
    """Import what building a chapter needs (papermill, nbconvert, WeasyPrint): once per process."""
    started = time.monotonic()
    # jsonschema (via nbformat) imports rfc3987_syntax, which compiles ~35 Lark grammars at import: 1.4 s
    # here (jsonschema#1428). It only checks the `iri` format, which no notebook schema uses; skip it.
    sys.modules.setdefault("rfc3987_syntax", None)
    import nbformat  # noqa: F401
    import papermill  # noqa: F401
    import weasyprint  # noqa: F401
    from jupyter_client.manager import KernelManager  # noqa: F401
    from helpers import render  # noqa: F401
    return round(time.monotonic() - started, 3)


def summary(plan: Plan, outcomes: list[Outcome]) -> str:
    p = plan.parameters
    lines = [f"summary ({p['region']} {p['start_year']}-{p['end_year']}, compare {p['compare']}):"]
    for o in outcomes:
        timing = f"{o.seconds:5.1f}s" if o.status in ("built", "failed") else " " * 6
        lines.append(f"  {o.report:<22} {o.status:<13} {timing}  {o.message.splitlines()[0] if o.message else ''}".rstrip())
    return "\n".join(lines)


def build_reports(plan: Plan, chapters: list[Chapter], wanted: set[str], jobs: int, keep_going: bool) -> int:
    """Build the out-of-date reports among `wanted` (chapter ids and "book"); 0 if all of them are good."""
    from helpers import manifest
    from helpers.data import load_region
    started = time.monotonic()
    with locked(plan):
        leftovers.remove(plan.out, PROJECT_ROOT / "build" / "failed")  # debris of killed builds
        failed_before = _failed_earlier(plan)
        ids = [c.id for c in chapters if c.id in wanted]
        todo = [r for r in ids if r not in failed_before and plan.out_of_date(r)]
        book_wanted = "book" in wanted
        if not todo and not (book_wanted and not failed_before and plan.out_of_date("book")):
            return 1 if failed_before else 0
        inputs.forget()
        region = load_region(plan.parameters["region"])  # all problems at once, before any kernel starts
        read_for_book = inputs.data_read()
        if plan.parameters["compare"] == "on":
            region.context  # noqa: B018 (loading validates the context figures too)
        _count_tasks(len(todo))
        if jobs == 1 or len(todo) == 1:  # built in this process: its first kernel boots during the imports
            kernels.start_spare()
        imports = warm_imports()  # before forking: the workers inherit them
        _say(f"building {len(todo)} of {len(ids)} chapter(s){' and the book' if book_wanted else ''} "
             f"into {depfiles.shown(plan.out)}, {min(jobs, max(len(todo), 1))} at a time")
        try:
            outcomes = _run_pool(todo, plan, jobs, keep_going, _prepare_book if book_wanted else lambda: None)
        finally:
            kernels.stop_spare()
        done = {o.report: o for o in outcomes}
        outcomes = [done.get(r) or (Outcome(r, "failed", message=f"failed earlier in this run: {failed_before[r]}")
                                    if r in failed_before else Outcome(r, "not attempted" if r in todo else "up to date"))
                    for r in ids]
        failed = [o for o in outcomes if o.status in ("failed", "not attempted")]
        if book_wanted:
            if failed:
                outcomes.append(Outcome("book", "skipped", message="a chapter failed"))
            elif todo or plan.out_of_date("book"):
                outcomes.append(_build_book(plan, region, read_for_book))
        manifest.update(plan.out, {o.report: o.manifest for o in outcomes if o.manifest})
        _remember_failures(plan, outcomes)
        _write_run_log(plan, outcomes, imports, time.monotonic() - started, jobs)
        if keep_going:
            _say(summary(plan, outcomes))
        return 1 if failed else 0


def _write_run_log(plan: Plan, outcomes: list[Outcome], imports: float, total: float, jobs: int) -> None:
    """Timings of this run by report and stage (read by the benchmark); kept out of the manifest on purpose."""
    log = {"parameters": plan.parameters, "jobs": jobs, "seconds": round(total, 3), "imports": imports,
           "reports": {o.report: {"status": o.status, "seconds": o.seconds, "stages": o.stages} for o in outcomes}}
    (plan.deps / RUN_LOG).write_text(json.dumps(log, ensure_ascii=False, indent=1), encoding="utf-8")


def jobs_from_make(makeflags: str, default: int) -> int:
    """-jN given to make (found in MAKEFLAGS); otherwise `default`."""
    for word in makeflags.split():
        if word.startswith("-j") and word[2:].isdigit():
            return int(word[2:])
    return default


def keep_going_from_make(makeflags: str) -> bool:
    first = makeflags.split()[0] if makeflags.split() else ""
    return not first.startswith("-") and "k" in first

