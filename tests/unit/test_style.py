"""The house style (src/helpers/wording/style.py, STYLE.md): its functions in process and the sentences generated
for the fixture regions. Every real region's sentences: tests/backtest/test_regions_text.py; every built report's
visible text: tests/e2e/test_style_built.py."""

import re
from pathlib import Path

import pandas as pd
import pytest

from conftest import DATA, read_csv, shared_data
from fixture_regions import add_model_city, add_odd_county
from helpers.base import units
from helpers.data.load import load_region
from helpers.model import checks, derive, relations
from helpers.wording import fmt, style, text, verdicts

# ── Numbers ────────────────────────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    "value, decimals, kwargs, expected",
    [
        (73602, None, {}, "73,602"),
        (-805, None, {}, "−805"),
        (-0.001, 2, {}, "0"),  # no “−0”
        (470.0, 1, {}, "470"),  # no trailing zeros unless fixed
        (239, 1, {"fixed": True}, "239.0"),
        (0.125, 2, {}, "0.13"),  # 四舍五入, not banker's rounding
        (2022, 0, {"grouping": False}, "2022"),
        (3007.2, 2, {"fixed": True}, "3,007.20"),
    ],
)
def test_number(value, decimals, kwargs, expected):
    assert style.number(value, decimals, **kwargs) == expected


@pytest.mark.parametrize("missing", [None, float("nan")])
def test_a_missing_value_has_no_spelling(missing):
    with pytest.raises(ValueError):
        style.number(missing)


@pytest.mark.parametrize(
    "value, unit, expected",
    [
        (10, "年", "10年"),
        (2022, "年", "2022年"),  # years never take a separator
        (1.15, "百万人", "115万人"),  # Western scales as 万 and 亿
        (53.87, "十亿元", "538.7亿元"),
        (1145, "元/月/人", "1,145元/人/月"),  # one unit order
        (360, "元/人月", "360元/人/月"),
        (894747.0, "人", "894,747人"),
    ],
)
def test_with_unit_follows_the_house_rules(value, unit, expected):
    assert fmt.with_unit(value, unit) == expected
    assert fmt.with_unit(value, unit, 2) == expected  # decimals are the most shown: a whole count stays whole


def test_signs_are_plus_and_the_minus_sign():
    assert fmt.signed_percent(-12.6) == "−12.6%" and fmt.signed_percent(34.4) == "+34.4%"
    assert fmt.signed_with_unit(-1.04, "亿元") == "−1.04亿元"
    assert style.no_hyphen_minus("减少（-12.6%），2012-2022年") == "减少（−12.6%），2012-2022年"


def test_percentages_derived_to_one_decimal_stated_as_written(city):
    assert fmt.percent(239) == "239.0%" and fmt.percent(99.6904) == "99.7%"
    assert text.figure(city.facts.loc["pilot_share"]) == "60%"  # written 60%, not 60.0%
    assert text.figure(city.facts.loc["growth_urban"]) == "116.7%"


# ── Kinds of figure come from data ─────────────────────────────────────────────────────────────────────────────


def test_the_kinds_the_data_may_give_are_the_kinds_the_house_style_writes():
    from helpers.data.schemas import KINDS

    written = {style.COUNT, style.TALLY, style.AMOUNT, style.STANDARD, style.RATE, style.PERCENT, style.MULTIPLE}
    assert set(KINDS) == written | {style.YEARS}  # dimensions.csv is validated against KINDS
    assert {r["kind"] for r in read_csv(DATA / "dimensions.csv")} <= set(KINDS)


def test_a_new_dimension_is_data_its_kind_chosen_in_dimensions_csv(city_data, monkeypatch):
    """A region's analyst adds a dimension (张 of beds) by a row of data/dimensions.csv, no code."""
    with (city_data / "dimensions.csv").open("a", encoding="utf-8") as handle:
        handle.write("beds,count,a number of beds\n")
    monkeypatch.setenv("MINZHENG_DATA", str(city_data))
    assert style.kind("beds", "张") == style.COUNT
    assert style.kind("percent") == style.PERCENT


def test_no_indicator_id_is_written_in_the_style_or_text_code():
    ids = {r["indicator"] for r in read_csv(DATA / "indicators.csv")}
    helpers = Path(style.__file__).parents[1]
    for module in ("wording/style.py", "wording/text.py", "wording/fmt.py", "page/comparisons.py"):
        source = (helpers / module).read_text(encoding="utf-8")
        assert not [i for i in ids if re.search(rf"\b{i}\b", source)], module


@pytest.mark.parametrize(
    "dimension, change, expected",
    [
        ("persons", 5, ("增加到", "增加")),
        ("units", -5, ("减少到", "减少")),
        ("money", 1, ("增加到", "增加")),
        ("benefit_rate", 5, ("提高到", "提高")),
        ("percent", -1, ("下降到", "下降")),
        ("per_1000_elderly", 2, ("提高到", "提高")),
    ],
)
def test_verbs_follow_the_kind_of_figure(dimension, change, expected):
    assert text.verbs(dimension, change) == expected


