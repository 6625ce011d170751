"""Jinzhong's 综述 against its article: the headline amounts the article leads with (39.28亿元 spent on assistance,
73,602 people covered), the rural standard passing 80% of the urban one, no disclaimer, no sentence of the
overview's 要点, and no figure of grade B or with an inferred year (the 2021 standards of 630元 and 5,335元)."""

import pytest

from helpers.data.chapters import built_chapters
from helpers.wording import findings

CHAPTERS = [c.id for c in built_chapters() if c.id != "overview"]


@pytest.fixture(scope="module")
def published(jinzhong):
    from helpers.page import results
    from helpers.page.chapter import open_chapter

    return [
        results.of_chapter(open_chapter(chapter, "jinzhong", 2012, 2022, "on", show_title=False))
        for chapter in CHAPTERS
    ]


def test_the_summary_leads_with_the_articles_headline_amounts(published):
    said = [f["sentence"] for f in findings.select(published)]
    assert findings.MINIMUM <= len(said) <= findings.MOST
    assert said[0] == "39.28亿元——2012年至2022年9月全市支出困难群众救助补助资金。"
    assert said[1] == "73,602人——截至2022年9月全市城乡低保对象人数。"
    assert any("升至80%以上" in s and "2012年为47.2%" in s and "2022年为80.1%" in s for s in said)
    assert any(s.startswith("农村低保标准2012—2022年提高239.0%") for s in said)


def test_no_disclaimer_no_repeated_headline_no_grade_b_or_inferred_year(published):
    chosen = findings.select(published)
    said = [f["sentence"] for f in chosen]
    headlines = {h for r in published for h in r["headlines"]}
    assert not headlines & set(said)
    assert not [f for f in chosen if f["rule"] == "unknowns" or "未载明" in f["sentence"]]
    assert not [s for s in said if "630元" in s or "5,335元" in s or "706.6" in s]  # grade B, year inferred
    assert all(f["page"] == f"{f['chapter']}.html" and f["section"] for f in chosen)  # each links to its section
