"""Building a draft: the source's figures, each made a proposed row, then its checks and events."""

from __future__ import annotations

from pathlib import Path

from helpers.data.chapters import load_chapters
from reportbuild.tools.draft_figures import prose_figures
from reportbuild.tools.draft_read import Source
from reportbuild.tools.draft_rows import Draft, add_checks, add_events, add_observation
from reportbuild.tools.draft_table import table_figures
from reportbuild.tools.draft_vocab import load_vocabulary


def overview_chapter() -> str:
    """Where a row no indicator's words place goes: the overview (number 0 in chapters.yml)."""
    chapters = load_chapters()
    return next((c.id for c in chapters if not c.number), chapters[0].id)


def build(source: Source, region: str, data: Path, exclude_source: str | None = None) -> tuple[Draft, int]:
    """The proposed rows for `source` (and how many table cells had no unit); with `exclude_source`, the words of
    that source's own hand-entered rows are not learned from (the back-test's fairness)."""
    vocabulary = load_vocabulary(data, exclude_source)
    result, fallback = Draft(region, source.source_id), overview_chapter()
    if source.is_table:
        figures, unitless = table_figures(source.rows, vocabulary)
    else:
        figures, unitless = prose_figures(source.text, vocabulary, source.year), 0
    for figure in figures:
        add_observation(result, figure, vocabulary, fallback)
    add_checks(result, vocabulary)
    if not source.is_table:
        add_events(result, source.text, vocabulary, fallback)
    return result, unitless
