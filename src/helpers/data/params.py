"""Checking a chapter's parameters before any kernel starts: one message naming the parameter and what is allowed."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from helpers.base.paths import data_dir
from helpers.data.chapters import available_regions, context_only_regions
from helpers.data.years import data_years

COMPARE_VALUES = {"on": True, "off": False, True: True, False: False}
SLUG = re.compile(r"^[a-z0-9_]+$")


class ParameterError(ValueError):
    pass


def _region(value, regions: list[str], context_only: set[str] = frozenset()) -> str:
    allowed = f"allowed: {', '.join(regions)}"
    if not isinstance(value, str):
        raise ParameterError(
            f"parameter region: expected a region name, got {type(value).__name__} {value!r}; {allowed}"
        )
    if "/" in value or "\\" in value or ".." in value:
        raise ParameterError(f"parameter region: {value!r} looks like a path; give a region name; {allowed}")
    if value in context_only and value not in regions:
        raise ParameterError(
            f"parameter region: {value!r} only gives context (built is false in regions.csv): it has no report; "
            f"{allowed}"
        )
    if not SLUG.match(value) or value not in regions:
        raise ParameterError(f"parameter region: unknown region {value!r}; {allowed}")
    return value


def _year(name: str, value) -> int:
    text = str(value).strip() if isinstance(value, (int, str)) and not isinstance(value, bool) else None
    if text is None or not text.isdigit():
        raise ParameterError(f"parameter {name}: expected a year such as 2012, got {value!r}")
    return int(text)


def _compare(value) -> bool:
    key = value.strip().lower() if isinstance(value, str) else value
    if key not in COMPARE_VALUES:
        raise ParameterError(f"parameter compare: {value!r} is not allowed; allowed: on, off")
    return COMPARE_VALUES[key]


def region_rows(data_root: Path | None = None) -> list[dict]:
    """The rows of data/regions.csv as plain strings (cheap: no pandas, no validation)."""
    path = Path(data_root or data_dir()) / "regions.csv"
    if not path.is_file():  # a folder, a FIFO, a dangling link: never opened (a FIFO would block)
        raise ValueError(f"{path} is not a file")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def years_of(region: str, data_root: Path | None = None) -> tuple[int, int]:
    """The years a region's report covers by default, as declared in data/regions.csv."""
    row = next((r for r in region_rows(data_root) if r.get("region") == region), None)
    if row is None:
        raise ParameterError(f"parameter region: {region!r} has a data folder but no row in regions.csv; add one")
    return int(row["default_start_year"]), int(row["default_end_year"])


def allowed_years(region: str, data_root: Path | None = None) -> tuple[int, int]:
    """The years a build of `region` may ask for: its default years (regions.csv), widened to the earliest and the
    latest year any of its figures or events holds."""
    first, last = years_of(region, data_root)
    held = data_years(region, data_root)
    return (min(first, held[0]), max(last, held[1])) if held else (first, last)


def _within(region: str, start: int, end: int, data_root: Path | None) -> None:
    """START and END within the years `region`'s data hold. Its figures are read only for years beyond its default
    years (a chapter's build then depends on every chapter's figures: they are what allows those years)."""
    first, last = years_of(region, data_root)
    if first <= start and end <= last:
        return
    low, high = allowed_years(region, data_root)
    for name, year in (("start_year", start), ("end_year", end)):
        if not low <= year <= high:
            raise ParameterError(
                f"parameter {name}: {year} is outside the years of {region}'s data; allowed: {low}–{high} "
                f"(the default {first}–{last} of regions.csv, widened to the years its figures and events hold)"
            )


def check_parameters(region, start_year, end_year, compare="on", data_root: Path | None = None) -> dict:
    """Validated parameters, or ParameterError naming the parameter and what is allowed."""
    region = _region(region, available_regions(data_root), context_only_regions(data_root))
    start, end = _year("start_year", start_year), _year("end_year", end_year)
    if start > end:
        raise ParameterError(f"parameter start_year: {start} is after end_year {end}")
    _within(region, start, end, data_root)
    return {"region": region, "start_year": start, "end_year": end, "compare": _compare(compare)}
