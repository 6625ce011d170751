"""Parameters are data, never code: every make variable is checked by make itself, on its raw text, before
anything runs — dry runs and `make help` included — and a command hidden in a value never runs."""

import subprocess

import pytest

from conftest import make

VARIABLES = ["REGION", "REGIONS", "START", "END", "COMPARE", "DATA", "REPORTS", "JOBS", "BENCH", "CELL_TIMEOUT"]
INJECTIONS = [
    "x';touch {marker};echo '",
    "$(shell touch {marker})",
    "a;{{touch,{marker}}};b",
    "`touch {marker}`",
    "$$(touch {marker})",
    "on ';touch {marker}'",
]


def _make(*args) -> subprocess.CompletedProcess:
    return make(*args, check=False)


@pytest.mark.parametrize("variable", VARIABLES)
@pytest.mark.parametrize("injection", INJECTIONS)
@pytest.mark.parametrize("dry", [True, False], ids=["dry-run", "help"])
def test_an_injected_command_never_runs(tmp_path, variable, injection, dry):
    marker = tmp_path / "marker"
    value = injection.format(marker=marker)
    result = _make(*(["-n"] if dry else []), "help", f"{variable}={value}")
    assert not marker.exists(), f"{variable}={value} ran a command"
    assert result.returncode != 0
    assert f"parameter {variable}: " in result.stderr and "is not allowed; allowed:" in result.stderr


@pytest.mark.parametrize(
    "assignment, allowed",
    [
        ("START=２０１２", "ASCII digits"),
        ("START=02012", "no leading zero"),
        ("JOBS=0", "1 or more"),
        ("REGION=a b", "a region id"),
        ("DATA=/tmp/x y", "no spaces"),
        ("COMPARE=maybe", "on or off"),
    ],
)
def test_a_bad_value_gets_one_message_naming_it(assignment, allowed):
    result = _make("-n", "help", assignment)
    assert result.returncode != 0 and result.stderr.count("parameter ") == 1 and allowed in result.stderr


def test_good_values_pass():
    assert (
        _make(
            "-n",
            "help",
            "REGION=jinzhong",
            "START=2012",
            "END=2022",
            "COMPARE=off",
            "JOBS=2",
            "REGIONS=jinzhong shanxi",
            "DATA=data",
            "REPORTS=/tmp/reports-x",
        ).returncode
        == 0
    )
