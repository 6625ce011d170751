"""The build's one entry point: `python -m reportbuild COMMAND` (the Makefile calls it; so can you).

  reports  --region R [--start S --end E] [--compare on|off] [--reports DIR] [--only IDS | --target PATH] [--jobs N]
           build the stale chapters, the overview and the book of one parameter set (reportbuild.run.batch)
  regions  [--regions "A B"] [--reports DIR] [--compare on|off] [--jobs N] [--scheduler tcp://HOST:PORT]
           every region (or those named) at its default years, one batch per region; with a scheduler, one task
           per region on a Dask distributed cluster (reportbuild.run.cluster)
  validate REGION   validate a region's data

A failure prints one readable message and exits non-zero; nothing is written at a final path unless the whole
report succeeded.
"""

from __future__ import annotations

import argparse
import csv
import os
import signal
import sys
from pathlib import Path

from helpers.base.paths import data_dir, report_folder
from helpers.base.problems import DataError
from helpers.data.chapters import UnknownChapterError, region_chapters
from helpers.data.params import ParameterError, check_parameters, years_of
from reportbuild.errors import ChapterFailed, system_error
from reportbuild.run.record import PROJECT_ROOT

STAMP = PROJECT_ROOT / ".venv" / ".bootstrap-stamp"  # the environment: every report depends on it


def _arguments(argv):
    parser = argparse.ArgumentParser(prog="python -m reportbuild")
    sub = parser.add_subparsers(dest="command", required=True)
    validate = sub.add_parser("validate")
    validate.add_argument("region")
    reports = sub.add_parser("reports")
    reports.add_argument("--region", required=True)
    reports.add_argument("--start", default="")
    reports.add_argument("--end", default="")
    reports.add_argument("--target", default="", help="one report file to build, by its path")
    reports.add_argument("--only", default="", help="report ids to build (default: every chapter and the book)")
    regions = sub.add_parser("regions", help="build several regions (default: every region under the data folder)")
    regions.add_argument("--regions", default="", help="region ids separated by spaces (default: all)")
    regions.add_argument("--scheduler", default="", help="a Dask scheduler's address (default: local workers)")
    for command in (reports, regions):
        command.add_argument("--reports", type=Path, default=Path("reports"))
        command.add_argument("--compare", default="on")
        command.add_argument("--jobs", default="")
    return parser.parse_args(argv)


def _jobs(value: str) -> int:
    return int(value) if value.isdigit() and int(value) > 0 else (os.cpu_count() or 1)


def _plan(region: str, start, end, compare, reports: Path):
    from reportbuild.run import batch

    if not start or not end:
        known = years_of(region) if region in _regions_with_data() else (0, 0)
        start, end = start or known[0], end or known[1]
    params = check_parameters(region, start, end, compare)
    parameters = {**params, "compare": "on" if params["compare"] else "off"}
    out = reports / report_folder(region, params["start_year"], params["end_year"], params["compare"])
    return batch.Plan(parameters, out, [STAMP] if STAMP.exists() else []), region_chapters(region)


def _regions_with_data() -> list[str]:
    from helpers.data.chapters import available_regions

    return available_regions()


BOOK_PARTS = {"figures.xlsx": "book", "workpapers.html": "book", "workpapers.pdf": "book"}  # written in the book's step


def _wanted(target: str, only: str, out: Path, chapters) -> set[str]:
    ids = {c.id for c in chapters}
    if target:
        path = Path(target)
        if path.parent.resolve() != out.resolve():
            raise UnknownChapterError(f"{target} is not a report of these parameters (they go to {out})")
        only = BOOK_PARTS.get(path.name, path.name.split(".")[0])
    wanted = set(only.split()) or ids | {"book"}
    unknown = wanted - ids - {"book"}
    if unknown:
        raise UnknownChapterError(
            f"no such report: {', '.join(sorted(unknown))}; reports: {', '.join(sorted(ids))}, book"
        )
    return wanted | ids if "book" in wanted else wanted  # the book is assembled from every chapter report


def _reports(args) -> int:
    from reportbuild.run import batch

    region = _region_of_target(args.target) or args.region
    plan, (chapters, omitted) = _plan(region, args.start, args.end, args.compare, args.reports)
    wanted = _wanted(args.target, args.only, plan.out, chapters)
    return batch.build_reports(plan, chapters, omitted, wanted, _jobs(args.jobs))


def _region_of_target(target: str) -> str:
    """A report path names its region (…/<region>/<start>-<end>/<report>.pdf)."""
    return Path(target).parent.parent.name if target else ""


def _region_batch(plan, chapters, omitted, label: str) -> None:
    from reportbuild.run import batch

    batch.LABEL = label
    signal.signal(signal.SIGINT, signal.default_int_handler)  # not the batch of regions' handler: stop this one
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    every_report = {c.id for c in chapters} | {"book"}
    try:
        sys.exit(batch.build_reports(plan, chapters, omitted, every_report, _jobs(os.environ.get("JOBS", ""))))
    except batch.Stopped as stop:  # its reports and records are whole; the batch of regions says it stopped
        sys.exit(128 + stop.signum)


