"""House style (本报告体例): the rules every generated sentence and figure follows, written once as code.

STYLE.md states each rule with an example, for analysts and editors. The text, formatting and comparison code
(wording.text, wording.fmt, page.comparisons) apply these functions instead of spelling numbers, units, verbs
and signs themselves; `problems` finds what breaks the rules in a built report's visible text
(tests/unit/test_style.py).

What kind of figure a number is (a count, a standard, a rate …) comes from its dimension in the data
(data/indicators.csv, data/units.csv, data/dimensions.csv), never from a list of indicator ids.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal

from helpers.base import units
from helpers.data import dimensions

MINUS = "\u2212"  # “−”: the sign of a negative number or a fall; the ASCII hyphen “-” never stands before a number
PLUS = "+"

# ── Kinds of figure ────────────────────────────────────────────────────────────────────────────────────────────
COUNT = "count"  # a stock of people, households, organisations, facilities: 48,713户, 109家
TALLY = "tally"  # a count of events over a period: 18次, 193.6万人次
AMOUNT = "amount"  # money: 38.86亿元
STANDARD = "standard"  # a benefit standard per person and period: 645元/人/月
RATE = "rate"  # a density: 40张/千名老年人, 6.98个/万人
PERCENT = "percent"  # 99.7%
MULTIPLE = "multiple"  # 14.5倍
YEARS = "years"  # a number of years (十年), and calendar years: never with a thousands separator

KIND_OF_UNIT = {"%": PERCENT, "倍": MULTIPLE, "年": YEARS}  # when only the unit is known
LEVELS = {STANDARD, RATE, PERCENT, MULTIPLE}  # raised and lowered (提高到/下降到), not added to (增加到/减少到)
STOCKS = {COUNT}  # what a region “has” at a date (截至…，全市共有…)
WHOLE_NAMES = ("总", "常住", "户籍")  # a name already of the whole (总人口, 常住人口): never after 共有
DEED_NAMES = ("新建", "新增", "全面开工", "开工", "建成", "完成", "改扩建")  # what was done, not what is held


def may_follow_gongyou(name: str) -> bool:
    """共有 counts what a region holds (共有各类养老机构109家), never a name of the whole (全市总人口385万人) or of
    what was done (全面开工建设的县级新建和改扩建殡仪馆9个)."""
    return not name.startswith(WHOLE_NAMES + DEED_NAMES)


def kind(dimension: str | None, unit: str | None = None) -> str:
    """The kind of a figure from its dimension (data/dimensions.csv); without one, from its unit, else a count."""
    known = dimensions.kinds()
    if isinstance(dimension, str) and dimension in known:
        return known[dimension]
    return KIND_OF_UNIT.get(unit or "", COUNT)


# ── Numbers ────────────────────────────────────────────────────────────────────────────────────────────────────
DEFAULT_DECIMALS = 2  # a derived amount shows at most two decimals
PERCENT_DECIMALS = 1  # a derived percentage always shows one (+239.0%); a stated one keeps the source's digits


def missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def number(value: float, decimals: int | None = None, *, fixed: bool = False, grouping: bool = True) -> str:
    """A number in house style: rounded half up (四舍五入), thousands separators unless `grouping` is off (years),
    at most `decimals` decimals without trailing zeros unless `fixed`, and “−” for a negative number.

    There is no spelling of a missing value: None or NaN is an error, never 'nan' in a report.
    """
    if missing(value):
        raise ValueError("a missing value has no spelling in a report")
    places = DEFAULT_DECIMALS if decimals is None else decimals
    exact = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{abs(exact):,.{places}f}" if grouping else f"{abs(exact):.{places}f}"
    if not fixed and "." in text:
        text = text.rstrip("0").rstrip(".")
    return (MINUS if exact < 0 and text.strip("0.,") else "") + text


def grouped(kind_: str) -> bool:
    """Thousands separators for every kind but years (2022年, 10年; never 2,022年)."""
    return kind_ != YEARS


def signed(text: str, value: float) -> str:
    """'+' before a rise, '−' before a fall, nothing for zero; `text` is the unsigned figure."""
    return (PLUS if value > 0 else MINUS if value < 0 else "") + text


def no_hyphen_minus(text: str) -> str:
    """An ASCII hyphen directly before a digit, not between two digits (a date, a year range), becomes “−”."""
    return re.sub(r"(?<![0-9A-Za-z])-(?=\d)", MINUS, text)


# ── Units ──────────────────────────────────────────────────────────────────────────────────────────────────────
PER_PERSON = units.PER_PERSON
FOREIGN_SCALES = {"百万": (100, "万"), "十亿": (10, "亿")}  # 1.15百万人 → 115万人; 53.87十亿元 → 538.7亿元
SCALE_PREFIXES = ("十亿", "百万", "千万", "万", "亿", "千", "百")


def unit(text: str) -> str:
    """One order for a standard's unit: amount / person / period (元/人/月, 元/人/年), whatever the source wrote."""
    match = PER_PERSON.match(text or "")
    if not match:
        return text
    return f"{match['money']}/人/{match['period'] or match['period2']}"


