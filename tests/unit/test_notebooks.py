"""Notebooks are committed clean, declared once, parameterised, and never carry typed figures."""

import ast
import re

import nbformat
import pytest

from helpers.base.paths import NOTEBOOKS_DIR
from helpers.data.chapters import built_chapters, load_chapters

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))


def test_every_notebook_is_a_declared_chapter():
    declared = {c.id for c in built_chapters()}
    assert {p.stem for p in NOTEBOOKS} == declared


def test_chapter_numbers_and_ids_are_unique():
    chapters = load_chapters()
    assert len({c.id for c in chapters}) == len({c.number for c in chapters}) == len(chapters)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None, f"{path.name}: run `make strip`"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_one_parameters_cell_with_region_and_years(path):
    nb = nbformat.read(path, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    for name in ("region", "start_year", "end_year", "compare"):
        assert re.search(rf"^{name}\s*=", tagged[0].source, re.M)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_figure_typed_into_text_and_no_path_hacks(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            texts = [cell.source]
        else:
            assert "sys.path" not in cell.source
            # the text a code cell shows: its string literals (f-strings' fixed parts included), comments aside
            texts = [
                n.value
                for n in ast.walk(ast.parse(cell.source))
                if isinstance(n, ast.Constant) and isinstance(n.value, str) and not re.fullmatch(r"[a-z0-9_]+", n.value)
            ]  # ids aside
        numbers = [
            n
            for t in texts
            for n in re.findall(r"\d[\d,.]*\d|\d", t)
            if not re.fullmatch(r"(19|20)\d\d", n) and len(n) >= 2
        ]
        assert not numbers, f"{path.name}: figures typed into the text of a cell: {numbers}"
