"""The house style (src/helpers/wording/style.py) in every built report's visible text, every region's reports."""

from helpers.wording import style


def _visible_lines(html: str) -> str:
    """A report's visible text, one element's text a line (table cells apart), without styles and title."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["style", "script", "title"]):
        hidden.decompose()
    return soup.get_text("\n")


def test_no_built_report_breaks_the_house_style(every_region):
    reports = sorted(every_region.glob("*/*/*.html"))
    assert len(reports) > 20
    found = [
        f"{r.relative_to(every_region)}: {p}"
        for r in reports
        for p in style.problems(_visible_lines(r.read_text("utf-8")))
    ]
    assert not found, "\n".join(found[:30])
