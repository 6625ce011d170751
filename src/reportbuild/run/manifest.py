"""The build manifest beside the reports: how each report was made, and the one record of what is stale.

Per report: the code version (git commit, and whether the tree had changes), the parameters, every input it
read with its fingerprint as read (reportbuild.run.record), the versions of the key packages, the CJK font, and the
sha256 of each output. A report is current exactly when its entry exists, its parameters are the ones asked for,
its outputs hold the recorded bytes and every input still holds what it held when it was read; anything else
(an edit, a missing file, an interrupted build, no entry at all) makes it stale. The manifest holds no times, so
two builds of the same inputs write the same manifest.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import subprocess
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from reportbuild.run.record import PROJECT_ROOT, fingerprint

MANIFEST_NAME = "manifest.json"
KEY_PACKAGES = [
    "pandas",
    "matplotlib",
    "seaborn",
    "pandera",
    "papermill",
    "nbclient",
    "ipykernel",
    "nbconvert",
    "weasyprint",
    "jupyterlab",
]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@lru_cache(maxsize=1)
def code_version() -> dict:
    def git(*args):
        return subprocess.run(["git", *args], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True).stdout

    try:
        return {"commit": git("rev-parse", "HEAD").strip(), "dirty": bool(git("status", "--porcelain").strip())}
    except (OSError, subprocess.CalledProcessError):
        return {"commit": None, "dirty": None}


@lru_cache(maxsize=1)
def environment() -> dict:
    from helpers.base.fonts import CJK_FAMILY, cjk_font_path

    font = cjk_font_path()
    return {
        "python": platform.python_version(),
        "packages": {name: metadata.version(name) for name in KEY_PACKAGES},
        "cjk_font": {"family": CJK_FAMILY, "file": str(font), "sha256": sha256(font)},
    }


def shown(path: Path | str) -> str:
    """A path relative to the project when inside it (as make and the README name files), else absolute."""
    path = Path(path).resolve()
    return str(path.relative_to(PROJECT_ROOT)) if path.is_relative_to(PROJECT_ROOT) else str(path)


DATA_PREFIX = "DATA/"  # an input in a data folder outside the project (make DATA=…), named without its path


def _outside_data() -> Path | None:
    from helpers.base.paths import data_dir

    data = data_dir()
    return None if data.is_relative_to(PROJECT_ROOT) else data


def input_name(path: Path | str, out: Path) -> str:
    """An input's name in the entry: things in the reports folder relative to it, things in a data folder outside
    the project relative to it (DATA/…), so entries never name a folder of the machine; anything else as `shown`
    names it."""
    path, out, data = Path(path).resolve(), out.resolve(), _outside_data()
    if path.is_relative_to(out):
        return str(path.relative_to(out))
    if data is not None and path.is_relative_to(data):
        return DATA_PREFIX + str(path.relative_to(data))
    return shown(path)


def input_path(name: str, out: Path) -> Path:
    if name.startswith("/"):
        return Path(name)
    data = _outside_data()
    if name.startswith(DATA_PREFIX) and data is not None:
        return data / name.removeprefix(DATA_PREFIX)
    beside = out / name
    return beside if beside.exists() else PROJECT_ROOT / name


def data_folder() -> str:
    """The data folder the build reads (make DATA=…), as the manifest names it: by its path in the project, or, for
    a folder elsewhere, by a fingerprint of its path (the record tells two folders apart without naming either)."""
    from helpers.base.paths import data_dir

    data = data_dir()
    if data.is_relative_to(PROJECT_ROOT):
        return shown(data)
    return (
        "outside the project, sha256 " + hashlib.sha256(str(data).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    )


def report_entry(parameters: dict, read: dict[str, str], outputs: list[Path]) -> dict:
    out = outputs[0].parent
    return {
        "code": code_version(),
        "parameters": parameters,
        "data": data_folder(),
        **environment(),
        "inputs": dict(sorted((input_name(path, out), print_) for path, print_ in read.items())),
        "outputs": {str(p.relative_to(out)): sha256(p) for p in outputs},
    }


def read(out: Path) -> dict[str, dict]:
    """The entries of out/manifest.json by report id (none if it is missing or unreadable)."""
    try:
        reports = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))["reports"]
    except (FileNotFoundError, NotADirectoryError, ValueError, KeyError, TypeError):
        return {}
    if not isinstance(reports, dict):
        return {}
    return {report: entry for report, entry in reports.items() if _well_formed(entry)}  # others: rebuilt


def _well_formed(entry) -> bool:
    """An entry as `report_entry` writes it; anything else (an edited or damaged manifest) means 'rebuild it'."""
    shapes = {"parameters": dict, "inputs": dict, "outputs": dict}
    return isinstance(entry, dict) and all(isinstance(entry.get(key), kind) for key, kind in shapes.items())


def why_stale(entry: dict | None, parameters: dict, out: Path) -> str | None:
    """Why the report of `entry` must be built again, or None if it is current."""
    if not entry:
        return "never built here"
    if entry.get("parameters") != parameters:
        return "built with other parameters"
    if entry.get("data") != data_folder():
        return "built from another data folder"
    for name, digest in entry.get("outputs", {}).items():
        if fingerprint(out / name) != digest:
            return f"{name} is missing or was changed"
    for name, digest in entry.get("inputs", {}).items():
        path = input_path(name, out)
        if (fingerprint(path) or "missing") != digest:
            return f"{shown(path) if name.startswith(DATA_PREFIX) else name} changed"  # the user's own path
    return None


def update(out: Path, entries: dict[str, dict]) -> Path:
    """Merge `entries` (report id → entry) into out/manifest.json, written atomically."""
    target = out / MANIFEST_NAME
    reports = read(out)
    reports.update(entries)
    text = json.dumps({"reports": dict(sorted(reports.items()))}, ensure_ascii=False, indent=1, sort_keys=True)
    temp = target.with_name(f".{target.name}.{os.getpid()}.new.part")  # pid: see reportbuild.run.leftovers
    try:
        temp.write_text(text + "\n", encoding="utf-8")
        os.replace(temp, target)
    except OSError as error:  # a full disk: no part left behind, and the message names the record
        temp.unlink(missing_ok=True)
        if error.filename is None or str(error.filename) == str(temp):
            error.filename = str(target)
        raise
    return target
