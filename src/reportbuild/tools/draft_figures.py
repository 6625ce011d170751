"""Finding the figures of a prose source: each number with its unit and qualifier as written (cn2an reads Chinese
numerals), the sentence it stands in, the words around it, its scope (城市/农村, “分别” lists), its stage in a
“由X提高到Y” pair and its period (a stated year, 目前/今年/现行, a span 自2012年来, or none)."""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field

import cn2an

from reportbuild.tools.draft_vocab import CJK, PAIRS, Vocabulary, bigrams, simplified

ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
CHINESE = r"[零〇一二两兩三四五六七八九十][零〇一二两兩三四五六七八九十百千万萬亿億]*"
NUMBER = re.compile(rf"(?<![\d.,])(?:{ARABIC}|{CHINESE})")
QUOTED = re.compile(r"“[^”]*”|《[^》]*》|「[^」]*」|\"[^\"]*\"")
TERMINAL = "。！？!?"
CLAUSE_END = ",，;；:：。！？!?\n"
CURRENT = ("截至目前", "截止目前", "目前", "今年", "现行", "現行", "现在", "現在", "当前", "當前", "本年")
TIME = re.compile(r"(?P<year>(?:19|20)\d{2})年(?:(?P<month>\d{1,2})月)?|" + "|".join(CURRENT))
SPAN_AFTER = re.compile(r"^[^,，;；。]{0,30}?(?:以来|来|开始|開始)")
BASE_BEFORE = re.compile(r"(?:较|較|比|与|同)$")
FROM = re.compile(r"(?<![交经經理缘緣])[由从從]")  # 交由 (handed to), 经由, 理由: not “from”
TO = re.compile(r"(?P<verb>提高|增加|增长|增長|减少|減少|下降|降低|上调|上調|调整|調整|提升|扩大|擴大)?(?:到|至|为|為)")
BREAK = re.compile(r"[,，;；。]")
STOPWORDS = set("和及与、达到为共有分别由从提高增加至的了是") | {"分别"}
# Chinese measure words (量词) and the dimension of units.csv each counts in: a number written with one that
# units.csv lacks is still a figure (its unit as written, marked 低 with the line to add). Ages, dates and times
# (岁, 年, 月, 日, 时) are not among them: 60岁以上人口 names a group, not a figure.
MEASURE_WORDS = {
    **dict.fromkeys("所座间张床项条件台辆套批场部栋幢处个家种类支只份本篇册块宗笔架艘枚颗株棵", "units"),
    **dict.fromkeys("位名人", "persons"),
    **dict.fromkeys(["户", "家庭"], "households"),
    **dict.fromkeys(["人次", "户次"], "person_times"),
    **dict.fromkeys("次回轮遍", "times"),
    **dict.fromkeys(["亩", "平方米", "平方公里", "公顷"], "area"),
    **dict.fromkeys(["公里", "千米", "米"], "length"),
}
SIZES = ("area", "length")
SHARE_ONLY = re.compile(r"占比|所占|比重|比例")
ARABIC_AT = re.compile(r".*\d$", re.S)  # the number before a measure word is written in Arabic digits
DESCRIBES = re.compile(r"^(?:及?以上|及?以下|以内)[\u4e00-\u9fff]")  # 1000平方米以上设施: a kind, not a figure


LONGEST_CARRY = 400  # characters of unfinished lines kept as context


def cn_number(text: str) -> float:
    """A number as written, Arabic or Chinese (cn2an), without its unit: '1,702' → 1702, '一万二千' → 12000."""
    if re.fullmatch(ARABIC, text):
        return float(text.replace(",", ""))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return float(cn2an.cn2an(text.translate(str.maketrans("兩萬億", "两万亿")), "smart"))


@dataclass
class Figure:
    value: float
    unit: str
    as_written: str
    qualifier: str
    start: int  # in the chain's text
    end: int
    sentence: str  # the verbatim quote
    chain: str  # the sentence with the unfinished lines before it (context, never quoted)
    local: str = ""
    wide: str = ""
    scope: str = "all"
    stage: str = ""
    start_year: int | None = None
    year: int | None = None
    basis: str = "unknown"
    note: str = ""
    reasons: list[str] = field(default_factory=list)
    clause_after: str = ""
    table_row: str = ""
    table_column: str = ""
    dimension: str = ""  # of a unit units.csv lacks (the measure word's)


def _masked(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in QUOTED.finditer(text)]


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= position < b for a, b in spans)


