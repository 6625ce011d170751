"""What a chapter publishes: the overview's share (its heading and number as the book shows them, headline
sentences, sources, events and candidate findings) and the book's (every figure it derived, the context it cited).

A chapter notebook ends with `results.publish(ch)`: the results as a JSON output of that cell. The build saves
them beside the reports (helpers.page.result_files) and leaves them out of the HTML; the overview, the book and
the spreadsheet read those files, never the chapters' data, and never compute a figure again."""

from __future__ import annotations

import pandas as pd
from IPython.display import display as ipython_display

from helpers.model import derive
from helpers.page import display, published
from helpers.page.chapter import ChapterContext
from helpers.page.display import source_name_list
from helpers.page.result_files import MIME
from helpers.wording import findings as findings_rules
from helpers.wording import text

EVENT_COLUMNS = ["year", "month", "event_zh", "quote"]


def headline_facts(chapter, facts: pd.DataFrame) -> pd.DataFrame:
    """The chapter's headline indicators (chapters.yml); a region without them gets its first three indicators."""
    chosen = pd.concat([derive.select(facts, i) for i in chapter.headline]) if chapter.headline else facts.iloc[0:0]
    if chosen.empty:
        chosen = facts[facts["indicator"].isin(list(dict.fromkeys(facts["indicator"]))[:3])]
    return chosen


def of_chapter(ch: ChapterContext) -> dict:
    """What the overview needs of chapter `ch`: plain JSON, in a fixed order, so equal results are equal bytes."""
    facts = headline_facts(ch.chapter, ch.facts)
    sentences = (
        text.headline_sentences(facts, text.with_words(derive.changes(facts)), ch.region_name)
        if not facts.empty
        else []
    )
    cited = ch.region.facts
    events = ch.events[EVENT_COLUMNS].astype(object).where(ch.events[EVENT_COLUMNS].notna(), None)
    return {
        "chapter": ch.chapter.id,
        "number": ch.region.chapter_numbers.get(ch.chapter.id),
        "heading": ch.chapter_heading(),
        "derived": published.standard_rows(ch.chapter, ch.facts, ch.region.relations, ch.checks(), ch.region.facts)
        + _once(ch.derived),
        "context": context_rows(ch),
        "headlines": sentences,
        "cited": source_name_list(cited),
        "events": events.to_dict("records"),
        "findings": findings_rules.of_chapter(ch),
    }


CONTEXT_COLUMNS = [
    "context_id",
    "original_publisher",
    "publisher",
    "url",
    "quote",
    "source_id",
    "year",
    "in_publication",
]


def _once(rows: list[dict]) -> list[dict]:
    """Each derived figure once: a part shown in both editions' versions (display.publication_only) derives its
    figures twice; the working papers' version, which comes last, is kept."""
    return list({row["derived_id"]: row for row in rows}.values())


def context_rows(ch: ChapterContext) -> list[dict]:
    """The context figures this chapter's comparison drew on (its region's, province's and the nation's, never
    grade C), for the book's reference list; none when it showed no comparison."""
    if ch.context_used is None:
        return []
    rows = ch.context_used
    rows = rows[rows["year"].isna() | (rows["year"] <= ch.end_year)]
    return [{c: published.plain(r[c]) for c in CONTEXT_COLUMNS} for _, r in rows.iterrows()]


def publish(ch: ChapterContext) -> None:
    """The chapter's results as this cell's output (the build saves them; JupyterLab shows one line)."""
    payload = of_chapter(ch)
    ipython_display(
        {
            MIME: payload,
            "text/plain": f"{payload['heading']}：{len(payload['headlines'])}条要点、"
            f"{len(payload['events'])}项大事已记录，供总览使用。",
        },
        raw=True,
    )


def events(found: list[dict], own: pd.DataFrame) -> pd.DataFrame:
    """The overview's `own` events, then every chapter's, in chapter order, typed as the events table types them."""
    rows = own[EVENT_COLUMNS].to_dict("records") + [e for r in found for e in r["events"]]
    frame = pd.DataFrame(rows, columns=EVENT_COLUMNS)
    return frame.astype({"year": "Int64", "month": "Int64", "event_zh": object, "quote": object})


def findings(ch: ChapterContext) -> list[dict]:
    """The 综述: the findings the overview shows, chosen by the rules of helpers.wording.findings from what the
    chapters published."""
    return findings_rules.select(ch.results)


def headlines(ch: ChapterContext) -> None:
    """The overview's 要点: each chapter's headline sentences, for the working papers (the publication's chapters
    open with their own lead and the 综述 sums up: the same sentence is never printed twice)."""
    with display.working_papers():
        display.heading(f"{ch.span_words}要点", 2)
        for chapter in ch.results:
            if chapter["headlines"]:
                display.heading(chapter["heading"], 3)
                display.paragraphs(chapter["headlines"])
    if ch.missing_results:
        display.notebook_only(f"尚未生成结果的章节（先运行 make）：{'、'.join(ch.missing_results)}。")
