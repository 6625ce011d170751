"""The combined report: cover, contents with page numbers, every chapter, the figures appendix, methods."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jinja2
import pandas as pd
from bs4 import BeautifulSoup

from helpers.base import periods
from helpers.base.periods import within_years
from helpers.data.chapters import Chapter
from helpers.data.load import Region, in_english
from helpers.page import display
from helpers.page.result_files import FOLDER as RESULTS_FOLDER
from helpers.page.result_files import file_names
from helpers.wording import fmt, style, text
from reportbuild.publish.render import TEMPLATES_DIR, keep_headings_with_next, report_css, shows_something

BOOK_TEMPLATES = TEMPLATES_DIR / "book"


def newest_source(facts: pd.DataFrame) -> str | None:
    """The newest publication date among the figures' sources, as written ('2022-09-23', '2021-05', '2020')."""
    published = facts["published"].dropna() if "published" in facts else []
    return max(published, key=lambda p: (p + "-00-00")[:10], default=None)


def edition(facts: pd.DataFrame) -> str:
    """The edition a reader sees: how recent its sources are (the newest source's date). The code version stays in
    the manifest: it is for tracing a report, not for reading it, and a rebuild of the same data reads the same."""
    newest = newest_source(facts)
    if newest is None:
        return "资料日期未载明"
    return f"资料截至{style.date_words(newest)}"


def compiler(region: Region) -> str:
    """编制单位 from the region's row in data/regions.csv; empty until a bureau names itself there (the cover, the
    版本说明 and the PDF's author then leave it out)."""
    name = region.info.get("compiler_zh")
    return name if isinstance(name, str) and name.strip() else ""


PUBLICATION, WORKPAPERS = "publication", "workpapers"  # the two editions one build writes


def chapter_body(
    chapter: Chapter, html: str, renamed: dict | None = None, kind: str = WORKPAPERS
) -> tuple[BeautifulSoup, list[dict]]:
    """The chapter's report body with ids unique in the book, and its contents entries; `renamed` gets
    (page, old id) -> new id for every section id, so that links between pages can point inside the book. The
    publication leaves out what the chapter marked for the working papers (display.working_papers)."""
    main = BeautifulSoup(html, "html.parser").find("main")
    other = display.WORKPAPERS_CLASS if kind == PUBLICATION else display.PUBLICATION_CLASS
    for element in main.select(f".{other}"):
        element.decompose()
    for output in main.select(".jp-OutputArea-child"):  # what held only the other edition's part: no blank space
        if not shows_something(output):
            output.decompose()
    for element in main.select(f".{display.PUBLICATION_CLASS}"):  # shown in the publication (hidden on pages)
        element["class"] = [c for c in element["class"] if c != display.PUBLICATION_CLASS]
    if kind == PUBLICATION:
        _renumber(main)
    keep_headings_with_next(main)  # again: what this edition left out may have followed a heading
    entries = []
    for number, heading in enumerate(main.find_all(["h1", "h2"])):
        for anchor in heading.find_all("a", class_="anchor-link"):
            anchor.decompose()
        if renamed is not None and heading.get("id"):
            renamed[(f"{chapter.id}.html", heading["id"])] = f"{chapter.id}-{number}"
        heading["id"] = f"{chapter.id}-{number}"
        entries.append({"id": heading["id"], "level": int(heading.name[1]), "title": heading.get_text(strip=True)})
    return main, entries


NUMBERED = re.compile(r"^(表|图)((?:\d+-)?)(\d+)")


def _renumber(main) -> None:
    """Tables and charts numbered again in the order the publication shows them (表1-1, 表1-2 …): what it leaves
    out for the working papers leaves no gap."""
    counts = {"表": 0, "图": 0}
    for label in main.select("caption, p.figure-caption"):
        text_node = label.find(string=NUMBERED)
        if text_node is None:
            continue
        kind, prefix = NUMBERED.match(text_node).group(1, 2)
        counts[kind] += 1
        text_node.replace_with(NUMBERED.sub(f"{kind}{prefix}{counts[kind]}", text_node, count=1))


