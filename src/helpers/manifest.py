"""The build manifest beside the reports: how each report was made, so a reader of a PDF can trace it back.

Per report: the code version (git commit, and whether the tree had changes), the parameters, the sha256 of
every input file it read, the versions of the key packages, the CJK font, and the sha256 of each output.
It holds no times, so two builds of the same inputs write the same manifest.
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

from helpers.depfiles import shown
from helpers.paths import PROJECT_ROOT

MANIFEST_NAME = "manifest.json"
KEY_PACKAGES = ["pandas", "matplotlib", "seaborn", "pandera", "papermill", "nbclient", "ipykernel",
                "nbconvert", "weasyprint", "jupyterlab"]


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
    from helpers.fonts import CJK_FAMILY, cjk_font_path
    font = cjk_font_path()
    return {"python": platform.python_version(),
            "packages": {name: metadata.version(name) for name in KEY_PACKAGES},
            "cjk_font": {"family": CJK_FAMILY, "file": str(font), "sha256": sha256(font)}}


def _named(path: Path, out: Path) -> str:
    """An input's name: other reports beside this one by file name, anything else as make names it."""
    return path.name if path.resolve().parent == out.resolve() else shown(path)


def report_entry(parameters: dict, inputs: list[Path], outputs: list[Path]) -> dict:
    out = outputs[0].parent
    files = sorted({_named(Path(p), out): p for p in inputs if Path(p).is_file()}.items())
    return {"code": code_version(), "parameters": parameters, **environment(),
            "inputs": {name: sha256(Path(path)) for name, path in files},
            "outputs": {p.name: sha256(p) for p in outputs}}


def update(out: Path, entries: dict[str, dict]) -> Path:
    """Merge `entries` (report id → entry) into out/manifest.json, written atomically."""
    target = out / MANIFEST_NAME
    try:
        reports = json.loads(target.read_text(encoding="utf-8"))["reports"]
    except (FileNotFoundError, ValueError, KeyError):
        reports = {}
    reports.update(entries)
    text = json.dumps({"reports": dict(sorted(reports.items()))}, ensure_ascii=False, indent=1, sort_keys=True)
    temp = target.with_name(f".{target.name}.part")
    temp.write_text(text + "\n", encoding="utf-8")
    os.replace(temp, target)
    return target
