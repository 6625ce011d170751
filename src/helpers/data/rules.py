"""The rules a region's rows obey beyond their schemas: every figure cited verbatim (a quote in prose, a cell
as printed in a table), known labels and units of the right kind, years that the quote states, qualifiers the
source writes, checks that compare like with like, unique ids. Each rule returns Problems; `data` loads."""

from __future__ import annotations

import pandas as pd

from helpers.base.numbers import number_as_written
from helpers.data import quotes, references, suggest
from helpers.data.chapters import load_chapters
from helpers.data.schemas import HELD_COLUMNS, REFERENCE
from helpers.data.tables import Problem, Table, row_problems


def _not_in(frame: pd.DataFrame, column: str, allowed) -> pd.Series:
    return frame[column].notna() & ~frame[column].isin(list(allowed))


def _occurs(part, whole) -> bool:
    return isinstance(part, str) and isinstance(whole, str) and part in whole


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    """A column that older tables (and context.csv) may not have: all empty when absent."""
    return frame[name] if name in frame else pd.Series([None] * len(frame), index=frame.index, dtype=object)


def _file(table: Table | None, name: str) -> str:
    """How a shared table of `table`'s data folder is named in a message (data/units.csv)."""
    return suggest.shared_file(table.path, table.label, name) if table is not None else name


def _unknown(table, kind: str, known, name: str):
    """The message for an unknown name of `kind` in a row: the nearest known ones and the file to add one to."""
    known = list(known)
    return lambda r: suggest.unknown(kind, r[kind], known, _file(table, name))


def cited(row, texts) -> str | None:
    """What a figure cites: its quote if the quote is in its (prose) source, its cell if in its (table) source."""
    source = texts.get(row["source_id"])
    if isinstance(source, dict):
        return source.get((row.get("table_row"), row.get("table_column")))
    return row["quote"] if _occurs(row["quote"], source) else None


def _quote_problems(table, frame, texts) -> list[Problem]:
    """Prose is cited by a verbatim quote; a table by its row label and column, as printed."""
    bad_source = _not_in(frame, "source_id", texts)
    problems = row_problems(table, frame, "source_id", bad_source, lambda r: f"unknown source {r['source_id']!r}")
    is_table = frame["source_id"].map(lambda s: isinstance(texts.get(s), dict)).astype(bool)
    rows, columns = _column(frame, "table_row"), _column(frame, "table_column")
    prose = ~bad_source & ~is_table
    problems += row_problems(
        table,
        frame,
        "quote",
        prose & frame["quote"].isna(),
        lambda r: "a value is required here (the verbatim sentence the figure comes from)",
    )
    quote_missing = (
        prose
        & frame["quote"].notna()
        & pd.Series(
            [not _occurs(q, texts.get(s, "")) for q, s in zip(frame["quote"], frame["source_id"])], index=frame.index
        )
    )
    problems += row_problems(
        table,
        frame,
        "quote",
        quote_missing,
        lambda r: (
            f"quote not found verbatim in source {r['source_id']!r}: "
            + quotes.not_found(r["quote"], texts.get(r["source_id"], ""))
        ),
    )
    problems += row_problems(
        table,
        frame,
        "table_row",
        prose & (rows.notna() | columns.notna()),
        lambda r: f"source {r['source_id']!r} is prose: cite it by quote, leave table_row and table_column empty",
    )
    tabled = ~bad_source & is_table
    problems += row_problems(
        table,
        frame,
        "quote",
        tabled & frame["quote"].notna(),
        lambda r: f"source {r['source_id']!r} is a table: cite it by table_row and table_column, leave quote empty",
    )
    no_cell = tabled & pd.Series(
        [
            (r, c) not in texts.get(s, {}) if isinstance(texts.get(s), dict) else False
            for r, c, s in zip(rows, columns, frame["source_id"])
        ],
        index=frame.index,
    )
    problems += row_problems(
        table,
        frame,
        "table_row",
        no_cell,
        lambda r: (
            f"no cell at row {r.get('table_row')!r}, column {r.get('table_column')!r} "
            f"in table {r['source_id']!r} (labels must be exactly as printed)"
        ),
    )
    return problems


def _value_matches(row) -> bool:
    try:
        return abs(number_as_written(row["as_written"]) - float(row["value"])) < 1e-9
    except (ValueError, TypeError):
        return False


