"""Why a check's input names no figure: an obs_id the chapter does not have, or an `indicator:scope@year` reference
to an unknown indicator or scope (a data error), or to a figure the data do not hold (allowed: the report says the
check cannot be made, and what is missing). No pandas here: the parameters' check imports it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from helpers.base.paths import data_dir
from helpers.data import suggest
from helpers.data.chapters import chapter_folders
from helpers.data.schemas import REFERENCE
from helpers.data.years import label, records

Held = dict[str, dict[str, set]]  # indicator → scope → the years its figures hold (None: undated)


def held(figures: Iterable[tuple]) -> Held:
    """What a chapter's figures hold, from (indicator, scope, year) triples (a year as a number, text or empty)."""
    found: Held = {}
    for indicator, scope, year in figures:
        text = str(year).strip() if year is not None else ""
        found.setdefault(indicator, {}).setdefault(scope, set()).add(int(text) if text.isdigit() else None)
    return found


def _years(years: set) -> str:
    dated = sorted(y for y in years if y is not None)
    undated = " and undated" if None in years else ""
    return (", ".join(map(str, dated)) + undated) if dated else "undated only"


def _missing(indicator: str, scope: str, year: int, figures: Held) -> str:
    """Why a reference to a known indicator and scope names no figure of the chapter's."""
    scopes = figures.get(indicator)
    if not scopes:
        return f"the chapter has no figure of {indicator!r}"
    if scope not in scopes:
        return f"{indicator!r} has no figure with scope {scope!r} (its scopes here: {', '.join(sorted(scopes))})"
    return f"{indicator}:{scope} has no figure for {year} (its years: {_years(scopes[scope])})"


def not_an_id(token: str, ids) -> str:
    """Why `token` names no figure of the chapter: it is not one of its obs_ids (and the nearest that are)."""
    near = suggest.did_you_mean(suggest.nearest(token, ids))
    return f"{token!r} is not an obs_id of the chapter's observations.csv{near}"


def reason(
    token: str, ids: set, figures: Held, indicators, scopes, file: Callable[[str], str]
) -> tuple[bool, str] | None:
    """None when `token` names a figure of the chapter; else (whether it is a data error, why, in words). `file`
    names a shared table as the user edits it (indicators.csv → data/indicators.csv)."""
    if token in ids:
        return None
    match = REFERENCE.match(token)
    if not match:
        return (
            True,
            f"{not_an_id(token, ids)}, nor an indicator:scope@year reference (such as dibao_standard:urban@2012)",
        )
    indicator, scope, year = match.group(1), match.group(2), int(match.group(3))
    if indicator not in indicators:
        return True, f"{token!r}: " + suggest.unknown("indicator", indicator, indicators, file("indicators.csv"))
    if scope not in scopes:
        return True, f"{token!r}: " + suggest.unknown("scope", scope, scopes, file("scopes.csv"))
    found = figures.get(indicator, {}).get(scope, set())
    return None if year in found else (False, f"{token!r}: {_missing(indicator, scope, year, figures)}")


def unresolved_inputs(region: str, data_root: Path | None = None) -> list[str]:
    """One line per input of `region`'s checks that names a known indicator and scope but no figure the chapter
    holds (valid: the report says the check cannot be made), with why: no figure of the indicator, none with that
    scope, or none that year (and the years it has). Read from the tables' plain rows, after validation."""
    root = Path(data_root or data_dir())
    indicators = [r.get("indicator") for _, r in records(root / "indicators.csv")]
    scopes = [r.get("scope") for _, r in records(root / "scopes.csv")]
    lines = []
    for folder in chapter_folders(root / region).values():
        rows = [r for _, r in records(folder / "observations.csv")]
        figures = held((r.get("indicator"), r.get("scope"), r.get("year")) for r in rows)
        ids = {r.get("obs_id") for r in rows}
        for line, check in records(folder / "checks.csv"):
            for token in str(check.get("inputs") or "").split():
                found = reason(token, ids, figures, indicators, scopes, str)
                if found and not found[0]:
                    lines.append(
                        f"{label(folder / 'checks.csv')}, line {line}: column 'inputs': check "
                        f"{check.get('check_id')} cannot be made: {found[1]}"
                    )
    return lines
