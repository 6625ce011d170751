"""Reading one CSV table strictly, and validating it against its schema, collecting every problem.

A problem names the file, the line, the column and what is wrong. Nothing here stops at the
first problem: a user fixing a data file sees all of them at once.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.errors
import pandera.pandas as pa

from helpers.base.problems import SHOWN_PROBLEMS, DataError, Problem  # noqa: F401 (the names data errors are made of)


@dataclass
class Table:
    """A parsed CSV: the frame (all strings), and the file line on which each row starts."""

    path: Path
    label: str
    frame: pd.DataFrame
    lines: list[int]

    def line_of(self, index) -> int | None:
        try:
            return self.lines[int(index)]
        except (TypeError, ValueError, IndexError):
            return None


# Characters no cell may hold: control characters (a NUL byte, a bell, an escape) and what XML 1.0 cannot hold at
# all (U+FFFE, U+FFFF, a lone surrogate), which would make the spreadsheet and the HTML unreadable.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
# The longest cell a table may hold, in characters: a quote is a sentence or two (the longest today: 197); a
# period note says when. Longer text is a mistake, and laying it out in every table and chart could take hours.
LONGEST = {"period_note": 200}
LONGEST_CELL = 1_000


def _decode(path: Path, label: str) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")  # a UTF-8 byte-order mark is accepted and dropped
    except UnicodeDecodeError as error:
        raise DataError(
            [
                Problem(
                    label, f"not UTF-8 (byte 0x{raw[error.start]:02x} at offset {error.start}); save the file as UTF-8"
                )
            ]
        ) from None


def _kind(character: str) -> str:
    return "control character" if ord(character) < 0xA0 else "character XML cannot hold"


def _control_characters(label: str, header: list[str], record: list[str], line: int) -> list[Problem]:
    """Characters no cell of a table should hold (a NUL byte, a bell, an escape), by column and code point."""
    return [
        Problem(
            label,
            f"holds the {_kind(found.group())} U+{ord(found.group()):04X}; remove it",
            line=line,
            column=column,
        )
        for column, field in zip(header, record)
        if (found := CONTROL.search(field))
    ] + [
        Problem(label, f"is {len(field):,} characters long; at most {most:,}", line=line, column=column)
        for column, field in zip(header, record)
        if len(field) > (most := LONGEST.get(column, LONGEST_CELL))
    ]


def read_table(path: Path, label: str, columns: list[str], optional: frozenset[str] = frozenset()) -> Table:
    """Parse `path` as strict CSV with exactly `columns` (any order; `optional` ones may be left out).

    Empty cells, and optional columns the file leaves out, become None."""
    if path.is_symlink() and not path.exists():
        raise DataError([Problem(label, "is a link to a file that does not exist; restore the file or the link")])
    if not path.exists():
        raise DataError([Problem(label, "file is missing")])
    if not path.is_file():  # a folder, a FIFO or a device would fail later, or block for ever
        raise DataError([Problem(label, "is not a regular file; put the CSV table here")])
    text = _decode(path, label)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    problems, records, lines = [], [], []
    start = 1  # the line a record starts on: where a quote opened and never closed is to be found
    try:
        header = next(reader)
        start = reader.line_num + 1
        for record in reader:
            lines.append(start)
            records.append(record)
            start = reader.line_num + 1
    except StopIteration:
        raise DataError([Problem(label, "file is empty")]) from None
    except csv.Error as error:
        where = f"; the row starting here runs on to line {reader.line_num}" if reader.line_num > start else ""
        raise DataError([Problem(label, f"cannot parse CSV ({error}); check its quoting{where}", line=start)]) from None
    missing = [c for c in columns if c not in header and c not in optional]
    unknown = [c for c in header if c not in columns]
    problems += [
        Problem(label, "column appears twice in the header", column=c)
        for c in sorted({c for c in header if header.count(c) > 1})
    ]
    problems += [Problem(label, "required column is missing", column=c) for c in missing]
    problems += [Problem(label, "unknown column", column=c) for c in unknown]
    if problems:  # rows are read against the header: fix it first
        raise DataError(problems)
    for record, line in zip(records, lines):
        problems += _control_characters(label, header, record, line)
        if len(record) != len(header):
            problems.append(Problem(label, f"expected {len(header)} fields, found {len(record)}", line=line))
    if problems:
        raise DataError(problems)
    if not records:  # a table with its header only: valid, and typed so that the schema accepts it
        return Table(path, label, pd.DataFrame({c: pd.Series(dtype="str") for c in columns}), lines)
    frame = pd.DataFrame(records, columns=header, dtype=object).reindex(columns=columns)
    frame = frame.map(lambda v: (v.strip() or None) if isinstance(v, str) else None)
    return Table(path, label, frame, lines)


_CHECK_WORDS = {
    "not_nullable": "a value is required here",
    "field_uniqueness": "duplicate value",
    "multiple_fields_uniqueness": "duplicate key",
}


def _describe(row: pd.Series) -> str:
    check = str(row["check"])
    value = row["failure_case"]
    if check.startswith("coerce_dtype") or check.startswith("dtype"):
        wanted = check.split("'")[1] if "'" in check else check
        kind = "a whole number" if "int" in wanted.lower() else "a number"
        return f"{value!r} is not {kind}"
    if check.startswith("greater_than_or_equal_to"):
        return f"{value!r} is below the smallest allowed value {check[len('greater_than_or_equal_to(') : -1]}"
    if check.startswith("isin") or check.startswith("str_matches") or check.startswith("in_range"):
        return f"{value!r} is not allowed here ({check})"
    if check in _CHECK_WORDS:
        return f"{_CHECK_WORDS[check]}" + ("" if value is None or pd.isna(value) else f" ({value})")
    return f"{value!r} fails {check}"


NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _digits_problems(table: Table, schema: pa.DataFrameSchema) -> list[Problem]:
    """A number written in other digits (２０１３): Python would read it, a reader of the data should not have to."""
    numeric = [name for name, column in schema.columns.items() if str(column.dtype) in ("Int64", "float64", "int64")]
    return [
        Problem(table.label, f"{value!r} is not a number in ASCII digits", line=table.line_of(index), column=name)
        for name in numeric
        if name in table.frame
        for index, value in table.frame[name].items()
        if isinstance(value, str) and NON_ASCII.search(value)
    ]


def validate(table: Table, schema: pa.DataFrameSchema) -> tuple[pd.DataFrame, list[Problem]]:
    """Coerce and check `table` against `schema`; return the typed frame and all problems found."""
    digits = _digits_problems(table, schema)
    if digits:
        return best_effort_types(table.frame, schema), digits
    try:
        return schema.validate(table.frame, lazy=True), []
    except pandera.errors.SchemaErrors as errors:
        cases = errors.failure_cases
        problems, seen, keys = [], set(), {}
        for _, row in cases.iterrows():
            column = None if pd.isna(row["column"]) else str(row["column"])
            line = table.line_of(row["index"])
            if row["index"] is None and str(row["failure_case"]).startswith("TypeError"):
                continue  # a check that could not run because the column failed coercion
            if row["check"] == "multiple_fields_uniqueness":
                keys.setdefault(line, {})[column] = row["failure_case"]
                continue
            if (line, column) in seen and line is not None:
                continue  # one message per cell
            seen.add((line, column))
            problems.append(Problem(table.label, _describe(row), line=line, column=column))
        return best_effort_types(table.frame, schema), problems + _duplicate_keys(table, schema, keys)


def _duplicate_keys(table: Table, schema: pa.DataFrameSchema, keys: dict) -> list[Problem]:
    """One problem per row whose key (the columns that must be unique together) another row has too."""
    columns = [c for c in (schema.unique or []) if c in schema.columns]
    return [
        Problem(
            table.label,
            "duplicate key: another row has the same "
            + ", ".join(f"{c} ({values[c]})" if values.get(c) is not None else f"{c} (empty)" for c in columns),
            line=line,
        )
        for line, values in keys.items()
    ]


def best_effort_types(frame: pd.DataFrame, schema: pa.DataFrameSchema) -> pd.DataFrame:
    """The frame with each column coerced where possible (bad cells empty), so later checks can still run."""
    typed = frame.copy()
    for name, column in schema.columns.items():
        dtype = str(column.dtype)
        if dtype.startswith("datetime"):
            typed[name] = pd.to_datetime(typed[name], errors="coerce")
        elif dtype in ("float64", "Int64"):
            typed[name] = pd.to_numeric(typed[name], errors="coerce").astype(dtype if dtype == "float64" else "float64")
            if dtype == "Int64":
                typed[name] = typed[name].where(typed[name] % 1 == 0).astype("Int64")
    return typed


def row_problems(table: Table | None, frame: pd.DataFrame, column: str, bad: pd.Series, message) -> list[Problem]:
    """One problem per row of `frame` flagged in `bad`, worded by `message(row)`, at the row's file line."""
    if table is None or frame.empty:
        return []
    return [
        Problem(table.label, message(frame.loc[i]), line=table.line_of(i), column=column)
        for i in frame.index[bad.fillna(False).astype(bool)]
    ]
