"""A raw table source as printed (a yearbook's table saved as CSV or TSV, or the XLSX it was published as): its rows
of cells, as text."""

from __future__ import annotations

import csv
import io
from pathlib import Path

TABLE_SUFFIXES = {".csv": ",", ".tsv": "\t", ".xlsx": None}


class UnreadableTable(ValueError):
    """A table that cannot be read as one: the message names the file."""


def _cell(value) -> str:
    """A spreadsheet cell as printed: whole numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _xlsx_rows(path: Path) -> list[list[str]]:
    """The first sheet's rows (values, never formulas)."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # a damaged or mislabelled workbook: one line, never a traceback
        raise UnreadableTable(f"{path}: not a readable .xlsx workbook ({type(error).__name__})") from None
    try:
        return [[_cell(v) for v in row] for row in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()


def table_rows(path: Path) -> list[list[str]]:
    """The table's rows of cells, stripped; UnreadableTable for a workbook that is not one or text not in UTF-8."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _xlsx_rows(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableTable(f"{path}: not UTF-8 (byte at offset {error.start}); save it as UTF-8") from None
    return [
        [c.strip() for c in row] for row in csv.reader(io.StringIO(text, newline=""), delimiter=TABLE_SUFFIXES[suffix])
    ]
