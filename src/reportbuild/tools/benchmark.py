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


CPU = {"last": 0.0}  # CPU seconds (user + system) of the last timed command and every process it waited for


def _timed(command: list[str], **kwargs) -> float:
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU["last"] = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
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


# The peer a careful user would write (issue "Faster than a careful script"): one process, the papermill API,
# nbconvert's HTMLExporter and WeasyPrint imported once, a pool of two; every chapter, then the overview (it reads the
# chapters' results, taken from the cold build as the naive loop takes them). No book, no validation, no manifest.
CAREFUL = f"""import sys, multiprocessing
from pathlib import Path
import papermill, weasyprint
from nbconvert import HTMLExporter
out, results = Path(sys.argv[1]), sys.argv[2]
jobs = [a.split("=", 1) for a in sys.argv[3:]]
def build(job):
    name, notebook = job
    parameters = dict(region="{REGION}", start_year={START}, end_year={END}, compare="on")
    if name == "overview":
        parameters["results_dir"] = results
    executed = out / (name + ".ipynb")
    papermill.execute_notebook(notebook, str(executed), parameters=parameters, progress_bar=False,
                               cwd=str(Path(notebook).parent))
    exporter = HTMLExporter()
    exporter.exclude_input = True
    html, _ = exporter.from_filename(str(executed))
    (out / (name + ".html")).write_text(html, encoding="utf-8")
    weasyprint.HTML(string=html).write_pdf(out / (name + ".pdf"))
if __name__ == "__main__":
    out.mkdir(parents=True, exist_ok=True)
    with multiprocessing.get_context("fork").Pool(2) as pool:
        pool.map(build, [j for j in jobs if j[0] != "overview"], chunksize=1)
    build(next(j for j in jobs if j[0] == "overview"))
"""


def _careful(data: Path, out: Path, chapters) -> float:
    shutil.rmtree(out, ignore_errors=True)
    results = SCRATCH / "cold" / REGION / f"{START}-{END}" / "results"
    jobs = [f"{c.id}={c.notebook}" for c in chapters]
    env = {**os.environ, "MINZHENG_DATA": str(data)}
    return _timed([sys.executable, "-c", CAREFUL, str(out), str(results), *jobs], env=env)


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


def _spread(values: list[float]) -> dict:
    """The median of repeated measurements and their range."""
    return {"median": round(statistics.median(values), 3), "min": round(min(values), 3), "max": round(max(values), 3)}


def _ratio(numerators: list[float], denominators: list[float]) -> dict:
    """A ratio per pair of measurements (or against one), with its spread."""
    if len(denominators) == 1:
        denominators = denominators * len(numerators)
    return _spread([n / d for n, d in zip(numerators, denominators)])


def _shown(spread: dict, digits: int = 2, unit: str = "") -> str:
    return f"{spread['median']:.{digits}f}{unit} ({spread['min']:.{digits}f}–{spread['max']:.{digits}f})"