def money_of(text: str) -> str:
    """The amount part of a standard's unit: 元/人/月 → 元, 万元/人/年 → 万元."""
    match = PER_PERSON.match(text or "")
    return match["money"] if match else text


def chinese_scale(value: float, unit_: str) -> tuple[float, str]:
    """Western scales (百万, 十亿, from translated sources) as the Chinese 万 and 亿: (1.15, 百万人) → (115, 万人)."""
    for prefix, (times, chinese) in FOREIGN_SCALES.items():
        if unit_.startswith(prefix):
            return value * times, chinese + unit_[len(prefix) :]
    return value, unit_


def scale_decimals(unit_: str, decimals: int) -> int:
    """Decimals left after `chinese_scale`: 1.15百万 (two) is 115万 (none)."""
    for prefix, (times, _) in FOREIGN_SCALES.items():
        if unit_.startswith(prefix):
            return max(0, decimals - round(math.log10(times)))
    return decimals


def core_unit(unit_: str) -> str:
    """A unit without its scale: 万人次 → 人次, 亿元 → 元."""
    for prefix in SCALE_PREFIXES:
        if unit_.startswith(prefix) and len(unit_) > len(prefix):
            return unit_[len(prefix) :]
    return unit_


def prose_unit(unit_: str, name: str) -> str:
    """A rate's unit without the “per …” its name already says: 每千名老年人拥有养老床位数 + 张/千名老年人 → 张.

    A standard's unit (元/人/月) is kept whole: its name (低保标准) does not say per whom and per what.
    """
    numerator, slash, denominator = unit_.partition("/")
    if slash and denominator and f"每{denominator}" in (name or ""):
        return numerator
    return unit_


def measured_name(name: str, unit_: str) -> tuple[str, bool]:
    """The name as written before its figure, and whether it reads without “为”.

    - a rate whose name says “per …”: 每万人拥有社会组织数 + 6.98个/万人 → (每万人拥有社会组织, True):
      每万人拥有社会组织6.98个;
    - a name that ends with its unit and 数: 城乡低保对象人数 + 人 → (城乡低保对象, True): 城乡低保对象73,602人;
      连续提高城乡低保标准的年数 + 年 → 连续提高城乡低保标准10年; 发放价格临时补贴人次 + 万人次 → …193.6万人次;
    - any other name is kept: 低保标准 → (低保标准, False): 低保标准为645元/人/月.
    """
    if prose_unit(unit_, name) != unit_:
        return (name[:-1] if name.endswith("数") else name), True
    if name.endswith(CHANGE_VERBS):  # 孤儿基本生活保障标准较2012年增长 + 77.9%: …增长77.9%
        return name, True
    core = core_unit(unit_)
    endings = [f"的{core}数"] + ([] if core == "年" else [f"{core}数", core if len(core) > 1 else ""])
    for ending in filter(None, endings):
        if name.endswith(ending) and len(name) > len(ending):
            return name[: -len(ending)].removesuffix("的"), True
    for ending in COUNT_ENDINGS:  # 行政村数 → 行政村1,942个; 社区数量 → 社区254个
        if name.endswith(ending) and len(name) > len(ending) + 1 and not name.endswith(NOT_COUNT_ENDINGS):
            return name[: -len(ending)], True
    return name, False


