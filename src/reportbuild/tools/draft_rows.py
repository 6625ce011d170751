"""Proposed rows in the data format: an observation per figure (its indicator chosen from the vocabulary), a check
per stated percentage, 倍 or 年均 figure, an event per dated milestone; each with how sure the draft is and why."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from helpers.data.schemas import CHECKS, EVENTS, OBSERVATIONS
from reportbuild.tools.draft_figures import CLAUSE_END, TERMINAL, TIME, Figure
from reportbuild.tools.draft_vocab import Vocabulary, simplified

COLUMNS = {"observations": list(OBSERVATIONS.columns), "checks": list(CHECKS.columns), "events": list(EVENTS.columns)}
MIN_SCORE = 0.3  # below this no indicator's words are found near the figure: a new indicator is suggested
SURE_SCORE, SURE_MARGIN = 0.7, 0.15
GROWTH = re.compile(r"提高|增长|增長|增加|上涨|下降|减少|減少|降低")
EVENT_VERB = re.compile(
    r"评为|評為|表彰|授予|荣获|获批|獲批|获评|确定为|列为|入选|出台|印发|制定|颁布|建立|设立|成立|启动|建成|"
    r"投入运营|开工|调研|视察|考察|开展|完成|实施|实行"
)
# A date something takes effect from (2019年7月1日起, 自2020年1月开始) with a change of a standard or rule in the same
# or next clause: a milestone even without an EVENT_VERB, unless the clause states the new figure (then it is one).
EFFECTIVE = re.compile(r"(?:19|20)\d{2}年(?:\d{1,2}月)?(?:\d{1,2}日)?(?:起|开始|开始执行|施行)")
CHANGE_VERB = re.compile(r"提高|上调|调整|提升|施行|执行|实施|实行|出台|印发|启动")
SHARE_WORDS = re.compile(r"占|比重|比例")  # 占比达18.1%, 占总人口的18.1%, 比重为18.1%: a share of a whole
KINDS = [  # the first kind whose words the event's quote holds (the rest are reforms)
    ("award", r"评为|評為|表彰|授予|荣获|获评|先进集体"),
    ("pilot", r"试点|試點"),
    ("visit", r"调研|视察|考察|慰问"),
    ("facility", r"建成|投入运营|开工|建设运营|落成"),
    ("campaign", r"专项行动|行动|活动"),
    ("policy", r"出台|印发|制定|颁布|制度|机制|规划|方案|意见|办法|政策|(?:提高|上调|调整)[^,，;；。]*标准"),
]


@dataclass
class Draft:
    region: str
    source_id: str
    rows: dict[tuple[str, str], list[dict]] = field(default_factory=dict)  # (chapter, table) → rows
    review: list[dict] = field(default_factory=list)
    figures: dict[str, Figure] = field(default_factory=dict)  # obs_id → figure, in the source's order
    ids: Counter = field(default_factory=Counter)
    new_ids: dict[str, str] = field(default_factory=dict)  # a new indicator's words → the id suggested

    def add(self, chapter: str, table: str, row: dict, sure: str, why: str) -> str:
        key = {"observations": "obs_id", "checks": "check_id", "events": "event_id"}[table]
        base = re.sub(r"_+", "_", re.sub(r"[^a-z0-9_]", "_", row[key].lower())).strip("_") or table
        self.ids[(table, base)] += 1
        count = self.ids[(table, base)]
        row[key] = base if count == 1 else f"{base}_{count}"
        self.rows.setdefault((chapter, table), []).append({c: row.get(c, "") for c in COLUMNS[table]})
        self.review.append({"file": f"{chapter}/{table}.csv", "row_id": row[key], "sure": sure, "why": why})
        return row[key]

    def observations(self) -> list[dict]:
        return [r for (_, table), rows in self.rows.items() if table == "observations" for r in rows]


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _indicator(
    figure: Figure, vocabulary: Vocabulary, fallback: str, taken: set[str]
) -> tuple[str, str, float, list[str]]:
    """(indicator, chapter, score, reasons): the best-named indicator of the unit's dimension, or a new id (read
    from the figure's words; `taken`: the new ids already suggested for other words)."""
    dimension = figure.dimension or vocabulary.dimension(figure.unit)
    indicator, score, runner_up = vocabulary.choose(dimension, figure.local, figure.wide)
    words = "".join(re.findall(r"[\u4e00-\u9fff]+", figure.local))[:24]
    if indicator is None or score < MIN_SCORE:
        chapter = vocabulary.chapter_of(figure.local + figure.wide) or fallback
        new = vocabulary.suggest_id(figure.local, dimension, taken)
        taken.add(new)
        return (
            new,
            chapter,
            0.0,
            [f"new indicator id {new} suggested for “{words}” ({dimension}): add it to data/indicators.csv"],
        )
    name = vocabulary.indicators[indicator]["name_zh"]
    reasons = [f"indicator {indicator} ({name}) from “{words}”, match {score:.2f}"]
    if score - runner_up < SURE_MARGIN:
        reasons.append(f"close runner-up ({runner_up:.2f})")
    return indicator, vocabulary.indicators[indicator]["chapter"], score, reasons


