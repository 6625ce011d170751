"""The build through make: what each report read, what a change rebuilds, parallel bytes, failures, Ctrl-C,
the manifest as the one record of what is stale."""

import hashlib
import json
import os
import re
import shutil
from contextlib import contextmanager
from pathlib import Path

import nbformat
import pytest

from conftest import make
from helpers.base.paths import PROJECT_ROOT
from helpers.data.chapters import built_chapters
from reportbuild.run.batch import run_log

pytestmark = pytest.mark.e2e
CHAPTERS = [c.id for c in built_chapters()]
# The chapters whose notebooks import the comparison section (read from the notebooks, not listed here).
COMPARING = {c.id for c in built_chapters() if "comparisons" in c.notebook.read_text(encoding="utf-8")}


def _hashes(folder):
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in folder.iterdir()
        if p.is_file() and not p.name.startswith(".")
    }


def _inputs(out, report) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))["reports"][report]["inputs"]


def _attempted(root) -> set[str]:
    """The reports the last batch of `root` built or tried to, from its machine-readable run log."""
    log = json.loads(run_log(_out(root), root / "project" / "build" / "runs").read_text(encoding="utf-8"))
    assert log["out"] == str(_out(root).resolve()), "the run log is of another build"
    return {report for report, entry in log["reports"].items() if entry["status"] in ("built", "failed")}


@contextmanager
def edited(path, old, new):
    """`path` with `old` replaced by `new`, then given back byte for byte (so other tests see no change)."""
    original = path.read_bytes()
    assert old.encode() in original
    path.write_bytes(original.replace(old.encode(), new.encode(), 1))
    try:
        yield
    finally:
        path.write_bytes(original)


@contextmanager
def failing_cell(root, chapter_id, source="raise RuntimeError('演示：这一章出错')"):
    """The chapter's notebook (in the fixture's copy of the project) with a cell that fails, restored byte for byte
    afterwards."""
    path = root / "project" / "notebooks" / f"{chapter_id}.ipynb"
    original = path.read_bytes()
    nb = nbformat.reads(original.decode("utf-8"), as_version=4)
    nb.cells.insert(3, nbformat.v4.new_code_cell(source))
    nbformat.write(nb, path)
    try:
        yield
    finally:
        path.write_bytes(original)


REGION, YEARS = "odd_county", "2005-2023"  # the fixture region of `odd` (tests/fixture_regions.py)


def _out(root):
    return root / "reports" / REGION / YEARS


@contextmanager
def restored(root):
    """Give the fixture's reports (and their manifest) back as they were, once the inputs are back as they were:
    cheaper than building them again, and as exact."""
    keep = root / "kept"
    shutil.copytree(_out(root), keep)
    try:
        yield
    finally:
        shutil.rmtree(_out(root))
        keep.rename(_out(root))


def _make_odd(root, *args, check=True):
    places = [f"REPORTS={root / 'reports'}", f"DATA={root / 'data'}"]
    return make(f"REGION={REGION}", *places, *args, check=check, project=root / "project")


def _chapters(root):
    return [c for c in built_chapters() if (root / "data" / REGION / c.id).is_dir()]


def test_each_report_records_what_it_read(built):
    affairs, assistance = _inputs(built, "social_affairs"), _inputs(built, "social_assistance")
    overview, book = _inputs(built, "overview"), _inputs(built, "book")
    assert "data/jinzhong/social_affairs/observations.csv" in affairs
    assert "notebooks/social_affairs.ipynb" in affairs and "src/helpers/page/charts.py" in affairs
    assert not any("elderly_care" in name or "social_assistance/" in name for name in affairs)
    assert "src/helpers/page/comparisons.py" in assistance and "data/context.csv" in assistance
    # The overview reads what the chapters published, not their data.
    assert {f"results/{c}.json" for c in CHAPTERS if c != "overview"} <= set(overview)
    assert "src/helpers/page/comparisons.py" not in overview and "data/context.csv" not in overview
    assert not any(f"data/jinzhong/{c}/" in name for c in CHAPTERS if c != "overview" for name in overview)
    assert "src/reportbuild/publish/book.py" in book and "src/reportbuild/publish/templates/book/book.css" in book
    assert "src/reportbuild/publish/book.py" not in affairs and "src/reportbuild/publish/render.py" in affairs
    for report in CHAPTERS + ["book"]:  # what runs the build never shapes a report
        assert not {"src/reportbuild/run/kernels.py", "src/reportbuild/run/batch.py"} & set(_inputs(built, report))


def test_a_chapter_built_alone_in_the_build_process_is_byte_for_byte_the_one_built_by_a_worker(odd, tmp_path):
    """The fixture was built two chapters at a time, in forked workers; one chapter asked for alone is built in
    the build's own process. Same bytes, same record."""
    chapter = [c.id for c in _chapters(odd) if c.number][-1]
    target = f"{tmp_path / REGION / YEARS}/{chapter}.pdf"
    make(f"REGION={REGION}", f"REPORTS={tmp_path}", f"DATA={odd / 'data'}", target, project=odd / "project")
    alone, pooled = _hashes(tmp_path / REGION / YEARS), _hashes(_out(odd))
    assert {name for name in alone if name != "manifest.json"} == {f"{chapter}{s}" for s in (".ipynb", ".html", ".pdf")}
    assert all(alone[name] == pooled[name] for name in alone if name != "manifest.json")
    recorded = {
        folder: json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["reports"][chapter]
        for folder in (tmp_path / REGION / YEARS, _out(odd))
    }
    assert recorded[tmp_path / REGION / YEARS] == recorded[_out(odd)]


