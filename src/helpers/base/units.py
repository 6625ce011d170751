"""Units: every value also in its dimension's base unit, so that figures written in different units compare.

The units table (data/units.csv) gives each unit's dimension, factor and period: 元/人/月 and 元/人/年 are one
dimension (a benefit rate, based per year), 万人 is 10,000 人, 亿元 is 10^8 元, and spellings such as 元/人月
name their usual form in `same_as`.
"""

from __future__ import annotations

import re

import pandas as pd

MONTHS_PER_YEAR = 12
# A per-person standard's unit in any of its spellings: 元/人/月, 元/月/人, 元/人月, 万元/人/年 …
PER_PERSON = re.compile(r"^(?P<money>[^/]+)/(?:(?P<period>[月年])/人|人/?(?P<period2>[月年]))$")


def yearly_unit(text: str) -> str:
    """A monthly standard's unit as its yearly equivalent's: 元/人/月 → 元/人/年 (the amount as the source gave it)."""
    match = PER_PERSON.match(text or "")
    return f"{match['money']}/人/年" if match else text


def scale(unit_row: pd.Series) -> float:
    """How many base units one of this unit is: its factor, times 12 for a per-month rate (base: per year)."""
    return float(unit_row["factor"]) * (MONTHS_PER_YEAR if unit_row.get("per_period") == "month" else 1)


def with_base_values(facts: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """Facts with `scale` (base units per unit), `base_value` and `unit_shown` (the usual spelling of the unit)."""
    table = units.set_index("unit")
    scales = {u: scale(row) for u, row in table.iterrows()}
    shown = {
        u: (row["same_as"] if isinstance(row.get("same_as"), str) and row["same_as"] else u)
        for u, row in table.iterrows()
    }
    facts = facts.assign(scale=facts["unit"].map(scales).astype(float))
    return facts.assign(base_value=facts["value"] * facts["scale"], unit_shown=[shown.get(u, u) for u in facts["unit"]])
