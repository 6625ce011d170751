"""The build through make: recorded dependencies, what a change rebuilds, parallel bytes, -k, Ctrl-C, the manifest."""
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import time
from contextlib import contextmanager

import nbformat
import pytest

from helpers import depfiles
from helpers.batch import RUN_LOG
from helpers.chapters import built_chapters
from helpers.paths import PROJECT_ROOT

from conftest import DATA, make

pytestmark = pytest.mark.e2e
CHAPTERS = [c.id for c in built_chapters()]
# The chapters whose notebooks import the comparison section (read from the notebooks, not listed here).
COMPARING = {c.id for c in built_chapters() if "comparisons" in c.notebook.read_text(encoding="utf-8")}


def _hashes(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()}


def _depfile(out, report):
    return depfiles.folder_for(out) / f"{report}.d"


def _run_log(root):
    return depfiles.folder_for(_out(root)) / RUN_LOG


def _attempted(root) -> set[str]:
    """The reports the last batch built or tried to, from its machine-readable run log (not terminal text)."""
    try:
        log = json.loads(_run_log(root).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return set()  # no batch ran: nothing was out of date
    return {report for report, entry in log["reports"].items() if entry["status"] in ("built", "failed")}


@contextmanager
def touched(path):
    """Make `path` newer than every report, then give it back its time (so other tests see no change)."""
    before = path.stat()
    path.touch()
    try:
        yield
    finally:
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


@contextmanager
def failing_cell(chapter_id, source="raise RuntimeError('演示：这一章出错')"):
    """The chapter's notebook with a cell that fails, restored byte for byte (and in time) afterwards."""
    path = PROJECT_ROOT / "notebooks" / f"{chapter_id}.ipynb"
    original, stat = path.read_bytes(), path.stat()
    nb = nbformat.reads(original.decode("utf-8"), as_version=4)
    nb.cells.insert(3, nbformat.v4.new_code_cell(source))
    nbformat.write(nb, path)
    try:
        yield
    finally:
        path.write_bytes(original)
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


@pytest.fixture(scope="module")
def private(tmp_path_factory):
    """Reports built with `make -j2` from a private copy of data/, for tests that change inputs."""
    root = tmp_path_factory.mktemp("private")
    shutil.copytree(DATA, root / "data")
    make("-j2", f"REPORTS={root / 'reports'}", f"DATA={root / 'data'}")
    return root


def _make_private(root, *args, check=True):
    _run_log(root).unlink(missing_ok=True)  # so that _attempted reads this run's log, or none
    return make(f"REPORTS={root / 'reports'}", f"DATA={root / 'data'}", *args, check=check)


def _out(root):
    return root / "reports" / "jinzhong" / "2012-2022"


def test_dependency_files_list_what_each_chapter_read(built):
    affairs = _depfile(built, "social_affairs").read_text(encoding="utf-8")
    assistance = _depfile(built, "social_assistance").read_text(encoding="utf-8")
    overview = _depfile(built, "overview").read_text(encoding="utf-8")
    assert "data/jinzhong/social_affairs/observations.csv \\" in affairs
    assert "notebooks/social_affairs.ipynb" in affairs and "src/helpers/charts.py" in affairs
    assert "elderly_care" not in affairs and "social_assistance/" not in affairs
    assert "src/helpers/comparisons.py" in assistance and "data/context.csv" in assistance
    assert "src/helpers/comparisons.py" not in overview and "data/context.csv" not in overview
    assert all(f"data/jinzhong/{c}/" in overview for c in CHAPTERS if c != "overview")
    book = _depfile(built, "book").read_text(encoding="utf-8")
    assert "src/helpers/book.py" in book and "src/helpers/templates/book/book.css" in book
    assert "src/helpers/book.py" not in affairs


def test_make_j2_gives_the_same_bytes_as_plain_make(private, built):
    mine, theirs = _hashes(_out(private)), _hashes(built)
    mine.pop("manifest.json"), theirs.pop("manifest.json")  # it names the data folder, which differs
    assert mine == theirs


def test_nothing_changed_nothing_built(private):
    result = _make_private(private)
    assert "Nothing to be done" in result.stdout


def test_one_chapters_data_rebuilds_that_chapter_the_overview_and_the_book(private):
    before = _hashes(_out(private))
    os.utime(private / "data" / "jinzhong" / "social_affairs" / "observations.csv")
    result = _make_private(private)
    # The overview summarises every chapter's figures, so it reads (and depends on) every chapter's data.
    assert _attempted(private) == {"social_affairs", "overview", "book"}, result.stdout + result.stderr
    assert _hashes(_out(private)) == before  # same inputs, same bytes


def test_a_helper_rebuilds_exactly_the_chapters_that_import_it(private):
    with touched(PROJECT_ROOT / "src" / "helpers" / "comparisons.py"):
        result = _make_private(private)
    assert _attempted(private) == COMPARING | {"book"}, result.stdout + result.stderr
    with touched(PROJECT_ROOT / "src" / "helpers" / "book.py"):
        result = _make_private(private)
    assert _attempted(private) == {"book"}, result.stdout + result.stderr


def test_keep_going_attempts_every_chapter_and_summarises(private):
    for chapter in ("social_affairs", "elderly_care"):
        os.utime(private / "data" / "jinzhong" / chapter / "observations.csv")
    before = _hashes(_out(private))
    with failing_cell("admin_divisions"):
        result = _make_private(private, "-k", check=False)
        attempted = _attempted(private)
        plain = _make_private(private, check=False)  # without -k: the one line, no summary
    errors = [line for line in plain.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, plain.stderr
    assert re.search(r"chapter admin_divisions: cell \d+ raised RuntimeError: 演示：这一章出错", errors[0])
    assert "build/failed/jinzhong/admin_divisions.ipynb" in errors[0] and "summary" not in plain.stdout
    assert result.returncode != 0
    assert attempted == {"admin_divisions", "social_affairs", "elderly_care", "overview"}
    summary = result.stdout[result.stdout.index("summary (jinzhong 2012-2022, compare on):"):]
    rows = {line.split()[0]: line for line in summary.splitlines()[1:]}
    assert list(rows) == CHAPTERS + ["book"]
    assert re.search(r"admin_divisions\s+failed\s+\d+\.\ds\s+chapter admin_divisions: cell \d+ raised RuntimeError", summary)
    assert re.search(r"social_affairs\s+built\s+\d+\.\ds", summary) and "book                   skipped" in summary
    assert re.search(r"child_welfare\s+up to date", summary)
    assert (PROJECT_ROOT / "build" / "failed" / "jinzhong" / "admin_divisions.ipynb").exists()
    after = _hashes(_out(private))
    after.pop("manifest.json"), before.pop("manifest.json")  # rebuilt reports are recorded (with a dirty tree)
    assert after == before
    # The notebook is back as it was, so admin_divisions' reports are current again; the book catches up.
    _make_private(private)
    assert _attempted(private) == {"book"}


@pytest.mark.parametrize("source, says", [("while True: pass", "ran longer than 3 s (CELL_TIMEOUT) and was stopped"),
                                          ("import os\nos._exit(0)", "ended its kernel")])
def test_a_runaway_cell_or_a_dead_kernel_fails_its_chapter_in_seconds(private, source, says):
    """No hang: the chapter fails with one line naming the chapter and the cell; the others go on with -k."""
    os.utime(private / "data" / "jinzhong" / "social_affairs" / "observations.csv")
    before = _hashes(_out(private))
    started = time.monotonic()
    with failing_cell("admin_divisions", source):
        result = _make_private(private, "-k", "CELL_TIMEOUT=3", check=False)
    assert time.monotonic() - started < 90, "the build hung"
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and re.match(r"error: chapter admin_divisions: cell \d+ ", errors[0]) and says in errors[0]
    assert result.returncode != 0 and re.search(r"social_affairs\s+built", result.stdout)
    after = _hashes(_out(private))
    assert after.get("admin_divisions.pdf") == before.get("admin_divisions.pdf")  # the good report is kept
    _make_private(private)  # the notebook is back: everything current again


def test_interrupted_build_leaves_every_report_whole(private):
    """Ctrl-C in the middle: each report is its previous bytes or a complete new build, never a part."""
    out = _out(private)
    before = _hashes(out)
    for chapter in CHAPTERS:
        if chapter != "overview":
            os.utime(private / "data" / "jinzhong" / chapter / "observations.csv")
    command = ["make", "--no-print-directory", f"REPORTS={private / 'reports'}", f"DATA={private / 'data'}"]
    build = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, start_new_session=True)
    deadline = time.monotonic() + 120
    while not list(out.glob(".*.part")) and time.monotonic() < deadline:
        time.sleep(0.05)  # interrupt while files are being written
    os.killpg(build.pid, signal.SIGINT)
    stdout, stderr = build.communicate(timeout=120)
    assert build.returncode != 0, stdout
    assert not list(out.glob("*.part")) and not list(out.glob(".*.part"))
    assert _hashes(out) == before  # builds are reproducible, so a finished report has its old bytes
    assert "Traceback" not in stderr, stderr
    leftover = subprocess.run(["pgrep", "-f", "ipykernel_launcher"], capture_output=True, text=True).stdout
    assert not leftover.strip(), "a kernel outlived the interrupted build"


def test_manifest_traces_every_report(built):
    manifest = json.loads((built / "manifest.json").read_text(encoding="utf-8"))["reports"]
    assert sorted(manifest) == sorted(CHAPTERS + ["book"])
    for report, entry in manifest.items():
        for name, digest in entry["outputs"].items():
            assert hashlib.sha256((built / name).read_bytes()).hexdigest() == digest
        assert entry["parameters"] == {"region": "jinzhong", "start_year": 2012, "end_year": 2022, "compare": "on"}
        assert len(entry["code"]["commit"]) == 40 and isinstance(entry["code"]["dirty"], bool)
        assert entry["packages"]["papermill"] and entry["packages"]["weasyprint"]
        assert entry["cjk_font"]["family"] == "Noto Sans CJK SC" and os.path.exists(entry["cjk_font"]["file"])
    data = "data/jinzhong/social_affairs/observations.csv"
    assert manifest["social_affairs"]["inputs"][data] == hashlib.sha256((PROJECT_ROOT / data).read_bytes()).hexdigest()
    assert "notebooks/social_affairs.ipynb" in manifest["social_affairs"]["inputs"]
    assert "social_affairs.html" in manifest["book"]["inputs"]  # other reports by name: entries do not name folders
