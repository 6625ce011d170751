"""Back-tests of the Jinzhong report against its source, the 晋中日报 decade review of 2022-09-23
(data/raw/jinzhong_daily_2022-09-23_minzheng_decade.txt): the curated figures, the checks of the article's own
arithmetic, and the sentences the report generates from them, read against what the article says.

The logic these rely on is unit-tested on fixture regions (tests/unit/); here a corrected figure in data/jinzhong is
expected to fail a test, and the test names the figure."""

import pytest

from helpers.base.periods import within_years
from helpers.data.chapters import built_chapters, load_chapters
from helpers.model import derive, relations
from helpers.wording import text, verdicts
from reportbuild.publish import book

ARTICLE_TITLE = "《厚植民生向民心——党的十八大以来晋中民政工作综述》"


def _change(region, indicator, scope):
    found = derive.changes(region.facts)
    return found[(found["indicator"] == indicator) & (found["scope"] == scope)].iloc[0]


# ── the curated data ────────────────────────────────────────────────────────────────────────────────────────────


def test_jinzhong_is_valid(jinzhong):
    """The article's 56 figures, each curated once."""
    assert len(jinzhong.observations) == 56


def test_every_chapter_of_the_data_is_declared(jinzhong):
    declared = {c.id for c in load_chapters()}
    assert set(jinzhong.indicators["chapter"]) <= declared
    assert set(jinzhong.events["chapter"]) <= declared


def test_the_first_figure_joins_the_articles_label_unit_and_publisher(jinzhong):
    fact = jinzhong.facts.loc["dibao_std_rural_2012"]
    assert (fact["name_zh"], fact["scope_zh"], fact["unit"], fact["per_period"], fact["publisher"]) == (
        "低保标准",
        "农村",
        "元/人/年",
        "year",
        "晋中日报",
    )


# ── the article's own arithmetic ────────────────────────────────────────────────────────────────────────────────


def test_checks_confirm_the_articles_percentages(jinzhong):
    checks = verdicts.checked(jinzhong.facts, jinzhong.checks).set_index("check_id")
    assert checks.loc["dibao_growth_urban", "agrees"] and checks.loc["dibao_growth_rural", "agrees"]
    assert checks.loc["dibao_raise_years", "agrees"] and checks.loc["large_facilities_restated", "agrees"]


def test_the_articles_70_percent_of_15_facilities_is_no_whole_count(jinzhong):
    share = verdicts.checked(jinzhong.facts, jinzhong.checks).set_index("check_id").loc["pilot_share_whole_count"]
    assert not share["agrees"] and share["verdict_zh"] == "不一致"
    assert "10/15 = 66.7%" in share["working"] and "11/15 = 73.3%" in share["working"]
    assert share["sentence"] == (
        "原文称“70%”（15个新增设施中交由社会力量运营的比例能否恰为70%），而15 × 70% = 10.5，10/15 = 66.7%，"
        "11/15 = 73.3%，没有一个整数个数恰好占70%；原文的比例可能是约数。"
    )


def test_the_articles_checks_of_social_assistance(jinzhong):
    assert set(verdicts.checked(jinzhong.facts, jinzhong.checks, "social_assistance")["check_id"]) == {
        "dibao_growth_urban",
        "dibao_growth_rural",
        "dibao_raise_years",
    }


# ── what the report says, read against the article ─────────────────────────────────────────────────────────────


def test_the_dibao_standards_as_the_article_states_them(jinzhong):
    """分别由2012年的323元/人/月和1829元/人/年提高到今年的645元/人/月和6200元/人/年；较2012年分别提高99.7%和239%."""
    urban = _change(jinzhong, "dibao_standard", "urban")
    assert (urban["first"], urban["last"], urban["change"], urban["years"]) == (323, 645, 322, 10)
    assert text.change_sentence(urban).startswith("城市低保标准由2012年的323元/人/月提高到2022年的645元/人/月")
    assert "+99.7%" in text.change_sentence(urban) and "10年间年均增长7.2%" in text.change_sentence(urban)
    changes = derive.changes(jinzhong.facts)
    said = text.change_sentences(changes[changes["indicator"] == "dibao_standard"])
    assert said[1].startswith("同期，农村低保标准由1,829元/人/年提高到6,200元/人/年")
    assert text.figure(jinzhong.facts.loc["dibao_growth_rural"]) == "239%"
    assert text.figure(jinzhong.facts.loc["dibao_growth_urban"]) == "99.7%"


