"""Hostile input through make that reaches the build (the checks make itself does are in
tests/unit/test_make_parameters.py): a report's path is never parsed by the shell, and REPORTS inside DATA (or the
reverse) is refused before anything is written."""

import contextlib
import os
import re
import signal
import time
from pathlib import Path

import pytest

from conftest import PROJECT_ROOT, make, started

pytestmark = pytest.mark.e2e


def _make(*args):
    return make(*args, check=False)


@pytest.mark.parametrize(
    "target",
    [
        "reports/jinzhong/2012-2022/x';touch {marker};'.pdf",
        'reports/jinzhong/2012-2022/x"$(touch {marker})".pdf',
        "reports/jinzhong/2012-2022/`touch {marker}`.pdf",
    ],
)
def test_a_report_path_is_never_parsed_by_the_shell(tmp_path, target):
    """The report-file target reaches the build through the environment: a quote in the path runs nothing."""
    marker = tmp_path / "marker"
    result = _make("-o", ".venv/.bootstrap-stamp", target.format(marker=marker))
    assert not marker.exists() and result.returncode != 0 and result.stderr.count("error") == 1


@pytest.mark.parametrize("reports", ["data", "data/model_city", "."])
def test_reports_inside_the_data_or_around_it_are_refused_before_anything_is_written(tmp_path, reports):
    before = sorted((PROJECT_ROOT / "data").rglob("*"))
    result = _make("-o", ".venv/.bootstrap-stamp", f"REPORTS={reports}", "REGION=model_city")
    assert result.returncode != 0 and "parameter REPORTS:" in result.stderr and "Traceback" not in result.stderr
    assert sorted((PROJECT_ROOT / "data").rglob("*")) == before


def _reports_in(folder):
    """The files a build wrote there, but for its lock (kept: the next build takes it)."""
    return [p for p in folder.rglob("*") if p.is_file() and p.name != ".build.lock"]


def _regions_csv(data, how: str) -> None:
    path = data / "regions.csv"
    text = path.read_text(encoding="utf-8")
    rows = text.splitlines(keepends=True)
    model = next(r for r in rows if r.startswith("model_city,"))
    if how == "chinese year":
        path.write_text(text.replace(model, model.replace(",2022,", ",二〇二二,", 1)), encoding="utf-8")
    elif how == "gbk":
        path.write_bytes(text.encode("gbk"))
    elif how == "missing column":
        cut = [r.rstrip("\n").split(",") for r in rows]  # without name_zh, a required column
        path.write_text("".join(",".join(r[:1] + r[2:]) + "\n" for r in cut), encoding="utf-8")
    elif how == "removed row":
        path.write_text(text.replace(model, ""), encoding="utf-8")
    elif how == "fifo":
        path.unlink()
        os.mkfifo(path)


@pytest.mark.parametrize(
    "how, said",
    [
        ("chinese year", "regions.csv, line"),
        ("gbk", "regions.csv: not UTF-8"),
        ("missing column", "regions.csv: column"),
        ("removed row", "'model_city' has a data folder but no row in regions.csv"),
        ("fifo", "regions.csv: is not a regular file"),
    ],
)
def test_a_broken_regions_table_is_one_message_under_make_as_under_validate(city_data, tmp_path, how, said):
    """make reports a broken shared table as `make validate` does: one message naming the file, no traceback, and
    a FIFO never blocks."""
    _regions_csv(city_data, how)
    result = _make(
        "-o", ".venv/.bootstrap-stamp", f"DATA={city_data}", f"REPORTS={tmp_path / 'r'}", "REGION=model_city"
    )
    assert result.returncode != 0 and said in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert not _reports_in(tmp_path / "r")


def test_a_data_file_linked_to_nothing_is_named_and_no_report_is_replaced(city_data, tmp_path):
    table = city_data / "model_city" / "social_assistance" / "observations.csv"
    table.unlink()
    table.symlink_to(tmp_path / "gone.csv")
    result = _make(
        "-o", ".venv/.bootstrap-stamp", f"DATA={city_data}", f"REPORTS={tmp_path / 'r'}", "REGION=model_city"
    )
    assert result.returncode != 0 and "observations.csv: is a link to a file that does not exist" in result.stderr
    assert not _reports_in(tmp_path / "r")


def test_ctrl_c_in_make_regions_stops_every_region_within_seconds(tmp_path):
    """The batch of regions starts no region after Ctrl-C, and the one being built stops at once, whole."""
    out = tmp_path / "r"
    command = ["make", "--no-print-directory", f"REPORTS={out}", "REGIONS=tianmen weifang jinan", "JOBS=1", "regions"]
    build = started(*command)
    said = []
    for line in build.stdout:  # the first region's chapter running
        said.append(line)
        if "started" in line:
            break
    os.killpg(build.pid, signal.SIGINT)
    stopped = time.monotonic()
    rest = build.communicate(timeout=30)[0]
    assert time.monotonic() - stopped < 3, rest
    assert build.returncode != 0 and "Traceback" not in "".join(said) + rest and "interrupted" in rest
    assert not (out / "weifang").exists() and not (out / "jinan").exists()  # no region started after it
    assert not _reports_in(out / "tianmen")  # and the one stopped left nothing half-written


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
    return found


def test_a_worker_killed_mid_chapter_fails_that_chapter_in_one_line_and_the_others_are_built(city_data, tmp_path):
    command = ["make", "--no-print-directory", f"DATA={city_data}", f"REPORTS={tmp_path / 'r'}", "REGION=odd_county"]
    build = started(*command, "JOBS=2")
    said = []
    for line in build.stdout:
        said.append(line)
        if sum("started" in s for s in said) >= 2:  # two workers busy
            break
    (batch,) = [p for p in _children(build.pid) if b"reportbuild" in Path(f"/proc/{p}/cmdline").read_bytes()]
    worker = _children(batch)[0]
    os.kill(worker, signal.SIGKILL)
    rest = build.communicate(timeout=300)[0]
    text = "".join(said) + rest
    assert build.returncode != 0 and "Traceback" not in text, text
    killed = set(re.findall(r"chapter (\w+): its worker was killed \(SIGKILL\)", text))
    assert len(killed) == 1, text  # one chapter failed, said as it failed and in the summary
    assert text.count(" built ") >= 2, text  # every other chapter was built (the summary's lines)
