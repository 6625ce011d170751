"""Qualifiers as written (近, 约, 超过, 不低于, 余 …) and what they make of a figure derived from them.

A source's 不低于494元 is a lower bound: a change computed from it is “至少”; anything computed from an
approximate value is “约”. The qualifiers and their positions are data (data/qualifiers.csv).
"""

from __future__ import annotations

import pandas as pd

APPROX, LOWER, UPPER = "approx", "lower", "upper"
PREFIX = {APPROX: "约", LOWER: "至少", UPPER: "至多"}
_FLIP = {LOWER: UPPER, UPPER: LOWER, APPROX: APPROX}


def bound_of(fact: pd.Series) -> str | None:
    bound = fact.get("bound")
    return bound if isinstance(bound, str) and bound else None


def derived(inputs: list[tuple[pd.Series, int]]) -> str | None:
    """The bound of a figure computed from `inputs`: (fact, +1 if the result grows with it, −1 if it shrinks).

    Exact inputs give an exact result; one-sided bounds that all push the same way give 至少/至多; anything
    else (an approximate input, or bounds pulling both ways) gives 约.
    """
    bounds = set()
    for fact, direction in inputs:
        bound = bound_of(fact)
        if bound:
            bounds.add(bound if direction > 0 else _FLIP[bound])
    if not bounds:
        return None
    return bounds.pop() if len(bounds) == 1 else APPROX


def prefix(bound: str | None) -> str:
    """'约', '至少', '至多' or '' for a derived figure."""
    return PREFIX.get(bound, "") if bound else ""


def written(number: str, unit: str, fact: pd.Series) -> str:
    """A stated figure with its qualifier where the source puts it: '不低于494元/人/月', '1700余家', '40张以上'."""
    qualifier = fact.get("qualifier")
    if not isinstance(qualifier, str) or not qualifier:
        return f"{number}{unit}"
    position = fact.get("qualifier_position")
    if position == "after_number":
        return f"{number}{qualifier}{unit}"
    if position == "after_unit":
        return f"{number}{unit}{qualifier}"
    return f"{qualifier}{number}{unit}"