def _sureness(score: float, margin_reason: bool, figure: Figure) -> str:
    if score < MIN_SCORE + 0.15 or figure.dimension:  # no indicator's words, or a unit units.csv lacks
        return "低"
    inferred = any(r.startswith(("unit", "scope", "period")) for r in figure.reasons)
    return "高" if score >= SURE_SCORE and not margin_reason and not inferred else "中"


def add_observation(draft: Draft, figure: Figure, vocabulary: Vocabulary, fallback: str) -> None:
    indicator, chapter, score, reasons = _indicator(figure, vocabulary, fallback, set(draft.new_ids.values()))
    if indicator not in vocabulary.indicators:
        draft.new_ids[figure.local] = indicator
    name = vocabulary.indicators.get(indicator, {}).get("name_zh", "")
    term = figure.local.strip() if figure.table_row and figure.local.strip() != name else ""
    parts = [indicator, "" if figure.scope == "all" else figure.scope, figure.stage, str(figure.year or "")]
    row = {
        "obs_id": "_".join(p for p in parts if p),
        "indicator": indicator,
        "scope": figure.scope,
        "stage": figure.stage,
        "start_year": figure.start_year or "",
        "year": figure.year or "",
        "period_basis": figure.basis,
        "period_note": figure.note if figure.basis == "unknown" else "",
        "value": _number(figure.value),
        "unit": figure.unit,
        "qualifier": figure.qualifier,
        "as_written": figure.as_written,
        "source_id": draft.source_id,
        "quote": figure.sentence,
        "term_zh": term,
        "table_row": figure.table_row,
        "table_column": figure.table_column,
    }
    if figure.basis == "article_date":
        reasons.append(f"period: 目前/今年/现行 → source date {figure.year}")
    sure = _sureness(score, any(r.startswith("close") for r in reasons), figure)
    draft.figures[draft.add(chapter, "observations", row, sure, "; ".join(reasons + figure.reasons))] = figure


def _formula(figure: Figure, row: dict, vocabulary: Vocabulary) -> str | None:
    before = figure.chain[max(0, figure.start - 20) : figure.start]
    if figure.unit == "倍":
        return "multiple_of" if re.search(r"是[^,，;；。]*的$", before) else "multiple_increase"
    if "年均" in before:
        return "cagr"
    if vocabulary.dimension(figure.unit) == "percent" and GROWTH.search(before):
        return "pct_change"
    if vocabulary.indicators.get(row["indicator"], {}).get("max_value") and figure.unit == "%":
        return "whole_share"
    return None


def _find(rows: list[dict], indicator: str, scope: str, year, stage: str) -> str | None:
    for row in rows:
        same = row["indicator"] == indicator and row["scope"] == scope and str(row["year"]) == str(year or "")
        if same and (not stage or row["stage"] in (stage, "")):
            return row["obs_id"]
    return None


