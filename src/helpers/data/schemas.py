"""Schemas of the data tables (pandera). data/README.md describes the same columns for people."""

from __future__ import annotations

import re

import pandera.pandas as pa

# The formulas a source's own figures may be checked with (helpers.model.checks computes each one).
FORMULA_NAMES = (
    "pct_change",
    "multiple_increase",
    "multiple_of",
    "cagr",
    "simple_average",
    "share",
    "per_household",
    "total",
    "year_span",
    "equal",
    "whole_share",
)
# A check's input that names a figure by what it is rather than by its id: `indicator:scope@year`.
REFERENCE = re.compile(r"^([a-z0-9_]+):([a-z0-9_]+)@(\d{4})$")


SLUG = r"^[a-z0-9_]+$"
PUBLISHED = r"^\d{4}(-\d{2}(-\d{2})?)?$"  # a source known only by its year (or month) says so
URL = r"^https?://\S+$"
FIGURE_REF = r"^[a-z0-9_]+:[a-z0-9_]+$"  # indicator:scope
FIGURE_REFS = r"^[a-z0-9_]+:[a-z0-9_]+( [a-z0-9_]+:[a-z0-9_]+)*$"
QUALIFIER_POSITIONS = ["before", "after_number", "after_unit"]
BOUNDS = ["approx", "lower", "upper"]
RELATION_KINDS = ["sum", "share", "ratio", "per_capita"]
YEAR = [pa.Check.in_range(1949, 2100)]
PERIOD_BASES = ["stated", "article_date", "unknown"]
STAGES = ["before", "after"]
EVENT_KINDS = ["award", "pilot", "policy", "reform", "facility", "campaign", "visit"]


def _text(**kwargs) -> pa.Column:
    return pa.Column(str, **kwargs)


def _optional_year() -> pa.Column:
    return pa.Column("Int64", checks=YEAR, nullable=True, coerce=True)


SOURCES = pa.DataFrameSchema(
    {
        "source_id": _text(checks=pa.Check.str_matches(SLUG), unique=True),
        "file": _text(),
        "title": _text(),
        "original_title": _text(nullable=True),  # the title as first published, where a repost retitled it
        "publisher": _text(),
        "published": _text(checks=pa.Check.str_matches(PUBLISHED)),
        "sha256": _text(checks=pa.Check.str_matches(r"^[0-9a-f]{64}$")),
        "url": _text(nullable=True, checks=pa.Check.str_matches(URL)),
        "note": _text(nullable=True),
    },
    strict=True,
)

LEVELS = pa.DataFrameSchema(
    {
        "level_zh": _text(unique=True),
        "whole_zh": _text(),
        "name_en": _text(),
    },
    strict=True,
)

QUALIFIERS = pa.DataFrameSchema(
    {
        "qualifier": _text(unique=True),
        "variants": _text(nullable=True),
        "position": _text(checks=pa.Check.isin(QUALIFIER_POSITIONS)),
        "bound": _text(checks=pa.Check.isin(BOUNDS)),
        "name_en": _text(),
    },
    strict=True,
)

RELATIONS = pa.DataFrameSchema(
    {
        "relation_id": _text(checks=pa.Check.str_matches(SLUG), unique=True),
        "kind": _text(checks=pa.Check.isin(RELATION_KINDS)),
        "whole": _text(checks=pa.Check.str_matches(FIGURE_REF)),
        "parts": _text(checks=pa.Check.str_matches(FIGURE_REFS)),
        "unit": _text(nullable=True),
        "per": pa.Column(float, nullable=True, coerce=True, checks=pa.Check.gt(0)),
        "name_zh": _text(),
        "note_zh": _text(nullable=True),
    },
    strict=True,
)

REGIONS = pa.DataFrameSchema(
    {
        "region": _text(checks=pa.Check.str_matches(SLUG), unique=True),
        "name_zh": _text(),
        "name_en": _text(),
        "level_zh": _text(),
        "province_zh": _text(nullable=True),
        "default_start_year": pa.Column("Int64", checks=YEAR, coerce=True),
        "default_end_year": pa.Column("Int64", checks=YEAR, coerce=True),
        "compiler_zh": _text(nullable=True),  # 编制单位 on the cover and as the PDF's author; empty: not yet named
    },
    strict=True,
)

SCOPES = pa.DataFrameSchema(
    {
        "scope": _text(checks=pa.Check.str_matches(SLUG), unique=True),
        "name_zh": _text(),
        "name_en": _text(),
    },
    strict=True,
)