def _regions(args) -> int:
    """Every named region (or all under the data folder) at its default years. The imports of papermill, nbconvert
    and WeasyPrint are paid once, here; each region's batch then runs in a child forked from this process (so no
    kernel or socket of one region's batch is ever inherited by the next). With JOBS=n, n regions are built at
    once, one chapter at a time each: a region's overview and book, which run alone, then never leave a core
    idle. Reports land where `make REGION=…` puts them."""
    import multiprocessing
    from multiprocessing.connection import wait

    from reportbuild.run import batch

    names = args.regions.split() or _regions_with_data()
    plans = [_plan(name, "", "", args.compare, args.reports) for name in names]  # every one checked first
    if args.scheduler:
        from reportbuild.run import cluster

        say = batch.write_lines_out
        return cluster.build_regions(args.scheduler, names, args.reports, args.compare, args.jobs, say)
    at_once = min(_jobs(args.jobs), len(plans))
    os.environ["JOBS"] = str(max(1, _jobs(args.jobs) // at_once))
    batch.warm_imports()
    failed, running, stopped = 0, [], []
    signal.signal(signal.SIGINT, lambda signum, frame: stopped.append(signum))  # the children stop themselves;
    signal.signal(signal.SIGTERM, lambda signum, frame: stopped.append(signum))  # no new region is started
    try:
        for (plan, (chapters, omitted)), name in zip(plans, names):
            while len(running) >= at_once:
                failed |= _reap(running, wait([child.sentinel for child in running]), stopped)
            if stopped:
                break
            label = f"{name}/" if at_once > 1 else ""
            child = multiprocessing.get_context("fork").Process(
                target=_region_batch, args=(plan, chapters, omitted, label)
            )
            child.start()
            running.append(child)
        while running:
            failed |= _reap(running, wait([child.sentinel for child in running]), stopped)
    finally:
        for child in running:  # each child stops its own batch; wait for it to leave its records whole
            child.join()
    if stopped:
        raise batch.Stopped(stopped[0])
    return failed


STOPPED_CODES = {128 + signal.SIGINT: signal.SIGINT, 128 + signal.SIGTERM: signal.SIGTERM}


def _reap(running: list, ended: list, stopped: list) -> bool:
    """Remove the children that ended; True if any of them failed. A child stopped by a signal stops the batch of
    regions too (`stopped`), whether or not this process saw the signal."""
    done = [child for child in running if child.sentinel in ended]
    for child in done:
        child.join()
        running.remove(child)
        if child.exitcode in STOPPED_CODES or (child.exitcode or 0) < 0:
            stopped.append(STOPPED_CODES.get(child.exitcode, signal.SIGTERM))
    return any(child.exitcode != 0 for child in done)


def _apart(reports: Path) -> None:
    """REPORTS and DATA never inside one another: a build writes its lock and reports only outside the data."""
    data, out = data_dir(), reports.resolve()
    if out == data or data in out.parents or out in data.parents:
        raise ParameterError(
            f"parameter REPORTS: '{reports}' and DATA '{data.name}' are one inside the other; put the reports "
            "in a folder of their own (the default: reports)"
        )


def _build(args) -> int:
    """Build the reports asked for. The plan reads data/regions.csv's plain rows (cheap, unvalidated): a table it
    cannot read is reported as `make validate` reports it (file, line, column), never as a traceback."""
    try:
        failed = _regions(args) if args.command == "regions" else _reports(args)
    except (ValueError, UnicodeDecodeError, StopIteration, KeyError, csv.Error):
        from helpers.data.load import check_table

        check_table(data_dir(), "regions")
        raise
    return 2 if failed else 0


def _notes(region: str) -> None:
    """What a build at the region's default years leaves out (with the START or END that includes it), and the
    checks its data cannot make: one line each, so that nothing is dropped in silence."""
    from helpers.data.params import years_of
    from helpers.data.references import unresolved_inputs
    from helpers.data.years import outside_years

    start, end = years_of(region)
    for line in outside_years(region, start, end) + unresolved_inputs(region):
        print(f"  note: {line}")


def main(argv=None) -> int:
    args = _arguments(argv)
    try:
        if args.command != "validate":
            _apart(args.reports)
        if args.command == "validate":
            from helpers.data.load import load_region

            loaded = load_region(args.region)
            print(
                f"{args.region}: {len(loaded.observations)} figures, {len(loaded.events)} events, "
                f"{len(loaded.checks)} checks, {len(loaded.context)} context figures: valid"
            )
            _notes(args.region)
        else:
            return _build(args)
    except (DataError, ParameterError, ChapterFailed, UnknownChapterError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except ConnectionError as error:  # no scheduler at SCHEDULER's address
        print(f"error: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"error: {system_error(error)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt as stop:
        signum = getattr(stop, "signum", signal.SIGINT)
        print(
            f"{stop or 'interrupted'}: reports already finished are kept, with their records; none is half-written",
            file=sys.stderr,
        )
        return 128 + signum
    return 0