def test_nothing_changed_nothing_built(odd):
    data = odd / "data" / REGION / "social_assistance" / "observations.csv"
    os.utime(data)  # touched: same bytes
    result = _make_odd(odd)
    assert "is current" in result.stdout and _attempted(odd) == set(), result.stdout


EVENT = (
    "event_id,year,month,kind,event_zh,source_id,quote\n"
    "census,,,policy,公布常住人口,odd_county_notice,目前全县常住人口50万人\n"
)


@pytest.mark.parametrize(
    "change, rebuilt",
    [
        # the note of a figure the overview does not show: the chapter changes, what it tells the overview does not;
        # the book (its appendix reads every figure) runs again
        (("observations.csv", ",article_date,,12,", ",article_date,截至今年7月1日,12,"), {"social_assistance", "book"}),
        # a new event: the chapter and the overview's time line change
        (("events.csv", None, EVENT), {"social_assistance", "overview", "book"}),
    ],
)
def test_one_chapters_data_rebuilds_what_changed_with_it(odd, change, rebuilt):
    table, old, new = change
    path = odd / "data" / REGION / "social_assistance" / table
    with restored(odd):
        if old is None:
            path.write_text(new, encoding="utf-8")
            try:
                result = _make_odd(odd)
            finally:
                path.unlink()
        else:
            with edited(path, old, new):
                result = _make_odd(odd)
        assert _attempted(odd) == rebuilt, result.stdout + result.stderr


@pytest.mark.parametrize(
    "module, rebuilt",
    [
        ("helpers/page/comparisons.py", "comparing"),  # their reports come out the same: the book stays current
        ("reportbuild/publish/book.py", {"book"}),
        ("reportbuild/run/kernels.py", set()),  # runs the build, never shapes a report
    ],
)
def test_a_module_rebuilds_exactly_the_reports_whose_runs_used_it(odd, module, rebuilt):
    if rebuilt == "comparing":
        rebuilt = COMPARING & {c.id for c in _chapters(odd)}
    path = odd / "project" / "src" / module
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    with restored(odd), edited(path, first_line, first_line + "  "):
        result = _make_odd(odd)
        assert _attempted(odd) == rebuilt, result.stdout + result.stderr


def test_a_failing_chapter_is_one_line_the_others_are_built_and_summarised(odd):
    failing = [c.id for c in _chapters(odd) if c.number][-1]
    before = _hashes(_out(odd))
    with (
        restored(odd),
        edited(odd / "data" / REGION / "social_assistance" / "observations.csv", "rural_before,", "rural_earlier,"),
        failing_cell(odd, failing),
    ):
        result = _make_odd(odd, check=False)
        attempted = _attempted(odd)
        after = _hashes(_out(odd))
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, result.stderr
    assert re.search(rf"chapter {failing}: cell \d+ raised RuntimeError: 演示：这一章出错", errors[0])
    assert f"build/failed/{REGION}/{failing}.ipynb" in errors[0]
    assert result.returncode != 0 and attempted == {failing, "social_assistance"}
    summary = result.stdout[result.stdout.index(f"summary ({REGION} {YEARS}, compare on):") :]
    rows = {line.split()[0]: line for line in summary.splitlines()[1:]}
    assert list(rows) == ["overview"] + [c.id for c in _chapters(odd)] + ["book"]
    failed = rf"{failing}\s+failed\s+\d+\.\ds\s+chapter {failing}: cell \d+ raised RuntimeError"
    assert re.search(failed, summary) and re.search(r"social_assistance\s+built\s+\d+\.\ds", summary)
    assert re.search(r"book\s+skipped", summary) and re.search(r"overview\s+skipped", summary)
    assert (odd / "project" / "build" / "failed" / REGION / f"{failing}.ipynb").exists()
    assert after[f"{failing}.pdf"] == before[f"{failing}.pdf"]  # the good report is kept


def _kernels_of(out) -> list[str]:
    """Kernel processes started for builds of `out` (their environment names it): this test's, no one else's."""
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if f"{out}".encode() in environ.read_bytes() and b"MINZHENG_RECORD=" in environ.read_bytes():
                found.append(environ.parent.name)
        except OSError:
            continue
    return found


def test_manifest_traces_every_report(built):
    manifest = json.loads((built / "manifest.json").read_text(encoding="utf-8"))["reports"]
    assert sorted(manifest) == sorted(CHAPTERS + ["book"])
    for report, entry in manifest.items():
        assert entry["outputs"], report
        for name, digest in entry["outputs"].items():
            assert hashlib.sha256((built / name).read_bytes()).hexdigest() == digest
        assert entry["parameters"] == {"region": "jinzhong", "start_year": 2012, "end_year": 2022, "compare": "on"}
        assert entry["data"] == "data"
        assert len(entry["code"]["commit"]) == 40 and isinstance(entry["code"]["dirty"], bool)
        assert entry["packages"]["papermill"] and entry["packages"]["weasyprint"]
        assert entry["cjk_font"]["family"] == "Noto Sans CJK SC" and os.path.exists(entry["cjk_font"]["file"])
    data = "data/jinzhong/social_affairs/observations.csv"
    assert manifest["social_affairs"]["inputs"][data] == hashlib.sha256((PROJECT_ROOT / data).read_bytes()).hexdigest()
    assert "notebooks/social_affairs.ipynb" in manifest["social_affairs"]["inputs"]
    assert "social_affairs.html" in manifest["book"]["inputs"]  # other reports by name: entries do not name folders
