import atexit
import csv
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from helpers.base.paths import PROJECT_ROOT
from helpers.data.load import load_region

DATA = PROJECT_ROOT / "data"


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="session")
def jinzhong():
    return load_region("jinzhong", DATA)


@pytest.fixture(scope="session")
def source_texts() -> dict[str, str]:
    return {
        row["source_id"]: (DATA / "raw" / row["file"]).read_text(encoding="utf-8")
        for row in read_csv(DATA / "raw" / "sources.csv")
    }


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A writable copy of data/ for tests that break it."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


# The builds the tests start keep their temporary files (kernel folders) here, not among other programs' in /tmp:
# a test that looks for a build's leftovers sees only those of the builds it started.
BUILDS_TMP = Path(tempfile.mkdtemp(prefix="minzheng-test-builds-"))
atexit.register(shutil.rmtree, BUILDS_TMP, ignore_errors=True)


def make_environment() -> dict[str, str]:
    """This process's environment without what an outer `make test` passes down (its variables and level), so
    each test's make runs as a user's would; temporary files in the tests' own folder."""
    outer = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")
    return {**{k: v for k, v in os.environ.items() if k not in outer}, "TMPDIR": str(BUILDS_TMP)}


def make(*args, check=True) -> subprocess.CompletedProcess:
    """Run the project's Makefile as a user would."""
    result = subprocess.run(
        ["make", "--no-print-directory", *args],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        env=make_environment(),
    )
    if check and result.returncode != 0:
        pytest.fail(f"make {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """Every Jinzhong report, built once through `make` into a temporary reports folder."""
    reports = tmp_path_factory.mktemp("reports")
    make(f"REPORTS={reports}")
    return reports / "jinzhong" / "2012-2022"


@pytest.fixture(scope="session")
def odd(tmp_path_factory) -> Path:
    """The tests' own small fixture region (tests/fixture_regions.py) in a private copy of data/, built once,
    two chapters at a time, into a private reports folder: quick to rebuild, for tests of the build itself.
    Tests that change it give back what they changed."""
    from fixture_regions import add_odd_county

    root = tmp_path_factory.mktemp("odd")
    shutil.copytree(DATA, root / "data")
    region = add_odd_county(root / "data")
    make("JOBS=2", f"REGION={region}", f"REPORTS={root / 'reports'}", f"DATA={root / 'data'}")
    return root


@pytest.fixture(scope="session")
def every_region(built):
    """Every region's reports, built by one `make regions` into the session's reports folder."""
    reports = built.parent.parent
    make(f"REPORTS={reports}", "regions")
    return reports
