"""The build's bookkeeping without kernels: the record of what a run read, the manifest as the one record of what
is stale, the summary, whole lines from workers, leftovers of killed builds."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reportbuild.run import batch, manifest, record

PARAMETERS = {"region": "model_city", "start_year": 2012, "end_year": 2022, "compare": "on"}


def _in_child(script: str, cwd: Path) -> dict:
    """Run `script` in a fresh interpreter (audit hooks cannot be removed: keep them out of the test process)."""
    env = {**os.environ, "PYTHONPATH": str(Path(record.__file__).resolve().parents[1])}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=cwd, env=env)
    return json.loads(out.stdout)


def test_the_record_holds_what_was_read_under_the_roots_with_fingerprints(tmp_path):
    data, elsewhere = tmp_path / "data", tmp_path / "elsewhere"
    data.mkdir(), elsewhere.mkdir()
    (data / "a.csv").write_text("x\n"), (elsewhere / "b.csv").write_text("y\n")
    read = _in_child(
        f"""
import json, os, pandas
from reportbuild.run import record
record.install([{str(data)!r}])
pandas.read_csv({str(data / "a.csv")!r}); open({str(elsewhere / "b.csv")!r}).read()
open({str(data / "new.csv")!r}, "w").write("written, not read")
os.listdir({str(data)!r})
try:
    open({str(data / "missing.csv")!r})
except FileNotFoundError:
    pass
import helpers.wording.fmt
print(json.dumps(record.recorded()))""",
        tmp_path,
    )
    assert read[str(data / "a.csv")] == record.fingerprint(data / "a.csv")  # read through pandas: seen
    assert str(elsewhere / "b.csv") not in read and str(data / "new.csv") not in read  # outside the roots; written
    assert read[str(data)].startswith("dir:") and read[str(data / "missing.csv")] == "missing"
    modules = [Path(p).name for p in read if p.endswith(".py")]
    assert "fmt.py" in modules and "record.py" not in modules  # analysis modules count; the build's never


def test_the_builds_own_record_and_lock_are_never_inputs(tmp_path):
    """Reading manifest.json (to ask what is stale) while recording made every book depend on the manifest, which
    every build rewrites: nothing was ever current again."""
    reports = tmp_path / "reports"
    reports.mkdir()
    for name in ("manifest.json", ".build.lock", "results.json"):
        (reports / name).write_text("{}")
    read = _in_child(
        f"""
import json
from reportbuild.run import record
record.install([{str(reports)!r}])
for name in ("manifest.json", ".build.lock", "results.json"):
    open({str(reports)!r} + "/" + name).read()
print(json.dumps(record.recorded()))""",
        tmp_path,
    )
    assert str(reports / "results.json") in read
    assert str(reports / "manifest.json") not in read and str(reports / ".build.lock") not in read


def test_the_record_keeps_what_a_file_held_when_it_was_read(tmp_path):
    (tmp_path / "a.csv").write_text("before\n")
    read = _in_child(
        f"""