def _observation_problems(table, frame, shared, texts, source_years) -> list[Problem]:
    return (
        figure_problems(table, frame, shared, texts)
        + _period_problems(table, frame, source_years)
        + _term_problems(table, frame)
    )


def _term_problems(table, frame) -> list[Problem]:
    """The source's own term (term_zh) is never invented: it is written in the figure's quote, or in its table row
    or column as printed."""
    terms = _column(frame, "term_zh")
    written = zip(terms, frame["quote"], _column(frame, "table_row"), _column(frame, "table_column"))
    unwritten = pd.Series(
        [isinstance(t, str) and not any(_occurs(t, w) for w in where) for t, *where in written], index=frame.index
    )
    return row_problems(
        table,
        frame,
        "term_zh",
        unwritten,
        lambda r: f"the term {r['term_zh']!r} does not occur in the quote (or the table row or column)",
    )


def figure_problems(table, frame, shared, texts) -> list[Problem]:
    """Labels, units and provenance of figures: known indicator, scope and unit, value as written in a verbatim
    quote."""
    indicators = shared["indicators"].set_index("indicator")
    units = shared["units"].set_index("unit")
    problems = row_problems(
        table,
        frame,
        "indicator",
        _not_in(frame, "indicator", indicators.index),
        _unknown(table, "indicator", indicators.index, "indicators.csv"),
    )
    problems += row_problems(
        table,
        frame,
        "scope",
        _not_in(frame, "scope", shared["scopes"]["scope"]),
        _unknown(table, "scope", shared["scopes"]["scope"], "scopes.csv"),
    )
    problems += row_problems(
        table, frame, "unit", _not_in(frame, "unit", units.index), _unknown(table, "unit", units.index, "units.csv")
    )
    wanted = frame["indicator"].map(indicators["dimension"])
    has = frame["unit"].map(units["dimension"])
    problems += row_problems(
        table,
        frame,
        "unit",
        wanted.notna() & has.notna() & (wanted != has),
        lambda r: (
            f"unit {r['unit']!r} does not measure what indicator "
            f"{r['indicator']!r} measures ({indicators.loc[r['indicator'], 'dimension']}): "
            + _units_of(units, indicators.loc[r["indicator"], "dimension"])
        ),
    )
    ceiling = frame["indicator"].map(indicators["max_value"])
    problems += row_problems(
        table,
        frame,
        "value",
        ceiling.notna() & (frame["value"] > ceiling),
        lambda r: f"{r['value']:g} is above the largest possible value {indicators.loc[r['indicator'], 'max_value']:g}",
    )
    problems += _quote_problems(table, frame, texts)
    source_text = pd.Series([cited(r, texts) for _, r in frame.iterrows()], index=frame.index, dtype=object)
    is_cell = frame["source_id"].map(lambda s: isinstance(texts.get(s), dict)).astype(bool)
    not_in_quote = pd.Series(
        [not _occurs(a, q) or (cell and a != q) for a, q, cell in zip(frame["as_written"], source_text, is_cell)],
        index=frame.index,
    )
    problems += row_problems(
        table,
        frame,
        "as_written",
        source_text.notna() & not_in_quote,
        lambda r: (
            f"{r['as_written']!r} does not occur in its quote"
            if not isinstance(texts.get(r["source_id"]), dict)
            else f"{r['as_written']!r} is not the table cell as printed ({cited(r, texts)!r})"
        ),
    )
    mismatch = ~not_in_quote & ~frame.apply(_value_matches, axis=1)
    problems += row_problems(
        table, frame, "value", mismatch, lambda r: f"value {r['value']:g} is not the number written {r['as_written']!r}"
    )
    if "qualifiers" in shared and "qualifier" in frame:
        problems += _qualifier_problems(table, frame, shared["qualifiers"], source_text)
    return problems


def _units_of(units: pd.DataFrame, dimension: str) -> str:
    """'its units: 元/人/月, 元/人/年 …' for a dimension of units.csv (indexed by unit)."""
    return "its units: " + ", ".join(units.index[units["dimension"] == dimension])


def qualifier_spellings(qualifiers: pd.DataFrame) -> dict[str, list[str]]:
    """Each qualifier with the ways a source may write it (simplified first, then variants such as 不低於)."""
    return {q["qualifier"]: [q["qualifier"]] + str(q["variants"] or "").split() for _, q in qualifiers.iterrows()}


