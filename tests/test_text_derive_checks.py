import pandas as pd
import pytest

from helpers.model import derive
from helpers.model.checks import run_checks
from helpers.wording import text


def _change(region, indicator, scope):
    found = derive.changes(region.facts)
    return found[(found["indicator"] == indicator) & (found["scope"] == scope)].iloc[0]


def test_changes_compute_change_growth_and_cagr(jinzhong):
    urban = _change(jinzhong, "dibao_standard", "urban")
    assert (urban["first"], urban["last"], urban["change"], urban["years"]) == (323, 645, 322, 10)
    assert urban["pct_change"] == pytest.approx(99.69, abs=0.01)
    assert urban["cagr"] == pytest.approx(((645 / 323) ** 0.1 - 1) * 100)


def test_changes_with_unknown_years_have_no_cagr(jinzhong):
    villages = _change(jinzhong, "administrative_villages", "all")
    assert villages["change"] == 1942 - 2747
    assert pd.isna(villages["cagr"]) and "不计算年均增长" in text.change_sentence(villages)
    assert "减少到" in text.change_sentence(villages) and "−29.3%" in text.change_sentence(villages)


def test_change_sentence_is_built_from_data(jinzhong):
    urban = _change(jinzhong, "dibao_standard", "urban")
    assert text.change_sentence(urban).startswith("城市低保标准由2012年的323元/人/月提高到2022年的645元/人/月")
    assert "+99.7%" in text.change_sentence(urban) and "10年间年均增长7.2%" in text.change_sentence(urban)
    assert text.change_sentence(urban, continued=True).startswith("同期，城市低保标准由323元/人/月提高到645元/人/月")


def test_figures_are_said_by_kind_and_period(jinzhong):
    facts = jinzhong.chapter_facts("social_assistance")
    said = text.figure_sentences(facts, "晋中市")
    assert said[0] == "2012年，晋中市城市和农村低保标准分别为323元/人/月和1,829元/人/年。"
    assert "共有城乡低保对象48,713户、73,602人，城乡特困人员16,460人" in said[1] and "晋中市" not in said[1]
    assert "全市启动社会救助和保障标准与物价上涨联动机制18次、发放价格临时补贴193.6万人次（历年累计" in "".join(said)
    assert text.figure_sentence(jinzhong.facts.loc["elderly_institutions_now"], "晋中市") == (
        "截至2022年9月，全市共有各类养老机构109家。"
    )


def test_a_restatement_is_not_a_change(jinzhong):
    """The same facilities stated twice for one period (6家, 6个) are not a before→after change."""
    assert "large_community_facilities" not in set(derive.changes(jinzhong.facts)["indicator"])


def test_relations_give_rural_share_of_urban_after_unit_conversion(jinzhong):
    from helpers.model import relations

    found = relations.compute(jinzhong.facts, jinzhong.relations)
    shares = found[found["relation_id"] == "rural_to_urban_dibao"].set_index("year")["value"]
    assert shares.loc[2012] == pytest.approx(1829 / 12 / 323 * 100)
    assert shares.loc[2022] == pytest.approx(6200 / 12 / 645 * 100)


def test_relations_money_persons_per_household_and_sums(jinzhong):
    from helpers.model import relations

    found = relations.compute(jinzhong.facts, jinzhong.relations).set_index("relation_id")
    assert found.loc["funds_spent_to_raised", "value"] == pytest.approx(39.28 / 38.86 * 100)
    assert "平均每户保障1.51人" in text.relation_sentence(found.loc["dibao_persons_per_household"])
    assert found.loc["community_social_orgs_urban_rural", "value"] == 217 + 656
    assert "城市和农村社区社会组织分别为217个和656个，合计873个，城市占24.9%、农村占75.1%" in text.relation_sentence(
        found.loc["community_social_orgs_urban_rural"]
    )
    assert "村儿童主任2,170名是乡镇儿童督导员150名的14.5倍" in text.relation_sentence(
        found.loc["child_directors_per_supervisor"]
    )


@pytest.mark.parametrize(
    "obs_id, label",
    [
        ("dibao_std_urban_2012", "2012年"),
        ("dibao_households_now", "截至2022年9月"),
        ("funds_raised_since_2012", "2012年至2022年9月"),
        ("campaign_funds_raised", "脱贫攻坚期内五年，起止年份未载明"),
        ("township_divisions_after", "2021年"),
    ],
)
def test_period_labels_never_guess(jinzhong, obs_id, label):
    assert text.period_label(jinzhong.facts.loc[obs_id]) == label


def test_checks_confirm_the_articles_percentages(jinzhong):
    checks = run_checks(jinzhong.facts, jinzhong.checks).set_index("check_id")
    assert checks.loc["dibao_growth_urban", "agrees"] and checks.loc["dibao_growth_rural", "agrees"]
    assert checks.loc["dibao_raise_years", "agrees"] and checks.loc["large_facilities_restated", "agrees"]


def test_checks_flag_a_share_no_whole_count_can_give(jinzhong):
    share = run_checks(jinzhong.facts, jinzhong.checks).set_index("check_id").loc["pilot_share_whole_count"]
    assert not share["agrees"] and share["verdict"] == "不一致"
    assert "10/15 = 66.7%" in share["working"] and "11/15 = 73.3%" in share["working"]
    assert text.check_sentence(share) == (
        "原文称“70%”（15个新增设施中交由社会力量运营的比例能否恰为70%），而15 × 70% = 10.5，10/15 = 66.7%，"
        "11/15 = 73.3%，没有一个整数个数恰好占70%；原文的比例可能是约数。"
    )


def test_checks_of_one_chapter(jinzhong):
    assert set(run_checks(jinzhong.facts, jinzhong.checks, "social_assistance")["check_id"]) == {
        "dibao_growth_urban",
        "dibao_growth_rural",
        "dibao_raise_years",
    }
