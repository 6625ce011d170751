"""Faults, as a hostile user and a flaky machine cause them. Every case is checked the same way (`survived`):
a non-zero exit, the one message that names what is wrong (make's own closing "Error 2" line aside), no
traceback, every report byte for byte as it was — its record (the manifest) included — and nothing left behind:
no part of a report, no running notebook, no kernel, no kernel folder.

The cases run against the tests' own small region (the `odd` fixture, tests/fixture_regions.py): parameters
and data a user could type, the operating system refusing (a file where the reports folder should be, a
read-only or full disk), notebooks that break (invalid, a runaway cell, a kernel that dies or is killed) and
a build stopped from outside (Ctrl-C, SIGTERM, SIGKILL) at different moments. Broken data files have their
own corpus, checked in process (tests/broken_inputs); a few of them are taken through make here.
"""

import glob
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import BUILDS_TMP, make, make_environment
from e2e.test_incremental import REGION, YEARS, _kernels_of, _out, edited, failing_cell, restored
from helpers.base.paths import PROJECT_ROOT

pytestmark = pytest.mark.e2e
BROKEN = PROJECT_ROOT / "tests" / "broken_inputs"
MAKE_STATUS = re.compile(r"^make(\[\d+\])?: \*\*\* \[[^]]*\] (Error \d+|Terminated|Interrupt)$")


def _every_file(out: Path) -> dict[str, str]:
    """Every file under the reports folder with its sha256, dot-files included (a left-over part shows)."""
    return {
        str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != ".build.lock"
    }


def _folders(reports: Path) -> list[Path]:
    return sorted(p for p in reports.rglob("*") if p.is_dir())


def _kernel_folders() -> set[str]:
    return set(glob.glob(os.path.join(BUILDS_TMP, "kernel-*")))


def _messages(stderr: str) -> list[str]:
    """What the user is told: the build's lines ('error: …' with their indented lines, 'interrupted: …') and
    make's own '*** …' — not make's closing line, which only repeats the exit status."""
    found: list[str] = []
    for line in stderr.splitlines():
        if MAKE_STATUS.match(line):
            continue
        if line.startswith(("error: ", "interrupted: ", "terminated: ")) or "*** " in line:
            found.append(line)
        elif line.startswith("  ") and found:
            found[-1] += "\n" + line
    return found


class Case:
    """One fault: what the reports folder held before it, and the kernel folders that existed then."""

    def __init__(self, root: Path, out: Path | None = None):
        self.root, self.out = root, out or _out(root)
        self.before, self.kernels = _every_file(self.out), _kernel_folders()
        self.folders = _folders(root / "reports")

    def debris(self) -> list[str]:
        return (
            [str(p) for p in self.out.rglob("*.part")]
            + glob.glob(f"{_running(self.root)}/*.running.ipynb")
            + sorted(_kernel_folders() - self.kernels)
            + [f"kernel process {pid}" for pid in _kernels_of(self.out)]
        )

    def survived(self, result, says: list[str], messages: int = 1) -> None:
        shown = f"{result.stdout}\n{result.stderr}"
        assert result.returncode != 0, shown
        assert "Traceback" not in shown, shown
        told = _messages(result.stderr)
        assert len(told) == messages, shown
        for part in says:
            assert part in "\n".join(told), shown
        assert _every_file(self.out) == self.before, "a report or its record changed"
        assert _folders(self.root / "reports") == self.folders, "a folder was made for a failed build"
        assert not self.debris_after(0.2), self.debris()  # a killed kernel notices its parent is gone

    def debris_after(self, grace: float) -> list[str]:
        """What is left behind once `grace` seconds have passed (looked at as they pass: most faults leave nothing
        to wait for)."""
        deadline = time.monotonic() + grace
        while (left := self.debris()) and time.monotonic() < deadline:
            time.sleep(0.02)
        return left


def _running(root: Path) -> Path:
    """Where the fixture's copy of the project keeps the notebooks its build is running."""
    return root / "project" / "build" / "failed" / REGION


def _make_odd(root, *args, **variables):
    settings = {"REGION": REGION, "REPORTS": root / "reports", "DATA": root / "data", **variables}
    return make(*[f"{name}={value}" for name, value in settings.items()], *args, check=False, project=root / "project")


# ---- parameters: checked by make itself, before anything runs ------------------------------------------------


