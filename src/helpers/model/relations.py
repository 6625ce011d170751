"""Relations declared in data (data/relations.csv): parts and wholes, shares, ratios and per-capita figures.

Totals and shares come only from these declarations, so no ratio between unrelated quantities is ever
printed. Each relation is computed for every period in which the region's data hold all its figures, after
converting them to a common unit.
"""

from __future__ import annotations

import pandas as pd

from helpers.base import bounds, metrics, periods
from helpers.data.rules import refs
from helpers.model import derive

RELATION_COLUMNS = [
    "relation_id",
    "kind",
    "name_zh",
    "note_zh",
    "period",
    "year",
    "value",
    "unit",
    "bound",
    "whole",
    "parts",
    "shares",
    "inputs",
    "converted",
]


def _by_period(facts: pd.DataFrame, indicator: str, scope: str) -> dict[tuple, pd.Series]:
    chosen = facts[(facts["indicator"] == indicator) & (facts["scope"] == scope)]
    return {periods.key(f): f for _, f in chosen.iterrows()}


def _row(relation, fact, value, unit, bound, whole, parts, shares=None) -> dict:
    used = ([whole] if whole is not None else []) + parts
    return {
        "relation_id": relation["relation_id"],
        "kind": relation["kind"],
        "name_zh": relation["name_zh"],
        "note_zh": relation["note_zh"],
        "period": periods.label(fact),
        "year": fact.get("year"),
        "value": value,
        "unit": unit,
        "bound": bound,
        "whole": whole,
        "parts": parts,
        "shares": shares,
        "inputs": [f["obs_id"] for f in used],
        "converted": len({f["scale"] for f in used}) > 1,
    }


def _sum(relation, whole_by, parts_by) -> list[dict]:
    rows = []
    for key in sorted(set.intersection(*[set(p) for p in parts_by]), key=str):
        parts = [p[key] for p in parts_by]
        whole = whole_by.get(key)
        unit = whole["unit_shown"] if whole is not None else parts[0]["unit_shown"]
        unit_scale = whole["scale"] if whole is not None else parts[0]["scale"]
        total = metrics.total(p["base_value"] for p in parts)
        shares = [metrics.share(p["base_value"], total) if total else None for p in parts]
        rows.append(
            _row(
                relation,
                parts[0],
                total / unit_scale,
                unit,
                bounds.derived([(p, 1) for p in parts]),
                whole,
                parts,
                shares,
            )
        )
    return rows


def _share(relation, whole_by, parts_by) -> list[dict]:
    rows = []
    for part_by in parts_by:
        for key in sorted(set(whole_by) & set(part_by), key=str):
            whole, part = whole_by[key], part_by[key]
            if whole["base_value"]:
                rows.append(
                    _row(
                        relation,
                        part,
                        metrics.share(part["base_value"], whole["base_value"]),
                        "%",
                        bounds.derived([(part, 1), (whole, -1)]),
                        whole,
                        [part],
                    )
                )
    return rows


def _ratio(relation, whole_by, parts_by) -> list[dict]:
    per = relation["per"] if relation["kind"] == "per_capita" else 1
    rows = []
    for part_by in parts_by:
        for key in sorted(set(whole_by) & set(part_by), key=str):
            whole, part = whole_by[key], part_by[key]
            if whole["base_value"]:
                rows.append(
                    _row(
                        relation,
                        part,
                        metrics.ratio(part["base_value"], whole["base_value"]) * per,
                        relation["unit"],
                        bounds.derived([(part, 1), (whole, -1)]),
                        whole,
                        [part],
                    )
                )
    return rows


KINDS = {"sum": _sum, "share": _share, "ratio": _ratio, "per_capita": _ratio}


def compute(facts: pd.DataFrame, relations: pd.DataFrame) -> pd.DataFrame:
    """Every declared relation the facts allow, one row per relation and period (ordered by year)."""
    rows = []
    present = set(zip(facts["indicator"], facts["scope"]))
    for _, relation in relations.iterrows():
        if not any(ref in present for ref in refs(relation["whole"]) + refs(relation["parts"])):
            continue  # names none of these figures: gives nothing (most relations, for one chapter's figures)
        (whole_ref,) = refs(relation["whole"])
        whole_by = _by_period(facts, *whole_ref)
        parts_by = [_by_period(facts, *ref) for ref in refs(relation["parts"])]
        if relation["kind"] == "sum" and any(not p for p in parts_by):
            continue
        found = KINDS[relation["kind"]](relation, whole_by, parts_by)
        rows += sorted(found, key=lambda r: periods.order(r["parts"][0]))
    return pd.DataFrame(rows, columns=RELATION_COLUMNS)


def _as_figure(row: pd.Series) -> pd.Series:
    """A total of a `sum` relation as if it were a stated figure of its own (name, unit, period of its parts), so
    helpers.model.derive computes its change as any figure's."""
    parts = row["parts"]
    template = (row["whole"] if row["whole"] is not None else parts[0]).copy()
    first = parts[0]
    template["indicator"] = row["relation_id"]
    template["scope"], template["scope_zh"] = "all", None
    template["name_zh"], template["term_zh"] = row["name_zh"], None
    template["unit_shown"] = row["unit"]
    template["value"] = row["value"]
    template["base_value"] = row["value"] * template["scale"]
    template["as_written"], template["qualifier"], template["bound"] = None, None, row["bound"]
    for column in ("year", "start_year", "period_basis", "period_note", "stage", "published_year", "published_month"):
        template[column] = first.get(column)
    template["obs_id"] = "+".join(row["inputs"])
    return template


def total_changes(found: pd.DataFrame) -> pd.DataFrame:
    """The change of each declared total (`sum` relation) known at two or more periods, as helpers.model.derive
    gives a figure's: first → last, change, % change, compound growth."""
    sums = found[found["kind"] == "sum"] if not found.empty else found
    if sums.empty:
        return derive.changes(pd.DataFrame(columns=["indicator", "scope"]))
    return derive.changes(pd.DataFrame([_as_figure(r) for _, r in sums.iterrows()]).reset_index(drop=True))