def _qualifier_problems(table, frame, qualifiers, source_text) -> list[Problem]:
    """近, 约, 不低于 … are data: a known qualifier that the quote (or cell) actually writes."""
    spellings = qualifier_spellings(qualifiers)
    problems = row_problems(
        table,
        frame,
        "qualifier",
        _not_in(frame, "qualifier", spellings),
        _unknown(table, "qualifier", spellings, "qualifiers.csv"),
    )
    unwritten = pd.Series(
        [
            q in spellings and isinstance(t, str) and not any(v in t for v in spellings[q])
            for q, t in zip(frame["qualifier"], source_text)
        ],
        index=frame.index,
    )
    problems += row_problems(
        table, frame, "qualifier", unwritten, lambda r: f"the qualifier {r['qualifier']!r} does not occur in the quote"
    )
    return problems


def _period_problems(table, frame, source_years) -> list[Problem]:
    """No guessed years: a stated year is in its quote, 目前/今年 means the article's year, unknown is empty."""
    basis, year = frame["period_basis"], frame["year"]
    year_text = year.astype("string")
    written = [q if isinstance(q, str) else c for q, c in zip(frame["quote"], _column(frame, "table_column"))]
    stated_missing = (basis == "stated") & (
        year.isna() | pd.Series([not _occurs(str(y), w) for y, w in zip(year_text, written)], index=frame.index)
    )
    problems = row_problems(
        table,
        frame,
        "year",
        stated_missing,
        lambda r: "a stated year must be given and occur in the quote (or the table column)",
    )
    article_year = frame["source_id"].map(source_years)
    wrong_article = (basis == "article_date") & (year != article_year).fillna(True)
    problems += row_problems(
        table,
        frame,
        "year",
        wrong_article,
        lambda r: "period_basis article_date means the year the source was published",
    )
    problems += row_problems(
        table,
        frame,
        "year",
        (basis == "unknown") & year.notna(),
        lambda r: "period_basis unknown must leave the year empty",
    )
    problems += row_problems(
        table, frame, "start_year", (frame["start_year"] > year).fillna(False), lambda r: "start_year is after year"
    )
    return problems


def _event_problems(table, frame, texts) -> list[Problem]:
    problems = _quote_problems(table, frame, texts)
    year_missing = frame["year"].notna() & pd.Series(
        [not _occurs(str(y), q) for y, q in zip(frame["year"].astype("string"), frame["quote"])], index=frame.index
    )
    problems += row_problems(table, frame, "year", year_missing, lambda r: "the year does not occur in the quote")
    return problems


SAME_QUANTITY = {
    "pct_change",
    "multiple_increase",
    "multiple_of",
    "cagr",
    "simple_average",
    "share",
    "equal",
    "whole_share",
}


def _check_problems(table, frame, observations, shared) -> list[Problem]:
    """A check names a stated figure, and inputs that exist (or are `indicator:scope@year` references to
    known indicators and scopes) and measure the same kind of quantity where its formula compares them."""
    known = set(observations["obs_id"])
    indicators = shared["indicators"].set_index("indicator")["dimension"]
    figures = references.held(zip(observations["indicator"], observations["scope"], observations["year"]))
    scopes, names = list(shared["scopes"]["scope"]), list(indicators.index)
    dimension_of = dict(zip(observations["obs_id"], observations["indicator"].map(indicators)))

    def errors(inputs) -> list[str]:
        found = (references.reason(t, known, figures, names, scopes, lambda n: _file(table, n)) for t in inputs)
        return [why for fatal, why in filter(None, found) if fatal]

    def dimension(token: str):
        match = REFERENCE.match(token)
        return indicators.get(match.group(1)) if match else dimension_of.get(token)

    problems = row_problems(
        table,
        frame,
        "stated",
        _not_in(frame, "stated", known),
        lambda r: references.not_an_id(r["stated"], known),
    )
    unknown_inputs = frame["inputs"].map(lambda s: bool(errors(str(s).split())))
    problems += row_problems(
        table, frame, "inputs", unknown_inputs, lambda r: "; ".join(errors(str(r["inputs"]).split()))
    )
    mixed = (
        ~unknown_inputs
        & frame["formula"].isin(SAME_QUANTITY)
        & frame["inputs"].map(lambda s: len({d for i in str(s).split() if isinstance(d := dimension(i), str)}) > 1)
    )
    problems += row_problems(
        table,
        frame,
        "inputs",
        mixed,
        lambda r: (
            f"inputs {r['inputs']!r} measure different quantities "
            f"({', '.join(sorted({str(dimension(i)) for i in r['inputs'].split()}))}): "
            "no common unit to compare them in"
        ),
    )
    return problems


