"""The 综述's rules on the fixture region model_city (tests/fixture_regions.py): headline amounts chosen by the
figures' dimension, no disclaimer, no sentence the overview's 要点 print, bounds carried through, grade-A context
only, no figure without a year, multiples compared as multiples. The real region: tests/backtest/test_findings_*."""

import pandas as pd
import pytest

from helpers.data.chapters import built_chapters
from helpers.model import context
from helpers.wording import findings

CHAPTERS = [c.id for c in built_chapters() if c.id != "overview"]


@pytest.fixture
def opened(city, monkeypatch):
    from helpers.page.chapter import open_chapter

    monkeypatch.setenv("MINZHENG_DATA", str(city.root))
    return lambda chapter: open_chapter(chapter, city.id, 2012, 2022, "on", show_title=False)


@pytest.fixture(scope="module")
def published(city):
    """Every chapter's results for model_city, computed once for this module."""
    from helpers.page import results
    from helpers.page.chapter import open_chapter

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MINZHENG_DATA", str(city.root))
        return [
            results.of_chapter(open_chapter(chapter, city.id, 2012, 2022, "on", show_title=False))
            for chapter in CHAPTERS
        ]


def test_the_summary_states_findings_never_a_disclaimer(published):
    candidates = [f for r in published for f in r["findings"]]
    assert any(f["rule"] == "unknowns" for f in candidates)  # kept for the working papers
    chosen = findings.select(published)
    assert findings.MINIMUM <= len(chosen) <= findings.MOST
    assert not [f for f in chosen if f["rule"] == "unknowns" or "未载明" in f["sentence"] or "未知" in f["sentence"]]


def test_no_finding_repeats_a_headline_sentence(published):
    headlines = {h for r in published for h in r["headlines"]}
    candidates = [f["sentence"] for r in published for f in r["findings"]]
    assert headlines and not headlines & set(candidates)
    chosen = [f["sentence"] for f in findings.select(published)]
    assert not headlines & set(chosen) and len(chosen) == len(set(chosen))


def test_the_headline_amounts_are_chosen_by_dimension_and_come_first(published):
    """model_city's largest money total (33.8亿元 spent) and the most people covered (60,000 低保对象)."""
    chosen = findings.select(published)
    assert [f["rule"] for f in chosen[:2]] == ["headline_amounts"] * 2
    assert chosen[0]["sentence"].startswith("33.8亿元——") and "支出困难群众救助补助资金" in chosen[0]["sentence"]
    assert chosen[1]["sentence"].startswith("60,000人——")
    amounts = [f.get("dimension") for f in chosen if f["rule"] == "headline_amounts"]
    assert amounts[:2] == ["money", "persons"] and "90个——" not in str(chosen)  # a count that changed: its change


def test_a_share_passing_a_mark_says_so(opened):
    (share,) = [f for f in findings.relation_over_time(opened("social_assistance")) if f.get("passes")]
    assert share["sentence"].startswith("2012—2022年，农村低保标准相当于城市标准的比例升至70%以上：")


def test_a_change_the_source_states_without_years_is_said_without_a_year(opened):
    """model_city's villages and communities change between figures the source does not date (调整前 → 调整后): the
    finding says the change and its bound, never a year; a raise from an undated figure keeps its dated end."""
    said = [f["sentence"] for f in findings.largest_change(opened("grassroots_governance"))]
    assert "社区数量增加至少30.0%：调整前为200个，调整后不少于260个。" in said
    assert not [s for s in said if "年" in s]
    (raise_,) = findings.largest_change(opened("admin_divisions"))  # a stated raise: 调整前, its year never supplied
    assert raise_["sentence"] == "乡级政区减少10.0%：调整前为100个，2021年为90个。"


def _wider(city, **values) -> dict:
    """A context row of the nation, shaped as helpers.model.context gives them."""
    rows = context.comparable(city)
    row = rows[(rows["region_zh"] == context.NATIONAL) & (rows["indicator"] == "dibao_standard")].iloc[0].to_dict()
    row.update(values)
    return row | {"base_value": row["value"] * row["scale"]}  # in the base unit, as units.with_base_values


@pytest.fixture
def with_context(city, opened, monkeypatch):
    """social_assistance with its 2022 urban standard written 不低于650元/人/月, beside made-up national figures."""

    def make(*rows):
        frame = pd.DataFrame(list(rows))
        monkeypatch.setattr(context, "of_chapter", lambda region, chapter: frame)
        ch = opened("social_assistance")
        facts = ch.facts.copy()
        urban = (facts["indicator"] == "dibao_standard") & (facts["scope"] == "urban") & (facts["year"] == 2022)
        facts.loc[urban, ["qualifier", "qualifier_position", "bound"]] = ["不低于", "before_number", "lower"]
        ch.facts = facts
        return ch

    return make


def test_a_comparison_keeps_the_bound_and_uses_grade_a_only(city, with_context):
    a = _wider(city, scope="urban", year=2022, value=600.0, grade="A")
    b = _wider(city, scope="rural", year=2022, value=500.0, grade="B")
    found = findings.against_wider(with_context(a, b))
    assert [f["sentence"] for f in found] == [
        "城市低保标准高于全国平均：2022年不低于650元/人/月，全国为600元/人/月，相当于其至少108.3%。"
    ]


def test_multiples_are_compared_as_multiples(city, with_context):
    """650 ÷ 300 = 2.17: the standard grew 1.17-fold over 2012—2022, beside the nation's stated 1.2倍."""
    multiple = _wider(
        city,
        indicator="dibao_decade_growth_multiple",
        dimension="multiple",
        scope="urban",
        start_year=2012,
        year=2022,
        value=1.2,
        scale=1.0,
        unit="倍",
        unit_shown="倍",
        grade="A",
    )
    ch = with_context(multiple)
    (found,) = findings.growth_against_wider(ch)
    assert found["sentence"].startswith("2012—2022年城市低保标准增长至少1.17倍，全国同期为1.2倍")
    assert "%" not in found["sentence"]
    assert findings.against_wider(ch) == []  # never a multiple as a percentage of another


def _published(chapter: str, *found: dict) -> dict:
    return {"chapter": chapter, "heading": chapter, "headlines": [], "findings": list(found)}


def _amount(sentence: str, size: float, dated: bool = True, dimension: str = "money") -> dict:
    return {
        "rule": "headline_amounts",
        "section": "关键数字",
        "sentence": sentence,
        "size": size,
        "dimension": dimension,
    }


def test_an_amount_the_source_does_not_date_is_a_last_resort():
    """An undated amount (said with what the source says of its time) fills the 综述 only while it has fewer than
    MINIMUM findings, after every dated one; never before a dated amount of its dimension."""
    undated = {**_amount("900亿元——全省支出（十年间，起止年份未载明）。", 9e10), "dated": False}
    dated = _amount("33.8亿元——2022年全市支出。", 3.38e9)
    chosen = [f["sentence"] for f in findings.select([_published("a", undated), _published("b", dated)])]
    assert chosen == [dated["sentence"], undated["sentence"]]
    many = [
        _published(c, _amount(f"{n}人——2022年全市{c}。", n, dimension="persons")) for n, c in enumerate("cdefgh", 1)
    ]
    for p, f in zip(many, ("largest_change",) * 6):
        p["findings"][0]["rule"] = f
        p["findings"][0]["size"] = 50.0
    chosen = [f["sentence"] for f in findings.select([_published("a", undated), *many])]
    assert undated["sentence"] not in chosen and len(chosen) >= findings.MINIMUM
