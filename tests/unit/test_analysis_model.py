"""The analysis model on the fixture regions (tests/fixture_regions.py), shapes a decade review may not have: mixed
units, bounds, relative periods, long series with gaps, checks with two readings, a yearbook table, region wording."""

import csv

import pandas as pd
import pytest

from fixture_regions import CITY, CITY_TABLE, CITY_TABLE_ROW
from helpers.base import periods
from helpers.data.load import load_region
from helpers.data.tables import DataError
from helpers.model import checks, derive, relations
from helpers.wording import text, verdicts


@pytest.fixture
def odd(city_data):
    return load_region("odd_county", city_data)


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


def test_a_qualifier_is_carried_into_figures_and_derived_figures(odd, city):
    assert text.figure(odd.facts.loc["urban_recipients"]) == "约3,200人"
    communities = _change(city, "communities", "all")  # 由200个增加至不少于260个
    assert communities["bound"] == "lower" and "至少" in text.change_sentence(communities)


def test_a_long_series_has_change_peak_and_visible_gaps(odd):
    series = _change(odd, "communities", "all")
    assert (series["first_year"], series["last_year"], series["n_values"]) == (2005, 2021, 14)
    assert series["gaps"] == [2008, 2009, 2014] and pd.notna(series["cagr"])
    assert "缺2008—2009、2014年" in text.series_sentence(series)


def test_checks_say_which_reading_matched(odd):
    found = verdicts.checked(odd.facts, odd.checks).set_index("check_id")
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


def test_a_yearbook_table_is_cited_by_row_and_column(city, city_data):
    fact = city.facts[city.facts["table_column"] == "2021"].iloc[0]
    assert pd.isna(fact["quote"]) and fact["table_row"] == CITY_TABLE_ROW and fact["value"] == 621000
    table = city_data / "raw" / CITY_TABLE
    table.write_text(table.read_text(encoding="utf-8").replace("621000", "621001"), encoding="utf-8")
    message = str(pytest.raises(DataError, load_region, CITY, city_data).value)
    assert "differs from its recorded sha256" in message


def test_a_table_cell_must_match_as_written(city_data):
    observations = city_data / CITY / "elderly_care" / "observations.csv"
    written = observations.read_text(encoding="utf-8")
    assert written.count(",621000,") == 2  # value and as_written
    observations.write_text(written.replace(",621000,", ",621999,", 1), encoding="utf-8")
    message = str(pytest.raises(DataError, load_region, CITY, city_data).value)
    assert "is not the table cell as printed" in message or "is not the number written" in message


def test_relations_sum_urban_and_rural_of_each_year_both_are_known(city):
    """community_social_orgs_urban_rural: 300 urban + 500 rural organisations in 2022 (and no sum where a part is
    missing)."""
    sums = relations.compute(city.facts, city.relations)
    totals = sums[sums["relation_id"] == "community_social_orgs_urban_rural"].set_index("year")["value"]
    assert list(totals.index) == [2022] and totals.loc[2022] == 300 + 500
    assert "dibao_recipients_urban_rural" not in set(sums["relation_id"])  # 60,000 recipients, no urban or rural


def test_a_relation_joining_unlike_quantities_is_a_validation_error(city_data):
    relations_csv = city_data / "relations.csv"
    relations_csv.write_text(
        relations_csv.read_text(encoding="utf-8")
        + "bad_sum,sum,dibao_recipients:all,dibao_households:all dibao_recipients:urban,,,错误,\n",
        encoding="utf-8",
    )
    message = str(pytest.raises(DataError, load_region, CITY, city_data).value)
    assert "relations.csv, line" in message and "incommensurable" in message


def test_a_check_comparing_unlike_quantities_is_a_validation_error(city_data):
    checks_csv = city_data / CITY / "social_assistance" / "checks.csv"
    assert len(checks_csv.read_text(encoding="utf-8").splitlines()) == 4  # the new check is line 5
    checks_csv.write_text(
        checks_csv.read_text(encoding="utf-8") + "bad,growth_urban,pct_change,households_now recipients_now,x\n",
        encoding="utf-8",
    )
    message = str(pytest.raises(DataError, load_region, CITY, city_data).value)
    assert "checks.csv, line 5: column 'inputs'" in message and "measure different quantities" in message


def test_a_qualifier_must_be_written_in_the_quote(city_data):
    observations = city_data / CITY / "social_affairs" / "observations.csv"
    with observations.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[0]["qualifier"] = "约"
    with observations.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    message = str(pytest.raises(DataError, load_region, CITY, city_data).value)
    assert "the qualifier '约' does not occur in the quote" in message


@pytest.mark.parametrize(
    "start, end, words", [(2012, 2022, "十年"), (2015, 2020, "2015—2020年"), (2021, 2021, "2021年")]
)
def test_span_words(start, end, words):
    assert periods.span_words(start, end) == words


def test_region_wording_follows_its_level(city, odd, city_data):
    assert city.whole_zh == "全市" and odd.whole_zh == "全县"  # 地级市, 县
    regions = city_data / "regions.csv"
    regions.write_text(
        regions.read_text(encoding="utf-8").replace(f"{CITY},某市,Model City,地级市", f"{CITY},某市,Model City,省"),
        encoding="utf-8",
    )
    assert load_region(CITY, city_data).whole_zh == "全省"
    assert all(w.startswith("全") for w in city.levels["whole_zh"])


def test_chapters_are_numbered_for_the_chapters_a_region_has(odd):
    """odd_county has three of the seven chapters: they are 1, 2, 3 in the order of chapters.yml."""
    assert sorted(odd.chapter_numbers, key=odd.chapter_numbers.get) == [
        "social_assistance",
        "social_organisations",
        "grassroots_governance",
    ]
    assert sorted(odd.chapter_numbers.values()) == [1, 2, 3]


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
    found = verdicts.checked(odd.facts, check, indicators=odd.indicators, scopes=odd.scopes).iloc[0]
    assert "2012年散居孤儿、事实无人抚养儿童补贴标准" in found["finding"] and "orphan_allowance" not in found["finding"]
