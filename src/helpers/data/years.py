"""The years a region's figures and events are dated, and which of them a build of some years leaves out, each
with the START or END that would include it. Read from the tables' plain rows (cheap: no pandas, no validation;
a cell that is not a year is left to validation to name)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from helpers.base.paths import data_dir
from helpers.data.chapters import chapter_folders

DATED_TABLES = {"observations": ("obs_id", "figure"), "events": ("event_id", "event")}
FIRST_YEAR, LAST_YEAR = 1949, 2100  # the years a table may hold (helpers.data.schemas.YEAR)


@dataclass(frozen=True)
class Dated:
    """One dated row: where it is, what it is, and the years it holds (start_year, or None, and year)."""

    label: str
    line: int
    kind: str
    id: str
    start_year: int | None
    year: int


def label(path: Path) -> str:
    """A data file as messages name it: relative to the working directory when inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _year(cell) -> int | None:
    text = (cell or "").strip()
    return int(text) if text.isascii() and text.isdigit() and FIRST_YEAR <= int(text) <= LAST_YEAR else None


def records(path: Path) -> Iterator[tuple[int, dict]]:
    """The rows of a table with the line each starts on; nothing for a table that is not a readable CSV file."""
    if not path.is_file():
        return
    reader = csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig", errors="replace"), newline=""))
    try:
        header, start = next(reader), reader.line_num + 1
        for record in reader:
            yield start, dict(zip(header, record))
            start = reader.line_num + 1
    except (StopIteration, csv.Error):
        return


def dated_rows(region: str, data_root: Path | None = None) -> list[Dated]:
    """Every figure and event of `region` that states a year, in chapter order."""
    rows = []
    for folder in chapter_folders(Path(data_root or data_dir()) / region).values():
        for table, (key, kind) in DATED_TABLES.items():
            path = folder / f"{table}.csv"
            for line, row in records(path):
                year = _year(row.get("year"))
                if year is not None:
                    rows.append(Dated(label(path), line, kind, row.get(key, ""), _year(row.get("start_year")), year))
    return rows


def data_years(region: str, data_root: Path | None = None) -> tuple[int, int] | None:
    """The earliest and the latest year `region`'s figures and events hold (a span's start_year counts); None when
    none is dated."""
    rows = dated_rows(region, data_root)
    if not rows:
        return None
    return min(r.start_year or r.year for r in rows), max(r.year for r in rows)


def _include(row: Dated, start: int, end: int) -> str:
    """The parameters that would include `row` in a build of start–end: 'START=2010', 'END=2023' or both."""
    first = min(start, row.start_year or row.year)
    return " ".join(
        [f"START={first}"] * (first < start) + [f"END={row.year}"] * (row.year > end),
    )


def outside_years(region: str, start: int, end: int, data_root: Path | None = None) -> list[str]:
    """One line per figure or event of `region` that a build of start–end leaves out (dated after `end`, or before
    `start`, a span too), with the way to include it; [] when the build shows them all. Undated rows are always
    shown, so never listed."""
    lines = []
    for row in dated_rows(region, data_root):
        if row.year <= end and (row.start_year or row.year) >= start:
            continue
        held = f"{row.start_year}–{row.year}" if row.start_year else str(row.year)
        lines.append(
            f"{row.label}, line {row.line}: {row.kind} {row.id} ({held}) is outside {start}–{end}: "
            f"build with {_include(row, start, end)} to include it"
        )
    return lines
