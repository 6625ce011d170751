"""A heading stays on the page of what follows it; a heading's short sentence goes with it to its chart's page."""

import pytest
from bs4 import BeautifulSoup

from reportbuild.publish.render import KEEP_WITH_NEXT, LEAD_IN_MOST, keep_headings_with_next


def _kept(body: str) -> list[str]:
    main = BeautifulSoup(f"<main>{body}</main>", "html.parser").main
    keep_headings_with_next(main)
    return [box.get("id") for box in main.find_all(class_=KEEP_WITH_NEXT)]


CHART = '<div id="chart"><img src="x.png" alt="图"></div>'


@pytest.mark.parametrize(
    "after_heading, kept",
    [
        ('<div id="lead"><p>2022年，某市城市低保标准相当于某省平均的102.7%。</p></div>' + CHART, ["h", "lead"]),
        (f'<div id="lead"><p>{"很长的一段话" * (LEAD_IN_MOST // 5)}</p></div>' + CHART, ["h"]),
        ('<div id="lead"><p>一句话。</p></div><div id="t"><table><tr><td>1</td></tr></table></div>', ["h"]),
        (CHART, ["h"]),
    ],
    ids=["short sentence then chart", "long paragraph", "sentence then table", "chart at once"],
)
def test_a_heading_and_its_short_sentence_stay_with_the_chart(after_heading, kept):
    assert _kept(f'<div id="h"><h3>城市低保标准</h3></div>{after_heading}') == kept


def test_a_title_and_a_full_date_never_break_inside_a_table_cell():
    from helpers.page.display import _cell

    cell = _cell("《某市日报》，2022年9月23日；某县民政局")
    assert '<span class="period">《某市日报》</span>' in cell and '<span class="period">2022年9月23日</span>' in cell
    assert _cell("<b>《x》</b>").count("&lt;b&gt;") == 1  # escaped first: markup in data stays text