def _links_inside(body: BeautifulSoup, renamed: dict, pages: set[str], targets: set[str]) -> str:
    """Links between report pages ('social_assistance.html#变化与增长', 'book.html#appendix') point inside the book;
    a section the book does not have leads to its chapter's start; a link to a part this edition lacks (the
    publication has no appendix) is left as plain text."""
    for link in body.find_all("a", href=True):
        page, _, anchor = link["href"].partition("#")
        if page == "book.html":
            link["href"] = f"#{anchor}"
        elif page in pages:
            link["href"] = f"#{renamed.get((page, anchor), 'section-' + page.removesuffix('.html'))}"
        if link["href"].startswith("#") and link["href"][1:] not in targets:
            link.unwrap()
    return body.decode_contents()


def in_chapter_order(frame: pd.DataFrame, chapters: list[Chapter]) -> pd.DataFrame:
    order = {c.id: c.number for c in chapters}
    return (
        frame[frame["chapter"].isin(order)]
        .assign(order=lambda f: f["chapter"].map(order))
        .sort_values("order", kind="stable")
    )


def appendix_table(region: Region, chapters: list[Chapter], start: int, end: int) -> str:
    """附表1: every figure with its source and its verbatim quote (or table cell): the one place quotes are printed."""
    facts = in_chapter_order(within_years(region.facts, start, end), chapters)
    titles = {c.id: c.title_zh for c in chapters}
    frame = pd.DataFrame(
        {
            "章节": [titles[c] for c in facts["chapter"]],
            "指标": [text.label(f) for _, f in facts.iterrows()],
            "时期": [text.period_label(f) for _, f in facts.iterrows()],
            "数值": [text.figure(f) for _, f in facts.iterrows()],
            "出处": [
                style.source_name(
                    f["publisher"],
                    f["published"],
                    style.is_true(f.get("publisher_is_periodical")),
                    cited=f.get("cite_zh"),
                )
                for _, f in facts.iterrows()
            ],
            "原文": [display.cited_as(f) for _, f in facts.iterrows()],
        }
    )
    notes = [f["note"] if isinstance(f.get("note"), str) else "" for _, f in facts.iterrows()]
    if any(notes):  # the analyst's reading of a figure, where one was written (never a period)
        frame["分析说明"] = notes
    return _bounded(frame, "附表1　全部数字及其出处", "figures.xlsx")


APPENDIX_ROWS = 1_000  # rows an appendix table lays out (50,000 events would take WeasyPrint hours)


def _bounded(frame: pd.DataFrame, caption: str, everything: str) -> str:
    """An appendix table of at most APPENDIX_ROWS rows; the rest are counted and found in `everything`."""
    table = display.table_html(frame.head(APPENDIX_ROWS), caption)
    more = len(frame) - APPENDIX_ROWS
    return table + (f'<p class="note">另有{more:,}行未在此列出，全部见{everything}。</p>' if more > 0 else "")


def appendix_events(region: Region, chapters: list[Chapter], start: int, end: int) -> str:
    """附表2: every event with its verbatim quote."""
    events = in_chapter_order(within_years(region.events, start, end), chapters)
    if events.empty:
        return ""
    titles = {c.id: c.title_zh for c in chapters}
    parts = [
        display.events_table(group, quoted=True).assign(章节=titles[c])
        for c, group in events.groupby("chapter", sort=False)
    ]
    frame = pd.concat(parts)[["章节", "时间", "事项", "原文"]]
    return _bounded(frame, "附表2　大事及其原文", "各章数据的 events.csv")


def _address(url) -> str:
    """Where a source was read ('网址：…。'); an address not known is left out."""
    return f"网址：{url}。" if isinstance(url, str) and url else ""


def _reference(source: pd.Series, with_addresses: bool = True) -> str:
    """One source of the region's own: its title as first published in 《》 (and as reposted), who published it and
    when, and its address. A newspaper's article is cited as Chinese bibliographies cite one:
    《题名》，《晋中日报》2022年9月23日; any other document: 福建省统计局：《题名》，2022年."""
    title = (
        source["original_title"]
        if isinstance(source.get("original_title"), str) and source["original_title"]
        else source["title"]
    )
    retitled = f"（转载题为《{source['title']}》）" if title != source["title"] else ""
    when = style.date_words(source.get("published"))
    cited = source.get("cite_zh")
    if not with_addresses and isinstance(cited, str) and cited:  # the publication: as a bureau cites it
        return f"{cited}，{when}。"
    if style.is_true(source.get("publisher_is_periodical")):
        cited = f"《{title}》{retitled}，{style.publication(source['publisher'])}{when}。"
    else:
        cited = f"{style.publisher_name(source['publisher'])}：《{title}》{retitled}，{when}。"
    return cited + (_address(source.get("url")) if with_addresses else "")