def _unit_at(text: str, position: int, vocabulary: Vocabulary) -> str:
    """The longest unit of units.csv (or numerator of one, 张 of 张/千名老年人) written at `position`, in simplified
    characters (張 is 张)."""
    names = list(vocabulary.units) + [u.split("/")[0] for u in vocabulary.units if "/" in u]
    plain = simplified(text[position : position + 12])
    found = [n for n in names if plain.startswith(n)]
    return max(found, key=len, default="")


def measure_word(text: str, position: int, vocabulary: Vocabulary) -> tuple[str, str]:
    """A measure word at `position` that units.csv lacks (所 of 131所), as written, and the dimension it counts in
    (units.csv's name where it has that dimension); ('', '') when none is written there."""
    plain = simplified(text[position : position + 12])
    found = max((w for w in MEASURE_WORDS if plain.startswith(w)), key=len, default="")
    rest = plain[len(found) :]
    if not found or DESCRIBES.match(rest):
        return "", ""
    if CJK.match(rest[:1] or " ") and (MEASURE_WORDS[found] in SIZES or not ARABIC_AT.match(text[:position])):
        return "", ""  # 1000平方米城市社区…, 最后一米服务, 两项补贴: a size or a name, not a count
    return text[position : position + len(found)], MEASURE_WORDS[found]


def _composed(written: str, before: str, vocabulary: Vocabulary) -> tuple[str, bool]:
    """The unit with what 每人/每月/每千名老年人 before the number adds: 每人每月 + 元 → 元/人/月; (unit, composed)."""
    numerator, *denominators = written.split("/")
    best, best_at = None, (0, -1)
    for unit, row in vocabulary.units.items():
        top, *below = unit.split("/")
        extra = set(below) - set(denominators)
        if top != numerator or not below or not set(denominators) <= set(below) or not extra:
            continue
        places = [before.rfind("每" + d) for d in extra]
        if min(places) < 0:
            continue
        at = (len(below), min(places) - (0.5 if row.get("same_as") else 0))  # most 每…, then nearest, usual spelling
        if at > best_at:
            best, best_at = unit, at
    if best:
        return best, True
    return (written, False) if written in vocabulary.units else ("", False)


def _qualifier(text: str, start: int, after: int, vocabulary: Vocabulary) -> tuple[str, int]:
    """A qualifier written before the number, or after it (余, 多): (qualifier, where the unit starts); in either
    script (超過 is 超过)."""
    plain, before, following, unit_at = simplified(text), "", "", after
    for spelling, qualifier, position in vocabulary.qualifiers:
        spelling = simplified(spelling)
        if position == "before" and not before and plain[:start].endswith(spelling):
            before = qualifier
        if position == "after_number" and plain.startswith(spelling, after) and unit_at == after:
            following, unit_at = qualifier, after + len(spelling)  # 约120余张: 约, and the unit after 余
    return before or following, unit_at


def _is_date(text: str, match: re.Match, unit: str, value: float) -> bool:
    """A year, a date or a time rather than a figure: 2019年, 2012—2021年, 2022-09-23, 18:04."""
    before, after = text[max(0, match.start() - 1) : match.start()], text[match.end() : match.end() + 1]
    if before in "-:/第" and before or after in "-:/—–~" and after:
        return True
    return unit in ("", "年") and value.is_integer() and 1900 <= value <= 2100


def find_numbers(chain: str, offset: int, vocabulary: Vocabulary) -> list[Figure]:
    """The figures written in chain[offset:] (the sentence), with their units and qualifiers."""
    figures, masked = [], _masked(chain)
    for match in NUMBER.finditer(chain, offset):
        if _inside(match.start(), masked):
            continue
        token, after = match.group(), match.end()
        split = re.fullmatch(CHINESE, token) and token[-1] in "万萬亿億" and len(token) > 1
        if split and _unit_at(chain, after - 1, vocabulary).startswith(("万", "亿", "萬", "億")):
            token, after = token[:-1], after - 1  # 十万人 → 十 + 万人, as 4.6万人 is 4.6 + 万人
        qualifier, unit_at = _qualifier(chain, match.start(), after, vocabulary)
        written, dimension = _unit_at(chain, unit_at, vocabulary), ""
        try:
            value = cn_number(token)
        except (ValueError, TypeError, KeyError):
            continue
        unit, composed = _composed(written, chain[:unit_at], vocabulary) if written else ("", False)
        if not unit:
            written, dimension = measure_word(chain, unit_at, vocabulary)
            unit = simplified(written)
        if not unit or _is_date(chain, match, unit, value):
            continue  # 第15次 is an ordinal (an event's words), 2019年 a date
        end = unit_at + len(written)
        for spelling, name, position in vocabulary.qualifiers:
            if position == "after_unit" and simplified(chain).startswith(simplified(spelling), end):
                qualifier = qualifier or name
        figure = Figure(value, unit, token + chain[unit_at:end], qualifier, match.start(), end, "", chain)
        if composed:
            figure.reasons.append(f"unit {unit}: {written} with 每… before the number")
        if dimension:
            figure.dimension = dimension
            known = "" if dimension in vocabulary.dimensions() else ", a dimension units.csv lacks"
            figure.reasons.append(f"unit {unit} not in data/units.csv: add it (dimension {dimension}{known})")
        figures.append(figure)
    return figures


