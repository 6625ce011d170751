"""Context: the region's figures beside its own province and the nation (and its province's other prefectures).

Context is looked up by the region's own place in the hierarchy (regions.csv: its province; the nation),
never by a fixed name, so no report shows another region's figures except as declared context. Only figures
of grade A, A/B or B are returned (grade C is a lead, never a figure). Every value is converted to the unit
of the region's own figure; years without data stay missing, never interpolated.
"""

from __future__ import annotations

import pandas as pd

from helpers.base import bounds, metrics, periods, units
from helpers.data.load import Region
from helpers.data.schemas import SHOWN_GRADES

NATIONAL = "全国"
SERIES_COLUMNS = [
    "series",
    "year",
    "value",
    "converted",
    "period_note",
    "grade",
    "publisher",
    "figure",
    "own",
    "prefix",
]
OWN_GRADE = "来源"  # the grade column of the region's own figures: they come from the report's sources


def comparable(region: Region) -> pd.DataFrame:
    """Context figures that may be shown in this region's report: its own (from other sources), its province's,
    the nation's, and its province's prefectures (for ranks) — with labels and base values."""
    context = region.context
    mine = context["region_zh"].isin({region.name_zh, region.province_zh, NATIONAL} - {None})
    peers = (
        (context["level"] == "prefecture") & (context["province_zh"] == region.province_zh)
        if region.province_zh
        else pd.Series(False, index=context.index)
    )
    shown = context[(mine | peers) & context["grade"].isin(SHOWN_GRADES)]
    if region.name_zh == NATIONAL:
        shown = shown.iloc[0:0]  # the nation's report has no wider context (its own figures are its data)
    labelled = (
        shown.merge(region.indicators[["indicator", "name_zh", "chapter", "dimension"]], on="indicator", how="left")
        .merge(region.units[["unit", "per_period", "factor", "same_as"]], on="unit", how="left")
        .merge(region.scopes.rename(columns={"name_zh": "scope_zh"})[["scope", "scope_zh"]], on="scope", how="left")
    )
    return units.with_base_values(labelled, region.units)


def of_chapter(region: Region, chapter_id: str) -> pd.DataFrame:
    chosen = comparable(region)
    return chosen[chosen["chapter"] == chapter_id]


def series(region: Region, own: pd.DataFrame, context: pd.DataFrame, unit: str, start: int, end: int) -> pd.DataFrame:
    """One row per (series, year): the region's own dated figures first, then its province and the nation,
    each in `unit`; `converted` says when a value was converted from another unit, `figure` is the row it came
    from (the wording layer writes it as the source did)."""
    scale = units.scale(region.units.set_index("unit").loc[unit])
    dated = own[own["year"].notna()]
    latest = {}  # one figure per year: a raise within the year counts by its result (the 'after' figure)
    for _, f in sorted(dated.iterrows(), key=lambda item: periods.order(item[1])):
        latest[int(f["year"])] = f
    rows = [
        {
            "series": region.name_zh,
            "year": year,
            "value": f["base_value"] / scale,
            "converted": f["scale"] != scale,
            "period_note": None,
            "grade": OWN_GRADE,
            "publisher": f["publisher"],
            "figure": f,
            "own": True,
            "prefix": bounds.prefix(bounds.bound_of(f)),
        }
        for year, f in latest.items()
    ]
    own_years = {r["year"] for r in rows}
    other_source = (context["region_zh"] == region.name_zh) & ~context["year"].isin(own_years)
    wider = context[
        (context["region_zh"].isin({region.province_zh, NATIONAL} - {None}) | other_source) & context["year"].notna()
    ]
    for _, c in wider.iterrows():
        rows.append(
            {
                "series": c["region_zh"],
                "year": int(c["year"]),
                "value": c["base_value"] / scale,
                "converted": c["scale"] != scale,
                "period_note": c["period_note"],
                "grade": c["grade"],
                "publisher": c["publisher"],
                "figure": c,
                "own": False,
                "prefix": "",
            }
        )
    frame = pd.DataFrame(rows, columns=SERIES_COLUMNS)
    return frame[frame["year"].between(start, end)].sort_values(["series", "year"], ignore_index=True)


