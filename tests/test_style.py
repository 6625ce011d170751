"""The house style (src/helpers/style.py, STYLE.md): its functions in process, the sentences generated for every
region, and (e2e) every built report's visible text."""

import re
from pathlib import Path

import pandas as pd
import pytest

from conftest import DATA, read_csv
from helpers.data.chapters import available_regions
from helpers.data.load import load_region
from helpers.model import checks, derive, relations
from helpers.wording import fmt, style, text

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


def test_percentages_derived_to_one_decimal_stated_as_written(jinzhong):
    assert fmt.percent(239) == "239.0%" and fmt.percent(99.6904) == "99.7%"
    assert text.figure(jinzhong.facts.loc["dibao_growth_rural"]) == "239%"
    assert text.figure(jinzhong.facts.loc["dibao_growth_urban"]) == "99.7%"


# ── Kinds of figure come from data ─────────────────────────────────────────────────────────────────────────────


def test_every_dimension_in_the_data_has_a_kind():
    dimensions = {r["dimension"] for r in read_csv(DATA / "units.csv")} | {
        r["dimension"] for r in read_csv(DATA / "indicators.csv")
    }
    assert dimensions <= set(style.KIND_OF_DIMENSION), dimensions - set(style.KIND_OF_DIMENSION)


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


def test_a_rate_is_written_without_the_per_its_name_says(jinzhong):
    beds = jinzhong.facts.loc["elderly_beds_per_1000"]
    assert text.figure(beds) == "40张"
    assert "每千名老年人拥有养老床位40张" in text.figure_sentence(beds, "晋中市")
    assert style.prose_unit("元/人/月", "低保标准") == "元/人/月"


# ── 倍: the reading follows what is computed ───────────────────────────────────────────────────────────────────


def test_a_ratio_is_said_as_shi_de_n_bei(jinzhong):
    found = relations.compute(jinzhong.facts, jinzhong.relations).set_index("relation_id")
    ratio = found.loc["child_directors_per_supervisor"]
    assert ratio["value"] == pytest.approx(2170 / 150)  # new ÷ old …
    sentence = text.relation_sentence(ratio)
    assert "是乡镇儿童督导员150名的14.5倍" in sentence and "增长" not in sentence  # … is 是…的N倍
    assert style.multiple_increase(2.2) == pytest.approx(1.2)  # 增长了N倍: N = new ÷ old − 1


# ── Sentences ──────────────────────────────────────────────────────────────────────────────────────────────────


def test_figures_of_one_period_are_one_sentence_naming_the_region_once(jinzhong):
    facts = jinzhong.facts.loc[["dibao_households_now", "dibao_recipients_now", "tekun_recipients_now"]]
    (sentence,) = text.figure_sentences(facts, "晋中市")
    assert sentence == "截至2022年9月，晋中市共有城乡低保对象48,713户、73,602人，城乡特困人员16,460人。"
    more = text.figure_sentences(jinzhong.chapter_facts("elderly_care"), "晋中市")
    assert sum("晋中市" in s for s in more) == 1 and all(s.endswith("。") for s in more)


def test_standards_of_several_scopes_say_fenbie(jinzhong):
    facts = jinzhong.facts.loc[["disability_living_2022", "disability_care_2022"]]
    assert text.figure_sentences(facts, "晋中市") == [
        "2022年，晋中市困难残疾人生活补贴和重度残疾人护理补贴标准分别为71元/人/月和94元/人/月。"
    ]
    orphans = jinzhong.facts.loc[["orphan_allowance_institutional", "orphan_allowance_scattered"]]
    (sentence,) = text.figure_sentences(orphans, "晋中市")
    assert "集中供养和散居孤儿、事实无人抚养儿童补贴标准分别为1,720元/人/月和1,145元/人/月" in sentence
    assert sentence.endswith("（提高后的标准，年份未载明）。")


def test_flows_share_their_noun_once(jinzhong):
    facts = jinzhong.facts.loc[["funds_raised_since_2012", "funds_spent_since_2012"]]
    (sentence,) = text.figure_sentences(facts, "晋中市")
    assert "筹集困难群众救助补助资金38.86亿元、支出39.28亿元" in sentence


def test_a_change_over_the_same_years_says_tongqi(jinzhong):
    changes = derive.changes(jinzhong.facts)
    said = text.change_sentences(changes[changes["indicator"] == "dibao_standard"])
    assert said[1].startswith("同期，农村低保标准由1,829元/人/年提高到6,200元/人/年")


def test_a_bound_goes_before_the_verb():
    jinan = load_region("jinan")
    changes = derive.changes(jinan.facts)
    rural = changes[changes["scope"] == "rural"].iloc[0]
    assert "至少提高37元/人/月（至少+8.1%）" in text.change_sentence(rural)


