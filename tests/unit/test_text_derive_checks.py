"""Changes, growth rates, relations, period labels and checks, and the sentences built from them, on the fixture
region model_city (tests/fixture_regions.py): invented round figures in the shapes of a decade review."""

import pandas as pd
import pytest

from helpers.model import derive, relations
from helpers.wording import text, verdicts


def _change(region, indicator, scope):
    found = derive.changes(region.facts)
    return found[(found["indicator"] == indicator) & (found["scope"] == scope)].iloc[0]


def test_changes_compute_change_growth_and_cagr(city):
    urban = _change(city, "dibao_standard", "urban")
    assert (urban["first"], urban["last"], urban["change"], urban["years"]) == (300, 650, 350, 10)
    assert urban["pct_change"] == pytest.approx(350 / 300 * 100)
    assert urban["cagr"] == pytest.approx(((650 / 300) ** 0.1 - 1) * 100)


def test_changes_with_unknown_years_have_no_cagr(city):
    villages = _change(city, "administrative_villages", "all")
    assert villages["change"] == 1500 - 2000
    assert pd.isna(villages["cagr"]) and "年均" not in text.change_sentence(villages)  # the reason: working papers
    assert text.no_growth_notes(villages.to_frame().T) == ["未计算年均增长：行政村数（起止年份未全部载明）。"]
    assert "减少到" in text.change_sentence(villages) and "−25.0%" in text.change_sentence(villages)


def test_change_sentence_is_built_from_data(city):
    urban = _change(city, "dibao_standard", "urban")
    assert text.change_sentence(urban).startswith("城市低保标准由2012年的300元/人/月提高到2022年的650元/人/月")
    assert "+116.7%" in text.change_sentence(urban) and "10年间年均增长8.0%" in text.change_sentence(urban)
    assert text.change_sentence(urban, continued=True).startswith("同期，城市低保标准由300元/人/月提高到650元/人/月")


def test_figures_are_said_by_kind_and_period(city):
    """The review is dated 2022-10-15: “今年” and “目前” are 2022, said 截至2022年10月."""
    said = text.figure_sentences(city.chapter_facts("social_assistance"), "某市")
    assert said[0] == "2012年，某市城市和农村低保标准分别为300元/人/月和1,800元/人/年。"
    assert "共有城乡低保对象40,000户、60,000人，城乡特困人员15,000人" in said[1] and "某市" not in said[1]
    assert "全市启动社会救助和保障标准与物价上涨联动机制12次、发放价格临时补贴100.5万人次（历年累计" in "".join(said)
    assert (
        text.figure_sentence(city.facts.loc["institutions_now"], "某市") == "截至2022年10月，全市共有各类养老机构80家。"
    )


@pytest.mark.parametrize("name", ["总人口", "常住人口", "户籍人口", "全面开工建设的县级殡仪馆", "新建城市社区养老设施"])
def test_a_name_of_the_whole_or_of_a_deed_never_follows_gongyou(city, name):
    """共有 counts what a region holds; a name of the whole (总人口, 常住人口) or of what was done (全面开工建设的…)
    is said without it."""
    fact = city.facts.loc["institutions_now"].copy()
    fact["term_zh"] = name
    assert text.figure_sentence(fact, "某市") == f"截至2022年10月，全市{name}80家。"


def test_a_restatement_is_not_a_change(city):
    """The same facilities stated twice for one period (4家, 4个) are not a before→after change; the second is
    a restatement, said once."""
    assert "large_community_facilities" not in set(derive.changes(city.facts)["indicator"])
    assert derive.restatements(city.facts) == {"large_now"}
    another_year = city.facts.copy()
    another_year.loc[another_year["obs_id"] == "large_now", "year"] = 2023
    assert derive.restatements(another_year) == set()


def test_relations_give_rural_share_of_urban_after_unit_conversion(city):
    found = relations.compute(city.facts, city.relations)
    shares = found[found["relation_id"] == "rural_to_urban_dibao"].set_index("year")["value"]
    assert shares.loc[2012] == pytest.approx(1800 / 12 / 300 * 100)  # 50%
    assert shares.loc[2022] == pytest.approx(6000 / 12 / 650 * 100)


def test_relations_money_persons_per_household_and_sums(city):
    found = relations.compute(city.facts, city.relations).set_index("relation_id")
    assert found.loc["funds_spent_to_raised", "value"] == pytest.approx(33.8 / 32.5 * 100)
    assert "平均每户保障1.5人" in text.relation_sentence(found.loc["dibao_persons_per_household"])
    assert found.loc["community_social_orgs_urban_rural", "value"] == 300 + 500
    assert "城市和农村社区社会组织分别为300个和500个，合计800个，城市占37.5%、农村占62.5%" in text.relation_sentence(
        found.loc["community_social_orgs_urban_rural"]
    )
    assert "村儿童主任1,860名是乡镇儿童督导员120名的15.5倍" in text.relation_sentence(
        found.loc["child_directors_per_supervisor"]
    )


@pytest.mark.parametrize(
    "obs_id, label",
    [
        ("std_urban_2012", "2012年"),
        ("households_now", "截至2022年10月"),
        ("funds_raised", "2012年至2022年10月"),
        ("campaign_raised", "脱贫攻坚期内五年，起止年份未载明"),
        ("townships_after", "2021年"),
    ],
)
def test_period_labels_never_guess(city, obs_id, label):
    assert text.period_label(city.facts.loc[obs_id]) == label


def test_checks_confirm_percentages_years_and_a_restated_figure(city):
    checks = verdicts.checked(city.facts, city.checks).set_index("check_id")
    assert checks.loc["growth_urban", "agrees"] and checks.loc["growth_rural", "agrees"]  # 116.7%, 233.3%
    assert checks.loc["raise_years", "agrees"] and checks.loc["large_restated", "agrees"]  # 十年; 4家 = 4个


def test_checks_flag_a_share_no_whole_count_can_give(city):
    share = verdicts.checked(city.facts, city.checks).set_index("check_id").loc["pilot_share_whole_count"]
    assert not share["agrees"] and share["verdict_zh"] == "不一致"
    assert "7/12 = 58.3%" in share["working"] and "8/12 = 66.7%" in share["working"]
    assert share["sentence"] == (
        "原文称“60%”（12个新增设施中交由社会力量运营的比例能否恰为60%），而12 × 60% = 7.2，7/12 = 58.3%，"
        "8/12 = 66.7%，没有一个整数个数恰好占60%；原文的比例可能是约数。"
    )


def test_checks_of_one_chapter(city):
    assert set(verdicts.checked(city.facts, city.checks, "social_assistance")["check_id"]) == {
        "growth_urban",
        "growth_rural",
        "raise_years",
    }


@pytest.mark.parametrize(
    "year, month, quote, said",
    [
        (2012, None, "2012年以来,围绕加快推行火葬", "2012年以来"),
        (2017, None, "2017年始,全市农村低保保障标准超过国家扶贫标准", "2017年起"),
        (2019, 3, "2019年3月起施行", "2019年3月起"),
        (2017, None, "市殡仪馆迁建2017年建成投入运营", "2017年"),
        (None, None, "成立未成年人保护工作委员会", "年份未载明"),
    ],
)
def test_an_event_is_dated_no_more_exactly_than_its_source(year, month, quote, said):
    event = pd.Series({"year": year, "month": month, "quote": quote})
    assert text.event_time(event) == said