def is_built(region: pd.Series) -> bool:
    """A region of regions.csv built in its own right (`built` true or empty), not one that only gives context."""
    return str(region.get("built") or "true").strip().lower() != "false"


def _source_problems(table: Table | None, sources: pd.DataFrame) -> list[Problem]:
    """A document kept in another record (quoted_in) names a record that is itself a raw file, with its file and
    sha256; only such a document may leave its date empty."""
    by_id = sources.drop_duplicates("source_id").set_index("source_id")  # a repeated id is a schema problem
    kept_in = _column(sources, "quoted_in")
    record = kept_in.notna() & kept_in.isin(list(by_id.index))
    problems = row_problems(
        table,
        sources,
        "quoted_in",
        kept_in.notna() & ~record,
        lambda r: f"quoted_in names an unknown source {r['quoted_in']!r}",
    )
    nested = record & kept_in.map(lambda k: isinstance(k, str) and k in by_id.index and by_id.at[k, "quoted_in"])
    problems += row_problems(
        table,
        sources,
        "quoted_in",
        nested.fillna(False).astype(bool),
        lambda r: f"{r['quoted_in']!r} is itself kept in another record: name the record that holds the raw file",
    )
    for column in ("file", "sha256"):
        differs = (
            record
            & ~nested.fillna(False).astype(bool)
            & (sources[column] != kept_in.map(lambda k, c=column: by_id.at[k, c] if k in by_id.index else None))
        )
        problems += row_problems(
            table,
            sources,
            column,
            differs,
            lambda r, c=column: (
                f"a document kept in {r['quoted_in']!r} has that record's {c} ({by_id.at[r['quoted_in'], c]})"
            ),
        )
    problems += row_problems(
        table,
        sources,
        "published",
        sources["published"].isna() & kept_in.isna(),
        lambda r: "a value is required here (the date as precise as known: YYYY-MM-DD, YYYY-MM or YYYY)",
    )
    return problems


def _region_problems(table: Table | None, regions: pd.DataFrame, folders: set[str]) -> list[Problem]:
    """A built region has its years; a region that only gives context has no data folder."""
    built = regions.apply(is_built, axis=1).astype(bool) if not regions.empty else pd.Series(dtype=bool)
    problems = []
    for column in ("default_start_year", "default_end_year"):
        problems += row_problems(
            table,
            regions,
            column,
            built & regions[column].isna(),
            lambda r: "a value is required here (a built region's data cover these years)",
        )
    problems += row_problems(
        table,
        regions,
        "built",
        ~built & regions["region"].isin(list(folders)),
        lambda r: f"region {r['region']!r} has a data folder ({r['region']}/): a region with data is built (true)",
    )
    return problems


def shared_problems(
    shared: dict[str, pd.DataFrame], tables: dict[str, Table | None], folders: set[str] = frozenset()
) -> list[Problem]:
    """Cross-table rules of the shared tables: chapters, levels, unit spellings, relations, documents kept in a
    research record, regions built or only giving context (`folders`: the data folder's sub-folders)."""
    levels = shared["levels"]["level_zh"]
    chapters = [c.id for c in load_chapters()]
    dimensions = list(shared["dimensions"]["dimension"])
    dimensions_file = _file(tables["indicators"], "dimensions.csv")
    lookups = [  # (table, column, the values it may take, what a value outside them is)
        (
            "indicators",
            "chapter",
            chapters,
            lambda v: suggest.unknown("chapter", v, chapters, "notebooks/chapters.yml"),
        ),
        (
            "indicators",
            "dimension",
            dimensions,
            lambda v: suggest.unknown("dimension", v, dimensions, dimensions_file),
        ),
        ("units", "dimension", dimensions, lambda v: suggest.unknown("dimension", v, dimensions, dimensions_file)),
        ("regions", "level_zh", levels, lambda v: f"unknown level {v!r}; levels.csv has {', '.join(levels)}"),
        (
            "indicators",
            "growth_of",
            shared["indicators"]["indicator"],
            lambda v: f"growth_of names an unknown indicator {v!r}",
        ),
        ("units", "same_as", shared["units"]["unit"], lambda v: f"same_as names an unknown unit {v!r}"),
    ]
    problems = []
    for table, column, allowed, unknown in lookups:
        frame = shared[table]
        problems += row_problems(
            tables[table], frame, column, _not_in(frame, column, allowed), lambda r, c=column, u=unknown: u(r[c])
        )
    problems += _source_problems(tables["sources"], shared["sources"])
    problems += _region_problems(tables["regions"], shared["regions"], set(folders))
    return problems + relation_problems(tables["relations"], shared)


