"""Every kind of bad input gets one readable message naming file, line, column: the fixture region model_city
(tests/fixture_regions.py) on data/'s shared tables, broken one way at a time. (That every real region under data/
validates: tests/backtest/.)"""

import csv

import pytest

from conftest import read_csv
from fixture_regions import CITY, CITY_RAW, CITY_SOURCE
from helpers.data.load import load_region
from helpers.data.tables import DataError


def test_facts_join_labels_units_and_sources(city):
    fact = city.facts.loc["std_rural_2012"]
    assert (fact["name_zh"], fact["scope_zh"], fact["unit"], fact["per_period"], fact["publisher"]) == (
        "低保标准",
        "农村",
        "元/人/年",
        "year",
        "某市日报",
    )
    assert city.facts.loc["households_now", "scope_zh"] == "全市"  # the whole region, named by its level


def test_every_chapter_of_the_data_is_declared(city):
    from helpers.data.chapters import load_chapters

    declared = {c.id for c in load_chapters()}
    assert set(city.indicators["chapter"]) <= declared
    assert set(city.events["chapter"]) <= declared


def _rewrite(path, edit):
    rows = read_csv(path)
    fields = list(rows[0])
    fields, rows = edit(fields, rows) or (fields, rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _set(row_index, column, value):
    def edit(fields, rows):
        rows[row_index][column] = value

    return edit


def _problems(root) -> str:
    with pytest.raises(DataError) as caught:
        load_region(CITY, root)
    return str(caught.value)


OBS = f"{CITY}/social_assistance/observations.csv"


@pytest.mark.parametrize(
    "edit, expected",
    [
        (_set(2, "value", "abc"), ["observations.csv, line 4", "column 'value'", "'abc' is not a number"]),
        (_set(0, "value", "-5"), ["line 2", "column 'value'"]),
        (
            _set(3, "indicator", "no_such_indicator"),
            ["line 5", "column 'indicator'", "unknown indicator", "indicators.csv"],
        ),
        (_set(3, "unit", "公斤"), ["line 5", "column 'unit'", "unknown unit", "add a new one to", "units.csv"]),
        (_set(3, "unit", "亿元"), ["line 5", "column 'unit'", "does not measure"]),
        (
            _set(3, "quote", "这句话不在原文里6000元/人/年"),
            ["line 5", "column 'quote'", "not found verbatim", "nearest passage"],
        ),
        (_set(3, "value", "6300"), ["line 5", "column 'value'", "not the number written"]),
        (_set(1, "obs_id", "std_urban_2012"), ["column 'obs_id'", "duplicate"]),
        (_set(4, "quote", None), ["line 6", "column 'quote'", "a value is required"]),
        (_set(0, "year", "2013"), ["line 2", "column 'year'", "stated year"]),
        (_set(13, "year", "2020"), ["line 15", "column 'year'", "unknown must leave the year empty"]),
    ],
)
def test_bad_observation_is_named(city_data, edit, expected):
    _rewrite(city_data / OBS, edit)
    message = _problems(city_data)
    for part in expected:
        assert part in message


def test_share_above_100_percent_is_refused(city_data):
    governance = city_data / CITY / "grassroots_governance/observations.csv"
    rows = read_csv(governance)
    line = next(i for i, r in enumerate(rows) if r["obs_id"] == "openness") + 2

    def edit(fields, rows):
        row = rows[line - 2]
        row["value"], row["as_written"], row["quote"] = "120", "100%", row["quote"]

    _rewrite(governance, edit)
    message = _problems(city_data)
    assert f"line {line}" in message and "above the largest possible value" in message


def test_missing_and_unknown_columns(city_data):
    def edit(fields, rows):
        for row in rows:
            row["colour"] = row.pop("unit")
        return [("colour" if f == "unit" else f) for f in fields], rows

    _rewrite(city_data / OBS, edit)
    message = _problems(city_data)
    assert "column 'unit': required column is missing" in message
    assert "column 'colour': unknown column" in message


def test_all_problems_are_reported_at_once(city_data):
    _rewrite(city_data / OBS, _set(2, "value", "abc"))
    _rewrite(city_data / CITY / "social_assistance/events.csv", _set(0, "kind", "party"))
    message = _problems(city_data)
    assert "observations.csv, line 4" in message and "events.csv, line 2" in message


def test_a_chapter_without_a_table_has_no_rows_of_it(city_data):
    whole = load_region(CITY, city_data)
    (city_data / CITY / "social_assistance/events.csv").unlink()
    region = load_region(CITY, city_data)
    assert "social_assistance" in set(whole.events["chapter"])
    assert "social_assistance" not in set(region.events["chapter"]) and len(region.observations) == len(
        whole.observations
    )


def test_misspelt_table_or_chapter_folder_is_named(city_data):
    (city_data / CITY / "social_assistance/events.csv").rename(city_data / CITY / "social_assistance/event.csv")
    (city_data / CITY / "child_welfare").rename(city_data / CITY / "child_welfar")
    message = _problems(city_data)
    assert "social_assistance/event.csv: unknown table" in message
    assert f"{CITY}/child_welfar: unknown chapter folder" in message


def test_figure_in_another_chapters_folder_is_refused(city_data):
    moved = read_csv(city_data / OBS)[:1]
    elderly = city_data / CITY / "elderly_care/observations.csv"
    line = len(read_csv(elderly)) + 2  # the moved row, after the chapter's own
    _rewrite(elderly, lambda fields, rows: (fields, rows + moved))
    _rewrite(city_data / OBS, lambda fields, rows: (fields, rows[1:]))
    message = _problems(city_data)
    assert f"elderly_care/observations.csv, line {line}: column 'indicator'" in message
    assert "belongs to chapter 'social_assistance'" in message


def test_an_id_used_in_two_chapters_is_refused(city_data):
    _rewrite(city_data / CITY / "elderly_care/observations.csv", _set(0, "obs_id", "std_urban_2012"))
    assert "'std_urban_2012' is already used in" in _problems(city_data)


def test_a_chapter_reads_only_its_own_folder(city_data):
    own = len(read_csv(city_data / OBS))
    _rewrite(city_data / CITY / "elderly_care/observations.csv", _set(0, "value", "abc"))
    assert len(load_region(CITY, city_data, chapters=["social_assistance"]).observations) == own
    assert "elderly_care/observations.csv, line 2" in _problems(city_data)


def test_unbalanced_quoting(city_data):
    path = city_data / OBS
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[5] = lines[5].replace(f",{CITY_SOURCE}", f',"{CITY_SOURCE}', 1)
    assert '"' in lines[5]
    path.write_text("".join(lines), encoding="utf-8")
    message = _problems(city_data)
    assert "observations.csv" in message and ("quoting" in message or "fields" in message)


def test_gbk_file_is_refused_with_advice(city_data):
    path = city_data / OBS
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk"))
    assert "not UTF-8" in _problems(city_data)


def test_bom_and_windows_line_endings_are_accepted(city_data):
    path = city_data / OBS
    whole = len(load_region(CITY, city_data).observations)
    text = path.read_text(encoding="utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert len(load_region(CITY, city_data).observations) == whole


def test_edited_raw_source_is_refused(city_data):
    raw = city_data / "raw" / CITY_RAW
    raw.write_text(raw.read_text(encoding="utf-8") + "\n补充", encoding="utf-8")
    assert "differs from its recorded sha256" in _problems(city_data)


def test_unknown_region(city_data):
    assert "unknown region 'atlantis'" in str(pytest.raises(DataError, load_region, "atlantis", city_data).value)


def test_a_long_list_of_problems_is_capped_with_a_count():
    from helpers.data.tables import SHOWN_PROBLEMS, DataError, Problem

    error = DataError([Problem("x.csv", "bad", line=n) for n in range(1, 201)])
    lines = str(error).splitlines()
    assert lines[0] == "200 data problem(s):" and len(lines) == SHOWN_PROBLEMS + 2
    assert "and 150 more" in lines[-1] and len(error.problems) == 200


def test_a_fifo_or_a_folder_in_place_of_a_table_is_named_not_waited_on(city_data):
    import os

    from helpers.base.problems import DataError

    table = city_data / OBS
    table.unlink()
    os.mkfifo(table)  # reading it would block for ever
    with pytest.raises(DataError, match="observations.csv: is not a regular file"):
        load_region(CITY, city_data)


@pytest.mark.parametrize(
    "table, old, new, expected",
    [
        (
            "units.csv",
            ",1,元/人/月\n",
            ",1,元/人/日\n",
            "units.csv, line 3: column 'same_as': same_as names an unknown unit",
        ),
        (
            "indicators.csv",
            ",social_assistance,",
            ",social_assistence,",
            "column 'chapter': unknown chapter 'social_assistence' (did you mean 'social_assistance'",
        ),
        ("indicators.csv", ",,dibao_standard\n", ",,dibao_standerd\n", "growth_of names an unknown indicator"),
        ("regions.csv", ",地级市,", ",地区级,", "column 'level_zh': unknown level '地区级'; levels.csv has"),
    ],
)
def test_a_shared_table_naming_what_does_not_exist_is_refused(city_data, table, old, new, expected):
    path = city_data / table
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    assert expected in str(pytest.raises(DataError, load_region, CITY, city_data).value)
