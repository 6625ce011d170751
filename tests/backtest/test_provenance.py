"""Every figure comes from its source: the quote is verbatim in the raw text, the value is in the quote.

These tests read the CSV files directly (not through helpers.data.load), so they check the data
independently of the loader that enforces the same rules.
"""

import hashlib
import re

import pytest

from conftest import DATA, read_csv
from helpers.base.numbers import number_as_written

OBSERVATIONS = [row for path in sorted(DATA.glob("jinzhong/*/observations.csv")) for row in read_csv(path)]
EVENTS = [row for path in sorted(DATA.glob("jinzhong/*/events.csv")) for row in read_csv(path)]
SOURCES = read_csv(DATA / "raw" / "sources.csv")


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: s["source_id"])
def test_raw_sources_are_unchanged(source):
    raw = (DATA / "raw" / source["file"]).read_bytes()
    assert hashlib.sha256(raw).hexdigest() == source["sha256"]


@pytest.mark.parametrize("row", OBSERVATIONS, ids=lambda r: r["obs_id"])
def test_observation_quote_is_verbatim_and_holds_the_value(row, source_texts):
    assert row["quote"] in source_texts[row["source_id"]]
    assert row["as_written"] in row["quote"]
    assert number_as_written(row["as_written"]) == float(row["value"])


@pytest.mark.parametrize("row", EVENTS, ids=lambda r: r["event_id"])
def test_event_quote_is_verbatim_and_holds_the_year(row, source_texts):
    assert row["quote"] in source_texts[row["source_id"]]
    if row["year"]:
        assert row["year"] + "年" in row["quote"]


def test_no_year_is_guessed():
    """A row with an unknown period has no year; a stated year occurs in its quote."""
    for row in OBSERVATIONS:
        if row["period_basis"] == "unknown":
            assert row["year"] == "", row["obs_id"]
        if row["period_basis"] == "stated":
            assert row["year"] + "年" in row["quote"], row["obs_id"]


# Numbers in the article that are not figures of their own, with the reason.
NOT_FIGURES = {
    "1000": "size threshold (1000平方米), part of an indicator's name",
    "8": "month of the minister's visit (2022年8月), in the events table",
}


def _article_body(text: str) -> str:
    start = text.index("十年厚植民生向民心,持续倾力兜底打基础")
    return text[start : text.index("原标题")]


def test_every_number_in_the_article_is_curated(source_texts):
    """Back-test against the source: each Arabic number of the article is a figure in data/ or a year."""
    body = _article_body(source_texts["jzrb_2022_09_23"])
    curated = {re.sub(r"[^\d.]", "", row["as_written"]) for row in OBSERVATIONS}
    years = {m.group(1) for m in re.finditer(r"((?:19|20)\d\d)年", body)}
    found = set(re.findall(r"\d+(?:\.\d+)?", body))
    missing = sorted(found - curated - years - set(NOT_FIGURES))
    assert not missing, f"numbers in the article without a curated figure: {missing}"


def test_every_dated_milestone_is_an_event_or_a_figure(source_texts):
    body = _article_body(source_texts["jzrb_2022_09_23"])
    dated = {m.group(1) for m in re.finditer(r"((?:19|20)\d\d)年", body)}
    covered = (
        {row["year"] for row in EVENTS}
        | {row["year"] for row in OBSERVATIONS}
        | {row["start_year"] for row in OBSERVATIONS}
    )
    assert dated <= covered


CONTEXT = read_csv(DATA / "context.csv")
DOCUMENTS = {row["source_id"]: row for row in SOURCES}
GIVEN = [row for row in CONTEXT if not row["obs_id"]]  # a row with obs_id points at a region's own figure


@pytest.mark.parametrize("row", GIVEN, ids=lambda r: r["context_id"])
def test_context_figure_has_grade_address_and_verbatim_quote(row, source_texts):
    assert row["grade"] in {"A", "A/B", "B", "C"}
    document = DOCUMENTS[row["source_id"]]
    assert document["url"].startswith(("http://", "https://")) and document["publisher"]
    assert row["quote"] in source_texts[row["source_id"]]
    assert row["as_written"] in row["quote"]
    assert number_as_written(row["as_written"]) == float(row["value"])


def test_no_derived_value_is_stored_as_a_context_fact(source_texts):
    """Values the research marks '(derived)' are computed by the helpers, never stored."""
    record = source_texts["research_context"]
    derived_lines = [line for line in record.splitlines() if "(derived)" in line]
    for row in GIVEN:
        assert all(row["quote"] not in line for line in derived_lines), row["context_id"]