COUNT_ENDINGS = ("总数", "数量", "数")
CHANGE_VERBS = ("增长", "提高", "增加", "下降", "减少", "降低")
NOT_COUNT_ENDINGS = ("指数", "系数", "分数", "函数", "倍数", "年数", "人数", "户数", "次数", "岁数", "参数")


def doubled_units(text: str) -> list[str]:
    """Where a rate's “per …” is written twice: '每千名老年人拥有养老床位数为40张/千名老年人'."""
    found = []
    for sentence in re.split(r"[。；\n]", text):
        for match in re.finditer(r"\d(?:[\d,.]*)[^\d\s，。；、（）/]{0,6}/([^\d\s，。；、（）()/]+)", sentence):
            if f"每{match.group(1)}" in sentence[: match.start()]:
                found.append(sentence.strip())
    found += [m.group() for m in re.finditer(r"\d(元/人/[月年]|%|[个家户人名张次处种])\1(?![\u4e00-\u9fff])", text)]
    return found


# ── Verbs by kind of figure ────────────────────────────────────────────────────────────────────────────────────
def verbs(kind_: str, change: float) -> tuple[str, str]:
    """(to …, by …): counts and amounts 增加到/减少到, standards and rates 提高到/下降到; no change 保持。"""
    if change == 0:
        return "保持为", "没有变化"
    if kind_ in LEVELS:
        return ("提高到", "提高") if change > 0 else ("下降到", "下降")
    return ("增加到", "增加") if change > 0 else ("减少到", "减少")


def growth_word(value: float) -> str:
    return "增长" if value >= 0 else "下降"


def multiple_of(part: str, whole: str, ratio_text: str) -> str:
    """“是…的N倍”: new = N × old (a ratio new ÷ old). Never “增长了N倍”, which means new = (N + 1) × old."""
    return f"{part}是{whole}的{ratio_text}倍"


def multiple_increase(ratio: float) -> float:
    """The N of “增长了N倍” for a ratio new ÷ old: N = ratio − 1."""
    return ratio - 1


# ── Sentences ──────────────────────────────────────────────────────────────────────────────────────────────────
def join(items: list[str], last: str = "和") -> str:
    """'甲', '甲和乙', '甲、乙和丙'."""
    items = [i for i in items if i]
    if len(items) <= 2:
        return last.join(items)
    return "、".join(items[:-1]) + last + items[-1]


def common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def common_suffix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return a[len(a) - n :] if n else ""


def flat_parentheses(text: str) -> str:
    """No parentheses inside parentheses: an inner （…） becomes a comma clause. Also full-width （） around
    Chinese text: 民生实事(城镇社区养老幸福工程) → 民生实事（城镇社区养老幸福工程）."""
    text = re.sub(r"\(([^()]*[\u4e00-\u9fff][^()]*)\)", r"（\1）", text)
    out, depth = [], 0
    for char in text:
        if char == "（":
            depth += 1
            out.append("（" if depth == 1 else "，")
        elif char == "）":
            depth -= 1
            if depth == 0:
                out.append("）")
        else:
            out.append(char)
    return "".join(out)


def sentence(text: str) -> str:
    """A finished sentence: dates in words, Chinese punctuation, flat parentheses, no ASCII minus, no doubled
    punctuation, one full stop at the end."""
    text = no_hyphen_minus(flat_parentheses(chinese_punctuation(dates_in_words(text.strip()))))
    text = re.sub(r"[，；、]+([。；])", r"\1", text)
    text = re.sub(r"，{2,}", "，", text)
    return text if text.endswith(("。", "？", "！")) else text.rstrip("，；、") + "。"


# ── Dates, periods, publications and punctuation in running text ───────────────────────────────────────────────
PERIOD_COLUMNS = ("时期", "时间", "年份")  # a table's columns that say when a figure or an event is
UNSTATED_YEAR = re.compile(r"(起止|达成)?年份未(在引文中)?载明")
YEARLESS_NOTE = "表中未写年份或为“—”者，来源未载明年份。"