# Values make refuses while it parses (a command, full-width or zero-padded years, JOBS=0, a path for a region …)
# never reach a build, whatever the goal: tests/unit/test_make_parameters.py checks each message. Here, the values
# only the build can judge against the data, with every report kept.
@pytest.mark.parametrize(
    "variables, says",
    [
        ({"START": "2023", "END": "2005"}, "parameter start_year: 2023 is after end_year 2005"),
        ({"START": "1990"}, "parameter start_year: 1990 is outside the years of odd_county's data"),
        ({"REGION": "atlantis"}, "unknown region 'atlantis'"),
        ({"DATA": "/nonexistent/data"}, "cannot use /nonexistent/data: it does not exist"),
    ],
    ids=lambda v: "-".join(f"{k}={w}" for k, w in v.items()) if isinstance(v, dict) else "",
)
def test_a_bad_parameter_is_one_message_naming_it(odd, variables, says):
    case = Case(odd)
    case.survived(_make_odd(odd, **variables), [says])


def test_a_report_that_does_not_exist_is_named_with_those_that_do(odd):
    case = Case(odd)
    result = _make_odd(odd, str(_out(odd) / "no_such_chapter.pdf"))
    case.survived(result, ["no such report: no_such_chapter; reports: ", "grassroots_governance"])


# ---- data: a few of the broken-input corpus through make, and files that are not files -------------------------


def _table(root, name="observations"):
    return root / "data" / REGION / "social_assistance" / f"{name}.csv"


@contextmanager
def replaced(path: Path, by=None, make_it=None):
    """`path` replaced by a copy of `by`, or by what `make_it(path)` makes there; given back afterwards."""
    keep = Path(tempfile.mkdtemp()) / path.name  # outside the data folder, where it would be a misspelt table
    shutil.move(path, keep)
    try:
        shutil.copyfile(by, path) if by else make_it(path)
        yield
    finally:
        shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
        shutil.move(keep, path)
        keep.parent.rmdir()


@pytest.mark.parametrize(
    "file, says",
    [
        ("gbk_encoding.csv", "observations.csv: not UTF-8 (byte 0x"),
        ("nul_byte.csv", "observations.csv, line 4: column 'as_written': holds the control character U+0000"),
        ("duplicated_header.csv", "observations.csv: column 'period_note': column appears twice in the header"),
    ],
)
def test_a_broken_data_file_stops_the_build_before_any_kernel(odd, file, says):
    case = Case(odd)
    with replaced(_table(odd), by=BROKEN / file):
        result = _make_odd(odd)
    case.survived(result, ["1 data problem(s):", says])


@pytest.mark.parametrize("kind, make_it", [("fifo", os.mkfifo), ("folder", os.mkdir)])
def test_a_table_that_is_not_a_file_is_named_not_waited_on(odd, kind, make_it):
    case = Case(odd)
    with replaced(_table(odd, "checks"), make_it=make_it):
        result = _make_odd(odd)
    case.survived(result, ["social_assistance/checks.csv: is not a regular file; put the CSV table here"])


# ---- the operating system says no -------------------------------------------------------------------------------


def test_a_file_where_the_reports_folder_should_be(odd, tmp_path):
    case, blocker = Case(odd), tmp_path / "reports"
    blocker.write_text("not a folder")
    result = _make_odd(odd, REPORTS=blocker)
    case.survived(result, [f"cannot use {blocker}", "is a file, not a folder"])
    assert blocker.read_text() == "not a folder"