UNITS = pa.DataFrameSchema(
    {
        "unit": _text(unique=True),
        "name_en": _text(),
        "dimension": _text(checks=pa.Check.str_matches(SLUG)),
        "per_period": _text(nullable=True, checks=pa.Check.isin(["month", "year"])),
        "factor": pa.Column(float, checks=pa.Check.gt(0), coerce=True),
        "same_as": _text(nullable=True),
    },
    strict=True,
)

INDICATORS = pa.DataFrameSchema(
    {
        "indicator": _text(checks=pa.Check.str_matches(SLUG), unique=True),
        "chapter": _text(checks=pa.Check.str_matches(SLUG)),
        "name_zh": _text(),
        "name_en": _text(),
        "dimension": _text(checks=pa.Check.str_matches(SLUG)),
        "max_value": pa.Column(float, nullable=True, coerce=True),
        "growth_of": _text(nullable=True),
    },
    strict=True,
)

OBSERVATIONS = pa.DataFrameSchema(
    {
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
        "qualifier": _text(nullable=True),
        "as_written": _text(),
        "source_id": _text(),
        "quote": _text(nullable=True),
        "table_row": _text(nullable=True),
        "table_column": _text(nullable=True),
    },
    strict=True,
    unique=["indicator", "scope", "stage", "start_year", "year"],
)

EVENTS = pa.DataFrameSchema(
    {
        "event_id": _text(checks=pa.Check.str_matches(SLUG), unique=True),
        "year": _optional_year(),
        "month": pa.Column("Int64", checks=pa.Check.in_range(1, 12), nullable=True, coerce=True),
        "kind": _text(checks=pa.Check.isin(EVENT_KINDS)),
        "event_zh": _text(),
        "source_id": _text(),
        "quote": _text(),
    },
    strict=True,
)

CHECKS = pa.DataFrameSchema(
    {
        "check_id": _text(checks=pa.Check.str_matches(SLUG), unique=True),
        "stated": _text(),
        "formula": _text(checks=pa.Check.isin(list(FORMULA_NAMES))),
        "inputs": _text(),
        "note_zh": _text(),
    },
    strict=True,
)

GRADES = ["A", "A/B", "B", "C"]
SHOWN_GRADES = ["A", "A/B", "B"]  # grade C is a lead only: stored, never shown as a figure

CONTEXT = pa.DataFrameSchema(
    {
        "context_id": _text(checks=pa.Check.str_matches(SLUG), unique=True),
        "region_zh": _text(),
        "level": _text(checks=pa.Check.isin(["national", "province", "prefecture"])),
        "province_zh": _text(nullable=True),
        "indicator": _text(),
        "scope": _text(),
        "start_year": _optional_year(),
        "year": _optional_year(),
        "period_note": _text(),
        "value": pa.Column(float, checks=pa.Check.ge(0), coerce=True),
        "unit": _text(),
        "as_written": _text(),
        "original_publisher": _text(nullable=True),  # who first published the figure (cited); `publisher`: where read
        "publisher": _text(),
        "url": _text(checks=pa.Check.str_matches(r"^https?://")),
        "grade": _text(checks=pa.Check.isin(GRADES)),
        "source_id": _text(),
        "quote": _text(),
    },
    strict=True,
    unique=["region_zh", "indicator", "scope", "start_year", "year"],
)

SHARED_TABLES = {
    "sources": ("raw/sources.csv", SOURCES),
    "regions": ("regions.csv", REGIONS),
    "levels": ("levels.csv", LEVELS),
    "scopes": ("scopes.csv", SCOPES),
    "units": ("units.csv", UNITS),
    "qualifiers": ("qualifiers.csv", QUALIFIERS),
    "indicators": ("indicators.csv", INDICATORS),
    "relations": ("relations.csv", RELATIONS),
}
# Columns a file may leave out (older files, and prose sources that have no table cell to cite).
OPTIONAL_COLUMNS = frozenset(
    {
        "url",
        "same_as",
        "qualifier",
        "table_row",
        "table_column",
        "province_zh",
        "growth_of",
        "original_title",
        "original_publisher",
        "compiler_zh",
    }
)
CONTEXT_TABLE = ("context.csv", CONTEXT)
REGION_TABLES = {"observations": OBSERVATIONS, "events": EVENTS, "checks": CHECKS}
