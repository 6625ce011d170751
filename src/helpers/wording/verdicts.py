"""What recomputing the source's own figures found (helpers.model.checks), in words: the verdict, the working
(the formula with the source's numbers) and an editor's calm note on each figure."""

from __future__ import annotations

import pandas as pd

from helpers.data.schemas import REFERENCE
from helpers.model import checks as model
from helpers.wording import fmt, style

VERDICT_ZH = {
    model.AGREES: "一致",
    model.OTHER_READING: "另一读法下一致",
    model.DIFFERS: "不一致",
    model.UNCHECKABLE: "无法核对",
}
WHY_YEARS = "起止年份未全部载明，无法计算年数"


def reading_name(check: pd.Series) -> str:
    """The reading under which the stated figure agrees, as a reader would call it."""
    return {
        model.CAGR: "年均增长（复合）",
        model.SIMPLE_AVERAGE: f"简单平均（总增幅÷{check['years']}年，而非复合增长）",
        model.RATIO: "“是原来的N倍”（新值÷旧值）",
        model.INCREASE: "“增长了N倍”（新值÷旧值−1）",
    }[check["reading"]]


def _formula(check: pd.Series) -> str:
    """The declared formula with the source's figures: '(645 − 380) ÷ 380 × 100'."""
    kind, ops = check["formula"], check["operands"]
    n = [fmt.number(v) for v in ops] if kind not in ("equal", "year_span") else [str(v) for v in ops]
    if kind == "pct_change":
        return ("按同一单位换算后 " if check["converted"] else "") + f"({n[0]} − {n[1]}) ÷ {n[1]} × 100"
    if kind == "multiple_increase":
        return f"{n[0]} ÷ {n[1]} − 1"
    if kind in ("multiple_of", "per_household"):
        return f"{n[0]} ÷ {n[1]}"
    if kind == "cagr":
        return f"({n[0]} ÷ {n[1]})^(1/{check['years']}) − 1"
    if kind == "simple_average":
        return f"({n[0]} − {n[1]}) ÷ {n[1]} × 100 ÷ {check['years']}"
    if kind == "share":
        return f"{n[0]} ÷ {n[1]} × 100"
    if kind == "total":
        return " + ".join(n) + f" = {fmt.number(check['computed'])}"
    if kind == "year_span":
        return f"{n[0]} − {n[1]}"
    raise ValueError(f"no working for formula {kind}")


def _shown(check: pd.Series) -> str:
    return f"{fmt.number(check['computed'], int(check['shown_decimals']))}{check['unit']}"


def working(check: pd.Series) -> str:
    """The recomputation as a reader can redo it, or '—' when it cannot be made."""
    if check["verdict"] == model.UNCHECKABLE:
        return "—"
    if check["formula"] == "equal":
        return f"另一处写作“{check['operands'][0]}”"
    if check["formula"] == "whole_share":
        n, exact = check["operands"]
        stated = fmt.percent(check["stated_value"], int(check["decimals"]))
        tried = "，".join(f"{k}/{fmt.number(n)} = {fmt.percent(s)}" for k, s in check["candidates"])
        return f"{fmt.number(n)} × {stated} = {fmt.number(exact, 1)}；{tried}"
    return f"{_formula(check)} = {_shown(check)}"


def describe_missing(token: str, labels: dict[str, str], scopes: dict[str, str]) -> str:
    """An input the data lack, named as a reader would: '2012年城市低保标准'."""
    match = REFERENCE.match(token)
    if not match:
        return token
    indicator, scope, year = match.groups()
    scope_zh = "" if scope == "all" else scopes.get(scope, scope)
    return f"{year}年{scope_zh}{labels.get(indicator, indicator)}"


def _why_uncheckable(check: pd.Series, labels: dict[str, str], scopes: dict[str, str]) -> str:
    if tuple(check["missing"]) == (model.YEARS_UNKNOWN,):
        return WHY_YEARS
    missing = "、".join(describe_missing(t, labels, scopes) for t in check["missing"])
    return f"数据中没有{missing}（来源未载明），不作推算"


def finding(check: pd.Series, labels: dict[str, str], scopes: dict[str, str]) -> str:
    """The verdict with its reason, as the working papers state it."""
    verdict, decimals = check["verdict"], int(check["decimals"])
    if verdict == model.UNCHECKABLE:
        return f"无法核对：{_why_uncheckable(check, labels, scopes)}。"
    if check["formula"] == "equal":
        return "两处数字相同。" if verdict == model.AGREES else f"两处数字不同（另一处为{check['operands'][0]}）。"
    if check["formula"] == "whole_share":
        if verdict == model.AGREES:
            return "存在与之相符的整数个数。"
        stated = fmt.percent(check["stated_value"], decimals)
        return f"没有一个整数个数能恰好给出{stated}：{working(check)}。原文的百分比可能是约数。"
    shown, unit = _shown(check), check["unit"]
    if verdict == model.AGREES:
        return f"按原文数字重算为{shown}，与原文按其取整精度一致。"
    if verdict == model.OTHER_READING:
        return (
            f"按原文数字重算为{shown}，与原文不符；但若理解为{reading_name(check)}，则为"
            f"{fmt.number(check['reading_value'], decimals + 1)}{unit}，与原文一致。原文可能采用了这种算法。"
        )
    return (
        f"按原文数字重算为{shown}，与原文相差{fmt.number(abs(check['gap']), decimals + 1)}{unit}"
        "，按原文的取整精度不一致；原文未说明算法，差异原因不明。"
    )