def _clause_start(text: str, position: int, floor: int) -> int:
    cut = max(text.rfind(c, floor, position) for c in CLAUSE_END)
    return max(cut + 1, floor)


def _words(text: str) -> str:
    return "".join(c for c in simplified(text) if CJK.match(c) and c not in STOPWORDS)


def scope_in(text: str, vocabulary: Vocabulary) -> str | None:
    """The scope named last in `text` (the longest word at that place)."""
    plain = simplified(text)
    best = max(
        ((plain.rfind(w) + len(w), len(w), s) for w, s in vocabulary.scopes.items() if w and w in plain),
        default=None,
    )
    if best and not any(plain.rfind(p) + len(p) >= best[0] and p in plain for p in PAIRS):
        return best[2]
    return "all" if best else None


def _respectively(chain: str, figures: list[Figure], vocabulary: Vocabulary) -> dict[int, tuple[str, str | None, int]]:
    """For the figures after each “分别”: the part of the list before it that each names (its words and scope)."""
    assigned, parts = {}, []
    for match in re.finditer("分别|分別", chain):
        subject_start = _clause_start(chain, match.start(), 0)
        subject = TIME.sub("", chain[subject_start : match.start()])
        if len(_words(re.sub(r"[较較比]", "", subject))) < 2 and not parts and subject_start > 0:
            subject = chain[_clause_start(chain, subject_start - 1, 0) : match.start()]
        found = [p for p in re.split(r"[和、与與及]", subject) if _words(p)]
        if len(found) >= 2 and min(len(_words(p)) for p in found) <= 2:
            found = [f"{subject} {p}" for p in found]  # 城市、农村低保标准: the parts share the head
        if len(found) == 1:
            pair = next((p for p in PAIRS if p in simplified(found[0])), None)
            found = [f"{found[0]} {n}" for n in PAIRS[pair]] if pair else found
        parts = found if len(found) >= 2 else parts
        following = [f for f in figures if f.start > match.end()]
        stop = chain.find("分别", match.end())
        following = [f for f in following if stop < 0 or f.start < stop]
        for k, figure in enumerate(following if len(parts) >= 2 else []):
            part = parts[k % len(parts)]
            assigned[id(figure)] = (part, scope_in(part, vocabulary), match.end())
    return assigned


def _stage(chain: str, figure: Figure, chained: list[Figure]) -> tuple[str, str, int]:
    """'before'/'after' in a 由X提高到Y pair (with the verb), and where the figure's own time may be written."""
    prefix = chain[: figure.start]
    sentence_start = max(prefix.rfind(c) for c in TERMINAL) + 1
    froms = [m.start() for m in FROM.finditer(prefix, sentence_start)]
    tos = [m for m in TO.finditer(prefix, sentence_start)]
    if not froms:
        return "", "", sentence_start
    source = froms[-1]
    later = [m for m in tos if m.start() > source]
    paired = [f for f in chained if source < f.start < (later[-1].start() if later else -1)]
    if later and paired and not BREAK.search(chain, later[-1].end(), figure.start):
        return "after", later[-1].group("verb") or "", later[-1].end()
    ahead = TO.search(chain, figure.end)
    joined = (
        ahead and not BREAK.search(chain, source, figure.start) and not BREAK.search(chain, figure.end, ahead.start())
    )
    if joined and not FROM.search(chain, figure.end, ahead.start()):
        return "before", ahead.group("verb") or "", source
    return "", "", sentence_start