import json
from reportbuild.run import record
record.install([{str(tmp_path)!r}])
open({str(tmp_path / "a.csv")!r}).read()
open({str(tmp_path / "a.csv")!r}, "w").write("edited during the run")
open({str(tmp_path / "a.csv")!r}).read()
print(json.dumps(record.recorded()))""",
        tmp_path,
    )
    assert read[str(tmp_path / "a.csv")] != record.fingerprint(tmp_path / "a.csv")  # so the report will be stale


@pytest.fixture
def report(tmp_path):
    out, data = tmp_path / "reports" / "model_city" / "2012-2022", tmp_path / "data.csv"
    out.mkdir(parents=True)
    data.write_text("a\n")
    (out / "x.html").write_text("<p>")
    (out / "other.html").write_text("<p>other")
    read = {str(data): record.fingerprint(data), str(out / "other.html"): record.fingerprint(out / "other.html")}
    entry = manifest.report_entry(PARAMETERS, read, [out / "x.html"])
    manifest.update(out, {"x": entry})
    return out, data


def test_a_report_is_current_until_an_input_or_output_changes(report):
    out, data = report
    entry = manifest.read(out)["x"]
    assert "other.html" in entry["inputs"] and str(data) in entry["inputs"]  # beside it: named by its name
    assert manifest.why_stale(entry, PARAMETERS, out) is None
    os.utime(data)  # touched, same bytes: still current
    assert manifest.why_stale(entry, PARAMETERS, out) is None
    assert manifest.why_stale(entry, {**PARAMETERS, "compare": "off"}, out) == "built with other parameters"
    assert manifest.why_stale(None, PARAMETERS, out) == "never built here"
    assert manifest.why_stale({**entry, "data": "/elsewhere"}, PARAMETERS, out) == "built from another data folder"
    data.write_text("b\n")
    assert manifest.why_stale(entry, PARAMETERS, out) == f"{data} changed"
    data.write_text("a\n")
    (out / "x.html").write_text("<p>edited")
    assert manifest.why_stale(entry, PARAMETERS, out) == "x.html is missing or was changed"
    (out / "x.html").write_text("<p>")
    data.unlink()
    assert manifest.why_stale(entry, PARAMETERS, out) == f"{data} changed"


def test_summary_names_each_report_with_status_and_time(tmp_path):
    plan = batch.Plan(PARAMETERS, tmp_path)
    text = batch.summary(
        plan,
        [
            batch.Outcome("overview", "built", 4.25),
            batch.Outcome("social_affairs", "failed", 3.0, "chapter social_affairs: cell 4 raised X: y"),
            batch.Outcome("elderly_care", "up to date"),
            batch.Outcome("book", "skipped", message="a chapter failed"),
        ],
    )
    lines = text.splitlines()
    assert lines[0] == "summary (model_city 2012-2022, compare on):"
    assert lines[1].split() == ["overview", "built", "4.2s"] or lines[1].split() == ["overview", "built", "4.3s"]
    assert "failed" in lines[2] and "3.0s" in lines[2] and "cell 4 raised X: y" in lines[2]
    assert lines[3].split() == ["elderly_care", "up", "to", "date"]
    assert lines[4].split()[:2] == ["book", "skipped"]


def test_lines_from_many_workers_printing_at_once_stay_whole():
    """Eight forked workers print 400 progress lines each at once: every line arrives whole, none merged."""
    import subprocess
    import sys

    script = (
        "import multiprocessing, sys\n"
        "from reportbuild.run import batch\n"
        "def worker(n):\n"
        "    for i in range(400):\n"
        "        batch._say(f'[chapter_{n}_{\"x\" * (n * 20)}] started {i}')\n"
        "ctx = multiprocessing.get_context('fork')\n"
        "procs = [ctx.Process(target=worker, args=(n,)) for n in range(8)]\n"
        "[p.start() for p in procs]; [p.join() for p in procs]\n"
    )
    # Unbuffered output (PYTHONUNBUFFERED, as some CI and terminals set) is where print() splits a line in two.
    env = {**__import__("os").environ, "PYTHONUNBUFFERED": "1"}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env).stdout
    lines = out.splitlines()
    assert len(lines) == 8 * 400
    assert all(__import__("re").fullmatch(r"\[chapter_(\d)_x*\] started \d+", line) for line in lines)


def test_leftovers_of_dead_builds_are_removed_and_live_ones_kept(tmp_path):
    import os
    import subprocess
    import tempfile

    from reportbuild.run import leftovers

    dead = subprocess.Popen(["true"])  # a process that has ended: its pid names a dead build
    dead.wait()
    out, failed = tmp_path / "out", tmp_path / "failed" / "model_city"
    out.mkdir()
    failed.mkdir(parents=True)
    gone = [
        out / f".book.pdf.{dead.pid}.x1.part",
        failed / f"overview.{dead.pid}.running.ipynb",
        Path(tempfile.mkdtemp(prefix=f"kernel-{dead.pid}-")),
    ]
    kept = [
        out / f".book.pdf.{os.getpid()}.x2.part",
        failed / f"overview.{os.getpid()}.running.ipynb",
        out / "book.pdf",
    ]
    for path in gone[:2] + kept:
        path.write_text("x")
    removed = leftovers.remove(out, tmp_path / "failed")
    assert set(removed) >= set(gone) and not any(p.exists() for p in gone)
    assert all(p.exists() for p in kept)


@pytest.mark.parametrize("missing", ["pandas", "pandera"])
def test_a_half_made_environment_is_one_line_with_the_command_that_rebuilds_it(missing):
    """A package an interrupted install never wrote (or one removed by hand), as the build's entry point meets it."""
    script = (
        f"import runpy, sys; sys.modules[{missing!r}] = None; sys.argv = ['reportbuild', 'validate', 'model_city']; "
        "runpy.run_module('reportbuild', run_name='__main__')"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(record.__file__).resolve().parents[1])}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.startswith("error: the project's Python environment is incomplete (")
    assert result.stderr.rstrip().endswith("rebuild it: rm -f .venv/.bootstrap-stamp && make env")


