"""Where a chapter's results go and how they are read back: the display output a notebook's last cell carries
(MIME), the two files the build writes of it beside the reports (results/<chapter>.json for the overview,
results/<chapter>.figures.json for the book and the spreadsheet), and the overview's reading of them."""

from __future__ import annotations

import json
from pathlib import Path

from helpers.base.paths import REPORTS_DIR, report_folder

MIME = "application/vnd.minzheng.results+json"
FOLDER = "results"


BOOK_ONLY = ("derived", "context")  # what the book and the spreadsheet read, and the overview does not


def file_names(chapter_id: str) -> tuple[str, str]:
    """The chapter's results as the overview reads them, and the figures only the book reads: two files, so that
    a figure the overview never shows does not make it stale."""
    return f"{chapter_id}.json", f"{chapter_id}.figures.json"


def split(payload: dict) -> tuple[dict, dict]:
    """`payload` as the two files of file_names."""
    return (
        {k: v for k, v in payload.items() if k not in BOOK_ONLY},
        {"chapter": payload["chapter"], **{k: payload[k] for k in BOOK_ONLY}},
    )


def dumps(payload: dict) -> str:
    return json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def folder(results: str, region: str, start_year: int, end_year: int, compare: bool) -> Path:
    """The folder of results the overview reads: `results` if given (the build gives one), else the reports
    folder `make` fills by default for these parameters (an analyst running the overview in JupyterLab)."""
    return Path(results) if results else REPORTS_DIR / report_folder(region, start_year, end_year, compare) / FOLDER


def load(where: Path, chapter_ids: list[str]) -> tuple[list[dict], list[str]]:
    """The results of `chapter_ids` in that order, and the ids whose results are not there yet."""
    found, missing = [], []
    for chapter_id in chapter_ids:
        try:  # opened, not probed: a build records a missing file as read too, and rebuilds once it appears
            found.append(json.loads((where / f"{chapter_id}.json").read_text(encoding="utf-8")))
        except FileNotFoundError:
            missing.append(chapter_id)
    return found, missing