# ── Units in prose ─────────────────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    "name, unit, expected",
    [
        ("每千名老年人拥有养老床位数", "张/千名老年人", ("每千名老年人拥有养老床位", True)),
        ("每万人拥有社会组织数", "个/万人", ("每万人拥有社会组织", True)),
        ("城乡低保对象人数", "人", ("城乡低保对象", True)),
        ("发放价格临时补贴人次", "万人次", ("发放价格临时补贴", True)),
        ("连续提高城乡低保标准的年数", "年", ("连续提高城乡低保标准", True)),
        ("脱贫攻坚期资金统计年数", "年", ("脱贫攻坚期资金统计年数", False)),
        ("行政村数", "个", ("行政村", True)),
        ("低保标准", "元/人/月", ("低保标准", False)),
    ],
)
def test_a_name_that_says_its_unit_does_not_say_it_twice(name, unit, expected):
    assert style.measured_name(name, unit) == expected


def test_a_rate_is_written_without_the_per_its_name_says(city):
    beds = city.facts.loc["beds_per_1000"]
    assert text.figure(beds) == "35张"
    assert "每千名老年人拥有养老床位35张" in text.figure_sentence(beds, "某市")
    assert style.prose_unit("元/人/月", "低保标准") == "元/人/月"


# ── 倍: the reading follows what is computed ───────────────────────────────────────────────────────────────────


def test_a_ratio_is_said_as_shi_de_n_bei(city):
    found = relations.compute(city.facts, city.relations).set_index("relation_id")
    ratio = found.loc["child_directors_per_supervisor"]
    assert ratio["value"] == pytest.approx(1860 / 120)  # new ÷ old …
    sentence = text.relation_sentence(ratio)
    assert "是乡镇儿童督导员120名的15.5倍" in sentence and "增长" not in sentence  # … is 是…的N倍
    assert style.multiple_increase(2.2) == pytest.approx(1.2)  # 增长了N倍: N = new ÷ old − 1


# ── Sentences ──────────────────────────────────────────────────────────────────────────────────────────────────


def test_figures_of_one_period_are_one_sentence_naming_the_region_once(city):
    facts = city.facts.loc[["households_now", "recipients_now", "tekun_now"]]
    (sentence,) = text.figure_sentences(facts, "某市")
    assert sentence == "截至2022年10月，某市共有城乡低保对象40,000户、60,000人，城乡特困人员15,000人。"
    more = text.figure_sentences(city.chapter_facts("elderly_care"), "某市")
    assert len(more) > 1 and sum("某市" in s for s in more) == 1 and all(s.endswith("。") for s in more)


def test_standards_of_several_scopes_say_fenbie(city):
    facts = city.facts.loc[["disability_living", "disability_care"]]
    assert text.figure_sentences(facts, "某市") == [
        "2022年，某市困难残疾人生活补贴和重度残疾人护理补贴标准分别为80元/人/月和100元/人/月。"
    ]
    orphans = city.facts.loc[["orphans_institutional", "orphans_scattered"]]
    (sentence,) = text.figure_sentences(orphans, "某市")
    assert "集中供养和散居孤儿、事实无人抚养儿童补贴标准分别为1,600元/人/月和1,200元/人/月" in sentence
    assert sentence.endswith("（提高后的标准，年份未载明）。")


def test_flows_share_their_noun_once(city):
    facts = city.facts.loc[["funds_raised", "funds_spent"]]
    (sentence,) = text.figure_sentences(facts, "某市")
    assert "筹集困难群众救助补助资金32.5亿元、支出33.8亿元" in sentence


def test_a_change_over_the_same_years_says_tongqi(city):
    changes = derive.changes(city.facts)
    said = text.change_sentences(changes[changes["indicator"] == "dibao_standard"])
    assert said[1].startswith("同期，农村低保标准由1,800元/人/年提高到6,000元/人/年")


def test_a_bound_goes_before_the_verb(city):
    changes = derive.changes(city.facts)
    communities = changes[changes["indicator"] == "communities"].iloc[0]  # 由200个增加至不少于260个
    assert "至少增加60个（至少+30.0%）" in text.change_sentence(communities)


def test_parts_of_a_whole_are_not_said_to_be_fewer(city):
    found = relations.compute(city.facts, city.relations)
    inspected = found[found["relation_id"] == "orgs_inspected_outcomes"]
    (sentence,) = text.relation_sentences(inspected)
    assert "其中作出行政处罚、取缔、劝散、引导登记和责令整改的社会组织分别为200家、50家、12家、6家和30家" in sentence
    assert "少" not in sentence


