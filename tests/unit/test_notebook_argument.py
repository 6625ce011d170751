"""A notebook reads like a chapter: every section is a visible call of its own, after a markdown cell that says
what the step shows and why (for the analyst: tagged so the reports leave it out)."""

import json

import pytest

from helpers.base.paths import PROJECT_ROOT

# The steps every chapter takes (each once, each its own cell) and the chapter-only estimate.
STEPS = tuple(f"sections.{step}(" for step in ("key_figures", "changes", "relations_section", "checks", "events")) + (
    "comparisons.population_density(",
)
NOTEBOOKS = sorted((PROJECT_ROOT / "notebooks").glob("*.ipynb"))


def _cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_section_call_follows_a_note_that_says_what_it_shows(path):
    cells = _cells(path)
    for before, cell in zip(cells, cells[1:]):
        source = "".join(cell["source"])
        if cell["cell_type"] == "code" and source.startswith(STEPS):
            assert before["cell_type"] == "markdown", (path.name, source)
            assert "analyst-note" in before["metadata"].get("tags", []), (path.name, source)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_call_hides_several_sections(path):
    source = "".join("".join(c["source"]) for c in _cells(path))
    assert "sections.standard(" not in source and "sections.closing(" not in source


def test_analyst_notes_never_reach_a_report():
    from reportbuild.publish import render

    assert "analyst-note" in render.HIDDEN_TAGS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_step_after_the_opening_has_its_note(path):
    """Parameters and the opening cell first; from then on no code cell without a markdown cell before it."""
    cells = _cells(path)
    opening = next(n for n, c in enumerate(cells) if "open_chapter(" in "".join(c["source"]))
    bare = [
        "".join(cell["source"]).splitlines()[0]
        for before, cell in zip(cells[opening + 1 :], cells[opening + 2 :])
        if cell["cell_type"] == "code" and before["cell_type"] == "code"
    ]
    assert not bare, (path.name, bare)
