"""A chapter's lead paragraph: 2–4 sentences under its title that state its main developments with their magnitudes,
chosen by rules from what the chapter derived (helpers.model.derive, helpers.model.relations), never typed.

Rules (each candidate has a weight; the lead says the weightiest, heaviest first, at most text.LEAD_MOST sentences):
1. what the region's data cover — how many figures, their years, the chapter's headline indicators first
   (chapters.yml `headline`), then the others: always the first sentence, so a lead names no topic its data lack;
2. the largest relative changes (weight: |% change|); two changes of one indicator over the same years are one
   sentence (城市和农村低保标准分别…);
3. a declared total (`sum` relation) known at two or more periods: its change (weight: |% change|);
4. a declared share or ratio known at two years: how it moved (weight: its change, in shares of the whole);
5. the dated headline amounts not already said as changes (weight: none — said last, when there is room; a figure
   without a year only when the lead has nothing else to say, else once, in its section).
A chapter with no figures gets no lead (the notebook says so)."""

from __future__ import annotations

import pandas as pd

from helpers.model import derive, relations
from helpers.page import display
from helpers.page.chapter import ChapterContext
from helpers.wording import style, text

MOST_CHANGES = 2  # single changes in a lead at most (a pair of scopes counts as one)


def _headline(ch: ChapterContext) -> list[str]:
    """The chapter's indicators in the lead's order: its headline indicators it has, then the rest as they come."""
    present = list(dict.fromkeys(ch.facts["indicator"]))
    return [i for i in ch.chapter.headline if i in present] + [i for i in present if i not in ch.chapter.headline]


def _topic(facts: pd.DataFrame) -> str:
    """An indicator as the first sentence names it: by the source's own terms when it has them, else by its name."""
    terms = [text.term(f) for _, f in facts.iterrows()]
    if all(terms):
        return "、".join(dict.fromkeys(terms))
    return style.flat_parentheses(facts["name_zh"].iloc[0])


def opening(ch: ChapterContext) -> str:
    order = _headline(ch)
    topics = [_topic(ch.facts[ch.facts["indicator"] == i]) for i in order[: text.LEAD_TOPICS]]
    named = ch.facts[ch.facts["indicator"].isin(order[: text.LEAD_TOPICS])]
    # Years only when every figure of the topics named has one: 本章记述晋中市2022年的… over 年份未载明 figures
    # would date them more exactly than their source (a bureau editor's finding).
    dated = named if named["year"].notna().all() else named.iloc[0:0]
    firsts = pd.concat([dated["start_year"].dropna(), dated["year"]])
    first, last = (int(firsts.min()), int(dated["year"].max())) if not dated.empty else (None, None)
    return text.lead_opening(ch.region_name, len(ch.facts), topics, len(order) > text.LEAD_TOPICS, first, last)


def _weight(pct) -> float:
    return abs(float(pct)) / 100 if pd.notna(pct) else 0.0


def candidates(ch: ChapterContext) -> list[tuple[float, str, set]]:
    """(weight, sentence, indicators it speaks of) for every development the rules find, heaviest first."""
    found: list[tuple[float, str, set]] = []
    changes = text.with_words(derive.changes(ch.facts))
    measured = changes[changes["change"] != 0] if not changes.empty else changes
    measured = measured.assign(weight=[_weight(p) for p in measured["pct_change"]]).sort_values(
        "weight", ascending=False, kind="stable"
    )
    singles, used = 0, set()
    for i, row in measured.iterrows():
        if i in used or singles >= MOST_CHANGES:
            continue
        mate = measured[
            (measured.index != i)
            & (measured["indicator"] == row["indicator"])
            & ~measured.index.isin(used)
            & (measured["first_year"] == row["first_year"])
            & (measured["last_year"] == row["last_year"])
            & ((measured["change"] > 0) == (row["change"] > 0))
        ]
        if not mate.empty:
            other = mate.iloc[0]
            pair = sorted([row, other], key=lambda r: str(r["scope"]) != "urban")
            found.append((row["weight"], text.lead_pair(*pair), {row["indicator"]}))
            used.update([i, mate.index[0]])
        else:
            found.append((row["weight"], text.lead_change(row, shape=singles), {row["indicator"]}))
            used.add(i)
        singles += 1
    related = relations.compute(ch.facts, ch.region.relations)
    if not related.empty:
        totals = text.sum_changes(related)
        for _, row in totals[totals["change"] != 0].iterrows() if not totals.empty else []:
            parts = set(related.loc[related["relation_id"] == row["indicator"], "parts"].iloc[0][0][["indicator"]])
            found.append((_weight(row["pct_change"]), text.lead_total(row), parts))
        dated = related[(related["kind"] != "sum") & related["year"].notna()]
        for _, group in dated.groupby("relation_id", sort=False):
            if group["year"].nunique() < 2 or len(group) != group["year"].nunique():
                continue
            first, last = group.sort_values("year").iloc[[0, -1]].to_dict("records")
            gap = abs(last["value"] - first["value"])
            weight = gap / 100 if last["unit"] == "%" else gap / abs(first["value"]) if first["value"] else 0.0
            if gap:
                found.append((weight, text.lead_relation(pd.Series(first), pd.Series(last)), set()))
    return sorted(found, key=lambda c: -c[0])


def sentences(ch: ChapterContext) -> list[str]:
    """The lead: what the data cover, then the weightiest developments, then headline amounts when there is room."""
    if ch.facts.empty:
        return []
    chosen = candidates(ch)[: text.LEAD_MOST - 1]
    said = set().union(*(c[2] for c in chosen)) if chosen else set()
    lead = [opening(ch)] + [c[1] for c in chosen]
    if len(lead) < text.LEAD_MOST:
        present = set(ch.facts["indicator"])
        headline = [i for i in ch.chapter.headline if i in present] or _headline(ch)[: text.LEAD_TOPICS]
        amounts = ch.facts[ch.facts["indicator"].isin([i for i in headline if i not in said])]
        dated = amounts[amounts["year"].notna()]  # a figure without a year is said in its section …
        amounts = dated if not dated.empty or chosen else amounts  # … unless the lead has nothing else to say
        if not amounts.empty:
            whole = ch.region.whole_zh
            amounts_said = text.figure_sentences(amounts, whole)[:1]  # one: the others follow in their sections
            lead += [f"此外，{sentence}" if chosen else sentence for sentence in amounts_said]
    return lead


def paragraph(ch: ChapterContext) -> list[str]:
    """Show the chapter's lead paragraph under its title (nothing, and a note in the notebook, without figures)."""
    lead = sentences(ch)
    ch.lead = lead
    if not lead:
        display.notebook_only(f"{ch.region_name}的数据中没有本章的数字，本章不写导语。")
        return lead
    display.paragraphs(["".join(lead)])
    return lead
