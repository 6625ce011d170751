"""Chapters publish what they derive and the build only assembles: the spreadsheet carries every figure a chapter
prints, its comparisons and its own estimates included, read from the chapter's results; the navigation between
chapter pages names each chapter as the chapter heads itself."""

import io
import json
import re

import pandas as pd
import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.e2e


def _derived(built) -> pd.DataFrame:
    data = (built / "figures.xlsx").read_bytes()
    return pd.read_excel(io.BytesIO(data), sheet_name="推算数字", header=1, engine="openpyxl")


def test_the_spreadsheet_holds_exactly_the_derived_figures_the_chapters_published(built):
    published = [
        row
        for path in sorted((built / "results").glob("*.figures.json"))
        for row in json.loads(path.read_text(encoding="utf-8"))["derived"]
    ]
    assert sorted(_derived(built)["derived_id"]) == sorted(r["derived_id"] for r in published)


def test_comparisons_and_chapter_estimates_reach_the_spreadsheet(built):
    derived = _derived(built)
    kinds = set(derived["kind"])
    assert {"against_wider", "estimate"} <= kinds
    for page in ("social_organisations.html",):
        text = BeautifulSoup((built / page).read_text(encoding="utf-8"), "html.parser").get_text()
        for value in derived.loc[derived["kind"] == "estimate", "value"]:
            assert f"{round(value):,}" in text or f"{value:,.2f}" in text


def test_every_chapter_page_names_its_neighbours_by_their_own_headings(built):
    headings = {
        json.loads(p.read_text(encoding="utf-8"))["chapter"]: json.loads(p.read_text(encoding="utf-8"))["heading"]
        for p in (built / "results").glob("*.json")
        if not p.name.endswith(".figures.json")
    }
    for chapter, heading in headings.items():
        soup = BeautifulSoup((built / f"{chapter}.html").read_text(encoding="utf-8"), "html.parser")
        for link in soup.select("nav a[href$='.html']"):
            target = link["href"].removesuffix(".html")
            if target in headings:
                assert headings[target] in link.get_text(), (chapter, link.get_text(), headings[target])
        assert re.search(re.escape(heading), soup.get_text())
