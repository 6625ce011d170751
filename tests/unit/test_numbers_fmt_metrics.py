import math

import pytest

from helpers.base import metrics
from helpers.base.numbers import number_as_written, split_written
from helpers.wording import fmt


@pytest.mark.parametrize(
    "written, value",
    [
        ("323元/人/月", 323),
        ("38.86亿元", 38.86),
        ("4.6万", 4.6),
        ("193.6万人次", 193.6),
        ("99.7%", 99.7),
        ("十年", 10),
        ("两处", 2),
        ("十种", 10),
        ("五年", 5),
        ("十八", 18),
        ("1,702家", 1702),
    ],
)
def test_number_as_written(written, value):
    assert number_as_written(written) == value


@pytest.mark.parametrize(
    "written, parts",
    [
        ("99.7%", (99.7, "%")),
        ("十年", (10, "年")),
        ("1.2倍", (1.2, "倍")),
        ("6个", (6, "个")),
        ("全覆盖", (None, "全覆盖")),
    ],
)
def test_split_written(written, parts):
    assert split_written(written) == parts


def test_number_as_written_rejects_text_without_number():
    with pytest.raises(ValueError):
        number_as_written("全覆盖")


@pytest.mark.parametrize(
    "value, decimals, expected",
    [
        (73602, None, "73,602"),
        (1829.0, None, "1,829"),
        (4.6, None, "4.6"),
        (6.98, None, "6.98"),
        (99.6904, 1, "99.7"),
        (152.41666, 1, "152.4"),
        (0, None, "0"),
        (-805, None, "−805"),  # the minus sign, never the ASCII hyphen
        (470.0, 1, "470"),  # decimals are the most shown: no trailing zeros
        (2.675, 2, "2.68"),  # 四舍五入
    ],
)
def test_number(value, decimals, expected):
    assert fmt.number(value, decimals) == expected


@pytest.mark.parametrize(
    "value, expected", [(460000, "46万"), (3886000000, "38.86亿"), (1936000, "193.6万"), (73602, "73,602")]
)
def test_compact_uses_wan_and_yi(value, expected):
    assert fmt.compact(value) == expected


@pytest.mark.parametrize(
    "value, unit, expected",
    [
        (323, "元/人/月", "323元/人/月"),
        (38.86, "亿元", "38.86亿元"),
        (239, "%", "239%"),
        (99.7, "%", "99.7%"),
        (48713, "户", "48,713户"),
        (4.6, "万", "4.6万"),
        (10, "年", "10年"),
        (1.15, "百万人", "115万人"),
        (1720, "元/月/人", "1,720元/人/月"),
    ],
)
def test_with_unit_keeps_the_stated_unit(value, unit, expected):
    assert fmt.with_unit(value, unit) == expected


def test_signed_with_unit():
    assert fmt.signed_with_unit(0.42, "亿元") == "+0.42亿元"
    assert fmt.signed_with_unit(-805, "个") == "−805个"


def test_signed_percent():
    assert fmt.signed_percent(99.69) == "+99.7%"
    assert fmt.signed_percent(-29.3) == "−29.3%"
    assert fmt.signed_percent(239) == "+239.0%"  # a derived percentage: one decimal


def test_years_have_no_separator():
    assert fmt.year(2022) == "2022" and fmt.year_list([2011, 2012, 2013, 2016]) == "2011—2013、2016年"


def test_pct_change_and_cagr():
    assert metrics.pct_change(323, 645) == pytest.approx(99.6904, abs=1e-4)
    assert metrics.cagr(100, 200, 10) == pytest.approx((2**0.1 - 1) * 100)
    with pytest.raises(ZeroDivisionError):
        metrics.pct_change(0, 5)
    with pytest.raises(ValueError):
        metrics.cagr(100, 200, 0)


def test_month_year_conversion_round_trips():
    assert metrics.per_month(6200, "year") == pytest.approx(516.6667, abs=1e-4)
    assert metrics.per_month(645, "month") == 645
    assert metrics.per_year(metrics.per_month(1829, "year"), "month") == pytest.approx(1829)


def test_share_ratio_total():
    assert metrics.share(10, 15) == pytest.approx(66.6667, abs=1e-4)
    assert metrics.ratio(73602, 48713) == pytest.approx(1.5109, abs=1e-4)
    assert metrics.total([62, 10, 8, 35]) == 115


@pytest.mark.parametrize(
    "stated, computed, decimals, agrees",
    [(99.7, 99.6904, 1, True), (239, 238.98, 0, True), (70, 66.67, 0, False), (99.7, 99.64, 1, False)],
)
def test_agrees_to_rounding(stated, computed, decimals, agrees):
    assert metrics.agrees_to_rounding(stated, computed, decimals) is agrees


def test_decimals_of():
    assert metrics.decimals_of("99.7%") == 1
    assert metrics.decimals_of("239%") == 0
    assert math.isclose(metrics.decimals_of("38.86亿元"), 2)


def test_injected_parameters_read_as_chinese():
    from reportbuild.publish.render import readable_parameters

    source = '# Parameters\nregion = "\\u67d0\\u5e02"\nstart_year = 2012\n'
    assert readable_parameters(source) == "# Parameters\nregion = '某市'\nstart_year = 2012"


def test_a_gap_within_the_written_figures_rounding_says_nothing_of_which_is_higher():
    from helpers.wording import text

    assert text.points_apart(99.7 - 100, "99.7%", "100%") == "基本持平"
    assert text.points_apart(239 - 230, "239%", "230%") == "高9个百分点"
    assert text.points_apart(98.2 - 99.7, "98.2%", "99.7%") == "低1.5个百分点"
    assert text.points_apart(0.3, "99.7%", "99.4%") == "高0.3个百分点"  # both to one decimal: a real gap
