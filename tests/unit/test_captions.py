"""Captions and titles by rule (helpers.wording.captions): a chart's caption says what it shows, its title states a
finding built from the figures, a table is titled by its content; and a chart shows more than its table."""

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")

from helpers.page import charts, display
from helpers.wording import captions, style


@pytest.fixture(autouse=True)
def own_chart_settings():
    with matplotlib.rc_context():
        yield


@pytest.mark.parametrize(
    "first, last, kind, words",
    [
        (323, 645, style.STANDARD, "提高近一倍"),
        (100, 200, style.STANDARD, "提高一倍"),
        (100, 130, style.COUNT, "增加三成"),
        (100, 134.4, style.COUNT, "增加三成多"),
        (2747, 1942, style.COUNT, "减少近三成"),
        (100, 148, style.COUNT, "增加近一半"),
        (1829, 6200, style.STANDARD, "提高到原来的3.4倍"),
        (100, 101, style.COUNT, "基本持平"),
        (100, 95, style.RATE, "小幅下降"),
        (100, 5, style.COUNT, "减少九成以上"),
        (0, 5, style.COUNT, ""),
    ],
)
def test_a_change_is_said_by_its_size(first, last, kind, words):
    assert captions.change_words(first, last, kind) == words


def test_a_chart_title_states_the_change_over_its_span():
    assert captions.change_title("城市低保标准", 2012, 2022, 323, 645, style.STANDARD) == "城市低保标准十年提高近一倍"
    assert captions.change_title("社区数量", 2015, 2020, 100, 130, style.COUNT) == "社区数量2015—2020年增加三成"
    assert captions.change_title("社区数量", None, 2020, 100, 130, style.COUNT) == ""  # no span, no finding


def test_a_place_is_said_against_the_others_at_one_year():
    title = captions.against_title("城市低保标准", 2022, {"甲省": 600.0, "全国": 700.0}, 645.0)
    assert title == "2022年城市低保标准高于甲省、低于全国"
    assert captions.against_title("标准", 2022, {"甲省": 640.0}, 645.0) == "2022年标准与甲省相当"
    assert captions.against_title("标准", 2022, {}, 645.0) == ""


def test_names_are_shortened_and_joined():
    assert (
        captions.short_names(["城市低保标准", "农村低保标准", "城市低保标准", "保障人数"]) == "城乡低保标准与保障人数"
    )
    many = captions.short_names([f"很长的指标名称{n}号" for n in range(6)])
    assert many.endswith("等6项") and len(many) <= captions.TITLE_LENGTH + 4


def test_years_are_listed_or_spanned():
    assert captions.years_words([2012, 2022, 2012]) == "2012、2022年"
    assert captions.years_words([2012, 2015, 2022]) == "2012—2022年"
    assert captions.years_words([None]) == ""
    assert captions.years_in(["2012年 323元/人/月", "截至2022年9月", "年份未载明"]) == [2012, 2022]


def test_a_table_is_titled_by_its_content_not_its_section():
    frame = pd.DataFrame(
        {
            "指标": ["低保标准", "低保标准", "低保对象人数"],
            "范围": ["城市", "农村", "全部"],
            "时期": ["2012年", "截至2022年9月", "截至2022年9月"],
            "数值": ["323元/人/月", "6,200元/人/年", "73,602人"],
        }
    )
    assert display.content_title(frame) == "城乡低保标准与低保对象人数（2012、2022年）"
    changes = pd.DataFrame(
        {"指标": ["社区数量"], "起点": ["年份未载明 189个"], "终点": ["2022年 254个"], "变化率": ["+34.4%"]}
    )
    assert display.content_title(changes) == "社区数量的变化（2022年）"
    events = pd.DataFrame({"时间": ["2013年", "2020年5月", "年份未载明"], "事项": ["甲", "乙", "丙"]})
    assert display.content_title(events) == "大事与制度建设（2013、2020年，3项）"


def test_period_cells_and_short_cells_keep_together():
    """A period never breaks ('截至2022年9月'), nor a cell of a few characters in a narrow column ('城市低保标准')."""
    html = display.table_html(
        pd.DataFrame(
            {
                "时期": ["年份未载明", "截至2022年9月"],
                "起点": ["年份未载明 135个", "—"],
                "指标": ["城市低保标准", "x" * 9],
            }
        )
    )
    assert '<td class="nowrap">年份未载明</td>' in html and '<td class="period">截至2022年9月</td>' in html
    assert '<span class="period">年份未载明</span> 135个' in html
    assert '<td class="nowrap">城市低保标准</td>' in html and f"<td>{'x' * 9}</td>" in html


