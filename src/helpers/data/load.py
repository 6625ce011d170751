"""Loading a region's data: shared labels and units, the region's tables, and the raw sources they quote.

A region's tables live in one folder per chapter (data/<region>/<chapter>/{observations,events,checks}.csv), so a
chapter reads only its own files. `load_region` validates what it loads and raises one DataError listing every
problem (file, line, column).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from helpers.base import units
from helpers.base.paths import data_dir
from helpers.data import rules
from helpers.data.chapters import chapter_folders, load_chapters, numbered
from helpers.data.raw_tables import TABLE_SUFFIXES, UnreadableTable, table_rows
from helpers.data.schemas import CONTEXT_TABLE, OBSERVATIONS, OPTIONAL_COLUMNS, REGION_TABLES, SHARED_TABLES
from helpers.data.tables import DataError, Problem, Table, read_table, validate


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

    regions: pd.DataFrame | None = None
    loaded_chapters: tuple[str, ...] | None = None  # the chapters whose folders were read (None: every one)

    @cached_property
    def context(self) -> pd.DataFrame:
        """Context figures, loaded (and validated) only by the chapters that compare: only they depend on them.
        One row per figure of data/context.csv, with its region's name, level and province (regions.csv) and its
        document's publisher and address (raw/sources.csv); see `load_context`."""
        return load_context(
            self.root,
            {
                "indicators": self.indicators,
                "units": self.units,
                "scopes": self.scopes,
                "sources": self.sources,
                "levels": self.levels,
                "regions": self.regions,
            },
            self.loaded_chapters,
        )

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
        facts = (
            self.observations.merge(self.indicators, on="indicator", how="left", suffixes=("", "_indicator"))
            .merge(self.units.rename(columns={"name_en": "unit_en"}), on="unit", how="left", suffixes=("", "_unit"))
            .merge(self.scopes.rename(columns={"name_zh": "scope_zh", "name_en": "scope_en"}), on="scope", how="left")
            .merge(qualifiers[["qualifier", "qualifier_position", "bound"]], on="qualifier", how="left")
            .merge(
                self.sources[
                    [
                        "source_id",
                        "title",
                        "publisher",
                        "published",
                        "published_year",
                        "published_month",
                        "published_label",
                        "publisher_is_periodical",
                        "cite_zh",
                        "url",
                    ]
                ],
                on="source_id",
                how="left",
            )
        )
        facts.loc[facts["scope"] == "all", "scope_zh"] = self.whole_zh
        return units.with_base_values(facts, self.units).set_index("obs_id", drop=False)

    def chapter_facts(self, chapter_id: str) -> pd.DataFrame:
        return self.facts[self.facts["chapter"] == chapter_id]

    def chapter_events(self, chapter_id: str) -> pd.DataFrame:
        return self.events[self.events["chapter"] == chapter_id]


_LOADED: dict[tuple, tuple] = {}  # (content, schema) → (raw frame, lines, typed frame, problems)


def _load(path: Path, label: str, schema, problems: list[Problem]) -> tuple[pd.DataFrame, Table | None]:
    """Read and validate one table. A file already validated in this process with the same bytes (another copy of
    the data, a second region) is not validated again: validating is most of the time a load takes. A table linked
    to a file outside the data folder is refused unread: no message may echo a file that is not the project's."""
    if path.is_symlink() and path.exists() and not _inside_data(path):
        problems.append(Problem(label, "is a link to a file outside the data folder; copy the table into it"))
        return pd.DataFrame(columns=list(schema.columns)), None
    key = (hashlib.sha256(path.read_bytes()).hexdigest(), id(schema)) if path.is_file() else None
    if key not in _LOADED:
        try:
            table = read_table(path, label, list(schema.columns), OPTIONAL_COLUMNS)
        except DataError as error:
            problems += error.problems
            return pd.DataFrame(columns=list(schema.columns)), None
        frame, found = validate(table, schema)
        if key is None:
            problems += found
            return frame, table
        _LOADED[key] = (table.frame, table.lines, frame, [(p.message, p.line, p.column) for p in found])
    raw, lines, frame, found = _LOADED[key]
    problems += [Problem(label, message, line, column) for message, line, column in found]
    return frame.copy(), Table(path, label, raw.copy(), lines)


