"""What kind of figure each dimension's numbers are (data/dimensions.csv): how the report writes them and the verbs
it uses. Read as plain rows (validation is load_region's), once per file version."""

from __future__ import annotations

import csv
import functools
from pathlib import Path

from helpers.base.paths import data_dir


def kinds(root: Path | None = None) -> dict[str, str]:
    """{dimension: kind} of the data folder; empty when it has no dimensions.csv."""
    path = (root or data_dir()) / "dimensions.csv"
    try:
        return _read(path, path.stat().st_mtime_ns)
    except FileNotFoundError:
        return {}


@functools.cache
def _read(path: Path, version: int) -> dict[str, str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {row["dimension"]: row["kind"] for row in csv.DictReader(handle) if row.get("dimension")}
