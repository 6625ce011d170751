"""综述: the report's findings, each a stated conclusion with its numbers, made by named rules from what a
chapter derived — never typed. A chapter publishes its candidates with its results (helpers.page.results); the
overview chooses among them (`select`). A rule that finds nothing gives nothing: a region with little data
gets fewer findings, never filler.

The 综述 is what an editor would headline, so its findings keep to what the book can stand behind:
- figures with a year (a stated year, or the source's own date for 目前/今年) — an amount the source does not
  date only as a last resort, said with what the source says of its time; a 调整前 figure whose year the
  source leaves out may start a change, and is never given a year; so may a change the source states from one
  undated figure to another (调整前 → 调整后, 行政村由2,747个减少至1,942个), said without a year;
- context figures of grade A only (A/B and B are shown, with their grade, in the chapters' comparisons);
- the bound of a figure carried through in the chapters' words (不低于494元/人/月 → 至少101.5%);
- multiples compared as multiples (增长2.23倍，全国同期为1.2倍), never as a percentage of another multiple;
- each in a shape of its own, never a sentence the chapters or the overview's 要点 print (the size first, then
  the figures it comes from);
- never a disclaimer: what the sources leave unknown is a candidate of rule `unknowns` for the working papers,
  never chosen.

Rules (each candidate carries the rule's name, the chapter's section it links to, its sentence and its size):
- headline_amounts: the largest money total, the largest number of people and the largest count of
  institutions or places among a chapter's headline indicators (notebooks/chapters.yml), chosen by the
  figures' dimension, never by indicator;
- relation_over_time: a declared relation (share, sum) known at two dated years — a share that passes a mark
  (a multiple of 10%) says so;
- largest_change: each chapter's largest relative changes between two figures (at most two);
- growth_against_wider: the region's growth over the same years as a growth multiple the nation or province
  states, both as multiples;
- against_wider: the region against its province and the nation, at the latest year both are known;
- unknowns: what the sources leave unknown (for the working papers; `select` never chooses it).

`select` ranks by substance: the headline amounts (money, then people, then places), changes by their relative
size (a change of a headline indicator before others, a dated change before an undated one, one per chapter
before a chapter's second), shares passing a mark, the gap to the province and the nation by its size. It takes
the ranked findings with at most PER_CHAPTER from one chapter, then the best finding of each chapter not yet
heard from (a 综述 speaks of the whole book), then the ranked ones past the cap, and only while fewer than MINIMUM
are chosen the rest in the same order.
"""

from __future__ import annotations

import math
from typing import Protocol

import pandas as pd

from helpers.base import bounds
from helpers.data import schemas
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


RULES = [
    "headline_amounts",
    "relation_over_time",
    "largest_change",
    "growth_against_wider",
    "against_wider",
    "unknowns",
]
NEVER_CHOSEN = {"unknowns"}  # for the working papers: a 综述 states findings, never disclaimers
MOST, MINIMUM = 8, 5  # findings the overview shows at most; at least, when the data give them
AMOUNT_DIMENSIONS = ("money", "persons", "units")  # the largest money total, the most people, the most places
SAID_BY_CHANGE = ("units",)  # a count of places stated more than once is a change, not an amount
MARK = 10.0  # a share passing a multiple of this many per cent is said to pass it
MARKED_CHANGE = 20.0  # a change of at least this many per cent is headline-worthy; smaller ones only fill
CHANGES_PER_CHAPTER = 2
MOST_CHANGES, MOST_WIDER = 3, 2  # changes and comparisons among the headline findings
CHANGES_SECTION, RELATIONS_SECTION, KEY_SECTION = "变化与增长", "合计、构成与比例", "关键数字"
COMPARE_SECTION = "compare"  # the comparison section's anchor (helpers.page.comparisons)
DATED = ("stated", "article_date")  # period_basis of a figure with a year (the source's own date for 目前/今年)


def _finding(rule: str, section: str, sentence: str, size: float = 0.0, **more) -> dict:
    return {
        "rule": rule,
        "section": section,
        "sentence": style.sentence(sentence),
        "size": round(float(size), 6),
        **more,
    }


def _value(value: float, unit: str, bound: str | None = None) -> str:
    shown = fmt.percent(value) if unit == "%" else fmt.with_unit(value, unit, 2)
    return bounds.prefix(bound) + shown


def _is(written: str) -> str:
    """'为645元/人/月'; a figure with its qualifier in front takes no 为: '不低于494元/人/月'."""
    return f"为{written}" if written[:1].isdigit() else written


def _dated(fact: pd.Series) -> bool:
    return fact.get("period_basis") in DATED and pd.notna(fact.get("year"))


