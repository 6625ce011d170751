"""Schemas of the data tables (pandera). data/README.md describes the same columns for people."""
from __future__ import annotations

import pandera.pandas as pa

from helpers.checks import FORMULAS

SLUG = r"^[a-z0-9_]+$"
YEAR = [pa.Check.in_range(1949, 2100)]
PERIOD_BASES = ["stated", "article_date", "unknown"]
STAGES = ["before", "after"]
EVENT_KINDS = ["award", "pilot", "policy", "reform", "facility", "campaign", "visit"]


def _text(**kwargs) -> pa.Column:
    return pa.Column(str, **kwargs)


def _optional_year() -> pa.Column:
    return pa.Column("Int64", checks=YEAR, nullable=True, coerce=True)


SOURCES = pa.DataFrameSchema({
    "source_id": _text(checks=pa.Check.str_matches(SLUG), unique=True),
    "file": _text(),
    "title": _text(),
    "publisher": _text(),
    "published": pa.Column("datetime64[ns]", coerce=True),
    "sha256": _text(checks=pa.Check.str_matches(r"^[0-9a-f]{64}$")),
    "note": _text(nullable=True),
}, strict=True)

REGIONS = pa.DataFrameSchema({
    "region": _text(checks=pa.Check.str_matches(SLUG), unique=True),
    "name_zh": _text(),
    "name_en": _text(),
    "level_zh": _text(),
    "province_zh": _text(nullable=True),
    "default_start_year": pa.Column("Int64", checks=YEAR, coerce=True),
    "default_end_year": pa.Column("Int64", checks=YEAR, coerce=True),
}, strict=True)

SCOPES = pa.DataFrameSchema({
    "scope": _text(checks=pa.Check.str_matches(SLUG), unique=True),
    "name_zh": _text(),
    "name_en": _text(),
}, strict=True)

UNITS = pa.DataFrameSchema({
    "unit": _text(unique=True),
    "name_en": _text(),
    "dimension": _text(checks=pa.Check.str_matches(SLUG)),
    "per_period": _text(nullable=True, checks=pa.Check.isin(["month", "year"])),
    "factor": pa.Column(float, checks=pa.Check.gt(0), coerce=True),
}, strict=True)

INDICATORS = pa.DataFrameSchema({
    "indicator": _text(checks=pa.Check.str_matches(SLUG), unique=True),
    "chapter": _text(checks=pa.Check.str_matches(SLUG)),
    "name_zh": _text(),
    "name_en": _text(),
    "dimension": _text(checks=pa.Check.str_matches(SLUG)),
    "max_value": pa.Column(float, nullable=True, coerce=True),
}, strict=True)

OBSERVATIONS = pa.DataFrameSchema({
    "obs_id": _text(checks=pa.Check.str_matches(SLUG), unique=True),
    "indicator": _text(),
    "scope": _text(),
    "stage": _text(nullable=True, checks=pa.Check.isin(STAGES)),
    "start_year": _optional_year(),
    "year": _optional_year(),
    "period_basis": _text(checks=pa.Check.isin(PERIOD_BASES)),
    "period_note": _text(nullable=True),
    "value": pa.Column(float, checks=pa.Check.ge(0), coerce=True),
    "unit": _text(),
    "as_written": _text(),
    "source_id": _text(),
    "quote": _text(),
}, strict=True, unique=["indicator", "scope", "stage", "start_year", "year"])

EVENTS = pa.DataFrameSchema({
    "event_id": _text(checks=pa.Check.str_matches(SLUG), unique=True),
    "year": _optional_year(),
    "month": pa.Column("Int64", checks=pa.Check.in_range(1, 12), nullable=True, coerce=True),
    "kind": _text(checks=pa.Check.isin(EVENT_KINDS)),
    "event_zh": _text(),
    "source_id": _text(),
    "quote": _text(),
}, strict=True)

CHECKS = pa.DataFrameSchema({
    "check_id": _text(checks=pa.Check.str_matches(SLUG), unique=True),
    "stated": _text(),
    "formula": _text(checks=pa.Check.isin(list(FORMULAS))),
    "inputs": _text(),
    "note_zh": _text(),
}, strict=True)

GRADES = ["A", "A/B", "B", "C"]
SHOWN_GRADES = ["A", "A/B", "B"]  # grade C is a lead only: stored, never shown as a figure

CONTEXT = pa.DataFrameSchema({
    "context_id": _text(checks=pa.Check.str_matches(SLUG), unique=True),
    "region_zh": _text(),
    "level": _text(checks=pa.Check.isin(["national", "province", "prefecture"])),
    "indicator": _text(),
    "scope": _text(),
    "start_year": _optional_year(),
    "year": _optional_year(),
    "period_note": _text(),
    "value": pa.Column(float, checks=pa.Check.ge(0), coerce=True),
    "unit": _text(),
    "as_written": _text(),
    "publisher": _text(),
    "url": _text(checks=pa.Check.str_matches(r"^https?://")),
    "grade": _text(checks=pa.Check.isin(GRADES)),
    "source_id": _text(),
    "quote": _text(),
}, strict=True, unique=["region_zh", "indicator", "scope", "start_year", "year"])

SHARED_TABLES = {"sources": ("raw/sources.csv", SOURCES), "regions": ("regions.csv", REGIONS),
                 "scopes": ("scopes.csv", SCOPES), "units": ("units.csv", UNITS),
                 "indicators": ("indicators.csv", INDICATORS)}
CONTEXT_TABLE = ("context.csv", CONTEXT)
REGION_TABLES = {"observations": OBSERVATIONS, "events": EVENTS, "checks": CHECKS}
