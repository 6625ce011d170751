"""The analysis model on shapes other than the Jinzhong article: mixed units, bounds, relative periods, long
series with gaps, checks with two readings, a yearbook table, a province, region wording."""

import pandas as pd
import pytest

from fixture_regions import add_odd_county
from helpers.base import periods
from helpers.data.chapters import available_regions
from helpers.data.load import load_region
from helpers.data.tables import DataError
from helpers.model import checks, derive, relations
from helpers.wording import text


@pytest.fixture
def odd(data_copy):
    return load_region(add_odd_county(data_copy), data_copy)


def _change(region, indicator, scope):
    found = derive.changes(region.facts)
    return found[(found["indicator"] == indicator) & (found["scope"] == scope)].iloc[0]


def test_a_yearly_standard_replaced_by_a_monthly_one_is_compared_in_one_unit(odd):
    rural = _change(odd, "dibao_standard", "rural")
    assert rural["first"] == pytest.approx(200)  # 2,400 元/年 = 200 元/人/月
    assert rural["pct_change"] == pytest.approx(230)
    sentence = text.change_sentence(rural)
    assert "2,400元/人/年（折合200元/人/月）" in sentence and "+230.0%" in sentence and "−" not in sentence


def test_a_period_relative_to_the_source_is_resolved(odd):
    assert periods.label(odd.facts.loc["urban_recipients"]) == "截至2023年7月1日"


def test_a_qualifier_is_carried_into_figures_and_derived_figures(odd, data_copy):
    assert text.figure(odd.facts.loc["urban_recipients"]) == "约3,200人"
    jinan = load_region("jinan")
    rural = _change(jinan, "dibao_standard", "rural")
    assert rural["bound"] == "lower" and "至少" in text.change_sentence(rural)


def test_a_long_series_has_change_peak_and_visible_gaps(odd):
    series = _change(odd, "communities", "all")
    assert (series["first_year"], series["last_year"], series["n_values"]) == (2005, 2021, 14)
    assert series["gaps"] == [2008, 2009, 2014] and pd.notna(series["cagr"])
    assert "缺2008—2009、2014年" in text.series_sentence(series)


def test_checks_say_which_reading_matched(odd):
    found = checks.run_checks(odd.facts, odd.checks).set_index("check_id")
    assert found.loc["urban_multiple_check", "verdict"] == checks.AGREES  # 660/300 − 1 = 1.2
    assert found.loc["urban_growth_as_cagr", "verdict"] == checks.OTHER_READING
    assert "简单平均" in found.loc["urban_growth_as_cagr", "finding"]
    assert found.loc["missing_base", "verdict"] == checks.UNCHECKABLE
    assert "2012年农村低保标准" in found.loc["missing_base", "finding"]


def test_multiple_of_is_the_other_reading_of_multiple_increase():
    before = pd.Series({"value": 100.0, "base_value": 100.0, "year": 2012})
    after = pd.Series({"value": 220.0, "base_value": 220.0, "year": 2021})
    stated = pd.Series({"value": 2.2, "as_written": "2.2倍", "bound": None})
    assert checks.FORMULAS["multiple_of"](stated, [before, after]).verdict == checks.AGREES
    assert checks.FORMULAS["multiple_increase"](stated, [before, after]).verdict == checks.OTHER_READING


def test_a_yearbook_table_is_cited_by_row_and_column(data_copy):
    fujian = load_region("fujian")
    fact = fujian.facts[fujian.facts["table_column"] == "2021"].iloc[0]
    assert pd.isna(fact["quote"]) and fact["table_row"]
    table = next((data_copy / "raw").glob("fujian*.csv"))
    table.write_text(table.read_text(encoding="utf-8").replace("64992", "64993"), encoding="utf-8")
    message = str(pytest.raises(DataError, load_region, "fujian", data_copy).value)
    assert "differs from its recorded sha256" in message


