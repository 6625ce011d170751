"""Recomputing the percentages, totals and counts the source itself states, from its own raw figures.

Each row of data/<region>/checks.csv names a stated figure, a formula and the figures it should follow
from; `run_checks` says whether the stated figure is right to the rounding the source used.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from helpers import fmt, metrics

AGREES, DIFFERS = "一致", "不一致"


@dataclass
class Outcome:
    computed: float
    working: str
    agrees: bool


def _pct_change(stated, inputs) -> Outcome:
    before, after = inputs
    computed = metrics.pct_change(before["value"], after["value"])
    decimals = metrics.decimals_of(stated["as_written"])
    working = (f"({fmt.number(after['value'])} − {fmt.number(before['value'])}) ÷ "
               f"{fmt.number(before['value'])} × 100 = {fmt.percent(computed, decimals + 2)}")
    return Outcome(computed, working, metrics.agrees_to_rounding(stated["value"], computed, decimals))


def _year_span(stated, inputs) -> Outcome:
    first, last = inputs
    computed = float(last["year"] - first["year"])
    working = f"{int(last['year'])} − {int(first['year'])} = {computed:.0f}"
    return Outcome(computed, working, computed == stated["value"])


def _equal(stated, inputs) -> Outcome:
    (other,) = inputs
    working = f"另一处写作“{other['as_written']}”"
    return Outcome(float(other["value"]), working, other["value"] == stated["value"])


def _total(stated, inputs) -> Outcome:
    computed = metrics.total(i["value"] for i in inputs)
    working = " + ".join(fmt.number(i["value"]) for i in inputs) + f" = {fmt.number(computed)}"
    return Outcome(computed, working, metrics.agrees_to_rounding(stated["value"], computed,
                                                                 metrics.decimals_of(stated["as_written"])))


def _whole_share(stated, inputs) -> Outcome:
    """Can a stated % of a whole count be a whole number of items? Computed: the nearest possible %."""
    (whole,) = inputs
    n = whole["value"]
    exact = stated["value"] / 100 * n
    candidates = sorted({math.floor(exact), math.ceil(exact)})
    shares = [metrics.share(k, n) for k in candidates]
    decimals = metrics.decimals_of(stated["as_written"])
    agrees = any(metrics.agrees_to_rounding(stated["value"], s, decimals) for s in shares)
    nearest = min(shares, key=lambda s: abs(s - stated["value"]))
    working = f"{fmt.number(n)} × {fmt.percent(stated['value'], decimals)} = {fmt.number(exact, 1)}；" + \
              "，".join(f"{k}/{fmt.number(n)} = {fmt.percent(s)}" for k, s in zip(candidates, shares))
    return Outcome(nearest, working, agrees)


FORMULAS = {"pct_change": _pct_change, "year_span": _year_span, "equal": _equal,
            "total": _total, "whole_share": _whole_share}


def run_checks(facts: pd.DataFrame, checks: pd.DataFrame, chapter: str | None = None) -> pd.DataFrame:
    """One row per check: what the source states, what its own figures give, and whether they agree."""
    rows = []
    for _, check in checks.iterrows():
        stated = facts.loc[check["stated"]]
        if chapter is not None and stated["chapter"] != chapter:
            continue
        inputs = [facts.loc[i] for i in check["inputs"].split()]
        outcome = FORMULAS[check["formula"]](stated, inputs)
        rows.append({"check_id": check["check_id"], "note_zh": check["note_zh"],
                     "stated": stated["as_written"], "working": outcome.working,
                     "computed": outcome.computed, "agrees": outcome.agrees,
                     "verdict": AGREES if outcome.agrees else DIFFERS})
    return pd.DataFrame(rows, columns=["check_id", "note_zh", "stated", "working", "computed",
                                       "agrees", "verdict"])
