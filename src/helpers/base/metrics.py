"""Derived figures. Every figure a report derives is computed here from data, never typed."""

from __future__ import annotations

import math

MONTHS_PER_YEAR = 12


def change(before: float, after: float) -> float:
    return after - before


def pct_change(before: float, after: float) -> float:
    """Percent change from `before` to `after` (99.7 means +99.7 %)."""
    if before == 0:
        raise ZeroDivisionError("percent change from zero is undefined")
    return (after - before) / before * 100


def cagr(before: float, after: float, years: int) -> float:
    """Compound annual growth rate in percent over `years` years."""
    if years <= 0 or before <= 0:
        raise ValueError("CAGR needs a positive start value and at least one year")
    return ((after / before) ** (1 / years) - 1) * 100


def ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator


def share(part: float, whole: float) -> float:
    """`part` as a percent of `whole`."""
    return part / whole * 100


def total(parts) -> float:
    return float(sum(parts))


def per_month(amount: float, per_period: str) -> float:
    """An amount per person per `per_period` ('month' or 'year') as an amount per month."""
    return amount if per_period == "month" else amount / MONTHS_PER_YEAR


def per_year(amount: float, per_period: str) -> float:
    return amount if per_period == "year" else amount * MONTHS_PER_YEAR


def decimals_of(written: str) -> int:
    """How many decimals a figure was written with ('99.7%' -> 1, '239%' -> 0)."""
    digits = "".join(c for c in written if c.isdigit() or c == ".")
    return len(digits.split(".")[1]) if "." in digits else 0


def within_rounding(gap: float, *written: str) -> bool:
    """True when `gap` between figures written as `written` is smaller than half the last digit of the coarser one
    (99.7% against a stated 100%: 0.3 < 0.5), so the sources' own rounding cannot say which is higher."""
    places = min(decimals_of(w) for w in written)
    return abs(gap) < 0.5 * 10 ** (-places)


def agrees_to_rounding(stated: float, computed: float, decimals: int) -> bool:
    """True when `computed`, rounded as the source rounded, gives the stated figure."""
    tolerance = 0.5 * 10 ** (-decimals) + 1e-9
    return math.isclose(stated, computed, abs_tol=tolerance) or abs(stated - computed) <= tolerance
