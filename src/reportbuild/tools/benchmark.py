"""Build speed, measured: `make bench` (python -m reportbuild.tools.benchmark). Not a test: it prints and
records figures.

In one run on this machine, on a scratch copy of data/ and scratch report folders:
  1. cold `make` of every chapter and the book (and the same with JOBS=1, to separate batching from parallelism);
  2. the naive loop a user would script: per notebook the papermill CLI, `jupyter nbconvert --to html`,
     the weasyprint CLI; then the book, one more process;
  3. a no-op `make` (median of 5);
  4. `make` after editing one chapter's data: the note of a figure the overview does not show (that chapter and
     the book rebuild, not the overview), then an event (the overview's time line changes too);
  5. where the time goes: stages of the cold build (from the build's run log) and of the naive loop,
     and the start-up cost of each CLI alone.
Results go to build/benchmark.json; the README quotes them.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from helpers.data.chapters import region_chapters
from reportbuild.run.batch import run_log
from reportbuild.run.record import PROJECT_ROOT

SCRATCH = PROJECT_ROOT / "build" / "bench"
VENV_BIN = Path(sys.executable).parent
REGION, START, END = "jinzhong", 2012, 2022
EDITED_CHAPTER = "social_affairs"


def _timed(command: list[str], **kwargs) -> float:
    started = time.monotonic()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs)
    return time.monotonic() - started


def _make(reports: Path, data: Path, *extra: str) -> float:
    return _timed(["make", "--no-print-directory", f"REPORTS={reports}", f"DATA={data}", *extra], cwd=PROJECT_ROOT)


def _run_log(reports: Path) -> dict:
    out = reports / REGION / f"{START}-{END}"
    log = json.loads(run_log(out).read_text(encoding="utf-8"))
    assert log["out"] == str(out.resolve()), "the run log is of another build"
    return log


def _edit_first_row(table: Path, column: str, suffix: str, unless: tuple[str, ...] = ()) -> None:
    """Append `suffix` to `column` of the table's first row whose indicator is not in `unless` (a real content
    change, as an editor would make)."""
    with table.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    row = next(r for r in rows if r.get("indicator") not in unless)
    row[column] = (row[column] or "") + suffix
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    table.write_text(text.getvalue(), encoding="utf-8")


def _one_edit(results: dict, key: str, table: Path, column: str, data: Path, unless=()) -> None:
    _edit_first_row(table, column, "（编辑）", unless)
    results[key] = round(_make(SCRATCH / "cold", data), 2)
    log = _run_log(SCRATCH / "cold")
    results[f"{key}_rebuilt"] = sorted(r for r, v in log["reports"].items() if v["status"] == "built")
    results[f"{key}_parts"] = {
        "batch": log["seconds"],
        "imports": log["imports"],
        **{r: v["seconds"] for r, v in log["reports"].items() if v["status"] == "built"},
    }


def _naive(data: Path, out: Path, chapters) -> dict:
    """The loop without make: three command-line tools per notebook, each a fresh process."""
    out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "MINZHENG_DATA": str(data)}
    stages = {"papermill": 0.0, "nbconvert": 0.0, "weasyprint": 0.0}
    for c in chapters:
        executed, html = out / f"{c.id}.ipynb", out / f"{c.id}.html"
        parameters = [
            "-p",
            "region",
            REGION,
            "-p",
            "start_year",
            str(START),
            "-p",
            "end_year",
            str(END),
            "-p",
            "compare",
            "on",
        ] + (
            ["-p", "results_dir", str(SCRATCH / "cold" / REGION / f"{START}-{END}" / "results")] if not c.number else []
        )
        stages["papermill"] += _timed(
            [str(VENV_BIN / "papermill"), str(c.notebook), str(executed), *parameters, "--cwd", str(c.notebook.parent)],
            env=env,
        )
        stages["nbconvert"] += _timed(
            [str(VENV_BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)], env=env
        )
        stages["weasyprint"] += _timed([str(VENV_BIN / "weasyprint"), str(html), str(out / f"{c.id}.pdf")], env=env)
    # The book is assembled from chapter reports; the naive script has to run the same builder once more.
    book_reports = out / "book-input"
    shutil.copytree(SCRATCH / "cold" / REGION / f"{START}-{END}", book_reports)
    stages["book"] = _timed([sys.executable, "-c", NAIVE_BOOK, str(book_reports)], env=env)
    return {k: round(v, 2) for k, v in stages.items()}


NAIVE_BOOK = f"""import sys
from pathlib import Path
from helpers.data.load import load_region
from reportbuild.publish import book, render
from helpers.data.chapters import region_chapters
out = Path(sys.argv[1])
chapters, omitted = region_chapters("{REGION}")
html = book.book_html(load_region("{REGION}"), chapters, book.chapter_reports(out, chapters), {START}, {END}, omitted)
render.to_pdf(html, out / "book.pdf")
"""


def _startups() -> dict:
    """What each tool costs before doing any work: start the process and import it."""
    return {
        "papermill --help": round(_timed([str(VENV_BIN / "papermill"), "--help"]), 2),
        "jupyter nbconvert --help": round(_timed([str(VENV_BIN / "jupyter"), "nbconvert", "--help"]), 2),
        "weasyprint --info": round(_timed([str(VENV_BIN / "weasyprint"), "--info"]), 2),
        "python -c pass": round(_timed([sys.executable, "-c", "pass"]), 2),
    }


def _stage_totals(log: dict) -> dict:
    totals = {"imports (once)": log["imports"]}
    for name, report in log["reports"].items():
        for stage, seconds in report["stages"].items():
            key = f"book {stage}" if name == "book" else f"chapters {stage}"
            totals[key] = round(totals.get(key, 0) + seconds, 2)
    return totals


def markdown(results: dict) -> str:
    """The table the README quotes."""
    stages = results["cold_stages"]
    naive = results["naive_stages"]
    rows = [
        (
            "cold `make` (all chapters + book, HTML + PDF)",
            f"{results['cold']:.1f} s",
            f"{results['ratios']['cold / naive']:.2f} × naive (target ≤ 0.30)",
        ),
        (
            "cold `make JOBS=1` (one chapter at a time)",
            f"{results['cold_one_job']:.1f} s",
            f"{results['ratios']['cold JOBS=1 / naive']:.2f} × naive",
        ),
        (
            "naive loop (papermill, nbconvert, weasyprint CLIs per notebook; book)",
            f"{results['naive']:.1f} s",
            f"papermill {naive['papermill']:.1f} · nbconvert {naive['nbconvert']:.1f} · "
            f"weasyprint {naive['weasyprint']:.1f} · book {naive['book']:.1f}",
        ),
        ("no-op `make` (median of 5)", f"{results['no_op']:.3f} s", "target < 0.5 s"),
        (
            "after editing a figure's note in one chapter",
            f"{results['one_chapter']:.1f} s",
            f"rebuilt {', '.join(results['one_chapter_rebuilt'])}; "
            f"{results['ratios']['one chapter / (1.5 × cold per chapter + book)']:.2f} × budget (target ≤ 1); "
            f"of which {', '.join(f'{k} {v:.1f} s' for k, v in results['one_chapter_parts'].items())}",
        ),
        (
            "after editing an event in one chapter",
            f"{results['one_event']:.1f} s",
            f"rebuilt {', '.join(results['one_event_rebuilt'])}; "
            f"of which {', '.join(f'{k} {v:.1f} s' for k, v in results['one_event_parts'].items())}",
        ),
    ]
    table = ["| build | time | notes |", "|---|---|---|"] + [f"| {a} | {b} | {c} |" for a, b, c in rows]
    breakdown = " · ".join(f"{name} {seconds:.1f} s" for name, seconds in stages.items())
    startups = " · ".join(f"`{name}` {seconds:.2f} s" for name, seconds in results["startups"].items())
    return "\n".join(
        table
        + [
            "",
            "Cold build by stage, summed over reports (two run at a time, so the sum exceeds "
            f"the wall time): {breakdown}.",
            f"Start-up of each tool alone: {startups}.",
        ]
    )


REGION_COUNTS = (1, 4, 16)


def _copies_of_smallest_region(data: Path, count: int) -> list[str]:
    """`count` copies (new ids) of the region with the fewest figures, so that scaling is timed on equal units."""
    from helpers.data.chapters import available_regions
    from helpers.data.load import load_region

    smallest = min(available_regions(data), key=lambda r: (len(load_region(r, data).observations), r))
    rows = (data / "regions.csv").read_text(encoding="utf-8").splitlines()
    template = next(line for line in rows if line.startswith(f"{smallest},"))
    ids = [f"bench{i:02d}" for i in range(1, count + 1)]
    with (data / "regions.csv").open("a", encoding="utf-8") as handle:
        for new in ids:
            handle.write(template.replace(f"{smallest},", f"{new},", 1) + "\n")
            shutil.copytree(data / smallest, data / new)
    return ids


def regions_scaling(results: dict) -> None:
    """`make regions` for 1, 4 and 16 copies of one small region, cold, each into fresh report folders."""
    data = SCRATCH / "regions-data"
    shutil.rmtree(data, ignore_errors=True)
    shutil.copytree(PROJECT_ROOT / "data", data)
    ids = _copies_of_smallest_region(data, max(REGION_COUNTS))
    timings = {}
    for count in REGION_COUNTS:
        chosen = " ".join(ids[:count])
        timings[count] = round(_make(SCRATCH / f"regions-{count}", data, "regions", f"REGIONS={chosen}"), 2)
        print(f"  make regions, {count} region(s): {timings[count]:.1f} s", flush=True)
    one = _make(SCRATCH / "regions-one-by-one", data, f"REGION={ids[0]}")
    results["regions"] = {
        "seconds": timings,
        "per_region": {n: round(t / n, 2) for n, t in timings.items()},
        "one region through make REGION=": round(one, 2),
        "marginal 4 to 16, per region": round((timings[16] - timings[4]) / 12, 2),
    }


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv == ["regions"]:
        results = {"machine": {"cpus": os.cpu_count()}}
        regions_scaling(results)
        print(json.dumps(results, ensure_ascii=False, indent=1))
        return 0
    shutil.rmtree(SCRATCH, ignore_errors=True)
    data = SCRATCH / "data"
    shutil.copytree(PROJECT_ROOT / "data", data)
    chapters, _ = region_chapters(REGION)
    results = {"machine": {"cpus": os.cpu_count()}, "chapters": len(chapters)}
    print(f"benchmark: {len(chapters)} chapters and the book of {REGION} {START}-{END}, scratch in {SCRATCH}")
    results["cold"] = round(_make(SCRATCH / "cold", data), 2)
    print(f"  cold: {results['cold']:.1f} s", flush=True)
    results["cold_stages"] = _stage_totals(_run_log(SCRATCH / "cold"))
    results["no_op"] = round(statistics.median(_make(SCRATCH / "cold", data) for _ in range(5)), 3)
    edited = data / REGION / EDITED_CHAPTER
    headline = next(c.headline for c in chapters if c.id == EDITED_CHAPTER)  # what the overview shows of it
    _one_edit(results, "one_chapter", edited / "observations.csv", "period_note", data, unless=headline)
    _one_edit(results, "one_event", edited / "events.csv", "event_zh", data)
    print(f"  no-op: {results['no_op']:.3f} s; one chapter: {results['one_chapter']:.1f} s", flush=True)
    results["cold_one_job"] = round(_make(SCRATCH / "one-job", data, "JOBS=1"), 2)
    print(f"  cold JOBS=1: {results['cold_one_job']:.1f} s", flush=True)
    results["naive_stages"] = _naive(data, SCRATCH / "naive", chapters)
    results["naive"] = round(sum(results["naive_stages"].values()), 2)
    print(f"  naive loop: {results['naive']:.1f} s", flush=True)
    results["startups"] = _startups()
    regions_scaling(results)
    book = results["cold_stages"].get("book html", 0) + results["cold_stages"].get("book pdf", 0)
    budget = results["cold"] / len(chapters) * 1.5 + book
    results["ratios"] = {
        "cold / naive": round(results["cold"] / results["naive"], 3),
        "cold JOBS=1 / naive": round(results["cold_one_job"] / results["naive"], 3),
        "one chapter / (1.5 × cold per chapter + book)": round(results["one_chapter"] / budget, 3),
    }
    results["targets_met"] = {
        "cold ≤ 0.30 × naive": results["cold"] <= 0.30 * results["naive"],
        "no-op < 0.5 s": results["no_op"] < 0.5,
        "one chapter ≤ 1.5 × cold/chapters + book": results["one_chapter"] <= budget,
    }
    (PROJECT_ROOT / "build" / "benchmark.json").write_text(
        json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(json.dumps(results, ensure_ascii=False, indent=1))
    print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
