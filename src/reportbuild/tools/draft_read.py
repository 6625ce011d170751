"""Reading a raw source for a draft: prose (.txt, .md) as text, a table (.csv, .tsv, .xlsx) as rows of cells, and
its record in raw/sources.csv (id and publication date)."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from helpers.data.raw_tables import TABLE_SUFFIXES, UnreadableTable, table_rows

PROSE_SUFFIXES = (".txt", ".md")
KNOWN = ", ".join((*PROSE_SUFFIXES, *TABLE_SUFFIXES))


class DraftError(Exception):
    """One line a user reads: the file and what is wrong with it."""


@dataclass
class Source:
    path: Path
    source_id: str
    year: int | None  # the year it was published (raw/sources.csv), for 目前/今年/现行
    text: str = ""  # prose
    rows: list[list[str]] = field(default_factory=list)  # a table, as printed
    recorded: bool = True  # whether raw/sources.csv holds it

    @property
    def is_table(self) -> bool:
        return self.path.suffix.lower() in TABLE_SUFFIXES


def _text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DraftError(f"{path}: not UTF-8 (byte at offset {error.start}); save it as UTF-8") from None


def read_rows(path: Path) -> list[list[str]]:
    """A table as validation reads it (helpers.data.raw_tables)."""
    try:
        return table_rows(path)
    except UnreadableTable as error:
        raise DraftError(str(error)) from None


def _record(path: Path, data: Path) -> tuple[str, int | None, bool]:
    """The source's id and publication year from raw/sources.csv (by file name); a slug of the name otherwise."""
    sources = data / "raw" / "sources.csv"
    if sources.is_file():
        with sources.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                if row.get("file") == path.name and not row.get("quoted_in"):
                    published = re.match(r"\d{4}", row.get("published") or "")
                    return row["source_id"], int(published.group()) if published else None, True
    slug = re.sub(r"[^a-z0-9_]+", "_", path.stem.lower()).strip("_") or "new_source"
    return slug, None, False


def read_source(path: Path, data: Path) -> Source:
    """The source at `path`; DraftError (one line naming the file) when it is missing or of an unknown type."""
    if not path.is_file():
        raise DraftError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix not in PROSE_SUFFIXES and suffix not in TABLE_SUFFIXES:
        raise DraftError(f"{path}: unknown file type {suffix or '(none)'!r}; a draft reads {KNOWN}")
    source_id, year, recorded = _record(path, data)
    source = Source(path, source_id, year, recorded=recorded)
    if suffix in PROSE_SUFFIXES:
        source.text = _text(path)
    else:
        source.rows = read_rows(path)
    return source
