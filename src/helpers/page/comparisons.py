"""The comparison section: the region's figures beside its own province and the nation, for any chapter.

Shown only when `compare` is on and the context data hold something for the chapter's indicators in the
region's own hierarchy; a region with no context gets no heading at all.
"""

from __future__ import annotations

import contextlib
import re

import pandas as pd

from helpers.base import metrics
from helpers.data import schemas
from helpers.model import context
from helpers.page import charts, display, published
from helpers.page.chapter import ChapterContext
from helpers.wording import captions, fmt, style, text

GRADE_NOTE = (
    "比较数据来自公开网页，A、B为可靠性等级（A：官方或主流媒体原文；B：转载有误或年份系推断），C级线索不作数字使用。"
)


def _worded(frame: pd.DataFrame) -> pd.DataFrame:
    """The series with each figure as its source wrote it, and the region's own figures' period said."""
    original = [
        text.figure(f) if own else fmt.with_unit(f["value"], f["unit_shown"])
        for f, own in zip(frame["figure"], frame["own"])
    ]
    notes = [
        f"{y}年（本报告来源）" if own else n for y, n, own in zip(frame["year"], frame["period_note"], frame["own"])
    ]
    return frame.assign(original=original, period_note=notes)


def _table(frame: pd.DataFrame, unit: str) -> pd.DataFrame:
    """The figures compared, one row per region and year; `unit` as prose writes it (a rate without its “per …”)."""
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
            "发布者": [
                style.publisher_name(p, own and style.is_true(f.get("publisher_is_periodical")))
                if isinstance(p, str)
                else p
                for p, f, own in zip(frame["publisher"], frame["figure"], frame["own"])
            ],
        }
    )


def _gap_note(frame: pd.DataFrame, start: int, end: int) -> str:
    gaps = context.missing_years(frame, start, end)
    parts = [f"{name}缺{fmt.year_list(years)}" for name, years in gaps.items() if years]
    return "图中只画有数据的年份，缺数年份留空、不作插补：" + "；".join(parts) + "。" if parts else ""


def _against(ch: ChapterContext, wide: pd.DataFrame, label: str) -> str:
    """The comparison chart's finding: where the region stands at the latest year it and another place are both
    known ('2022年城市低保标准低于山西省和全国'); '' when no year has both."""
    if ch.region_name not in wide:
        return ""
    both = wide.dropna(subset=[ch.region_name])
    both = both[both.drop(columns=[ch.region_name]).notna().any(axis=1)]
    if both.empty:
        return ""
    year, row = both.index[-1], both.iloc[-1]
    others = {p: float(v) for p, v in row.drop(ch.region_name).dropna().items()}
    return captions.against_title(label, year, others, float(row[ch.region_name]))


def _publish_shares(ch: ChapterContext, own: pd.DataFrame, found: pd.DataFrame, other: str, label: str, unit: str):
    """The comparison figures the chapter shows, published with its other derived figures (helpers.page.published)."""
    fact = own.iloc[-1]
    for _, r in found.iterrows():
        year = int(r["year"])
        is_rate = unit == "%"
        ch.derived.append(
            published.row(
                ch.chapter,
                "against_wider",
                f"against_wider:{fact['indicator']}:{fact['scope']}:{other}:{year}",
                subject=fact["indicator"],
                name_zh=f"{label}：{ch.region_name}{'比' if is_rate else '相当于'}{other}",
                scope=fact["scope"],
                scope_zh=fact.get("scope_zh"),
                start_year=None,
                year=year,
                period_label=f"{year}年",
                value=r["region"] - r["other"] if is_rate else r["share"],
                unit="个百分点" if is_rate else "%",
                qualifier=None,
                inputs=None,
                note=f"{fmt.with_unit(r['region'], unit)}对{fmt.with_unit(r['other'], unit)}",
            )
        )