def markdown(results: dict) -> str:
    """The table the README quotes: medians with their range (min–max) over the runs."""
    ratios, naive = results["ratios"], results["naive_stages"]
    rows = [
        (
            f"cold `make` (all chapters + both editions of the book), {len(results['cold_runs'])} runs",
            _shown(_spread(results["cold_runs"]), 1, " s"),
            f"{_shown(ratios['cold / careful script (no book)'])} × the careful script (target ≤ 1.0); "
            f"{_shown(ratios['cold / naive'])} × naive (target ≤ 0.25)",
        ),
        (
            "careful script (papermill API, HTMLExporter, WeasyPrint, a pool of 2; no book, validation or manifest)",
            _shown(_spread(results["careful_runs"]), 1, " s"),
            "run after each cold `make`, in pairs",
        ),
        (
            "cold `make JOBS=1` (one chapter at a time)",
            f"{results['cold_one_job']:.1f} s",
            f"{results['cold_one_job'] / results['naive']:.2f} × naive",
        ),
        (
            "naive loop (papermill, nbconvert, weasyprint CLIs per notebook; book)",
            f"{results['naive']:.1f} s",
            f"papermill {naive['papermill']:.1f} · nbconvert {naive['nbconvert']:.1f} · "
            f"weasyprint {naive['weasyprint']:.1f} · book {naive['book']:.1f}",
        ),
        ("no-op `make` (5 runs)", _shown(_spread(results["no_op_runs"]), 3, " s"), "target < 0.3 s"),
        (
            f"after editing a figure's note in one chapter ({len(results['one_chapter_runs'])} runs)",
            _shown(_spread(results["one_chapter_runs"]), 1, " s"),
            f"rebuilt {', '.join(results['one_chapter_rebuilt'])}; "
            f"{_shown(ratios['one chapter / budget'])} × budget (1.5 × cold ÷ chapters + the book's part; "
            f"target ≤ 1.0); of which {', '.join(f'{k} {v:.1f} s' for k, v in results['one_chapter_parts'].items())}",
        ),
        (
            "after editing an event in one chapter",
            f"{results['one_event']:.1f} s",
            f"rebuilt {', '.join(results['one_event_rebuilt'])}; "
            f"of which {', '.join(f'{k} {v:.1f} s' for k, v in results['one_event_parts'].items())}",
        ),
    ]
    regions = results.get("regions")
    if regions:
        seconds = regions["seconds"]
        rows.append(
            (
                "`make regions`, 1 / 4 / 16 copies of the smallest region",
                " / ".join(f"{seconds[n]:.1f} s" for n in REGION_COUNTS),
                f"{regions['marginal 4 to 16, per region']:.2f} s a region from 4 to 16 "
                f"({regions['core seconds per region']:.1f} core-seconds)",
            )
        )
    table = ["| build | time: median (range) | notes |", "|---|---|---|"] + [f"| {a} | {b} | {c} |" for a, b, c in rows]
    breakdown = " · ".join(f"{name} {seconds:.1f} s" for name, seconds in results["cold_stages"].items())
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
    results["regions"]["core seconds per region"] = round(
        results["regions"]["marginal 4 to 16, per region"] * (os.cpu_count() or 1), 2
    )


CLUSTER_REGIONS, CLUSTER_CORES = (333, 2_800), (2, 16, 64)


def cluster_projection(results: dict) -> dict:
    """What every prefecture (333) or every county (about 2,800) takes on 2, 16 and 64 cores, in hours, from the
    measured core-seconds of a region: the smallest region's (a notice, 2–3 chapters) and Jinzhong's (8 chapters
    and a 71-page book, from the cold builds' CPU time). Regions are independent tasks, so time scales as
    regions × core-seconds ÷ cores (plus the slowest region's own time)."""
    costs = {"smallest region": results["regions"]["core seconds per region"], REGION: results["cold_cpu"]}
    return {
        name: {
            f"{n} regions on {c} cores": round(n * seconds / c / 3600, 2)
            for n in CLUSTER_REGIONS
            for c in CLUSTER_CORES
        }
        for name, seconds in costs.items()
    }


def markdown_cluster(results: dict) -> str:
    """The README's table of what many regions take on a cluster (cluster_projection)."""
    costs = {"smallest region": results["regions"]["core seconds per region"]}
    if results.get("cold_cpu"):
        costs[f"a region like {REGION}"] = results["cold_cpu"]
    header = "| region | core-seconds | " + " | ".join(
        f"{n:,} regions, {c} cores" for n in CLUSTER_REGIONS for c in CLUSTER_CORES
    )
    rows = [header + " |", "|---" * (2 + len(CLUSTER_REGIONS) * len(CLUSTER_CORES)) + "|"]
    for name, seconds in costs.items():
        hours = [n * seconds / c / 3600 for n in CLUSTER_REGIONS for c in CLUSTER_CORES]
        rows.append(
            f"| {name} | {seconds:.1f} | "
            + " | ".join(f"{h:.1f} h" if h >= 1 else f"{h * 60:.0f} min" for h in hours)
            + " |"
        )
    return "\n".join(rows)


PAIRS = 3  # cold `make` and the careful script, run alternately


