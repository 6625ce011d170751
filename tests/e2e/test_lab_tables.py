"""The report's tables in JupyterLab's light theme, measured in Chromium: a notebook of tables as display shows them,
rendered by nbconvert's `lab` template (JupyterLab's own stylesheet), at a narrow width. With the notebook-only
style every cell is left-aligned and headers, years and figures keep to one line; without it Lab right-aligns
them (so the page really has Lab's rules). Screenshot: build/screenshots/lab-table.png."""

import shutil

import nbformat
import pandas as pd
import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output
from nbconvert import HTMLExporter
from traitlets.config import Config

from helpers.base.paths import PROJECT_ROOT
from helpers.page import display

pytestmark = pytest.mark.e2e
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOT = PROJECT_ROOT / "build" / "screenshots" / "lab-table.png"

KEY_FIGURES = pd.DataFrame(
    {
        "指标": ["低保标准", "纳入低保和特困救助供养范围的脱贫不稳定人口、边缘易致贫人口和突发严重困难户", "低保标准"],
        "范围": ["城市", "全市", "农村"],
        "时期": ["2012年", "截至2022年9月", "2022年"],
        "数值": ["323元/人/月", "4.6万", "6,200元/人/年"],
    }
)

MEASURE = """table => [...table.querySelectorAll('th, td')].map(cell => {
    const range = document.createRange();
    range.selectNodeContents(cell);
    const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
    const style = getComputedStyle(cell);
    return {text: cell.textContent, nowrap: cell.tagName === 'TH' || cell.classList.contains('nowrap'),
            align: style.textAlign, lines};
})"""


def _page_html(styled: bool, tmp_path) -> str:
    """A notebook whose cell shows the table as in Jupyter (with or without the notebook-only style), as Lab's
    light theme renders it."""
    InteractiveShell.instance(config=Config({"HistoryManager": {"enabled": False}}), ipython_dir=str(tmp_path))
    try:
        with capture_output() as captured:
            display.start_numbering(1, "某市日报，2022-09-23")
            display.table(KEY_FIGURES, "关键数字")
    finally:
        InteractiveShell.clear_instance()
    outputs = [
        nbformat.v4.new_output("display_data", data=o.data)
        for o in captured.outputs
        if styled or display.NOTEBOOK_ONLY not in o.data
    ]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("sections.key_figures(ch)", outputs=outputs)])
    html, _ = HTMLExporter(template_name="lab", theme="light").from_notebook_node(nb)
    return html


@pytest.mark.parametrize("styled", [True, False], ids=["with-style", "lab-alone"])
def test_tables_in_lab_read_left_aligned_with_years_on_one_line(styled, tmp_path):
    from playwright.sync_api import sync_playwright

    html = _page_html(styled, tmp_path)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 480, "height": 700})
            page.route("**/*", lambda route: route.abort())  # the lab template links CDN scripts: none is needed
            page.set_content(html, wait_until="domcontentloaded")
            table = page.locator("table.report-table")
            cells = table.evaluate(MEASURE)
            if styled:
                SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
                table.screenshot(path=str(SCREENSHOT))
        finally:
            browser.close()
    if not styled:
        assert {c["align"] for c in cells} == {"right"}  # Lab's own rule is in force on this page
        return
    assert {c["align"] for c in cells} == {"left"}
    assert [c["text"] for c in cells if c["nowrap"] and c["lines"] != 1] == []
    assert any(c["lines"] > 1 for c in cells)  # the long name still wraps: the table keeps to the width