def _share_sentences(ch: ChapterContext, frame: pd.DataFrame, label: str, unit: str, own: pd.DataFrame) -> list[str]:
    """The region against its province and the nation: one sentence for each, its years listed in it."""
    sentences = []
    mine = frame[frame["grade"] == "来源"]
    prefix_by_year = dict(zip(mine["year"], mine["prefix"]))
    written = {y: o for y, o, c in zip(mine["year"], mine["original"], mine["converted"]) if not c}
    theirs = {(s_, y): o for s_, y, o, c in zip(frame["series"], frame["year"], frame["original"], frame["converted"])}
    said_years: list[int] = []
    for other in [ch.region.province_zh, context.NATIONAL]:
        if not other:
            continue
        found = context.shares(frame, ch.region_name, other)
        if found.empty:
            continue
        _publish_shares(ch, own, found, other, label, unit)
        years = [int(y) for y in found["year"]]
        subject = f"{ch.region_name}{label}" if not sentences else (label if unit == "%" else "")
        if unit == "%":  # a rate against a rate: the gap in percentage points, never a ratio of percentages
            parts = []
            for i, (_, r) in enumerate(found.iterrows()):
                mine_written = written.get(int(r["year"])) or fmt.percent(r["region"])
                other_written = theirs.get((other, int(r["year"])), fmt.percent(r["other"]))
                parts.append(
                    f"{int(r['year'])}年，{subject if i == 0 else ''}为{mine_written}，{other}为{other_written}，"
                    + text.points_apart(r["region"] - r["other"], mine_written, other_written)
                )
            sentences.append(style.sentence("；".join(parts)))
            said_years = years
            continue
        parts = [
            f"{prefix_by_year.get(int(r['year']), '')}{fmt.percent(r['share'])}"
            f"（{written.get(int(r['year'])) or fmt.with_unit(r['region'], unit)}对{fmt.with_unit(r['other'], unit)}）"
            for _, r in found.iterrows()
        ]
        if len(found) == 1 and not sentences:
            body = f"{years[0]}年，{subject}相当于{other}平均的{parts[0]}"
        elif len(found) == 1 and said_years == years:
            body = f"同年相当于{other}平均的{parts[0]}"
        elif len(found) == 1:
            body = f"{years[0]}年，相当于{other}平均的{parts[0]}"
        else:
            listed = "，".join(f"{y}年为{p}" for y, p in zip(years, parts))
            body = f"{subject}与{other}平均相比，{listed}"
        sentences.append(style.sentence(body))
        said_years = years
    return sentences


def _undated_sentences(ch: ChapterContext, fact: pd.Series, frame: pd.DataFrame, unit: str) -> list[str]:
    """An own figure without a year beside the latest figure of each wider series: an order of magnitude only."""
    sentences = []
    shown = style.prose_unit(unit, fact["name_zh"])
    for name, group in frame[frame["series"] != ch.region_name].groupby("series"):
        latest = group.sort_values("year").iloc[-1]
        gap = metrics.change(latest["value"], fact["base_value"] / fact["scale"])
        share = (
            ""
            if unit == "%" or not latest["value"]
            else f"，相当于后者的{fmt.percent(metrics.share(fact['base_value'] / fact['scale'], latest['value']))}"
        )
        sentences.append(
            style.sentence(
                f"{ch.region_name}{style.measured_name(text.label(fact), unit)[0]}{text.figure(fact)}"
                f"（{text.period_label(fact)}），"
                f"比{name}{int(latest['year'])}年的{fmt.with_unit(latest['value'], shown)}"
                f"{'高' if gap >= 0 else '低'}{fmt.with_unit(abs(gap), shown)}{share}；"
                f"{ch.region_name}的数字未载明年份，只能说明量级"
            )
        )
    return sentences


def _indicator(ch: ChapterContext, own: pd.DataFrame, rows: pd.DataFrame) -> None:
    """One indicator against its province and the nation. The publication compares only with grade-A figures; where
    the working papers have more (A/B, B: a repost's misprint, a year inferred), each edition gets its version."""
    latest = own.sort_values("year", na_position="first").iloc[-1]
    unit = style.unit(latest["unit_shown"])
    frame = _worded(context.series(ch.region, own, rows, unit, ch.start_year, ch.end_year))
    if frame[frame["series"] != ch.region_name].empty:
        return
    sure = frame[frame["own"].astype(bool) | (frame["grade"] == schemas.PUBLISHED_GRADE)].reset_index(drop=True)
    if len(sure) == len(frame):
        _compared(ch, own, latest, frame)
    else:
        if not sure[sure["series"] != ch.region_name].empty:
            with display.publication_only():
                _compared(ch, own, latest, sure)
        with display.working_papers():
            _compared(ch, own, latest, frame)
    found = context.reconciliation(ch.region, own, rows)
    _ranks(ch, rows, latest, [_apart(ch, own, r) for _, r in found.iterrows()])
    with display.working_papers():  # another source's figure for the region's own: a checker's question
        _reconciliation(ch, own, found)