# ── Headline amounts ───────────────────────────────────────────────────────────────────────────────────────────
def headline_amounts(ch: ChapterView) -> list[dict]:
    """The chapter's largest dated money total and largest dated number of people among its headline indicators,
    each at its latest period: the whole region's figure, else the total of its parts (a declared sum), else its
    largest part — '39.28亿元——2012年至2022年9月全市支出困难群众救助补助资金'."""
    facts = ch.facts[ch.facts["indicator"].isin(ch.chapter.headline)] if ch.chapter.headline else ch.facts.iloc[0:0]
    sums = relations.compute(ch.facts, ch.region.relations) if not facts.empty else pd.DataFrame()
    out = []
    for dimension in AMOUNT_DIMENSIONS:
        of_dimension = facts[facts["dimension"] == dimension]
        if dimension in SAID_BY_CHANGE:  # a count of places that changed is said by its change (largest_change)
            of_dimension = of_dimension[
                ~of_dimension["indicator"].isin(ch.facts["indicator"][ch.facts["indicator"].duplicated()])
            ]
        mine = of_dimension[of_dimension["period_basis"].isin(DATED) & of_dimension["year"].notna()]
        if mine.empty and not of_dimension.empty:  # only figures the source does not date: a last resort (select)
            fact = of_dimension.sort_values("base_value", ascending=False).iloc[0]
            whole = fact.get("scope_zh") if fact["scope"] == "all" and isinstance(fact.get("scope_zh"), str) else ""
            said = f"{text.figure(fact)}——{whole}{text.label(fact)}（{text.period_label(fact)}）"
            out.append(
                _finding("headline_amounts", KEY_SECTION, said, fact["base_value"], dimension=dimension, dated=False)
            )
            continue
        if mine.empty:
            continue
        latest = mine[mine["year"] == mine["year"].max()]
        whole = latest[latest["scope"] == "all"]
        fact = (whole if not whole.empty else latest).sort_values("base_value", ascending=False).iloc[0]
        said, size = f"{text.figure(fact)}——{text.period_label(fact)}", float(fact["base_value"])
        if fact["scope"] == "all":
            whole_name = fact.get("scope_zh") if isinstance(fact.get("scope_zh"), str) else ""
            said += f"{whole_name}{text.label(fact)}"
        else:
            total = _total(sums, fact)
            if total is not None:
                said = f"{_value(total.value, total.unit, total.bound)}——{total.period}{total.name_zh}"
                size = float(total.value) * float(fact["scale"])
            else:
                said += text.label(fact)
        out.append(_finding("headline_amounts", KEY_SECTION, said, size, dimension=dimension))
    return out


def _total(sums: pd.DataFrame, fact: pd.Series):
    """The declared sum of the parts of `fact`'s indicator in its period, when every part is dated."""
    if sums.empty:
        return None
    found = sums[(sums["kind"] == "sum") & (sums["year"] == fact["year"])]
    for row in found.itertuples(index=False):
        if row.whole is None and all(p["indicator"] == fact["indicator"] and _dated(p) for p in row.parts):
            return row
    return None


# ── Relations over time ────────────────────────────────────────────────────────────────────────────────────────
def _passed(first: float, last: float) -> float | None:
    """The highest multiple of MARK a share moved past (upwards or downwards), or None."""
    low, high = sorted((first, last))
    mark = math.floor(high / MARK) * MARK
    return mark if low < mark <= high and mark > 0 else None


