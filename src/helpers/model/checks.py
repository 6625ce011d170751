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
from helpers.wording import fmt

AGREES, OTHER_READING, DIFFERS, UNCHECKABLE = "一致", "另一读法下一致", "不一致", "无法核对"
CHECK_COLUMNS = ["check_id", "note_zh", "stated", "working", "computed", "agrees", "verdict", "finding"]


@dataclass
class Outcome:
    computed: float | None
    working: str
    verdict: str
    finding: str

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


def _judge(stated, computed: float, unit: str, working: str, others: dict[str, float] | None = None) -> Outcome:
    """The verdict for one declared reading, trying `others` (reading name → value) when it does not agree."""
    shown = fmt.number(computed, 0 if float(computed).is_integer() else _decimals(stated) + (2 if unit == "%" else 1))
    working = f"{working} = {shown}{unit}"
    if _agrees(stated, computed):
        return Outcome(computed, working, AGREES, f"按原文数字重算为{shown}{unit}，与原文按其取整精度一致。")
    for name, value in (others or {}).items():
        if _agrees(stated, value):
            return Outcome(
                value,
                working,
                OTHER_READING,
                f"按原文数字重算为{shown}{unit}，与原文不符；但若理解为{name}，则为"
                f"{fmt.number(value, _decimals(stated) + 1)}{unit}，与原文一致。原文可能采用了这种算法。",
            )
    gap = computed - stated["value"]
    return Outcome(
        computed,
        working,
        DIFFERS,
        f"按原文数字重算为{shown}{unit}，与原文相差{fmt.number(abs(gap), _decimals(stated) + 1)}{unit}"
        "，按原文的取整精度不一致；原文未说明算法，差异原因不明。",
    )


def _base(fact) -> float:
    return float(fact["base_value"])


def _years(first, last) -> int | None:
    if pd.isna(first["year"]) or pd.isna(last["year"]):
        return None
    return int(last["year"] - first["year"])


def _pct_change(stated, inputs) -> Outcome:
    before, after = inputs
    computed = metrics.pct_change(_base(before), _base(after))
    working = f"({fmt.number(after['value'])} − {fmt.number(before['value'])}) ÷ {fmt.number(before['value'])} × 100"
    if before["unit_shown"] != after["unit_shown"]:
        working = f"按同一单位换算后 {working}"
    years = _years(before, after)
    others = {"年均增长（复合）": metrics.cagr(_base(before), _base(after), years)} if years and years > 0 else {}
    return _judge(stated, computed, "%", working, others)


def _multiple_increase(stated, inputs) -> Outcome:
    """“增长了N倍”: the new value is N + 1 times the old (增长了1.2倍 = +120%)."""
    before, after = inputs
    ratio = _base(after) / _base(before)
    working = f"{fmt.number(after['value'])} ÷ {fmt.number(before['value'])} − 1"
    return _judge(stated, ratio - 1, "倍", working, {"“是原来的N倍”（新值÷旧值）": ratio})


def _multiple_of(stated, inputs) -> Outcome:
    """“是…的N倍”: the new value is N times the old."""
    before, after = inputs
    ratio = _base(after) / _base(before)
    working = f"{fmt.number(after['value'])} ÷ {fmt.number(before['value'])}"
    return _judge(stated, ratio, "倍", working, {"“增长了N倍”（新值÷旧值−1）": ratio - 1})


def _cagr(stated, inputs) -> Outcome | None:
    before, after = inputs
    years = _years(before, after)
    if not years or years <= 0:
        return None
    computed = metrics.cagr(_base(before), _base(after), years)
    simple = metrics.pct_change(_base(before), _base(after)) / years
    working = f"({fmt.number(after['value'])} ÷ {fmt.number(before['value'])})^(1/{years}) − 1"
    return _judge(stated, computed, "%", working, {f"简单平均（总增幅÷{years}年，而非复合增长）": simple})


def _simple_average(stated, inputs) -> Outcome | None:
    before, after = inputs
    years = _years(before, after)
    if not years or years <= 0:
        return None
    computed = metrics.pct_change(_base(before), _base(after)) / years
    working = (
        f"({fmt.number(after['value'])} − {fmt.number(before['value'])}) ÷ {fmt.number(before['value'])}"
        f" × 100 ÷ {years}"
    )
    return _judge(
        stated, computed, "%", working, {"年均增长（复合）": metrics.cagr(_base(before), _base(after), years)}
    )


def _share(stated, inputs) -> Outcome:
    part, whole = inputs
    working = f"{fmt.number(part['value'])} ÷ {fmt.number(whole['value'])} × 100"
    return _judge(stated, metrics.share(_base(part), _base(whole)), "%", working)