def period_cell(note: str) -> str:
    """A table's period cell without the words saying the year is not stated (the table's note says it once):
    '提高后的标准，年份未载明' → '提高后的标准'; '年份未载明' → '—'. Any other cell is kept."""
    if not isinstance(note, str) or not UNSTATED_YEAR.search(note):
        return note
    kept = [part for part in re.split(r"[，,]", note) if part and not UNSTATED_YEAR.search(part)]
    return "，".join(kept) or "—"


UNDATED = "日期未载明"  # a source whose date is not known (rule 1.10: what is missing is said, never invented)
HELD_FIRST, HELD = 0xF0000, "\U000f0000-\U000ffffd"  # a plane of private use: placeholders of kept spans
CJK = f"\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’{HELD}"  # Chinese characters and punctuation (and kept spans)
ISO_DATE = re.compile(r"(?<![\d/])(\d{4})-(\d{2})-(\d{2})(?![\d/])")  # 2022-09-23 inside a longer text
PUBLISHED_FORM = re.compile(
    r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$"
)  # a source's `published`: 2022-09-23, 2021-05, 2020
QUOTED = re.compile(r"“[^“”]*”")  # words quoted verbatim: kept as written


def date_words(published) -> str:
    """A source's date as running text writes it: 2022-09-23 → 2022年9月23日, 2021-05 → 2021年5月, 2020 → 2020年;
    a missing date → 日期未载明. The data and the manifest keep the ISO form; only the reader sees this one."""
    if missing(published) or not str(published).strip():
        return UNDATED
    match = PUBLISHED_FORM.match(str(published).strip())
    if not match:
        return str(published)
    year, month, day = match.groups()
    return f"{year}年" + (f"{int(month)}月" if month else "") + (f"{int(day)}日" if month and day else "")


def _outside(text: str, change, *kept: re.Pattern) -> str:
    """`change` applied to `text` except inside what the `kept` patterns match (addresses, titles, quotes): each of
    those is held out as one private-use character (HELD, which CJK counts as Chinese) and put back afterwards."""
    held: list[str] = []

    def hold(match: re.Match) -> str:
        held.append(match.group())
        return chr(HELD_FIRST + len(held) - 1)

    masked = re.sub("|".join(p.pattern for p in kept), hold, text)
    changed = change(masked)
    return re.sub(f"[{HELD}]", lambda m: held[ord(m.group()) - HELD_FIRST], changed) if held else changed


def dates_in_words(text: str) -> str:
    """ISO dates inside a text (a publisher recorded as “新华社 2020-12-28（英文）”) as running text writes them,
    except inside web addresses, 《titles》 (quoted as published) and “quotes”."""
    if not isinstance(text, str):
        return text
    return _outside(text, lambda part: ISO_DATE.sub(lambda m: date_words(m.group()), part), URL, TITLE, QUOTED)


def years(start: int, end: int) -> str:
    """A period of whole years: 2012—2022年; one year is written once: 2020年 (never 2020—2020年)."""
    return f"{start}年" if int(start) == int(end) else f"{start}—{end}年"


def publication(name: str) -> str:
    """A newspaper's or periodical's name as running text writes it: 晋中日报 → 《晋中日报》."""
    return name if name.startswith("《") and name.endswith("》") else f"《{name}》"


def is_true(flag) -> bool:
    """A true/false column of the data (`true`, `false` or empty; a bool once read)."""
    return flag is True or (isinstance(flag, str) and flag.strip().lower() == "true")


def publisher_name(publisher: str, periodical: bool = False) -> str:
    """Who published a source, as running text names it: a newspaper or periodical in 《》 (the source's
    `publisher_is_periodical` in raw/sources.csv), any ISO date in its recorded name in words."""
    return publication(publisher) if periodical else dates_in_words(publisher)


