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

from helpers import units
from helpers.chapters import chapter_folders, load_chapters
from helpers.checks import REFERENCE
from helpers.numbers import number_as_written
from helpers.paths import data_dir
from helpers.relations import relation_problems
from helpers.schemas import CONTEXT_TABLE, OPTIONAL_COLUMNS, REGION_TABLES, SHARED_TABLES
from helpers.tables import DataError, Problem, Table, read_table, row_problems, validate


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
    levels: pd.DataFrame
    qualifiers: pd.DataFrame
    relations: pd.DataFrame
    root: Path
    chapter_numbers: dict[str, int]

    @cached_property
    def context(self) -> pd.DataFrame:
        """Context figures, loaded (and validated) only by the chapters that compare: only they depend on them."""
        return load_context(self.root, {"indicators": self.indicators, "units": self.units,
                                        "scopes": self.scopes, "sources": self.sources})

    @property
    def name_zh(self) -> str:
        return self.info["name_zh"]

    @property
    def province_zh(self) -> str | None:
        """The province the region belongs to (None for a province or the nation)."""
        province = self.info.get("province_zh")
        return province if isinstance(province, str) and province else None

    @property
    def whole_zh(self) -> str:
        """How the whole region is named in a sentence: 全市, 全省, 全区, 全县, 全国 (from data/levels.csv)."""
        return self.levels.set_index("level_zh").loc[self.info["level_zh"], "whole_zh"]

    @cached_property
    def facts(self) -> pd.DataFrame:
        """Observations joined with their labels, units (and base values), qualifiers and sources: one row per
        figure, indexed by obs_id."""
        qualifiers = self.qualifiers.rename(columns={"position": "qualifier_position", "name_en": "qualifier_en"})
        facts = (self.observations
                 .merge(self.indicators, on="indicator", how="left", suffixes=("", "_indicator"))
                 .merge(self.units.rename(columns={"name_en": "unit_en"}), on="unit", how="left",
                        suffixes=("", "_unit"))
                 .merge(self.scopes.rename(columns={"name_zh": "scope_zh", "name_en": "scope_en"}),
                        on="scope", how="left")
                 .merge(qualifiers[["qualifier", "qualifier_position", "bound"]], on="qualifier", how="left")
                 .merge(self.sources[["source_id", "title", "publisher", "published", "published_year",
                                      "published_month", "published_label", "url"]],
                        on="source_id", how="left"))
        facts.loc[facts["scope"] == "all", "scope_zh"] = self.whole_zh
        return units.with_base_values(facts, self.units).set_index("obs_id", drop=False)

    def chapter_facts(self, chapter_id: str) -> pd.DataFrame:
        return self.facts[self.facts["chapter"] == chapter_id]

    def chapter_events(self, chapter_id: str) -> pd.DataFrame:
        return self.events[self.events["chapter"] == chapter_id]


def _load(path: Path, label: str, schema, problems: list[Problem]) -> tuple[pd.DataFrame, Table | None]:
    try:
        table = read_table(path, label, list(schema.columns), OPTIONAL_COLUMNS)
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


TABLE_SUFFIXES = {".csv": ",", ".tsv": "\t"}


def read_raw_table(path: Path) -> dict[tuple[str, str], str]:
    """A raw table as printed (CSV/TSV): its cells keyed by (row label, column label)."""
    import csv
    import io
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=TABLE_SUFFIXES[path.suffix.lower()]))
    if not rows:
        return {}
    header = [h.strip() for h in rows[0]]
    return {(row[0].strip(), column): cell.strip()
            for row in rows[1:] if row for column, cell in zip(header[1:], row[1:])}


def _source_texts(sources: pd.DataFrame, root: Path, problems: list[Problem], wanted: set[str]) -> dict:
    """The raw sources of `wanted`: text for prose, cells for tables; each checked against its sha256."""
    texts = {}
    for _, source in sources[sources["source_id"].isin(wanted)].iterrows():
        path = root / "raw" / source["file"]
        label = _relative(path)
        if not path.is_file():
            problems.append(Problem(label, f"raw source of {source['source_id']!r} is missing (or not a file)"))
            continue
        raw = path.read_bytes()
        if hashlib.sha256(raw).hexdigest() != source["sha256"]:
            problems.append(Problem(label, "raw source differs from its recorded sha256 "
                                           "(raw files are never edited)"))
        is_table = path.suffix.lower() in TABLE_SUFFIXES
        texts[source["source_id"]] = read_raw_table(path) if is_table else raw.decode("utf-8", errors="replace")
    return texts