def _inputs(row: dict, formula: str, rows: list[dict], vocabulary: Vocabulary) -> list[str]:
    """The figures a stated growth follows from: the base and end of the indicator it is the growth of (obs ids,
    or indicator:scope@year references the data may lack); for a share, the count stated just before it."""
    if formula == "whole_share":
        earlier = [r for r in rows if r["quote"] == row["quote"] and r["obs_id"] != row["obs_id"]]
        counts = [r for r in earlier if vocabulary.dimension(r["unit"]) == "units"]
        return [counts[-1]["obs_id"]] if counts and rows.index(counts[-1]) < rows.index(row) else []
    base = vocabulary.indicators.get(row["indicator"], {}).get("growth_of")
    if not base or not row["start_year"] or not row["year"]:
        return []
    start = _find(rows, base, row["scope"], row["start_year"], "before")
    end = _find(rows, base, row["scope"], row["year"], "after")
    return [
        start or f"{base}:{row['scope']}@{row['start_year']}",
        end or f"{base}:{row['scope']}@{row['year']}",
    ]


def _dimension(figure: Figure, vocabulary: Vocabulary) -> str | None:
    return figure.dimension or vocabulary.dimension(figure.unit)


def _share_inputs(draft: Draft, obs_id: str, vocabulary: Vocabulary) -> tuple[list[str], bool]:
    """For a stated share (占比达18.1%, 占…的比重), its part and its whole: the figure just before it in the same or
    the previous sentence, and the one before that in the same dimension; and whether 其中 joins them."""
    figure = draft.figures[obs_id]
    clause = figure.chain[max(figure.chain.rfind(c, 0, figure.start) for c in CLAUSE_END) + 1 : figure.start]
    if _dimension(figure, vocabulary) != "percent" or not SHARE_WORDS.search(simplified(clause)):
        return [], False
    order = list(draft.figures)
    sentences: list[str] = []
    for other in order[: order.index(obs_id)]:
        if draft.figures[other].sentence not in sentences[-1:]:
            sentences.append(draft.figures[other].sentence)
    near = {figure.sentence, *(sentences[-2:] if sentences[-1:] == [figure.sentence] else sentences[-1:])}
    counts = [
        o
        for o in order[: order.index(obs_id)]
        if draft.figures[o].sentence in near and _dimension(draft.figures[o], vocabulary) not in ("percent", "multiple")
    ]
    if len(counts) < 2:
        return [], False
    part = counts[-1]
    kind = _dimension(draft.figures[part], vocabulary)
    wholes = [o for o in counts[:-1] if _dimension(draft.figures[o], vocabulary) == kind]
    if not wholes:
        return [], False
    whole, stated = draft.figures[wholes[-1]], draft.figures[part]
    if stated.chain == figure.chain and "其中" in simplified(figure.chain[stated.end : figure.start]):
        return [], False  # 床位19925张,其中…占比超过25%: the figure before is the whole, the part is not stated
    between = whole.chain[whole.end : stated.start] if whole.chain == stated.chain else ""
    return [part, wholes[-1]], "其中" in between


def _chapters(draft: Draft) -> dict[str, str]:
    return {r["obs_id"]: c for (c, table), rows in draft.rows.items() if table == "observations" for r in rows}


def add_checks(draft: Draft, vocabulary: Vocabulary) -> None:
    rows = draft.observations()
    chapters = _chapters(draft)
    for obs_id in draft.figures:
        inputs, among = _share_inputs(draft, obs_id, vocabulary)
        if not inputs:
            continue
        row = next(r for r in rows if r["obs_id"] == obs_id)
        written = [next(r["as_written"] for r in rows if r["obs_id"] == i) for i in inputs]
        why = f"share of the stated {row['as_written']}: part {written[0]}, whole {written[1]}" + (
            " (其中)" if among else " (no 其中 between them: read which is the part)"
        )
        note = f"“{row['as_written']}”按share由{written[0]}占{written[1]}核对（草稿）"
        check = {"check_id": obs_id, "stated": obs_id, "formula": "share", "inputs": " ".join(inputs)}
        draft.add(chapters[obs_id], "checks", dict(check, note_zh=note), "中" if among else "低", why)
    shared = {r["stated"] for (_, table), checks in draft.rows.items() if table == "checks" for r in checks}
    for row in list(rows):
        if row["obs_id"] in shared:
            continue
        figure = draft.figures[row["obs_id"]]
        formula = _formula(figure, row, vocabulary)
        if not formula:
            continue
        inputs = _inputs(row, formula, rows, vocabulary)
        chapter = vocabulary.indicators.get(row["indicator"], {}).get("chapter")
        if not inputs or not chapter:
            continue
        references = [i for i in inputs if ":" in i]
        why = f"{formula} of the stated {row['as_written']}" + (
            f"; inputs the draft lacks: {', '.join(references)}" if references else "; inputs found in the draft"
        )
        note = f"“{row['as_written']}”按{formula}由其来源数字核对（草稿）"
        check = {"check_id": row["obs_id"], "stated": row["obs_id"], "formula": formula, "inputs": " ".join(inputs)}
        draft.add(chapter, "checks", dict(check, note_zh=note), "低" if references else "中", why)


