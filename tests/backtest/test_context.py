"""Back-tests of Jinzhong's comparisons: the context figures of data/context.csv (national, Shanxi and its
prefectures, from the research record) as the comparison logic combines them with the article's own figures."""

import math

import pytest

from helpers.model import context


def test_grade_c_is_never_comparable(jinzhong):
    assert (jinzhong.context["grade"] == "C").any()
    assert not (context.comparable(jinzhong)["grade"] == "C").any()


def _series(region, scope, unit):
    own = region.facts[(region.facts["indicator"] == "dibao_standard") & (region.facts["scope"] == scope)]
    rows = context.comparable(region)
    rows = rows[(rows["indicator"] == "dibao_standard") & (rows["scope"] == scope)]
    return context.series(region, own, rows, unit, 2012, 2022), own, rows


def test_series_keep_gaps_and_convert_units(jinzhong):
    rural, _, _ = _series(jinzhong, "rural", "元/人/年")
    wide = context.by_year(rural, 2012, 2022)
    assert list(wide.index) == list(range(2012, 2023))
    assert math.isnan(wide.loc[2018, "全国"]) and math.isnan(wide.loc[2013, "全国"])
    assert wide.loc[2022, "山西省"] == pytest.approx(496 * 12)  # the monthly provincial figure, per year
    assert wide.loc[2012, "晋中市"] == 1829  # the article's own figure comes first
    assert 2018 in context.missing_years(rural, 2012, 2022)["全国"]


def test_share_of_national(jinzhong):
    urban, _, _ = _series(jinzhong, "urban", "元/人/月")
    shares = context.shares(urban, "晋中市", "全国").set_index("year")
    assert shares.loc[2012, "share"] == pytest.approx(323 / 330.1 * 100)
    assert 2022 not in shares.index  # no national figure for 2022: no share, no guess


def test_prefecture_ranks(jinzhong):
    ranks = context.prefecture_ranks(jinzhong, context.comparable(jinzhong), "dibao_standard", "rural").set_index(
        "year"
    )
    assert list(ranks.index) == [2012, 2013, 2014]
    assert (ranks.loc[2012, "rank"], ranks.loc[2012, "of"], ranks.loc[2012, "highest"]) == (4, 11, "太原市")
    assert ranks.loc[2014, "rank"] == 5


def test_reconciliation_of_the_2012_rural_standard(jinzhong):
    _, own, rows = _series(jinzhong, "rural", "元/人/年")
    row = context.reconciliation(jinzhong, own, rows).iloc[0]
    assert (row["year"], row["article"], row["table"]) == (2012, 1829, 1814.67)
    assert row["difference"] == pytest.approx(14.33)


def test_context_follows_the_regions_own_province(jinzhong):
    """Another province's figures never enter a region's comparisons; a province has no peer prefectures."""
    import dataclasses

    info = jinzhong.info.copy()
    info["province_zh"] = "山东省"
    elsewhere = dataclasses.replace(jinzhong, info=info)
    shown = context.comparable(elsewhere)
    assert "山西省" not in set(shown["region_zh"]) and "太原市" not in set(shown["region_zh"])
    assert set(shown["region_zh"]) <= {"全国", "晋中市"}
