"""Context: the region's figures beside its province, its peer prefectures and the national average.

Only figures of grade A, A/B or B are ever returned (grade C is a lead, never a figure). Years without
data stay missing: series are indexed by year with gaps, never interpolated.
"""
from __future__ import annotations

import pandas as pd

from helpers import metrics
from helpers.data import Region
from helpers.schemas import SHOWN_GRADES

NATIONAL = "全国"


def comparable(region: Region) -> pd.DataFrame:
    """Context figures that may be shown, with their labels and units."""
    shown = region.context[region.context["grade"].isin(SHOWN_GRADES)]
    return (shown.merge(region.indicators[["indicator", "name_zh", "chapter", "dimension"]], on="indicator", how="left")
                 .merge(region.units[["unit", "per_period", "factor"]], on="unit", how="left")
                 .merge(region.scopes.rename(columns={"name_zh": "scope_zh"})[["scope", "scope_zh"]], on="scope", how="left"))


def _in_unit_of(value: float, per_period: str, target_period: str) -> float:
    return metrics.per_month(value, per_period) if target_period == "month" else metrics.per_year(value, per_period)


def benefit_series(region: Region, indicator: str, scope: str, per_period: str, start: int, end: int) -> pd.DataFrame:
    """One row per (series, year): the region (article first, context for other years), its province, the nation.

    Values are converted to amounts per `per_period`; `converted` says when that was done.
    """
    context = comparable(region)
    context = context[(context["indicator"] == indicator) & (context["scope"] == scope) & context["year"].notna()]
    own = region.facts[(region.facts["indicator"] == indicator) & (region.facts["scope"] == scope) & region.facts["year"].notna()]
    rows = [{"series": region.name_zh, "year": int(f["year"]), "value": _in_unit_of(f["value"], f["per_period"], per_period),
             "converted": f["per_period"] != per_period, "period_note": f"{int(f['year'])}年（原文）", "grade": "原文",
             "publisher": f["publisher"]} for _, f in own.iterrows()]
    own_years = {r["year"] for r in rows}
    wanted = {region.name_zh: region.name_zh, region.info["province_zh"]: region.info["province_zh"], NATIONAL: NATIONAL}
    for _, c in context[context["region_zh"].isin(wanted)].iterrows():
        if c["region_zh"] == region.name_zh and int(c["year"]) in own_years:
            continue  # the article's own figure for that year comes first; see `reconciliation`
        rows.append({"series": c["region_zh"], "year": int(c["year"]),
                     "value": _in_unit_of(c["value"], c["per_period"], per_period),
                     "converted": c["per_period"] != per_period, "period_note": c["period_note"],
                     "grade": c["grade"], "publisher": c["publisher"]})
    series = pd.DataFrame(rows, columns=["series", "year", "value", "converted", "period_note", "grade", "publisher"])
    return series[series["year"].between(start, end)].sort_values(["series", "year"], ignore_index=True)


def by_year(series: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    """Years as rows, series as columns; a year a series lacks is empty (a visible gap)."""
    wide = series.pivot_table(index="year", columns="series", values="value", aggfunc="first")
    return wide.reindex(range(start, end + 1))


def missing_years(series: pd.DataFrame, start: int, end: int) -> dict[str, list[int]]:
    return {name: [y for y in range(start, end + 1) if y not in set(group["year"])]
            for name, group in series.groupby("series")}


def share_of_national(series: pd.DataFrame, region_name: str) -> pd.DataFrame:
    """The region's figure as a % of the national one, for each year both are known."""
    wide = series.pivot_table(index="year", columns="series", values="value", aggfunc="first")
    if region_name not in wide or NATIONAL not in wide:
        return pd.DataFrame(columns=["year", "region", "national", "share"])
    both = wide[[region_name, NATIONAL]].dropna()
    return pd.DataFrame({"year": both.index, "region": both[region_name], "national": both[NATIONAL],
                         "share": [metrics.share(r, n) for r, n in zip(both[region_name], both[NATIONAL])]}
                        ).reset_index(drop=True)


def prefecture_ranks(region: Region, indicator: str = "dibao_standard", scope: str = "rural") -> pd.DataFrame:
    """The region's rank among the prefectures of its province, for each year all are in the context data."""
    peers = comparable(region)
    peers = peers[(peers["level"] == "prefecture") & (peers["indicator"] == indicator) & (peers["scope"] == scope)]
    rows = []
    for year, group in peers.groupby("year"):
        if region.name_zh not in set(group["region_zh"]) or group["region_zh"].nunique() < 2:
            continue
        ordered = group.sort_values("value", ascending=False).reset_index(drop=True)
        own = ordered[ordered["region_zh"] == region.name_zh].iloc[0]
        rows.append({"year": int(year), "period_note": own["period_note"], "value": own["value"],
                     "rank": int(ordered.index[ordered["region_zh"] == region.name_zh][0]) + 1, "of": len(ordered),
                     "highest": ordered.iloc[0]["region_zh"], "highest_value": ordered.iloc[0]["value"],
                     "mean": group["value"].mean()})
    return pd.DataFrame(rows, columns=["year", "period_note", "value", "rank", "of", "highest", "highest_value", "mean"])


def context_figures(region: Region, indicator: str, level: str | None = None) -> pd.DataFrame:
    chosen = comparable(region)
    chosen = chosen[chosen["indicator"] == indicator]
    return chosen if level is None else chosen[chosen["level"] == level]


def reconciliation(region: Region, indicator: str = "dibao_standard", scope: str = "rural") -> pd.DataFrame:
    """Years in which the article and a context table both give the region's figure, and how far apart they are."""
    own = region.facts[(region.facts["indicator"] == indicator) & (region.facts["scope"] == scope) & region.facts["year"].notna()]
    other = comparable(region)
    other = other[(other["region_zh"] == region.name_zh) & (other["indicator"] == indicator) & (other["scope"] == scope)]
    rows = []
    for _, fact in own.iterrows():
        for _, c in other[(other["year"] == fact["year"]) & (other["quote"] != fact["quote"])].iterrows():
            rows.append({"year": int(fact["year"]), "article": fact["value"], "unit": fact["unit"],
                         "table": c["value"], "table_note": c["period_note"], "table_publisher": c["publisher"],
                         "difference": metrics.change(c["value"], fact["value"]),
                         "pct": metrics.pct_change(c["value"], fact["value"]), "grade": c["grade"]})
    return pd.DataFrame(rows, columns=["year", "article", "unit", "table", "table_note", "table_publisher",
                                       "difference", "pct", "grade"])
