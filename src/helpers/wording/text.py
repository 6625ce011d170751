"""Sentences generated from data (Simplified Chinese), in the house style of helpers.wording.style (see STYLE.md).

Templates name indicators, never numbers. The shape of a sentence follows the kind of figure (a stock at a date,
a total over a span, a standard, a rate, a figure the source does not date); figures of one period are said in
one sentence, the region is named once per passage and then called 全市/全省/…; everything is deterministic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from helpers.base import bounds, metrics, periods
from helpers.model import derive, relations
from helpers.wording import fmt, style

UNKNOWN_PERIOD = periods.UNKNOWN_PERIOD
MOST_CLAUSES = 5  # figures said in one sentence at most; the rest follow in a sentence that begins 同期
MEASURE_NOUNS = ("标准", "比例", "率")  # A标准 and B标准 of one unit: “A和B标准分别为…”
period_label = periods.label


def _text(value) -> str:
    return value if isinstance(value, str) else ""


# A source's own term that begins with one of these names its scope itself (福建's 城镇低保人数): no scope is added.
PLACE_WORDS = ("城乡", "城镇", "城市", "农村", "全市", "全省", "全国", "全县", "全区")


def term(fact: pd.Series) -> str | None:
    """The name the source itself uses for the figure (observations' `term_zh`), or None."""
    own = fact.get("term_zh")
    return style.flat_parentheses(own) if isinstance(own, str) and own else None


def own_name(fact: pd.Series) -> str:
    """The figure's name without its scope: the source's own term when it has one, else the shared indicator's."""
    return term(fact) or style.flat_parentheses(fact["name_zh"])


def label(fact: pd.Series) -> str:
    """The figure's name with its scope: '城市低保标准', '城乡低保对象人数'. The source's own term (`term_zh`) is
    printed instead of the shared name: 城镇低保人数 as is (it names its scope), 孤儿平均保障标准 after its scope
    (散居孤儿平均保障标准). A scope that names one member of the name's list stands for the list:
    英文稿所称散居孤儿 + 孤儿、事实无人抚养儿童补贴标准 → 英文稿所称散居孤儿补贴标准."""
    own = term(fact)
    if own:
        scope = _text(fact.get("scope_zh"))
        named = fact["scope"] == "all" or own.startswith(PLACE_WORDS) or (scope and own.startswith(scope))
        return own if named else scope + own
    name = style.flat_parentheses(fact["name_zh"])
    if fact["scope"] == "all":
        return name
    scope = _text(fact.get("scope_zh"))
    if name.startswith("城乡"):  # 城市 + 城乡低保对象 → 城市低保对象
        return scope + name[2:]
    listed = re.match(r"^((?:[^、，]+、)+[^、，]+?)(补贴标准|标准|补贴|人数|人员)$", name)
    if listed:
        for member in listed.group(1).split("、"):
            if scope.endswith(member) and member != scope:
                return scope + listed.group(2)
    return scope + name


def unit_of(fact: pd.Series) -> str:
    shown = fact.get("unit_shown")
    return style.unit(shown if isinstance(shown, str) and shown else fact["unit"])


def kind_of(fact: pd.Series) -> str:
    return style.kind(fact.get("dimension"), unit_of(fact))


def _written_decimals(fact: pd.Series) -> int | None:
    written = fact.get("as_written")
    if isinstance(written, str) and re.search(r"\d", written):
        return metrics.decimals_of(written)
    return None if written is None or pd.isna(written) else 0


def points_apart(gap: float, *written: str) -> str:
    """A rate's gap to another, in percentage points: '高9个百分点', '低1.5个百分点'; '基本持平' when the gap is
    within the written figures' rounding (99.7% against 100%)."""
    if metrics.within_rounding(gap, *written):
        return "基本持平"
    return f"{'高' if gap >= 0 else '低'}{fmt.number(abs(gap), 1)}个百分点"


EVENT_ONSETS = {"以来": "以来", "始": "起", "起": "起", "开始": "起"}  # the source's word after the year → ours


def event_time(event: pd.Series, months: bool = True) -> str:
    """When an event happened, no more exactly than its source says: 2017年3月; 2012年以来 where the quote says
    2012年以来 (a course begun that year), 2017年起 for 2017年始/起; 年份未载明 without a year."""
    if pd.isna(event["year"]):
        return "年份未载明"
    when = f"{int(event['year'])}年"
    if months and pd.notna(event.get("month")):
        when += f"{int(event['month'])}月"
    quote = event.get("quote") if isinstance(event.get("quote"), str) else ""
    onset = next((ours for word, ours in EVENT_ONSETS.items() if f"{when}{word}" in quote), "")
    return when + onset


def figure(fact: pd.Series) -> str:
    """A stated figure as the source gave it — its digits (3,007.20 stays 3,007.20), its qualifier where the source
    puts it ('不低于494元/人/月', '1700余家') — with the house unit: 元/人/月 in one order, 万/亿 for 百万/十亿,
    and a rate's unit without the “per …” its name says (每千名老年人拥有养老床位数: 40张)."""
    unit = unit_of(fact)
    decimals = _written_decimals(fact)
    if unit == "%":
        places = decimals if decimals is not None else (0 if float(fact["value"]).is_integer() else 1)
        return bounds.written(f"{style.number(fact['value'], places, fixed=True)}%", "", fact)
    value, shown = style.chinese_scale(fact["value"], unit)
    if decimals is not None:
        decimals = style.scale_decimals(unit, decimals)
    number = style.number(value, decimals, fixed=decimals is not None, grouping=style.grouped(kind_of(fact)))
    return bounds.written(number, style.prose_unit(shown, fact["name_zh"]), fact)


# ── Figures said in sentences ──────────────────────────────────────────────────────────────────────────────────
@dataclass
class _Clause:
    subject: str  # what the figure is of: '城乡低保对象', '低保标准'
    figure: str  # '73,602人', '645元/人/月'
    bare: bool  # said without 为: '城乡低保对象73,602人', '每千名老年人拥有养老床位40张'
    stock: bool  # a stock at a date: may follow 共有
    kind: str
    unit: str
    whole: bool = True  # of the whole region (scope all), so it may follow 全市
    alone: bool = False  # a clause of its own (…分别为…), never listed with others

    def text(self, subject: str | None = None) -> str:
        subject = self.subject if subject is None else subject
        return f"{subject}{self.figure}" if self.bare else f"{subject}为{self.figure}"


def _point_in_time(fact: pd.Series) -> bool:
    return fact["period_basis"] != "unknown" and pd.isna(fact.get("start_year"))


def _clause(fact: pd.Series) -> _Clause:
    kind = kind_of(fact)
    subject, measured = style.measured_name(label(fact), unit_of(fact))
    shown = figure(fact)
    if measured and subject.endswith("增长") and unit_of(fact) == "倍":  # the source's reading: 增长了N倍
        subject += "了"
    bare = measured or kind in (style.COUNT, style.TALLY, style.AMOUNT) or not shown[:1].isdigit()
    stock = kind in style.STOCKS and _point_in_time(fact) and style.may_follow_gongyou(subject)
    return _Clause(subject, shown, bare, stock, kind, unit_of(fact), fact["scope"] == "all")


def _scoped(facts: list[pd.Series]) -> _Clause:
    """One figure of several scopes: '城市和农村低保标准分别为645元/人/月和6,200元/人/年'."""
    first = facts[0]
    name = own_name(first) if len({own_name(f) for f in facts}) == 1 else style.flat_parentheses(first["name_zh"])
    subject = name[2:] if name.startswith("城乡") else name
    scopes = style.join([_text(f.get("scope_zh")) for f in facts])
    figures = style.join([figure(f) for f in facts])
    verb = next((v for v in style.CHANGE_VERBS if subject.endswith(v)), None)
    if verb:  # 集中供养和散居孤儿基本生活保障标准较2012年分别增长77.9%和83.1%
        return _Clause(
            f"{scopes}{subject[: -len(verb)]}",
            f"分别{verb}{figures}",
            True,
            False,
            kind_of(first),
            unit_of(first),
            False,
            True,
        )
    return _Clause(f"{scopes}{subject}", f"分别为{figures}", True, False, kind_of(first), unit_of(first), False, True)


def _merge_measures(clauses: list[_Clause]) -> list[_Clause]:
    """Standards or rates of one unit whose names end alike: 'A标准为x，B标准为y' → 'A和B标准分别为x和y'."""
    out: list[_Clause] = []
    for clause in clauses:
        last = out[-1] if out else None
        if (
            last is not None
            and not clause.bare
            and not last.bare
            and last.kind == clause.kind
            and last.unit == clause.unit
        ):
            noun = next((n for n in MEASURE_NOUNS if last.subject.endswith(n) and clause.subject.endswith(n)), None)
            if noun:
                subjects = [last.subject[: -len(noun)], clause.subject[: -len(noun)]]
                out[-1] = _Clause(
                    f"{style.join(subjects)}{noun}",
                    f"分别为{style.join([last.figure, clause.figure])}",
                    True,
                    False,
                    clause.kind,
                    clause.unit,
                    last.whole and clause.whole,
                    True,
                )
                continue
        out.append(clause)
    return out


def _clauses(facts: list[pd.Series]) -> list[_Clause]:
    """The clauses of one period: figures of one name and several scopes together, then alike standards."""
    by_name: dict[tuple, list[pd.Series]] = {}
    for fact in facts:
        by_name.setdefault((fact["name_zh"], _stage(fact), fact["scope"] == "all"), []).append(fact)
    clauses = []
    for (_, _, whole), group in by_name.items():
        plain = (
            all(
                label(f) in (_text(f.get("scope_zh")) + own_name(f), _text(f.get("scope_zh")) + own_name(f)[2:])
                for f in group
            )
            and len({own_name(f) for f in group}) == 1
        )
        if len(group) > 1 and not whole and plain and len({f["scope"] for f in group}) == len(group):
            clauses.append(_scoped(group))
        else:
            clauses += [_clause(f) for f in group]
    return _merge_measures(clauses)


def _short(previous: str, subject: str) -> str | None:
    """What a subject keeps after one alike: the verb that tells it apart (筹集…资金, 支出…资金 → 支出), or None."""
    start = len(style.common_prefix(previous, subject))
    end = len(subject) - len(style.common_suffix(previous[start:], subject[start:]))
    middle = subject[start:end]
    return middle if len(subject) - len(middle) >= 4 and 0 < len(middle) <= 2 else None


def _body(clauses: list[_Clause]) -> str:
    """Clauses joined: stocks after one 共有; a name said once (城乡低保对象48,713户、73,602人); a shared noun once
    (筹集困难群众救助补助资金38.86亿元、支出39.28亿元); figures of another kind, and 分别 clauses, after '，'."""
    runs: list[list[str]] = []
    previous: _Clause | None = None
    for clause in clauses:
        same_run = (
            previous is not None
            and previous.bare
            and clause.bare
            and not previous.alone
            and not clause.alone
            and previous.stock == clause.stock
            and previous.kind == clause.kind
        )
        if same_run and previous.subject == clause.subject:
            runs[-1][-1] += "、" + clause.figure  # 城乡低保对象48,713户、73,602人
            previous = clause
            continue
        short = _short(previous.subject, clause.subject) if same_run else None
        text = clause.text(short if short is not None else clause.subject)
        if same_run:
            runs[-1].append(text)
        else:
            runs.append([("共有" if clause.stock and clause.bare else "") + text])
        previous = clause
    return "，".join(("，" if any("、" in t for t in run[:-1]) or len(run[0]) > 24 else "、").join(run) for run in runs)


def _lead(fact: pd.Series) -> tuple[str, str]:
    """The period before a sentence ('截至2022年9月，') or, for a figure the source does not date, after it."""
    period = period_label(fact)
    if fact["period_basis"] == "unknown":
        return "", f"（{period}）"
    return f"{period}，", ""


STAGE_WORDS = {"before": "调整前", "after": "调整后"}


def _stage(fact: pd.Series) -> str:
    return fact.get("stage") if isinstance(fact.get("stage"), str) else ""


def _periods(facts: pd.DataFrame) -> list[list[pd.Series]]:
    """The facts grouped by the period they hold for, in the order the periods first occur; a period that holds
    figures before and after a raise is two groups (调整前, 调整后)."""
    rows = [f for _, f in facts.iterrows()]
    staged: dict[tuple, set] = {}
    for fact in rows:
        staged.setdefault((fact["period_basis"] == "unknown", period_label(fact)), set()).add(_stage(fact))
    groups: dict[tuple, list[pd.Series]] = {}
    for fact in rows:
        key = (fact["period_basis"] == "unknown", period_label(fact))
        split = {"before", "after"} <= staged[key]
        groups.setdefault(key + ((_stage(fact),) if split else ("",)), []).append(fact)
    return list(groups.values())


def _stage_word(group: list[pd.Series], facts: pd.DataFrame) -> str:
    label_ = period_label(group[0])
    stages = {_stage(f) for _, f in facts.iterrows() if period_label(f) == label_}
    return STAGE_WORDS.get(_stage(group[0]), "") if {"before", "after"} <= stages else ""


SERIES_FROM = 3  # a figure stated for this many periods in a row is said as one series sentence


def _series_runs(groups: list[list[pd.Series]]) -> list[list[list[pd.Series]]]:
    """Consecutive dated periods that each hold one figure of the same indicator and scope: one run."""
    runs: list[list[list[pd.Series]]] = []
    for group in groups:
        one = len(group) == 1 and group[0]["period_basis"] != "unknown"
        key = (group[0]["indicator"], group[0]["scope"]) if one else None
        last = runs[-1] if runs else None
        if key and last and len(last[0]) == 1 and (last[0][0]["indicator"], last[0][0]["scope"]) == key:
            last.append(group)
        else:
            runs.append([group])
    return runs


def _series_sentence(run: list[list[pd.Series]], subject: str) -> str:
    """'全县社区数量2005年为100个、2006年为107个……2021年为212个。'"""
    first = run[0][0]
    listed = "、".join(f"{period_label(g[0])}为{figure(g[0])}" for g in run)
    return style.sentence(f"{subject}{label(first)}{listed}")


def figure_sentences(facts: pd.DataFrame, region_name: str) -> list[str]:
    """The figures of `facts` in as few sentences as read well: one per period, the region named in the first
    and called 全市 (全省, 全国 …) after, at most MOST_CLAUSES figures to a sentence.

    '截至2022年9月，晋中市共有城乡低保对象48,713户、73,602人，城乡特困人员16,460人。'
    '全市启动社会救助和保障标准与物价上涨联动机制18次、发放价格临时补贴193.6万人次（历年累计，起止年份未载明）。'
    """
    sentences: list[str] = []
    for run in _series_runs(_periods(facts)):
        if len(run) >= SERIES_FROM:
            whole = _text(run[0][0].get("scope_zh")) if run[0][0]["scope"] == "all" else ""
            sentences.append(_series_sentence(run, region_name if not sentences else whole))
            continue
        sentences += _period_sentences(run, facts, region_name, bool(sentences))
    return sentences


def _period_sentences(run: list[list[pd.Series]], facts: pd.DataFrame, region_name: str, named: bool) -> list[str]:
    """The sentences of one or more periods, each period one sentence (two when it holds many figures)."""
    sentences: list[str] = []
    for group in run:
        lead, note = _lead(group[0])
        clauses = _clauses(group)
        whole = next((_text(f.get("scope_zh")) for f in group if f["scope"] == "all"), "")
        count = -(-len(clauses) // MOST_CLAUSES)  # sentences, each about as long as the others
        size = -(-len(clauses) // count) if clauses else 1
        for start in range(0, len(clauses), size):
            chunk = clauses[start : start + size]
            if not sentences and not named:
                subject = region_name
            else:
                subject = whole if chunk[0].whole else ""
            opening = lead if not start else ("同期，" if lead else "")
            opening += _stage_word(group, facts) if not start else ""
            sentences.append(style.sentence(f"{opening}{subject}{_body(chunk)}{note}"))
    return sentences


def figure_sentence(fact: pd.Series, region_name: str) -> str:
    """One figure in one sentence, among others of its section: its region is called 全市 (全省 …), or not named
    when the figure is of a part of it — '截至2022年9月，全市共有各类养老机构109家。', '2010年，共有城市低保对象
    181,530人。' A section says its figures best with `figure_sentences`, which names the region once."""
    whole = _text(fact.get("scope_zh")) if fact["scope"] == "all" else ""
    return figure_sentences(pd.DataFrame([fact]), whole)[0]


# ── Changes ────────────────────────────────────────────────────────────────────────────────────────────────────
def verbs(dimension: str, change: float) -> tuple[str, str]:
    """('提高到', '提高') for standards and rates, ('增加到', '增加') for counts; when they fell,
    ('下降到', '下降') and ('减少到', '减少')."""
    return style.verbs(style.kind(dimension), change)


def _at(year) -> str:
    return "" if pd.isna(year) else f"{int(year)}年的"


def derived_figure(value: float, unit: str, bound: str | None, decimals: int | None = None) -> str:
    return bounds.prefix(bound) + fmt.with_unit(value, unit, decimals)


def _change_amount(row: pd.Series, kind: str) -> str:
    """By how much: '322元/人/月（+99.7%）'; a percentage changes by percentage points, not by per cent."""
    if kind == style.PERCENT:
        return f"{fmt.number(abs(row['change']), 1)}个百分点"
    amount = fmt.with_unit(abs(row["change"]), row["unit"])
    if pd.notna(row["pct_change"]):
        amount += f"（{bounds.prefix(row['bound'])}{fmt.signed_percent(row['pct_change'])}）"
    return amount


def _growth(row: pd.Series, kind: str) -> str:
    if pd.notna(row["cagr"]) and kind != style.PERCENT:
        return (
            f"，{int(row['years'])}年间年均{style.growth_word(row['cagr'])}"
            f"{bounds.prefix(row['bound'])}{fmt.percent(abs(row['cagr']))}。"
        )
    return "。"  # why there is no yearly rate is for the working papers (no_growth_notes)


def no_growth_notes(changes: pd.DataFrame) -> list[str]:
    """Why a change has no yearly rate, for the working papers, one sentence per reason:
    '未计算年均增长：行政村数、社区数量（起止年份未全部载明）。'"""
    if changes.empty:
        return []
    named = with_words(changes) if "label" not in changes else changes
    sentences = []
    for reason, group in named.groupby("cagr_reason", sort=False):
        if reason in NO_GROWTH_RATE:
            names = "、".join(dict.fromkeys(group["label"]))
            sentences.append(style.sentence(f"未计算年均增长：{names}（{NO_GROWTH_RATE[reason]}）"))
    return sentences


NO_GROWTH_RATE = {
    derive.YEARS_UNKNOWN: "起止年份未全部载明",
    derive.SAME_YEAR: "前后两个数值在同一年内",
    derive.ONE_YEAR: "前后相隔一年，变化率即年增长",
    derive.ZERO_START: "起点为零",
}
TURNS = {derive.FALLS: "由升转降", derive.RISES: "由降转升"}


def with_words(changes: pd.DataFrame) -> pd.DataFrame:
    """Changes (helpers.model.derive) with what a reader sees of them: each figure's name with its scope (label)
    and its first and last figures as the source wrote them (first_written, last_written)."""
    firsts = [v.iloc[0] for v in changes["values"]]
    lasts = [v.iloc[-1] for v in changes["values"]]
    return changes.assign(
        label=[label(f) for f in lasts],
        first_written=[figure(f) for f in firsts],
        last_written=[figure(f) for f in lasts],
    )


def _worded(row: pd.Series) -> pd.Series:
    """A change row with its words (with_words), computed here when the caller passed the model's row."""
    return row if "label" in row else with_words(row.to_frame().T).iloc[0]


def change_sentence(row: pd.Series, continued: bool = False) -> str:
    """'城市低保标准由2012年的323元/人/月提高到2022年的645元/人/月，提高322元/人/月（+99.7%），10年间年均增长7.2%。'

    `continued`: the previous sentence spoke of the same years, so this one says 同期 instead of repeating them."""
    row = _worded(row)
    kind = style.kind(row["dimension"], row["unit"])
    to_verb, change_verb = style.verbs(kind, row["change"])
    start = row["first_written"]
    if row["converted"]:
        start += f"（折合{fmt.with_unit(row['first'], row['unit'], 2)}）"
    same_year = pd.notna(row["first_year"]) and row["first_year"] == row["last_year"]
    if row["change"] == 0:
        when = f"{int(row['first_year'])}年" if same_year else ""
        return style.sentence(f"{when}{row['label']}前后均为{row['last_written']}，没有变化")
    if continued:
        sentence = f"同期，{row['label']}由{start}{to_verb}{row['last_written']}"
    elif same_year:  # a raise within one year: '2023年，城市低保标准由730元/人/月提高到760元/人/月'
        sentence = f"{int(row['first_year'])}年，{row['label']}由{start}{to_verb}{row['last_written']}"
    else:
        sentence = (
            f"{row['label']}由{_at(row['first_year'])}{start}{to_verb}{_at(row['last_year'])}{row['last_written']}"
        )
    sentence += f"，{bounds.prefix(row['bound'])}{change_verb}{_change_amount(row, kind)}"
    return style.sentence(sentence + _growth(row, kind))


def _same_span(a: pd.Series, b: pd.Series) -> bool:
    years = [a["first_year"], a["last_year"], b["first_year"], b["last_year"]]
    if any(pd.isna(y) for y in years):
        return False
    first, last, other_first, other_last = (int(y) for y in years)
    return first == other_first and last == other_last and first != last


def change_sentences(changes: pd.DataFrame) -> list[str]:
    """Every change, one sentence each; a change over the same years as the one before says 同期."""
    sentences, previous = [], None
    for _, row in changes.iterrows():
        sentences.append(change_sentence(row, continued=previous is not None and _same_span(previous, row)))
        previous = row
    return sentences


def series_sentence(row: pd.Series) -> str | None:
    """For a yearly series: how many years it has, which it lacks, its peak and trough and where it turned."""
    if pd.isna(row["peak"]):
        return None
    row = _worded(row)
    values = row["values"]
    dated = values[values["year"].notna()]
    years = sorted({int(y) for y in dated["year"]})
    scale = float(values["scale"].iloc[-1])
    at = {int(y): v / scale for y, v in zip(dated["year"], dated["base_value"])}
    gaps = f"，缺{fmt.year_list(row['gaps'])}，缺数年份不作插补" if row["gaps"] else "，逐年连续"
    sentence = (
        f"{row['label']}共有{len(years)}个年份的数值（{years[0]}—{years[-1]}年{gaps}），"
        f"最高为{int(row['peak'])}年的{fmt.with_unit(at[int(row['peak'])], row['unit'])}，"
        f"最低为{int(row['trough'])}年的{fmt.with_unit(at[int(row['trough'])], row['unit'])}"
    )
    if row["turns"]:
        sentence += "；" + "，".join(f"{year}年{TURNS[direction]}" for year, direction in row["turns"])
    return style.sentence(sentence)


# ── Relations ──────────────────────────────────────────────────────────────────────────────────────────────────
def _undated(row: pd.Series) -> bool:
    return all(p["period_basis"] == "unknown" for p in row["parts"])


def _frame(row: pd.Series, body: str) -> str:
    """A relation's sentence with its period in front, or after it in brackets when the source gives no date."""
    if _undated(row):
        return style.sentence(f"{body}（{row['period']}）")
    return style.sentence(f"{row['period']}，{body}")


def _part_names(parts: list[pd.Series]) -> list[str]:
    """Parts of one indicator are named by their scopes (城市、农村), others by their labels."""
    if (
        len({own_name(p) for p in parts}) == 1
        and all(p["scope"] != "all" for p in parts)
        and not any(term(p) and label(p) == term(p) for p in parts)
    ):
        return [_text(p.get("scope_zh")) for p in parts]
    return [label(p) for p in parts]


def _alike(parts: list[pd.Series]) -> tuple[str, list[str]] | None:
    """Parts whose labels end alike, said once: 取缔的社会组织, 劝散的社会组织 →
    ('取缔和劝散的社会组织', ['取缔', '劝散'])."""
    labels = [label(p) for p in parts]
    shared = labels[0]
    for other in labels[1:]:
        shared = style.common_suffix(shared, other)
    shared = shared[shared.find("的") :] if "的" in shared else ""
    heads = [name[: len(name) - len(shared)] for name in labels]
    if len(parts) < 2 or len(shared) < 2 or not all(heads):
        return None
    return f"{style.join(heads)}{shared}", heads


def relation_sentence(row: pd.Series) -> str:
    """A declared relation in words: a total of parts, a share, a ratio or a per-capita figure."""
    prefix = bounds.prefix(row["bound"])
    if row["kind"] == "sum":
        parts, names = row["parts"], _part_names(row["parts"])
        alike = _alike(parts)
        if names != [label(p) for p in parts]:  # one indicator, several scopes: 城市和农村社区社会组织分别为…
            listed = _scoped(parts).text()
        elif alike:  # 取缔、劝散、引导登记和责令整改的社会组织分别为62家、10家、8家和35家
            listed = f"{alike[0]}分别为{style.join([figure(p) for p in parts])}"
        else:
            listed = "、".join(f"{label(p)}{figure(p)}" for p in parts)
        body = f"{listed}，合计{prefix}{fmt.with_unit(row['value'], row['unit'])}"
        shares = [s for s in (row["shares"] or []) if s is not None]
        if len(shares) == len(parts) > 1 and alike:
            body += f"，占比依次为{style.join([fmt.percent(s) for s in shares])}"
        elif len(shares) == len(parts) > 1:
            body += "，" + "、".join(f"{name}占{fmt.percent(s)}" for name, s in zip(names, shares))
        whole = row["whole"]
        if whole is not None:
            gap = whole["base_value"] / whole["scale"] - row["value"]
            if abs(gap) < 0.5:
                body += f"，与原文所载{label(whole)}{figure(whole)}一致"
            else:
                body += (
                    f"；原文所载{label(whole)}为{figure(whole)}，比各部分之和"
                    f"{'多' if gap > 0 else '少'}{fmt.with_unit(abs(gap), unit_of(whole))}"
                )
        return _frame(row, body)
    part, whole = row["parts"][0], row["whole"]
    if row["kind"] == "share":
        body = f"{label(part)}{figure(part)}"
        if part["scale"] != whole["scale"]:  # e.g. a yearly standard against a monthly one: say what it comes to
            body += f"（折合{fmt.with_unit(part['base_value'] / whole['scale'], unit_of(whole), 1)}）"
        body += f"，相当于{label(whole)}{figure(whole)}的{prefix}{fmt.percent(row['value'])}"
        if kind_of(part) not in style.LEVELS and part["base_value"] != whole["base_value"]:
            gap = (part["base_value"] - whole["base_value"]) / whole["scale"]
            body += f"，{'多' if gap > 0 else '少'}{prefix}{fmt.with_unit(abs(gap), unit_of(whole))}"
        return _frame(row, body)
    if row["unit"] == "倍":  # a ratio new ÷ old is “是…的N倍”, never “增长了N倍”
        return style.sentence(
            style.multiple_of(
                f"{label(part)}{figure(part)}", f"{label(whole)}{figure(whole)}", prefix + fmt.number(row["value"], 1)
            )
        )
    subject, _ = style.measured_name(style.flat_parentheses(row["name_zh"]), row["unit"])
    unit = style.prose_unit(row["unit"], row["name_zh"])
    inputs = f"按{label(part)}{figure(part)}与{label(whole)}{figure(whole)}计算"
    return style.sentence(f"{inputs}，{subject}{prefix}{fmt.with_unit(row['value'], unit)}")


def relation_sentences(found: pd.DataFrame) -> list[str]:
    """Every relation; shares of one whole in one period in one sentence: '排查社会组织1,702家，其中作出行政处罚的
    社会组织283家，占16.6%；取缔的社会组织62家，占3.6%……'. A part of a whole is not said to be “fewer” than it."""
    sentences, done = [], set()
    rows = list(found.iterrows())
    for i, row in rows:
        if i in done:
            continue
        if row["kind"] != "share":
            sentences.append(relation_sentence(row))
            continue
        alike = [
            (j, other)
            for j, other in rows
            if other["kind"] == "share"
            and other["relation_id"] == row["relation_id"]
            and other["period"] == row["period"]
            and j not in done
        ]
        if len(alike) < 2:
            sentences.append(relation_sentence(row))
            continue
        done.update(j for j, _ in alike)
        whole, parts = row["whole"], [o["parts"][0] for _, o in alike]
        shares = style.join([f"{bounds.prefix(o['bound'])}{fmt.percent(o['value'])}" for _, o in alike])
        same = _alike(parts)
        if same:  # 其中作出行政处罚、取缔……的社会组织分别为283家、62家……，占比依次为16.6%、3.6%……
            listed = f"{same[0]}分别为{style.join([figure(p) for p in parts])}，占比依次为{shares}"
        else:
            listed = "；".join(
                f"{label(p)}{figure(p)}，占{bounds.prefix(o['bound'])}{fmt.percent(o['value'])}"
                for p, (_, o) in zip(parts, alike)
            )
        sentences.append(_frame(row, f"{label(whole)}{figure(whole)}，其中{listed}"))
    changes = sum_changes(found)
    if not changes.empty:  # a total known at two or more periods changes like any figure: first → last, change, %
        sentences += change_sentences(changes)
    return sentences


def sum_changes(found: pd.DataFrame) -> pd.DataFrame:
    """The change of each declared total (helpers.model.relations.total_changes), with its words."""
    changes = relations.total_changes(found)
    return with_words(changes) if not changes.empty else changes.assign(label=[], first_written=[], last_written=[])


# ── The source's own figures, checked ──────────────────────────────────────────────────────────────────────────
def annual_sentence(row: pd.Series) -> str:
    """'2022年，困难残疾人生活补贴标准为71元/人/月，折合每人每年852元。'"""
    fact = row["fact"]
    yearly = f"{bounds.prefix(bounds.bound_of(fact))}{fmt.number(row['yearly'])}{style.money_of(fact['unit'])}"
    body = f"{label(fact)}为{figure(fact)}，折合每人每年{yearly}"
    lead, note = _lead(fact)
    return style.sentence(f"{lead}{body}{note}")


def annual_sentences(annual: pd.DataFrame) -> list[str]:
    """Monthly standards of one period in one sentence:
    'A和B标准分别为71元/人/月和94元/人/月，折合每人每年分别为852元和1,128元。'"""
    sentences = []
    annual_facts = pd.DataFrame([r["fact"] for r in annual.to_dict("records")])
    for group in _periods(annual_facts) if not annual.empty else []:
        yearly = {f["obs_id"]: y for f, y in zip(annual["fact"], annual["yearly"])}
        if len(group) == 1:
            sentences.append(annual_sentence(pd.Series({"fact": group[0], "yearly": yearly[group[0]["obs_id"]]})))
            continue
        lead, note = _lead(group[0])
        lead += _stage_word(group, annual_facts)
        clauses = _clauses(group)
        amounts = style.join(
            [
                f"{bounds.prefix(bounds.bound_of(f))}{fmt.number(yearly[f['obs_id']])}{style.money_of(f['unit'])}"
                for f in group
            ]
        )
        body = "，".join(c.text() for c in clauses)
        sentences.append(
            style.sentence(f"{lead}{body}，折合每人每年{'分别为' if len(group) > 1 else ''}{amounts}{note}")
        )
    return sentences


# ── The overview ───────────────────────────────────────────────────────────────────────────────────────────────
def headline_sentences(facts: pd.DataFrame, changes: pd.DataFrame, region_name: str) -> list[str]:
    """The changes, then every figure not part of a change, grouped by period (figure_sentences)."""
    in_changes = set(zip(changes["indicator"], changes["scope"]))
    rest = facts[[(i, s) not in in_changes for i, s in zip(facts["indicator"], facts["scope"])]]
    sentences = change_sentences(changes)
    if not rest.empty:
        sentences += figure_sentences(rest, region_name)
    return sentences


def implied_count_sentence(region_name: str, population: pd.Series, per_10k: pd.Series, implied: float) -> str:
    """'按2020年晋中市常住人口…人推算，每万人…个社会组织约相当于…个（推算值；人口与组织数年份不同）。'"""
    return style.sentence(
        f"按{population['period_note']}{region_name}常住人口{fmt.number(population['value'])}人推算，每万人"
        f"{fmt.number(per_10k['value'])}个社会组织约相当于{fmt.number(implied, 0)}个（推算值；人口与组织数年份不同）"
    )


def national_count_sentence(orgs: pd.Series) -> str:
    return style.sentence(
        f"全国{orgs['period_note']}共有社会组织{fmt.number(orgs['value'])}万个；当年全国人口未取得，不计算每万人数"
    )


def national_density_sentence(
    orgs: pd.Series, elderly: pd.Series, share: pd.Series, national: float, per_10k: float
) -> str:
    return style.sentence(
        f"全国{orgs['period_note']}共有社会组织{fmt.number(orgs['value'])}万个；以{elderly['name_zh']}"
        f"{fmt.number(elderly['value'])}亿人占{fmt.percent(share['value'])}推算总人口约"
        f"{fmt.number(national / elderly['factor'], 2)}{elderly['unit']}，每万人约{fmt.number(per_10k, 2)}个（推算值）"
    )


# ── A chapter's lead paragraph ─────────────────────────────────────────────────────────────────────────────────
# The lead states a chapter's main developments with their magnitudes, in 2–4 sentences: one on what the region's
# data cover, then the weightiest of its candidates (helpers.page.lead chooses them by rule), each candidate in a
# sentence shape of its own so that no two read “由A提高到B”.
LEAD_MOST = 4  # sentences in a lead at most (the first says what the data cover)
LEAD_TOPICS = 3  # topics named in the first sentence at most


def lead_opening(
    region_name: str, count: int, topics: list[str], more: bool, first: int | None, last: int | None
) -> str:
    """'本章记述晋中市2012—2022年的低保标准、城乡低保对象人数和支出困难群众救助补助资金等情况。' — what the
    region's data cover, never a topic they lack (how many figures they are is the working papers' business)."""
    when = (style.years(first, last) if first is not None and last is not None else "") + "的"
    listed = style.join(topics) + ("等" if more else "")
    return style.sentence(f"本章记述{region_name}{when}{listed}情况")


def _pct(row: pd.Series, kind: str, prefixed: bool = False) -> str:
    """How much, relatively: '99.7%'; a percentage by percentage points; a change from zero by its amount. The
    bound (至少, 约) goes before the verb (`_by`), so it is left out here unless `prefixed`."""
    prefix = bounds.prefix(row["bound"]) if prefixed else ""
    if kind == style.PERCENT:
        return f"{prefix}{fmt.number(abs(row['change']), 1)}个百分点"
    if pd.isna(row["pct_change"]):
        return prefix + fmt.with_unit(abs(row["change"]), row["unit"])
    return prefix + fmt.percent(abs(row["pct_change"]))


def _dated(row: pd.Series) -> bool:
    return pd.notna(row["first_year"]) and pd.notna(row["last_year"]) and row["first_year"] != row["last_year"]


def lead_change(row: pd.Series, shape: int = 0) -> str:
    """A change in one of three shapes (by `shape`, the change's rank among those of the lead):
    0 '农村低保标准由2012年的1,829元/人/年提高到2022年的6,200元/人/年，提高239.0%。'
    1 '与2010年相比，2021年城镇低保人数减少64.2%，降至64,992人。'
    2 '2012—2022年，城市低保标准年均增长7.2%，2022年达到645元/人/月。' (when compound growth is known)
    A change whose years are not both known, or within one year, says its period as the source does."""
    row = _worded(row)
    kind = style.kind(row["dimension"], row["unit"])
    to_verb, by_verb = style.verbs(kind, row["change"])
    if row["change"] == 0:
        return change_sentence(row)
    first, last = row["first_written"], row["last_written"]
    by_verb = bounds.prefix(row["bound"]) + by_verb  # 至少提高8.1%
    reached = "达到" if row["change"] > 0 else "降至"
    if not _dated(row):
        when = f"{int(row['first_year'])}年，" if pd.notna(row["first_year"]) else ""
        if shape >= 1:
            return style.sentence(f"{when}{row['label']}{by_verb}了{_pct(row, kind)}，{reached}{last}")
        return style.sentence(f"{when}{row['label']}由{first}{to_verb}{last}，{by_verb}{_pct(row, kind)}")
    y1, y2 = int(row["first_year"]), int(row["last_year"])
    if shape == 2 and pd.notna(row["cagr"]) and kind != style.PERCENT:
        return style.sentence(
            f"{y1}—{y2}年，{row['label']}年均{style.growth_word(row['cagr'])}"
            f"{bounds.prefix(row['bound'])}{fmt.percent(abs(row['cagr']))}，{y2}年{reached}{last}"
        )
    if shape >= 1:
        return style.sentence(f"与{y1}年相比，{y2}年{row['label']}{by_verb}{_pct(row, kind)}，{reached}{last}")
    return style.sentence(f"{row['label']}由{y1}年的{first}{to_verb}{y2}年的{last}，{by_verb}{_pct(row, kind)}")


def lead_pair(a: pd.Series, b: pd.Series) -> str:
    """Two changes of one indicator over the same years, in one sentence: '2012—2022年，城市和农村低保标准分别由
    323元/人/月和1,829元/人/年提高到645元/人/月和6,200元/人/年，分别提高99.7%和239.0%。'"""
    a, b = _worded(a), _worded(b)
    kind = style.kind(a["dimension"], a["unit"])
    to_verb, by_verb = style.verbs(kind, a["change"])
    facts = [a["values"].iloc[-1], b["values"].iloc[-1]]
    plain = (
        all(label(f) == _text(f.get("scope_zh")) + own_name(f) for f in facts)
        and len({own_name(f) for f in facts}) == 1
    )
    subject = _scoped(facts).subject if plain else style.join([a["label"], b["label"]])
    when = f"{int(a['first_year'])}—{int(a['last_year'])}年，" if _dated(a) else ""
    return style.sentence(
        f"{when}{subject}分别由{style.join([a['first_written'], b['first_written']])}{to_verb}"
        f"{style.join([a['last_written'], b['last_written']])}，分别{by_verb}"
        f"{style.join([_pct(a, kind, True), _pct(b, kind, True)])}"
    )


def lead_relation(first: pd.Series, last: pd.Series) -> str:
    """A share or ratio known at two years: '2022年，农村低保标准相当于城市标准的80.1%，比2012年的47.2%提高
    32.9个百分点。'"""
    name = style.flat_parentheses(last["name_zh"])
    y1, y2 = int(first["year"]), int(last["year"])
    gap = last["value"] - first["value"]
    if last["unit"] == "%":
        _, by_verb = style.verbs(style.PERCENT, gap)
        said = f"{name}为{fmt.percent(last['value'])}"
        if "相当于" in name and name.endswith("的比例"):  # 农村低保标准相当于城市标准的比例 → …城市标准的80.1%
            said = f"{name[: -len('比例')]}{fmt.percent(last['value'])}"
        change = f"{by_verb}{fmt.number(abs(gap), 1)}个百分点" if gap else "没有变化"
        return style.sentence(f"{y2}年，{said}，比{y1}年的{fmt.percent(first['value'])}{change}")
    to_verb, _ = style.verbs(style.MULTIPLE, gap)
    return style.sentence(
        f"{name}由{y1}年的{fmt.with_unit(first['value'], first['unit'], 2)}{to_verb}{y2}年的"
        f"{fmt.with_unit(last['value'], last['unit'], 2)}"
    )


def lead_total(row: pd.Series) -> str:
    """A declared total known at two years: '城乡低保对象合计从2010年的894,747人减少到2021年的548,962人，
    减少345,785人（−38.6%）。'"""
    row = _worded(row)
    kind = style.kind(row["dimension"], row["unit"])
    to_verb, by_verb = style.verbs(kind, row["change"])
    if not _dated(row):
        return lead_change(row)
    return style.sentence(
        f"{row['label']}从{int(row['first_year'])}年的{row['first_written']}{to_verb}{int(row['last_year'])}年的"
        f"{row['last_written']}，{by_verb}{_change_amount(row, kind)}"
    )
