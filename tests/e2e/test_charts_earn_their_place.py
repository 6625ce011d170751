"""Every region's chapters: a chart earns its place (three values or more, or places compared), says what it shows
after its number, and every table is titled by its content, never by the bare name of its section."""

import re
from pathlib import Path

from bs4 import BeautifulSoup

from helpers.page import charts

NUMBER = re.compile(r"^(图|表)(\d+-)?\d+　")
COUNT = re.compile(r"图中共(\d+)个数值")


def _chapters(every_region: Path) -> list[Path]:
    pages = sorted(
        p
        for p in every_region.glob("*/*/*.html")
        if p.stem not in ("book", "workpapers") and not p.stem.startswith("book")
    )
    assert pages
    return pages


def _soup(page: Path) -> BeautifulSoup:
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


def test_every_chart_caption_says_what_it_shows(every_region):
    bare = [
        f"{page.relative_to(every_region)}: {c.get_text()}"
        for page in _chapters(every_region)
        for c in _soup(page).select("p.figure-caption")
        if not re.match(r"^图(\d+-)?\d+　\S{2,}", c.get_text())
    ]
    assert not bare


def test_no_chart_of_fewer_than_three_values_unless_it_compares_places(every_region):
    """Read from each chart's alt text (charts.alt_text writes what it draws: its legend and how many values)."""
    few, counted = [], 0
    for page in _chapters(every_region):
        for image in _soup(page).select("img[alt]"):
            alt = image["alt"]
            if alt.startswith(("有明确年份", "大事")) or "时间从" in alt:  # a time line of events
                continue
            found = COUNT.search(alt)
            assert found, f"{page.relative_to(every_region)}: alt text without its count: {alt}"
            counted += 1
            legend = re.search(r"图例：([^。]+)。", alt)
            places = legend and len(legend.group(1).split("、")) >= 2
            if int(found.group(1)) < charts.MIN_POINTS and not places:
                few.append(f"{page.relative_to(every_region)}: {alt}")
    assert counted and not few


def test_every_table_is_titled_by_its_content_not_its_section(every_region):
    bare = []
    for page in _chapters(every_region):
        soup = _soup(page)
        sections = {h.get_text().strip() for h in soup.select("h1, h2, h3, h4")}
        sections |= {"关键数字", "变化与增长", "合计、构成与比例", "大事记与制度建设", "原文数字核对"}
        for caption in soup.select("table.report-table caption"):
            title = NUMBER.sub("", caption.get_text()).strip()
            if title in sections or re.fullmatch(r"与.+比较", title):
                bare.append(f"{page.relative_to(every_region)}: {caption.get_text()}")
    assert not bare