def labels_of(facts: pd.DataFrame, indicators: pd.DataFrame | None, scopes: pd.DataFrame | None):
    """Indicator and scope names to describe missing inputs (an indicator the region has no figure of too)."""
    names = dict(zip(indicators["indicator"], indicators["name_zh"])) if indicators is not None else {}
    names.update(zip(facts["indicator"], facts["name_zh"]))
    scope_names = dict(zip(scopes["scope"], scopes["name_zh"])) if scopes is not None else {}
    scope_names.update(zip(facts["scope"], facts["scope_zh"]))
    return names, scope_names


def _unchecked(check: pd.Series) -> bool:
    return check["verdict"] == model.UNCHECKABLE


def worded(checks: pd.DataFrame, labels: dict[str, str], scopes: dict[str, str]) -> pd.DataFrame:
    """The checks with their verdict, working, finding and note in words (verdict_zh, working, finding, why,
    sentence)."""
    said = checks.assign(
        verdict_zh=[VERDICT_ZH[v] for v in checks["verdict"]],
        working=[working(c) for _, c in checks.iterrows()],
        finding=[finding(c, labels, scopes) for _, c in checks.iterrows()],
        why=[
            _why_uncheckable(c, labels, scopes) if c["verdict"] == model.UNCHECKABLE else ""
            for _, c in checks.iterrows()
        ],
    )
    return said.assign(sentence=[check_sentence(c) for _, c in said.iterrows()])


def checked(
    facts: pd.DataFrame,
    checks: pd.DataFrame,
    chapter: str | None = None,
    indicators: pd.DataFrame | None = None,
    scopes: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Run the checks (helpers.model.checks.run_checks) and say them in words (worded)."""
    return worded(model.run_checks(facts, checks, chapter), *labels_of(facts, indicators, scopes))


def _computed(check: pd.Series) -> str:
    return f"{style.number(check['computed'], int(check['decimals']) + 2)}{check['unit']}"


def check_sentence(check: pd.Series, labels: dict[str, str] | None = None, scopes: dict[str, str] | None = None) -> str:
    """An editor's note on a figure the source derives itself, calm and specific:
    '原文称“99.7%”（城市低保标准2012年至今年的提高幅度），按原文数字计算为99.69%，与原文一致。'
    '原文称“12%”（…），按原文数字计算为8.2%，相差3.8个百分点；原文未说明算法，差异可能来自取整或统计口径。'"""
    note, stated, verdict = style.flat_parentheses(check["note_zh"]), check["stated"], check["verdict"]
    said = f"原文称“{stated}”（{note}）"
    if check["formula"] == "equal" and verdict != model.UNCHECKABLE:
        other = f"“{check['operands'][0]}”"
        if verdict == model.AGREES:
            return style.sentence(f"原文一处为“{stated}”，另一处为{other}（{note}），数字相同")
        return style.sentence(f"原文一处为“{stated}”，另一处为{other}（{note}），两处不同，原文未作说明")
    if verdict == model.AGREES:
        return style.sentence(f"{said}，按原文数字计算为{_computed(check)}，与原文一致")
    if verdict == model.UNCHECKABLE:
        why = check["why"] if check.get("why") else _why_uncheckable(check, labels or {}, scopes or {})
        return style.sentence(f"{said}，本报告无法核对：{why}")
    if check["formula"] == "whole_share":
        return style.sentence(
            f"{said}，而{working(check).replace('；', '，')}，没有一个整数个数恰好占{stated}；原文的比例可能是约数"
        )
    if verdict == model.DIFFERS:
        unit = check["unit"]
        gap = abs(float(check["computed"]) - check["stated_value"])
        gap_text = f"{style.number(gap, 2)}个百分点" if unit == "%" else f"{style.number(gap, 2)}{unit}"
        return style.sentence(
            f"{said}，按原文数字计算为{_computed(check)}，相差{gap_text}；原文未说明算法，差异可能来自取整或统计口径"
        )
    calm = finding(check, labels or {}, scopes or {}).replace("重算", "计算").replace("与原文不符", "与原文有出入")
    return style.sentence(f"{said}，{calm}")
