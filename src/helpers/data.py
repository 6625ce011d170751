"""Loading a region's data: shared labels and units, the region's tables, and the raw sources they quote.

`load_region` validates everything and raises one DataError listing every problem (file, line, column).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from helpers.chapters import load_chapters
from helpers.numbers import number_as_written
from helpers.paths import data_dir
from helpers.schemas import REGION_TABLES, SHARED_TABLES
from helpers.tables import DataError, Problem, Table, read_table, validate


@dataclass
class Region:
    id: str
    info: pd.Series
    observations: pd.DataFrame
    events: pd.DataFrame
    checks: pd.DataFrame
    indicators: pd.DataFrame
    units: pd.DataFrame
    scopes: pd.DataFrame
    sources: pd.DataFrame
    context: pd.DataFrame

    @property
    def name_zh(self) -> str:
        return self.info["name_zh"]

    @cached_property
    def facts(self) -> pd.DataFrame:
        """Observations joined with their labels, units and sources: one row per figure, indexed by obs_id."""
        facts = (self.observations
                 .merge(self.indicators, on="indicator", how="left", suffixes=("", "_indicator"))
                 .merge(self.units.rename(columns={"name_en": "unit_en"}), on="unit", how="left",
                        suffixes=("", "_unit"))
                 .merge(self.scopes.rename(columns={"name_zh": "scope_zh", "name_en": "scope_en"}),
                        on="scope", how="left")
                 .merge(self.sources[["source_id", "title", "publisher", "published"]],
                        on="source_id", how="left"))
        return facts.set_index("obs_id", drop=False)

    def chapter_facts(self, chapter_id: str) -> pd.DataFrame:
        return self.facts[self.facts["chapter"] == chapter_id]

    def chapter_events(self, chapter_id: str) -> pd.DataFrame:
        return self.events[self.events["chapter"] == chapter_id]


def _load(path: Path, label: str, schema, problems: list[Problem]) -> tuple[pd.DataFrame, Table | None]:
    try:
        table = read_table(path, label, list(schema.columns))
    except DataError as error:
        problems += error.problems
        return pd.DataFrame(columns=list(schema.columns)), None
    frame, found = validate(table, schema)
    problems += found
    return frame, table


def _relative(path: Path) -> str:
    """How a data file is named in messages: relative to the working directory when inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _source_texts(sources: pd.DataFrame, root: Path, problems: list[Problem]) -> dict[str, str]:
    texts = {}
    for _, source in sources.iterrows():
        path = root / "raw" / source["file"]
        label = _relative(path)
        if not path.exists():
            problems.append(Problem(label, f"raw source of {source['source_id']!r} is missing"))
            continue
        raw = path.read_bytes()
        if hashlib.sha256(raw).hexdigest() != source["sha256"]:
            problems.append(Problem(label, "raw source differs from its recorded sha256 "
                                           "(raw files are never edited)"))
        texts[source["source_id"]] = raw.decode("utf-8", errors="replace")
    return texts


def _row_problems(table: Table | None, frame: pd.DataFrame, column: str, bad: pd.Series,
                  message) -> list[Problem]:
    if table is None or frame.empty:
        return []
    return [Problem(table.label, message(frame.loc[i]), line=table.line_of(i), column=column)
            for i in frame.index[bad.fillna(False).astype(bool)]]


def _not_in(frame: pd.DataFrame, column: str, allowed) -> pd.Series:
    return frame[column].notna() & ~frame[column].isin(list(allowed))


def _occurs(part, whole) -> bool:
    return isinstance(part, str) and isinstance(whole, str) and part in whole


def _quote_problems(table, frame, texts) -> list[Problem]:
    bad_source = _not_in(frame, "source_id", texts)
    problems = _row_problems(table, frame, "source_id", bad_source,
                             lambda r: f"unknown source {r['source_id']!r}")
    quote_missing = ~bad_source & pd.Series(
        [not _occurs(q, texts.get(s, "")) for q, s in zip(frame["quote"], frame["source_id"])], index=frame.index)
    problems += _row_problems(table, frame, "quote", quote_missing,
                              lambda r: f"quote not found verbatim in source {r['source_id']!r}: {r['quote']!r}")
    return problems


def _value_matches(row) -> bool:
    try:
        return abs(number_as_written(row["as_written"]) - float(row["value"])) < 1e-9
    except (ValueError, TypeError):
        return False


def _observation_problems(table, frame, shared, texts, source_years) -> list[Problem]:
    return _figure_problems(table, frame, shared, texts) + _period_problems(table, frame, source_years)


