"""Sections every chapter shares: each shows its heading and content, or says plainly that there is none."""
from __future__ import annotations

import pandas as pd

from helpers import derive, display, text
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


def before_after(ch: ChapterContext, indicators: list[str] | None = None, title: str = "前后对比") -> pd.DataFrame:
    """Before→after pairs with change, % change and (where both years are stated) CAGR."""
    pairs = derive.pairs(ch.facts, indicators)
    if pairs.empty:
        return pairs
    _show(title, [text.pair_sentence(p) for _, p in pairs.iterrows()], display.pairs_table(pairs))
    return pairs


def figures(ch: ChapterContext, indicators: list[str], title: str) -> pd.DataFrame:
    """A generated sentence for each figure of `indicators`, in the order given."""
    chosen = pd.concat([derive.select(ch.facts, i) for i in indicators])
    if chosen.empty:
        return chosen
    _show(title, [text.figure_sentence(f, ch.region_name) for _, f in chosen.iterrows()])
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