def relation_over_time(ch: ChapterView) -> list[dict]:
    found = relations.compute(ch.facts, ch.region.relations)
    dated = found[found["year"].notna()] if not found.empty else found
    out = []
    for _, group in dated.groupby("relation_id", sort=False):
        if group["year"].nunique() < 2 or group["kind"].iloc[0] not in ("share", "sum"):
            continue
        first, last = group.sort_values("year").iloc[[0, -1]].itertuples(index=False)
        if not all(_dated(p) for p in list(first.parts) + list(last.parts)):
            continue
        span = f"{int(first.year)}—{int(last.year)}年"
        if last.unit == "%":
            to, by = style.verbs(style.PERCENT, last.value - first.value)
            points = abs(last.value - first.value)
            mark = _passed(first.value, last.value)
            if by == "没有变化":
                continue
            moved = f"{by}{bounds.prefix(last.bound)}{fmt.number(points, 1)}个百分点"
            values = f"{int(first.year)}年为{_value(first.value, '%', first.bound)}，{int(last.year)}年为" + _value(
                last.value, "%", last.bound
            )
            if mark is not None:  # '2012—2022年，农村低保标准相当于城市标准的比例升至80%以上：…'
                where = "升至" if last.value >= first.value else "降至"
                beyond = "以上" if last.value >= first.value else "以下"
                sentence = f"{span}，{first.name_zh}{where}{fmt.percent(mark, 0)}{beyond}：{values}，{moved}"
            else:
                sentence = f"{first.name_zh}{span}{moved}：{values}"
            out.append(_finding("relation_over_time", RELATIONS_SECTION, sentence, points, passes=mark))
            continue
        kind = style.kind(last.parts[0].get("dimension"), last.unit)
        _, by = style.verbs(kind, last.value - first.value)
        if by == "没有变化" or not first.value:
            continue
        pct = (last.value - first.value) / first.value * 100
        bound = bounds.derived([(p, 1) for p in last.parts] + [(p, -1) for p in first.parts])
        sentence = (
            f"{first.name_zh}{span}{by}{bounds.prefix(bound)}{fmt.percent(abs(pct))}："
            f"{int(first.year)}年为{_value(first.value, last.unit, first.bound)}，"
            f"{int(last.year)}年为{_value(last.value, last.unit, last.bound)}"
        )
        out.append(_finding("relation_over_time", RELATIONS_SECTION, sentence, abs(pct), passes=None))
    return out


# ── Changes ────────────────────────────────────────────────────────────────────────────────────────────────────
def _stated_change(row: pd.Series) -> bool:
    """A change the source states itself, from a 调整前 figure to a 调整后 one."""
    values = row["values"]
    return values.iloc[0].get("stage") == "before" and values.iloc[-1].get("stage") == "after"


def _change_ok(row: pd.Series) -> bool:
    """Both figures dated; or a change the source states (调整前 → 调整后), whatever the years it leaves out."""
    first, last = row["values"].iloc[0], row["values"].iloc[-1]
    return (_dated(last) and _dated(first)) or _stated_change(row)


def _change_finding(row: pd.Series, headline: bool) -> dict:
    row = text.with_words(row.to_frame().T).iloc[0]
    kind = style.kind(row["dimension"], row["unit"])
    _, by = style.verbs(kind, row["change"])
    prefix = bounds.prefix(row["bound"])
    first = row["values"].iloc[0]
    dated_first = _dated(first)
    before, after = text.STAGE_WORDS["before"], text.STAGE_WORDS["after"]
    if dated_first and row["first_year"] != row["last_year"]:
        span = f"{int(row['first_year'])}—{int(row['last_year'])}年"
        start, end = f"{int(row['first_year'])}年", f"{int(row['last_year'])}年"
    elif dated_first:  # a raise within one year
        span, start, end = f"{int(row['last_year'])}年", before, after
    elif _dated(row["values"].iloc[-1]):  # a raise from a figure the source does not date: its year never supplied
        span, start, end = "", before, f"{int(row['last_year'])}年"
    else:  # a change the source states between two undated figures: said without a year
        span, start, end = "", before, after
    sentence = (
        f"{row['label']}{span}{by}{prefix}{fmt.percent(abs(row['pct_change']))}："
        f"{start}{_is(row['first_written'])}，{end}{_is(row['last_written'])}"
    )
    if pd.notna(row["cagr"]):
        sentence += f"，年均{style.growth_word(row['cagr'])}{prefix}{fmt.percent(abs(row['cagr']))}"
    return _finding(
        "largest_change",
        CHANGES_SECTION,
        sentence,
        abs(row["pct_change"]),
        headline=headline,
        dated=bool(_dated(row["values"].iloc[-1])),
        subject=f"{row['indicator']}:{row['scope']}",
    )


def largest_change(ch: ChapterView) -> list[dict]:
    """The chapter's largest relative changes between two figures with years (at most CHANGES_PER_CHAPTER)."""
    changes = derive.changes(ch.facts)
    if changes.empty:
        return []
    measured = changes[changes["pct_change"].notna() & (changes["change"] != 0)]
    measured = measured[[_change_ok(r) for _, r in measured.iterrows()]]
    if measured.empty:
        return []
    ordered = measured.assign(size=measured["pct_change"].abs()).sort_values("size", ascending=False, kind="stable")
    return [
        _change_finding(row, row["indicator"] in ch.chapter.headline)
        for _, row in ordered.head(CHANGES_PER_CHAPTER).iterrows()
    ]


# ── Against the province and the nation ────────────────────────────────────────────────────────────────────────
def _context_rows(ch: ChapterView) -> pd.DataFrame:
    """The chapter's context figures the 综述 may use: grade A, with a year."""
    rows = context.of_chapter(ch.region, ch.chapter.id)
    return rows[(rows["grade"] == schemas.PUBLISHED_GRADE) & rows["year"].notna()]


