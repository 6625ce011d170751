"""data/README.md's section “Tables and columns”, generated from the schemas (helpers.data.schemas), so that the
columns are described in one place.

    python -m helpers.data.docs           rewrite the section in data/README.md
    python -m helpers.data.docs --check   exit 1 (saying so) when data/README.md differs from the schemas

The prose of data/README.md around the section is written by hand; a test fails when the section is stale.
"""

from __future__ import annotations

import sys

from helpers.base.paths import PROJECT_ROOT
from helpers.data import schemas

README = PROJECT_ROOT / "data" / "README.md"
BEGIN = "<!-- tables and columns: generated from src/helpers/data/schemas.py by `python -m helpers.data.docs` -->"
END = "<!-- end of the generated tables and columns -->"
PATTERNS = {  # what a column's pattern allows, in words
    schemas.SLUG: "id (a–z, 0–9, _)",
    schemas.PUBLISHED: "`YYYY-MM-DD`, `YYYY-MM` or `YYYY`",
    schemas.URL: "address `http(s)://…`",
    schemas.FIGURE_REF: "`indicator:scope`",
    schemas.FIGURE_REFS: "`indicator:scope`, space-separated",
    r"^[0-9a-f]{64}$": "64 hex digits",
}
TYPES = {"Int64": "whole number", "float64": "number"}
SECTIONS = [  # (heading, the tables under it)
    ("Shared tables", [schema for _, schema in schemas.SHARED_TABLES.values()] + [schemas.CONTEXT_TABLE[1]]),
    ("Per region and chapter (`<region>/<chapter>/`)", list(schemas.REGION_TABLES.values())),
]


def _check(check) -> str:
    stats = check.statistics
    if "allowed_values" in stats:
        return "one of " + ", ".join(f"`{v}`" for v in stats["allowed_values"])
    if "pattern" in stats:
        pattern = str(stats["pattern"])
        return PATTERNS.get(pattern, f"matching `{pattern}`")
    if check.name == "in_range":
        return f"{stats['min_value']:g}–{stats['max_value']:g}"
    if check.name == "greater_than_or_equal_to":
        return f"≥ {stats['min_value']:g}"
    if check.name == "greater_than":
        return f"> {stats['min_value']:g}"
    return check.name


def values(column) -> str:
    """What a column may hold, in words: its type and checks (an id, a year range, a list of values …)."""
    checks = [_check(c) for c in column.checks]
    dtype = str(column.dtype)
    kind = "text" if dtype.startswith(("str", "string")) else TYPES.get(dtype, dtype)
    words = checks if checks and kind == "text" else [kind, *checks]
    return ", ".join(words) + (", unique" if column.unique else "")


def presence(name: str, column) -> str:
    """Whether a cell may be empty, and whether a file may leave the column out."""
    required = "may be empty" if column.nullable else "required"
    optional = name in schemas.OPTIONAL_COLUMNS and column.nullable
    return required + ("; the file may leave the column out" if optional else "")


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def table(schema) -> str:
    """One table's documentation: its file, what a row is, its key and its columns."""
    lines = [f"#### `{schema.title}`", "", _cell(schema.description)]
    unique = [name for name, column in schema.columns.items() if column.unique]
    if unique or schema.unique:
        key = "Key: " + ", ".join(f"`{n}`" for n in unique)
        together = " · unique together: " + ", ".join(f"`{n}`" for n in schema.unique) if schema.unique else ""
        lines += ["", key + together + "."]
    lines += ["", "| column | values | cell | meaning |", "|---|---|---|---|"]
    for name, column in schema.columns.items():
        if not column.description:
            raise ValueError(f"{schema.title}: column {name!r} has no description in helpers.data.schemas")
        lines.append(
            f"| `{name}` | {_cell(values(column))} | {_cell(presence(name, column))} | {_cell(column.description)} |"
        )
    return "\n".join(lines)


def generated() -> str:
    """The whole generated section, between its markers."""
    parts = [BEGIN, "## Tables and columns", ""]
    parts.append(
        "Every table is UTF-8 CSV with a header; columns may come in any order; an empty cell is a missing value. "
        "This section is generated from the schemas in `src/helpers/data/schemas.py`: change a column there and "
        "run `python -m helpers.data.docs`."
    )
    for heading, tables in SECTIONS:
        parts += ["", f"### {heading}"]
        for schema in tables:
            parts += ["", table(schema)]
    parts += ["", END]
    return "\n".join(parts)


def render(readme: str) -> str:
    """`readme` with its generated section replaced by what the schemas generate now."""
    if BEGIN not in readme or END not in readme:
        raise ValueError(f"data/README.md has no generated section: add the lines {BEGIN!r} and {END!r}")
    before, rest = readme.split(BEGIN, 1)
    _, after = rest.split(END, 1)
    return before + generated() + after


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    current = README.read_text(encoding="utf-8")
    wanted = render(current)
    if "--check" in argv:
        if wanted != current:
            print(f"{README}: the tables and columns differ from the schemas; run: python -m helpers.data.docs")
            return 1
        return 0
    if wanted != current:
        README.write_text(wanted, encoding="utf-8")
        print(f"{README}: tables and columns rewritten from the schemas")
    return 0


if __name__ == "__main__":
    sys.exit(main())
