"""Building the stale reports of one parameter set in one process, several chapters at a time.

The manifest is the one record of what is stale (reportbuild.run.manifest). A batch builds, in order:
  1. the stale chapters, `jobs` at a time, in forked workers that already hold the imports of papermill,
     nbconvert and WeasyPrint (paying them once is what makes a build several times faster than one process
     per notebook and step); every chapter is attempted even if another fails;
  2. the overview, if it is stale once the chapters are done (it reads their published results);
  3. the book, if it is stale then.
Each report's manifest entry is written as soon as the report is in place, so an interrupted build loses no
record: a report without its entry is stale, never current.
"""

from __future__ import annotations

import fcntl
import io
import json
import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from helpers.data.chapters import Chapter
from reportbuild.errors import ChapterFailed, shown, system_error
from reportbuild.run import kernels, leftovers, manifest, record
from reportbuild.run.processes import end_with_parent
from reportbuild.run.record import PROJECT_ROOT

RUN_LOGS = PROJECT_ROOT / "build" / "runs"  # timings of each reports folder's last batch (read by the benchmark)
LOCK_NAME = ".build.lock"


@dataclass
class Plan:
    """One parameter set's reports: where they go, and what every report depends on besides what it reads."""

    parameters: dict
    out: Path
    also: list[Path] = field(default_factory=list)

    def why_stale(self, report: str) -> str | None:
        return manifest.why_stale(manifest.read(self.out).get(report), self.parameters, self.out)


@dataclass
class Outcome:
    report: str
    status: str  # built | failed | up to date | skipped
    seconds: float = 0.0
    message: str = ""
    stages: dict = field(default_factory=dict)
    manifest: dict | None = None