def _relative(path: Path) -> str:
    """How a data file is named in messages: relative to the working directory when inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def read_raw_table(path: Path) -> dict[tuple[str, str], str]:
    """A raw table as printed (CSV, TSV or XLSX): its cells keyed by (row label, column label)."""
    rows = table_rows(path)
    if not rows:
        return {}
    header = rows[0]
    return {(row[0], column): cell for row in rows[1:] if row for column, cell in zip(header[1:], row[1:])}


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
            problems.append(Problem(label, "raw source differs from its recorded sha256 (raw files are never edited)"))
        is_table = path.suffix.lower() in TABLE_SUFFIXES
        try:
            texts[source["source_id"]] = read_raw_table(path) if is_table else raw.decode("utf-8", errors="replace")
        except UnreadableTable as error:
            problems.append(Problem(label, str(error).removeprefix(f"{path}: ")))
    return texts


UNDATED = "日期未载明"  # a document kept in another record whose date is not known


def dated_sources(sources: pd.DataFrame) -> pd.DataFrame:
    """Sources with their publication year and month as numbers (month empty when only the year is known)
    and a reader's label: '2022-09-23', or '2013年' for a source known only by its year."""
    parts = sources["published"].astype("string").str.extract(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
    return sources.assign(
        published_year=pd.to_numeric(parts[0], errors="coerce").astype("Int64"),
        published_month=pd.to_numeric(parts[1], errors="coerce").astype("Int64"),
        published_label=[
            p
            if isinstance(p, str) and len(p) == 10
            else (
                f"{p[:4]}年{int(p[5:7])}月"
                if isinstance(p, str) and len(p) == 7
                else (f"{p}年" if isinstance(p, str) and p else UNDATED)
            )
            for p in sources["published"]
        ],
    )


def _inside_data(path: Path) -> bool:
    """Whether a link leads to a file of the data folder (the one it lies in, or MINZHENG_DATA's)."""
    target = path.resolve()
    roots = {data_dir(), *(p.resolve() for p in path.parents if (p / "regions.csv").is_file())}
    return any(root in target.parents for root in roots)


def check_table(root: Path, name: str) -> None:
    """One shared table (e.g. regions.csv) validated as `make validate` does; DataError listing what is wrong. The
    build asks this before it reads the table's plain rows to plan (helpers.data.params.years_of)."""
    relative, schema = SHARED_TABLES[name]
    problems: list[Problem] = []
    _load(root / relative, _relative(root / relative), schema, problems)
    if problems:
        raise DataError(problems)


def load_shared(root: Path, problems: list[Problem]) -> dict[str, pd.DataFrame]:
    shared, tables = {}, {}
    for name, (relative, schema) in SHARED_TABLES.items():
        path = root / relative
        shared[name], tables[name] = _load(path, _relative(path), schema, problems)
    shared["sources"] = dated_sources(shared["sources"])
    folders = {p.name for p in root.iterdir() if p.is_dir()} if root.is_dir() else set()
    problems += rules.shared_problems(shared, tables, folders)
    return shared


def load_context(root: Path, shared: dict[str, pd.DataFrame], chapters: tuple[str, ...] | None = None) -> pd.DataFrame:
    """National, provincial and peer-city figures, each checked against its quote; DataError if any is wrong.

    data/context.csv names a figure's region by id and its document by source_id; a figure held in a region's own
    folder is named by `obs_id` and read from there (a data folder without that region leaves its rows out). The
    frame has the columns its readers use: region_zh, level (national, province, prefecture, county),
    province_zh (regions.csv, levels.csv), publisher and url (the document's, raw/sources.csv), source_id (the
    record the quote is read in: for a web page, the research record that quotes it; `document_id` is the page
    itself), and region and obs_id. With `chapters`, only those chapters' folders of other regions are read (a
    chapter's build depends on no other chapter's files), and a figure named by obs_id that they do not hold is
    left out; without, every named figure must be found."""
    problems: list[Problem] = []
    relative, schema = CONTEXT_TABLE
    path = root / relative
    context, table = _load(path, _relative(path), schema, problems)
    if table is not None:
        named = context[context["obs_id"].notna() & context["region"].notna()]
        ids = {region: set(group["obs_id"]) for region, group in named.groupby("region")}
        held = _held_figures(root, shared, ids, problems, chapters)
        wanted = set(context["source_id"].dropna()) | {s for f in held.values() for s in f["source_id"].dropna()}
        texts = _source_texts(shared["sources"], root, problems, wanted)
        problems += rules.context_problems(table, context, shared, texts, held, complete=chapters is None)
        if not problems:
            context = _assembled(context, shared, held)
    if problems:
        raise DataError(problems)
    return context


CONTEXT_COLUMNS = [  # the loaded frame: what helpers.model.context and the pages read, in this order
    "context_id",
    "region_zh",
    "level",
    "province_zh",
    "indicator",
    "scope",
    "start_year",
    "year",
    "period_note",
    "value",
    "unit",
    "as_written",
    "original_publisher",
    "publisher",
    "url",
    "grade",
    "source_id",
    "quote",
    "region",
    "obs_id",
    "document_id",
    "in_english",
]


def in_english(quote) -> bool:
    """Whether a quote is English (a translation or an English release): more Latin letters than half its length.
    Its figures are cited in the working papers, never in the publication."""
    return isinstance(quote, str) and len(re.findall(r"[A-Za-z]", quote)) > len(quote) / 2


def _names_any(path: Path, ids: set[str]) -> bool:
    """Whether a table's text names any of `ids` at the start of a line (a cheap look before validating it)."""
    text = path.read_bytes().decode("utf-8-sig", errors="replace").replace("\r\n", "\n")
    return any(f"\n{i}," in text or text.startswith(f"{i},") for i in ids)


def _held_figures(
    root: Path, shared: dict, ids: dict[str, set[str]], problems: list[Problem], chapters: tuple[str, ...] | None
) -> dict:
    """The own figures of each region of `ids` (region → the obs_ids context.csv names) that has a folder here, from
    the chapters' observations.csv that name them, validated as the region's own build validates them, indexed by
    obs_id. A region without a folder here is left out."""
    read, held = [], {}
    for region in sorted(ids):
        region_dir = root / region
        if not region_dir.is_dir():
            continue
        frames, labels = [], []
        for chapter_id, folder in chapter_folders(region_dir).items():
            path = folder / "observations.csv"
            if chapters is not None and chapter_id not in chapters:
                continue
            if path.exists() and _names_any(path, ids[region]):
                frame, table = _load(path, _relative(path), OBSERVATIONS, problems)
                if table is not None:
                    read.append((chapter_id, frame, table))
                    frames.append(frame)
                    labels.append(table.label)
        problems += rules.duplicate_ids(frames, "obs_id", labels)
        figures = pd.concat(frames, ignore_index=True) if frames else _no_rows(OBSERVATIONS)
        held[region] = figures.drop_duplicates("obs_id").set_index("obs_id", drop=False)
    wanted = {s for _, frame, _ in read for s in frame["source_id"].dropna()}
    texts = _source_texts(shared["sources"], root, problems, wanted)
    source_years = shared["sources"].set_index("source_id")["published_year"]
    for chapter_id, frame, table in read:
        problems += rules.chapter_problems(
            chapter_id,
            {"observations": frame},
            {"observations": table, "events": None, "checks": None},
            shared,
            texts,
            source_years,
        )
    return held


def _assembled(context: pd.DataFrame, shared: dict, held: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """context.csv's rows with the held figures filled in (rows of a region whose folder is absent left out), the
    region's name, level and province, and the document's publisher and address."""
    reference = context["obs_id"].notna()
    found = [
        isinstance(o, str) and r in held and o in held[r].index for r, o in zip(context["region"], context["obs_id"])
    ]
    rows = context[~reference | pd.Series(found, index=context.index)].copy()
    for column in ("indicator", "scope", "start_year", "year", "value", "unit", "as_written", "source_id", "quote"):
        taken = [
            held[r].at[o, column] if isinstance(o, str) and o in held[r].index else None
            for r, o in zip(rows["region"], rows["obs_id"])
        ]
        own = rows[column]
        rows[column] = own.where(own.notna(), pd.Series(taken, index=rows.index, dtype=own.dtype))
    regions = shared["regions"].set_index("region")
    tiers = shared["levels"].set_index("level_zh")["tier"]
    sources = shared["sources"].set_index("source_id")
    rows["region_zh"] = rows["region"].map(regions["name_zh"])
    rows["province_zh"] = rows["region"].map(regions["province_zh"])
    rows["level"] = rows["region"].map(regions["level_zh"]).map(tiers)
    rows["document_id"] = rows["source_id"]
    rows["publisher"] = rows["source_id"].map(sources["publisher"])
    rows["url"] = rows["source_id"].map(sources["url"])
    kept_in = rows["source_id"].map(sources["quoted_in"])
    rows["source_id"] = kept_in.where(kept_in.notna(), rows["source_id"])
    rows["in_english"] = rows["quote"].map(in_english)
    return rows[CONTEXT_COLUMNS].reset_index(drop=True)


def _folder_problems(region_dir: Path, folders: dict[str, Path], every_chapter: bool) -> list[Problem]:
    """Files and folders the loader would silently ignore: a misspelt table or chapter is an error."""
    tables = {f"{name}.csv" for name in REGION_TABLES}
    problems = [
        Problem(_relative(f), f"unknown table; a chapter folder holds {', '.join(sorted(tables))}")
        for folder in folders.values()
        for f in sorted(folder.iterdir())
        if f.name not in tables
    ]
    if every_chapter:
        known = [c.id for c in load_chapters()]
        problems += [
            Problem(_relative(p), "is a file where the chapter's folder should be; make it a folder of tables")
            if p.name in known
            else Problem(_relative(p), f"unknown chapter folder; chapters: {', '.join(known)}")
            for p in sorted(region_dir.iterdir())
            if p.name not in folders and not p.name.startswith(".")
        ]
    return problems


def _no_rows(schema) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in schema.columns})


