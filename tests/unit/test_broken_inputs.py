"""The corpus of broken (or merely unusual) data files, each a broken copy of one of the fixture region model_city's
tables: each gives the one message cases.yml states, or loads.

In process (the fast tier): the message is the text of the data error the build prints after "error: "; that it
reaches a user through make, with reports kept, is tested end to end for a few of them (test_faults).
"""

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