def test_the_rural_standard_as_a_share_of_the_urban_one(jinzhong):
    """The README's example finding: 47.2% in 2012 → 80.1% in 2022, from the article's four standards."""
    from helpers.page.chapter import open_chapter
    from helpers.wording import findings

    found = relations.compute(jinzhong.facts, jinzhong.relations)
    shares = found[found["relation_id"] == "rural_to_urban_dibao"].set_index("year")["value"]
    assert shares.loc[2012] == pytest.approx(1829 / 12 / 323 * 100)
    assert shares.loc[2022] == pytest.approx(6200 / 12 / 645 * 100)
    ch = open_chapter("social_assistance", "jinzhong", 2012, 2022, "on", show_title=False)
    gap = findings.relation_over_time(ch)
    assert any("2012年为47.2%" in f["sentence"] and "2022年为80.1%" in f["sentence"] for f in gap)


def test_the_articles_counts_of_today_in_one_sentence(jinzhong):
    """目前,全市共保障城乡低保对象48713户、73602人,城乡特困人员16460人 (the article is dated 2022-09-23)."""
    facts = jinzhong.facts.loc[["dibao_households_now", "dibao_recipients_now", "tekun_recipients_now"]]
    (sentence,) = text.figure_sentences(facts, "晋中市")
    assert sentence == "截至2022年9月，晋中市共有城乡低保对象48,713户、73,602人，城乡特困人员16,460人。"
    assert text.figure_sentence(jinzhong.facts.loc["elderly_institutions_now"], "晋中市") == (
        "截至2022年9月，全市共有各类养老机构109家。"
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
def test_periods_as_the_article_gives_them(jinzhong, obs_id, label):
    assert text.period_label(jinzhong.facts.loc[obs_id]) == label


def test_the_articles_derived_relations(jinzhong):
    found = relations.compute(jinzhong.facts, jinzhong.relations).set_index("relation_id")
    assert found.loc["funds_spent_to_raised", "value"] == pytest.approx(39.28 / 38.86 * 100)
    assert "平均每户保障1.51人" in text.relation_sentence(found.loc["dibao_persons_per_household"])
    assert found.loc["community_social_orgs_urban_rural", "value"] == 217 + 656
    assert "村儿童主任2,170名是乡镇儿童督导员150名的14.5倍" in text.relation_sentence(
        found.loc["child_directors_per_supervisor"]
    )


def test_the_administrative_villages_decrease_without_known_years(jinzhong):
    """全市行政村数由2747个减少至1942个 (no years stated)."""
    villages = _change(jinzhong, "administrative_villages", "all")
    assert villages["change"] == 1942 - 2747 and "−29.3%" in text.change_sentence(villages)


# ── the references ─────────────────────────────────────────────────────────────────────────────────────────────


def test_references_name_the_article_first_and_every_source_address(jinzhong):
    """The article under its first-published title, in the newspaper named in 《》, then every other source the
    figures quote, each with its address where one is known (an unknown address is left out, never a placeholder).
    (The context publishers come from what the chapters publish: tests/unit/test_bureau.py.)"""
    entries = book.references(jinzhong, built_chapters(), 2012, 2022, False, [])
    assert ARTICLE_TITLE in entries[0] and "《晋中日报》2022年9月23日" in entries[0]
    assert not any("未记录" in e or "网址：。" in e for e in entries)
    used = set(within_years(jinzhong.facts, 2012, 2022)["source_id"])
    for _, source in jinzhong.sources[jinzhong.sources["source_id"].isin(used)].iterrows():
        if isinstance(source["url"], str) and source["url"]:
            assert any(source["url"] in e for e in entries), source["source_id"]