def _read_chapter(folder: Path, problems: list[Problem]) -> tuple[dict, dict, bool]:
    """One chapter's tables, typed by their schemas (a missing table has no rows), and whether every table there
    could be read (if one could not, checks across its tables would only repeat that problem)."""
    frames, tables, readable = {}, {}, True
    for name, schema in REGION_TABLES.items():
        path = folder / f"{name}.csv"
        if path.exists() or path.is_symlink():  # a link to nothing is a fault to name, not a missing table
            frames[name], tables[name] = _load(path, _relative(path), schema, problems)
            readable = readable and tables[name] is not None
        else:
            frames[name], tables[name] = _no_rows(schema), None
    return frames, tables, readable


def load_region(region: str, root: Path | None = None, chapters: list[str] | None = None) -> Region:
    """Load and validate `region`'s data (only the named chapters' folders if given); DataError lists all problems."""
    root = (root or data_dir()).resolve()
    problems: list[Problem] = []
    shared = load_shared(root, problems)
    if problems:
        raise DataError(problems)
    info = shared["regions"].set_index("region")
    if region not in info.index:
        raise DataError(
            problems
            + [Problem(_relative(root / "regions.csv"), f"unknown region {region!r}; known: {', '.join(info.index)}")]
        )
    if not rules.is_built(info.loc[region]):
        raise DataError(
            [
                Problem(
                    _relative(root / "regions.csv"),
                    f"region {region!r} only gives context (built is false): it has no data of its own to build",
                    column="built",
                )
            ]
        )
    region_dir = root / region
    folders = chapter_folders(region_dir) if region_dir.is_dir() else {}
    chapter_numbers = numbered([c for c in load_chapters() if c.id in folders])
    if chapters is not None:
        folders = {c: f for c, f in folders.items() if c in chapters}
    problems += _folder_problems(region_dir, folders, chapters is None and region_dir.is_dir())
    read = {c: _read_chapter(f, problems) for c, f in folders.items()}
    quoted = {
        s for frames, *_ in read.values() for n in ("observations", "events") for s in frames[n]["source_id"].dropna()
    }
    texts = _source_texts(shared["sources"], root, problems, quoted)
    source_years = shared["sources"].set_index("source_id")["published_year"]
    for chapter_id, (frames, tables, readable) in read.items():
        if readable:
            problems += rules.chapter_problems(chapter_id, frames, tables, shared, texts, source_years)
    per_chapter = {c: dict(frames, events=frames["events"].assign(chapter=c)) for c, (frames, *_) in read.items()}
    frames = {}
    for name, schema in REGION_TABLES.items():
        parts = [tables[name] for tables in per_chapter.values()]
        labels = [_relative(folders[c] / f"{name}.csv") for c in per_chapter]
        key = list(schema.columns)[0]
        problems += rules.duplicate_ids(parts, key, labels)
        # events name their chapter
        empty = _no_rows(schema).assign(chapter=None) if name == "events" else _no_rows(schema)
        frames[name] = pd.concat(parts, ignore_index=True) if parts else empty
    if problems:
        raise DataError(problems)
    return Region(
        id=region,
        info=info.loc[region],
        root=root,
        chapter_numbers=chapter_numbers,
        loaded_chapters=tuple(chapters) if chapters is not None else None,
        **frames,
        **{
            k: shared[k]
            for k in ("indicators", "units", "scopes", "sources", "levels", "qualifiers", "relations", "regions")
        },
    )
