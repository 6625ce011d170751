"""Sections every chapter shares: each shows its heading and content, or says plainly that there is none."""
from __future__ import annotations

import pandas as pd

from helpers import charts, derive, display, text
from helpers.chapter import ChapterContext


def _show(title: str, sentences: list[str], table: pd.DataFrame | None = None) -> None:
    display.heading(title, 2)
    display.paragraphs(sentences)
    if table is not None:
        display.table(table)


def key_figures(ch: ChapterContext) -> None:
    display.heading("关键数字", 2)
    if ch.facts.empty:
        display.note(f"{ch.region_name}的数据中没有本章的数字。")
        return
    display.paragraphs(["本章涉及的全部数字，按原文口径列出；“时期”一栏注明数字所指的时间，原文未载明者如实标注。"])
    display.table(display.key_figures(ch.facts))
    for fact, rows in derive.yearly_series(ch.facts):
        wide = pd.DataFrame({text.label(fact): rows.set_index("year")["value"]}).reindex(range(ch.start_year, ch.end_year + 1))
        charts.show(charts.year_series(wide, title=f"{text.label(fact)}（{fact['unit']}）", ylabel=fact["unit"],
                                       note="只画有数据的年份，缺数年份留空、不作插补。"))


def before_after(ch: ChapterContext, indicators: list[str] | None = None, title: str = "前后对比") -> pd.DataFrame:
    """Before→after pairs with change, % change and (where both years are stated) CAGR."""
    pairs = derive.pairs(ch.facts, indicators)
    if pairs.empty:
        return pairs
    _show(title, ["下表按起点和终点两个数值计算变化量、变化率，两个年份都载明时再计算年均增长率（复合增长）；"
                  "两个时点之间的逐年数值未载明，图中只连接两个实测点，不代表逐年走势。"]
          + [text.pair_sentence(p) for _, p in pairs.iterrows()], display.pairs_table(pairs))
    return pairs


def figures(ch: ChapterContext, indicators: list[str], title: str) -> pd.DataFrame:
    """A generated sentence for each figure of `indicators`, in the order given; missing ones are named."""
    chosen = pd.concat([derive.select(ch.facts, i) for i in indicators])
    if chosen.empty:
        return chosen
    missing = [i for i in indicators if derive.select(ch.facts, i).empty]
    names = ch.region.indicators.set_index("indicator")["name_zh"]
    _show(title, [text.figure_sentence(f, ch.region_name) for _, f in chosen.iterrows()]
          + ([f"{ch.region_name}的数据中没有{'、'.join(names[i] for i in missing)}。"] if missing else []))
    return chosen


def annual_amounts(ch: ChapterContext, title: str = "月标准折合全年") -> pd.DataFrame:
    annual = derive.annualised(ch.facts)
    if annual.empty:
        return annual
    _show(title, [text.annual_sentence(row) for _, row in annual.iterrows()], display.annual_table(annual))
    return annual


def parts(ch: ChapterContext, indicators: list[str], title: str, whole: str | None = None) -> pd.DataFrame:
    """Figures of one unit as parts: their total and each one's share (of the total, or of `whole`)."""
    table = derive.parts(ch.facts, indicators, whole)
    if table.empty:
        return table
    _show(title, text.parts_sentences(table, whole is not None), display.parts_table(table, whole is not None))
    return table


def checks(ch: ChapterContext) -> None:
    display.heading("原文数字核对", 2)
    results = ch.checks()
    if results.empty:
        display.note("本章原文没有给出可据其原始数字复核的百分比、合计或年数。")
        return
    display.paragraphs(["原文自身给出的百分比、合计、年数等，按原文的原始数字重新计算，并按原文的取整精度判断是否一致。"]
                       + [text.check_sentence(c) for _, c in results.iterrows()])
    display.table(display.checks_table(results))


def events(ch: ChapterContext, title: str = "大事记与制度建设") -> None:
    display.heading(title, 2)
    if ch.events.empty:
        display.note("原文没有记载本章的事件。")
        return
    display.table(display.events_table(ch.events))


def sources(ch: ChapterContext) -> None:
    display.heading("数据来源与原文", 2)
    display.paragraphs(["本章每个数字都出自下列原文语句；原文全文保存在 data/raw/。"])
    display.table(display.sources_table(ch.facts))


def closing(ch: ChapterContext) -> None:
    """The three sections every chapter ends with."""
    checks(ch)
    events(ch)
    sources(ch)


def headlines(ch: ChapterContext) -> pd.DataFrame:
    """For each chapter, its headline indicators (chapters.yml) as generated sentences."""
    from helpers.chapters import built_chapters
    shown = []
    display.heading("十年要点", 2)
    for chapter in built_chapters():
        facts = pd.concat([derive.select(ch.all_facts, i) for i in chapter.headline]) if chapter.headline else ch.all_facts.iloc[0:0]
        if facts.empty:
            continue
        display.heading(chapter.heading, 3)
        display.paragraphs(text.headline_sentences(facts, ch.region_name))
        shown.append(facts)
    return pd.concat(shown) if shown else ch.all_facts.iloc[0:0]


def monthly_comparison(ch: ChapterContext, indicator: str, numerator: str, denominator: str,
                       title: str) -> pd.DataFrame:
    """Two scopes of a benefit (e.g. rural per year, urban per month) per month, side by side, each year both exist."""
    monthly = derive.monthly_comparison(ch.facts, indicator, numerator, denominator)
    if monthly.empty:
        return monthly
    names = {s: f"{ch.region.scopes.set_index('scope').loc[s, 'name_zh']}{derive.select(ch.facts, indicator)['name_zh'].iloc[0]}"
             for s in (numerator, denominator)}
    _show(title, ["按年计的标准按月平均折算（÷12）后，与按月计的标准直接比较。"]
          + [text.monthly_share_sentence(row, names[numerator], names[denominator]) for _, row in monthly.iterrows()])
    charts.show(charts.slope(
        [{"label": names[denominator], "x": list(monthly["year"]), "y": list(monthly["denominator_month"])},
         {"label": f"{names[numerator]}（按月计）", "x": list(monthly["year"]), "y": list(monthly["numerator_month"])}],
        title=f"{names[denominator]}与{names[numerator]}（元/人/月）", ylabel="元/人/月",
        note="只连接有数据的年份，中间年份数值未载明。"))
    return monthly


def money_flows(ch: ChapterContext, flows: list[tuple[str, str]], title: str) -> pd.DataFrame:
    """Money raised and spent (pairs of indicators) with the gap between them, table and paired bars."""
    table = derive.stack(*[derive.flows(ch.facts, raised=r, spent=s) for r, s in flows])
    if table.empty:
        return table
    _show(title, [text.flow_sentence(row) for _, row in table.iterrows()], display.flows_table(table))
    unit = table["unit"].iloc[0]
    charts.show(charts.grouped_bars(list(table["period"]), {"筹集": list(table["raised"]), "支出": list(table["spent"])},
                                    title=f"资金筹集与支出（{unit}）", ylabel=unit))
    return table


def timeline(ch: ChapterContext) -> None:
    """Every chapter's dated milestones as a time line, then all events (undated ones last) as a table."""
    display.heading("大事时间线", 2)
    if ch.all_events.empty:
        display.note(f"{ch.region_name}的数据中没有记载大事。")
        return
    display.paragraphs(["图中只列载明年份的事项；年份未载明的事项见下表末尾。"])
    charts.show(charts.timeline(ch.all_events, title="有明确年份的大事"))
    display.table(display.events_table(ch.all_events))
