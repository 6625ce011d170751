"""Sentences generated from data (Simplified Chinese). Templates name indicators, never numbers."""

from __future__ import annotations

import pandas as pd

from helpers import bounds, fmt, periods

UNKNOWN_PERIOD = periods.UNKNOWN_PERIOD
RATES = {"benefit_rate", "percent", "multiple", "per_1000_elderly", "per_10k_people"}
period_label = periods.label


def label(fact: pd.Series) -> str:
    """The figure's name with its scope: '城市低保标准', '城乡低保对象人数'."""
    if fact["scope"] == "all":
        return fact["name_zh"]
    name = fact["name_zh"]
    return f"{fact['scope_zh']}{name[2:] if name.startswith('城乡') else name}"  # 城市 + 城乡低保对象 → 城市低保对象


def unit_of(fact: pd.Series) -> str:
    shown = fact.get("unit_shown")
    return shown if isinstance(shown, str) and shown else fact["unit"]


def figure(fact: pd.Series) -> str:
    """The figure with its unit (in its usual spelling) and its qualifier as written: '不低于494元/人/月'."""
    if fact["unit"] == "%":
        return bounds.written(fmt.with_unit(fact["value"], "%"), "", fact)
    return bounds.written(fmt.number(fact["value"]), unit_of(fact), fact)


def figure_sentence(fact: pd.Series, region_name: str) -> str:
    period = period_label(fact)
    if fact["period_basis"] == "unknown":
        return f"{region_name}{label(fact)}为{figure(fact)}（{period}）。"
    return f"{period}，{region_name}{label(fact)}为{figure(fact)}。"


def verbs(dimension: str, change: float) -> tuple[str, str]:
    """('提高到', '提高') for rates and standards, ('增加到', '增加') for counts; the falling forms when it fell."""
    if change == 0:
        return "保持为", "变化"
    if dimension in RATES:
        return ("提高到", "提高") if change > 0 else ("降低到", "降低")
    return ("增加到", "增加") if change > 0 else ("减少到", "减少")


def _at(year) -> str:
    return "" if pd.isna(year) else f"{int(year)}年的"


def derived_figure(value: float, unit: str, bound: str | None, decimals: int | None = None) -> str:
    return bounds.prefix(bound) + fmt.with_unit(value, unit, decimals)


def change_sentence(row: pd.Series) -> str:
    """'城市低保标准由2012年的323元/人/月提高到2022年的645元/人/月，提高322元/人/月（+99.7%），10年间年均增长7.2%。'"""
    to_verb, change_verb = verbs(row["dimension"], row["change"])
    start = row["first_written"]
    if row["converted"]:
        start += f"（折合{fmt.with_unit(row['first'], row['unit'], 2 if row['first'] % 1 else 0)}）"
    same_year = pd.notna(row["first_year"]) and row["first_year"] == row["last_year"]
    if same_year:  # a raise within one year: '2023年，城市低保标准由730元/人/月提高到760元/人/月'
        sentence = f"{int(row['first_year'])}年，{row['label']}由{start}{to_verb}{row['last_written']}"
    else:
        sentence = (
            f"{row['label']}由{_at(row['first_year'])}{start}{to_verb}{_at(row['last_year'])}{row['last_written']}"
        )
    if row["change"] == 0:
        return sentence + "，没有变化。"
    prefix = bounds.prefix(row["bound"])
    sentence += f"，{change_verb}{prefix}{fmt.with_unit(abs(row['change']), row['unit'])}"
    if pd.notna(row["pct_change"]):
        sentence += f"（{prefix}{fmt.signed_percent(row['pct_change'])}）"
    if pd.notna(row["cagr"]):
        return sentence + (
            f"，{int(row['years'])}年间年均{'增长' if row['cagr'] >= 0 else '下降'}"
            f"{prefix}{fmt.percent(abs(row['cagr']))}。"
        )
    return sentence + f"；{row['cagr_reason']}。"


