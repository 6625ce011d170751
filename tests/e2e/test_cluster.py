"""`make regions SCHEDULER=…`: the regions handed to a Dask distributed cluster, here a local one of two workers."""

import json
import os
import re
import shutil
import signal
import time
from pathlib import Path

import pytest

from conftest import make, started
from fixture_regions import CITY, ODD
from reportbuild.run import leftovers
from reportbuild.run.batch import STOP_GRACE

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local:
        yield local


def _one_chapter_copies(data, count: int) -> list[str]:
    """`count` new regions, each the fixture region ODD with its first chapter alone: small builds, quick to test."""
    table = data / "regions.csv"
    template = next(line for line in table.read_text(encoding="utf-8").splitlines() if line.startswith(f"{ODD},"))
    chapter = min(p.name for p in (data / ODD).iterdir() if p.is_dir() and p.name != "overview")
    ids = [f"{ODD}_{n}" for n in range(count)]
    with table.open("a", encoding="utf-8") as handle:
        for new in ids:
            shutil.copytree(data / ODD / chapter, data / new / chapter)
            handle.write(template.replace(f"{ODD},", f"{new},", 1) + "\n")
    return ids


def test_make_regions_on_a_cluster_builds_each_region_in_a_task_on_a_worker(cluster, city_data, tmp_path):
    regions = _one_chapter_copies(city_data, 2)
    reports = tmp_path / "reports"
    result = make(
        f"DATA={city_data}",
        f"REPORTS={reports}",
        f"REGIONS={' '.join(regions)}",
        f"SCHEDULER={cluster.scheduler_address}",
        "JOBS=1",
        "regions",
    )
    ran = dict(re.findall(r"^\[(\w+)/\] done in [\d.]+s on worker (\S+)$", result.stdout, flags=re.M))
    assert sorted(ran) == sorted(regions), result.stdout
    assert set(ran.values()) <= set(cluster.scheduler_info["workers"]), result.stdout
    for region in regions:
        (out,) = (reports / region).iterdir()
        recorded = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["reports"]
        assert "book" in recorded and (out / "book.pdf").stat().st_size > 0
        assert all((out / name).exists() for entry in recorded.values() for name in entry["outputs"])


def test_a_scheduler_that_does_not_answer_is_one_message(city_data, tmp_path):
    nobody = "SCHEDULER=tcp://127.0.0.1:9"
    reports = tmp_path / "reports"
    result = make(f"DATA={city_data}", f"REPORTS={reports}", f"REGIONS={CITY}", nobody, "regions", check=False)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert result.stderr.count("error: parameter SCHEDULER: no Dask scheduler answers at tcp://127.0.0.1:9") == 1
    assert not reports.exists()


def test_ctrl_c_stops_the_regions_running_on_the_cluster_and_starts_no_other(cluster, city_data, tmp_path):
    regions = _one_chapter_copies(city_data, 4)
    reports = tmp_path / "reports"
    places = [f"DATA={city_data}", f"REPORTS={reports}", f"SCHEDULER={cluster.scheduler_address}"]
    build = started("make", "--no-print-directory", *places, f"REGIONS={' '.join(regions)}", "JOBS=1", "regions")
    deadline = time.monotonic() + 60
    while not any(reports.glob("*/*/.build.lock")):  # a region's batch has started on a worker
        assert time.monotonic() < deadline and build.poll() is None, "no region started"
        time.sleep(0.05)
    os.killpg(build.pid, signal.SIGINT)
    stopped = time.monotonic()
    said = build.communicate(timeout=30)[0]
    assert time.monotonic() - stopped < STOP_GRACE + 2, f"{time.monotonic() - stopped:.1f} s: {said}"
    assert build.returncode != 0 and "Traceback" not in said and "interrupted" in said, said
    assert len([r for r in regions if (reports / r).exists()]) <= 2, said  # two workers: no region started after
    deadline = time.monotonic() + STOP_GRACE
    while _builds_of(reports) and time.monotonic() < deadline:  # the regions that ran stop themselves on the workers
        time.sleep(0.1)
    assert not _builds_of(reports), said
    # Nothing half-written stands as a report. A build stopped inside a long C call (a CJK font's subsetting) on a
    # loaded machine cannot clean up within STOP_GRACE and is ended at once: its hidden parts are then a dead
    # process's, which the next build of that folder removes (reportbuild.run.leftovers), as after any kill.
    for out in {part.parent for part in reports.rglob("*.part")}:
        leftovers.remove(out, tmp_path / "failed")
    assert not list(reports.rglob("*.part")), said
    for manifest in reports.glob("*/*/manifest.json"):  # each region's record names only reports that exist
        recorded = json.loads(manifest.read_text(encoding="utf-8"))["reports"]
        assert all((manifest.parent / name).exists() for entry in recorded.values() for name in entry["outputs"])


def _builds_of(reports) -> list[str]:
    """The build processes (on the cluster's workers, here this machine) writing into `reports`."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if f"--reports={reports}".encode() in cmdline.read_bytes():
                found.append(cmdline.parent.name)
        except OSError:
            continue
    return found