def test_a_tables_period_cells_say_an_unstated_year_once_in_its_note():
    from helpers.wording import style

    assert style.period_cell("提高后的标准，年份未载明") == "提高后的标准"
    assert (
        style.period_cell("年份未载明") == "—" and style.period_cell("发布会所述，年份未在引文中载明") == "发布会所述"
    )
    assert style.period_cell("截至2022年9月") == "截至2022年9月"
    shown, yearless = display._periods_shown(pd.DataFrame({"时期": ["年份未载明", "2022年"], "数值": ["1", "2"]}))
    assert list(shown["时期"]) == ["—", "2022年"] and yearless


def test_a_figure_caption_has_words_after_its_number(monkeypatch):
    shown = []
    monkeypatch.setattr(display, "_show", shown.append)
    display.start_numbering(2, "")
    display.figure_caption("城乡低保标准（2012—2022年）")
    assert '<p class="figure-caption">图2-1　城乡低保标准（2012—2022年）</p>' in shown[0]


def _series(points: int) -> pd.DataFrame:
    years = list(range(2012, 2012 + points))
    return pd.DataFrame({"甲": [300.0 + 10 * n for n in range(points)]}, index=years).reindex(range(2012, 2023))


def test_a_chart_of_fewer_than_three_values_does_not_earn_its_place():
    charts.use_report_theme()
    assert not charts.earns_place(
        charts.grouped_bars.figure(["城市", "农村"], {"标准": [1, 2]}, title="t", ylabel="元")
    )
    assert charts.earns_place(
        charts.grouped_bars.figure(["甲", "乙", "丙"], {"人数": [1, 2, 3]}, title="t", ylabel="人")
    )
    assert not charts.earns_place(charts.year_series.figure(_series(2), title="t", ylabel="元"))
    assert charts.earns_place(charts.year_series.figure(_series(3), title="t", ylabel="元"))
    two_places = pd.DataFrame({"甲市": [1.0, 2.0], "全国": [1.5, None]}, index=[2012, 2013])
    assert charts.earns_place(charts.year_series.figure(two_places, title="t", ylabel="元", places=True))
    matplotlib.pyplot.close("all")


def test_a_small_chart_shows_no_text_below_nine_pixels_on_a_phone():
    charts.use_report_theme()
    wide = pd.DataFrame(
        {"甲市": [300.0, 400.0, 645.0], "乙省": [310.0, 420.0, 628.0], "全国": [330.1, 450.0, 706.6]},
        index=[2012, 2016, 2022],
    ).reindex(range(2012, 2023))
    figures = [
        charts.year_series.figure(
            wide, title="2022年城市低保标准低于全国", ylabel="元/人/月", note="只画有数据的年份。"
        ),
        charts.hbars.figure(["甲类机构", "乙类设施", "丙类平台"], [109, 825, 1], title="机构与设施", xlabel="个"),
        charts.small_multiples.figure([(n, wide[n]) for n in wide], title="逐年数值", ylabel="元/人/月"),
    ]
    for fig in figures:
        assert charts.smallest_text_px(fig) >= 8.5, fig
    matplotlib.pyplot.close("all")


def test_value_labels_keep_the_source_precision():
    assert charts.value_label(37.66, "37.66") == "37.66"
    assert charts.value_label(3007.2, "3007.20元") == "3,007.20"
    assert charts.value_label(645.0, "645元/人/月") == "645"
    assert charts.value_label(706.6) == "706.6"


def test_ends_of_series_are_labelled_without_touching():
    charts.use_report_theme()
    wide = pd.DataFrame({"甲市": [300.0, 645.0], "乙省": [310.0, 628.0], "全国": [330.0, 650.0]}, index=[2012, 2022])
    fig = charts.year_series.figure(wide.reindex(range(2012, 2023)), title="t", ylabel="元", places=True)
    ax = fig.axes[0]
    fig.canvas.draw()
    boxes = [t.get_window_extent() for t in ax.texts]
    assert len(boxes) == 3
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    legend = ax.get_legend().get_window_extent()
    assert legend.y1 <= ax.get_window_extent().y0  # below the plot, never over a point
    matplotlib.pyplot.close("all")
