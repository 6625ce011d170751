"""The comparison section: the region's figures beside its own province and the nation, for any chapter.

Shown only when `compare` is on and the context data hold something for the chapter's indicators in the
region's own hierarchy; a region with no context gets no heading at all.
"""

from __future__ import annotations

import pandas as pd

from helpers import charts, context, display, fmt, metrics, text
from helpers.chapter import ChapterContext

GRADE_NOTE = (
    "比较数据来自公开网页，A、B为可靠性等级（A：官方或主流媒体原文；B：转载有误或年份系推断），C级线索不作数字使用。"
)


def _table(frame: pd.DataFrame, unit: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "地区": frame["series"],
            "年份": [f"{y}年" for y in frame["year"]],
            "时点与口径": frame["period_note"],
            "数值": [
                (p + fmt.with_unit(v, unit) + f"（由{o}换算）") if c else (o if g == "来源" else fmt.with_unit(v, unit))
                for v, c, o, p, g in zip(
                    frame["value"], frame["converted"], frame["original"], frame["prefix"], frame["grade"]
                )
            ],
            "等级": frame["grade"],
            "发布者": frame["publisher"],
        }
    )


def _gap_note(frame: pd.DataFrame, start: int, end: int) -> str:
    gaps = context.missing_years(frame, start, end)
    parts = [f"{name}缺{fmt.year_list(years)}" for name, years in gaps.items() if years]
    return "图中只画有数据的年份，缺数年份留空、不作插补：" + "；".join(parts) + "。" if parts else ""


def _share_sentences(ch: ChapterContext, frame: pd.DataFrame, label: str, unit: str, own: pd.DataFrame) -> list[str]:
    sentences = []
    mine = frame[frame["grade"] == "来源"]
    prefix_by_year = dict(zip(mine["year"], mine["prefix"]))
    written = {y: o for y, o, c in zip(mine["year"], mine["original"], mine["converted"]) if not c}
    for other in [ch.region.province_zh, context.NATIONAL]:
        if not other:
            continue
        found = context.shares(frame, ch.region_name, other)
        if unit == "%":  # a rate against a rate: the gap in percentage points, never a ratio of percentages
            sentences += [
                f"{int(r['year'])}年，{ch.region_name}{label}为{fmt.percent(r['region'])}，{other}为"
                f"{fmt.percent(r['other'])}，{'高' if r['region'] >= r['other'] else '低'}"
                f"{fmt.number(abs(r['region'] - r['other']), 1)}个百分点。"
                for _, r in found.iterrows()
            ]
            continue
        sentences += [
            f"{int(r['year'])}年，{ch.region_name}{label}相当于{other}平均的"
            f"{prefix_by_year.get(int(r['year']), '')}{fmt.percent(r['share'])}"
            f"（{written.get(int(r['year'])) or fmt.with_unit(r['region'], unit)}对"
            f"{fmt.with_unit(r['other'], unit)}）。"
            for _, r in found.iterrows()
        ]
    return sentences


def _undated_sentences(ch: ChapterContext, fact: pd.Series, frame: pd.DataFrame, unit: str) -> list[str]:
    """An own figure without a year beside the latest figure of each wider series: an order of magnitude only."""
    sentences = []
    for name, group in frame[frame["series"] != ch.region_name].groupby("series"):
        latest = group.sort_values("year").iloc[-1]
        gap = metrics.change(latest["value"], fact["base_value"] / fact["scale"])
        share = (
            ""
            if unit == "%" or not latest["value"]
            else f"，相当于后者的{fmt.percent(metrics.share(fact['base_value'] / fact['scale'], latest['value']))}"
        )
        sentences.append(
            f"{ch.region_name}{text.label(fact)}{text.figure(fact)}（{text.period_label(fact)}），"
            f"比{name}{int(latest['year'])}年的{fmt.with_unit(latest['value'], unit)}"
            f"{'高' if gap >= 0 else '低'}{fmt.with_unit(abs(gap), unit)}{share}；"
            "两者年份不同，只能说明量级。"
        )
    return sentences


def _indicator(ch: ChapterContext, own: pd.DataFrame, rows: pd.DataFrame) -> None:
    latest = own.sort_values("year", na_position="first").iloc[-1]
    unit, label = latest["unit_shown"], text.label(latest)
    frame = context.series(ch.region, own, rows, unit, ch.start_year, ch.end_year)
    if frame[frame["series"] != ch.region_name].empty:
        return
    display.heading(label, 3)
    dated = own["year"].notna().any()
    sentences = _share_sentences(ch, frame, label, unit, own) if dated else _undated_sentences(ch, latest, frame, unit)
    display.paragraphs(sentences)
    reference = (
        None
        if dated
        else (
            float(latest["base_value"] / latest["scale"]),
            f"{ch.region_name}：{text.figure(latest)}（{text.period_label(latest)}）",
        )
    )
    if frame.groupby("series")["year"].nunique().max() > 1 or reference is not None:  # a single point is no chart
        charts.year_series(
            context.by_year(frame, ch.start_year, ch.end_year),
            title=f"{label}（{unit}）",
            ylabel=unit,
            reference=reference,
        )
        display.note(_gap_note(frame, ch.start_year, ch.end_year))
    display.table(_table(frame, unit))
    _ranks(ch, rows, latest)
    _reconciliation(ch, own, rows)