def references(
    region: Region,
    chapters: list[Chapter],
    start: int,
    end: int,
    compare: bool,
    published: list[dict],
    with_addresses: bool = True,
) -> list[str]:
    """参考资料: the region's own sources (title as first published, publisher, date in words, address where known),
    then the original publishers of the context figures with where each was read; Chinese originals before English
    reports."""
    ids = {c.id for c in chapters}
    facts = within_years(region.facts, start, end)
    events = within_years(region.events, start, end)
    used = set(facts.loc[facts["chapter"].isin(ids), "source_id"]) | set(
        events.loc[events["chapter"].isin(ids), "source_id"]
    )
    own = region.sources[region.sources["source_id"].isin(used)].sort_values("published", kind="stable")
    entries = [_reference(s, with_addresses) for _, s in own.iterrows()]
    if compare:
        entries += _context_references(region, published, with_addresses)
    return entries


def _context_references(region: Region, published: list[dict], with_addresses: bool = True) -> list[str]:
    """The context figures the chapters' comparisons drew on, as they published them (grade C never), grouped by
    original publisher; in the working papers also where each was read (reposts, translations: the addresses)
    and when it was collected. The publication names the original publisher alone."""
    rows = [r for result in published for r in result.get("context", [])]
    if not with_addresses:  # the publication cites what it shows, not what only the working papers compare
        rows = [r for r in rows if r.get("in_publication", True)]
    context = pd.DataFrame(rows, columns=["context_id", "original_publisher", "publisher", "url", "quote", "source_id"])
    context = context.drop_duplicates("context_id")
    if context.empty:
        return []
    read = region.sources.set_index("source_id")["published"]
    rows = []
    for original, group in context.groupby("original_publisher", sort=True):
        english = in_english("".join(q for q in group["quote"] if isinstance(q, str)))
        reposted = (group["publisher"] != original).any()
        addresses = "；".join(dict.fromkeys(u for u in group["url"] if isinstance(u, str) and u))
        known = sorted({read[i] for i in group["source_id"] if i in read.index and not style.missing(read[i])})
        dates = "、".join(style.date_words(d) for d in known)
        if not with_addresses:
            rows.append((False, original, f"{style.dates_in_words(original)}。"))
            continue
        rows.append(
            (
                english,
                original,
                f"{style.dates_in_words(original)}{'（英文报道）' if english else ''}。"
                + (f"{'转载页' if reposted else '网址'}：{addresses}。" if addresses else "")
                + (f"收录于{dates}。" if dates else ""),
            )
        )
    return [entry for _, _, entry in sorted(rows)]


# A publication of this many chapters or fewer is laid out as a bulletin: its title at the head of the first page,
# no contents page, its parts one after another (a data note is not dressed as a book).
COMPACT_CHAPTERS = 2


def is_compact(chapters: list[Chapter]) -> bool:
    return sum(1 for c in chapters if c.number) <= COMPACT_CHAPTERS


def book_title(region_name: str, chapters: list[Chapter], start: int, end: int) -> str:
    """'晋中市民政工作十年'; a bulletin of one or two chapters says what it covers: '济南市社会救助工作2020年'."""
    covered = [c.title_zh for c in chapters if c.number]
    what = "和".join(covered) if is_compact(chapters) and covered else "民政"
    return f"{region_name}{what}工作{periods.span_words(start, end)}"


BACK_MATTER = {  # each edition's parts after the chapters: (id, title as the contents list it, level)
    PUBLICATION: [("sources-and-method", "资料来源与方法", 1), ("references", "参考资料", 2)],  # one short part
    WORKPAPERS: [
        ("appendix", "附录 全部数字及其出处", 1),
        ("derived", "附录 推算数字及其算法", 1),
        ("references", "参考资料", 1),
        ("methods", "方法说明", 1),
        ("edition", "版本说明", 1),
    ],
}