def _apart(ch: ChapterContext, own: pd.DataFrame, r: pd.Series) -> str:
    """'上述2012年12月（县级标准均值）的数值与本报告所用的2012年晋中市农村低保标准（1,829元/人/年）口径不同，
    两者不宜直接比较。'"""
    return style.sentence(
        f"上述{r['table_note']}的数值与本报告所用的{r['year']}年{ch.region_name}{text.label(own.iloc[0])}"
        f"（{fmt.with_unit(r['article'], r['unit'])}）口径不同，两者不宜直接比较"
    )


def _compared(ch: ChapterContext, own: pd.DataFrame, latest: pd.Series, frame: pd.DataFrame) -> None:
    """The heading, sentences, chart and table of one indicator's comparison, from `frame` (context.series)."""
    unit, label = style.unit(latest["unit_shown"]), text.label(latest)
    shown = style.prose_unit(unit, latest["name_zh"])  # 每千名老年人拥有养老床位数（张）, not （张/千名老年人）
    display.heading(label, 3)
    used = pd.DataFrame([f for f in frame.loc[~frame["own"].astype(bool), "figure"]])
    _cite(ch, used)
    display.cite(own, used)  # the table and chart below show the region's figures beside its province's and nation's
    dated = own["year"].notna().any()
    if dated:
        display.paragraphs(_share_sentences(ch, frame, label, unit, own))
    else:  # a figure without a year beside dated ones: an order of magnitude, for the working papers
        with display.working_papers():
            display.paragraphs(_undated_sentences(ch, latest, frame, unit))
    reference = (
        None
        if dated
        else (
            float(latest["base_value"] / latest["scale"]),
            f"{ch.region_name}：{text.figure(latest)}（{text.period_label(latest)}）",
        )
    )
    order = [ch.region_name, ch.region.province_zh, context.NATIONAL]  # the region, its province, the nation
    places = sorted(dict.fromkeys(frame["series"]), key=lambda p: order.index(p) if p in order else len(order))
    years = list(frame["year"])
    points = frame.groupby("series")["year"].nunique()
    # a chart only where it shows more than the table: a series of two points or more among three or more in all
    if points.max() > 1 and points.sum() + (reference is not None) >= charts.MIN_POINTS:
        wide = context.by_year(frame, ch.start_year, ch.end_year)
        written = frame.assign(w=frame["original"].where(~frame["converted"].astype(bool)))
        labels = written.pivot_table(index="year", columns="series", values="w", aggfunc="first")
        charts.year_series(
            wide,
            title=_against(ch, wide, label) or captions.comparison_title(label, places, []),
            ylabel=shown,
            reference=reference,
            labels=labels.reindex(index=wide.index, columns=wide.columns),
            places=True,
            caption=captions.comparison_title(label, places, years),
        )
        with display.working_papers():
            display.note(_gap_note(frame, ch.start_year, ch.end_year))
    display.table(
        _table(frame, shown),
        caption=captions.comparison_title(label, places, years, "的数值"),
        working_columns=("等级", "发布者"),  # how sure and where read: the checkers' concern, not the reader's
    )


def _ranks(ch: ChapterContext, rows: pd.DataFrame, fact: pd.Series, apart: list[str]) -> None:
    """The region's rank among its province's prefectures, every year the table gives, in one sentence; then
    `apart`: where the table's figure of a year is not the one this report uses, that they differ (the working
    papers say by how much)."""
    ranks = context.prefecture_ranks(ch.region, rows, fact["indicator"], fact["scope"])
    ranks = ranks[ranks["year"].between(ch.start_year, ch.end_year)]  # only within the report's years
    if ranks.empty:
        return
    wider = {ch.region.province_zh, context.NATIONAL}
    ranked = rows[rows["year"].isin(set(ranks["year"])) & ~rows["region_zh"].isin(wider)]
    _cite(ch, ranked)
    parts = [
        f"{r['period_note']}为{fmt.with_unit(r['value'], r['unit'], 2)}，"
        + (f"在{ch.region.province_zh}{r['of']}个地级市中" if i == 0 else "")
        + f"居第{r['rank']}位（最高为{r['highest']}{fmt.with_unit(r['highest_value'], r['unit'], 2)}，"
        f"{r['of']}市简单平均{fmt.with_unit(r['mean'], r['unit'], 2)}）"
        for i, (_, r) in enumerate(ranks.iterrows())
    ]
    said = style.sentence(f"{ch.region_name}{text.label(fact)}" + "；".join(parts))
    display.cited_paragraphs([said, *apart], ranked)