def chapter_problems(chapter_id: str, frames, tables, shared, texts, source_years) -> list[Problem]:
    """A chapter's rows against the shared tables and the sources they quote."""
    problems = []
    observations = frames["observations"]
    if tables["observations"] is not None:
        problems += _observation_problems(tables["observations"], observations, shared, texts, source_years)
        home = observations["indicator"].map(shared["indicators"].set_index("indicator")["chapter"])
        problems += row_problems(
            tables["observations"],
            observations,
            "indicator",
            home.notna() & (home != chapter_id),
            lambda r: (
                f"indicator {r['indicator']!r} belongs to chapter {home[r.name]!r} (indicators.csv), not {chapter_id!r}"
            ),
        )
    if tables["events"] is not None:
        problems += _event_problems(tables["events"], frames["events"], texts)
    if tables["checks"] is not None:
        problems += _check_problems(tables["checks"], frames["checks"], observations, shared)
    return problems


def duplicate_ids(frames: list[pd.DataFrame], column: str, labels: list[str]) -> list[Problem]:
    seen, problems = {}, []
    for frame, label in zip(frames, labels):
        for value in frame[column].dropna():
            if value in seen:
                problems.append(Problem(label, f"{value!r} is already used in {seen[value]}", column=column))
            seen.setdefault(value, label)
    return problems


def refs(text: str) -> list[tuple[str, str]]:
    """'dibao_recipients:urban dibao_recipients:rural' → [(indicator, scope), …]."""
    return [tuple(token.split(":", 1)) for token in str(text).split()]


def relation_problems(table: Table | None, shared: dict[str, pd.DataFrame]) -> list[Problem]:
    """Relations name known indicators and scopes; sums and shares join commensurable quantities only."""
    relations = shared["relations"]
    if relations.empty:
        return []
    indicators = shared["indicators"].set_index("indicator")
    scopes = list(shared["scopes"]["scope"])

    def unknown(row) -> list[str]:
        named = refs(row["whole"]) + refs(row["parts"])
        return [f"{i}:{s}" for i, s in named if i not in indicators.index or s not in scopes]

    def why(row) -> str:
        said = [
            f"{i}:{s}: "
            + (
                suggest.unknown("indicator", i, indicators.index, _file(table, "indicators.csv"))
                if i not in indicators.index
                else suggest.unknown("scope", s, scopes, _file(table, "scopes.csv"))
            )
            for i, s in (r.split(":", 1) for r in unknown(row))
        ]
        return "; ".join(said)

    def dimensions(row) -> set[str]:
        return {
            indicators.loc[i, "dimension"] for i, _ in refs(row["whole"]) + refs(row["parts"]) if i in indicators.index
        }

    bad = relations.apply(lambda r: bool(unknown(r)), axis=1)
    problems = row_problems(table, relations, "parts", bad, why)
    mixed = ~bad & relations["kind"].isin(["sum", "share"]) & relations.apply(lambda r: len(dimensions(r)) > 1, axis=1)
    problems += row_problems(
        table,
        relations,
        "parts",
        mixed,
        lambda r: (
            f"a {r['kind']} joins incommensurable quantities "
            f"({', '.join(sorted(dimensions(r)))}); declare a ratio with its unit instead"
        ),
    )
    needs_unit = relations["kind"].isin(["ratio", "per_capita"]) & relations["unit"].isna()
    problems += row_problems(
        table, relations, "unit", needs_unit, lambda r: f"a {r['kind']} needs the unit of its result"
    )
    needs_per = (relations["kind"] == "per_capita") & relations["per"].isna()
    problems += row_problems(
        table, relations, "per", needs_per, lambda r: "a per_capita relation needs `per` (e.g. 10000)"
    )
    return problems


