"""The columns of every data table are described once, in the schemas; data/README.md's section on tables and
columns is generated from them and must be what they generate now."""

import pytest

from helpers.data import docs, schemas

TABLES = [schema for _, schema in schemas.SHARED_TABLES.values()] + [
    schemas.CONTEXT_TABLE[1],
    *schemas.REGION_TABLES.values(),
]


def test_the_readme_says_what_the_schemas_generate():
    current = docs.README.read_text(encoding="utf-8")
    assert docs.render(current) == current, "data/README.md is stale: run `python -m helpers.data.docs`"
    assert docs.main(["--check"]) == 0


@pytest.mark.parametrize("schema", TABLES, ids=lambda s: s.title)
def test_every_table_and_column_is_described_and_documented(schema):
    assert schema.title and schema.description
    section = docs.generated()
    assert f"#### `{schema.title}`" in section
    for name, column in schema.columns.items():
        assert column.description, f"{schema.title}: {name}"
        assert f"| `{name}` |" in section.split(f"#### `{schema.title}`")[1].split("####")[0], name


def test_a_changed_schema_makes_the_readme_stale(monkeypatch):
    current = docs.README.read_text(encoding="utf-8")
    column = schemas.REGIONS.columns["built"]
    monkeypatch.setattr(column, "description", column.description + " (changed)")
    assert docs.render(current) != current
    assert docs.main(["--check"]) == 1


def test_the_generated_section_says_what_a_column_allows():
    section = docs.generated()
    assert "| `grade` | one of `A`, `A/B`, `B`, `C` | required |" in section
    assert "| `year` | whole number, 1949–2100 | may be empty |" in section
    assert "| `quoted_in` | id (a–z, 0–9, _) | may be empty; the file may leave the column out |" in section


def test_a_readme_without_the_markers_is_refused():
    with pytest.raises(ValueError, match="no generated section"):
        docs.render("# Data\n")
