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


def test_the_publication_drops_the_working_papers_rows_and_the_outputs_they_leave_empty():
    import pandas as pd

    from helpers.data.chapters import chapter
    from helpers.page import display
    from reportbuild.publish import book

    frame = pd.DataFrame({"指标": ["某设施", "某设施"], "数值": ["6家", "6个"]})
    rows = display.table_html(frame, working_rows=[1])
    empty = f'<div class="jp-OutputArea-child"><div class="{display.WORKPAPERS_CLASS}"><p>只给核对者。</p></div></div>'
    page = f"<main><h2>与全国比较</h2>{empty}<div class='jp-OutputArea-child'>{rows}</div></main>"
    any_chapter = chapter("social_assistance")
    publication, _ = book.chapter_body(any_chapter, page, kind=book.PUBLICATION)
    papers, _ = book.chapter_body(any_chapter, page, kind=book.WORKPAPERS)
    assert "6个" not in publication.get_text() and "6家" in publication.get_text()
    assert len(publication.select(".jp-OutputArea-child")) == 1  # the emptied output is gone, no blank lines
    assert "6个" in papers.get_text() and "只给核对者" in papers.get_text()
