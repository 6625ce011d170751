"""Schemas of the data tables (pandera): the one description of every table and column. data/README.md's section
“Tables and columns” is generated from them (`python -m helpers.data.docs`; a test compares the two)."""

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
TIERS = ["national", "province", "prefecture", "county"]  # a level's place in the hierarchy (context's `level`)
FLAGS = ["true", "false"]
GRADES = ["A", "A/B", "B", "C"]
SHOWN_GRADES = ["A", "A/B", "B"]  # grade C is a lead only: stored, never shown as a figure
PUBLISHED_GRADE = "A"  # what the publication and its 综述 compare with (the working papers show A/B and B too)


def _text(description: str, **kwargs) -> pa.Column:
    return pa.Column(str, description=description, **kwargs)


def _id(description: str, **kwargs) -> pa.Column:
    return _text(description, checks=pa.Check.str_matches(SLUG), **kwargs)


def _optional_year(description: str) -> pa.Column:
    return pa.Column("Int64", checks=YEAR, nullable=True, coerce=True, description=description)


SOURCES = pa.DataFrameSchema(
    {
        "source_id": _id("the source's id; figures and events name their source by it", unique=True),
        "file": _text(
            "the raw file under `raw/` that holds the source's text, by its name alone (a document kept in another "
            "record names that record's file)",
            checks=pa.Check.str_matches(r"^[^/\\.][^/\\]*$"),
        ),
        "quoted_in": _id(
            "for a document not stored itself (a web page whose passages a research record quotes verbatim): "
            "the source_id of that record; `file` and `sha256` are then the record's, and its quotes are checked "
            "against the record's text",
            nullable=True,
        ),
        "title": _text("the title as read (a descriptive title says so)"),
        "original_title": _text(
            "the title as first published, where a repost retitled it; the reference list cites it", nullable=True
        ),
        "publisher": _text("who published it, as the page names itself (where it was read)"),
        "cite_zh": _text(
            "how a publication names the document when its title or publisher as read will not do (a repost, a "
            "translation, a descriptive title): its original publisher and what it is, without where it was read "
            "(济南市2020年提高城乡低保标准的通知); the reference list and source lines print it with the date, the "
            "working papers keep the rest",
            nullable=True,
        ),
        "publisher_is_periodical": _text(
            "`true` when the publisher is a newspaper or periodical (晋中日报): running text names it in 《》 "
            "(《晋中日报》); `false` or empty for an office, a news agency, a website or a repost",
            nullable=True,
            checks=pa.Check.isin(FLAGS),
        ),
        "published": _text(
            "`YYYY-MM-DD`, or `YYYY-MM` / `YYYY` when only that is known: shown as such, never a placeholder "
            "date; empty only for a document kept in another record whose date is not known",
            nullable=True,
            checks=pa.Check.str_matches(PUBLISHED),
        ),
        "sha256": _text(
            "checksum of `file` (`sha256sum data/raw/<file>`); the loader refuses an edited raw file",
            checks=pa.Check.str_matches(r"^[0-9a-f]{64}$"),
        ),
        "url": _text("the address it was read at", nullable=True, checks=pa.Check.str_matches(URL)),
        "note": _text(
            "what a reader of the record should know (where a date comes from, what was kept)", nullable=True
        ),
    },
    strict=True,
    title="raw/sources.csv",
    description="One row per document figures are read in: a raw file of `raw/` kept exactly as published, or a "
    "web page whose passages a research record in `raw/` quotes verbatim (`quoted_in`).",
)

LEVELS = pa.DataFrameSchema(
    {
        "level_zh": _text("the level as Chinese names it (国家, 省, 地级市, 县 …)", unique=True),
        "whole_zh": _text("how the whole region is named in a sentence: 全市, 全省, 全区, 全县, 全国"),
        "name_en": _text("the level in English"),
        "tier": _text(
            "its place in the hierarchy, the `level` of a context figure: national, province (also 自治区, "
            "直辖市), prefecture (the cities a province's ranks compare), county",
            checks=pa.Check.isin(TIERS),
        ),
    },
    strict=True,
    title="levels.csv",
    description="The levels a region may have.",
)

QUALIFIERS = pa.DataFrameSchema(
    {
        "qualifier": _text(
            "the bound or approximation as simplified Chinese writes it: 约, 近, 超过, 不低于 …", unique=True
        ),
        "variants": _text(
            "other spellings, space-separated: traditional (不低於), or an English source's word (nearly)",
            nullable=True,
        ),
        "position": _text(
            "where the source writes it: before the number, after the number, after the unit",
            checks=pa.Check.isin(QUALIFIER_POSITIONS),
        ),
        "bound": _text(
            "what it makes of the figure: an approximation, a lower or an upper bound", checks=pa.Check.isin(BOUNDS)
        ),
        "name_en": _text("the qualifier in English"),
    },
    strict=True,
    title="qualifiers.csv",
    description="The qualifiers a figure may carry; a qualifier must be written in the figure's quote.",
)