@contextmanager
def locked(plan: Plan):
    """One batch per reports folder at a time; a second one says whose build it waits for."""
    plan.out.mkdir(parents=True, exist_ok=True)
    with open(plan.out / LOCK_NAME, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            _say(
                f"waiting for another build of {shown(plan.out)} ({handle.read().strip() or 'owner unknown'}) to finish"
            )
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(f"process {os.getpid()}, started {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
        handle.flush()
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


def write_lines_out(text: str) -> None:
    """A line on standard output, whole (write_lines)."""
    write_lines(sys.stdout, text)


LABEL = ""  # in a run of several regions at once, each line names its region ("shanxi/")


def _tag(report: str) -> str:
    return f"[{LABEL}{report}]"


def _say(text: str) -> None:
    write_lines_out(text)


def _complain(text: str) -> None:
    write_lines(sys.stderr, f"error: {text}")


def _entry(plan: Plan, built) -> dict:
    for path in plan.also:
        record.note(path)
    return manifest.report_entry(plan.parameters, {**record.recorded(), **built.read}, built.finals)


def build_one(chapter: Chapter, plan: Plan) -> Outcome:
    """Build one chapter (in a worker) and describe it for the manifest."""
    from helpers.base.problems import DataError
    from helpers.data.params import ParameterError
    from reportbuild.run import build

    _claim_task()
    if _claims is not None and _worker_of is not None:  # which worker builds which chapter (see _lost_workers)
        _claims.put((os.getpid(), chapter.id))
    if _stopping:  # Ctrl-C: no chapter starts after it
        return Outcome(chapter.id, "skipped", message="interrupted")
    _say(f"{_tag(chapter.id)} started")
    started = time.monotonic()
    global _busy
    try:
        _busy = True
        if _stopping:  # the signal came just before
            raise Stopped(_stopping)
        built = build.build_chapter(chapter, plan.parameters, plan.out)
    except KeyboardInterrupt:  # its kernel is stopped and its parts removed on the way out
        if _worker_of is not None and (_stopping == signal.SIGTERM or os.getppid() != _worker_of):
            _leave()  # a worker told to end, or whose batch process died, leaves now
        return Outcome(chapter.id, "skipped", message="interrupted")
    except (ChapterFailed, DataError, ParameterError) as error:
        return Outcome(chapter.id, "failed", round(time.monotonic() - started, 1), str(error))
    except OSError as error:  # disk full, read-only, a file where a folder should be: one line, not a traceback
        return Outcome(
            chapter.id, "failed", round(time.monotonic() - started, 1), f"chapter {chapter.id}: {system_error(error)}"
        )
    finally:
        _busy = False
    entry = _entry(plan, built)
    seconds = round(time.monotonic() - started, 1)
    _say(f"{_tag(chapter.id)} done in {seconds:.1f}s")
    return Outcome(chapter.id, "built", seconds, stages=built.seconds, manifest=entry)


def _finished(plan: Plan, outcome: Outcome) -> Outcome:
    """Record a finished report at once (an interrupted build keeps every entry of what it finished)."""
    if outcome.manifest:
        manifest.update(plan.out, {outcome.report: outcome.manifest})
    if outcome.status == "failed":
        _complain(outcome.message)
    return outcome


def _run_pool(todo: list[Chapter], plan: Plan, jobs: int, then, meanwhile) -> list[Outcome]:
    """Build `todo`, `jobs` at a time, in forked workers that inherit the imports already made; when they are
    done, build what `then(outcomes)` returns (the overview, which reads their results).

    `meanwhile` runs in this process while the workers build (the book's set-up: the book cannot start earlier).
    """
    if jobs == 1:  # the book's set-up runs while this process's first kernel boots
        meanwhile()
        outcomes = [_finished(plan, build_one(chapter, plan)) for chapter in todo]
        return outcomes + [_finished(plan, build_one(chapter, plan)) for chapter in then(outcomes)]
    outcomes: dict[str, Outcome] = {}
    context = multiprocessing.get_context("fork")
    global _claims
    _claims = context.SimpleQueue()
    try:
        _pool_run(todo, plan, jobs, then, meanwhile, outcomes, context)
    except _Broken as broken:  # a worker was killed (SIGKILL, the kernel's OOM killer): the others go on
        lost = [c for c in broken.todo if c.id not in outcomes]
        for chapter in lost:
            if chapter.id in broken.killed:
                outcome = Outcome(chapter.id, "failed", message=f"chapter {chapter.id}: {broken.killed[chapter.id]}")
                outcomes[chapter.id] = _finished(plan, outcome)
        again = [c for c in lost if c.id not in broken.killed]
        if again and len(again) < len(lost):  # built again, in a new pool, with what depends on them
            known, next_phase = list(outcomes.values()), broken.then
            after = _run_pool(again, plan, jobs, lambda done: next_phase(known + done), lambda: None)
            outcomes.update({o.report: o for o in after})
        else:  # the killed chapter is unknown: every chapter it may have been fails
            for chapter in again:
                why = "its worker was killed while it was being built; run make again"
                outcomes[chapter.id] = _finished(
                    plan, Outcome(chapter.id, "failed", message=f"chapter {chapter.id}: {why}")
                )
    return list(outcomes.values())


class _Broken(Exception):
    """The pool lost a worker: the chapters of this phase (`todo`), what to build after them (`then`), and the
    chapters whose workers were killed, with how."""

    def __init__(self, todo: list[Chapter], then, killed: dict[str, str]):
        super().__init__("a worker was killed")
        self.todo, self.then, self.killed = todo, then, killed


_claims = None  # (worker pid, chapter id), put by each worker as it starts a chapter


def _lost_workers(pool: ProcessPoolExecutor) -> dict[str, str]:
    """The chapters whose workers were killed from outside (SIGKILL), with how: read from the workers' claims."""
    dead = {pid: -proc.exitcode for pid, proc in (pool._processes or {}).items() if (proc.exitcode or 0) < 0}
    building: dict[int, str] = {}
    while _claims is not None and not _claims.empty():
        pid, chapter = _claims.get()
        building[pid] = chapter
    killed = {pid: signum for pid, signum in dead.items() if signum == signal.SIGKILL}
    return {
        building[pid]: f"its worker was killed ({signal.Signals(signum).name}) while it was being built; run make again"
        for pid, signum in killed.items()
        if pid in building
    }


def _pool_run(todo, plan, jobs, then, meanwhile, outcomes, context) -> None:
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_start_worker) as pool:
        try:
            pending = {pool.submit(build_one, chapter, plan) for chapter in todo}
        except (RuntimeError, OSError) as error:  # the system refused a thread or a process (a process limit)
            _stop_workers(pool)
            raise ChapterFailed(
                f"cannot start {jobs} workers ({error}); run with a smaller JOBS, e.g. JOBS=2"
            ) from None
        second_phase, then_todo = False, []
        try:
            meanwhile()
            while pending or not second_phase:
                if not pending:
                    second_phase = True
                    then_todo = then(list(outcomes.values()))
                    pending = {pool.submit(build_one, c, plan) for c in then_todo}
                    continue
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    try:
                        outcome = _finished(plan, future.result())
                    except BrokenProcessPool:
                        phase = (then_todo, lambda done: []) if second_phase else (todo, then)
                        raise _Broken(*phase, _lost_workers(pool)) from None
                    outcomes[outcome.report] = outcome
        except _Broken:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        except BaseException:
            _stop_workers(pool)
            raise


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Stop the chapters being built (each worker stops its kernel and removes its parts) and wait for that, so
    that nothing is written after the batch has said it stopped."""
    for worker in list((pool._processes or {}).values()):
        with suppress(ProcessLookupError):
            os.kill(worker.pid, signal.SIGINT)
    pool.shutdown(wait=True, cancel_futures=True)


def _build_book(plan: Plan, region, chapters, omitted, read_for_region, at_once: bool) -> Outcome:
    from reportbuild.run import build

    _say(f"{_tag('book')} started")
    started = time.monotonic()
    built = build.build_book(region, chapters, omitted, plan.parameters, plan.out, read_for_region, at_once)
    entry = _entry(plan, built)
    seconds = round(time.monotonic() - started, 1)
    _say(f"{_tag('book')} done in {seconds:.1f}s")
    return Outcome("book", "built", seconds, stages=built.seconds, manifest=entry)


def _prepare_book() -> None:
    """Import the book's modules and load the PDF engine's fonts, so the book starts at once when its turn comes."""
    import weasyprint

    from reportbuild.publish import book  # noqa: F401

    weasyprint.HTML(string='<html lang="zh"><p style="font-family: \'Noto Sans CJK SC\'">预热</p></html>').write_pdf()


_stopping = False  # set by Ctrl-C or SIGTERM
_busy = False  # a worker is building a chapter
_worker_of: int | None = None  # in a worker: the batch's process
STOPPED_BY = {signal.SIGINT: "interrupted", signal.SIGTERM: "terminated"}


class Stopped(KeyboardInterrupt):
    """Ctrl-C or SIGTERM: the batch stops at once, leaving every report whole and every record complete."""

    def __init__(self, signum: int = signal.SIGINT):
        super().__init__(STOPPED_BY.get(signum, "interrupted"))
        self.signum = signum


def _interrupted(signum, frame) -> None:
    """In a worker: stop the chapter being built (its kernel stopped, its parts removed). On SIGTERM, or when the
    batch's process is gone, the worker then leaves; after Ctrl-C an idle one waits for the pool to close."""
    global _stopping
    first, _stopping = not _stopping, signum
    if first:
        _exit_unless_stopped_within(STOP_GRACE, signum)
    if _busy and first:  # once: a second signal must not cut short the clean-up the first one started
        raise Stopped(signum)
    if not _busy and signum == signal.SIGTERM:
        _leave()


def _leave() -> None:
    kernels.stop_spare()
    os._exit(128 + signal.SIGTERM)


def _stop_here(signum, frame) -> None:
    """In the batch's own process: remember the signal (a library that swallows the exception cannot hide it)."""
    global _stopping
    first, _stopping = not _stopping, signum
    if first:  # once: a second signal must not cut short the clean-up the first one started
        _exit_unless_stopped_within(STOP_GRACE, signum)
        raise Stopped(signum)


STOP_GRACE = 8.0  # seconds a stopped build may take to clean up


def _exit_unless_stopped_within(seconds: float, signum: int) -> None:
    """A library that swallows the stop (or a kernel that will not die) must not keep the build running: after
    `seconds` the process leaves at once. Reports and records are still whole (each is replaced in one step);
    parts and kernel folders left behind are removed by the next build."""

    def leave():
        write_lines(sys.stderr, f"{STOPPED_BY.get(signum, 'interrupted')}: clean-up took too long; stopped at once")
        os._exit(128 + signum)

    timer = threading.Timer(seconds, leave)
    timer.daemon = True
    timer.start()


def _check_interrupted(outcomes: list[Outcome]) -> None:
    if _stopping or any(o.message == "interrupted" for o in outcomes):
        raise Stopped(_stopping if _stopping in STOPPED_BY else signal.SIGINT)


def _start_worker() -> None:
    """A worker inherits the imports and the task count; it boots its first kernel at once. Ctrl-C stops the
    chapter it is building (kernel stopped, parts removed) and every chapter still queued for it."""
    from multiprocessing.util import Finalize

    global _worker_of
    _worker_of = os.getppid()
    signal.signal(signal.SIGINT, _interrupted)
    signal.signal(signal.SIGTERM, _interrupted)
    end_with_parent()  # instead of waiting for ever on a pool nobody reads
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
    """Import what building a chapter needs (papermill, nbconvert, WeasyPrint): once per process. (The report
    templates are compiled by each worker's first page, in parallel, then reused: compiling them here, before the
    fork, cost more wall time than it saved.)"""
    started = time.monotonic()
    # jsonschema (via nbformat) imports rfc3987_syntax, which compiles ~35 Lark grammars at import: 1.4 s
    # here (jsonschema#1428). It only checks the `iri` format, which no notebook schema uses; skip it.
    sys.modules.setdefault("rfc3987_syntax", None)
    import nbformat  # noqa: F401
    import papermill  # noqa: F401
    import weasyprint  # noqa: F401
    from jupyter_client.manager import KernelManager  # noqa: F401

    from reportbuild.publish import render  # noqa: F401
    from reportbuild.run import build  # noqa: F401

    return round(time.monotonic() - started, 3)


def summary(plan: Plan, outcomes: list[Outcome]) -> str:
    p = plan.parameters
    lines = [f"summary ({p['region']} {p['start_year']}-{p['end_year']}, compare {p['compare']}):"]
    for o in outcomes:
        timing = f"{o.seconds:5.1f}s" if o.status in ("built", "failed") else " " * 6
        first_line = o.message.splitlines()[0] if o.message else ""
        lines.append(f"  {o.report:<22} {o.status:<13} {timing}  {first_line}".rstrip())
    return "\n".join(lines)


def _stale_chapters(plan: Plan, chapters: list[Chapter], wanted: set[str]) -> list[Chapter]:
    return [c for c in chapters if c.number and c.id in wanted and plan.why_stale(c.id)]


def build_reports(plan: Plan, chapters: list[Chapter], omitted: list[Chapter], wanted: set[str], jobs: int) -> int:
    """Build the stale reports among `wanted` (chapter ids and "book"); 0 if all of them are good."""
    started = time.monotonic()
    summaries = [c for c in chapters if not c.number and c.id in wanted]  # the overview
    book_wanted = "book" in wanted
    # From here on a stop ends this process within STOP_GRACE whatever it is doing: booting a kernel, validating,
    # importing (a library that swallowed KeyboardInterrupt there kept a stopped build running to its end).
    signal.signal(signal.SIGINT, _stop_here)
    signal.signal(signal.SIGTERM, _stop_here)
    with locked(plan):
        leftovers.remove(plan.out, PROJECT_ROOT / "build" / "failed")  # debris of killed builds
        todo = _stale_chapters(plan, chapters, wanted)
        # Kernels are booted ahead for the chapters to build and for an overview already stale; one made stale by
        # what the chapters publish boots its own (a spare for an overview that stays current was booted for
        # nothing). Asked before the recording starts: the manifest is no input of any report.
        stale_summaries = [c for c in summaries if plan.why_stale(c.id)]
        if not todo and not stale_summaries and not (book_wanted and plan.why_stale("book")):
            _say(f"every report in {shown(plan.out)} is current")
            _write_run_log(plan, [], 0.0, time.monotonic() - started, jobs)
            return 0
        from helpers.data.load import load_region

        _count_tasks(len(todo) + len(stale_summaries))
        record.install([plan.out, *_data_roots()])
        kernels.roots, kernels.cwd = [str(plan.out), *_data_roots()], str(plan.out.resolve())
        record.forget()
        editions_at_once = jobs > 1  # the book's two PDFs, once every chapter is done
        jobs = workers(jobs, len(todo))
        if jobs == 1:  # built in this process: its first kernel boots while the data are validated and imported
            kernels.start_spare()
        try:
            region = load_region(plan.parameters["region"])  # all problems at once, before any notebook runs
            _say_left_out(plan)
            if plan.parameters["compare"] == "on":
                region.context  # noqa: B018 (loading validates the context figures too)
            read_for_region = record.recorded()
            imports = warm_imports()  # before forking: the workers inherit them
        except BaseException:
            kernels.stop_spare()
            raise
        _say(
            f"building {len(todo)} of {len([c for c in chapters if c.number])} chapter(s), then what depends on "
            f"them, into {shown(plan.out)}, {jobs} at a time"
        )

        def overview_if_needed(done: list[Outcome]) -> list[Chapter]:
            _check_interrupted(done)
            return [] if any(o.status == "failed" for o in done) else [c for c in summaries if plan.why_stale(c.id)]

        try:
            outcomes = _run_pool(todo, plan, jobs, overview_if_needed, _prepare_book if book_wanted else lambda: None)
            _check_interrupted(outcomes)
        finally:
            kernels.stop_spare()
        failed = [o for o in outcomes if o.status == "failed"]
        attempted = {o.report for o in outcomes}
        outcomes += [
            Outcome(c.id, "skipped", message="a chapter failed") for c in summaries if failed and c.id not in attempted
        ]
        if book_wanted:
            if failed:
                outcomes.append(Outcome("book", "skipped", message="a chapter failed"))
            elif plan.why_stale("book"):
                book = _build_book(plan, region, chapters, omitted, read_for_region, editions_at_once)
                outcomes.append(_finished(plan, book))
        if _stopping:  # a stop a library swallowed (an exception raised inside a callback is only printed)
            raise Stopped(_stopping)
        attempted = {o.report for o in outcomes}
        outcomes = _in_order(
            outcomes + [Outcome(c.id, "up to date") for c in chapters if c.id not in attempted and c.id in wanted],
            chapters,
        )
        _write_run_log(plan, outcomes, imports, time.monotonic() - started, jobs)
        if failed:
            _say(summary(plan, outcomes))
        return 1 if failed else 0


def _say_left_out(plan: Plan) -> None:
    """One line per figure or event dated outside the years being built, with the START or END that includes it."""
    from helpers.data.years import outside_years

    p = plan.parameters
    for line in outside_years(p["region"], p["start_year"], p["end_year"]):
        _say(f"{_tag('left out')} {line}")


def workers(jobs: int, chapters: int) -> int:
    """How many chapters to build at a time: never more than there are (each worker boots a kernel); one chapter
    is built in this process, no worker forked."""
    return max(1, min(jobs, chapters))


def _in_order(outcomes: list[Outcome], chapters: list[Chapter]) -> list[Outcome]:
    order = {c.id: n for n, c in enumerate(chapters)} | {"book": len(chapters)}
    return sorted(outcomes, key=lambda o: order.get(o.report, len(order)))


def _data_roots() -> list[str]:
    from helpers.base.paths import data_dir

    return [str(data_dir())]


def run_log(out: Path, logs: Path = RUN_LOGS) -> Path:
    """Where the last batch of the reports folder `out` left its timings: one file per folder, so that builds of
    other folders running at the same time never overwrite it."""
    import hashlib

    return logs / f"{hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:16]}.json"


def _write_run_log(plan: Plan, outcomes: list[Outcome], imports: float, total: float, jobs: int) -> None:
    """Timings of this run by report and stage (read by the benchmark and the tests); kept out of the manifest."""
    log = {
        "out": str(plan.out.resolve()),
        "parameters": plan.parameters,
        "jobs": jobs,
        "seconds": round(total, 3),
        "imports": imports,
        "reports": {o.report: {"status": o.status, "seconds": o.seconds, "stages": o.stages} for o in outcomes},
    }
    path = run_log(plan.out)
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}.part")
    temp.write_text(json.dumps(log, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(temp, path)