def _figure_problems(table, frame, shared, texts) -> list[Problem]:
    """Labels, units and provenance of figures: known indicator, scope and unit, value as written in a verbatim quote."""
    indicators = shared["indicators"].set_index("indicator")
    units = shared["units"].set_index("unit")
    problems = _row_problems(table, frame, "indicator", _not_in(frame, "indicator", indicators.index),
                             lambda r: f"unknown indicator {r['indicator']!r}")
    problems += _row_problems(table, frame, "scope", _not_in(frame, "scope", shared["scopes"]["scope"]),
                              lambda r: f"unknown scope {r['scope']!r}")
    problems += _row_problems(table, frame, "unit", _not_in(frame, "unit", units.index),
                              lambda r: f"unknown unit {r['unit']!r}")
    wanted = frame["indicator"].map(indicators["dimension"])
    has = frame["unit"].map(units["dimension"])
    problems += _row_problems(table, frame, "unit", wanted.notna() & has.notna() & (wanted != has),
                              lambda r: f"unit {r['unit']!r} does not measure what indicator "
                                        f"{r['indicator']!r} measures ({indicators.loc[r['indicator'], 'dimension']})")
    ceiling = frame["indicator"].map(indicators["max_value"])
    problems += _row_problems(table, frame, "value", ceiling.notna() & (frame["value"] > ceiling),
                              lambda r: f"{r['value']:g} is above the largest possible value "
                                        f"{indicators.loc[r['indicator'], 'max_value']:g}")
    problems += _quote_problems(table, frame, texts)
    not_in_quote = pd.Series([not _occurs(a, q) for a, q in zip(frame["as_written"], frame["quote"])],
                             index=frame.index)
    problems += _row_problems(table, frame, "as_written", not_in_quote,
                              lambda r: f"{r['as_written']!r} does not occur in its quote")
    mismatch = ~not_in_quote & ~frame.apply(_value_matches, axis=1)
    problems += _row_problems(table, frame, "value", mismatch,
                              lambda r: f"value {r['value']:g} is not the number written {r['as_written']!r}")
    return problems


def _period_problems(table, frame, source_years) -> list[Problem]:
    """No guessed years: a stated year is in its quote, 目前/今年 means the article's year, unknown is empty."""
    basis, year = frame["period_basis"], frame["year"]
    year_text = year.astype("string")
    stated_missing = (basis == "stated") & (year.isna() | pd.Series(
        [not _occurs(str(y), q) for y, q in zip(year_text, frame["quote"])], index=frame.index))
    problems = _row_problems(table, frame, "year", stated_missing,
                             lambda r: "a stated year must be given and occur in the quote")
    article_year = frame["source_id"].map(source_years)
    wrong_article = (basis == "article_date") & (year != article_year).fillna(True)
    problems += _row_problems(table, frame, "year", wrong_article,
                              lambda r: "period_basis article_date means the year the source was published")
    problems += _row_problems(table, frame, "year", (basis == "unknown") & year.notna(),
                              lambda r: "period_basis unknown must leave the year empty")
    problems += _row_problems(table, frame, "start_year",
                              (frame["start_year"] > year).fillna(False),
                              lambda r: "start_year is after year")
    return problems


def _event_problems(table, frame, texts, chapter_ids) -> list[Problem]:
    problems = _row_problems(table, frame, "chapter", _not_in(frame, "chapter", chapter_ids),
                             lambda r: f"unknown chapter {r['chapter']!r}")
    problems += _quote_problems(table, frame, texts)
    year_missing = frame["year"].notna() & pd.Series(
        [not _occurs(str(y), q) for y, q in zip(frame["year"].astype("string"), frame["quote"])], index=frame.index)
    problems += _row_problems(table, frame, "year", year_missing, lambda r: "the year does not occur in the quote")
    return problems


def _check_problems(table, frame, observations) -> list[Problem]:
    known = set(observations["obs_id"])
    problems = _row_problems(table, frame, "stated", _not_in(frame, "stated", known),
                             lambda r: f"unknown observation {r['stated']!r}")
    unknown_inputs = frame["inputs"].map(lambda s: any(i not in known for i in str(s).split()))
    problems += _row_problems(table, frame, "inputs", unknown_inputs,
                              lambda r: f"unknown observation among {r['inputs']!r}")
    return problems


def load_shared(root: Path, problems: list[Problem]) -> dict[str, pd.DataFrame]:
    shared = {}
    for name, (relative, schema) in SHARED_TABLES.items():
        path = root / relative
        shared[name], table = _load(path, _relative(path), schema, problems)
        if name == "context":
            shared["context_table"] = table
        if name == "indicators" and table is not None:
            problems += _row_problems(table, shared[name], "chapter",
                                      _not_in(shared[name], "chapter", {c.id for c in load_chapters()}),
                                      lambda r: f"unknown chapter {r['chapter']!r}")
    return shared


def available_regions(root: Path | None = None) -> list[str]:
    root = root or data_dir()
    return sorted(p.parent.name for p in root.glob("*/observations.csv"))


def load_region(region: str, root: Path | None = None) -> Region:
    """Load and validate every table of `region`; raise DataError with all problems found."""
    root = (root or data_dir()).resolve()
    problems: list[Problem] = []
    shared = load_shared(root, problems)
    if problems:
        raise DataError(problems)
    info = shared["regions"].set_index("region")
    if region not in info.index:
        raise DataError(problems + [Problem(_relative(root / "regions.csv"),
                                            f"unknown region {region!r}; known: {', '.join(info.index)}")])
    texts = _source_texts(shared["sources"], root, problems)
    if shared.get("context_table") is not None:
        problems += _figure_problems(shared.pop("context_table"), shared["context"], shared, texts)
    source_years = shared["sources"].set_index("source_id")["published"].dt.year
    frames, tables = {}, {}
    for name, schema in REGION_TABLES.items():
        path = root / region / f"{name}.csv"
        frames[name], tables[name] = _load(path, _relative(path), schema, problems)
    if tables["observations"] is not None:
        problems += _observation_problems(tables["observations"], frames["observations"], shared,
                                          texts, source_years)
    if tables["events"] is not None:
        problems += _event_problems(tables["events"], frames["events"], texts,
                                    {c.id for c in load_chapters()})
    if tables["checks"] is not None and tables["observations"] is not None:
        problems += _check_problems(tables["checks"], frames["checks"], frames["observations"])
    if problems:
        raise DataError(problems)
    return Region(id=region, info=info.loc[region], **frames, **{
        k: shared[k] for k in ("indicators", "units", "scopes", "sources", "context")})