def test_a_table_cell_must_match_as_written(data_copy):
    observations = data_copy / "fujian" / "social_assistance" / "observations.csv"
    observations.write_text(observations.read_text(encoding="utf-8").replace(",64992,", ",64999,", 1), encoding="utf-8")
    message = str(pytest.raises(DataError, load_region, "fujian", data_copy).value)
    assert "is not the table cell as printed" in message or "is not the number written" in message


def test_relations_sum_urban_and_rural_of_a_yearbook_series():
    fujian = load_region("fujian")
    sums = relations.compute(fujian.facts, fujian.relations)
    totals = sums[sums["relation_id"] == "dibao_recipients_urban_rural"].set_index("year")["value"]
    assert totals.loc[2021] == 64992 + 483970 and list(totals.index) == [2010, 2015, 2020, 2021]


def test_a_relation_joining_unlike_quantities_is_a_validation_error(data_copy):
    relations_csv = data_copy / "relations.csv"
    relations_csv.write_text(
        relations_csv.read_text(encoding="utf-8")
        + "bad_sum,sum,dibao_recipients:all,dibao_households:all dibao_recipients:urban,,,错误,\n",
        encoding="utf-8",
    )
    message = str(pytest.raises(DataError, load_region, "jinzhong", data_copy).value)
    assert "relations.csv, line" in message and "incommensurable" in message


def test_a_check_comparing_unlike_quantities_is_a_validation_error(data_copy):
    checks_csv = data_copy / "jinzhong" / "social_assistance" / "checks.csv"
    checks_csv.write_text(
        checks_csv.read_text(encoding="utf-8")
        + "bad,dibao_growth_urban,pct_change,dibao_households_now dibao_recipients_now,x\n",
        encoding="utf-8",
    )
    message = str(pytest.raises(DataError, load_region, "jinzhong", data_copy).value)
    assert "checks.csv, line 5: column 'inputs'" in message and "measure different quantities" in message


def test_a_qualifier_must_be_written_in_the_quote(data_copy):
    observations = data_copy / "jinzhong" / "social_affairs" / "observations.csv"
    text_ = observations.read_text(encoding="utf-8")
    header, first, *rest = text_.splitlines()
    observations.write_text(
        "\n".join([header + ",qualifier", first + ",约"] + [r + "," for r in rest]) + "\n", encoding="utf-8"
    )
    message = str(pytest.raises(DataError, load_region, "jinzhong", data_copy).value)
    assert "the qualifier '约' does not occur in the quote" in message


@pytest.mark.parametrize(
    "start, end, words", [(2012, 2022, "十年"), (2015, 2020, "2015—2020年"), (2021, 2021, "2021年")]
)
def test_span_words(start, end, words):
    assert periods.span_words(start, end) == words


def test_region_wording_follows_its_level():
    words = {r: load_region(r).whole_zh for r in available_regions()}
    assert words["jinzhong"] == "全市" and words["shanxi"] == "全省"
    assert all(w.startswith("全") for w in words.values())


def test_chapters_are_numbered_for_the_chapters_a_region_has():
    china = load_region("china")
    assert sorted(china.chapter_numbers.values()) == list(range(1, len(china.chapter_numbers) + 1))


def test_a_per_capita_figure_comes_from_a_declared_population(odd):
    """300 organisations and 50万人 (= 500,000 persons, converted) give 6 per 10,000 people."""
    found = relations.compute(odd.facts, odd.relations).set_index("relation_id")
    assert found.loc["orgs_per_10k_people", "value"] == pytest.approx(6.0)
    assert "每万人拥有社会组织6个" in text.relation_sentence(found.loc["orgs_per_10k_people"])


def test_a_missing_input_of_another_indicator_is_named_in_chinese(odd):
    """An input the region has no figure of at all is named by its label, never by its id."""
    check = odd.checks[odd.checks["check_id"] == "missing_base"].assign(
        inputs="orphan_allowance:scattered@2012 urban_2022"
    )
    found = checks.run_checks(odd.facts, check, indicators=odd.indicators, scope_table=odd.scopes).iloc[0]
    assert "2012年散居孤儿、事实无人抚养儿童补贴标准" in found["finding"] and "orphan_allowance" not in found["finding"]
