"""Tables of derived figures, built from a region's facts (one row per figure, see Region.facts)."""

from __future__ import annotations

import pandas as pd

from helpers.base import bounds, metrics, periods, units

# Why no compound growth is computed, and which way a series turns: codes the wording layer puts in words.
YEARS_UNKNOWN, SAME_YEAR, ONE_YEAR, ZERO_START = "years_unknown", "same_year", "one_year", "zero_start"
RISES, FALLS = "rises", "falls"
CHANGE_COLUMNS = [
    "indicator",
    "scope",
    "dimension",
    "unit",
    "first",
    "last",
    "first_year",
    "last_year",
    "first_period",
    "last_period",
    "converted",
    "change",
    "pct_change",
    "years",
    "cagr",
    "cagr_reason",
    "bound",
    "n_values",
    "values",
    "gaps",
    "peak",
    "trough",
    "turns",
    "inputs",
]


def select(facts: pd.DataFrame, indicator: str, scope: str | None = None) -> pd.DataFrame:
    rows = facts[facts["indicator"] == indicator]
    return rows if scope is None else rows[rows["scope"] == scope]


def ordered_values(group: pd.DataFrame) -> pd.DataFrame | None:
    """The values of one indicator and scope in time order, or None when their order is not known.

    A before→after pair is ordered by its stages even without years; otherwise only dated values are ordered.
    """
    stages = set(group["stage"].dropna())
    if len(group) == 2 and stages == {"before", "after"}:
        return group.sort_values("stage", key=lambda s: s.map({"before": 0, "after": 1}))
    dated = group[group["year"].notna()]
    keys = list(zip(dated["year"], dated["stage"].fillna("")))
    if len(dated) < 2 or len(set(keys)) < len(keys) or (dated["year"].nunique() < 2 and len(stages) < 2):
        return None  # one period stated twice is a restatement, not a change
    return dated.iloc[sorted(range(len(dated)), key=lambda i: periods.order(dated.iloc[i]))]


def restatements(facts: pd.DataFrame) -> set[str]:
    """The figures that state again what an earlier one of the same indicator and scope stated: the same value
    (in the base unit) at the same stage, for a period ending the same year (新建…6家 since 2020, and 目前 …6个).
    Said once; each stays a figure of its own in the tables and the working papers."""
    seen, again = set(), set()
    for _, fact in facts.iterrows():
        if pd.isna(fact["year"]):
            continue
        stage = "" if pd.isna(fact["stage"]) else fact["stage"]
        key = (fact["indicator"], fact["scope"], stage, fact["year"], fact["base_value"])
        (again.add(fact["obs_id"]) if key in seen else seen.add(key))
    return again


def _cagr(first: pd.Series, last: pd.Series) -> tuple[float | None, int | None, str | None]:
    """Compound annual growth when both years are known; otherwise the reason it is not computed."""
    if pd.isna(first["year"]) or pd.isna(last["year"]):
        return None, None, YEARS_UNKNOWN
    years = int(last["year"] - first["year"])
    if years <= 0:
        return None, years, SAME_YEAR
    if years == 1:
        return None, years, ONE_YEAR
    if first["base_value"] <= 0:
        return None, years, ZERO_START
    return metrics.cagr(first["base_value"], last["base_value"], years), years, None


def _shape(values: pd.DataFrame) -> dict:
    """Peak, trough and turning points of a yearly series (three or more years), with the years it lacks."""
    dated = values[values["year"].notna()]
    if dated["year"].nunique() < 3:
        return {"gaps": [], "peak": None, "trough": None, "turns": []}
    years = [int(y) for y in dated["year"]]
    base = list(dated["base_value"])
    gaps = [y for y in range(years[0], years[-1] + 1) if y not in years]
    turns = [
        (years[i], FALLS if base[i] > base[i - 1] else RISES)
        for i in range(1, len(base) - 1)
        if (base[i] - base[i - 1]) * (base[i + 1] - base[i]) < 0
    ]
    return {"gaps": gaps, "peak": years[base.index(max(base))], "trough": years[base.index(min(base))], "turns": turns}


def _change_row(values: pd.DataFrame) -> dict:
    first, last = values.iloc[0], values.iloc[-1]
    unit, unit_scale = last["unit_shown"], last["scale"]
    cagr, years, reason = _cagr(first, last)
    change = metrics.change(first["base_value"], last["base_value"]) / unit_scale
    pct = metrics.pct_change(first["base_value"], last["base_value"]) if first["base_value"] else None
    row = {
        "indicator": last["indicator"],
        "scope": last["scope"],
        "dimension": last["dimension"],
        "unit": unit,
        "first": first["base_value"] / unit_scale,
        "last": last["value"],
        "first_year": first["year"],
        "last_year": last["year"],
        "first_period": periods.label(first),
        "last_period": periods.label(last),
        "converted": first["scale"] != unit_scale,
        "change": change,
        "pct_change": pct,
        "years": years,
        "cagr": cagr,
        "cagr_reason": reason,
        "bound": bounds.derived([(last, 1), (first, -1)]),
        "n_values": len(values),
        "values": values,
        "inputs": list(values["obs_id"]),
    }
    row.update(_shape(values))
    return row


def changes(facts: pd.DataFrame) -> pd.DataFrame:
    """For every indicator and scope with two or more values in a known order: first → last in a common unit,
    change, % change and compound annual growth (or why not), and for a series its peak, trough, turns and gaps."""
    rows = []
    for _, group in facts.groupby(["indicator", "scope"], sort=False):
        values = ordered_values(group)
        if values is not None:
            rows.append(_change_row(values))
    return pd.DataFrame(rows, columns=CHANGE_COLUMNS)


def annualised(facts: pd.DataFrame) -> pd.DataFrame:
    """Monthly per-person amounts (元/人/月) with their yearly equivalent (× 12) and its unit (元/人/年)."""
    monthly = facts[(facts["dimension"] == "benefit_rate") & (facts["per_period"] == "month")]
    rows = [
        {
            "obs_id": f["obs_id"],
            "fact": f,
            "monthly": f["value"],
            "yearly": metrics.per_year(f["value"], "month"),
            "yearly_unit": units.yearly_unit(f["unit"]),
        }
        for _, f in monthly.iterrows()
    ]
    return pd.DataFrame(rows, columns=["obs_id", "fact", "monthly", "yearly", "yearly_unit"])