def _per_household(stated, inputs) -> Outcome:
    persons, households = inputs
    working = f"{fmt.number(persons['value'])} ÷ {fmt.number(households['value'])}"
    return _judge(stated, metrics.ratio(_base(persons), _base(households)), stated["unit_shown"], working)


def _total(stated, inputs) -> Outcome:
    computed = metrics.total(_base(i) for i in inputs) / float(stated["scale"])
    working = " + ".join(fmt.number(i["value"]) for i in inputs) + f" = {fmt.number(computed)}"
    return _judge(stated, computed, stated["unit_shown"], working)


def _year_span(stated, inputs) -> Outcome | None:
    first, last = inputs
    years = _years(first, last)
    if years is None:
        return None
    working = f"{int(last['year'])} − {int(first['year'])}"
    return _judge(stated, float(years), "年", working)


def _equal(stated, inputs) -> Outcome:
    (other,) = inputs
    working = f"另一处写作“{other['as_written']}”"
    same = _base(other) == _base(stated)
    finding = "两处数字相同。" if same else f"两处数字不同（另一处为{other['as_written']}）。"
    return Outcome(float(other["value"]), working, AGREES if same else DIFFERS, finding)


def _whole_share(stated, inputs) -> Outcome:
    """Can a stated % of a whole count be a whole number of items? Computed: the nearest possible %."""
    (whole,) = inputs
    n = whole["value"]
    exact = stated["value"] / 100 * n
    candidates = sorted({math.floor(exact), math.ceil(exact)})
    shares = [metrics.share(k, n) for k in candidates]
    decimals = _decimals(stated)
    agrees = any(metrics.agrees_to_rounding(stated["value"], s, decimals) for s in shares)
    nearest = min(shares, key=lambda s: abs(s - stated["value"]))
    working = f"{fmt.number(n)} × {fmt.percent(stated['value'], decimals)} = {fmt.number(exact, 1)}；" + "，".join(
        f"{k}/{fmt.number(n)} = {fmt.percent(s)}" for k, s in zip(candidates, shares)
    )
    finding = (
        "存在与之相符的整数个数。"
        if agrees
        else f"没有一个整数个数能恰好给出{fmt.percent(stated['value'], decimals)}：{working}。原文的百分比可能是约数。"
    )
    return Outcome(nearest, working, AGREES if agrees else DIFFERS, finding)


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
WHY_YEARS = "起止年份未全部载明，无法计算年数"


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


def describe_missing(token: str, labels: dict[str, str], scopes: dict[str, str]) -> str:
    match = REFERENCE.match(token)
    if not match:
        return token
    indicator, scope, year = match.groups()
    scope_zh = "" if scope == "all" else scopes.get(scope, scope)
    return f"{year}年{scope_zh}{labels.get(indicator, indicator)}"


def run_check(check: pd.Series, facts: pd.DataFrame, labels: dict[str, str], scopes: dict[str, str]) -> Outcome:
    stated = facts.loc[check["stated"]]
    tokens = check["inputs"].split()
    inputs = [resolve(t, facts) for t in tokens]
    missing = [describe_missing(t, labels, scopes) for t, i in zip(tokens, inputs) if i is None]
    if missing:
        return Outcome(None, "—", UNCHECKABLE, f"无法核对：数据中没有{'、'.join(missing)}（来源未载明），不作推算。")
    outcome = FORMULAS[check["formula"]](stated, inputs)
    if outcome is None:
        return Outcome(None, "—", UNCHECKABLE, f"无法核对：{WHY_YEARS}。")
    return outcome


def run_checks(
    facts: pd.DataFrame,
    checks: pd.DataFrame,
    chapter: str | None = None,
    indicators: pd.DataFrame | None = None,
    scope_table: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per check: what the source states, what its own figures give, and the verdict in words.

    A missing input is named from the label tables when given (it may be an indicator the region has no figure of).
    """
    labels = dict(zip(indicators["indicator"], indicators["name_zh"])) if indicators is not None else {}
    labels.update(zip(facts["indicator"], facts["name_zh"]))
    scopes = dict(zip(scope_table["scope"], scope_table["name_zh"])) if scope_table is not None else {}
    scopes.update(zip(facts["scope"], facts["scope_zh"]))
    rows = []
    for _, check in checks.iterrows():
        stated = facts.loc[check["stated"]]
        if chapter is not None and stated["chapter"] != chapter:
            continue
        outcome = run_check(check, facts, labels, scopes)
        rows.append(
            {
                "check_id": check["check_id"],
                "note_zh": check["note_zh"],
                "stated": stated["as_written"],
                "working": outcome.working,
                "computed": outcome.computed,
                "agrees": outcome.agrees,
                "verdict": outcome.verdict,
                "finding": outcome.finding,
            }
        )
    return pd.DataFrame(rows, columns=CHECK_COLUMNS)