def context_problems(
    table: Table, context: pd.DataFrame, shared, texts, held: dict[str, pd.DataFrame], complete: bool = True
) -> list[Problem]:
    """context.csv: a known region; a figure either given here in full (verbatim in its document) or named by
    `obs_id` in its region's own folder, never both; an address for every document; one row per region, indicator,
    scope and period (`held`: the own figures of the regions rows name by obs_id, indexed by obs_id). That no
    figure given here repeats one a region's folder holds is a back-test (tests/backtest/test_context_sources.py):
    it needs every region's figures, which a build does not read."""
    regions = shared["regions"].drop_duplicates("region").set_index("region")
    sources = shared["sources"].drop_duplicates("source_id").set_index("source_id")
    index = context.index
    reference = context["obs_id"].notna()
    problems = row_problems(
        table,
        context,
        "region",
        _not_in(context, "region", regions.index),
        lambda r: (
            suggest.unknown("region", r["region"], regions.index, _file(table, "regions.csv"))
            + " (built false if it only gives context)"
        ),
    )
    unbuilt = context["region"].map(lambda g: g in regions.index and not is_built(regions.loc[g])).astype(bool)
    problems += row_problems(
        table,
        context,
        "obs_id",
        reference & unbuilt,
        lambda r: f"region {r['region']!r} only gives context (built is false): it holds no figures; give it here",
    )

    def own(column: str) -> pd.Series:  # the held figure's value of `column` for each reference row (else empty)
        return pd.Series(
            [
                held[g].at[o, column] if g in held and isinstance(o, str) and o in held[g].index else None
                for g, o in zip(context["region"], context["obs_id"])
            ],
            index=index,
            dtype=object,
        )

    in_folder = reference & context["region"].isin(list(held))
    found = in_folder & own("obs_id").notna()
    problems += row_problems(
        table,
        context,
        "obs_id",
        in_folder & ~found & complete,
        lambda r: f"no figure {r['obs_id']!r} in {r['region']}/<chapter>/observations.csv",
    )
    for column in HELD_COLUMNS:
        problems += row_problems(
            table,
            context,
            column,
            reference & context[column].notna(),
            lambda r: f"leave empty: obs_id takes it from {r['region']}'s figure {r['obs_id']!r}",
        )
    for column in ("start_year", "year"):
        theirs = own(column)
        conflict = found & context[column].notna() & theirs.notna()
        conflict &= pd.Series([a != b for a, b in zip(context[column], theirs)], index=index).where(conflict, False)
        problems += row_problems(
            table,
            context,
            column,
            conflict.astype(bool),
            lambda r, c=column, t=theirs: f"{r[c]} differs from the figure's own {c} {t[r.name]}; leave it empty",
        )
    address = own("source_id").map(
        lambda s: sources.at[s, "url"] if isinstance(s, str) and s in sources.index else None
    )
    problems += row_problems(
        table,
        context,
        "obs_id",
        found & address.isna(),
        lambda r: f"the figure's source {own('source_id')[r.name]!r} has no address (url): context is cited by it",
    )

    given = ~reference
    for column in ("indicator", "scope", "value", "unit", "as_written", "source_id"):
        problems += row_problems(
            table,
            context,
            column,
            given & context[column].isna(),
            lambda r: "a value is required here (or name the region's own figure by obs_id)",
        )
    complete = given & context[["indicator", "scope", "value", "unit", "as_written", "source_id"]].notna().all(axis=1)
    if complete.any():
        problems += figure_problems(table, context[complete], shared, texts)
    no_address = complete & context["source_id"].isin(list(sources.index))
    no_address &= context["source_id"].map(lambda s: not isinstance(sources["url"].get(s), str)).astype(bool)
    problems += row_problems(
        table,
        context,
        "source_id",
        no_address,
        lambda r: f"source {r['source_id']!r} has no address (url): a context figure is cited by where it was read",
    )
    return problems + _context_key_problems(table, context, reference, own)


def _context_key_problems(table: Table, context: pd.DataFrame, reference: pd.Series, own) -> list[Problem]:
    """One row per region, indicator, scope, start_year and year (a held figure's own where the row leaves them)."""
    key = ["region", "indicator", "scope", "start_year", "year"]
    keys = pd.DataFrame({c: context[c].astype(object) for c in key}, index=context.index)
    for column in key[1:]:
        keys[column] = keys[column].where(keys[column].notna() | ~reference, own(column))
    keys = keys.map(lambda v: "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v))
    duplicated = keys.duplicated(keep=False) & (keys["region"] != "") & (keys["indicator"] != "")
    return [
        Problem(
            table.label,
            "duplicate key: another row has the same " + ", ".join(f"{c} ({keys.at[i, c] or 'empty'})" for c in key),
            line=table.line_of(i),
        )
        for i in keys.index[duplicated]
    ]
