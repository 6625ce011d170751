"""综述: the report's findings, each a stated conclusion with its numbers, made by named rules from what a
chapter derived — never typed. A chapter publishes its candidates with its results (helpers.page.results); the
overview chooses among them (`select`). A rule that finds nothing gives nothing: a region with little data
gets fewer findings, never filler.

Rules, in the order the overview shows them:
- relation_over_time: a declared relation (share, ratio) known at two dated years — e.g. how the rural
  standard moved against the urban one;
- largest_change: each chapter's largest relative change between two dated figures;
- against_wider: the region against its province and the nation, at the latest year both are known;
- unknowns: what the sources leave unknown (figures without a year, source figures that cannot be checked).
"""

from __future__ import annotations

from typing import Protocol

import pandas as pd

from helpers.data.chapters import Chapter
from helpers.data.load import Region
from helpers.model import context, derive, relations
from helpers.model.checks import UNCHECKABLE
from helpers.wording import fmt, style, text


class ChapterView(Protocol):
    """What the rules read of an open chapter (helpers.page.chapter.ChapterContext is one)."""

    chapter: Chapter
    region: Region
    start_year: int
    end_year: int
    facts: pd.DataFrame
    compare: bool

    @property
    def region_name(self) -> str: ...

    def checks(self) -> pd.DataFrame: ...


RULES = ["relation_over_time", "largest_change", "against_wider", "unknowns"]
MOST = 8  # findings the overview shows at most
CHANGES_SECTION, RELATIONS_SECTION, KEY_SECTION = "变化与增长", "合计、构成与比例", "关键数字"
COMPARE_SECTION = "compare"  # the comparison section's heading names the regions compared: found by its start


def _finding(rule: str, section: str, sentence: str, size: float = 0.0) -> dict:
    return {"rule": rule, "section": section, "sentence": sentence, "size": round(float(size), 6)}


def _value(value: float, unit: str) -> str:
    return fmt.percent(value) if unit == "%" else fmt.with_unit(value, unit, 2)


def relation_over_time(ch: ChapterView) -> list[dict]:
    found = relations.compute(ch.facts, ch.region.relations)
    dated = found[found["year"].notna()] if not found.empty else found
    out = []
    for _, group in dated.groupby("relation_id", sort=False):
        if group["year"].nunique() < 2:
            continue
        first, last = group.sort_values("year").iloc[[0, -1]].itertuples(index=False)
        to, by = style.verbs(style.PERCENT if last.unit == "%" else style.MULTIPLE, last.value - first.value)
        gap = (
            f"，{by}{fmt.number(abs(last.value - first.value), 1)}个百分点"
            if last.unit == "%" and by != "没有变化"
            else ""
        )
        out.append(
            _finding(
                "relation_over_time",
                RELATIONS_SECTION,
                f"{first.name_zh}由{int(first.year)}年的{_value(first.value, first.unit)}{to}{int(last.year)}年的"
                f"{_value(last.value, last.unit)}{gap}。",
                abs(last.value - first.value),
            )
        )
    return out


def largest_change(ch: ChapterView) -> list[dict]:
    changes = derive.changes(ch.facts)
    if changes.empty:
        return []
    measured = changes[changes["pct_change"].notna()]
    if measured.empty:
        return []
    row = measured.loc[measured["pct_change"].abs().idxmax()]
    return [_finding("largest_change", CHANGES_SECTION, text.change_sentence(row), abs(row["pct_change"]))]


def against_wider(ch: ChapterView) -> list[dict]:
    if not ch.compare:
        return []
    rows = context.of_chapter(ch.region, ch.chapter.id)
    own = ch.facts[ch.facts["year"].notna()]
    out = []
    for (indicator, scope), mine in own.groupby(["indicator", "scope"], sort=False):
        theirs = rows[(rows["indicator"] == indicator) & (rows["scope"] == scope)]
        if theirs.empty:
            continue
        latest = mine.sort_values("year").iloc[-1]
        unit, label = latest["unit_shown"], text.label(latest)
        frame = context.series(ch.region, mine, theirs, unit, ch.start_year, ch.end_year)
        parts = []
        for other in [ch.region.province_zh, context.NATIONAL]:
            found = context.shares(frame, ch.region_name, other) if other and unit != "%" else pd.DataFrame()
            if not found.empty:
                last = found.iloc[-1]  # the latest year both are known
                parts.append(
                    f"{int(last['year'])}年相当于{other}平均的{fmt.percent(last['share'])}"
                    f"（{fmt.with_unit(last['region'], unit)}对{fmt.with_unit(last['other'], unit)}）"
                )
        if parts:
            sentence = f"按双方都有数字的最近一年比较，{ch.region_name}{label}{'，'.join(parts)}。"
            out.append(_finding("against_wider", COMPARE_SECTION, sentence))
    return out


def unknowns(ch: ChapterView) -> list[dict]:
    undated = int(ch.facts["year"].isna().sum())
    checks = ch.checks()
    unchecked = int((checks["verdict"] == UNCHECKABLE).sum()) if not checks.empty else 0
    parts = [
        f"{undated}个数字来源未载明年份" if undated else "",
        f"{unchecked}项来源自算的数字无法核对" if unchecked else "",
    ]
    parts = [p for p in parts if p]
    if not parts:
        return []
    return [_finding("unknowns", KEY_SECTION, "，".join(parts), undated + unchecked)]


def of_chapter(ch: ChapterView) -> list[dict]:
    """Every rule's candidates for chapter `ch`, in rule order."""
    return [f for rule in (relation_over_time, largest_change, against_wider, unknowns) for f in rule(ch)]


def select(published: list[dict]) -> list[dict]:
    """At most MOST findings from the chapters' results: the relations over time first, then the largest changes
    (largest first), the comparisons, and one finding that sums up what the sources leave unknown."""
    candidates = [
        {**f, "chapter": r["chapter"], "heading": r["heading"], "page": f"{r['chapter']}.html", "where": r["heading"]}
        for r in published
        for f in r.get("findings", [])
    ]
    chosen = [f for f in candidates if f["rule"] == "relation_over_time"][:2]
    chosen += sorted((f for f in candidates if f["rule"] == "largest_change"), key=lambda f: -f["size"])[:3]
    chosen += [f for f in candidates if f["rule"] == "against_wider"][:2]
    chosen = chosen[: MOST - 1]
    unknown = [f for f in candidates if f["rule"] == "unknowns"]
    if unknown:
        said = "；".join(f"{f['heading']}{f['sentence']}" for f in unknown)
        chosen.append(
            {
                "rule": "unknowns",
                "sentence": f"来源未交代的部分如实保留为未知：{said}。",
                "page": "book.html",
                "section": "appendix",
                "where": "附录",
            }
        )
    return chosen
