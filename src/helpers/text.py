"""Sentences generated from data (Simplified Chinese). Templates name indicators, never numbers."""
from __future__ import annotations

import pandas as pd

from helpers import fmt, metrics

UNKNOWN_PERIOD = "时间未载明"


def _year(value) -> int:
    return int(value)


def as_of(published: pd.Timestamp) -> str:
    return f"{published.year}年{published.month}月"


def period_label(fact: pd.Series) -> str:
    """When a figure holds: '2012年', '截至2022年9月', '2012年至2022年9月', or unknown (never guessed)."""
    start = fact["start_year"]
    if fact["period_basis"] == "unknown":
        if pd.notna(fact.get("period_note")):
            return fact["period_note"]
        return UNKNOWN_PERIOD if pd.isna(start) else f"{_year(start)}年以来"
    end = as_of(fact["published"]) if fact["period_basis"] == "article_date" else f"{_year(fact['year'])}年"
    if pd.notna(start):
        return f"{_year(start)}年至{end}"
    return f"截至{end}" if fact["period_basis"] == "article_date" else end


def label(fact: pd.Series) -> str:
    """The figure's name with its scope: '城市低保标准', '城乡低保对象人数'."""
    return fact["name_zh"] if fact["scope"] == "all" else f"{fact['scope_zh']}{fact['name_zh']}"


def figure(fact: pd.Series) -> str:
    return fmt.with_unit(fact["value"], fact["unit"])


def figure_sentence(fact: pd.Series, region_name: str) -> str:
    period = period_label(fact)
    if fact["period_basis"] == "unknown":
        return f"{region_name}{label(fact)}为{figure(fact)}（{period}）。"
    return f"{period}，{region_name}{label(fact)}为{figure(fact)}。"


def _verb(change: float) -> tuple[str, str]:
    return ("提高到", "增加") if change > 0 else (("减少至", "减少") if change < 0 else ("保持为", "变化"))


def _year_text(year) -> str:
    return "" if pd.isna(year) else f"{int(year)}年的"


def pair_sentence(pair: pd.Series) -> str:
    """'城市低保标准由2012年的323元/人/月提高到2022年的645元/人/月，增加322元/人/月（+99.7%），年均增长7.2%。'"""
    to_verb, change_verb = _verb(pair["change"])
    name = pair["name_zh"] if pair["scope"] == "all" else f"{pair['scope_zh']}{pair['name_zh']}"
    unit = pair["unit"]
    sentence = (f"{name}由{_year_text(pair['before_year'])}{fmt.with_unit(pair['before'], unit)}"
                f"{to_verb}{_year_text(pair['after_year'])}{fmt.with_unit(pair['after'], unit)}，"
                f"{change_verb}{fmt.with_unit(abs(pair['change']), unit)}"
                f"（{fmt.signed_percent(pair['pct_change'])}）")
    if pd.notna(pair["cagr"]):
        return sentence + f"，{int(pair['years'])}年间年均增长{fmt.percent(pair['cagr'])}。"
    return sentence + "；起止年份未全部载明，不计算年均变化。"


def monthly_share_sentence(row: pd.Series, numerator: str, denominator: str) -> str:
    written = fmt.with_unit(row["numerator"], row["numerator_unit"])
    monthly = fmt.number(row["numerator_month"], 1)
    stated = f"{written}折合每月{monthly}元" if row["numerator_month"] != row["numerator"] else f"为{written}"
    return (f"{int(row['year'])}年，{numerator}{stated}，"
            f"相当于{denominator}（每月{fmt.number(row['denominator_month'])}元）的{fmt.percent(row['share'])}。")


def check_sentence(check: pd.Series) -> str:
    result = "与其原始数字相符" if check["agrees"] else "与其原始数字按原文的取整精度不符"
    return f"原文所述“{check['stated']}”（{check['note_zh']}）{result}：{check['working']}。"


def _first_of_each(facts: pd.DataFrame, *indicators: str) -> list[pd.Series] | None:
    """The first figure of each indicator, or None when any is missing."""
    found = [facts[facts["indicator"] == i] for i in indicators]
    return None if any(f.empty for f in found) else [f.iloc[0] for f in found]


def per_household_sentences(facts: pd.DataFrame, persons: str, households: str) -> list[str]:
    """'平均每户1.51人' from a persons and a households figure of the same period; [] when either is missing."""
    pair = _first_of_each(facts, persons, households)
    if pair is None:
        return []
    p, h = pair
    return [f"按{label(p)}与{label(h)}计算，平均每户{fmt.number(metrics.ratio(p['value'], h['value']), 2)}人。"]


def flow_sentence(flow: pd.Series) -> str:
    """Money raised and spent over a period, and the gap between them."""
    gap = flow["spent"] - flow["raised"]
    relation = "支出多于筹集" if gap > 0 else ("支出少于筹集" if gap < 0 else "收支相等")
    return (f"{flow['period']}，筹集{fmt.with_unit(flow['raised'], flow['unit'])}，"
            f"支出{fmt.with_unit(flow['spent'], flow['unit'])}，{relation}"
            f"{fmt.with_unit(abs(gap), flow['unit'])}，支出相当于筹集的{fmt.percent(flow['spent_share'])}。")


def annual_sentence(row: pd.Series) -> str:
    fact = row["fact"]
    return (f"{label(fact)}{figure(fact)}，折合每人每年{fmt.number(row['yearly'])}元"
            f"（{period_label(fact)}）。")


def parts_sentences(parts: pd.DataFrame, of_whole: bool) -> list[str]:
    """Each part's share; the total of the parts when they add up to something meaningful."""
    unit = parts["unit"].iloc[0]
    if of_whole:
        whole = parts["whole"].iloc[0]
        return [f"{label(p['fact'])}{figure(p['fact'])}，相当于{label(whole)}{figure(whole)}的"
                f"{fmt.percent(p['share'])}。" for _, p in parts.iterrows()]
    names = "、".join(label(p["fact"]) for _, p in parts.iterrows())
    shares = "，".join(f"{label(p['fact'])}占{fmt.percent(p['share'])}" for _, p in parts.iterrows())
    return [f"{names}合计{fmt.with_unit(parts['total'].iloc[0], unit)}；其中{shares}。"]


def headline_sentences(facts: pd.DataFrame, region_name: str) -> list[str]:
    """Before→after pairs as one sentence each; every other figure as its own sentence."""
    from helpers.derive import pairs
    paired = pairs(facts)
    in_pairs = set(zip(paired["indicator"], paired["scope"]))
    sentences = [pair_sentence(p) for _, p in paired.iterrows()]
    sentences += [figure_sentence(f, region_name) for _, f in facts.iterrows()
                  if (f["indicator"], f["scope"]) not in in_pairs]
    return sentences


def ratio_sentences(facts: pd.DataFrame, numerator: str, denominator: str) -> list[str]:
    """'村儿童主任2,170名是乡镇儿童督导员150名的14.5倍。'; [] when either figure is missing."""
    pair = _first_of_each(facts, numerator, denominator)
    if pair is None:
        return []
    n, d = pair
    return [f"{label(n)}{figure(n)}是{label(d)}{figure(d)}的{fmt.number(metrics.ratio(n['value'], d['value']), 1)}倍。"]
