"""The build's bookkeeping without kernels: dependency files, the record of what was read, make's flags, the summary."""
import os
import time
from pathlib import Path

import pytest

from helpers import batch, depfiles, inputs
from helpers.paths import PROJECT_ROOT


def _age(path: Path, seconds_ago: float) -> None:
    moment = time.time() - seconds_ago
    os.utime(path, (moment, moment))


@pytest.fixture
def report(tmp_path):
    source, output, depfile = tmp_path / "data.csv", tmp_path / "out.html", tmp_path / "deps" / "out.d"
    source.write_text("a\n")
    output.write_text("<p>")
    _age(source, 60)
    depfiles.write(depfile, [output], [source, PROJECT_ROOT / "notebooks" / "chapters.yml"])
    return source, output, depfile


def test_dependency_file_is_a_make_rule_with_empty_rules_for_each_input(report):
    source, output, depfile = report
    text = depfile.read_text(encoding="utf-8")
    assert f"{output}: \\\n" in text and f"  {source} \\\n" in text and "  notebooks/chapters.yml\n" in text
    assert f"\n{source}:\n" in text and "\nnotebooks/chapters.yml:\n" in text  # like gcc -MP
    assert depfiles.read(depfile) == [source, PROJECT_ROOT / "notebooks" / "chapters.yml"]


def test_report_is_out_of_date_when_an_input_is_newer_missing_or_unrecorded(report):
    source, output, depfile = report
    assert not depfiles.out_of_date([output], depfile, also=[])
    source.touch()
    assert depfiles.out_of_date([output], depfile)
    _age(source, 60)
    source.unlink()
    assert depfiles.out_of_date([output], depfile)
    source.write_text("a\n")
    _age(source, 60)
    assert depfiles.out_of_date([output], depfile.with_name("none.d"))
    assert depfiles.out_of_date([output, output.with_suffix(".pdf")], depfile)


def test_record_of_what_was_read(tmp_path):
    inputs.forget()
    inputs.note(tmp_path / "x.csv")
    record = tmp_path / "record.json"
    inputs.write_record(record)
    read = record.read_text(encoding="utf-8")
    assert str(tmp_path / "x.csv") in read and str(PROJECT_ROOT / "src/helpers/inputs.py") in read
    assert "depfiles.py" not in read  # bookkeeping modules never shape a report


@pytest.mark.parametrize("makeflags, jobs, keep_going", [
    ("", 2, False),
    (" -j1 --jobserver-auth=3,4", 1, False),
    ("k -j3 --jobserver-auth=3,4", 3, True),
    ("ks", 2, True),
    ("s -- REGION=shanxi", 2, False),
])
def test_make_flags(makeflags, jobs, keep_going):
    assert batch.jobs_from_make(makeflags, 2) == jobs
    assert batch.keep_going_from_make(makeflags) == keep_going


def test_summary_names_each_report_with_status_and_time(tmp_path):
    plan = batch.Plan({"region": "jinzhong", "start_year": 2012, "end_year": 2022, "compare": "on"},
                      tmp_path, tmp_path)
    text = batch.summary(plan, [batch.Outcome("overview", "built", 4.25),
                                batch.Outcome("social_affairs", "failed", 3.0, "chapter social_affairs: cell 4 raised X: y"),
                                batch.Outcome("elderly_care", "up to date"),
                                batch.Outcome("book", "skipped", message="a chapter failed")])
    lines = text.splitlines()
    assert lines[0] == "summary (jinzhong 2012-2022, compare on):"
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
        "from helpers import batch\n"
        "def worker(n):\n"
        "    for i in range(400):\n"
        "        batch._say(f'[chapter_{n}_{\"x\" * (n * 20)}] started {i}')\n"
        "ctx = multiprocessing.get_context('fork')\n"
        "procs = [ctx.Process(target=worker, args=(n,)) for n in range(8)]\n"
        "[p.start() for p in procs]; [p.join() for p in procs]\n")
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
    from helpers import leftovers
    dead = subprocess.Popen(["true"])  # a process that has ended: its pid names a dead build
    dead.wait()
    out, failed = tmp_path / "out", tmp_path / "failed" / "jinzhong"
    out.mkdir()
    failed.mkdir(parents=True)
    gone = [out / f".book.pdf.{dead.pid}.x1.part", failed / f"overview.{dead.pid}.running.ipynb",
            Path(tempfile.mkdtemp(prefix=f"kernel-{dead.pid}-"))]
    kept = [out / f".book.pdf.{os.getpid()}.x2.part", failed / f"overview.{os.getpid()}.running.ipynb", out / "book.pdf"]
    for path in gone[:2] + kept:
        path.write_text("x")
    removed = leftovers.remove(out, tmp_path / "failed")
    assert set(removed) >= set(gone) and not any(p.exists() for p in gone)
    assert all(p.exists() for p in kept)