def _reconciliation(ch: ChapterContext, own: pd.DataFrame, found: pd.DataFrame) -> None:
    """Where another table gives the region's own figure for the same year (`found`: context.reconciliation), the
    difference, said calmly."""
    display.paragraphs(
        [
            style.sentence(
                f"本报告来源给出{r['year']}年{ch.region_name}{text.label(own.iloc[0])}"
                f"为{fmt.with_unit(r['article'], r['unit'])}；{r['table_publisher']}所载{r['table_note']}数值为"
                f"{fmt.with_unit(r['table'], r['unit'], 2)}（{r['grade']}级），"
                f"相差{fmt.with_unit(abs(r['difference']), r['unit'], 2)}（{fmt.percent(abs(r['pct']))}）。"
                + (
                    "可能的原因是该表取各县标准的简单平均，或统计时点不同；这只是一种可能，两个来源都没有说明口径"
                    if "县级标准均值" in r["table_note"]
                    else "两个来源都没有说明口径，差异原因不明"
                )
            )
            for _, r in found.iterrows()
        ]
    )


def _clause(row: pd.Series) -> tuple[str, str, str]:
    """(period before, what and how much, period after) of a context figure with no own counterpart."""
    period = row["period_note"] if isinstance(row["period_note"], str) else ""
    name = text.label(pd.Series({"name_zh": row["name_zh"], "scope": row["scope"], "scope_zh": row["scope_zh"]}))
    unit = style.unit(row["unit"])
    subject, bare = style.measured_name(name, unit)
    value = fmt.with_unit(row["value"], unit)
    if unit == "倍" and subject.endswith("增长"):  # “增长了N倍”: new = (N + 1) × old, said for the reader
        since = f"{int(row['start_year'])}年" if pd.notna(row.get("start_year")) else "原来"
        body = f"{subject}了{value}（即为{since}的{fmt.number(row['value'] + 1, 2)}倍）"
    else:
        body = f"{subject}{value}" if bare else f"{subject}为{value}"
    plain = re.fullmatch(r"(截至)?\d{4}年(\d{1,2}月)?(底|末)?|\d{4}—\d{4}年|较\d{4}年", period)
    lead = f"{period}，" if plain and period not in name else ""
    note = f"（{period}）" if period and not lead and period not in name else ""
    return lead, body, note


def _statements(rows: pd.DataFrame) -> list[str]:
    """Context figures with no own counterpart, those of one region and period in one sentence:
    '2012—2021年，全国城市低保平均标准增长了1.2倍（即为2012年的2.2倍），农村……'. A period the name already
    says (较2012年) is not said twice."""
    groups: dict[tuple, list[tuple[str, str, str]]] = {}
    for _, row in rows.iterrows():
        lead, body, note = _clause(row)
        groups.setdefault((row["region_zh"], lead, note), []).append((lead, body, note))
    return [
        style.sentence(f"{lead}{region}{'，'.join(body for _, body, _ in said)}{note}")
        for (region, lead, note), said in groups.items()
    ]


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
        display.notebook_only("比较：比较已关闭（compare=off）或本章没有数字，本节不显示。")
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
        display.notebook_only("比较：上级和全国的资料中没有与本章指标相同的数字，本节不显示。")
        return
    readable = others[~others["in_english"].astype(bool)]  # a translation's figures: the working papers only
    dated = [(key, own) for key, own in matched if own["year"].notna().any()]
    shown = {key for key, _ in dated}
    compared = wider[[(i, s) in shown for i, s in zip(wider["indicator"], wider["scope"])]]
    places = set(compared["region_zh"]) | set(readable["region_zh"])
    names = [n for n in (ch.region.province_zh, context.NATIONAL) if n in places]
    with contextlib.nullcontext() if names else display.working_papers():  # what a reader sees heads the section
        every = [n for n in (ch.region.province_zh, context.NATIONAL) if n in set(wider["region_zh"])]
        display.heading(f"与{'、'.join(names or every)}比较", 2, anchor="compare")
    for (indicator, scope), own in matched:
        with contextlib.nullcontext() if (indicator, scope) in shown else display.working_papers():
            _indicator(ch, own, rows[(rows["indicator"] == indicator) & (rows["scope"] == scope)])
    if not others.empty:
        _cite(ch, readable)
        # A subheading of its own only below comparisons the reader sees: alone, the figures follow the section's.
        with contextlib.nullcontext() if shown and not readable.empty else display.working_papers():
            display.heading("其他可供参照的数字", 3)
        display.cited_paragraphs(_statements(readable), readable)
        with display.working_papers():  # a translation's figures and an inference: said to the analysts only
            translated = others[others["in_english"].astype(bool)]
            _cite(ch, translated)
            display.cited_paragraphs(_statements(translated), translated)
            display.paragraphs(_same_as_province(ch, rows))
    with display.working_papers():
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
                style.sentence(
                    f"{ch.region_name}的{own.iloc[0]['name_zh']}"
                    f"（{'、'.join(text.figure(f) for _, f in own.iterrows())}）"
                    f"与{p['region_zh']}{int(p['year'])}年公布的数值完全相同（{p['publisher']}），"
                    "很可能是省定标准在本地的执行，而非本地自定的标准（推断）"
                )
            )
    return sentences


