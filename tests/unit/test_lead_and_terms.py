"""Lead paragraphs, the source's own terms (term_zh) and the change of a derived total, on the fixture regions."""

import csv

import pandas as pd
import pytest

from helpers.data.chapters import chapter
from helpers.data.load import load_region
from helpers.data.tables import DataError
from helpers.model import relations
from helpers.page import lead, published
from helpers.page.chapter import ChapterContext
from helpers.wording import style, text


def _context(region, chapter_id: str) -> ChapterContext:
    facts = region.chapter_facts(chapter_id)
    return ChapterContext(chapter(chapter_id), region, 2012, 2022, facts, region.chapter_events(chapter_id), "")


def _sentences(paragraph: str) -> list[str]:
    return [s for s in paragraph.split("。") if s]


def test_a_lead_has_two_to_four_sentences_with_magnitudes(city):
    said = lead.sentences(_context(city, "social_assistance"))
    assert 2 <= len(said) <= text.LEAD_MOST
    assert said[0].startswith("本章记述") and "某市" in said[0]
    assert "分别提高116.7%和233.3%" in said[1]  # the two standards' changes, one sentence
    assert any("个百分点" in s for s in said)  # the rural standard against the urban one, over time
    assert not style.problems("".join(said))


def test_a_lead_varies_its_sentence_shapes(city):
    said = lead.sentences(_context(city, "grassroots_governance"))
    assert sum("由" in s and "到" in s for s in said[1:]) < len(said) - 1  # not every change “由A到B”


def test_a_lead_names_only_what_the_data_cover(city):
    ch = _context(city, "social_affairs")
    opening = lead.sentences(ch)[0]
    names = set(ch.facts["name_zh"])
    assert all(name in names for name in ch.region.indicators["name_zh"] if name in opening and len(name) > 4)
    assert "殡葬" not in opening and "流浪" not in opening


def test_a_lead_dates_what_it_names_no_more_exactly_than_the_source(city):
    """本章记述某市2012—2022年的… while its figures are dated; no years once one of those it names is undated."""
    ch = _context(city, "social_assistance")
    assert lead.sentences(ch)[0].startswith("本章记述某市2012—2022年的")
    named = ch.facts.index[ch.facts["indicator"] == ch.facts["indicator"].iloc[0]]
    ch.facts = ch.facts.copy()
    ch.facts.loc[named[:1], ["year", "start_year", "period_basis"]] = [None, None, "unknown"]
    assert lead.sentences(ch)[0].startswith("本章记述某市的")


def test_a_chapter_without_figures_gets_no_lead(city):
    ch = _context(city, "social_assistance")
    ch.facts = ch.facts.iloc[0:0]
    assert lead.sentences(ch) == []


def _fact(**values) -> pd.Series:
    base = dict(name_zh="城乡低保对象人数", scope="urban", scope_zh="城市", term_zh=None)
    return pd.Series({**base, **values})


def test_label_prints_the_sources_own_term():
    assert text.label(_fact()) == "城市低保对象人数"
    assert text.label(_fact(term_zh="城镇低保人数")) == "城镇低保人数"  # names its scope itself
    orphan = dict(name_zh="孤儿、事实无人抚养儿童补贴标准", scope="scattered", scope_zh="散居")
    assert text.label(_fact(**orphan, term_zh="孤儿平均保障标准")) == "散居孤儿平均保障标准"


def _rewrite(path, change) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    header = list(rows[0]) + ([] if "term_zh" in rows[0] else ["term_zh"])
    for row in rows:
        row["term_zh"] = change(row)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_a_term_must_occur_in_its_quote(city_data):
    path = city_data / "model_city" / "social_assistance" / "observations.csv"
    _rewrite(path, lambda r: "保障对象" if r["obs_id"] == "recipients_now" else "")
    with pytest.raises(DataError, match="term"):
        load_region("model_city", city_data)
    _rewrite(path, lambda r: "城乡低保对象" if r["obs_id"] == "recipients_now" else "")
    region = load_region("model_city", city_data)
    assert text.label(region.facts.loc["recipients_now"]) == "城乡低保对象"


def test_a_total_known_at_two_periods_says_its_change(city):
    facts = city.chapter_facts("social_organisations")
    parts = facts[facts["indicator"] == "community_social_orgs"]
    earlier = parts.assign(year=2012, start_year=pd.NA, period_basis="stated", period_note=None)
    earlier["value"] = earlier["value"] / 2
    earlier["base_value"] = earlier["base_value"] / 2
    earlier["obs_id"] = earlier["obs_id"] + "_2012"
    both = pd.concat([earlier.set_index("obs_id", drop=False), parts])
    found = relations.compute(both, city.relations)
    said = text.relation_sentences(found)
    assert any("合计由2012年的" in s and "（+100.0%）" in s for s in said)
    rows = published.total_change_rows(chapter("social_organisations"), found)
    assert {r["kind"] for r in rows} == {"change", "pct_change", "cagr"}
    assert [r["value"] for r in rows if r["kind"] == "pct_change"] == [pytest.approx(100.0)]
