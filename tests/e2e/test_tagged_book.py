"""The built reports are tagged PDF: the book (and each chapter) reads as Chinese (zh-CN), its headings and tables are
in the structure tree, and every chart is a Figure carrying the Chinese alt text its <img> has in the HTML."""

import html
import re
from collections import Counter

import pytest

from pages import as_shown
from unit.test_tagged_pdf import descendants, figures, roles, structure

pytestmark = pytest.mark.e2e

HAN = re.compile(r"[\u4e00-\u9fff]")


def image_alts(page: str) -> list[str]:
    """The alt text of every <img> of a report's HTML, in order."""
    return [html.unescape(alt) for alt in re.findall(r"<img\b[^>]*?\salt=\"([^\"]*)\"", page)]


def test_the_book_is_tagged_with_its_headings_tables_and_every_chart_as_a_figure_with_chinese_alt_text(built):
    page = (built / "book.html").read_text(encoding="utf-8")
    catalog, elements = structure(built / "book.pdf")
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert str(catalog["/Lang"]) == "zh-CN"
    assert b'pdfuaid:part="1"' in catalog["/Metadata"].get_object().get_data()

    found = roles(elements)
    assert found["/H1"] >= 1 and found["/H2"] >= 1

    charts = image_alts(page)
    assert charts, "the book has no chart"
    alts = figures(elements)
    assert all(alt and HAN.search(alt) for alt in alts), [alt for alt in alts if not HAN.search(alt)]
    assert Counter(alts) == Counter(charts)  # one Figure per chart, with the alt text the HTML gives it

    tables = page.count("<table")
    # a table running over pages is one Table per page, each with its rows and cells (a caption the layout leaves at
    # the foot of a page, its table on the next, is a Table of the caption alone: left to the stylesheet)
    with_rows = 0
    for table in (element for element in elements if element["/S"] == "/Table"):
        inside = roles(descendants(table))
        if set(inside) <= {"/Caption", "/Span", "/P", "/NonStruct"}:
            assert inside["/Caption"] == 1, dict(inside)
            continue
        assert inside["/TR"] >= 1 and inside["/TH"] + inside["/TD"] >= inside["/TR"], dict(inside)
        with_rows += 1
    assert with_rows >= tables > 0
    assert found["/TH"] >= 1 and found["/TD"] >= 1


def test_every_chapter_pdf_is_tagged_in_chinese_with_its_charts_as_figures(built):
    chapters = sorted(pdf for pdf in built.glob("*.pdf") if pdf.name != "book.pdf")
    assert chapters
    for pdf in chapters:
        catalog, elements = structure(pdf)
        assert catalog["/MarkInfo"]["/Marked"].value is True, pdf.name
        assert str(catalog["/Lang"]) == "zh-CN", pdf.name
        assert roles(elements)["/H1"] >= 1, pdf.name
        charts = image_alts(as_shown(pdf.with_suffix(".html").read_text(encoding="utf-8")))
        assert Counter(figures(elements)) == Counter(charts), pdf.name