@contextmanager
def mounted(folder: Path, size: str):
    """A small file system of its own at `folder` (root only; the test is skipped where mounting is refused)."""
    folder.mkdir(parents=True, exist_ok=True)
    if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)]).returncode:
        pytest.skip("cannot mount a small file system here (needs root)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)])


def _copy_reports(root, into: Path) -> Path:
    shutil.copytree(root / "reports", into / "reports", dirs_exist_ok=True)
    return into / "reports"


def test_a_read_only_reports_folder(odd, tmp_path):
    with mounted(tmp_path / "ro", "64m") as folder:
        reports = _copy_reports(odd, folder)
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        case = Case(odd, reports / REGION / YEARS)
        result = _make_odd(odd, REPORTS=reports)
        case.survived(result, ["the file system is read-only: choose another REPORTS= folder"])


def test_a_full_disk_fails_the_chapter_and_keeps_its_report(odd, tmp_path):
    """The chapter being written fails with one line; its earlier report and record stay as they were."""
    (chapter,) = _last_chapters(odd, 1)
    size = sum(p.stat().st_size for p in (odd / "reports").rglob("*") if p.is_file())
    with mounted(tmp_path / "small", f"{size // 1024 + 200}k") as folder:
        reports = _copy_reports(odd, folder)
        with _stale(reports / REGION / YEARS, chapter):
            case = Case(odd, reports / REGION / YEARS)
            result = _make_odd(odd, REPORTS=reports)
            case.survived(result, [f"chapter {chapter}: cannot use ", "the disk is full: free some space"])


# ---- notebooks that break -------------------------------------------------------------------------------------


def _last_chapters(root, count):
    from e2e.test_incremental import _chapters

    return [c.id for c in _chapters(root) if c.number][-count:]


def test_an_invalid_notebook_is_one_line_before_any_kernel(odd):
    (chapter,) = _last_chapters(odd, 1)
    path = odd / "project" / "notebooks" / f"{chapter}.ipynb"
    case = Case(odd)
    with edited(path, "{", "{not json"):
        result = _make_odd(odd)
    case.survived(result, [f"chapter {chapter}: notebooks/{chapter}.ipynb is not a valid notebook", "git checkout"])


def test_runaway_cells_and_dying_kernels_fail_their_chapters_in_seconds(odd, tmp_path):
    """Three chapters at once: a cell that never ends (CELL_TIMEOUT), one that ends its kernel, and one whose
    kernel the operating system kills; each fails with one line naming the chapter and the cell."""
    runaway, exits, killed = _last_chapters(odd, 3)
    flag = tmp_path / "kernel.pid"
    sleeper = f"import os, pathlib, time\npathlib.Path({str(flag)!r}).write_text(str(os.getpid()))\ntime.sleep(60)"
    case = Case(odd)
    started = time.monotonic()
    with (
        failing_cell(odd, runaway, "while True: pass"),
        failing_cell(odd, exits, "import os\nos._exit(0)"),
        failing_cell(odd, killed, sleeper),
        _killing_kernel(flag),
    ):
        result = _make_odd(odd, CELL_TIMEOUT=3, JOBS=3)
    assert time.monotonic() - started < 60, "the build hung"
    case.survived(
        result,
        [
            f"error: chapter {runaway}: cell ",
            "ran longer than 3 s (CELL_TIMEOUT) and was stopped",
            f"error: chapter {exits}: cell ",
            f"error: chapter {killed}: cell ",
            "ended its kernel (the kernel died or was killed)",
        ],
        messages=3,
    )


@contextmanager
def _killing_kernel(flag: Path):
    """Kill (SIGKILL) the kernel that writes its pid to `flag`, as the OS does when memory runs out."""

    def watch():
        while not flag.exists() and not done.is_set():
            time.sleep(0.05)
        if flag.exists():
            time.sleep(0.2)
            os.kill(int(flag.read_text()), signal.SIGKILL)

    done = threading.Event()
    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        yield
    finally:
        done.set()
        watcher.join()


# ---- a build stopped from outside ---------------------------------------------------------------------------


@contextmanager
def _stale(out: Path, report: str):
    """`report` without its record (so the next build makes it again); the record given back afterwards."""
    path = out / "manifest.json"
    original = path.read_bytes()
    entries = json.loads(original)
    entries["reports"].pop(report)
    path.write_text(json.dumps(entries, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    try:
        yield
    finally:
        path.write_bytes(original)


MOMENTS = {
    "running": lambda root, chapter: glob.glob(f"{_running(root)}/{chapter}.*.running.ipynb"),
    "writing": lambda root, chapter: list(_out(root).glob(f".{chapter}.*.part")),
}


def _start_build(root, *targets) -> subprocess.Popen:
    """A build of the fixture region, in its own process group (so a signal reaches it and nothing else)."""
    command = ["make", "--no-print-directory", f"REGION={REGION}", f"REPORTS={root / 'reports'}"]
    return subprocess.Popen(
        [*command, f"DATA={root / 'data'}", *targets],
        cwd=root / "project",
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        env=make_environment(root / "project"),
    )


def _build_until(root, moment: str, chapter: str) -> subprocess.Popen:
    """Start a build of `chapter` alone; return once it reaches `moment`."""
    build = _start_build(root, str(_out(root) / f"{chapter}.pdf"))
    deadline = time.monotonic() + 60
    while not MOMENTS[moment](root, chapter) and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert build.poll() is None, f"the build ended before {moment}"
    return build


@pytest.mark.parametrize(
    "signum, moment, says",
    [
        (signal.SIGINT, "running", "interrupted: reports already finished are kept"),
        (signal.SIGINT, "writing", "interrupted: reports already finished are kept"),
        (signal.SIGTERM, "running", "terminated: reports already finished are kept"),
    ],
    ids=["ctrl-c-running", "ctrl-c-writing", "sigterm-running"],
)
def test_a_stopped_build_stops_within_two_seconds_and_keeps_everything_whole(odd, signum, moment, says):
    (chapter,) = _last_chapters(odd, 1)
    with _stale(_out(odd), chapter):
        case = Case(odd)
        build = _build_until(odd, moment, chapter)
        os.killpg(build.pid, signum)
        stopped = time.monotonic()
        build.wait(timeout=30)
        assert time.monotonic() - stopped < 2, "the build did not stop promptly"
        stdout, stderr = build.communicate(timeout=30)  # a kernel left running would hold the output open
        case.survived(subprocess.CompletedProcess(build.args, build.returncode, stdout, stderr), [says])


@pytest.mark.parametrize("moment", ["running", "writing"])
def test_after_a_killed_build_a_plain_make_gives_the_same_reports_and_a_complete_record(odd, moment):
    """SIGKILL of the whole build: nothing can clean up, so the next build does — and builds what is missing."""
    (chapter,) = _last_chapters(odd, 1)
    whole = Case(odd)
    with _stale(_out(odd), chapter):
        build = _build_until(odd, moment, chapter)
        os.killpg(build.pid, signal.SIGKILL)
        build.communicate(timeout=60)
        result = _make_odd(odd)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"[{chapter}] done" in result.stdout
    assert _every_file(whole.out) == whole.before  # the same bytes, and the record of every report
    assert not whole.debris_after(0.5), whole.debris()


def _why_stale(root, report: str) -> str | None:
    """What the next `make` of the fixture would say of `report` (its decision, without building)."""
    from reportbuild.run import manifest

    environment = {"MINZHENG_DATA": str(root / "data")}
    with pytest.MonkeyPatch.context() as patch:
        for name, value in environment.items():
            patch.setenv(name, value)
        entry = manifest.read(_out(root))[report]
        return manifest.why_stale(entry, entry["parameters"], _out(root))


def test_a_data_file_edited_while_its_chapter_runs_makes_the_chapter_stale(odd):
    """The record keeps what the run read, not what the file holds when the run ends."""
    (chapter,) = _last_chapters(odd, 1)
    table = odd / "data" / REGION / chapter / "observations.csv"
    original = table.read_bytes()
    with restored(odd), _stale(_out(odd), chapter):
        try:
            build = _build_until(odd, "writing", chapter)  # the notebook has read its data
            table.write_bytes(re.sub(rb",stated,,", ",stated,年末数,".encode(), original, count=1))
            stdout, stderr = build.communicate(timeout=60)
            assert build.returncode == 0, stdout + stderr
            recorded = json.loads((_out(odd) / "manifest.json").read_text(encoding="utf-8"))["reports"][chapter]
            (digest,) = [
                d for name, d in recorded["inputs"].items() if name.endswith(f"{REGION}/{chapter}/observations.csv")
            ]
            assert digest == hashlib.sha256(original).hexdigest()  # what the run read, not what the file holds
            assert _why_stale(odd, chapter) == f"{table} changed"  # the next make builds it from what it holds now
        finally:
            table.write_bytes(original)


def test_a_second_build_says_whose_build_it_waits_for_then_goes_on(odd):
    import fcntl
    import select

    case = Case(odd)
    with open(_out(odd) / ".build.lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        held.seek(0), held.truncate(), held.write("process 4242, started 2026-12-01 05:00:00\n"), held.flush()
        build = _start_build(odd)
        assert select.select([build.stdout], [], [], 30)[0], "the waiting build said nothing"
        line = build.stdout.readline()
    assert line.startswith("waiting for another build of ") and "(process 4242, started 2026-12-01 05:00:00)" in line
    stdout, stderr = build.communicate(timeout=60)
    assert build.returncode == 0 and "is current" in stdout, stdout + stderr
    assert _every_file(case.out) == case.before
