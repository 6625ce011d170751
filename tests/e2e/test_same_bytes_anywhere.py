"""The same commit and data give the same reports, byte for byte, wherever they are built: another reports folder,
another checkout of the project. And no report names a folder of the machine that built it.

Two builds of one region's reports (the smallest of the session's: every kind of report, at a tenth of the cost):
the session's shared one (`every_region`: this checkout, a reports folder under pytest's temporary folder) and one
made here from a copy of this checkout's files in another folder, with this checkout's
venv (its own code first on PYTHONPATH; git asked about this checkout's commit), into another reports folder.
"""

import contextlib
import os
import re
import shutil
import subprocess
import zipfile
import zlib
from pathlib import Path

import pytest

from conftest import BUILDS_TMP, make_environment
from helpers.base.paths import PROJECT_ROOT

pytestmark = pytest.mark.e2e

VENV = PROJECT_ROOT / ".venv"
STAMP = VENV / ".bootstrap-stamp"


def copy_checkout(target: Path) -> dict[str, str]:
    """Copy the checkout's files as git lists them (tracked and new, not ignored) to `target`; return the environment
    that builds there with this checkout's venv: the copy's code imported first, git naming this checkout's commit
    (read only: no index refresh) and a working tree with the same changes, so the manifests can be the same."""
    git = {**os.environ, "GIT_OPTIONAL_LOCKS": "0"}
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        check=True,
        env=git,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        if (PROJECT_ROOT / name).is_file():  # a file deleted but not yet staged is listed too
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(PROJECT_ROOT / name, target / name)
    (target / ".venv").mkdir()
    shutil.copy2(STAMP, target / ".venv" / ".bootstrap-stamp")  # an input of every report: the same environment
    return {
        **make_environment(),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(target / "src"), os.environ.get("PYTHONPATH")])),
        "GIT_DIR": str(PROJECT_ROOT / ".git"),
        "GIT_WORK_TREE": str(target),
        "GIT_OPTIONAL_LOCKS": "0",
    }


def readable(path: Path) -> bytes:
    """A report's bytes as a reader's program reads them: a PDF with its compressed streams inflated (link
    annotations, metadata and object streams are in them), a DOCX or XLSX with its parts unzipped."""
    data = path.read_bytes()
    if path.suffix == ".pdf":
        parts = [data]
        for start in re.finditer(rb"stream\r?\n", data):
            with contextlib.suppress(zlib.error):  # not a Flate stream
                parts.append(zlib.decompressobj().decompress(data[start.end() : data.find(b"endstream", start.end())]))
        return b"\n".join(parts)
    if path.suffix in (".docx", ".xlsx"):
        with zipfile.ZipFile(path) as archive:
            return b"\n".join(archive.read(name) for name in archive.namelist())
    return data


def spellings(path: str) -> list[bytes]:
    """A path as a report could hold it: UTF-8 text, or a PDF string in UTF-16 (hex, as WeasyPrint writes one)."""
    utf16 = path.encode("utf-16-be").hex()
    return [path.encode(), utf16.encode(), utf16.upper().encode()]


def reports_of(out: Path) -> dict[str, Path]:
    """Every report file of a folder, results included (the lock file of the last build is not a report)."""
    return {
        str(p.relative_to(out)): p
        for p in sorted(out.rglob("*"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(out).parts)
    }


def _smallest_built(every_region: Path) -> Path:
    """The reports folder of the region with the fewest reports in the session's build (every report of it is still
    checked: chapters, overview, both editions of the book, the spreadsheet)."""
    folders = [  # a whole default build (other tests add partial ones, e.g. one chapter with COMPARE=off)
        f for f in every_region.glob("*/*") if re.fullmatch(r"\d{4}-\d{4}", f.name) and (f / "book.html").is_file()
    ]
    return min(folders, key=lambda f: (len(list(f.glob("*.html"))), f.parent.name))


def test_the_same_reports_byte_for_byte_in_another_folder_and_no_report_names_a_folder(every_region, tmp_path):
    built = _smallest_built(every_region)
    checkout, reports = tmp_path / "checkout", tmp_path / "reports"
    environment = copy_checkout(checkout)
    region = built.parent.name
    result = subprocess.run(
        ["make", "--no-print-directory", f"VENV={VENV}", "-o", str(STAMP), f"REPORTS={reports}", f"REGION={region}"],
        cwd=checkout,
        capture_output=True,
        text=True,
        timeout=900,
        env=environment,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    here = reports / built.relative_to(built.parent.parent)
    ours, shared = reports_of(here), reports_of(built)
    assert set(ours) == set(shared)

    folders = {PROJECT_ROOT, checkout, built.parent.parent, reports, BUILDS_TMP}
    needles = {n for f in folders for p in {str(f), os.path.realpath(f)} for n in spellings(p)} | {b"file:"}
    leaks = {name: sorted(n.decode() for n in needles if n in readable(path)) for name, path in ours.items()}
    assert not {name: found for name, found in leaks.items() if found}, "a report names a folder of this machine"
    # Both builds' bytes are the same, so neither names a folder.
    assert [name for name in ours if ours[name].read_bytes() != shared[name].read_bytes()] == []
