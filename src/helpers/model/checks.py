"""Recomputing the figures a source states about itself (percent changes, 倍, 年均增长, shares, totals …).

Each row of a chapter's checks.csv names a stated figure, a formula and the figures it should follow from
(obs_ids, or `indicator:scope@year` references that may name a figure the data lack). Every input is
converted to a common unit first. The verdict says which reading matched: agrees to the stated rounding;
agrees only under another reading (a simple average rather than compound growth, 是…的N倍 rather than
增长了N倍); disagrees, and by how much; or cannot be checked, and which input is missing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from helpers.base import metrics
from helpers.data.schemas import FORMULA_NAMES, REFERENCE

AGREES, OTHER_READING, DIFFERS, UNCHECKABLE = "agrees", "other_reading", "differs", "uncheckable"
# Readings a stated figure may have been computed by, besides the declared one (the wording layer names them).
CAGR, SIMPLE_AVERAGE, RATIO, INCREASE = "cagr", "simple_average", "ratio", "increase"
CHECK_COLUMNS = [
    "check_id",
    "note_zh",
    "formula",
    "stated_id",
    "inputs",
    "stated",
    "stated_value",
    "unit",
    "decimals",
    "computed",
    "shown_decimals",
    "operands",
    "converted",
    "years",
    "reading",
    "reading_value",
    "gap",
    "candidates",
    "missing",
    "agrees",
    "verdict",
]


@dataclass
class Outcome:
    """What recomputing one stated figure gives: numbers and codes only (helpers.wording.verdicts writes them)."""

    verdict: str
    computed: float | None = None
    unit: str = ""
    shown_decimals: int = 0
    operands: tuple = ()  # the figures the formula combines, as the source wrote them (values)
    converted: bool = False  # inputs in different units, converted first
    years: int | None = None
    reading: str | None = None  # the other reading that agrees
    reading_value: float | None = None
    gap: float | None = None  # computed − stated, when they differ
    candidates: tuple = ()  # whole_share: (count, share %) pairs next to the stated share
    missing: tuple = ()  # inputs the data lack: obs ids or `indicator:scope@year` references

    @property
    def agrees(self) -> bool:
        return self.verdict == AGREES


def _decimals(stated) -> int:
    return metrics.decimals_of(stated["as_written"])


def _agrees(stated, computed: float) -> bool:
    """Within the source's rounding; a bounded statement (超过, 不低于 …) holds on its side of the bound."""
    decimals = _decimals(stated)
    bound = stated.get("bound")
    tolerance = 0.5 * 10 ** (-decimals) + 1e-9
    if bound == "lower":
        return computed >= stated["value"] - tolerance
    if bound == "upper":
        return computed <= stated["value"] + tolerance
    if bound == "approx":
        return abs(computed - stated["value"]) <= max(tolerance, 0.05 * abs(stated["value"]))
    return metrics.agrees_to_rounding(stated["value"], computed, decimals)


def _judge(stated, computed: float, unit: str, operands: tuple, others: dict | None = None, **more) -> Outcome:
    """The verdict for one declared reading, trying `others` (reading → value) when it does not agree."""
    shown = 0 if float(computed).is_integer() else _decimals(stated) + (2 if unit == "%" else 1)
    outcome = dict(computed=computed, unit=unit, shown_decimals=shown, operands=operands, **more)
    if _agrees(stated, computed):
        return Outcome(AGREES, **outcome)
    for reading, value in (others or {}).items():
        if _agrees(stated, value):
            return Outcome(OTHER_READING, reading=reading, reading_value=value, **outcome)
    return Outcome(DIFFERS, gap=computed - stated["value"], **outcome)


def _base(fact) -> float:
    return float(fact["base_value"])


def _years(first, last) -> int | None:
    if pd.isna(first["year"]) or pd.isna(last["year"]):
        return None
    return int(last["year"] - first["year"])


def _values(*facts) -> tuple:
    return tuple(float(f["value"]) for f in facts)


def _pct_change(stated, inputs) -> Outcome:
    before, after = inputs
    computed = metrics.pct_change(_base(before), _base(after))
    years = _years(before, after)
    others = {CAGR: metrics.cagr(_base(before), _base(after), years)} if years and years > 0 else {}
    converted = before["unit_shown"] != after["unit_shown"]
    return _judge(stated, computed, "%", _values(after, before), others, converted=converted)


def _multiple_increase(stated, inputs) -> Outcome:
    """“增长了N倍”: the new value is N + 1 times the old (增长了1.2倍 = +120%)."""
    before, after = inputs
    ratio = _base(after) / _base(before)
    return _judge(stated, ratio - 1, "倍", _values(after, before), {RATIO: ratio})


def _multiple_of(stated, inputs) -> Outcome:
    """“是…的N倍”: the new value is N times the old."""
    before, after = inputs
    ratio = _base(after) / _base(before)
    return _judge(stated, ratio, "倍", _values(after, before), {INCREASE: ratio - 1})


