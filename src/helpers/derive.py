"""Tables of derived figures, built from a region's facts (one row per figure, see Region.facts)."""
from __future__ import annotations

import pandas as pd

from helpers import metrics
from helpers.text import period_label

PAIR_COLUMNS = ["indicator", "scope", "scope_zh", "name_zh", "unit", "per_period",
                "before_year", "before", "after_year", "after", "change", "pct_change", "years", "cagr"]


def select(facts: pd.DataFrame, indicator: str, scope: str | None = None) -> pd.DataFrame:
    rows = facts[facts["indicator"] == indicator]
    return rows if scope is None else rows[rows["scope"] == scope]


def _pair_row(before: pd.Series, after: pd.Series) -> dict:
    years = None
    if pd.notna(before["year"]) and pd.notna(after["year"]):
        years = int(after["year"] - before["year"])
    row = {k: after[k] for k in ("indicator", "scope", "scope_zh", "name_zh", "unit", "per_period")}
    row.update(before_year=before["year"], before=before["value"], after_year=after["year"],
               after=after["value"], change=metrics.change(before["value"], after["value"]),
               pct_change=metrics.pct_change(before["value"], after["value"]), years=years,
               cagr=metrics.cagr(before["value"], after["value"], years) if years else None)
    return row


def pairs(facts: pd.DataFrame, indicators: list[str] | None = None) -> pd.DataFrame:
    """Before→after pairs (stage before/after, same indicator and scope) with change, % change and CAGR.

    CAGR is given only where both years are stated; an unknown year stays unknown.
    """
    staged = facts[facts["stage"].notna()]
    if indicators is not None:
        staged = staged[staged["indicator"].isin(indicators)]
    rows = []
    for _, group in staged.groupby(["indicator", "scope"], sort=False):
        before, after = group[group["stage"] == "before"], group[group["stage"] == "after"]
        if len(before) == 1 and len(after) == 1:
            rows.append(_pair_row(before.iloc[0], after.iloc[0]))
    return pd.DataFrame(rows, columns=PAIR_COLUMNS)


def monthly_comparison(facts: pd.DataFrame, indicator: str, numerator_scope: str,
                       denominator_scope: str) -> pd.DataFrame:
    """For each year with both scopes, both amounts per month and the first as a % of the second."""
    rows = []
    chosen = select(facts, indicator)
    for year, group in chosen[chosen["year"].notna()].groupby("year"):
        by_scope = group.set_index("scope")
        if numerator_scope in by_scope.index and denominator_scope in by_scope.index:
            num, den = by_scope.loc[numerator_scope], by_scope.loc[denominator_scope]
            num_month = metrics.per_month(num["value"], num["per_period"])
            den_month = metrics.per_month(den["value"], den["per_period"])
            rows.append({"year": int(year), "numerator": num["value"], "numerator_unit": num["unit"],
                         "numerator_month": num_month, "denominator_month": den_month,
                         "share": metrics.share(num_month, den_month)})
    return pd.DataFrame(rows, columns=["year", "numerator", "numerator_unit", "numerator_month",
                                       "denominator_month", "share"])


FLOW_COLUMNS = ["period", "raised", "spent", "unit", "balance", "spent_share"]


def flows(facts: pd.DataFrame, raised: str, spent: str) -> pd.DataFrame:
    """Money raised and spent over the same period: one row, or none when the data lacks either."""
    r, s = select(facts, raised), select(facts, spent)
    if r.empty or s.empty:
        return pd.DataFrame(columns=FLOW_COLUMNS)
    r, s = r.iloc[0], s.iloc[0]
    return pd.DataFrame([{"period": period_label(r), "raised": r["value"], "spent": s["value"],
                          "unit": r["unit"], "balance": metrics.change(r["value"], s["value"]),
                          "spent_share": metrics.share(s["value"], r["value"])}], columns=FLOW_COLUMNS)


def stack(*frames: pd.DataFrame) -> pd.DataFrame:
    present = [f for f in frames if not f.empty]
    return pd.concat(present, ignore_index=True) if present else frames[0].iloc[0:0]


def annualised(facts: pd.DataFrame) -> pd.DataFrame:
    """Monthly per-person amounts (元/人/月) with their yearly equivalent (× 12)."""
    monthly = facts[(facts["dimension"] == "benefit_rate") & (facts["per_period"] == "month")]
    rows = [{"obs_id": f["obs_id"], "fact": f, "monthly": f["value"],
             "yearly": metrics.per_year(f["value"], "month")} for _, f in monthly.iterrows()]
    return pd.DataFrame(rows, columns=["obs_id", "fact", "monthly", "yearly"])


def parts(facts: pd.DataFrame, indicators: list[str], whole: str | None = None) -> pd.DataFrame:
    """Figures of one dimension as parts of a total (or of the figure of `whole`), with their shares."""
    chosen = pd.concat([select(facts, i) for i in indicators]) if indicators else facts.iloc[0:0]
    base = select(facts, whole) if whole else chosen
    if chosen.empty or base.empty or chosen["dimension"].nunique() != 1:
        return pd.DataFrame(columns=["fact", "value", "unit", "share", "total", "whole"])
    denominator = float(base["value"].iloc[0]) if whole else metrics.total(chosen["value"])
    return pd.DataFrame([{"fact": f, "value": f["value"], "unit": f["unit"],
                          "share": metrics.share(f["value"], denominator),
                          "total": metrics.total(chosen["value"]),
                          "whole": base.iloc[0] if whole else None} for _, f in chosen.iterrows()])


def yearly_series(facts: pd.DataFrame, min_years: int = 3) -> list[tuple[pd.Series, pd.DataFrame]]:
    """Indicators (per scope, one unit) observed in at least `min_years` stated years: (a fact, its rows by year)."""
    dated = facts[facts["year"].notna()]
    found = []
    for _, group in dated.groupby(["indicator", "scope", "unit"], sort=False):
        if group["year"].nunique() >= min_years:
            found.append((group.iloc[0], group.sort_values("year")))
    return found


def within_years(frame: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    """Rows whose stated years fall in [start, end]; rows with an unknown year are kept (and say so)."""
    year_ok = frame["year"].isna() | frame["year"].between(start, end)
    if "start_year" in frame:
        year_ok &= frame["start_year"].isna() | (frame["start_year"] >= start)
    return frame[year_ok.astype(bool)]