def _cold_pairs(results: dict, data: Path, chapters) -> None:
    """Cold `make` and the careful script, alternately, PAIRS times (the machine's drift falls on both)."""
    results["cold_runs"], results["careful_runs"] = [], []
    for run in range(PAIRS):
        shutil.rmtree(SCRATCH / "cold", ignore_errors=True)
        results["cold_runs"].append(round(_make(SCRATCH / "cold", data), 2))
        results.setdefault("cold_cpu_runs", []).append(round(CPU["last"], 2))
        results["careful_runs"].append(round(_careful(data, SCRATCH / "careful", chapters), 2))
        print(
            f"  pair {run + 1}: cold make {results['cold_runs'][-1]:.1f} s, careful script "
            f"{results['careful_runs'][-1]:.1f} s",
            flush=True,
        )
    results["cold"] = statistics.median(results["cold_runs"])
    results["cold_cpu"] = statistics.median(results["cold_cpu_runs"])
    log = _run_log(SCRATCH / "cold")
    results["cold_stages"] = _stage_totals(log)
    results["book_part"] = log["reports"]["book"]["seconds"]


def _edits(results: dict, data: Path, chapters) -> None:
    """One chapter's data edited (a figure's note the overview does not show), three times; then an event."""
    edited = data / REGION / EDITED_CHAPTER
    headline = next(c.headline for c in chapters if c.id == EDITED_CHAPTER)  # what the overview shows of it
    runs = []
    for _ in range(3):
        _one_edit(results, "one_chapter", edited / "observations.csv", "period_note", data, unless=headline)
        runs.append(results["one_chapter"])
    results["one_chapter_runs"] = runs
    _one_edit(results, "one_event", edited / "events.csv", "event_zh", data)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv == ["regions"]:
        results = {"machine": {"cpus": os.cpu_count()}}
        regions_scaling(results)
        print(markdown_cluster({**results, "cold_cpu": None}))
        print(json.dumps(results, ensure_ascii=False, indent=1))
        return 0
    shutil.rmtree(SCRATCH, ignore_errors=True)
    data = SCRATCH / "data"
    shutil.copytree(PROJECT_ROOT / "data", data)
    chapters, _ = region_chapters(REGION)
    results = {"machine": {"cpus": os.cpu_count()}, "chapters": len(chapters)}
    print(f"benchmark: {len(chapters)} chapters and the book of {REGION} {START}-{END}, scratch in {SCRATCH}")
    _cold_pairs(results, data, chapters)
    results["no_op_runs"] = [round(_make(SCRATCH / "cold", data), 3) for _ in range(5)]
    _edits(results, data, chapters)
    print(
        f"  no-op: {statistics.median(results['no_op_runs']):.3f} s; one chapter: "
        f"{statistics.median(results['one_chapter_runs']):.1f} s",
        flush=True,
    )
    results["cold_one_job"] = round(_make(SCRATCH / "one-job", data, "JOBS=1"), 2)
    print(f"  cold JOBS=1: {results['cold_one_job']:.1f} s", flush=True)
    results["naive_stages"] = _naive(data, SCRATCH / "naive", chapters)
    results["naive"] = round(sum(results["naive_stages"].values()), 2)
    print(f"  naive loop: {results['naive']:.1f} s", flush=True)
    results["startups"] = _startups()
    regions_scaling(results)
    results["cluster"] = cluster_projection(results)
    budget = [cold / len(chapters) * 1.5 + results["book_part"] for cold in results["cold_runs"]]
    results["ratios"] = {
        "cold / careful script (no book)": _ratio(results["cold_runs"], results["careful_runs"]),
        "cold / naive": _ratio(results["cold_runs"], [results["naive"]]),
        "one chapter / budget": _ratio(results["one_chapter_runs"], [statistics.median(budget)]),
    }
    results["targets_met"] = {
        "cold ≤ 1.0 × careful script": results["ratios"]["cold / careful script (no book)"]["median"] <= 1.0,
        "cold ≤ 0.25 × naive": results["ratios"]["cold / naive"]["median"] <= 0.25,
        "no-op < 0.3 s": statistics.median(results["no_op_runs"]) < 0.3,
        "one chapter ≤ 1.0 × budget": results["ratios"]["one chapter / budget"]["median"] <= 1.0,
    }
    (PROJECT_ROOT / "build" / "benchmark.json").write_text(
        json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(json.dumps(results, ensure_ascii=False, indent=1))
    print(markdown(results))
    print(markdown_cluster(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