def growth_against_wider(ch: ChapterView) -> list[dict]:
    """A growth multiple the nation or province states for some years (全国城市低保平均标准2012—2021年增长了1.2倍)
    beside the region's own growth over exactly those years, both as multiples."""
    if not ch.compare:
        return []
    rows = _context_rows(ch)
    rows = rows[(rows["dimension"] == "multiple") & rows["start_year"].notna()]
    growth_of = ch.region.indicators.set_index("indicator")["growth_of"]
    own = ch.facts[[_dated(f) for _, f in ch.facts.iterrows()]] if not ch.facts.empty else ch.facts
    out = []
    for _, wider in rows.iterrows():
        of = growth_of.get(wider["indicator"])
        if not isinstance(of, str) or wider["region_zh"] == ch.region_name:
            continue
        mine = own[(own["indicator"] == of) & (own["scope"] == wider["scope"])]
        at = {int(f["year"]): f for _, f in mine.sort_values("year").iterrows()}
        start, end = int(wider["start_year"]), int(wider["year"])
        if start not in at or end not in at or not at[start]["base_value"]:
            continue
        first, last = at[start], at[end]
        times = style.multiple_increase(last["base_value"] / first["base_value"])
        bound = bounds.derived([(last, 1), (first, -1)])
        sentence = (
            f"{start}—{end}年{text.label(last)}增长{bounds.prefix(bound)}{fmt.number(times, 2)}倍，"
            f"{wider['region_zh']}同期为{fmt.with_unit(wider['value'], '倍')}"
            f"（{start}年{text.figure(first)}，{end}年{text.figure(last)}）"
        )
        out.append(_finding("growth_against_wider", COMPARE_SECTION, sentence, abs(times - wider["value"]) * 100))
    return out


def _compared(share: float, bound: str | None) -> str | None:
    """高于 / 低于 / 相当于 when the bound allows saying it; None when it does not."""
    if share > 100 and bound in (None, bounds.LOWER):
        return "高于"
    if share < 100 and bound in (None, bounds.UPPER):
        return "低于"
    return "相当于" if share == 100 and bound is None else None


def against_wider(ch: ChapterView) -> list[dict]:
    """The region's figure against its province's and the nation's at the latest year both are known (grade A):
    '城市低保标准高于山西省平均：2022年为645元/人/月，山西省为628元/人/月，相当于其102.7%'."""
    if not ch.compare:
        return []
    rows = _context_rows(ch)
    own = ch.facts[[_dated(f) for _, f in ch.facts.iterrows()]] if not ch.facts.empty else ch.facts
    out = []
    for (indicator, scope), mine in own.groupby(["indicator", "scope"], sort=False):
        theirs = rows[(rows["indicator"] == indicator) & (rows["scope"] == scope)]
        latest = mine.sort_values("year").iloc[-1]
        unit, label = style.unit(latest["unit_shown"]), text.label(latest)
        if theirs.empty or unit == "倍":  # a multiple is compared as a multiple (growth_against_wider)
            continue
        frame = context.series(ch.region, mine, theirs, unit, ch.start_year, ch.end_year)
        figures = {int(r["year"]): r["figure"] for _, r in frame[frame["own"]].iterrows()}
        for other in [ch.region.province_zh, context.NATIONAL]:
            found = context.shares(frame, ch.region_name, other) if other else pd.DataFrame()
            if found.empty:
                continue
            last = found.iloc[-1]  # the latest year both are known
            year, fact = int(last["year"]), figures[int(last["year"])]
            bound = bounds.bound_of(fact)
            mine_said = (
                text.figure(fact) if style.unit(fact["unit_shown"]) == unit else fmt.with_unit(last["region"], unit)
            )
            theirs_said = fmt.with_unit(last["other"], unit)  # as the comparison section says it
            if unit == "%":  # a rate against a rate: the gap in percentage points, never a ratio of percentages
                gap = last["region"] - last["other"]
                word = "高" if gap > 0 else "低"
                if gap == 0 or (bound == bounds.LOWER and gap < 0) or (bound == bounds.UPPER and gap > 0):
                    continue
                sentence = (
                    f"{label}比{other}{word}{bounds.prefix(bound)}{fmt.number(abs(gap), 1)}个百分点："
                    f"{year}年{_is(mine_said)}，{other}为{theirs_said}"
                )
                size, points = abs(gap), True
            else:
                word = _compared(last["share"], bound)
                if word is None:
                    continue
                sentence = (
                    f"{label}{word}{other}平均：{year}年{_is(mine_said)}，{other}为{theirs_said}，"
                    f"相当于其{bounds.prefix(bound)}{fmt.percent(last['share'])}"
                )
                size, points = abs(last["share"] - 100), False
            out.append(_finding("against_wider", COMPARE_SECTION, sentence, size, points=points))
    return out