RELATIONS = pa.DataFrameSchema(
    {
        "relation_id": _id("the relation's id", unique=True),
        "kind": _text(
            "`sum` (parts add up to the whole), `share` (each part as a % of the whole), `ratio` (part ÷ whole in "
            "`unit`), `per_capita` (part ÷ population × `per`)",
            checks=pa.Check.isin(RELATION_KINDS),
        ),
        "whole": _text("the whole, as `indicator:scope`", checks=pa.Check.str_matches(FIGURE_REF)),
        "parts": _text("the parts, `indicator:scope` space-separated", checks=pa.Check.str_matches(FIGURE_REFS)),
        "unit": _text("the unit of a ratio or per-capita result", nullable=True),
        "per": pa.Column(float, nullable=True, coerce=True, checks=pa.Check.gt(0), description="e.g. 10000 for 每万人"),
        "name_zh": _text("what the result is called in the report"),
        "note_zh": _text("a note the report prints with it", nullable=True),
    },
    strict=True,
    title="relations.csv",
    description="The only way totals, shares and ratios get computed, for every region (see below).",
)

REGIONS = pa.DataFrameSchema(
    {
        "region": _id("the region's id: its folder under `data/` and of its reports", unique=True),
        "name_zh": _text("its Chinese name, as reports and context figures name it (全国, 山西省, 晋中市)"),
        "name_en": _text("its English name"),
        "level_zh": _text("its level, one of `levels.csv`"),
        "built": _text(
            "`false` for a region that only gives context (its figures are rows of `context.csv`; it has no "
            "folder and no report; `make regions` and every list of regions skip it); `true` or empty for a "
            "region built in its own right",
            nullable=True,
            checks=pa.Check.isin(FLAGS),
        ),
        "province_zh": _text(
            "the province it belongs to (empty for a province or the nation): context is looked up through it",
            nullable=True,
        ),
        "default_start_year": pa.Column(
            "Int64",
            checks=YEAR,
            nullable=True,
            coerce=True,
            description="the first year its data cover (the report's default); required for a built region",
        ),
        "default_end_year": pa.Column(
            "Int64",
            checks=YEAR,
            nullable=True,
            coerce=True,
            description="the last year its data cover (the report's default); required for a built region",
        ),
        "compiler_zh": _text("编制单位: the cover and the PDF's author; empty leaves both out", nullable=True),
    },
    strict=True,
    title="regions.csv",
    description="Every region the data name: those built in their own right (a folder under `data/`) and those "
    "that only give context (national, provincial and peer-city figures in `context.csv`).",
)

SCOPES = pa.DataFrameSchema(
    {
        "scope": _id("the scope's id (`all` is the whole region, named by its level: 全市, 全省 …)", unique=True),
        "name_zh": _text("its Chinese name: 城市, 农村, 集中供养, 散居, “三县一市”农村"),
        "name_en": _text("its English name"),
    },
    strict=True,
    title="scopes.csv",
    description="What part of a region a figure covers.",
)

# What kind of figure a dimension's numbers are: how the report writes them (thousands separators, decimals) and the
# verbs it uses (提高到 for a standard, 增加到 for a count). helpers.wording.style names each.
KINDS = ("count", "tally", "amount", "standard", "rate", "percent", "multiple", "years")

DIMENSIONS = pa.DataFrameSchema(
    {
        "dimension": _id("the dimension's id, as units.csv and indicators.csv write it", unique=True),
        "kind": _text(
            "`count` (a stock: 48,713户), `tally` (events over a period: 18次), `amount` (money), `standard` (a "
            "benefit per person and period), `rate` (a density: 40张/千名老年人), `percent`, `multiple` (倍), "
            "`years` (never a thousands separator)",
            checks=pa.Check.isin(KINDS),
        ),
        "name_en": _text("what it measures, in English"),
    },
    strict=True,
    title="dimensions.csv",
    description="What units and indicators measure, and how the report writes and describes such figures.",
)

