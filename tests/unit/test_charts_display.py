import warnings

import matplotlib
import pytest

matplotlib.use("Agg")

from helpers.page import charts, display


@pytest.fixture(autouse=True)
def own_chart_settings():
    """The report theme changes matplotlib's global settings: give them back after each test."""
    with matplotlib.rc_context():
        yield


def test_theme_uses_a_real_cjk_font():
    family = charts.use_report_theme()
    assert matplotlib.rcParams["font.family"][0] == family
    assert charts.cjk_font_path().exists()


def test_tofu_is_an_error():
    charts.use_report_theme()
    fig = charts.grouped_bars.figure(["城市", "农村"], {"人数": [1, 2]}, title="保障人数", ylabel="人")
    fig.canvas.draw()  # Chinese glyphs exist: no warning, no error
    matplotlib.rcParams["font.family"] = ["DejaVu Sans"]
    with pytest.raises(UserWarning, match="missing from font"):
        charts.grouped_bars.figure(["城市"], {"人数": [1]}, title="缺字", ylabel="人").canvas.draw()
    warnings.resetwarnings()


def test_tables_escape_data_strings():
    import pandas as pd

    html = display.table_html(pd.DataFrame({"指标": ["<script>alert(1)</script>"]}))
    assert "<script>" not in html and "&lt;script&gt;" in html


def _series_rows(sizes):
    """Change rows (as derive.changes gives them) of yearly series whose values are of the given sizes."""
    import pandas as pd

    rows = []
    for n, size in enumerate(sizes):
        years = list(range(2005, 2022))
        values = pd.DataFrame(
            {"year": years, "base_value": [size * (1 + i / 20) for i in range(len(years))], "scale": 1.0}
        )
        rows.append({"label": f"指标{n}", "unit": "人", "values": values})
    return pd.DataFrame(rows)


@pytest.mark.parametrize("sizes, panels", [([100, 300], 1), ([100, 100_000], 2), ([10] * 12, 8)])
def test_series_of_any_size_or_number_stay_readable(sizes, panels):
    """Alike series share one chart; very different sizes or many series get small multiples (at most 8), and every
    chart keeps the page width."""
    from unittest import mock

    from helpers.page import sections

    charts.use_report_theme()
    shown = []
    with mock.patch.object(charts, "_show", shown.append):
        sections._series_chart(_series_rows(sizes), 2005, 2021)
    (fig,) = shown
    drawn = [ax for ax in fig.axes if ax.lines]
    assert len(drawn) == panels
    assert fig.get_size_inches()[0] <= charts.FIGURE_WIDTH
    assert all(len(ax.get_xticks()) <= 13 for ax in drawn)  # 17 years never crowd the axis
    matplotlib.pyplot.close(fig)


def test_dollar_signs_in_labels_are_text_not_mathematics():
    charts.use_report_theme()
    fig = charts.grouped_bars.figure([r"$\bad$ 城市"], {"人数": [1]}, title=r"$\bad$", ylabel="人")
    fig.canvas.draw()  # would raise a mathtext ParseError if '$…$' were parsed
    matplotlib.pyplot.close(fig)


def test_a_timeline_of_fifty_thousand_events_stays_one_page_with_every_year_in_it():
    import pandas as pd

    years = [2012 + n % 11 for n in range(50_000)]
    events = pd.DataFrame(
        {"year": years, "month": [None] * len(years), "event_zh": [f"事项{n}" for n in range(50_000)]}
    )
    charts.use_report_theme()
    fig = charts.timeline.figure(events.astype({"year": "Int64", "month": "Int64"}), title="大事")
    assert fig.get_size_inches()[1] <= charts.TIMELINE_MAX_INCHES  # one page, not 14,000 inches
    drawn = [t.get_text() for t in fig.axes[0].texts]
    assert {f"{y}年" for y in range(2012, 2023)} <= set(drawn)
    assert sum(t.startswith("事项") for t in drawn) == charts.TIMELINE_LIMIT
    assert fig.axes[0].get_title(loc="left") == f"大事（共50,000项，图中列出{charts.TIMELINE_LIMIT}项）"
    matplotlib.pyplot.close(fig)


def test_a_timeline_of_long_events_draws_as_many_as_fit_on_a_page():
    import pandas as pd

    events = pd.DataFrame(
        {"year": [2012 + n for n in range(11)] * 3, "month": [None] * 33, "event_zh": ["长" * 100] * 33}
    )
    charts.use_report_theme()
    fig = charts.timeline.figure(events.astype({"year": "Int64", "month": "Int64"}), title="大事")
    shown = sum(t.get_text().startswith("长") for t in fig.axes[0].texts)
    assert fig.get_size_inches()[1] <= charts.TIMELINE_MAX_INCHES and 5 < shown < 33
    assert fig.axes[0].get_title(loc="left") == f"大事（共33项，图中列出{shown}项）"
    matplotlib.pyplot.close(fig)


def test_alt_text_says_what_each_chart_shows_from_its_data():
    charts.use_report_theme()
    bars = charts.grouped_bars.figure(
        ["城市", "农村"], {"2012年": [323, 152], "2022年": [645, 517]}, title="标准", ylabel="元"
    )
    assert charts.alt_text(bars) == "标准。图例：2012年、2022年。图中共4个数值，从152到645元。"
    lying = charts.hbars.figure(["甲", "乙"], [16460, 73602], title="人数", xlabel="人")
    assert charts.alt_text(lying) == "人数。图中共2个数值，从16,460到73,602人。"  # bar lengths, not bar thickness
    matplotlib.pyplot.close("all")