_row_problems = row_problems


def _not_in(frame: pd.DataFrame, column: str, allowed) -> pd.Series:
    return frame[column].notna() & ~frame[column].isin(list(allowed))


def _occurs(part, whole) -> bool:
    return isinstance(part, str) and isinstance(whole, str) and part in whole


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    """A column that older tables (and context.csv) may not have: all empty when absent."""
    return frame[name] if name in frame else pd.Series([None] * len(frame), index=frame.index, dtype=object)


def cited(row, texts) -> str | None:
    """What a figure cites: its quote if the quote is in its (prose) source, its cell if in its (table) source."""
    source = texts.get(row["source_id"])
    if isinstance(source, dict):
        return source.get((row.get("table_row"), row.get("table_column")))
    return row["quote"] if _occurs(row["quote"], source) else None


def _quote_problems(table, frame, texts) -> list[Problem]:
    """Prose is cited by a verbatim quote; a table by its row label and column, as printed."""
    bad_source = _not_in(frame, "source_id", texts)
    problems = _row_problems(table, frame, "source_id", bad_source,
                             lambda r: f"unknown source {r['source_id']!r}")
    is_table = frame["source_id"].map(lambda s: isinstance(texts.get(s), dict)).astype(bool)
    rows, columns = _column(frame, "table_row"), _column(frame, "table_column")
    prose = ~bad_source & ~is_table
    problems += _row_problems(table, frame, "quote", prose & frame["quote"].isna(),
                              lambda r: "a value is required here (the verbatim sentence the figure comes from)")
    quote_missing = prose & frame["quote"].notna() & pd.Series(
        [not _occurs(q, texts.get(s, "")) for q, s in zip(frame["quote"], frame["source_id"])], index=frame.index)
    problems += _row_problems(table, frame, "quote", quote_missing,
                              lambda r: f"quote not found verbatim in source {r['source_id']!r}: {r['quote']!r}")
    problems += _row_problems(table, frame, "table_row", prose & (rows.notna() | columns.notna()),
                              lambda r: f"source {r['source_id']!r} is prose: cite it by quote, leave table_row "
                                        "and table_column empty")
    tabled = ~bad_source & is_table
    problems += _row_problems(table, frame, "quote", tabled & frame["quote"].notna(),
                              lambda r: f"source {r['source_id']!r} is a table: cite it by table_row and "
                                        "table_column, leave quote empty")
    no_cell = tabled & pd.Series([(r, c) not in texts.get(s, {}) if isinstance(texts.get(s), dict) else False
                                  for r, c, s in zip(rows, columns, frame["source_id"])], index=frame.index)
    problems += _row_problems(table, frame, "table_row", no_cell,
                              lambda r: f"no cell at row {r.get('table_row')!r}, column {r.get('table_column')!r} "
                                        f"in table {r['source_id']!r} (labels must be exactly as printed)")
    return problems


def _value_matches(row) -> bool:
    try:
        return abs(number_as_written(row["as_written"]) - float(row["value"])) < 1e-9
    except (ValueError, TypeError):
        return False


def _observation_problems(table, frame, shared, texts, source_years) -> list[Problem]:
    return _figure_problems(table, frame, shared, texts) + _period_problems(table, frame, source_years)


def _figure_problems(table, frame, shared, texts) -> list[Problem]:
    """Labels, units and provenance of figures: known indicator, scope and unit, value as written in a verbatim
    quote."""
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
    source_text = pd.Series([cited(r, texts) for _, r in frame.iterrows()], index=frame.index, dtype=object)
    is_cell = frame["source_id"].map(lambda s: isinstance(texts.get(s), dict)).astype(bool)
    not_in_quote = pd.Series([not _occurs(a, q) or (cell and a != q) for a, q, cell
                              in zip(frame["as_written"], source_text, is_cell)], index=frame.index)
    problems += _row_problems(table, frame, "as_written", source_text.notna() & not_in_quote,
                              lambda r: f"{r['as_written']!r} does not occur in its quote"
                              if not isinstance(texts.get(r["source_id"]), dict) else
                              f"{r['as_written']!r} is not the table cell as printed "
                              f"({cited(r, texts)!r})")
    mismatch = ~not_in_quote & ~frame.apply(_value_matches, axis=1)
    problems += _row_problems(table, frame, "value", mismatch,
                              lambda r: f"value {r['value']:g} is not the number written {r['as_written']!r}")
    if "qualifiers" in shared and "qualifier" in frame:
        problems += _qualifier_problems(table, frame, shared["qualifiers"], source_text)
    return problems


