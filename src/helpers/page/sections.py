"""Sections every chapter shares: each shows its heading and content only when the data give it something to
show, or says plainly that there is none. What is derived comes from the analysis model (derive, relations,
checks); a chapter chooses which sections to show, never which indicators get derived figures."""

from __future__ import annotations

import pandas as pd

from helpers.model import derive, relations
from helpers.page import charts, display
from helpers.page.chapter import ChapterContext
from helpers.wording import captions, style, text

MAX_PANELS = 8  # series drawn in one chart grid; the rest are in the table above it
SMALL_MULTIPLES_RATIO = 20  # series whose sizes differ more than this get panels of their own scale


def _show(title: str, sentences: list[str], table: pd.DataFrame | None = None, method: str = "") -> None:
    """A section: its heading, what the method is (for the working papers only), its sentences and its table."""
    display.heading(title, 2)
    if method:
        with display.working_papers():
            display.paragraphs([method])
    display.paragraphs(sentences)
    if table is not None:
        display.table(table)


def key_figures(ch: ChapterContext) -> None:
    if ch.facts.empty:
        with display.working_papers():
            display.heading("关键数字", 2)
            display.note(f"{ch.region_name}的数据中没有本章的数字。")
        return
    display.heading("关键数字", 2)
    with display.working_papers():
        display.paragraphs(["本章涉及的全部数字，按原文口径列出；“时期”一栏注明数字所指的时间，原文未载明者如实标注。"])
    restated = derive.restatements(ch.facts)  # a figure the source states twice: once for the reader
    again = [n for n, obs in enumerate(ch.facts["obs_id"]) if obs in restated]
    display.table(display.key_figures(ch.facts), working_columns=(display.NOTE_COLUMN,), working_rows=again)


def _series_chart(group: pd.DataFrame, start: int, end: int) -> None:
    """Yearly series of one unit (three points or more each): one chart if their sizes are alike, small multiples
    if not. Its title states the largest change in words (captions.change_title), its caption what it shows; the
    last values are written as the source wrote them."""
    unit = group["unit"].iloc[0]
    by_year, written = {}, {}
    for _, r in group.iterrows():
        values = r["values"]
        last_scale = values["scale"].iloc[-1]
        by_year[r["label"]] = values.assign(v=values["base_value"] / last_scale).groupby("year")["v"].last()
        same_unit = values["scale"] == last_scale  # a figure converted to the shown unit is not as written
        as_written = values["as_written"] if "as_written" in values else pd.Series(None, index=values.index)
        written[r["label"]] = values.assign(w=as_written.where(same_unit)).groupby("year")["w"].last()
    wide = pd.DataFrame(by_year).reindex(range(start, end + 1))
    labels = pd.DataFrame(written).reindex(range(start, end + 1))
    known = wide.dropna(how="all").index
    caption = captions.chart_caption(list(wide.columns), list(known))
    title = _largest_change(group) or caption
    note = "只画有数据的年份，缺数年份留空、不作插补。"
    peaks = wide.max()
    if len(wide.columns) <= len(charts.PALETTE) and peaks.max() <= SMALL_MULTIPLES_RATIO * max(peaks.min(), 1e-9):
        charts.year_series(wide, title=title, ylabel=unit, note=note, labels=labels, caption=caption)
        return
    panels = [(name, wide[name]) for name in list(wide.columns)[:MAX_PANELS]]
    caption = captions.chart_caption([name for name, _ in panels], list(known))
    charts.small_multiples(panels, title=title, ylabel=unit, note=note, caption=caption)


def _largest_change(group: pd.DataFrame) -> str:
    """The title of a chart of changes: the largest of them, in words ('城市低保标准十年提高近一倍'); '' if none
    can be said."""
    said = [
        (abs(r["last"] / r["first"] - 1) if r["first"] else 0.0, title)
        for _, r in group.iterrows()
        if {"first", "last", "first_year", "last_year"} <= set(r.index)
        and (
            title := captions.change_title(
                r["label"],
                r["first_year"],
                r["last_year"],
                r["first"],
                r["last"],
                style.kind(r.get("dimension"), r["unit"]),
            )
        )
    ]
    return max(said)[1] if said else ""


def changes(ch: ChapterContext, title: str = "变化与增长") -> pd.DataFrame:
    """Every indicator of the chapter with two or more values: change, % change, compound growth (or why not)."""
    found = text.with_words(derive.changes(ch.facts))
    if found.empty:
        display.notebook_only(f"{title}：没有一项指标有两个以上数值，本节不显示。")
        return found
    method = (
        "下表按同一单位计算每项指标首尾两个数值之间的变化量和变化率；两个年份都载明时再计算年均增长率"
        "（复合增长）。由约数或下限推算的结果标明“约”“至少”。"
    )
    sentences = text.change_sentences(found)
    sentences += [s for s in (text.series_sentence(c) for _, c in found.iterrows()) if s]
    _show(title, sentences, display.changes_table(found), method)
    with display.working_papers():
        display.paragraphs(text.no_growth_notes(found))
    # a chart only where it shows more than the table: series of three points or more (two values are in the table)
    series = found[found["n_values"] >= charts.MIN_POINTS]
    for _, group in series.groupby("unit", sort=False):
        _series_chart(group, ch.start_year, ch.end_year)
    return found