def by_year(frame: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    """Years as rows, series as columns; a year a series lacks is empty (a visible gap)."""
    wide = frame.pivot_table(index="year", columns="series", values="value", aggfunc="first")
    return wide.reindex(range(start, end + 1))


def missing_years(frame: pd.DataFrame, start: int, end: int) -> dict[str, list[int]]:
    return {
        name: [y for y in range(start, end + 1) if y not in set(group["year"])]
        for name, group in frame.groupby("series")
    }


def shares(frame: pd.DataFrame, region_name: str, other: str) -> pd.DataFrame:
    """The region's figure as a % of `other`'s, for each year both are known."""
    wide = frame.pivot_table(index="year", columns="series", values="value", aggfunc="first")
    if region_name not in wide or other not in wide:
        return pd.DataFrame(columns=["year", "region", "other", "share"])
    both = wide[[region_name, other]].dropna()
    return pd.DataFrame(
        {
            "year": both.index,
            "region": both[region_name],
            "other": both[other],
            "share": [metrics.share(r, o) for r, o in zip(both[region_name], both[other])],
        }
    ).reset_index(drop=True)


def prefecture_ranks(region: Region, context: pd.DataFrame, indicator: str, scope: str) -> pd.DataFrame:
    """The region's rank among the prefectures of its own province, for each year they are all given."""
    peers = context[
        (context["level"] == "prefecture")
        & (context["indicator"] == indicator)
        & (context["scope"] == scope)
        & (context["province_zh"] == region.province_zh)
    ]
    rows = []
    for year, group in peers.groupby("year"):
        if region.name_zh not in set(group["region_zh"]) or group["region_zh"].nunique() < 2:
            continue
        ordered = group.sort_values("base_value", ascending=False).reset_index(drop=True)
        own = ordered[ordered["region_zh"] == region.name_zh].iloc[0]
        rows.append(
            {
                "year": int(year),
                "period_note": own["period_note"],
                "value": own["value"],
                "unit": own["unit"],
                "rank": int(ordered.index[ordered["region_zh"] == region.name_zh][0]) + 1,
                "of": len(ordered),
                "highest": ordered.iloc[0]["region_zh"],
                "highest_value": ordered.iloc[0]["value"],
                "mean": group["value"].mean(),
            }
        )
    return pd.DataFrame(
        rows, columns=["year", "period_note", "value", "unit", "rank", "of", "highest", "highest_value", "mean"]
    )


def context_figures(region: Region, indicator: str, level: str | None = None) -> pd.DataFrame:
    """Context figures of one indicator from the region's own hierarchy (optionally of one level)."""
    chosen = comparable(region)
    chosen = chosen[
        (chosen["indicator"] == indicator) & (chosen["level"] != "prefecture")
        | (chosen["indicator"] == indicator) & (chosen["region_zh"] == region.name_zh)
    ]
    return chosen if level is None else chosen[chosen["level"] == level]


def reconciliation(region: Region, own: pd.DataFrame, context: pd.DataFrame) -> pd.DataFrame:
    """Years in which the region's own source and another source both give its figure, and how far apart."""
    rows = []
    other = context[context["region_zh"] == region.name_zh]
    for _, fact in own[own["year"].notna()].iterrows():
        for _, c in other[(other["year"] == fact["year"]) & (other["quote"] != fact.get("quote"))].iterrows():
            table = c["base_value"] / fact["scale"]
            rows.append(
                {
                    "year": int(fact["year"]),
                    "article": fact["value"],
                    "unit": fact["unit_shown"],
                    "table": table,
                    "table_note": c["period_note"],
                    "table_publisher": c["publisher"],
                    "difference": metrics.change(table, fact["value"]),
                    "pct": metrics.pct_change(table, fact["value"]),
                    "grade": c["grade"],
                }
            )
    return pd.DataFrame(
        rows,
        columns=["year", "article", "unit", "table", "table_note", "table_publisher", "difference", "pct", "grade"],
    )
