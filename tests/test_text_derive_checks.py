import pandas as pd
import pytest

from helpers import derive, text
from helpers.checks import run_checks


def test_pairs_compute_change_growth_and_cagr(jinzhong):
    pairs = derive.pairs(jinzhong.facts, ["dibao_standard"]).set_index("scope")
    urban = pairs.loc["urban"]
    assert (urban["before"], urban["after"], urban["change"], urban["years"]) == (323, 645, 322, 10)
    assert urban["pct_change"] == pytest.approx(99.69, abs=0.01)
    assert urban["cagr"] == pytest.approx(((645 / 323) ** 0.1 - 1) * 100)


def test_pairs_with_unknown_years_have_no_cagr(jinzhong):
    villages = derive.pairs(jinzhong.facts, ["administrative_villages"]).iloc[0]
    assert villages["change"] == 1942 - 2747
    assert pd.isna(villages["cagr"]) and villages["years"] is None
    assert "不计算年均变化" in text.pair_sentence(villages)
    assert "减少至" in text.pair_sentence(villages)


def test_pair_sentence_is_built_from_data(jinzhong):
    pairs = derive.pairs(jinzhong.facts, ["dibao_standard"])
    urban = pairs[pairs["scope"] == "urban"].iloc[0]
    assert text.pair_sentence(urban).startswith("城市低保标准由2012年的323元/人/月提高到2022年的645元/人/月")
    assert "+99.7%" in text.pair_sentence(urban) and "年均增长7.2%" in text.pair_sentence(urban)


def test_rural_standard_as_monthly_share_of_urban(jinzhong):
    monthly = derive.monthly_comparison(jinzhong.facts, "dibao_standard", "rural", "urban").set_index("year")
    assert monthly.loc[2012, "numerator_month"] == pytest.approx(1829 / 12)
    assert monthly.loc[2022, "share"] == pytest.approx(6200 / 12 / 645 * 100)


@pytest.mark.parametrize("obs_id, label", [
    ("dibao_std_urban_2012", "2012年"), ("dibao_households_now", "截至2022年9月"),
    ("funds_raised_since_2012", "2012年至2022年9月"), ("campaign_funds_raised", "脱贫攻坚期内五年，起止年份未载明"),
    ("township_divisions_after", "2021年")])
def test_period_labels_never_guess(jinzhong, obs_id, label):
    assert text.period_label(jinzhong.facts.loc[obs_id]) == label


def test_flows_and_their_sentence(jinzhong):
    flow = derive.flows(jinzhong.facts, raised="assistance_funds_raised", spent="assistance_funds_spent").iloc[0]
    assert flow["balance"] == pytest.approx(0.42)
    assert "支出多于筹集0.42亿元" in text.flow_sentence(flow)
    assert derive.flows(jinzhong.facts, raised="no_such", spent="assistance_funds_spent").empty


def test_checks_confirm_the_articles_percentages(jinzhong):
    checks = run_checks(jinzhong.facts, jinzhong.checks).set_index("check_id")
    assert checks.loc["dibao_growth_urban", "agrees"] and checks.loc["dibao_growth_rural", "agrees"]
    assert checks.loc["dibao_raise_years", "agrees"] and checks.loc["large_facilities_restated", "agrees"]


def test_checks_flag_a_share_no_whole_count_can_give(jinzhong):
    share = run_checks(jinzhong.facts, jinzhong.checks).set_index("check_id").loc["pilot_share_whole_count"]
    assert not share["agrees"] and share["verdict"] == "不一致"
    assert "10/15 = 66.7%" in share["working"] and "11/15 = 73.3%" in share["working"]


def test_checks_of_one_chapter(jinzhong):
    assert set(run_checks(jinzhong.facts, jinzhong.checks, "social_assistance")["check_id"]) == \
        {"dibao_growth_urban", "dibao_growth_rural", "dibao_raise_years"}


def test_per_household(jinzhong):
    assert text.per_household_sentences(jinzhong.facts, "dibao_recipients", "dibao_households") == \
        ["按城乡低保对象人数与城乡低保对象户数计算，平均每户1.51人。"]
    assert text.per_household_sentences(jinzhong.facts, "nothing", "dibao_households") == []


def test_a_yearly_series_is_found_and_two_end_points_are_not(jinzhong):
    assert derive.yearly_series(jinzhong.facts) == []  # Jinzhong has two end points only
    facts = jinzhong.facts[jinzhong.facts["indicator"] == "dibao_standard"].copy()
    urban = facts[facts["scope"] == "urban"].iloc[[0]]
    extra = pd.concat([urban.assign(year=y, value=v, obs_id=f"u{y}") for y, v in ((2015, 400), (2018, 500))])
    found = derive.yearly_series(pd.concat([facts, extra]))
    assert len(found) == 1 and list(found[0][1]["year"]) == [2012, 2015, 2018, 2022]