def relations_section(ch: ChapterContext, title: str = "合计、构成与比例") -> pd.DataFrame:
    """Totals, shares, ratios and per-capita figures declared in data/relations.csv that the data allow."""
    found = relations.compute(ch.facts, ch.region.relations)
    if found.empty:
        display.notebook_only(f"{title}：data/relations.csv 声明的关系在本章数据中都不完整，本节不显示。")
        return found
    kinds_converted = set(found.loc[found["converted"], "relation_id"])
    notes = [
        n
        for n in dict.fromkeys(
            found.loc[found["relation_id"].isin(kinds_converted) | (found["kind"] != "share"), "note_zh"].dropna()
        )
    ]
    method = "以下合计、构成和比例只在数据中声明了相互关系的指标之间计算，先换算为同一单位。"
    _show(title, text.relation_sentences(found), display.relations_table(found), method)
    with display.working_papers():
        for note in notes:
            display.note(note)
    return found


def figures(ch: ChapterContext, indicators: list[str], title: str) -> pd.DataFrame:
    """A generated sentence for each figure of `indicators`, in the order given, each said once: a monthly standard
    with its yearly equivalent in the same sentence, and their table; nothing when none is there. Returns the
    figures said."""
    chosen = pd.concat([derive.select(ch.facts, i) for i in indicators])
    names = ch.region.indicators.set_index("indicator")["name_zh"]
    if chosen.empty:
        display.notebook_only(
            f"{title}：本地区数据中没有{'、'.join(names.get(i, i) for i in indicators)}，本节不显示。"
        )
        return chosen
    missing = [i for i in indicators if derive.select(ch.facts, i).empty]
    annual = derive.annualised(chosen)
    plain = chosen[~chosen["obs_id"].isin(annual["obs_id"].tolist() + sorted(derive.restatements(chosen)))]
    sentences = text.figure_sentences(plain, ch.region_name) if not plain.empty else []
    sentences = [s for s in sentences + text.annual_sentences(annual) if not any(s in said for said in ch.lead)]
    if not sentences and annual.empty:  # the lead has said all of it
        display.notebook_only(f"{title}：导语已写明本节的数字，本节不再重复。")
    else:
        _show(title, sentences, display.annual_table(annual) if len(annual) else None)
    if missing:  # the notebook's list is the chapter's, not the region's: what it lacks is no news to a reader
        display.notebook_only(f"{title}：本地区数据中没有{'、'.join(names.get(i, i) for i in missing)}。")
    return chosen


def checks(ch: ChapterContext) -> None:
    """The source's own figures recomputed, with their verdicts: the working papers' audit, never the publication's."""
    with display.working_papers():
        display.heading("原文数字核对", 2)
        results = ch.checks()
        if results.empty:
            display.note("本章来源没有给出可据其原始数字复核的百分比、倍数、合计或年数。")
            return
        display.paragraphs(
            [
                "来源自身给出的百分比、倍数、年均增长、合计、年数等，先换算为同一单位，再按来源的原始数字重新计算，"
                "并按来源的取整精度判断是否一致；判断不了的，说明缺少什么。"
            ]
            + list(results["sentence"])
        )
        display.table(display.checks_table(results))


def events(ch: ChapterContext, title: str = "大事记与制度建设") -> None:
    if ch.events.empty:
        display.notebook_only(f"{title}：本章数据中没有大事，本节不显示。")
        return
    display.heading(title, 2)
    sources = ch.region.sources
    display.cite(sources[sources["source_id"].isin(ch.events["source_id"])])
    display.table(display.events_table(ch.events))


def sources_note(scope: str = "本章", events: bool = True) -> str:
    return (
        f"{scope}每个数字{'和每项大事' if events else ''}的原文语句（统计表格则为所在的行和列），"
        + "见附录“全部数字及其出处”"
        + ("和“大事及其原文”" if events else "")
        + "；来源的标题、发布者、日期和网址见“参考资料”。"
    )


def sources(ch: ChapterContext, scope: str = "本章") -> None:
    """Where the quotes are: the working papers' appendix (quoted once there); the publication prints none."""
    if ch.facts.empty and ch.events.empty and not ch.results:
        return
    events = not ch.events.empty or any(r.get("events") for r in ch.results)
    with display.working_papers():
        display.note(sources_note(scope, events))
