"""Parameters are data, never code: every make variable is checked by make itself, on its raw text, before
anything runs — dry runs and `make help` included — and a command hidden in a value never runs."""

import subprocess

import pytest

from conftest import make

VARIABLES = [
    "REGION",
    "REGIONS",
    "START",
    "END",
    "COMPARE",
    "DATA",
    "REPORTS",
    "JOBS",
    "BENCH",
    "CELL_TIMEOUT",
    "LAB_PORT",
    "LAB_IP",
]
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
        ("START=２０１２", "parameter START: '２０１２' is not allowed; allowed: a year in ASCII digits"),
        ("START=02012", "parameter START: '02012' is not allowed; allowed: a year in ASCII digits such as 2012 (no"),
        ("JOBS=0", "parameter JOBS: '0' is not allowed; allowed: a whole number of chapters at a time, 1 or more"),
        ("REGION=a b", "parameter REGION: 'a b' is not allowed; allowed: a region id"),
        ("REGION=../data", "parameter REGION: '../data' is not allowed"),
        ("DATA=/tmp/x y", "no spaces"),
        ("COMPARE=maybe", "parameter COMPARE: 'maybe' is not allowed; allowed: on or off"),
        ("CELL_TIMEOUT=0", "parameter CELL_TIMEOUT: '0' is not allowed"),
        ("LAB_PORT=65536", "parameter LAB_PORT: '65536' is not allowed; allowed: a port number from 1 to 65535"),
        ("LAB_PORT=0", "parameter LAB_PORT: '0' is not allowed"),
        ("LAB_IP=a b", "parameter LAB_IP: 'a b' is not allowed; allowed: an address"),
    ],
)
def test_a_bad_value_gets_one_message_naming_it(assignment, allowed):
    """Refused while make parses, whatever the goal: nothing runs, so no report can change (the values that need
    the data to judge are taken through a build in tests/e2e/test_faults.py)."""
    result = _make("-n", "help", assignment)
    assert result.returncode != 0 and result.stderr.count("parameter ") == 1 and allowed in result.stderr


def test_validate_checks_a_regions_data_without_building(city_data):
    """`make validate`: the data checked (here the fixture region's, in another data folder), nothing built."""
    result = make(f"DATA={city_data}", "REGION=odd_county", "validate")
    assert "odd_county: " in result.stdout and "valid" in result.stdout
    (city_data / "odd_county" / "social_assistance" / "observations.csv").write_text("x\n", encoding="utf-8")
    result = _make(f"DATA={city_data}", "REGION=odd_county", "validate")
    assert result.returncode != 0 and "column 'quote': required column is missing" in result.stderr


def test_good_values_pass():
    assert (
        _make(
            "-n",
            "help",
            "REGION=model_city",
            "START=2012",
            "END=2022",
            "COMPARE=off",
            "JOBS=2",
            "LAB_PORT=8888",
            "LAB_IP=127.0.0.1",
            "REGIONS=model_city odd_county",
            "DATA=data",
            "REPORTS=/tmp/reports-x",
        ).returncode
        == 0
    )


def test_parameters_are_checked_against_the_data(city):
    """After make, the build checks the values against the data folder: a known region, years within its data,
    comparisons on or off."""
    from helpers.data.params import ParameterError, check_parameters

    root = city.root
    assert check_parameters(city.id, 2012, 2022, "off", root)["compare"] is False
    assert check_parameters(city.id, 2012, 2022, "on", root)["compare"] is True
    for args, says in [
        ((2012, 2022, "maybe"), "parameter compare: 'maybe' is not allowed; allowed: on, off"),
        ((2022, 2012, "on"), "parameter start_year: 2022 is after end_year 2012"),
        ((2011, 2022, "on"), f"parameter start_year: 2011 is outside the years of {city.id}'s data"),
    ]:
        with pytest.raises(ParameterError) as caught:
            check_parameters(city.id, *args, root)
        assert says in str(caught.value)
    with pytest.raises(ParameterError, match="atlantis"):
        check_parameters("atlantis", 2012, 2022, "on", root)


@pytest.mark.parametrize("dry", [True, False], ids=["dry-run", "help"])
def test_a_variable_the_makefile_does_not_know_is_refused_before_it_can_expand(tmp_path, dry):
    """make would expand any command-line variable into every recipe's environment ($(shell …) included)."""
    marker = tmp_path / "marker"
    result = _make(*(["-n"] if dry else []), "help", f"FOO=$(shell touch {marker})")
    assert not marker.exists() and result.returncode != 0
    assert "parameter FOO is not one of this Makefile's:" in result.stderr


def test_an_unknown_bench_is_refused():
    result = _make("-n", "bench", "BENCH=foo")
    assert (
        result.returncode != 0 and "parameter BENCH: 'foo' is not allowed; allowed: empty or regions" in result.stderr
    )