def test_editor_notes_are_calm_and_specific(city):
    found = verdicts.checked(city.facts, city.checks).set_index("check_id")
    agrees = verdicts.check_sentence(found.loc["growth_urban"])
    assert agrees == "原文称“116.7%”（城市低保标准2012年至今年的提高幅度），按原文数字计算为116.667%，与原文一致。"
    whole = verdicts.check_sentence(found.loc["pilot_share_whole_count"])
    assert whole.startswith("原文称“60%”") and "可能是约数" in whole
    differs = pd.Series(
        {
            "note_zh": "年均增长",
            "formula": "cagr",
            "stated": "12%",
            "stated_value": 12.0,
            "decimals": 0,
            "unit": "%",
            "verdict": checks.DIFFERS,
            "computed": 8.2357,
        }
    )
    assert verdicts.check_sentence(differs) == (
        "原文称“12%”（年均增长），按原文数字计算为8.24%，相差3.76个百分点；原文未说明算法，差异可能来自取整或统计口径。"
    )
    for _, check in found.iterrows():
        assert not re.search("错误|有误|不实|不符", verdicts.check_sentence(check))


def test_a_sentence_is_finished_in_house_style():
    assert style.sentence("变化（-3.5%）（过去十年（发布会所述））") == "变化（−3.5%）（过去十年，发布会所述）。"
    assert style.flat_parentheses("民生实事(城镇社区养老幸福工程)") == "民生实事（城镇社区养老幸福工程）"


# ── Every region: no template, nothing forbidden, deterministic ─────────────────────────────────────────────────
TEMPLATE = re.compile(r"^(?:[^，。；]+，)?\S{1,4}[市省县区国][^，。；、]*?(?<!分别)为[\d,.]+[^，。；、]*。$")


def all_sentences(region) -> list[str]:
    said = []
    for chapter in sorted(set(region.facts["chapter"])):
        facts = region.chapter_facts(chapter)
        changes = derive.changes(facts)
        found = relations.compute(facts, region.relations)
        said += text.figure_sentences(facts, region.name_zh)
        said += text.change_sentences(changes)
        said += [s for s in (text.series_sentence(r) for _, r in changes.iterrows()) if s]
        said += text.relation_sentences(found) + [text.relation_sentence(r) for _, r in found.iterrows()]
        said += text.annual_sentences(derive.annualised(facts))
        said += text.headline_sentences(facts, changes, region.name_zh)
        said += list(
            verdicts.checked(region.facts, region.checks, chapter, region.indicators, region.scopes)["sentence"]
        )
    return said


def assert_house_style(loaded) -> None:
    """Every sentence generated for a region: deterministic, nothing forbidden, finished, not templated, the region
    named once. (tests/backtest/test_regions_text.py applies it to every real region under data/.)"""
    said = all_sentences(loaded)
    assert said == all_sentences(loaded)  # deterministic
    assert not style.problems("\n".join(said))
    assert all(s.endswith("。") and "nan" not in s and "None" not in s for s in said)
    templated = [s for s in text.figure_sentences(loaded.facts, loaded.name_zh) if TEMPLATE.match(s)]
    assert len(templated) <= 2, templated
    named = text.figure_sentences(loaded.facts, loaded.name_zh)
    assert sum(loaded.name_zh in s for s in named) == 1


@pytest.mark.parametrize("add", [add_model_city, add_odd_county], ids=lambda add: add.__name__)
def test_a_fixture_regions_sentences_keep_the_house_style(tmp_path, add):
    data = shared_data(tmp_path / "data")
    assert_house_style(load_region(add(data), data))


# ── What a report must never show ──────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    "shown",
    [
        "某市日报，2022-10-15",
        "2012-2022年",
        "表1-1　关键数字；图2-3",
        "《福建统计年鉴2022 表20-2 社会服务》",
        "网址：https://example.org/2021-11-17-up-10-000-yuan.html。",
        "减少805个（−29.3%）",
    ],
)
def test_allowed_text_has_no_problems(shown):
    assert style.problems(shown) == []


@pytest.mark.parametrize(
    "shown, problem",
    [
        ("减少805个（-29.3%）", "hyphen"),
        ("变化为 -5", "hyphen"),
        ("城乡低保对象为nan人", "missing"),
        ("数值：None", "missing"),
        ("见 /data/model_city/observations.csv", "path"),
        ("指纹 " + "ab" * 32, "path"),
        ("每千名老年人拥有养老床位数为40张/千名老年人", "doubled"),
        ("合计894,747.00人", "decimals"),
    ],
)
def test_forbidden_text_is_found(shown, problem):
    assert any(problem in p for p in style.problems(shown)), style.problems(shown)


def test_a_monthly_standards_yearly_equivalent_keeps_its_amount_unit():
    assert units.yearly_unit("元/人/月") == "元/人/年"
    assert units.yearly_unit("万元/月/人") == "万元/人/年"
    assert style.money_of("元/人/月") == "元"
    assert style.money_of("万元/人/月") == "万元"