def derived_table(published: list[dict], chapters: list[Chapter]) -> str:
    """附表3: every figure the chapters derived, as they published it, with how it was computed."""
    titles = {c.id: c.title_zh for c in chapters}
    rows = [r for result in published for r in result.get("derived", [])]
    if not rows:
        return ""
    frame = pd.DataFrame(
        {
            "章节": [titles.get(r["chapter"], r["chapter"]) for r in rows],
            "类别": [r["kind_zh"] for r in rows],
            "名称": [r["name_zh"] for r in rows],
            "时期": [r["period_label"] or "" for r in rows],
            "数值": [
                "—" if r["value"] is None else f"{r['qualifier'] or ''}{fmt.number(r['value'], 2)}{r['unit'] or ''}"
                for r in rows
            ],
            "算法与说明": [r["note"] or "" for r in rows],
        }
    )
    return _bounded(frame, "附表3　推算数字及其算法", "figures.xlsx")


def book_html(
    region: Region,
    chapters: list[Chapter],
    chapter_html: dict[str, str],
    start: int,
    end: int,
    omitted: list[Chapter] = (),
    compare: bool = True,
    published: list[dict] = (),
    kind: str = PUBLICATION,
) -> str:
    """One edition of the book: the publication (the review a bureau signs: the chapters without their working
    notes and checks, a short page on sources and method, the sources it cites) or the working papers (the
    chapters in full, every quote, every derived figure with its formula, the full method note)."""
    back = BACK_MATTER[kind]
    bodies, toc, renamed = [], [], {}
    for chapter in chapters:
        body, entries = chapter_body(chapter, chapter_html[chapter.id], renamed, kind)
        bodies.append({"id": chapter.id, "body": body})
        toc += entries
    pages = {f"{c.id}.html" for c in chapters}
    targets = {e["id"] for e in toc} | {f"section-{c.id}" for c in chapters} | {i for i, _, _ in back} | {"目录"}
    for body in bodies:
        body["body"] = _links_inside(body["body"], renamed, pages, targets)
    toc += [{"id": ident, "level": level, "title": title} for ident, title, level in back]
    if kind == PUBLICATION:  # a reader's contents: the 总览, the chapters and the back matter, not every section
        toc = [e for e in toc if e["level"] == 1]
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(BOOK_TEMPLATES), autoescape=False)
    facts = within_years(region.facts, start, end)
    working = kind == WORKPAPERS
    title = book_title(region.name_zh, chapters, start, end)  # both editions: one title, the working papers marked
    return environment.get_template("book.html.j2").render(
        kind=kind,
        compact=kind == PUBLICATION and is_compact(chapters),
        title=f"{title} · 工作底稿" if working else title,
        province=region.province_zh or region.name_zh,
        region_name=region.name_zh,
        start=start,
        end=end,
        edition=edition(within_years(region.facts, start, end)),
        sources=display.source_names(region.facts),
        chapters=bodies,
        chapter_titles="、".join(c.title_zh for c in chapters if c.number),
        n_chapters=sum(1 for c in chapters if c.number),
        toc=toc,
        n_figures=len(facts[facts["chapter"].isin({c.id for c in chapters})]),
        n_events=len(within_years(region.events, start, end)),
        appendix=appendix_table(region, chapters, start, end) if working else "",
        appendix_events=appendix_events(region, chapters, start, end) if working else "",
        derived=derived_table(list(published), chapters) if working else "",
        references=references(region, chapters, start, end, compare, list(published), with_addresses=working),
        compiler=compiler(region),
        omitted="、".join(c.title_zh for c in omitted),
        methods=(BOOK_TEMPLATES / ("methods.html" if working else "publication_methods.html")).read_text(
            encoding="utf-8"
        ),
        css=report_css() + (BOOK_TEMPLATES / "book.css").read_text(encoding="utf-8"),
    )


def published_results(out: Path, chapters: list[Chapter]) -> list[dict]:
    """What each numbered chapter published (results/<chapter>.json beside its report), in chapter order."""
    found = []
    for chapter in (c for c in chapters if c.number):
        payload = {}
        for name in file_names(chapter.id):
            payload.update(json.loads((out / RESULTS_FOLDER / name).read_text(encoding="utf-8")))
        found.append(payload)
    return found


def chapter_reports(out: Path, chapters: list[Chapter]) -> dict[str, str]:
    missing = [c.id for c in chapters if not (out / f"{c.id}.html").exists()]
    if missing:
        raise FileNotFoundError(f"chapter reports missing in {out}: {', '.join(missing)}; build them first")
    return {c.id: (out / f"{c.id}.html").read_text(encoding="utf-8") for c in chapters}
