"""The publication reads as a written review, in every region's book: no sentence printed twice, a 综述 that keeps
the bound its chapter says (至少, 约, 不低于), and a reference list of only the documents the book cites."""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from helpers.base import bounds

pytestmark = pytest.mark.e2e

SENTENCE_END = re.compile(r"(?<=[。！？])")


def _books(every_region) -> list[Path]:
    return sorted(every_region.glob("*/*/book.html"))


def _soup(book: Path) -> BeautifulSoup:
    soup = BeautifulSoup(book.read_text("utf-8"), "html.parser")
    for hidden in soup(["style", "script", "title"]):
        hidden.decompose()
    return soup


def _prose(soup: BeautifulSoup) -> list[str]:
    """The sentences a reader reads: paragraphs and list items outside tables, the contents, the cover and the
    reference list (a source line or a reference names a document, it says nothing)."""
    for part in soup.select("table, nav, section.cover, ol.reference-list, .source-line, p.figure-caption"):
        part.decompose()
    text = "".join(p.get_text("") for p in soup.select("p, li"))
    return [s.strip() for s in SENTENCE_END.split(text) if len(s.strip()) > 4]


def test_no_sentence_is_printed_twice_in_any_publication(every_region):
    for book in _books(every_region):
        sentences = _prose(_soup(book))
        repeated = sorted({s for s in sentences if sentences.count(s) > 1})
        assert sentences and not repeated, (book.parent, repeated)


def _summary(soup: BeautifulSoup) -> list[str]:
    heading = soup.find(["h2", "h3"], string=re.compile("综述"))
    return [li.get_text("") for li in heading.find_next("ol").find_all("li")] if heading else []


def test_the_summary_of_a_region_with_bounded_figures_carries_the_bound(every_region):
    """A finding that states a bounded figure (不低于494元) says its bound in the chapter's words; so does a figure
    derived from it (至少101.5%)."""
    from helpers.data.load import load_region

    said = 0
    for book in _books(every_region):
        region = load_region(book.parts[-3])
        bounded = region.facts[region.facts["qualifier"].notna() & (region.facts["qualifier"] != "")]
        words = set(bounds.PREFIX.values()) | set(region.qualifiers["qualifier"])
        for item in _summary(_soup(book)):
            for _, fact in bounded.iterrows():
                number = re.search(r"\d[\d,.]*", str(fact["as_written"]))
                figure = rf"(?<![\d,.]){re.escape(number.group())}\s*{re.escape(fact['unit'][0])}" if number else None
                if figure and re.search(figure, item):
                    said_bound = [w for w in words if w in item]
                    assert said_bound, (book.parent, item, fact["as_written"])
                    said += 1
    assert said, "some region's 综述 states a bounded figure"


def test_the_reference_list_names_only_documents_the_publication_cites(every_region):
    """Each reference is the region's own source of a figure the book prints, or the original publisher of a
    comparison figure whose table's source line names it."""
    from helpers.data.chapters import numbered, region_chapters
    from helpers.data.load import load_region
    from reportbuild.publish import book as assembly

    for book in _books(every_region):
        soup = _soup(book)
        references = [li.get_text("") for li in soup.select("ol.reference-list li")]
        region = load_region(book.parts[-3])
        start, end = (int(y) for y in book.parts[-2].split("-"))
        has = region_chapters(book.parts[-3])[0]
        chapters = [c for c in has if c.id in numbered(has)]
        own = set(assembly.references(region, chapters, start, end, False, [], with_addresses=False))
        cited = " ".join(line.get_text("") for line in soup.select(".source-line"))
        stray = [r for r in references if r not in own and r.rstrip("。") not in cited]
        assert references and not stray, (book.parent, stray)


CONTENT = ("p", "table", "img", "svg", "ol", "ul", "figure")


def test_no_heading_in_any_publication_stands_over_nothing(every_region):
    """A heading is followed by what it heads: never straight by a heading of its own level or above (an empty
    section), and never straight by a subsection of 其他… (与全国比较 over 其他可供参照的数字 and nothing else, as
    a bureau editor read it: the others of nothing)."""
    for book in _books(every_region):
        soup = _soup(book)
        for part in soup.select("nav, section.cover"):
            part.decompose()
        empty = []
        for heading in soup.select("h2, h3, h4"):
            following = heading.find_next(["h1", "h2", "h3", "h4", *CONTENT])
            if following is None or (following.name <= heading.name and following.name.startswith("h")):
                empty.append(heading.get_text("").strip())
            elif following.name.startswith("h") and following.get_text("").strip().startswith("其他"):
                empty.append(f"{heading.get_text('').strip()} → {following.get_text('').strip()}")
        assert not empty, (book.parent, empty)
