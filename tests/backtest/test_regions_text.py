"""Every real region under data/ (no list of them here): its data load and validate, and every sentence the report
generates from its figures keeps the house style (the rules themselves: tests/unit/test_style.py)."""

import pytest

from helpers.data.chapters import available_regions
from helpers.data.load import load_region
from unit.test_style import assert_house_style


@pytest.mark.parametrize("region", available_regions())
def test_every_region_under_data_is_valid(region):
    """Whatever regions data/ holds: each loads and validates."""
    assert not load_region(region).observations.empty


@pytest.mark.parametrize("region", available_regions())
def test_every_regions_sentences_keep_the_house_style(region):
    assert_house_style(load_region(region))
