"""What a chapter publishes for the build to assemble: every figure it derived, as rows the spreadsheet and the
working papers print without computing anything again — changes and growth rates, declared relations, yearly
equivalents, the recomputation of the source's own figures, comparisons with the province and the nation, and
any estimate of the chapter's own (helpers.page.results puts them in the chapter's results)."""

from __future__ import annotations

import pandas as pd

from helpers.base import bounds
from helpers.data.chapters import Chapter
from helpers.model import derive, relations
from helpers.wording import fmt, text

COLUMNS = [
    ("derived_id", "编号"),
    ("chapter", "章节编号"),
    ("chapter_zh", "章节"),
    ("kind", "类别编号"),
    ("kind_zh", "类别"),
    ("subject", "对象编号"),
    ("name_zh", "名称"),
    ("scope", "范围编号"),
    ("scope_zh", "范围"),
    ("start_year", "起始年份"),
    ("year", "年份（截止）"),
    ("period_label", "时期"),
    ("value", "数值"),
    ("unit", "单位"),
    ("qualifier", "限定"),
    ("inputs", "依据（原文数字编号）"),
    ("note", "说明"),
]
KINDS_ZH = {
    "change": "变化量",
    "pct_change": "变化率",
    "cagr": "年均增长率",
    "sum": "合计",
    "sum_share": "构成（占合计）",
    "share": "占比",
    "ratio": "比值",
    "per_capita": "人均/每万人",
    "annualised": "折合全年",
    "check": "按原文数字重算",
    "against_wider": "相当于上级或全国的比例",
    "estimate": "推算",
}


def plain(value):
    """A JSON- and cell-ready value: None for a missing one, Python numbers for numpy's."""
    if value is None or (not isinstance(value, (str, list, dict)) and pd.isna(value)):
        return None
    if hasattr(value, "item"):
        value = value.item()
    return value


def year(value):
    value = plain(value)
    return int(value) if value is not None else None


def _derived(chapter: Chapter, kind: str, derived_id: str, **values) -> dict:
    return {
        **dict.fromkeys(c for c, _ in COLUMNS),
        "derived_id": derived_id,
        "chapter": chapter.id,
        "chapter_zh": chapter.title_zh,
        "kind": kind,
        "kind_zh": KINDS_ZH[kind],
        **values,
    }


def _change_rows(chapter: Chapter, change: pd.Series) -> list[dict]:
    first, last = change["values"].iloc[0], change["values"].iloc[-1]
    common = {
        "subject": change["indicator"],
        "name_zh": text.label(last),
        "scope": change["scope"],
        "scope_zh": plain(last.get("scope_zh")),
        "start_year": year(change["first_year"]),
        "year": year(change["last_year"]),
        "period_label": f"{change['first_period']} → {change['last_period']}",
        "qualifier": bounds.prefix(change["bound"]) or None,
        "inputs": " ".join(change["inputs"]),
    }
    converted = f"起点{first['as_written']}先换算为{change['unit']}；" if change["converted"] else ""
    key = f"{change['indicator']}:{change['scope']}"
    a, b = fmt.number(change["first"]), fmt.number(change["last"])  # in the unit of the last figure
    pct_note = f"({b} − {a}) ÷ {a} × 100" if plain(change["pct_change"]) is not None else "起点为零，不计算变化率"
    years = plain(change["years"])
    cagr_note = (
        f"({b} ÷ {a})^(1/{years}) − 1"
        if plain(change["cagr"]) is not None
        else f"{text.NO_GROWTH_RATE[change['cagr_reason']]}，不计算年均增长"
        if change["cagr_reason"] in text.NO_GROWTH_RATE
        else None
    )
    return [
        _derived(
            chapter,
            "change",
            f"change:{key}",
            **common,
            value=plain(change["change"]),
            unit=change["unit"],
            note=f"{converted}{b} − {a}",
        ),
        _derived(
            chapter,
            "pct_change",
            f"pct_change:{key}",
            **common,
            value=plain(change["pct_change"]),
            unit="%",
            note=f"{converted}{pct_note}",
        ),
        _derived(
            chapter,
            "cagr",
            f"cagr:{key}",
            **common,
            value=plain(change["cagr"]),
            unit="%",
            note=f"{converted}{cagr_note}" if cagr_note else None,
        ),
    ]