# ── For the working papers ─────────────────────────────────────────────────────────────────────────────────────
def unknowns(ch: ChapterView) -> list[dict]:
    """What the sources leave unknown: a candidate for the working papers, never a finding of the 综述."""
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
    rules = (headline_amounts, relation_over_time, largest_change, growth_against_wider, against_wider, unknowns)
    return [f for rule in rules for f in rule(ch)]


# ── The 综述 ───────────────────────────────────────────────────────────────────────────────────────────────────
PER_CHAPTER = 3  # findings one chapter may take while other chapters have some to give


def _ranked(candidates: list[dict]) -> tuple[list[dict], list[dict]]:
    """(the headline findings in the order an editor ranks them, the rest in the same order)."""

    def by_size(rule: str, keep=lambda f: True) -> list[dict]:
        return sorted((f for f in candidates if f["rule"] == rule and keep(f)), key=lambda f: -f["size"])

    amounts = []
    for dimension in AMOUNT_DIMENSIONS:  # the largest of each dimension in the book
        amounts += by_size("headline_amounts", lambda f, d=dimension: f.get("dimension") == d and f.get("dated", True))[
            :1
        ]
    passing = by_size("relation_over_time", lambda f: f.get("passes") is not None)
    changes = by_size("largest_change", lambda f: f["size"] >= MARKED_CHANGE)
    changes = sorted(changes, key=lambda f: (not f.get("headline"), f.get("dated") is False))  # stable, by size
    chapters = [f["chapter"] for f in changes]
    first = [f for i, f in enumerate(changes) if f["chapter"] not in chapters[:i]]  # one per chapter first
    changes = (first + [f for f in changes if f not in first])[:MOST_CHANGES]
    seconds = [f for f in changes if f not in first]  # a chapter's second change after the shares passing a mark
    levels = sorted(by_size("against_wider"), key=lambda f: bool(f.get("points")))  # levels before rates' gaps
    wider = (by_size("growth_against_wider") + levels)[:MOST_WIDER]
    top = amounts + [f for f in changes if f in first] + passing + seconds + wider
    once = NEVER_CHOSEN | {"headline_amounts"}  # the largest amount of each dimension only
    rest = [f for rule in RULES if rule not in once for f in by_size(rule) if f not in top]
    return top, rest


def select(published: list[dict]) -> list[dict]:
    """At most MOST findings from the chapters' results, ranked by substance (`_ranked`): the ranked ones with at
    most PER_CHAPTER from one chapter, then the best of each chapter not yet heard from, then the rest only while
    fewer than MINIMUM are chosen. Rule `unknowns` is never chosen; no sentence is said twice, nor one the
    overview's 要点 print."""
    candidates = [
        {**f, "chapter": r["chapter"], "heading": r["heading"], "page": f"{r['chapter']}.html", "where": r["heading"]}
        for r in published
        for f in r.get("findings", [])
        if f["rule"] not in NEVER_CHOSEN
    ]
    printed = {h for r in published for h in r.get("headlines", [])}  # the 要点 the overview prints
    top, rest = _ranked(candidates)
    undated = [f for f in candidates if f.get("dated") is False and f["rule"] == "headline_amounts"]
    others = sorted((f for f in candidates if f not in top + rest + undated), key=lambda f: -f["size"])  # smaller
    chosen: list[dict] = []

    def take(f: dict, most: int, cap: bool) -> None:
        if len(chosen) >= most or f in chosen or f["sentence"] in printed | {c["sentence"] for c in chosen}:
            return
        if cap and sum(c["chapter"] == f["chapter"] for c in chosen) >= PER_CHAPTER:
            return
        chosen.append(f)

    for f in top:
        take(f, MOST, cap=True)
    for f in top + rest + others:  # the best finding of each chapter the 综述 has not yet spoken of
        if f["chapter"] not in {c["chapter"] for c in chosen}:
            take(f, MOST, cap=True)
    for f in top:  # then the headline findings past the cap
        take(f, MOST, cap=False)
    undated = sorted(undated, key=lambda f: -f["size"])
    for f in rest + undated:  # the others only while fewer than MINIMUM, an amount the source does not date (said
        take(f, MINIMUM, cap=False)  # with what it says of its time) last
    order = {id(f): n for n, f in enumerate(top + rest + others + undated)}
    return sorted(chosen, key=lambda f: order[id(f)])