def _period(chain: str, figure: Figure, floor: int, fallback: int, year: int | None) -> None:
    """The figure's period from the time written nearest before it (from `floor`, else from `fallback`)."""
    times = [m for m in TIME.finditer(chain, fallback, figure.start) if not BASE_BEFORE.search(chain[: m.start()])]
    bases = [m for m in TIME.finditer(chain, fallback, figure.start) if BASE_BEFORE.search(chain[: m.start()])]
    own = [m for m in times if m.start() >= floor] or (times if figure.stage != "before" else [])
    if bases and bases[-1]["year"]:
        figure.start_year = int(bases[-1]["year"])
    if not own:
        if figure.start_year and not figure.stage:
            figure.year, figure.basis = year, "article_date" if year else "unknown"
            figure.reasons.append(f"period: 较{figure.start_year}年 → to the source date")
        return
    time = own[-1]
    if not time["year"]:
        figure.year, figure.basis = year, "article_date" if year else "unknown"
        if not year:
            figure.note = f"{time.group()}（来源日期未知）"
        return
    stated = int(time["year"])
    if SPAN_AFTER.match(chain[time.end() : figure.start]):
        figure.start_year, figure.year, figure.basis = stated, year, "article_date" if year else "unknown"
        figure.note = "" if year else f"{stated}年以来（来源日期未知）"
        return
    span = re.match(r"(?:19|20)\d{2}", chain[time.start() :])
    dash = re.search(rf"((?:19|20)\d{{2}})[—–\-~至到]{stated}年$", chain[: time.end()])
    if dash:
        figure.start_year = int(dash.group(1))
    figure.year, figure.basis = (stated, "stated") if span else (year, "article_date")


def _local(chain: str, figure: Figure, previous: Figure | None, following: Figure | None) -> str:
    """The figure's own words: its clause from the previous figure, and after it up to the next one."""
    floor = previous.end if previous else 0
    cut = max(chain.rfind("、", floor, figure.start) + 1, _clause_start(chain, figure.start, floor))
    before = chain[max(floor, cut) : figure.start]  # a list item's own words (、), not its neighbour's
    ends = [i for i in (chain.find(c, figure.end) for c in CLAUSE_END) if i >= 0]
    stop = min([*ends, following.start if following else len(chain), len(chain)])
    return before + " " + chain[figure.end : stop]


def describe(
    chain: str, offset: int, vocabulary: Vocabulary, year: int | None, previous: Figure | None
) -> list[Figure]:
    """The figures of the sentence chain[offset:], each with its words, scope, stage and period."""
    figures = find_numbers(chain, offset, vocabulary)
    chained = find_numbers(chain, 0, vocabulary) if offset else figures
    parts = _respectively(chain, figures, vocabulary)
    sentence = chain[offset:].strip()
    for k, figure in enumerate(figures):
        figure.sentence, figure.wide = sentence, chain
        figure.stage, verb, own_from = _stage(chain, figure, chained)
        local = _local(chain, figure, previous, figures[k + 1] if k + 1 < len(figures) else None)
        part, part_scope, listed_from = parts.get(id(figure), ("", None, 0))
        own_words = bigrams(_words(SHARE_ONLY.sub("", local)))  # 占比达18.1%: the share of the figure before
        inherited = previous is not None and not part and (not own_words or figure.stage == "after")
        figure.local = part + " " + local + (" " + previous.local if inherited else "")
        floor = previous.end if previous else 0
        named = scope_in(chain[max(floor, listed_from) : figure.start], vocabulary)
        if named:
            figure.scope = named
        elif part_scope:
            figure.scope = part_scope
            figure.reasons.append(f"scope from the “分别” list: {part.strip()}")
        elif inherited:
            figure.scope = previous.scope
        _period(chain, figure, own_from, max(chain.rfind(c, 0, figure.start) for c in TERMINAL) + 1, year)
        if figure.basis == "unknown" and not figure.note:
            side = "前" if figure.stage == "before" else "后"
            figure.note = f"{verb or '变动'}{side}，年份未载明" if figure.stage else "年份未载明"
        figure.clause_after = chain[figure.end : figure.end + 12]
        previous = figure
    return figures


def _unfinished(line: str, found: list[Figure], chain: str) -> bool:
    """Whether a line breaks off mid-sentence (a notice kept in pieces): no sentence end, and words after its last
    figure (…740元/月,農村) or no figure at all (由)."""
    if line.rstrip()[-1:] in TERMINAL:
        return False
    return not found or bool(CJK.search(chain[found[-1].end :]))


def prose_figures(text: str, vocabulary: Vocabulary, year: int | None) -> list[Figure]:
    """Every figure of a prose source, in order. A line that does not end a sentence (a notice kept in pieces) is
    context for the next one: its words, its 每人每月, its 由 … 提高到."""
    figures, carry, previous = [], "", None
    for line in text.splitlines():
        pieces = [p for p in re.split(rf"(?<=[{TERMINAL}])", line) if p.strip()]
        for piece in pieces:
            chain = carry + piece
            found = describe(chain, len(carry), vocabulary, year, previous)
            figures += found
            previous = found[-1] if found else previous
            going_on = _unfinished(piece, found, chain) and len(chain) <= LONGEST_CARRY
            carry, previous = (chain + "\n", previous) if going_on else ("", None)
        if not pieces:
            carry, previous = "", None
    return figures