def _relation_rows(chapter: Chapter, found: pd.Series) -> list[dict]:
    parts = found["parts"]
    common = {
        "subject": found["relation_id"],
        "scope": None,
        "scope_zh": None,
        "start_year": year(parts[0].get("start_year")),
        "year": year(found["year"]),
        "period_label": found["period"],
        "qualifier": bounds.prefix(found["bound"]) or None,
    }
    whole = found["whole"]
    inputs = " ".join(found["inputs"])
    part_ids = "+".join(p["obs_id"] for p in parts)
    name = found["name_zh"] if found["kind"] == "sum" else f"{found['name_zh']}：{text.label(parts[0])}"
    if whole is not None and found["kind"] != "sum":
        name += f"／{text.label(whole)}"
    rows = [
        _derived(
            chapter,
            found["kind"],
            f"{found['relation_id']}:{part_ids}",
            **common,
            name_zh=name,
            value=plain(found["value"]),
            unit=found["unit"],
            inputs=inputs,
            note="；".join(n for n in (_relation_formula(found), plain(found["note_zh"])) if n),
        )
    ]
    if found["kind"] == "sum" and found["shares"] and len(parts) > 1:
        for part, share in zip(parts, found["shares"]):
            rows.append(
                _derived(
                    chapter,
                    "sum_share",
                    f"{found['relation_id']}:{part['obs_id']}:share",
                    **{**common, "qualifier": bounds.prefix(bounds.derived([(p, 1) for p in parts])) or None},
                    name_zh=f"{found['name_zh']}：{text.label(part)}所占比例",
                    value=plain(share),
                    unit="%",
                    inputs=inputs,
                    note=f"{fmt.number(part['value'])} ÷ {fmt.number(found['value'])} × 100",
                )
            )
    return rows


def _relation_formula(found: pd.Series) -> str:
    """How a relation was computed, with the figures as the source wrote them ('283 ÷ 1,702 × 100'); figures in
    other units were converted first (the note says so)."""
    parts, whole = found["parts"], found["whole"]
    numbers = [fmt.number(p["value"]) for p in parts]
    if found["kind"] == "sum":
        return " + ".join(numbers)
    if whole is None:
        return ""
    if found["converted"]:  # the part in the whole's unit: '1,829折合152.41'
        numbers[0] = f"{numbers[0]}折合{fmt.number(parts[0]['base_value'] / whole['scale'], 2)}"
    converted = "换算为同一单位后，" if found["converted"] else ""
    if found["kind"] == "share":
        return f"{converted}{numbers[0]} ÷ {fmt.number(whole['value'])} × 100"
    per = f" × {fmt.number(found.get('per'))}" if found["kind"] == "per_capita" and pd.notna(found.get("per")) else ""
    return f"{converted}{numbers[0]} ÷ {fmt.number(whole['value'])}{per}"


def total_change_rows(chapter: Chapter, related: pd.DataFrame) -> list[dict]:
    """The change of each declared total (a `sum` relation) known at two or more periods, published like any
    figure's change (kinds change, pct_change and cagr; subject: the relation), as helpers.wording.text says it."""
    if related.empty:
        return []
    return [row for _, change in text.sum_changes(related).iterrows() for row in _change_rows(chapter, change)]


def _where_and_when(fact: pd.Series) -> dict:
    """The scope and period columns of a figure derived from the one stated figure `fact`."""
    return {
        "scope": fact["scope"],
        "scope_zh": plain(fact["scope_zh"]),
        "start_year": year(fact["start_year"]),
        "year": year(fact["year"]),
        "period_label": text.period_label(fact),
    }


def standard_rows(
    chapter: Chapter, facts: pd.DataFrame, relation_table: pd.DataFrame, checks: pd.DataFrame, stated: pd.DataFrame
) -> list[dict]:
    """The chapter's changes, declared relations and yearly equivalents, computed from its own `facts`, and its
    recomputed source figures (`checks`, as helpers.wording.verdicts says them, of figures among `stated`)."""
    rows = []
    if facts.empty:
        return rows
    figures = stated
    for _, change in derive.changes(facts).iterrows():
        rows += _change_rows(chapter, change)
    related = relations.compute(facts, relation_table)
    for _, found in related.iterrows():
        rows += _relation_rows(chapter, found)
    rows += total_change_rows(chapter, related)
    for _, yearly in derive.annualised(facts).iterrows():
        fact = yearly["fact"]
        rows.append(
            _derived(
                chapter,
                "annualised",
                f"annualised:{fact['obs_id']}",
                subject=fact["indicator"],
                name_zh=f"{text.label(fact)}折合全年",
                **_where_and_when(fact),
                value=plain(yearly["yearly"]),
                unit=yearly["yearly_unit"],
                qualifier=bounds.prefix(bounds.derived([(fact, 1)])) or None,
                inputs=fact["obs_id"],
                note="按月标准×12",
            )
        )
    for _, check in checks.iterrows():
        fact = figures.loc[check["stated_id"]]
        rows.append(
            _derived(
                chapter,
                "check",
                f"check:{check['check_id']}",
                subject=fact["obs_id"],
                name_zh=check["note_zh"],
                **_where_and_when(fact),
                value=plain(check["computed"]),
                unit=fact["unit"],
                qualifier=None,
                inputs=check["inputs"],
                note=f"{check['verdict_zh']}：{check['working']}",
            )
        )
    return rows


def row(chapter: Chapter, kind: str, derived_id: str, **values) -> dict:
    """One derived figure of another kind (a comparison, an estimate of the chapter's own), as the rows above."""
    values = {k: plain(v) for k, v in values.items()}
    return _derived(chapter, kind, derived_id, **values)