def _kind(quote: str) -> tuple[str, bool]:
    for kind, words in KINDS:
        if re.search(words, simplified(quote)):
            return kind, True
    return "reform", False


def _verb_at(clauses: list[re.Match], i: int, verbs: re.Pattern) -> int | None:
    return next((j for j in (i, i + 1) if j < len(clauses) and verbs.search(simplified(clauses[j].group()))), None)


def add_events(draft: Draft, text: str, vocabulary: Vocabulary, fallback: str) -> None:
    """A dated milestone: a clause with a year (年…) and, there or in the next clause, a milestone verb; or a date
    something takes effect from (…起) and a change (提高, 实施 …) that states no figure of the draft. Words are
    matched in simplified characters; the quote keeps the source's."""
    seen = set()
    stated = [r["as_written"] for r in draft.observations()]
    for line in text.splitlines():
        for sentence in re.split(rf"(?<=[{TERMINAL}])", line):
            clauses = [m for m in re.finditer(r"[^,，;；。！？!?]+", sentence)]
            for i, clause in enumerate(clauses):
                time = TIME.search(clause.group())
                if not time or not time["year"]:
                    continue
                verb_at = _verb_at(clauses, i, EVENT_VERB)
                if verb_at is None and EFFECTIVE.search(simplified(clause.group())):
                    verb_at = _verb_at(clauses, i, CHANGE_VERB)
                    changed = sentence[clause.start() : clauses[verb_at].end()] if verb_at is not None else ""
                    verb_at = None if any(s and s in changed for s in stated) else verb_at
                if verb_at is None:
                    continue
                quote = sentence[clause.start() : clauses[verb_at].end()].strip()
                if quote in seen:
                    continue
                seen.add(quote)
                _add_event(draft, quote, time, vocabulary, fallback)


def _event_words(quote: str) -> str:
    """What happened, in simplified characters: the quote without its date (2019年7月1日起) and its subject (我市)."""
    plain = simplified(quote)
    date = r"^[自从在于]?(?:19|20)\d{2}年(?:\d{1,2}月)?(?:\d{1,2}日)?(?:底|初|末|以来|开始|起)?[,，]?"
    return re.sub(r"^我[市省县区州盟旗][,，]?", "", re.sub(date, "", plain).strip()).strip()


def _add_event(draft: Draft, quote: str, time: re.Match, vocabulary: Vocabulary, fallback: str) -> None:
    kind, named = _kind(quote)
    event = _event_words(quote)
    chapter = vocabulary.chapter_of(quote) or fallback
    row = {
        "event_id": f"event_{time['year']}",
        "year": time["year"],
        "month": time["month"] or "",
        "kind": kind,
        "event_zh": event or quote,
        "source_id": draft.source_id,
        "quote": quote,
    }
    why = [f"dated milestone ({time.group()})", f"kind {kind}" + ("" if named else " guessed (no kind word)")]
    why.append(f"chapter {chapter}" + (" (no indicator's words: the overview)" if chapter == fallback else ""))
    draft.add(chapter, "events", row, "中" if named and chapter != fallback else "低", "; ".join(why))
