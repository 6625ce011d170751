"""Where things live. The data folder can be moved with MINZHENG_DATA (make DATA=… sets it; tests do)."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[3]
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
CHAPTERS_FILE = NOTEBOOKS_DIR / "chapters.yml"


def data_dir() -> Path:
    return Path(os.environ.get("MINZHENG_DATA", PROJECT_ROOT / "data")).resolve()


REPORTS_DIR = PROJECT_ROOT / "reports"


def report_folder(region: str, start_year: int, end_year: int, compare: bool = True) -> Path:
    """Where one parameter set's reports go, below a reports folder: <region>/<start>-<end>[-own-figures-only]."""
    return Path(region) / (f"{start_year}-{end_year}" + ("" if compare else "-own-figures-only"))
