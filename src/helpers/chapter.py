"""Opening a chapter in a notebook: check parameters, load and validate data, set the chart theme."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from helpers import charts, display, inputs, periods
from helpers.chapters import Chapter, chapter
from helpers.checks import run_checks
from helpers.data import Region, load_region
from helpers.derive import within_years
from helpers.params import check_parameters


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

    @property
    def span_words(self) -> str:
        """'十年' for a ten-year span, otherwise the years ('2015—2020年')."""
        return periods.span_words(self.start_year, self.end_year)

    def chapter_heading(self, chapter: Chapter | None = None) -> str:
        """'第1章 社会救助': chapters are numbered 1…n among those the region has data for."""
        chapter = chapter or self.chapter
        number = self.region.chapter_numbers.get(chapter.id)
        return f"第{number}章 {chapter.title_zh}" if chapter.number and number else chapter.title_zh

    def checks(self) -> pd.DataFrame:
        return run_checks(self.region.facts, self.region.checks, self.chapter.id, self.region.indicators,
                          self.region.scopes)

    @property
    def region_name(self) -> str:
        return self.region.name_zh

    @property
    def all_facts(self) -> pd.DataFrame:
        """Every chapter's figures within the years (for the overview and the book)."""
        return within_years(self.region.facts, self.start_year, self.end_year)

    @property
    def all_events(self) -> pd.DataFrame:
        return within_years(self.region.events, self.start_year, self.end_year)


def open_chapter(chapter_id: str, region: str, start_year: int, end_year: int, compare="on",
                 show_title: bool = True) -> ChapterContext:
    inputs.record_cells()
    params = check_parameters(region, start_year, end_year, compare)
    this = chapter(chapter_id)
    # A chapter reads only its own data folder; the overview (number 0) summarises every chapter.
    loaded = load_region(params["region"], chapters=None if this.number == 0 else [chapter_id])
    context = ChapterContext(
        chapter=this, region=loaded, start_year=params["start_year"], end_year=params["end_year"],
        facts=within_years(loaded.chapter_facts(chapter_id), params["start_year"], params["end_year"]),
        events=within_years(loaded.chapter_events(chapter_id), params["start_year"], params["end_year"]),
        font=charts.use_report_theme(), compare=params["compare"])
    if show_title:
        display.heading(context.chapter_heading())
        cited = context.facts if this.number else loaded.facts
        display.byline(f"{loaded.name_zh} · {params['start_year']}—{params['end_year']}年"
                       + (f" · 数据来源：{display.source_names(cited)}" if not cited.empty else ""))
    return context