def test_parts_of_a_whole_are_not_said_to_be_fewer(jinzhong):
    found = relations.compute(jinzhong.facts, jinzhong.relations)
    inspected = found[found["relation_id"] == "orgs_inspected_outcomes"]
    (sentence,) = text.relation_sentences(inspected)
    assert "其中作出行政处罚、取缔、劝散、引导登记和责令整改的社会组织分别为283家、62家、10家、8家和35家" in sentence
    assert "少" not in sentence


def test_editor_notes_are_calm_and_specific(jinzhong):
    found = checks.run_checks(jinzhong.facts, jinzhong.checks).set_index("check_id")
    agrees = text.check_sentence(found.loc["dibao_growth_urban"])
    assert agrees == "原文称“99.7%”（城市低保标准2012年至今年的提高幅度），按原文数字计算为99.69%，与原文一致。"
    whole = text.check_sentence(found.loc["pilot_share_whole_count"])
    assert whole.startswith("原文称“70%”") and "可能是约数" in whole
    differs = pd.Series(
        {
            "note_zh": "年均增长",
            "stated": "12%",
            "verdict": checks.DIFFERS,
            "computed": 8.2357,
            "working": "x",
            "finding": "",
        }
    )
    assert text.check_sentence(differs) == (
        "原文称“12%”（年均增长），按原文数字计算为8.24%，相差3.76个百分点；原文未说明算法，差异可能来自取整或统计口径。"
    )
    for _, check in found.iterrows():
        assert not re.search("错误|有误|不实|不符", text.check_sentence(check))


def test_a_sentence_is_finished_in_house_style():
    assert style.sentence("变化（-3.5%）（过去十年（发布会所述））") == "变化（−3.5%）（过去十年，发布会所述）。"
    assert style.flat_parentheses("民生实事(城镇社区养老幸福工程)") == "民生实事（城镇社区养老幸福工程）"


# ── Every region: no template, nothing forbidden, deterministic ─────────────────────────────────────────────────
TEMPLATE = re.compile(r"^(?:[^，。；]+，)?\S{1,4}[市省县区国][^，。；、]*?(?<!分别)为[\d,.]+[^，。；、]*。$")


def _all_sentences(region) -> list[str]:
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
        checked = checks.run_checks(region.facts, region.checks, chapter, region.indicators, region.scopes)
        said += [text.check_sentence(c) for _, c in checked.iterrows()]
    return said


@pytest.mark.parametrize("region", available_regions())
def test_every_regions_sentences_keep_the_house_style(region):
    loaded = load_region(region)
    said = _all_sentences(loaded)
    assert said == _all_sentences(loaded)  # deterministic
    assert not style.problems("\n".join(said))
    assert all(s.endswith("。") and "nan" not in s and "None" not in s for s in said)
    templated = [s for s in text.figure_sentences(loaded.facts, loaded.name_zh) if TEMPLATE.match(s)]
    assert len(templated) <= 2, templated
    named = text.figure_sentences(loaded.facts, loaded.name_zh)
    assert sum(loaded.name_zh in s for s in named) == 1


# ── What a report must never show ──────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    "shown",
    [
        "晋中日报，2022-09-23",
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
        ("见 /data/jinzhong/observations.csv", "path"),
        ("指纹 " + "ab" * 32, "path"),
        ("每千名老年人拥有养老床位数为40张/千名老年人", "doubled"),
        ("合计894,747.00人", "decimals"),
    ],
)
def test_forbidden_text_is_found(shown, problem):
    assert any(problem in p for p in style.problems(shown)), style.problems(shown)


# ── e2e: every built report ────────────────────────────────────────────────────────────────────────────────────


def _visible_lines(html: str) -> str:
    """A report's visible text, one element's text a line (table cells apart), without styles and title."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["style", "script", "title"]):
        hidden.decompose()
    return soup.get_text("\n")


@pytest.mark.e2e
def test_no_built_report_breaks_the_house_style(every_region):
    reports = sorted(every_region.glob("*/*/*.html"))
    assert len(reports) > 20
    found = [
        f"{r.relative_to(every_region)}: {p}"
        for r in reports
        for p in style.problems(_visible_lines(r.read_text("utf-8")))
    ]
    assert not found, "\n".join(found[:30])


def test_a_monthly_standards_yearly_equivalent_keeps_its_amount_unit():
    assert style.yearly_unit("元/人/月") == "元/人/年"
    assert style.yearly_unit("万元/月/人") == "万元/人/年"
    assert style.money_of("元/人/月") == "元"
    assert style.money_of("万元/人/月") == "万元"
