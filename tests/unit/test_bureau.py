"""What a bureau editor checks before publishing, in process: the findings' rules and the references, on synthetic
results and the fixture region model_city. In the built reports: tests/e2e/test_bureau_built.py."""

from fixture_regions import CITY_SOURCE
from helpers.data.chapters import built_chapters
from helpers.wording import findings
from reportbuild.publish import book

CHAPTERS = built_chapters()
PAGES = [c.id for c in CHAPTERS] + ["book"]


def _result(chapter: str, *found: dict) -> dict:
    return {"chapter": chapter, "heading": chapter, "findings": list(found)}


def _candidate(rule: str, size: float = 0.0) -> dict:
    return {"rule": rule, "section": "s", "sentence": f"{rule} {size}。", "size": size}


def test_findings_are_ranked_by_substance_and_never_exceed_the_limit():
    published = [
        _result("a", _candidate("largest_change", 10), _candidate("unknowns", 2), _candidate("against_wider")),
        _result("b", _candidate("largest_change", 90), _candidate("relation_over_time", 30)),
        _result("c", *[_candidate("largest_change", n) for n in range(20)]),
    ]
    chosen = findings.select(published)
    assert "unknowns" not in [f["rule"] for f in chosen]  # never a disclaimer
    assert [f["size"] for f in chosen if f["rule"] == "largest_change"][:2] == [90, 19]  # one per chapter first
    assert chosen[0]["page"] == "b.html"
    assert len(findings.select([_result("x", *[_candidate(r, 50) for r in findings.RULES * 5])])) <= findings.MOST


def test_a_region_with_little_data_gets_fewer_findings_never_filler():
    assert findings.select([_result("a"), _result("b")]) == []
    assert findings.select([_result("a", _candidate("unknowns", 3))]) == []
    assert len(findings.select([_result("a", _candidate("largest_change", 1))])) == 1


def test_the_urban_rural_gap_is_a_finding_computed_from_the_data(city, monkeypatch):
    """model_city's rural standard: 1,800元/年 of 300元/月 in 2012 (50.0%), 6,000元/年 of 650元/月 in 2022 (76.9%)."""
    from helpers.page.chapter import open_chapter

    monkeypatch.setenv("MINZHENG_DATA", str(city.root))
    ch = open_chapter("social_assistance", city.id, 2012, 2022, "on", show_title=False)
    gap = findings.relation_over_time(ch)
    assert any("2012年为50.0%" in f["sentence"] and "2022年为76.9%" in f["sentence"] for f in gap)


def _context(context_id, original, publisher, url, quote) -> dict:
    return dict(
        context_id=context_id,
        original_publisher=original,
        publisher=publisher,
        url=url,
        quote=quote,
        source_id=CITY_SOURCE,
    )


def test_references_name_the_sources_then_the_context_publishers_english_last(city):
    """The region's own source (title, publisher, date, address) first; then each original publisher of the context
    figures the chapters published, once however often it was used, credited over a reposting; English reports last."""
    english = _context(
        "en", "Xinhua", "某网站（英文译稿）", "https://example.org/en", "The rural standard rose to 500 yuan"
    )
    chinese = _context("zh", "民政部", "民政部", "https://example.org/zh", "全国农村低保平均标准")
    published = [{"context": [english, chinese]}, {"context": [chinese]}, {}]
    own = [  # by date of publication
        "某市统计局：《某市统计年鉴2022 表3 人口（测试用）》，2022年。网址：https://example.org/model-city-yearbook。",
        # dates in words; the fixture's sources.csv row does not flag 某市日报 as a periodical (publisher_is_periodical)
        "某市日报：《某市民政工作十年综述（测试用）》，2022年10月15日。网址：https://example.org/model-city。",
    ]
    assert book.references(city, CHAPTERS, 2012, 2022, False, published) == own
    entries = book.references(city, CHAPTERS, 2012, 2022, True, published)
    assert entries[:2] == own and len(entries) == 4
    assert entries[2].startswith("民政部。网址：https://example.org/zh。")
    assert entries[3].startswith("Xinhua（英文报道）。转载页：https://example.org/en。")
    assert not any("某网站（英文译稿）" in e for e in entries)  # credited to the original publisher
