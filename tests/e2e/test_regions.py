"""End to end, for every region under data/ (none is listed here) and for an odd-but-valid fixture region:
each builds through make, and what a reader sees is right for that region."""

import re

import pytest

from e2e.test_reports import pdftotext, squeeze, visible_text
from helpers.data.chapters import available_regions, region_chapters
from helpers.data.load import load_region
from helpers.data.params import region_rows, years_of
from helpers.wording import text

pytestmark = pytest.mark.e2e
PLACEHOLDERS = re.compile(r"\bnan\b|\bNone\b|\bNaT\b|Traceback|\{\{|\}\}")


def _out(reports, region):
    start, end = years_of(region)
    return reports / region / f"{start}-{end}"


@pytest.mark.parametrize("region", available_regions())
def test_every_region_builds_with_its_own_figures_and_wording(every_region, region):
    loaded, (start, end) = load_region(region), years_of(region)
    chapters, _ = region_chapters(region)
    out = _out(every_region, region)
    for chapter in chapters:
        html = visible_text((out / f"{chapter.id}.html").read_text(encoding="utf-8"))
        assert not PLACEHOLDERS.search(html), f"{chapter.id}: {PLACEHOLDERS.search(html).group()}"
        for _, fact in loaded.chapter_facts(chapter.id).iterrows():
            assert squeeze(text.figure(fact)) in squeeze(html), f"{region}/{chapter.id}: {fact['obs_id']}"
    book = squeeze(pdftotext(out / "book.pdf"))
    assert ("工作十年" in book) == (end - start == 10)  # 晋中市民政工作十年; a bulletin: 全国社会救助和儿童福利工作十年
    numbered = [c for c in chapters if c.number]
    assert all(f"第{n}章" in book for n in range(1, len(numbered) + 1)) and f"第{len(numbered) + 1}章" not in book
    assert not PLACEHOLDERS.search(book)


@pytest.mark.parametrize("region", available_regions())
def test_no_report_shows_another_provinces_figures(every_region, region):
    loaded = load_region(region)
    own = {loaded.name_zh, loaded.province_zh}
    provinces = {r["province_zh"] for r in region_rows() if r["province_zh"]} | {
        r["name_zh"] for r in region_rows() if r["level_zh"] == "省"
    }
    book = visible_text((_out(every_region, region) / "book.html").read_text(encoding="utf-8"))
    for other in provinces - own:
        assert other not in book, f"{region}'s book names {other}"
