"""A message says how to fix what it names, and nothing is left out in silence: a quote not found shows the nearest
passage and the first character that differs (full-width for half-width named as such); an unknown name, the nearest
known ones and the file to add one to; a check's input, which reference fails and why; figures dated outside the
years built, the START or END that includes them. All on the fixture region model_city (tests/fixture_regions.py)."""

import csv

import pytest

from fixture_regions import CITY, CITY_LINES
from helpers.base.problems import DataError
from helpers.data.load import load_region

OBS = f"{CITY}/social_assistance/observations.csv"
CHECKS = f"{CITY}/social_assistance/checks.csv"


def _edit(path, key: str, row_id: str, **cells) -> int:
    """Set `cells` of the row whose `key` is `row_id` (adding a column a cell names); the file line it is on."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    fields = list(rows[0]) + [c for c in cells if c not in rows[0]]
    index = next(i for i, r in enumerate(rows) if r[key] == row_id)
    rows[index].update(cells)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n", restval="")
        writer.writeheader()
        writer.writerows(rows)
    return index + 2


def _problems(data) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_region(CITY, data)
    return [str(p) for p in caught.value.problems]


def _one(data) -> str:
    problems = _problems(data)
    assert len(problems) == 1, problems
    return problems[0]


def test_a_quote_with_a_typo_shows_the_nearest_passage_and_the_first_difference(city_data):
    line = _edit(city_data / OBS, "obs_id", "households_now", quote=CITY_LINES["recipients"].replace("保障", "保证"))
    said = _one(city_data)
    assert f"observations.csv, line {line}: column 'quote': quote not found verbatim in source" in said
    assert "at character 8 the quote has '证' (U+8BC1) where the source has '障' (U+969C)" in said
    assert f"nearest passage: {CITY_LINES['recipients']!r}" in said


def test_a_full_width_comma_is_named_as_full_width_for_half_width(city_data):
    _edit(city_data / OBS, "obs_id", "households_now", quote=CITY_LINES["recipients"].replace(",", "，"))
    said = _one(city_data)
    assert "at character 3 the quote has '，' (U+FF0C) where the source has ',' (U+002C)" in said
    assert "full-width for the source's half-width punctuation (1 more such place(s) in the quote)" in said


def test_a_quote_like_nothing_in_its_source_says_so():
    from helpers.data.quotes import not_found, width_pair

    assert "no passage of the source resembles it" in not_found("完全无关的一句话", CITY_LINES["dibao"])
    assert all(width_pair(a, b) for a, b in ["，,", "；;", "：:", "（(", "）)", "。."])
    assert not width_pair("、", "，") and not width_pair("a", "b")


def test_an_unknown_unit_names_the_nearest_and_the_file_to_add_one_to(city_data):
    line = _edit(city_data / OBS, "obs_id", "subsidy", unit="人次")
    said = _one(city_data)
    assert f"line {line}: column 'unit': unknown unit '人次' (did you mean '万人次', '次'" in said
    assert "known: 元/人/月" in said and said.endswith("add a new one to " + str(city_data / "units.csv"))


@pytest.mark.parametrize(
    "column, value, nearest, file",
    [
        ("qualifier", "大约", "'约'", "qualifiers.csv"),
        ("indicator", "dibao_houshold", "'dibao_households'", "indicators.csv"),
        ("scope", "urbn", "'urban'", "scopes.csv"),
    ],
)
def test_an_unknown_name_names_the_nearest_and_the_file(city_data, column, value, nearest, file):
    line = _edit(city_data / OBS, "obs_id", "households_now", **{column: value})
    said = _one(city_data)
    assert f"line {line}: column '{column}': unknown {column} {value!r} (did you mean {nearest}" in said
    assert said.endswith(f"add a new one to {city_data / file}")


def test_an_unknown_dimension_names_the_dimensions_file(city_data):
    path = city_data / "indicators.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",benefit_rate,", ",benefit_rates,", 1), "utf-8")
    said = "\n".join(_problems(city_data))
    assert "column 'dimension': unknown dimension 'benefit_rates' (did you mean 'benefit_rate'?)" in said
    assert f"add a new one to {city_data / 'dimensions.csv'}" in said


@pytest.mark.parametrize(
    "inputs, why",
    [
        (
            "dibao_standrd:urban@2012 std_urban_2022",
            "'dibao_standrd:urban@2012': unknown indicator 'dibao_standrd' (did you mean 'dibao_standard'",
        ),
        ("dibao_standard:urbn@2012 std_urban_2022", "'dibao_standard:urbn@2012': unknown scope 'urbn'"),
        (
            "std_urban_2021 std_urban_2022",
            "'std_urban_2021' is not an obs_id of the chapter's observations.csv (did you mean 'std_urban_2022'",
        ),
    ],
)
def test_a_check_input_that_names_nothing_says_which_and_why(city_data, inputs, why):
    line = _edit(city_data / CHECKS, "check_id", "growth_urban", inputs=inputs)
    said = _one(city_data)
    assert f"checks.csv, line {line}: column 'inputs': {why}" in said
    assert "unknown observation among" not in said


@pytest.mark.parametrize(
    "inputs, why",
    [
        ("dibao_standard:urban@2015", "dibao_standard:urban has no figure for 2015 (its years: 2012, 2022)"),
        (
            "dibao_standard:institutional@2012",
            "'dibao_standard' has no figure with scope 'institutional' (its scopes here: rural, urban)",
        ),
        ("orphan_allowance:urban@2012", "the chapter has no figure of 'orphan_allowance'"),
    ],
)
def test_a_check_input_the_data_lack_is_valid_and_listed_with_why(city_data, inputs, why):
    from helpers.data.references import unresolved_inputs

    line = _edit(city_data / CHECKS, "check_id", "growth_urban", inputs=f"{inputs} std_urban_2022")
    load_region(CITY, city_data)  # valid: the report says the check cannot be made
    said = unresolved_inputs(CITY, city_data)
    assert said == [
        f"{city_data / CHECKS}, line {line}: column 'inputs': check growth_urban cannot be made: '{inputs}': {why}"
    ]


def test_a_note_loads_and_shows_in_the_working_papers_never_as_a_period(city_data):
    from helpers.page import display
    from helpers.wording import text

    note = "100%按全部行政村计，原文未说明口径"
    _edit(city_data / f"{CITY}/grassroots_governance/observations.csv", "obs_id", "openness", note=note)
    fact = load_region(CITY, city_data).facts.loc["openness"]
    assert fact["note"] == note and note not in text.period_label(fact)
    shown = display.key_figures(fact.to_frame().T)
    assert list(shown[display.NOTE_COLUMN]) == [note] and note not in "".join(shown["时期"])
    html = display.table_html(shown, None, (display.NOTE_COLUMN,))
    assert f'<th class="{display.WORKPAPERS_CLASS}">{display.NOTE_COLUMN}</th>' in html


def test_figures_and_events_outside_the_years_built_are_each_listed_with_how_to_include_them(city_data):
    from helpers.data.years import outside_years

    lines = outside_years(CITY, 2013, 2021, city_data)
    start = f"{city_data / OBS}, line 2: figure std_urban_2012 (2012) is outside 2013–2021"
    assert f"{start}: build with START=2012 to include it" in lines
    growth = "figure growth_urban (2012–2022) is outside 2013–2021: build with START=2012 END=2022 to include it"
    assert any(line.endswith(growth) for line in lines)
    event = "event above_poverty_line_2017 (2017) is outside 2018–2022: build with START=2017 to include it"
    assert any(line.endswith(event) for line in outside_years(CITY, 2018, 2022, city_data))
    assert outside_years(CITY, 2012, 2022, city_data) == []


def test_end_may_go_to_the_latest_dated_figure_and_no_further(city_data):
    from helpers.data.params import ParameterError, check_parameters

    regions = city_data / "regions.csv"
    regions.write_text(regions.read_text(encoding="utf-8").replace(",2012,2022", ",2014,2020"), encoding="utf-8")
    assert check_parameters(CITY, 2012, 2022, "on", city_data)["end_year"] == 2022  # the data hold 2012 and 2022
    for args, says in [
        ((2014, 2023), "parameter end_year: 2023 is outside the years of model_city's data; allowed: 2012–2022"),
        ((2011, 2020), "parameter start_year: 2011 is outside the years of model_city's data; allowed: 2012–2022"),
    ]:
        with pytest.raises(ParameterError) as caught:
            check_parameters(CITY, *args, "on", city_data)
        assert says in str(caught.value) and "default 2014–2020" in str(caught.value)


def test_validate_lists_what_the_default_years_leave_out_one_line_each(city_data, monkeypatch, capsys):
    from reportbuild.run import cli

    regions = city_data / "regions.csv"
    regions.write_text(regions.read_text(encoding="utf-8").replace(",2012,2022", ",2014,2020"), encoding="utf-8")
    monkeypatch.setenv("MINZHENG_DATA", str(city_data))
    assert cli.main(["validate", CITY]) == 0
    said = capsys.readouterr().out.splitlines()
    assert said[0].startswith(f"{CITY}: ") and said[0].endswith(": valid")
    left_out = [line for line in said if "is outside 2014–2020" in line]
    assert left_out and all(line.startswith("  note: ") and "to include it" in line for line in left_out)
    assert any("build with END=2022" in line for line in left_out)


def test_a_yearbook_table_published_as_xlsx_is_read_as_printed(tmp_path):
    import openpyxl

    from helpers.data.load import read_raw_table
    from helpers.data.raw_tables import UnreadableTable, table_rows

    book = openpyxl.Workbook()
    for row in [["指标", "2020", "2021"], ["城市低保人数（万人）", 4.6, None], ["农村低保人数（万人）", 12.0, "11.8"]]:
        book.active.append(row)
    path = tmp_path / "yearbook.xlsx"
    book.save(path)
    assert table_rows(path)[1] == ["城市低保人数（万人）", "4.6", ""]  # a gap stays empty
    cells = read_raw_table(path)
    assert cells[("农村低保人数（万人）", "2020")] == "12" and cells[("农村低保人数（万人）", "2021")] == "11.8"
    broken = tmp_path / "broken.xlsx"
    broken.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(UnreadableTable, match="broken.xlsx: not a readable .xlsx workbook"):
        table_rows(broken)
