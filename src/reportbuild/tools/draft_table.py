"""The figures of a table source (a yearbook table as CSV, TSV or XLSX): one per filled cell, cited by its row
label and column header as printed; the year from the header (or the row label of a table with years down the side);
the unit from the label's brackets, 城镇低保人数 (人), or a 单位 line above the table. An empty cell is a gap."""

from __future__ import annotations

import re

from reportbuild.tools.draft_figures import ARABIC, Figure, scope_in
from reportbuild.tools.draft_vocab import Vocabulary, unit_label

YEAR = re.compile(r"^\s*((?:19|20)\d{2})\s*年?\s*$")
UNIT_NOTE = re.compile(r"单位[:：]\s*(\S+)")
GAPS = {"", "-", "—", "–", "…", "...", "/", "x", "X"}


def _is_year_row(row: list[str]) -> bool:
    return any(YEAR.match(c) for c in row[1:])


def _oriented(rows: list[list[str]]) -> tuple[int, list[list[str]], bool]:
    """Where the header is, the rows, and whether years run down the first column instead (then transposed)."""
    for index, row in enumerate(rows):
        if _is_year_row(row):
            return index, rows, False
    years_down = [i for i, row in enumerate(rows) if row and YEAR.match(row[0])]
    if years_down:
        return years_down[0] - 1, rows, True
    return 0, rows, False


def _note_unit(rows: list[list[str]], vocabulary: Vocabulary) -> str:
    for row in rows:
        for cell in row:
            match = UNIT_NOTE.search(cell)
            if match and match.group(1) in vocabulary.units:
                return match.group(1)
    return ""


def _cells(rows, header_at, transposed):
    """(row label, column header, cell, the label naming what is counted, the year) for every cell."""
    header = rows[header_at] if header_at >= 0 else []
    for row in rows[header_at + 1 :]:
        if not row or not row[0].strip():
            continue
        for column, cell in zip(header[1:], row[1:]):
            year_text, what = (row[0], column) if transposed else (column, row[0])
            year = YEAR.match(year_text)
            yield row[0].strip(), column.strip(), cell.strip(), what, int(year.group(1)) if year else None


def table_figures(rows: list[list[str]], vocabulary: Vocabulary) -> tuple[list[Figure], int]:
    """The figures of the table and how many filled cells had no unit to be read."""
    header_at, rows, transposed = _oriented(rows)
    fallback = _note_unit(rows[: max(header_at, 0)], vocabulary)
    figures, unitless = [], 0
    for label, column, cell, what, year in _cells(rows, header_at, transposed):
        if cell in GAPS or not re.fullmatch(ARABIC, cell):
            continue
        name, unit = unit_label(what)
        unit = unit if unit in vocabulary.units else (unit_label(column)[1] or fallback)
        if unit not in vocabulary.units:
            unitless += 1
            continue
        figure = Figure(float(cell.replace(",", "")), unit, cell, "", 0, 0, "", name, local=name, wide=name)
        figure.table_row, figure.table_column = label, column
        figure.year, figure.basis = (year, "stated") if year else (None, "unknown")
        figure.note = "" if year else f"表中未载明年份（{column}）"
        figure.scope = scope_in(name, vocabulary) or "all"
        figures.append(figure)
    return figures, unitless