def _ranks(ch: ChapterContext, rows: pd.DataFrame, fact: pd.Series) -> None:
    ranks = context.prefecture_ranks(ch.region, rows, fact["indicator"], fact["scope"])
    ranks = ranks[ranks["year"].between(ch.start_year, ch.end_year)]  # only within the report's years
    if ranks.empty:
        return
    display.paragraphs(
        [
            f"{r['period_note']}，{ch.region_name}{text.label(fact)}"
            f"{fmt.with_unit(r['value'], r['unit'], 2)}，"
            f"在{ch.region.province_zh}{r['of']}个地级市中居第{r['rank']}位（最高为{r['highest']}"
            f"{fmt.with_unit(r['highest_value'], r['unit'], 2)}，{r['of']}市简单平均"
            f"{fmt.with_unit(r['mean'], r['unit'], 2)}）。"
            for _, r in ranks.iterrows()
        ]
    )


def _reconciliation(ch: ChapterContext, own: pd.DataFrame, rows: pd.DataFrame) -> None:
    found = context.reconciliation(ch.region, own, rows)
    display.paragraphs(
        [
            f"本报告来源给出{r['year']}年{ch.region_name}{text.label(own.iloc[0])}"
            f"为{fmt.with_unit(r['article'], r['unit'])}，"
            f"{r['table_publisher']}（{r['table_note']}，{r['grade']}级）为{fmt.with_unit(r['table'], r['unit'], 2)}，"
            f"相差{fmt.with_unit(abs(r['difference']), r['unit'], 2)}（{fmt.percent(abs(r['pct']))}）。"
            + (
                "可能的原因是该表取各县标准的简单平均，或统计时点不同；这只是一种可能，两个来源都没有说明口径。"
                if "县级标准均值" in r["table_note"]
                else "两个来源都没有说明口径，差异原因不明。"
            )
            for _, r in found.iterrows()
        ]
    )


def _statement(row: pd.Series) -> str:
    period = row["period_note"] if isinstance(row["period_note"], str) else ""
    scope = "" if row["scope"] == "all" else row["scope_zh"]
    value = fmt.with_unit(row["value"], row["unit"])
    reading = f"（即提高{fmt.percent(row['value'] * 100, 0)}）" if row["unit"] == "倍" else ""
    return f"{row['region_zh']}（{period}）{scope}{row['name_zh']}：{value}{reading}。"


def _in_years(rows: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    """Context figures that hold within the report's years (undated statements are kept)."""
    ok = rows["year"].isna() | rows["year"].between(start, end)
    return rows[ok & (rows["start_year"].isna() | (rows["start_year"] >= start))]


def _related(rows: pd.DataFrame, own: pd.DataFrame) -> pd.DataFrame:
    """Context statements about indicators the region has, or about their growth (indicators.csv growth_of)."""
    mine = set(own["indicator"])
    growth_of = rows["growth_of"] if "growth_of" in rows else pd.Series(None, index=rows.index)
    return rows[rows["indicator"].isin(mine) | growth_of.isin(mine)]


def compare(ch: ChapterContext) -> None:
    """The chapter's figures beside the province and the nation, in the report's years; related context
    statements with no own counterpart are listed. Nothing at all when the context holds nothing relevant."""
    if not ch.compare or ch.facts.empty:
        return
    rows = context.of_chapter(ch.region, ch.chapter.id)
    rows = rows.merge(ch.region.indicators[["indicator", "growth_of"]], on="indicator", how="left")
    wider = _in_years(
        rows[rows["region_zh"].isin({ch.region.province_zh, context.NATIONAL} - {None})], ch.start_year, ch.end_year
    )
    matched = [
        (key, own)
        for key, own in ch.facts.groupby(["indicator", "scope"], sort=False)
        if not wider[(wider["indicator"] == key[0]) & (wider["scope"] == key[1]) & wider["year"].notna()].empty
    ]
    keys = {key for key, _ in matched}
    unmatched = pd.Series(
        [(i, s) not in keys for i, s in zip(wider["indicator"], wider["scope"])], index=wider.index, dtype=bool
    )
    others = _related(wider[unmatched], ch.facts)
    if not matched and others.empty:
        return
    names = [n for n in (ch.region.province_zh, context.NATIONAL) if n in set(wider["region_zh"])]
    display.heading(f"与{'、'.join(names)}比较", 2)
    for (indicator, scope), own in matched:
        _indicator(ch, own, rows[(rows["indicator"] == indicator) & (rows["scope"] == scope)])
    if not others.empty:
        display.heading("其他可供参照的数字", 3)
        display.paragraphs([_statement(r) for _, r in others.iterrows()] + _same_as_province(ch, rows))
    display.note(GRADE_NOTE)


def _same_as_province(ch: ChapterContext, rows: pd.DataFrame) -> list[str]:
    """Where the region's figures of an indicator are exactly its province's, they are probably the province's
    standard applied locally: said as an inference, never as a fact."""
    sentences = []
    province = rows[rows["region_zh"] == ch.region.province_zh] if ch.region.province_zh else rows.iloc[0:0]
    for indicator, own in ch.facts.groupby("indicator", sort=False):
        theirs = province[province["indicator"] == indicator]
        if len(own) > 1 and sorted(own["base_value"]) == sorted(theirs["base_value"]):
            p = theirs.iloc[0]
            sentences.append(
                f"{ch.region_name}的{own.iloc[0]['name_zh']}"
                f"（{'、'.join(text.figure(f) for _, f in own.iterrows())}）"
                f"与{p['region_zh']}{int(p['year'])}年公布的数值（{p['publisher']}）完全相同，"
                "很可能是省定标准在本地的执行，而非本地自定的标准（推断）。"
            )
    return sentences
