"""The combined report: cover, contents with page numbers, every chapter, the figures appendix, methods."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pandas as pd
from bs4 import BeautifulSoup

from helpers import display, periods, text
from helpers.chapters import Chapter
from helpers.data import Region
from helpers.derive import within_years
from reportbuild.render import TEMPLATES_DIR, report_css

BOOK_TEMPLATES = TEMPLATES_DIR / "book"


def edition(facts: pd.DataFrame) -> str:
    """The edition a reader sees: how recent its sources are (the newest source's date). The code version stays in
    the manifest: it is for tracing a report, not for reading it, and a rebuild of the same data reads the same."""
    if facts.empty:
        return "资料日期未载明"
    newest = max(facts["published"].dropna(), key=lambda p: (p + "-00-00")[:10], default=None)
    labels = facts.loc[facts["published"] == newest, "published_label"]
    return f"资料截至 {labels.iloc[0]}" if newest else "资料日期未载明"


def chapter_body(chapter: Chapter, html: str) -> tuple[str, list[dict]]:
    """The chapter's report body with unique heading ids, and its contents entries."""
    soup = BeautifulSoup(html, "html.parser")
    main = soup.find("main")
    entries = []
    for number, heading in enumerate(main.find_all(["h1", "h2"])):
        for anchor in heading.find_all("a", class_="anchor-link"):
            anchor.decompose()
        heading["id"] = f"{chapter.id}-{number}"
        entries.append({"id": heading["id"], "level": int(heading.name[1]), "title": heading.get_text(strip=True)})
    return main.decode_contents(), entries


def appendix_table(region: Region, chapters: list[Chapter], start: int, end: int) -> str:
    facts = within_years(region.facts, start, end)
    order = {c.id: c.number for c in chapters}
    facts = (
        facts[facts["chapter"].isin(order)]
        .assign(order=lambda f: f["chapter"].map(order))
        .sort_values("order", kind="stable")
    )
    titles = {c.id: c.title_zh for c in chapters}
    frame = pd.DataFrame(
        {
            "章节": [titles[c] for c in facts["chapter"]],
            "指标": [text.label(f) for _, f in facts.iterrows()],
            "时期": [text.period_label(f) for _, f in facts.iterrows()],
            "数值": [text.figure(f) for _, f in facts.iterrows()],
            "原文": [display.cited_as(f) for _, f in facts.iterrows()],
        }
    )
    return display.table_html(frame)


def book_html(
    region: Region,
    chapters: list[Chapter],
    chapter_html: dict[str, str],
    start: int,
    end: int,
    omitted: list[Chapter] = (),
) -> str:
    bodies, toc = [], []
    for chapter in chapters:
        body, entries = chapter_body(chapter, chapter_html[chapter.id])
        bodies.append({"id": chapter.id, "body": body})
        toc += entries
    toc += [
        {"id": "appendix", "level": 1, "title": "附录 全部数字及其出处"},
        {"id": "methods", "level": 1, "title": "方法说明"},
    ]
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(BOOK_TEMPLATES), autoescape=False)
    facts = within_years(region.facts, start, end)
    return environment.get_template("book.html.j2").render(
        title=f"{region.name_zh}民政工作{periods.span_words(start, end)}",
        province=region.province_zh or region.name_zh,
        region_name=region.name_zh,
        start=start,
        end=end,
        edition=edition(within_years(region.facts, start, end)),
        sources=display.source_names(region.facts),
        chapters=bodies,
        toc=toc,
        n_figures=len(facts[facts["chapter"].isin({c.id for c in chapters})]),
        n_events=len(within_years(region.events, start, end)),
        appendix=appendix_table(region, chapters, start, end),
        omitted="、".join(c.title_zh for c in omitted),
        methods=(BOOK_TEMPLATES / "methods.html").read_text(encoding="utf-8"),
        css=report_css() + (BOOK_TEMPLATES / "book.css").read_text(encoding="utf-8"),
    )


def chapter_reports(out: Path, chapters: list[Chapter]) -> dict[str, str]:
    missing = [c.id for c in chapters if not (out / f"{c.id}.html").exists()]
    if missing:
        raise FileNotFoundError(f"chapter reports missing in {out}: {', '.join(missing)}; build them first")
    return {c.id: (out / f"{c.id}.html").read_text(encoding="utf-8") for c in chapters}
