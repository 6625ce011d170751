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
TESTS = Path(__file__).resolve().parent
TIERS = ("unit", "backtest", "e2e")  # the folders under tests/, and the marker each gives its tests


@pytest.hookimpl(tryfirst=True)  # before -m selects
def pytest_collection_modifyitems(config, items):
    """The tier follows the folder: a test under tests/<tier>/ is marked with its tier, so `-m "not e2e"` selects the
    fast tiers (tests/unit/, tests/backtest/) and `-m e2e` the builds through make (tests/e2e/)."""
    for item in items:
        relative = Path(item.path).resolve().relative_to(TESTS)
        if relative.parts[0] in TIERS:
            item.add_marker(getattr(pytest.mark, relative.parts[0]))
        if relative.parts[0] == "e2e":
            marker = next((m for fixture, m in OWN_BUILDS.items() if fixture in item.fixturenames), None)
            if marker:
                item.add_marker(getattr(pytest.mark, marker))


# Fixtures of tests that start builds of their own, each in a private folder (`odd`: with a copy of the project),
# and the marker each gives its tests. `make test` runs the e2e tests in three processes at once, by these markers:
# `odd_builds`, `own_builds`, and the rest (those that read the one shared build of every region, `built` and
# `every_region`). So the shared build is made once, and one fixture region's builds never run beside each other.
OWN_BUILDS = {"odd": "odd_builds", "city_data": "own_builds"}


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


def shared_data(target: Path) -> Path:
    """data/'s shared tables and raw sources at `target`, without any region's folder: the ground the fixture regions
    (tests/fixture_regions.py) are written on, so a unit test reads no real region's figures."""
    real_regions = {p.name for p in DATA.iterdir() if p.is_dir() and p.name != "raw"}
    shutil.copytree(
        DATA, target, ignore=lambda folder, names: real_regions & set(names) if Path(folder) == DATA else []
    )
    return target


@pytest.fixture
def city_data(tmp_path) -> Path:
    """A writable data folder holding the fixture regions model_city and odd_county on data/'s shared tables (no real
    region): for unit tests that break data."""
    from fixture_regions import add_model_city, add_odd_county

    data = shared_data(tmp_path / "data")
    add_model_city(data)
    add_odd_county(data)
    return data


@pytest.fixture(scope="session")
def city(tmp_path_factory):
    """The fixture region model_city (tests/fixture_regions.py), loaded once: read it, never change it."""
    from fixture_regions import add_model_city

    data = shared_data(tmp_path_factory.mktemp("city") / "data")
    return load_region(add_model_city(data), data)


# The builds the tests start keep their temporary files (kernel folders) here, not among other programs' in /tmp:
# a test that looks for a build's leftovers sees only those of the builds it started.
BUILDS_TMP = Path(tempfile.mkdtemp(prefix="minzheng-test-builds-"))
atexit.register(shutil.rmtree, BUILDS_TMP, ignore_errors=True)


def make_environment(project: Path = PROJECT_ROOT) -> dict[str, str]:
    """This process's environment without what an outer `make test` passes down (its variables and level), so
    each test's make runs as a user's would; temporary files in the tests' own folder. For a copy of the project
    (`project_copy`), its own code first on Python's path."""
    outer = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")
    environment = {**{k: v for k, v in os.environ.items() if k not in outer}, "TMPDIR": str(BUILDS_TMP)}
    return environment | ({"PYTHONPATH": str(project / "src")} if project != PROJECT_ROOT else {})


def make(*args, check=True, project: Path = PROJECT_ROOT) -> subprocess.CompletedProcess:
    """Run the project's Makefile (or a copy's) as a user would."""
    result = subprocess.run(
        ["make", "--no-print-directory", *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=900,
        env=make_environment(project),
    )
    if check and result.returncode != 0:
        pytest.fail(f"make {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def started(*command) -> subprocess.Popen:
    """A command (make) running in a session of its own (a signal to its group reaches every process of the
    build), its output read as it comes."""
    return subprocess.Popen(
        list(command),
        cwd=PROJECT_ROOT,
        env=make_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


@pytest.fixture(scope="session")
def built(request, tmp_path_factory) -> Path:
    """Every Jinzhong report, built once through `make` into a temporary reports folder. When the session also asks
    for every region's reports (`every_region`), one `make regions` builds them all, Jinzhong's among them: one
    batch (the build's imports paid once, both workers busy to the end) instead of two."""
    reports = tmp_path_factory.mktemp("reports")
    if any("every_region" in item.fixturenames for item in request.session.items):
        make(f"REPORTS={reports}", "regions")
        _EVERY_REGION_BUILT.add(reports)
    else:
        make(f"REPORTS={reports}")
    return reports / "jinzhong" / "2012-2022"


_EVERY_REGION_BUILT: set[Path] = set()  # reports folders `built` filled with every region


PROJECT_PARTS = ("Makefile", "pyproject.toml", "environment.yml", "apt.txt", "src", "notebooks")


def project_copy(target: Path) -> Path:
    """The project's code and notebooks at `target`, sharing its venv: a build there runs the copy's code (see
    make_environment), so a test may break a notebook or edit a module while other tests build from the project."""
    target.mkdir(parents=True)
    for name in PROJECT_PARTS:
        source = PROJECT_ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(source, target / name)
    (target / ".venv").symlink_to(PROJECT_ROOT / ".venv")
    return target


@pytest.fixture(scope="session")
def odd(tmp_path_factory) -> Path:
    """The tests' own small fixture region (tests/fixture_regions.py) in a private copy of data/, built once,
    two chapters at a time, into a private reports folder, by a private copy of the project (`<root>/project`):
    quick to rebuild, for tests of the build itself, which may break its notebooks and modules. Tests that change
    it give back what they changed."""
    from fixture_regions import add_odd_county

    root = tmp_path_factory.mktemp("odd")
    shutil.copytree(DATA, root / "data")
    region = add_odd_county(root / "data")
    project = project_copy(root / "project")
    make("JOBS=2", f"REGION={region}", f"REPORTS={root / 'reports'}", f"DATA={root / 'data'}", project=project)
    return root


@pytest.fixture(scope="session")
def every_region(built):
    """Every region's reports, built by one `make regions` into the session's reports folder (by `built` already,
    when it knew they would be asked for)."""
    reports = built.parent.parent
    if reports not in _EVERY_REGION_BUILT:
        make(f"REPORTS={reports}", "regions")
    return reports


def heading_of(chapter, region: str = "jinzhong") -> str:
    """A chapter's heading as its region's book numbers it ('第4章 儿童福利')."""
    from helpers.data.chapters import numbered, region_chapters

    return chapter.heading_as(numbered(region_chapters(region)[0]).get(chapter.id))