def test_a_zombie_is_not_alive(tmp_path):
    """A killed build whose parent has not collected it yet must not keep its leftovers."""
    from reportbuild.run import leftovers

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    deadline = time.monotonic() + 10
    while Path(f"/proc/{child.pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
        assert time.monotonic() < deadline
    assert not leftovers.alive(child.pid) and leftovers.alive(os.getpid())
    child.wait()


@pytest.mark.parametrize(
    "text",
    ['{"reports": {"social_assistance": 5}}', '{"reports": [1, 2]}', '{"reports": {"x": {"inputs": 3}}}', "{", ""],
)
def test_a_damaged_manifest_means_rebuild_never_a_traceback(tmp_path, text):
    from reportbuild.run import manifest

    (tmp_path / manifest.MANIFEST_NAME).write_text(text, encoding="utf-8")
    assert manifest.read(tmp_path) == {}
    assert manifest.why_stale(manifest.read(tmp_path).get("social_assistance"), {}, tmp_path) == "never built here"


def test_a_runaway_output_is_cut_with_a_note():
    """A cell printing 50 MB would make a 50 MB page and a book that never finishes: a report shows the first
    OUTPUT_LIMIT characters and says how many there were."""
    from reportbuild.publish import render

    printed = {"output_type": "stream", "name": "stdout", "text": "x" * (render.OUTPUT_LIMIT + 10)}
    shown = render.bounded(printed)
    assert len(shown["text"]) < render.OUTPUT_LIMIT + 100 and "报告只显示前" in shown["text"]
    small = {"output_type": "display_data", "data": {"text/html": "<p>ok</p>"}}
    assert render.bounded(small) == {"output_type": "display_data", "data": {"text/html": "<p>ok</p>"}}


def test_an_appendix_table_is_bounded_and_says_where_the_rest_is():
    import pandas as pd

    from reportbuild.publish import book

    frame = pd.DataFrame({"事项": [f"事项{n}" for n in range(book.APPENDIX_ROWS + 5)]})
    html = book._bounded(frame, "附表2　大事及其原文", "各章数据的 events.csv")
    assert html.count("<tr>") == book.APPENDIX_ROWS + 1 and "另有5行未在此列出，全部见各章数据的 events.csv" in html


def test_a_linked_input_is_recorded_as_its_link_and_its_file(tmp_path):
    """Pointing a link at other content makes what read it stale: the record keeps where the link points."""
    first, second, link = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "link.csv"
    first.write_text("x\n", encoding="utf-8")
    second.write_text("x\n", encoding="utf-8")
    link.symlink_to(first)
    before = record.fingerprint(link)
    link.unlink()
    link.symlink_to(second)
    assert before.startswith("link:") and record.fingerprint(link) != before


def test_a_data_folder_outside_the_project_is_recorded_without_its_path(tmp_path, monkeypatch):
    """manifest.json names no folder of the machine: a data folder elsewhere (make DATA=/srv/…) is DATA/… in the
    inputs and a fingerprint of its path as the data folder; the names still lead back to the files."""
    data, out = tmp_path / "somewhere" / "data", tmp_path / "reports"
    (data / "x").mkdir(parents=True)
    table = data / "x" / "observations.csv"
    table.write_text("a\n", encoding="utf-8")
    monkeypatch.setenv("MINZHENG_DATA", str(data))
    name = manifest.input_name(table, out)
    assert name == "DATA/x/observations.csv" and manifest.input_path(name, out) == table.resolve()
    assert str(tmp_path) not in manifest.data_folder() and manifest.data_folder().startswith("outside the project")


@pytest.mark.parametrize("jobs, chapters, at_once", [(40, 3, 3), (1000, 7, 7), (2, 7, 2), (8, 0, 1), (1, 1, 1)])
def test_no_more_workers_than_chapters_to_build(jobs, chapters, at_once):
    """JOBS=40 for three chapters starts three workers (each boots a kernel), not forty."""
    assert batch.workers(jobs, chapters) == at_once
