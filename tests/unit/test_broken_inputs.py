"""The corpus of broken (or merely unusual) data files, each a broken copy of one of the fixture region model_city's
tables: each gives the one message cases.yml states, or loads.

In process (the fast tier): the message is the text of the data error the build prints after "error: "; that it
reaches a user through make, with reports kept, is tested end to end for a few of them (test_faults).
"""

import csv
import io
import shutil

import pytest
import yaml

from helpers.base.paths import PROJECT_ROOT
from helpers.base.problems import DataError
from helpers.data.load import load_region

BROKEN = PROJECT_ROOT / "tests" / "broken_inputs"
CASES = yaml.safe_load((BROKEN / "cases.yml").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_input_gets_one_clear_message(city_data, name):
    case = CASES[name]
    shutil.copyfile(BROKEN / case["file"], city_data / case["replaces"])
    region = case["replaces"].split("/")[0]
    if case.get("accepted"):
        load_region(region, city_data)
        return
    with pytest.raises(DataError) as caught:
        load_region(region, city_data)
    message = str(caught.value)
    assert message.startswith(f"{len(caught.value.problems)} data problem(s):\n")
    for part in case["expect"]:
        assert part in message
    if case.get("alone"):
        assert len(caught.value.problems) == 1, message


def _observations(city_data):
    return city_data / "model_city" / "social_assistance" / "observations.csv"


@pytest.mark.parametrize("character", ["\uffff", "\ufffe"])
def test_text_xml_cannot_hold_is_refused_with_its_line_and_column(city_data, character):
    """A note holding U+FFFF would make the spreadsheet unreadable: refused where it stands."""
    table = _observations(city_data)
    lines = table.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3] = lines[3].replace("年", f"年{character}", 1)
    table.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_region("model_city", city_data)
    assert "line 4: column" in str(caught.value) and f"U+{ord(character):04X}" in str(caught.value)


def test_a_table_linked_outside_the_data_is_refused_unread(city_data, tmp_path):
    """A link to a file that is not the project's (/etc/passwd): refused without a word of what it holds."""
    secret = tmp_path / "secret.csv"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    table = _observations(city_data)
    table.unlink()
    table.symlink_to(secret)
    with pytest.raises(DataError) as caught:
        load_region("model_city", city_data)
    assert "is a link to a file outside the data folder" in str(caught.value) and "root:" not in str(caught.value)


def test_a_table_linked_to_nothing_is_named(city_data, tmp_path):
    table = _observations(city_data)
    table.unlink()
    table.symlink_to(tmp_path / "gone.csv")
    with pytest.raises(DataError, match="observations.csv: is a link to a file that does not exist"):
        load_region("model_city", city_data)


def test_a_chapter_folder_replaced_by_a_file_is_named_as_such(city_data):
    folder = city_data / "model_city" / "elderly_care"
    shutil.rmtree(folder)
    folder.write_text("x\n", encoding="utf-8")
    with pytest.raises(DataError, match="elderly_care: is a file where the chapter's folder should be"):
        load_region("model_city", city_data)


def _set(table, column: str, value: str) -> int:
    """Set `column` of the table's first row; the line it is on."""
    rows = list(csv.reader(io.StringIO(table.read_text(encoding="utf-8"))))
    rows[1][rows[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    table.write_text(out.getvalue(), encoding="utf-8")
    return 2


@pytest.mark.parametrize(
    "column, value, said",
    [
        ("year", "２０２２", "'２０２２' is not a number in ASCII digits"),
        ("period_note", "截至年底\u0085", "holds the control character U+0085"),
        ("period_note", "长" * 300, "is 300 characters long; at most 200"),
    ],
)
def test_odd_text_in_a_cell_is_refused_where_it_stands(city_data, column, value, said):
    """Full-width digits in a number, a C1 control character, a period note of hundreds of characters (laid out in
    every table and chart, it once took a build minutes): one message, by line and column."""
    line = _set(_observations(city_data), column, value)
    with pytest.raises(DataError) as caught:
        load_region("model_city", city_data)
    assert said in str(caught.value) and f"line {line}: column '{column}'" in str(caught.value), str(caught.value)


def test_a_source_file_outside_raw_is_refused(city_data):
    sources = city_data / "raw" / "sources.csv"
    text = sources.read_text(encoding="utf-8")
    sources.write_text(
        text.replace(",model_city_2022-10-15_decade_review.txt,", ",../../../../etc/hostname,", 1), encoding="utf-8"
    )
    with pytest.raises(DataError) as caught:
        load_region("model_city", city_data)
    assert "sources.csv" in str(caught.value) and "column 'file'" in str(caught.value), str(caught.value)
