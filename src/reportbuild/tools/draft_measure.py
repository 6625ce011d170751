"""Back-testing the draft: on every source the built regions cite with a raw file of its own, the hand-entered rows
are the truth. A hand-entered figure is found when a proposed row has its value and as_written (paired one to one,
preferring the row whose quote holds the figure's clause); then

  recall     the share of hand-entered figures proposed with the same value, unit and as_written;
  quote      the share whose proposed quote contains the hand-entered quote's number clause (a table: same cell);
  indicator  the share proposed with the same indicator;
  precision  the share of proposed rows paired with a hand-entered figure (a real figure; a figure the hand-entered
             data leave out, such as a 十年 of rhetoric, counts against it).

The draft of a source does not learn from that source's own rows (draft_vocab.load_vocabulary's exclude_source)."""

from __future__ import annotations

from pathlib import Path

from reportbuild.tools.draft_build import build
from reportbuild.tools.draft_read import read_source
from reportbuild.tools.draft_vocab import number_clause, read_csv, region_rows

MEASURES = ("recall", "quote", "indicator", "precision")


def measured_sources(data: Path) -> list[str]:
    """Sources the built regions' figures cite that are raw files of their own (not passages a research record
    quotes: those are context only)."""
    own = {
        s["source_id"]
        for s in read_csv(data / "raw" / "sources.csv")
        if not s.get("quoted_in") and (data / "raw" / s["file"]).is_file()
    }
    return sorted({r["source_id"] for r in region_rows(data)} & own)


def _same_place(truth: dict, proposed: dict) -> bool:
    if truth.get("table_row") or truth.get("table_column"):
        return (truth.get("table_row"), truth.get("table_column")) == (proposed["table_row"], proposed["table_column"])
    return number_clause(truth.get("quote") or "", truth["as_written"]) in proposed["quote"]


def _same_figure(truth: dict, proposed: dict) -> bool:
    try:
        close = abs(float(truth["value"]) - float(proposed["value"])) < 1e-9
    except ValueError:
        return False
    return close and truth["as_written"] == proposed["as_written"]


def pairs(truth: list[dict], proposed: list[dict]) -> list[tuple[dict, dict | None]]:
    """Each hand-entered figure with the proposed row paired to it (or None)."""
    free, paired = list(proposed), []
    for row in truth:
        found = [p for p in free if _same_figure(row, p)]
        found.sort(
            key=lambda p: (not _same_place(row, p), p["unit"] != row["unit"], p["indicator"] != row["indicator"])
        )
        if found:
            free.remove(found[0])
        paired.append((row, found[0] if found else None))
    return paired


def measure(source_id: str, data: Path) -> dict:
    record = next(s for s in read_csv(data / "raw" / "sources.csv") if s["source_id"] == source_id)
    truth = [r for r in region_rows(data) if r.get("source_id") == source_id]
    region = truth[0].get("region", "") if truth else ""
    result, _ = build(read_source(data / "raw" / record["file"], data), region or "measured", data, source_id)
    proposed = result.observations()
    paired = pairs(truth, proposed)
    found = [(t, p) for t, p in paired if p]
    counts = {
        "recall": sum(t["unit"] == p["unit"] for t, p in found),
        "quote": sum(_same_place(t, p) for t, p in found),
        "indicator": sum(t["indicator"] == p["indicator"] for t, p in found),
        "precision": len(found),
    }
    totals = {"recall": len(truth), "quote": len(truth), "indicator": len(truth), "precision": len(proposed)}
    missed = [t["as_written"] for t, p in paired if not p or t["unit"] != p["unit"]]
    wrong = [f"{t['as_written']}→{p['indicator']}" for t, p in found if t["indicator"] != p["indicator"]]
    extra = [p["as_written"] for p in proposed if all(p is not q for _, q in found)]
    return {
        "source_id": source_id,
        "counts": counts,
        "totals": totals,
        **{m: counts[m] / totals[m] if totals[m] else 1.0 for m in MEASURES},
        "missed": missed,
        "wrong_indicator": wrong,
        "extra": extra,
    }


def overall(results: list[dict]) -> dict:
    """The measures over all sources together (pooled counts)."""
    counts = {m: sum(r["counts"][m] for r in results) for m in MEASURES}
    totals = {m: sum(r["totals"][m] for r in results) for m in MEASURES}
    return {m: counts[m] / totals[m] if totals[m] else 1.0 for m in MEASURES} | {"counts": counts, "totals": totals}


def table(source_ids: list[str], data: Path) -> str:
    results = [measure(s, data) for s in source_ids]
    lines = [f"{'source':<22}{'figures':>8}{'proposed':>9}" + "".join(f"{m:>11}" for m in MEASURES)]
    for r in results:
        shares = "".join(f"{r[m]:>10.0%} " for m in MEASURES)
        lines.append(f"{r['source_id']:<22}{r['totals']['recall']:>8}{r['totals']['precision']:>9}{shares}")
    total = overall(results)
    shares = "".join(f"{total[m]:>10.0%} " for m in MEASURES)
    lines.append(f"{'all':<22}{total['totals']['recall']:>8}{total['totals']['precision']:>9}{shares}")
    lines.append("goals: recall ≥ 90%, quote ≥ 90%, indicator ≥ 70%, precision ≥ 80%")
    for r in results:
        for label, items in (("missed", r["missed"]), ("wrong indicator", r["wrong_indicator"]), ("extra", r["extra"])):
            if items:
                lines.append(f"  {r['source_id']} {label}: {', '.join(items)}")
    return "\n".join(lines)