def _density_row(
    ch: ChapterContext, subject: str, derived_id: str, name: str, year, value: float, unit: str, note: str
) -> dict:
    return published.row(
        ch.chapter,
        "estimate",
        derived_id,
        subject=subject,
        name_zh=name,
        scope="all",
        scope_zh=None,
        start_year=None,
        year=year,
        period_label=f"{int(year)}年" if pd.notna(year) else None,
        value=value,
        unit=unit,
        qualifier="约",
        inputs=None,
        note=note,
    )


def population_density(
    ch: ChapterContext, per_10k_indicator: str, population: str, national_count: str, elderly: str, elderly_share: str
) -> None:
    """Organisations per 10,000 people (`per_10k_indicator`) set against population figures with a source: the
    count they imply with the region's `population`, and the nation's density from its `national_count` over a
    population estimated from its `elderly` people and their `elderly_share`. Estimates, published with the
    chapter's derived figures."""
    population_id, elderly_id, share_id = population, elderly, elderly_share
    own = ch.facts[ch.facts["indicator"] == per_10k_indicator]
    if not ch.compare or own.empty:
        return
    sentences = []
    population = context.context_figures(ch.region, population_id)
    population = population[population["region_zh"] == ch.region_name]
    if not population.empty:
        fact, pop = own.iloc[0], population.sort_values("year").iloc[-1]
        implied = fact["value"] * pop["value"] / 10_000
        sentences.append(text.implied_count_sentence(ch.region_name, pop, fact, implied))
        ch.derived.append(
            _density_row(
                ch,
                per_10k_indicator,
                f"estimate:{per_10k_indicator}:count",
                f"{ch.region_name}社会组织个数（按每万人数与常住人口推算）",
                pop["year"],
                implied,
                "个",
                f"{fmt.number(fact['value'])} × {fmt.number(pop['value'])} ÷ 10,000",
            )
        )
    orgs = context.context_figures(ch.region, national_count, "national")
    elderly = context.context_figures(ch.region, elderly_id, "national")
    share = context.context_figures(ch.region, share_id, "national")
    for _, o in orgs.iterrows():
        e, s = elderly[elderly["year"] == o["year"]], share[share["year"] == o["year"]]
        if e.empty or s.empty:
            sentences.append(text.national_count_sentence(o))
            continue
        national = e.iloc[0]["value"] * e.iloc[0]["factor"] / (s.iloc[0]["value"] / 100)
        per_10k = o["value"] * o["factor"] / national * 10_000
        sentences.append(text.national_density_sentence(o, e.iloc[0], s.iloc[0], national, per_10k))
        ch.derived.append(
            _density_row(
                ch,
                per_10k_indicator,
                f"estimate:{per_10k_indicator}:national",
                "全国每万人社会组织数（按老年人口及其占比推算总人口）",
                o["year"],
                per_10k,
                "个/万人",
                f"{fmt.number(o['value'])}{o['unit']} ÷ 总人口约{fmt.number(national / e.iloc[0]['factor'], 2)}"
                f"{e.iloc[0]['unit']} × 10,000",
            )
        )
    if sentences:
        used = [population, orgs] + ([elderly, share] if not elderly.empty and not share.empty else [])
        with display.working_papers():  # the analysts' estimates, never the bureau's figures
            _cite(ch, pd.concat(used))
            display.heading("人口口径：社会组织密度", 3)
            display.cited_paragraphs(sentences, pd.concat(used))


def _cite(ch: ChapterContext, rows: pd.DataFrame) -> None:
    """Context rows the chapter drew on, for the references (helpers.page.results.context_rows); `in_publication`
    when the publication shows them too (its reference list names only those)."""
    rows = rows.assign(in_publication=not display.in_working_papers())
    ch.context_used = rows if ch.context_used is None else pd.concat([ch.context_used, rows])
