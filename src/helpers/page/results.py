"""A chapter's headline results: what the overview says of it, and all the overview reads of it.

A chapter notebook ends with `results.publish(ch)`: its headline sentences, the names of its sources and its
events, as a JSON output of that cell. The build saves it beside the reports as
`results/<chapter>.json` (and leaves it out of the HTML); the overview reads those files, not the chapters'
data, so a chapter's data edit rebuilds the overview only if what the overview says of that chapter changed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from IPython.display import display

from helpers.base.paths import REPORTS_DIR, report_folder
from helpers.model import derive, findings
from helpers.page.display import source_name_list
from helpers.wording import text

MIME = "application/vnd.minzheng.results+json"
FOLDER = "results"
EVENT_COLUMNS = ["year", "month", "event_zh", "quote"]


def headline_facts(chapter, facts: pd.DataFrame) -> pd.DataFrame:
    """The chapter's headline indicators (chapters.yml); a region without them gets its first three indicators."""
    chosen = pd.concat([derive.select(facts, i) for i in chapter.headline]) if chapter.headline else facts.iloc[0:0]
    if chosen.empty:
        chosen = facts[facts["indicator"].isin(list(dict.fromkeys(facts["indicator"]))[:3])]
    return chosen


def of_chapter(ch) -> dict:
    """What the overview needs of chapter `ch`: plain JSON, in a fixed order, so equal results are equal bytes."""
    facts = headline_facts(ch.chapter, ch.facts)
    sentences = text.headline_sentences(facts, derive.changes(facts), ch.region_name) if not facts.empty else []
    cited = ch.region.facts
    events = ch.events[EVENT_COLUMNS].astype(object).where(ch.events[EVENT_COLUMNS].notna(), None)
    return {
        "chapter": ch.chapter.id,
        "heading": ch.chapter_heading(),
        "headlines": sentences,
        "cited": source_name_list(cited),
        "events": events.to_dict("records"),
        "findings": findings.of_chapter(ch),
    }


def publish(ch) -> None:
    """The chapter's results as this cell's output (the build saves them; JupyterLab shows one line)."""
    payload = of_chapter(ch)
    display(
        {
            MIME: payload,
            "text/plain": f"{payload['heading']}：{len(payload['headlines'])}条要点、"
            f"{len(payload['events'])}项大事已记录，供总览使用。",
        },
        raw=True,
    )


def dumps(payload: dict) -> str:
    return json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def folder(results: str, region: str, start_year: int, end_year: int, compare: bool) -> Path:
    """The folder of results the overview reads: `results` if given (the build gives one), else the reports
    folder `make` fills by default for these parameters (an analyst running the overview in JupyterLab)."""
    return Path(results) if results else REPORTS_DIR / report_folder(region, start_year, end_year, compare) / FOLDER


def load(where: Path, chapter_ids: list[str]) -> tuple[list[dict], list[str]]:
    """The results of `chapter_ids` in that order, and the ids whose results are not there yet."""
    found, missing = [], []
    for chapter_id in chapter_ids:
        try:  # opened, not probed: a build records a missing file as read too, and rebuilds once it appears
            found.append(json.loads((where / f"{chapter_id}.json").read_text(encoding="utf-8")))
        except FileNotFoundError:
            missing.append(chapter_id)
    return found, missing


def events(found: list[dict], own: pd.DataFrame) -> pd.DataFrame:
    """The overview's `own` events, then every chapter's, in chapter order, typed as the events table types them."""
    rows = own[EVENT_COLUMNS].to_dict("records") + [e for r in found for e in r["events"]]
    frame = pd.DataFrame(rows, columns=EVENT_COLUMNS)
    return frame.astype({"year": "Int64", "month": "Int64", "event_zh": object, "quote": object})
