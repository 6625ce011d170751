"""Loading a region's data: shared labels and units, the region's tables, and the raw sources they quote.

A region's tables live in one folder per chapter (data/<region>/<chapter>/{observations,events,checks}.csv), so a
chapter reads only its own files. `load_region` validates what it loads and raises one DataError listing every
problem (file, line, column).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from helpers import inputs
from helpers.chapters import load_chapters
from helpers.numbers import number_as_written
from helpers.paths import data_dir
from helpers.schemas import CONTEXT_TABLE, REGION_TABLES, SHARED_TABLES
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
    root: Path

    @cached_property
    def context(self) -> pd.DataFrame:
        """Context figures, loaded (and validated) only by the chapters that compare: only they depend on them."""
        return load_context(self.root, {"indicators": self.indicators, "units": self.units,
                                        "scopes": self.scopes, "sources": self.sources})

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


def _source_texts(sources: pd.DataFrame, root: Path, problems: list[Problem], wanted: set[str]) -> dict[str, str]:
    """The raw texts of the `wanted` sources, each checked against its recorded sha256 (raw files are immutable)."""
    texts = {}
    for _, source in sources[sources["source_id"].isin(wanted)].iterrows():
        path = root / "raw" / source["file"]
        inputs.note(path)
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


def _event_problems(table, frame, texts) -> list[Problem]:
    problems = _quote_problems(table, frame, texts)
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
        if name == "indicators" and table is not None:
            problems += _row_problems(table, shared[name], "chapter",
                                      _not_in(shared[name], "chapter", {c.id for c in load_chapters()}),
                                      lambda r: f"unknown chapter {r['chapter']!r}")
    return shared


def load_context(root: Path, shared: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """National, provincial and prefecture figures, each checked against its quote; DataError if any is wrong."""
    problems: list[Problem] = []
    relative, schema = CONTEXT_TABLE
    path = root / relative
    context, table = _load(path, _relative(path), schema, problems)
    if table is not None:
        texts = _source_texts(shared["sources"], root, problems, set(context["source_id"].dropna()))
        problems += _figure_problems(table, context, shared, texts)
    if problems:
        raise DataError(problems)
    return context


def chapter_folders(region_dir: Path) -> dict[str, Path]:
    """The region's chapter folders (data/<region>/<chapter id>/) that exist, in chapter order."""
    return {c.id: region_dir / c.id for c in load_chapters() if (region_dir / c.id).is_dir()}


def available_regions(root: Path | None = None) -> list[str]:
    """Regions with data: folders of the data root holding at least one chapter folder."""
    root = root or data_dir()
    ids = {c.id for c in load_chapters()}
    return sorted(p.name for p in root.iterdir() if p.is_dir() and any((p / i).is_dir() for i in ids))


def _folder_problems(region_dir: Path, folders: dict[str, Path], every_chapter: bool) -> list[Problem]:
    """Files and folders the loader would silently ignore: a misspelt table or chapter is an error."""
    tables = {f"{name}.csv" for name in REGION_TABLES}
    problems = [Problem(_relative(f), f"unknown table; a chapter folder holds {', '.join(sorted(tables))}")
                for folder in folders.values() for f in sorted(folder.iterdir()) if f.name not in tables]
    if every_chapter:
        problems += [Problem(_relative(p), f"unknown chapter folder; chapters: {', '.join(c.id for c in load_chapters())}")
                     for p in sorted(region_dir.iterdir()) if p.name not in folders and not p.name.startswith(".")]
    return problems


def _no_rows(schema) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in schema.columns})


def _read_chapter(folder: Path, problems: list[Problem]) -> tuple[dict, dict]:
    """One chapter's tables, typed by their schemas (a missing table has no rows)."""
    frames, tables = {}, {}
    for name, schema in REGION_TABLES.items():
        path = folder / f"{name}.csv"
        if path.exists():
            frames[name], tables[name] = _load(path, _relative(path), schema, problems)
        else:
            frames[name], tables[name] = _no_rows(schema), None
    return frames, tables


def _chapter_problems(chapter_id: str, frames, tables, shared, texts, source_years) -> list[Problem]:
    """A chapter's rows against the shared tables and the sources they quote."""
    problems = []
    observations = frames["observations"]
    if tables["observations"] is not None:
        problems += _observation_problems(tables["observations"], observations, shared, texts, source_years)
        home = observations["indicator"].map(shared["indicators"].set_index("indicator")["chapter"])
        problems += _row_problems(tables["observations"], observations, "indicator",
                                  home.notna() & (home != chapter_id),
                                  lambda r: f"indicator {r['indicator']!r} belongs to chapter "
                                            f"{home[r.name]!r} (indicators.csv), not {chapter_id!r}")
    if tables["events"] is not None:
        problems += _event_problems(tables["events"], frames["events"], texts)
    if tables["checks"] is not None:
        problems += _check_problems(tables["checks"], frames["checks"], observations)
    return problems


def _duplicate_ids(frames: list[pd.DataFrame], column: str, labels: list[str]) -> list[Problem]:
    seen, problems = {}, []
    for frame, label in zip(frames, labels):
        for value in frame[column].dropna():
            if value in seen:
                problems.append(Problem(label, f"{value!r} is already used in {seen[value]}", column=column))
            seen.setdefault(value, label)
    return problems


def load_region(region: str, root: Path | None = None, chapters: list[str] | None = None) -> Region:
    """Load and validate `region`'s data (only the named chapters' folders if given); DataError lists all problems."""
    root = (root or data_dir()).resolve()
    problems: list[Problem] = []
    shared = load_shared(root, problems)
    if problems:
        raise DataError(problems)
    info = shared["regions"].set_index("region")
    if region not in info.index:
        raise DataError(problems + [Problem(_relative(root / "regions.csv"),
                                            f"unknown region {region!r}; known: {', '.join(info.index)}")])
    region_dir = root / region
    folders = chapter_folders(region_dir) if region_dir.is_dir() else {}
    if chapters is None:
        inputs.note(region_dir)
    else:
        folders = {c: f for c, f in folders.items() if c in chapters}
    for folder in folders.values():
        inputs.note(folder)
    problems += _folder_problems(region_dir, folders, chapters is None and region_dir.is_dir())
    read = {c: _read_chapter(f, problems) for c, f in folders.items()}
    quoted = {s for frames, _ in read.values() for n in ("observations", "events") for s in frames[n]["source_id"].dropna()}
    texts = _source_texts(shared["sources"], root, problems, quoted)
    source_years = shared["sources"].set_index("source_id")["published"].dt.year
    for chapter_id, (frames, tables) in read.items():
        problems += _chapter_problems(chapter_id, frames, tables, shared, texts, source_years)
    per_chapter = {c: dict(frames, events=frames["events"].assign(chapter=c)) for c, (frames, _) in read.items()}
    frames = {}
    for name, schema in REGION_TABLES.items():
        parts = [tables[name] for tables in per_chapter.values()]
        labels = [_relative(folders[c] / f"{name}.csv") for c in per_chapter]
        key = list(schema.columns)[0]
        problems += _duplicate_ids(parts, key, labels)
        empty = _no_rows(schema).assign(chapter=None) if name == "events" else _no_rows(schema)  # events name their chapter
        frames[name] = pd.concat(parts, ignore_index=True) if parts else empty
    if problems:
        raise DataError(problems)
    return Region(id=region, info=info.loc[region], root=root, **frames,
                  **{k: shared[k] for k in ("indicators", "units", "scopes", "sources")})
