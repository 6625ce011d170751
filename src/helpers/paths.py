"""Where things live. The data folder can be moved with MINZHENG_DATA (make DATA=… sets it; tests do)."""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
CHAPTERS_FILE = NOTEBOOKS_DIR / "chapters.yml"
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


def data_dir() -> Path:
    return Path(os.environ.get("MINZHENG_DATA", PROJECT_ROOT / "data")).resolve()