def qualifier_spellings(qualifiers: pd.DataFrame) -> dict[str, list[str]]:
    """Each qualifier with the ways a source may write it (simplified first, then variants such as 不低於)."""
    return {q["qualifier"]: [q["qualifier"]] + str(q["variants"] or "").split()
            for _, q in qualifiers.iterrows()}


def _qualifier_problems(table, frame, qualifiers, source_text) -> list[Problem]:
    """近, 约, 不低于 … are data: a known qualifier that the quote (or cell) actually writes."""
    spellings = qualifier_spellings(qualifiers)
    problems = _row_problems(table, frame, "qualifier", _not_in(frame, "qualifier", spellings),
                             lambda r: f"unknown qualifier {r['qualifier']!r}; known: {', '.join(spellings)}")
    unwritten = pd.Series([q in spellings and isinstance(t, str) and not any(v in t for v in spellings[q])
                           for q, t in zip(frame["qualifier"], source_text)], index=frame.index)
    problems += _row_problems(table, frame, "qualifier", unwritten,
                              lambda r: f"the qualifier {r['qualifier']!r} does not occur in the quote")
    return problems


def _period_problems(table, frame, source_years) -> list[Problem]:
    """No guessed years: a stated year is in its quote, 目前/今年 means the article's year, unknown is empty."""
    basis, year = frame["period_basis"], frame["year"]
    year_text = year.astype("string")
    written = [q if isinstance(q, str) else c for q, c in zip(frame["quote"], _column(frame, "table_column"))]
    stated_missing = (basis == "stated") & (year.isna() | pd.Series(
        [not _occurs(str(y), w) for y, w in zip(year_text, written)], index=frame.index))
    problems = _row_problems(table, frame, "year", stated_missing,
                             lambda r: "a stated year must be given and occur in the quote (or the table column)")
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


SAME_QUANTITY = {"pct_change", "multiple_increase", "multiple_of", "cagr", "simple_average", "share", "equal",
                 "whole_share"}


def _check_problems(table, frame, observations, shared) -> list[Problem]:
    """A check names a stated figure, and inputs that exist (or are `indicator:scope@year` references to
    known indicators and scopes) and measure the same kind of quantity where its formula compares them."""
    known = set(observations["obs_id"])
    indicators = shared["indicators"].set_index("indicator")["dimension"]
    scopes = set(shared["scopes"]["scope"])
    dimension_of = dict(zip(observations["obs_id"], observations["indicator"].map(indicators)))

    def bad_token(token: str) -> bool:
        match = REFERENCE.match(token)
        return token not in known and not (match and match.group(1) in indicators and match.group(2) in scopes)

    def dimension(token: str):
        match = REFERENCE.match(token)
        return indicators.get(match.group(1)) if match else dimension_of.get(token)

    problems = _row_problems(table, frame, "stated", _not_in(frame, "stated", known),
                             lambda r: f"unknown observation {r['stated']!r}")
    unknown_inputs = frame["inputs"].map(lambda s: any(bad_token(i) for i in str(s).split()))
    problems += _row_problems(table, frame, "inputs", unknown_inputs,
                              lambda r: f"unknown observation among {r['inputs']!r} (give obs_ids or "
                                        "indicator:scope@year references)")
    mixed = ~unknown_inputs & frame["formula"].isin(SAME_QUANTITY) & frame["inputs"].map(
        lambda s: len({dimension(i) for i in str(s).split()}) > 1)
    problems += _row_problems(table, frame, "inputs", mixed,
                              lambda r: f"inputs {r['inputs']!r} measure different quantities "
                                        f"({', '.join(sorted({str(dimension(i)) for i in r['inputs'].split()}))}): "
                                        "no common unit to compare them in")
    return problems