def source_name(
    publisher: str, published=None, periodical: bool = False, dated: bool = True, cited: str | None = None
) -> str:
    """A source as a source line or byline names it: 《晋中日报》，2022年9月23日; 福建省统计局，2022年; a document
    whose source names how it is cited (`cite_zh`), by that: 济南市2020年提高城乡低保标准的通知，2020年."""
    name = cited if isinstance(cited, str) and cited else publisher_name(publisher, periodical)
    return f"{name}，{date_words(published)}" if dated else name


CHINESE_STOPS = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
ASCII_STOP = re.compile(rf"(?<=[{CJK}])([,;:?!])(?=[{CJK}]|$)")


def chinese_punctuation(text: str) -> str:
    """Full-width punctuation in Chinese text: an ASCII , ; : ? ! after a Chinese character and before another (or
    at the end) becomes ， ； ： ？ ！, and ( ) around Chinese words become （ ）; figures (2,420.33), web addresses
    and “quotes” (verbatim) keep what they have: 幸福工程(省、市政府民生实事) → 幸福工程（省、市政府民生实事）."""
    if not isinstance(text, str):
        return text

    def change(part: str) -> str:
        part = re.sub(rf"\(([^()]*[\u4e00-\u9fff{HELD}][^()]*)\)", r"（\1）", part)
        return ASCII_STOP.sub(lambda m: CHINESE_STOPS[m.group(1)], part)

    return _outside(text, change, URL, QUOTED)


# ── What a report must never show ──────────────────────────────────────────────────────────────────────────────
URL = re.compile(r"https?://[^\s\u3000-\u303f\uff01-\uff60\u4e00-\u9fff“”]+")
TITLE = re.compile(r"《[^》]*》")  # a source's title is quoted as published (表20-2)
DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")  # ISO dates of sources: 2022-09-23
YEAR_RANGE = re.compile(r"(?<!\d)\d{4}-\d{4}(?!\d)")  # a range of years in a source's words: 2012-2022
NUMBERED = re.compile(r"[表图]\d+-\d+")  # numbered tables and charts: 表1-1, 图2-3
HYPHEN_NUMBER = re.compile(r"-\d")
WHOLE_WITH_ZEROS = re.compile(r"\d\.0+[人户个家名次处种](?![/\d])")  # 894,747.00人
MISSING_WORDS = re.compile(r"(?<![A-Za-z])(?:nan|NaN|None|NaT|null)(?![A-Za-z])")
PATHS = re.compile(r"/data/|/tmp/|/work/|\.csv\b|\.ipynb\b|\.py\b|(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])")


def allowed_hyphens(text: str) -> str:
    """The text without what may carry an ASCII hyphen before a digit: web addresses, source titles in 《》,
    ISO dates, four-digit year ranges and table/chart numbers."""
    for pattern in (URL, TITLE, DATE, YEAR_RANGE, NUMBERED):
        text = pattern.sub(" ", text)
    return text


def problems(text: str) -> list[str]:
    """What breaks the house style in a report's visible text, each with its context."""
    found = []

    def context(match, source):
        return source[max(0, match.start() - 20) : match.end() + 20].replace("\n", " ")

    rest = allowed_hyphens(text)
    found += [f"ASCII hyphen before a number: …{context(m, rest)}…" for m in HYPHEN_NUMBER.finditer(rest)]
    bare = URL.sub(" ", text)
    found += [f"missing value: …{context(m, bare)}…" for m in MISSING_WORDS.finditer(bare)]
    found += [f"file path or hash: …{context(m, bare)}…" for m in PATHS.finditer(bare)]
    found += [f"doubled unit: {s}" for s in doubled_units(bare)]
    found += [f"decimals on a whole count: …{context(m, bare)}…" for m in WHOLE_WITH_ZEROS.finditer(bare)]
    return found


# Sentences about method, audit or absence: they belong to the working papers (and the publication's one page on
# sources and method), never to a chapter of the publication. The tests read every publication for them.
METHOD_PHRASES = (
    "本章涉及的全部数字",
    "按原文口径列出",
    "下表按同一单位计算",
    "只在数据中声明了相互关系",
    "来源自身给出的百分比",
    "本章来源没有给出",
    "比较数据来自公开网页",
    "见合订本附录",
    "图中只画有数据的年份",
    "原文数字核对",
)
