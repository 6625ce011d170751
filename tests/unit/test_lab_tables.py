"""The report's tables in JupyterLab's own style: text left (Lab right-aligns table cells), headers, years and
figures on one line, from a <style> that only Jupyter gets (the build drops it: tests/unit/test_notebook_only.py).
tests/e2e/test_lab_tables.py measures it in Chromium with Lab's stylesheet."""

import re

import pandas as pd
import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output
from traitlets.config import Config

from helpers.page import display

# JupyterLab 4's rule for output table cells: `:not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon td { text-align:
# right }`, specificity (0, 2, 1); `.jp-RenderedHTMLCommon td { white-space: normal }`.
LAB_SPECIFICITY = (0, 2, 1)


@pytest.fixture
def shell(tmp_path, monkeypatch):
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    shell = InteractiveShell.instance(config=Config({"HistoryManager": {"enabled": False}}))
    yield shell
    InteractiveShell.clear_instance()


def _rules() -> dict[str, str]:
    pairs = re.findall(r"([^{}]+)\{([^}]*)\}", display.JUPYTER_TABLE_CSS)
    return {selector.strip(): body.strip() for selector, body in pairs}


def _specificity(selector: str) -> tuple[int, int, int]:
    """(ids, classes, elements) of a selector; `:is(a, b)` counts as its most specific argument (CSS Selectors 4)."""

    def simple(part: str) -> tuple[int, int, int]:
        return (part.count("#"), part.count("."), len(re.findall(r"(?:^|[\s>+~(])([a-z][a-z0-9]*)", part)))

    total = (0, 0, 0)
    for argument_list in re.findall(r":is\(([^)]*)\)", selector):
        total = tuple(map(sum, zip(total, max(simple(a.strip()) for a in argument_list.split(",")))))
    return tuple(map(sum, zip(total, simple(re.sub(r":is\([^)]*\)", " ", selector)))))


def test_the_style_sets_cells_left_and_years_headers_and_figures_on_one_line():
    rules = _rules()
    cells = next(b for s, b in rules.items() if s.endswith(":is(th, td)"))
    one_line = next(b for s, b in rules.items() if s.endswith(":is(th, td.nowrap)"))
    assert "text-align: left" in cells and "white-space: nowrap" in one_line
    assert any("caption" in s and "text-align: left" in b for s, b in rules.items())


def test_the_style_is_scoped_to_the_report_tables_in_jupyter_and_outranks_lab():
    for selector in _rules():
        assert selector.startswith(":is(.jp-RenderedHTMLCommon, .rendered_html) table.report-table"), selector
        if selector.endswith(("td)", "td.nowrap)")):
            assert _specificity(selector) > LAB_SPECIFICITY, selector


def test_a_year_cell_is_marked_to_stay_on_one_line():
    frame = pd.DataFrame({"时期": ["2012年", "截至2022年9月的长期限"], "数值": ["1,829元/人/年", "—"]})
    html = display.table_html(frame)
    assert '<td class="nowrap">2012年</td>' in html and '<td class="nowrap">1,829元/人/年</td>' in html
    assert "<th>时期</th>" in html  # every header stays on one line (the style's th rule)


def test_jupyter_gets_the_style_before_the_first_table_of_each_cell_run(shell):
    frame = pd.DataFrame({"时期": ["2012年"], "数值": ["323元/人/月"]})
    with capture_output() as captured:
        display.start_numbering(1, "某市日报，2022-09-23")
        display.table(frame)
        display.table(frame)  # same cell: no second style
        shell.execution_count += 1  # the next cell
        display.table(frame)
    kinds = ["style" if display.NOTEBOOK_ONLY in o.data else "table" for o in captured.outputs]
    assert kinds == ["style", "table", "table", "style", "table"]
    style = captured.outputs[0].data
    assert style["text/html"] == f"<style>\n{display.JUPYTER_TABLE_CSS}</style>" and "text/plain" not in style
    assert style[display.NOTEBOOK_ONLY] == {"style": "report-table"}
    assert 'class="report-table"' in captured.outputs[1].data["text/html"]