def _cagr(stated, inputs) -> Outcome | None:
    before, after = inputs
    years = _years(before, after)
    if not years or years <= 0:
        return None
    computed = metrics.cagr(_base(before), _base(after), years)
    simple = metrics.pct_change(_base(before), _base(after)) / years
    return _judge(stated, computed, "%", _values(after, before), {SIMPLE_AVERAGE: simple}, years=years)


def _simple_average(stated, inputs) -> Outcome | None:
    before, after = inputs
    years = _years(before, after)
    if not years or years <= 0:
        return None
    computed = metrics.pct_change(_base(before), _base(after)) / years
    others = {CAGR: metrics.cagr(_base(before), _base(after), years)}
    return _judge(stated, computed, "%", _values(after, before), others, years=years)


def _share(stated, inputs) -> Outcome:
    part, whole = inputs
    return _judge(stated, metrics.share(_base(part), _base(whole)), "%", _values(part, whole))


def _per_household(stated, inputs) -> Outcome:
    persons, households = inputs
    ratio = metrics.ratio(_base(persons), _base(households))
    return _judge(stated, ratio, stated["unit_shown"], _values(persons, households))


def _total(stated, inputs) -> Outcome:
    computed = metrics.total(_base(i) for i in inputs) / float(stated["scale"])
    return _judge(stated, computed, stated["unit_shown"], _values(*inputs))


def _year_span(stated, inputs) -> Outcome | None:
    first, last = inputs
    years = _years(first, last)
    if years is None:
        return None
    return _judge(stated, float(years), "年", (int(last["year"]), int(first["year"])))


def _equal(stated, inputs) -> Outcome:
    (other,) = inputs
    same = _base(other) == _base(stated)
    return Outcome(AGREES if same else DIFFERS, float(other["value"]), operands=(other["as_written"],))


def _whole_share(stated, inputs) -> Outcome:
    """Can a stated % of a whole count be a whole number of items? Computed: the nearest possible %."""
    (whole,) = inputs
    n = whole["value"]
    exact = stated["value"] / 100 * n
    candidates = sorted({math.floor(exact), math.ceil(exact)})
    shares = [metrics.share(k, n) for k in candidates]
    agrees = any(metrics.agrees_to_rounding(stated["value"], s, _decimals(stated)) for s in shares)
    nearest = min(shares, key=lambda s: abs(s - stated["value"]))
    return Outcome(
        AGREES if agrees else DIFFERS,
        nearest,
        unit="%",
        operands=(float(n), exact),
        candidates=tuple(zip(candidates, shares)),
    )


FORMULAS = {
    "pct_change": _pct_change,
    "multiple_increase": _multiple_increase,
    "multiple_of": _multiple_of,
    "cagr": _cagr,
    "simple_average": _simple_average,
    "share": _share,
    "per_household": _per_household,
    "total": _total,
    "year_span": _year_span,
    "equal": _equal,
    "whole_share": _whole_share,
}
assert tuple(FORMULAS) == FORMULA_NAMES, "every formula the data may name is computed here"
YEARS_UNKNOWN = "years_unknown"  # `missing` when the inputs exist but their years are not all stated


def resolve(token: str, facts: pd.DataFrame) -> pd.Series | None:
    """An input of a check: an obs_id, or `indicator:scope@year`; None when the data do not have it."""
    if token in facts.index:
        return facts.loc[token]
    match = REFERENCE.match(token)
    if not match:
        return None
    indicator, scope, year = match.groups()
    found = facts[(facts["indicator"] == indicator) & (facts["scope"] == scope) & (facts["year"] == int(year))]
    return found.iloc[-1] if len(found) else None


def run_check(check: pd.Series, facts: pd.DataFrame) -> Outcome:
    stated = facts.loc[check["stated"]]
    tokens = check["inputs"].split()
    inputs = [resolve(t, facts) for t in tokens]
    missing = tuple(t for t, i in zip(tokens, inputs) if i is None)
    if missing:
        return Outcome(UNCHECKABLE, missing=missing)
    outcome = FORMULAS[check["formula"]](stated, inputs)
    return outcome if outcome is not None else Outcome(UNCHECKABLE, missing=(YEARS_UNKNOWN,))


def run_checks(facts: pd.DataFrame, checks: pd.DataFrame, chapter: str | None = None) -> pd.DataFrame:
    """One row per check (of `chapter`, if given): what the source states, what its own figures give, and the
    verdict as a code; helpers.wording.verdicts says it in words."""
    rows = []
    for _, check in checks.iterrows():
        stated = facts.loc[check["stated"]]
        if chapter is not None and stated["chapter"] != chapter:
            continue
        outcome = run_check(check, facts)
        rows.append(
            {
                "check_id": check["check_id"],
                "note_zh": check["note_zh"],
                "formula": check["formula"],
                "stated_id": check["stated"],
                "inputs": check["inputs"],
                "stated": stated["as_written"],
                "stated_value": float(stated["value"]),
                "decimals": _decimals(stated),
                **{k: v for k, v in vars(outcome).items()},
                "agrees": outcome.agrees,
            }
        )
    return pd.DataFrame(rows, columns=CHECK_COLUMNS)