def dated_sources(sources: pd.DataFrame) -> pd.DataFrame:
    """Sources with their publication year and month as numbers (month empty when only the year is known)
    and a reader's label: '2022-09-23', or '2013年' for a source known only by its year."""
    parts = sources["published"].astype("string").str.extract(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
    return sources.assign(
        published_year=pd.to_numeric(parts[0], errors="coerce").astype("Int64"),
        published_month=pd.to_numeric(parts[1], errors="coerce").astype("Int64"),
        published_label=[p if isinstance(p, str) and len(p) == 10 else
                         (f"{p[:4]}年{int(p[5:7])}月" if isinstance(p, str) and len(p) == 7 else f"{p}年")
                         for p in sources["published"]])


def load_shared(root: Path, problems: list[Problem]) -> dict[str, pd.DataFrame]:
    shared, tables = {}, {}
    for name, (relative, schema) in SHARED_TABLES.items():
        path = root / relative
        shared[name], tables[name] = _load(path, _relative(path), schema, problems)
    shared["sources"] = dated_sources(shared["sources"])
    problems += _shared_problems(shared, tables)
    return shared


def _shared_problems(shared: dict[str, pd.DataFrame], tables: dict[str, Table | None]) -> list[Problem]:
    """Cross-table rules of the shared tables: chapters, levels, unit spellings, relations."""
    problems = _row_problems(tables["indicators"], shared["indicators"], "chapter",
                             _not_in(shared["indicators"], "chapter", {c.id for c in load_chapters()}),
                             lambda r: f"unknown chapter {r['chapter']!r}")
    problems += _row_problems(tables["regions"], shared["regions"], "level_zh",
                              _not_in(shared["regions"], "level_zh", shared["levels"]["level_zh"]),
                              lambda r: f"unknown level {r['level_zh']!r}; levels.csv has "
                                        f"{', '.join(shared['levels']['level_zh'])}")
    problems += _row_problems(tables["indicators"], shared["indicators"], "growth_of",
                              _not_in(shared["indicators"], "growth_of", shared["indicators"]["indicator"]),
                              lambda r: f"growth_of names an unknown indicator {r['growth_of']!r}")
    problems += _row_problems(tables["units"], shared["units"], "same_as",
                              _not_in(shared["units"], "same_as", shared["units"]["unit"]),
                              lambda r: f"same_as names an unknown unit {r['same_as']!r}")
    return problems + relation_problems(tables["relations"], shared)


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


def _folder_problems(region_dir: Path, folders: dict[str, Path], every_chapter: bool) -> list[Problem]:
    """Files and folders the loader would silently ignore: a misspelt table or chapter is an error."""
    tables = {f"{name}.csv" for name in REGION_TABLES}
    problems = [Problem(_relative(f), f"unknown table; a chapter folder holds {', '.join(sorted(tables))}")
                for folder in folders.values() for f in sorted(folder.iterdir()) if f.name not in tables]
    if every_chapter:
        problems += [Problem(_relative(p),
                             f"unknown chapter folder; chapters: {', '.join(c.id for c in load_chapters())}")
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
        problems += _check_problems(tables["checks"], frames["checks"], observations, shared)
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
    numbered = [c.id for c in load_chapters() if c.number and c.id in folders]
    chapter_numbers = {c: n for n, c in enumerate(numbered, start=1)}
    if chapters is not None:
        folders = {c: f for c, f in folders.items() if c in chapters}
    problems += _folder_problems(region_dir, folders, chapters is None and region_dir.is_dir())
    read = {c: _read_chapter(f, problems) for c, f in folders.items()}
    quoted = {s for frames, _ in read.values() for n in ("observations", "events")
              for s in frames[n]["source_id"].dropna()}
    texts = _source_texts(shared["sources"], root, problems, quoted)
    source_years = shared["sources"].set_index("source_id")["published_year"]
    for chapter_id, (frames, tables) in read.items():
        problems += _chapter_problems(chapter_id, frames, tables, shared, texts, source_years)
    per_chapter = {c: dict(frames, events=frames["events"].assign(chapter=c)) for c, (frames, _) in read.items()}
    frames = {}
    for name, schema in REGION_TABLES.items():
        parts = [tables[name] for tables in per_chapter.values()]
        labels = [_relative(folders[c] / f"{name}.csv") for c in per_chapter]
        key = list(schema.columns)[0]
        problems += _duplicate_ids(parts, key, labels)
        # events name their chapter
        empty = _no_rows(schema).assign(chapter=None) if name == "events" else _no_rows(schema)
        frames[name] = pd.concat(parts, ignore_index=True) if parts else empty
    if problems:
        raise DataError(problems)
    return Region(id=region, info=info.loc[region], root=root, chapter_numbers=chapter_numbers, **frames,
                  **{k: shared[k] for k in ("indicators", "units", "scopes", "sources", "levels", "qualifiers",
                                            "relations")})
