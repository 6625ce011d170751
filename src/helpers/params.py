"""Checking a chapter's parameters before any kernel starts: one message naming the parameter."""
from __future__ import annotations

from pathlib import Path

from helpers.data import available_regions


class ParameterError(ValueError):
    pass


def _year(name: str, value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) and not (isinstance(value, str) and value.isdigit()):
        raise ParameterError(f"parameter {name}: expected a year such as 2012, got {value!r}")
    year = int(value)
    if not 1949 <= year <= 2100:
        raise ParameterError(f"parameter {name}: {year} is not a plausible year (1949–2100)")
    return year


COMPARE_VALUES = {"on": True, "off": False, True: True, False: False}


def check_parameters(region, start_year, end_year, compare="on", data_root: Path | None = None) -> dict:
    """Validated parameters, or ParameterError naming the parameter and what is allowed."""
    regions = available_regions(data_root)
    if not isinstance(region, str) or region not in regions:
        raise ParameterError(f"parameter region: unknown region {region!r}; allowed: {', '.join(regions)}")
    start, end = _year("start_year", start_year), _year("end_year", end_year)
    if start > end:
        raise ParameterError(f"parameter start_year: {start} is after end_year {end}")
    if isinstance(compare, str):
        compare = compare.strip().lower()
    if compare not in COMPARE_VALUES:
        raise ParameterError(f"parameter compare: {compare!r} is not allowed; allowed: on, off")
    return {"region": region, "start_year": start, "end_year": end, "compare": COMPARE_VALUES[compare]}
