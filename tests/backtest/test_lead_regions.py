"""Every real region under data/ (no list of them here): each chapter with figures opens with a lead of 2–4
sentences that names only what its data cover, and the source's own terms (term_zh) are what the report prints."""

import pytest

from helpers.data.chapters import available_regions, load_chapters
from helpers.data.load import load_region
from helpers.page import lead
from helpers.page.chapter import ChapterContext
from helpers.wording import style, text

CHAPTERS = [c for c in load_chapters() if c.number]


def _contexts(region):
    loaded = load_region(region)
    for chapter in CHAPTERS:
        facts = loaded.chapter_facts(chapter.id)
        yield ChapterContext(chapter, loaded, 1900, 2100, facts, loaded.chapter_events(chapter.id), "")


@pytest.mark.parametrize("region", available_regions())
def test_every_chapter_with_figures_has_a_lead_of_two_to_four_sentences(region):
    for ch in _contexts(region):
        said = lead.sentences(ch)
        if ch.facts.empty:
            assert said == []
            continue
        assert 2 <= len(said) <= text.LEAD_MOST, (ch.chapter.id, said)
        assert ch.region_name in said[0] and not style.problems("".join(said))


@pytest.mark.parametrize("region", available_regions())
def test_a_lead_names_no_indicator_its_data_lack(region):
    for ch in _contexts(region):
        said = "".join(lead.sentences(ch))
        lacking = set(ch.region.indicators["name_zh"]) - set(ch.facts["name_zh"])
        named = [n for n in lacking if len(n) > 5 and n in said and not any(n in m for m in ch.facts["name_zh"])]
        assert not named, (ch.chapter.id, named)


@pytest.mark.parametrize("region", available_regions())
def test_the_sources_own_term_is_printed(region):
    loaded = load_region(region)
    own = loaded.facts[loaded.facts["term_zh"].notna()] if "term_zh" in loaded.facts else loaded.facts.iloc[0:0]
    for _, fact in own.iterrows():
        assert fact["term_zh"] in text.label(fact)
        said = "".join(text.figure_sentences(loaded.facts[loaded.facts["indicator"] == fact["indicator"]], "某地"))
        assert style.measured_name(fact["term_zh"], fact["unit"])[0] in said