UNITS = pa.DataFrameSchema(
    {
        "unit": _text("the unit as the source writes it (元/人/月, 万人, 元/人月)", unique=True),
        "name_en": _text("the unit in English"),
        "dimension": _text(
            "what it measures (`dimensions.csv`); must be the dimension of the indicator it is used with",
            checks=pa.Check.str_matches(SLUG),
        ),
        "per_period": _text(
            "for a rate: the period it is per (month, year)", nullable=True, checks=pa.Check.isin(["month", "year"])
        ),
        "factor": pa.Column(
            float,
            checks=pa.Check.gt(0),
            coerce=True,
            description="to the dimension's base unit: 万人 = 10000 人, 亿元 = 10^8 元",
        ),
        "same_as": _text("the usual spelling of a variant (元/人月 → 元/人/月)", nullable=True),
    },
    strict=True,
    title="units.csv",
    description="Every unit a figure may have, with its factor to its dimension's base unit.",
)

INDICATORS = pa.DataFrameSchema(
    {
        "indicator": _id("the indicator's id", unique=True),
        "chapter": _text(
            "the chapter it belongs to (an id in notebooks/chapters.yml)", checks=pa.Check.str_matches(SLUG)
        ),
        "name_zh": _text("its Chinese name"),
        "name_en": _text("its English name"),
        "dimension": _text("what it measures (a dimension of `units.csv`)", checks=pa.Check.str_matches(SLUG)),
        "max_value": pa.Column(
            float, nullable=True, coerce=True, description="the largest possible value (e.g. 100 for a share)"
        ),
        "growth_of": _text("for a stated growth such as 增长了1.2倍: the indicator it is the growth of", nullable=True),
    },
    strict=True,
    title="indicators.csv",
    description="What figures measure.",
)

OBSERVATIONS = pa.DataFrameSchema(
    {
        "obs_id": _id("the figure's id, unique across the region", unique=True),
        "indicator": _text("what it measures (`indicators.csv`; the folder must be its chapter's)"),
        "scope": _text("what part of the region (`scopes.csv`)"),
        "stage": _text("before/after of a “由X提高到Y” pair, else empty", nullable=True, checks=pa.Check.isin(STAGES)),
        "start_year": _optional_year("the first year of a span such as 自2012年来"),
        "year": _optional_year("the year it holds for; empty when the source gives none"),
        "period_basis": _text(
            "`stated`: the year is in the quote or is the table column; `article_date`: 目前/今年/现行, the "
            "source's publication year; `unknown`: the source gives no year, and `year` stays empty",
            checks=pa.Check.isin(PERIOD_BASES),
        ),
        "period_note": _text(
            "how the source describes the period (“提高前的标准，年份未载明”; 今年/去年 are resolved against the "
            "source's date)",
            nullable=True,
        ),
        "value": pa.Column(
            float, checks=pa.Check.ge(0), coerce=True, description="the number exactly as written (4.6万 → 4.6)"
        ),
        "unit": _text("the unit exactly as written (`units.csv`)"),
        "qualifier": _text(
            "约, 近, 超过, 不低于, 以上, 余 … (`qualifiers.csv`); it must be written in the quote", nullable=True
        ),
        "as_written": _text("the figure as spelled in the quote (`4.6万`, `十年`), without the qualifier"),
        "source_id": _text("the source it was read in (`raw/sources.csv`)"),
        "quote": _text("the verbatim sentence it comes from (prose sources)", nullable=True),
        "term_zh": _text(
            "the name the source itself uses for the figure where it differs from the shared indicator's "
            "`name_zh` (福建's yearbook: 城镇低保人数); written in the quote, or in the table row or column; the "
            "report prints it instead of the shared name. A term that names no scope (孤儿平均保障标准) follows the "
            "figure's scope",
            nullable=True,
        ),
        "table_row": _text("for a table source: the row label exactly as printed", nullable=True),
        "table_column": _text(
            "for a table source: the column header exactly as printed (`quote` stays empty and `as_written` must "
            "equal the cell)",
            nullable=True,
        ),
        "note": _text(
            "an analyst's judgement on how the figure was read, in a sentence (“1.3倍和1.5倍 read as urban and "
            "rural, in the order the quote names them”): shown beside the figure in the working papers, never in the "
            "publication, and never as its period (how the source dates it is `period_note`)",
            nullable=True,
        ),
    },
    strict=True,
    unique=["indicator", "scope", "stage", "start_year", "year"],
    title="<region>/<chapter>/observations.csv",
    description="One row per figure the source states.",
)

