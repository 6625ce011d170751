"""Opening a chapter in a notebook: check parameters, load and validate data, set the chart theme."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from helpers.base import periods
from helpers.base.periods import within_years
from helpers.data.chapters import Chapter, chapter
from helpers.data.load import Region, load_region
from helpers.data.params import check_parameters
from helpers.page import charts, display, result_files
from helpers.wording import style, verdicts


@dataclass
class ChapterContext:
    chapter: Chapter
    region: Region
    start_year: int
    end_year: int
    facts: pd.DataFrame
    events: pd.DataFrame
    font: str
    compare: bool = True
    results: list[dict] = field(default_factory=list)  # the overview's: what each chapter published
    derived: list[dict] = field(default_factory=list)  # figures the chapter derived beyond the standard sections
    context_used: pd.DataFrame | None = None  # the context figures its comparison drew on (references cite them)
    lead: list[str] = field(default_factory=list)  # the lead's sentences: a section does not say them again
    missing_results: list[str] = field(default_factory=list)

    @property
    def span_words(self) -> str:
        """'十年' for a ten-year span, otherwise the years ('2015—2020年')."""
        return periods.span_words(self.start_year, self.end_year)

    def chapter_heading(self, chapter: Chapter | None = None) -> str:
        """'第1章 社会救助': chapters are numbered 1…n among those the region has data for."""
        chapter = chapter or self.chapter
        return chapter.heading_as(self.region.chapter_numbers.get(chapter.id))

    def checks(self) -> pd.DataFrame:
        """The chapter's checks of the source's own figures, with their verdicts in words (helpers.wording.verdicts)."""
        region = self.region
        return verdicts.checked(region.facts, region.checks, self.chapter.id, region.indicators, region.scopes)

    @property
    def region_name(self) -> str:
        return self.region.name_zh


def open_chapter(
    chapter_id: str,
    region: str,
    start_year: int,
    end_year: int,
    compare="on",
    show_title: bool = True,
    results_dir: str = "",
) -> ChapterContext:
    """Check the parameters, load the chapter's data (the overview: the chapters' published results, see
    helpers.page.results) and show the chapter's title and byline."""
    params = check_parameters(region, start_year, end_year, compare)
    this = chapter(chapter_id)
    summary = this.number == 0  # the overview reads what the chapters published, not their data
    loaded = load_region(params["region"], chapters=[chapter_id])
    context = ChapterContext(
        chapter=this,
        region=loaded,
        start_year=params["start_year"],
        end_year=params["end_year"],
        facts=within_years(loaded.chapter_facts(chapter_id), params["start_year"], params["end_year"]),
        events=within_years(loaded.chapter_events(chapter_id), params["start_year"], params["end_year"]),
        font=charts.use_report_theme(),
        compare=params["compare"],
    )
    if summary:
        where = result_files.folder(
            results_dir, params["region"], params["start_year"], params["end_year"], params["compare"]
        )
        context.results, context.missing_results = result_files.load(where, list(loaded.chapter_numbers))
    if show_title:
        display.heading(context.chapter_heading())
        own = loaded.facts if summary else context.facts
        cited = sorted(
            set(display.source_name_list(own, loaded.sources))
            | ({name for r in context.results for name in r["cited"]} if summary else set())
        )
        display.start_numbering(loaded.chapter_numbers.get(chapter_id) if this.number else None, "；".join(cited))
        display.byline(
            f"{loaded.name_zh} · {style.years(params['start_year'], params['end_year'])}"
            + (f" · 数据来源：{'；'.join(cited)}" if cited else "")
        )
    return context
