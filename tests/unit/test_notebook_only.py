"""A line for the analyst only (display.notebook_only): Jupyter shows it as one plain line; the build drops it, and
every other notebook-only output (Jupyter's table style), from the HTML, the PDF and the executed notebook."""

import nbformat
import pandas as pd
import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output
from traitlets.config import Config

from helpers.page import display, results
from reportbuild.publish import render

LINE = "本地区的数据中没有可与省、全国比较的数字，此节从略。"


@pytest.fixture
def shell(tmp_path, monkeypatch):
    """An IPython shell, as in a Jupyter kernel: display() publishes MIME bundles (captured below); removed after."""
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    shell = InteractiveShell.instance(config=Config({"HistoryManager": {"enabled": False}}))
    yield shell
    InteractiveShell.clear_instance()


def _outputs(captured) -> list[nbformat.NotebookNode]:
    return [nbformat.v4.new_output("display_data", data=o.data, metadata=o.metadata) for o in captured.outputs]


def test_jupyter_gets_one_plain_line_and_the_marker(shell):
    with capture_output() as captured:
        display.notebook_only(LINE)
        display.notebook_only("两行\n合为一行")
    first, second = (o.data for o in captured.outputs)
    assert first == {"text/plain": LINE, display.NOTEBOOK_ONLY: {"message": LINE}}
    assert second["text/plain"] == "两行 合为一行"


def _notebook(*cells_outputs) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("sections.key_figures(ch)", outputs=list(o)) for o in cells_outputs]
    return nb


def test_the_report_has_none_of_it_and_is_the_same_page_without_it(shell):
    """A chapter's cell output as the build gets it (marked line, table style, a table, the results) → the page
    has the table and not the line nor the style, byte for byte the page of the same notebook without them."""
    frame = pd.DataFrame({"时期": ["2012年"], "数值": ["323元/人/月"]})
    with capture_output() as captured:
        display.start_numbering(2, "某市日报，2022-09-23")
        display.notebook_only(LINE)
        display.table(frame, "关键数字")
    marked, style, table = _outputs(captured)
    assert display.NOTEBOOK_ONLY in style.data and "<style>" in style.data["text/html"]
    published = nbformat.v4.new_output("display_data", data={results.MIME: {"chapter": "x"}, "text/plain": "已记录"})

    cleaned = render.clean_notebook(_notebook([marked, style, table], [published]))
    html = render.to_html(cleaned, "某市民政工作十年 · 社会救助")

    assert LINE not in html and "从略" not in html and display.NOTEBOOK_ONLY not in html
    assert "table.report-table :is(th, td)" not in html  # the style Jupyter gets is not the report's
    assert "表2-1　关键数字" in html and "323元/人/月" in html
    assert cleaned.cells[0].outputs == [table]
    assert cleaned.cells[1].outputs == [published] and cleaned.cells[1].metadata["tags"] == ["results"]
    same_without = render.clean_notebook(_notebook([table], [published]))
    assert html == render.to_html(same_without, "某市民政工作十年 · 社会救助")


def test_the_executed_notebook_the_build_keeps_has_none_of_it(shell):
    with capture_output() as captured:
        display.notebook_only(LINE)
    cleaned = render.clean_notebook(_notebook(_outputs(captured)))
    assert cleaned.cells[0].outputs == [] and LINE not in nbformat.writes(cleaned)


def test_each_edition_shows_its_own_version_and_nothing_of_the_others(shell):
    """A part with a publication's version and a working papers' one: a working papers' note inside the
    publication's version reaches no edition (a gap note of the other version's years once leaked into the papers)."""
    with capture_output() as captured:
        with display.publication_only():
            display.paragraphs(["给读者的版本。"])
            with display.working_papers():
                display.note("只属于给读者的版本的说明。")
        with display.working_papers():
            display.paragraphs(["给核对者的版本。"])
    shown = [o.data["text/html"] for o in captured.outputs]
    assert len(shown) == 2
    assert display.PUBLICATION_CLASS in shown[0] and "给读者的版本" in shown[0]
    assert display.WORKPAPERS_CLASS in shown[1] and "给核对者的版本" in shown[1]