EVENTS = pa.DataFrameSchema(
    {
        "event_id": _id("the event's id, unique across the region", unique=True),
        "year": _optional_year("the year, empty when not stated (a stated year occurs in the quote)"),
        "month": pa.Column(
            "Int64",
            checks=pa.Check.in_range(1, 12),
            nullable=True,
            coerce=True,
            description="the month, empty when not stated",
        ),
        "kind": _text("what kind of milestone it is", checks=pa.Check.isin(EVENT_KINDS)),
        "event_zh": _text("the event as the report states it"),
        "source_id": _text("the source it was read in (`raw/sources.csv`)"),
        "quote": _text("the verbatim sentence it comes from"),
    },
    strict=True,
    title="<region>/<chapter>/events.csv",
    description="Dated milestones: awards, pilots, policies, reforms, facilities, campaigns, visits.",
)

CHECKS = pa.DataFrameSchema(
    {
        "check_id": _id("the check's id", unique=True),
        "stated": _text("the obs_id of the figure the source derived"),
        "formula": _text("how it follows from its inputs", checks=pa.Check.isin(list(FORMULA_NAMES))),
        "inputs": _text(
            "space-separated obs_ids, or `indicator:scope@year` references (which may name a figure the data do "
            "not have: the report then says it cannot be checked and what is missing)"
        ),
        "note_zh": _text("what is checked, in the report's words"),
    },
    strict=True,
    title="<region>/<chapter>/checks.csv",
    description="Figures the source itself derives, recomputed from its raw figures after unit conversion.",
)

CONTEXT = pa.DataFrameSchema(
    {
        "context_id": _id("the context figure's id", unique=True),
        "region": _id("whose figure it is: a region of `regions.csv` (its name, level and province come from there)"),
        "obs_id": _id(
            "for a figure held in that region's own data folder (`<region>/<chapter>/observations.csv`): its "
            "obs_id; indicator, scope, value, unit, as_written, source_id and quote are then taken from there and "
            "left empty here, so no figure is stored twice",
            nullable=True,
        ),
        "indicator": _text("what it measures (`indicators.csv`); empty with `obs_id`", nullable=True),
        "scope": _text("what part of the region (`scopes.csv`); empty with `obs_id`", nullable=True),
        "start_year": _optional_year("the first year of a span; with `obs_id`, empty takes the figure's own"),
        "year": _optional_year(
            "the year it is compared at; with `obs_id`, empty takes the figure's own, and a year is given only "
            "where the figure's own quote states none (the grade says how sure the dating is)"
        ),
        "period_note": _text("the time and definition as published (“2021年三季度”, “2012年12月（县级标准均值）”)"),
        "value": pa.Column(
            float,
            checks=pa.Check.ge(0),
            nullable=True,
            coerce=True,
            description="the number exactly as written; empty with `obs_id`",
        ),
        "unit": _text("the unit exactly as written (`units.csv`); empty with `obs_id`", nullable=True),
        "as_written": _text("the figure as spelled in the quote; empty with `obs_id`", nullable=True),
        "original_publisher": _text(
            "who first published the figure: source lines and the reference list credit it", nullable=True
        ),
        "grade": _text(
            "A (official or mainstream page, number verbatim), A/B, B (reprint with garbled text, or an inferred "
            "year or definition), C (a lead only: stored, never shown)",
            checks=pa.Check.isin(GRADES),
        ),
        "source_id": _text(
            "the document it was read in (`raw/sources.csv`: publisher, date and address once per document); "
            "empty with `obs_id`",
            nullable=True,
        ),
        "quote": _text(
            "the verbatim sentence, found in the document's text (for a web page, in the research record that "
            "quotes it); empty with `obs_id`",
            nullable=True,
        ),
    },
    strict=True,
    title="context.csv",
    description="National, provincial and peer-city figures a region's report compares with (one row per figure, "
    "unique by region, indicator, scope, start_year and year).",
)

SHARED_TABLES = {
    "sources": ("raw/sources.csv", SOURCES),
    "regions": ("regions.csv", REGIONS),
    "levels": ("levels.csv", LEVELS),
    "dimensions": ("dimensions.csv", DIMENSIONS),
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
        "term_zh",
        "province_zh",
        "growth_of",
        "original_title",
        "original_publisher",
        "compiler_zh",
        "quoted_in",
        "built",
        "publisher_is_periodical",
        "cite_zh",
        "note",  # an observation's judgement (older tables have none; raw/sources.csv may so leave its own out)
    }
)
CONTEXT_TABLE = ("context.csv", CONTEXT)
REGION_TABLES = {"observations": OBSERVATIONS, "events": EVENTS, "checks": CHECKS}
# The columns of a context row that `obs_id` takes from the region's own figure (and that a row without it needs).
HELD_COLUMNS = ("indicator", "scope", "value", "unit", "as_written", "source_id", "quote")