def series_sentence(row: pd.Series) -> str | None:
    """For a yearly series: how many years it has, which it lacks, its peak and trough and where it turned."""
    if pd.isna(row["peak"]):
        return None
    values = row["values"]
    years = sorted({int(y) for y in values["year"].dropna()})
    gaps = f"，缺{fmt.year_list(row['gaps'])}" if row["gaps"] else "，逐年连续"
    sentence = (
        f"{row['label']}有{len(years)}个年份的数值（{years[0]}—{years[-1]}年{gaps}；缺数年份不作插补）。"
        f"最高在{int(row['peak'])}年，最低在{int(row['trough'])}年"
    )
    if row["turns"]:
        sentence += "；" + "，".join(f"{year}年{direction}" for year, direction in row["turns"])
    return sentence + "。"


def relation_sentence(row: pd.Series) -> str:
    """A declared relation in words: a total of parts, a share, a ratio or a per-capita figure."""
    prefix = bounds.prefix(row["bound"])
    if row["kind"] == "sum":
        names = "、".join(f"{label(p)}{figure(p)}" for p in row["parts"])
        sentence = f"{row['period']}，{names}，合计{prefix}{fmt.with_unit(row['value'], row['unit'])}"
        if row["shares"] and len(row["parts"]) > 1:
            sentence += "，其中" + "、".join(
                f"{label(p)}占{fmt.percent(share)}"
                for p, share in zip(row["parts"], row["shares"])
                if share is not None
            )
        whole = row["whole"]
        if whole is not None:
            same = abs(whole["base_value"] - row["value"] * whole["scale"]) < 0.5 * whole["scale"]
            sentence += (
                f"，与原文所载{label(whole)}{figure(whole)}一致"
                if same
                else f"；原文所载{label(whole)}为{figure(whole)}，与各部分之和不一致"
            )
        return sentence + "。"
    part, whole = row["parts"][0], row["whole"]
    if row["kind"] == "share":
        sentence = f"{row['period']}，{label(part)}{figure(part)}"
        if part["scale"] != whole["scale"]:  # e.g. a yearly standard against a monthly one: say what it comes to
            sentence += f"（折合{fmt.with_unit(part['base_value'] / whole['scale'], unit_of(whole), 1)}）"
        sentence += f"，相当于{label(whole)}{figure(whole)}的{prefix}{fmt.percent(row['value'])}"
        if part["dimension"] not in RATES and part["base_value"] != whole["base_value"]:
            gap = (part["base_value"] - whole["base_value"]) / whole["scale"]
            sentence += f"，{'多' if gap > 0 else '少'}{prefix}{fmt.with_unit(abs(gap), unit_of(whole))}"
        return sentence + "。"
    if row["unit"] == "倍":
        return f"{label(part)}{figure(part)}是{label(whole)}{figure(whole)}的{prefix}{fmt.number(row['value'], 1)}倍。"
    return (
        f"按{label(part)}{figure(part)}与{label(whole)}{figure(whole)}计算，{row['name_zh']}"
        f"{prefix}{fmt.number(row['value'])}{row['unit']}。"
    )


def check_sentence(check: pd.Series) -> str:
    return f"原文所述“{check['stated']}”（{check['note_zh']}）：{check['finding']}"


def annual_sentence(row: pd.Series) -> str:
    fact = row["fact"]
    return (
        f"{label(fact)}{figure(fact)}，折合每人每年"
        f"{bounds.prefix(bounds.bound_of(fact))}{fmt.number(row['yearly'])}元"
        f"（{period_label(fact)}）。"
    )


def headline_sentences(facts: pd.DataFrame, changes: pd.DataFrame, region_name: str) -> list[str]:
    """Each change as one sentence; every figure not part of a change as its own sentence."""
    in_changes = set(zip(changes["indicator"], changes["scope"]))
    sentences = [change_sentence(c) for _, c in changes.iterrows()]
    sentences += [
        figure_sentence(f, region_name) for _, f in facts.iterrows() if (f["indicator"], f["scope"]) not in in_changes
    ]
    return sentences
