"""The words around a table or a chart: titles that say what a table holds, captions that say what a chart shows,
and chart titles that state a finding, each built by rule from the figures, never typed.

- A table is titled by its content: the names of its indicators (shortened: 城市/农村 of one name said once as
  城乡, the distinct names joined by 、 and 与 up to a length, then 等N项) and its years: “城乡低保标准与保障人数
  （2012、2022年）”, never by the section it sits in.
- A chart's caption says what it shows: “城乡低保标准（2012—2022年）”; its number goes before it (图2-1).
- A chart's title states the finding where there is one, a change's size in words: “城市低保标准十年提高近一倍”
  (90–100% 近一倍; 10–90% in tenths: 三成多, 近三成; from 2.5 times: 提高到原来的3.4倍); a place against others:
  “2022年城市低保标准低于山西省和全国”.
"""

from __future__ import annotations

import math
import re

from helpers.base import periods
from helpers.wording import fmt, style

TITLE_LENGTH = 24  # characters of names a table title or chart caption lists before it says 等N项
NUMERALS = "零一二三四五六七八九十"
# two scopes of one name said once: 城市低保标准 + 农村低保标准 → 城乡低保标准
SCOPE_PAIRS = (("城市", "农村", "城乡"),)
SAME = 3.0  # a change below 3% is 基本持平; places within 3% of each other are 相当
YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?=年|—|\D|$)")


def change_words(first: float, last: float, kind: str) -> str:
    """A change's size in words, with the verb its kind takes (style.verbs): '提高近一倍', '减少近三成',
    '增加三成多', '提高到原来的3.4倍', '基本持平'; '' when it cannot be said (no positive start)."""
    if not (math.isfinite(first) and math.isfinite(last)) or first <= 0:
        return ""
    pct = (last - first) / first * 100
    if abs(pct) < SAME:
        return "基本持平"
    to_verb, verb = style.verbs(kind, pct)
    size = abs(pct)
    if size < 10:
        return f"小幅{verb}"
    if pct < 0 and size >= 90:
        return f"{verb}九成以上"
    if size < 90:
        tenths, part = divmod(size / 10, 1)
        tenths = int(tenths)
        if part >= 0.7:
            return f"{verb}近{'一半' if tenths + 1 == 5 else NUMERALS[tenths + 1] + '成'}"
        return f"{verb}{NUMERALS[tenths]}成" + ("" if part < 0.1 else "多")
    if size < 100:
        return f"{verb}近一倍"
    if size < 101:
        return f"{verb}一倍"
    if size < 150:
        return f"{verb}一倍多"
    return f"{to_verb}原来的{fmt.number(last / first, 1)}倍"


def change_title(name: str, first_year, last_year, first: float, last: float, kind: str) -> str:
    """A chart title stating a change: '城市低保标准十年提高近一倍' (the span in words: periods.span_words);
    '' when the change cannot be said or its years are not known."""
    words = change_words(first, last, kind)
    if not words or _missing(first_year) or _missing(last_year) or int(last_year) <= int(first_year):
        return ""
    return f"{name}{periods.span_words(int(first_year), int(last_year))}{words}"


def against_title(name: str, year: int, places: dict[str, float], own: float) -> str:
    """A chart title stating where a region stands, at a year both it and the others are known:
    '2022年城市低保标准高于山西省、低于全国' (within 3%: 与…相当); '' when there is nothing to compare."""
    said: dict[str, list[str]] = {}
    for place, value in places.items():
        if not (math.isfinite(value) and value > 0 and math.isfinite(own)):
            continue
        gap = (own - value) / value * 100
        said.setdefault("高于" if gap >= SAME else "低于" if gap <= -SAME else "相当", []).append(place)
    if not said:
        return ""
    parts = [
        f"与{style.join(p)}相当" if word == "相当" else f"{word}{style.join(p)}"
        for word, p in sorted(said.items(), key=lambda item: ["高于", "相当", "低于"].index(item[0]))
    ]
    return f"{int(year)}年{name}{'、'.join(parts)}"


def largest_title(labels: list[str], values: list[float], unit: str) -> str:
    """A bar chart's title stating its finding, its two largest bars: '专项行动排查社会组织1,702家，作出行政处罚的
    社会组织283家'; '' with fewer than two bars."""
    ranked = sorted(zip(values, labels), key=lambda pair: -pair[0])
    if len(ranked) < 2:
        return ""
    return "，".join(f"{name}{fmt.with_unit(value, unit)}" for value, name in ranked[:2])


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or str(value) in ("<NA>", "nan", "NaT")


def short_names(names: list[str], length: int = TITLE_LENGTH) -> str:
    """Names as a title lists them: each once, 城市X and 农村X as 城乡X, joined by 、 and 与; past `length`
    characters the first ones and 等N项: '城乡低保标准与保障人数', '社区数量、行政村数等5项'."""
    distinct = list(dict.fromkeys(n.strip() for n in names if isinstance(n, str) and n.strip()))
    for a, b, both in SCOPE_PAIRS:
        for name in list(distinct):
            if name.startswith(a) and b + name[len(a) :] in distinct:
                distinct[distinct.index(name)] = both + name[len(a) :]
                distinct.remove(b + name[len(a) :])
    if not distinct:
        return ""
    shown: list[str] = []
    for name in distinct:
        if shown and len("、".join([*shown, name])) > length:
            break
        shown.append(name)
    if len(shown) < len(distinct):
        return f"{'、'.join(shown)}等{len(distinct)}项"
    return style.join(shown, "与")


def years_words(years) -> str:
    """The years a table or chart covers: '2022年', '2012、2022年', '2012—2022年' (three or more: the span);
    '' when none is known."""
    known = sorted({int(y) for y in years if not _missing(y)})
    if not known:
        return ""
    if len(known) <= 2:
        return "、".join(str(y) for y in known) + "年"
    return style.years(known[0], known[-1])


def years_in(cells) -> list[int]:
    """Every year written in a table's cells ('2012年 323元/人/月', '截至2022年9月', '2012—2022年')."""
    return [int(y) for cell in cells if isinstance(cell, str) for y in YEAR.findall(cell)]


def titled(what: str, years, undated: int = 0) -> str:
    """'what（years）', or `what` alone when no year is known; with rows whose year the source does not give,
    '（2018年；部分年份未载明）'."""
    when = years_words(years)
    if when and undated:
        when += "；部分年份未载明"
    return f"{what}（{when}）" if when and what else what


def table_title(names: list[str], years, what: str = "", undated: int = 0) -> str:
    """A table's title from its content: its indicators' names (short_names), what it gives of them (`what`: 的变化,
    折合全年), its years and how many of its rows have none: '城乡低保标准与保障人数（2012、2022年）',
    '城乡低保标准的变化（2012、2022年）'."""
    return titled(short_names(names) + what, years, undated)


def events_title(years, count: int) -> str:
    """The chronicle's title: '大事与制度建设（2013—2022年，12项）'."""
    when = years_words(years)
    return f"大事与制度建设（{when + '，' if when else ''}{count}项）"


def checks_title(count: int) -> str:
    """The audit's table: '原文所给百分比、倍数等数字的核对（5项）'."""
    return f"原文所给百分比、倍数等数字的核对（{count}项）"


def comparison_title(name: str, places: list[str], years, what: str = "") -> str:
    """A comparison's chart caption or table title: '城市低保标准：晋中市、山西省与全国（2012—2022年）', with what a
    table gives of them (`what`: 的数值与出处)."""
    return titled(f"{name}：{style.join(list(dict.fromkeys(places)), '与')}{what}", years)


def chart_caption(names: list[str], years, what: str = "") -> str:
    """What a chart shows, after its number: '城乡低保标准（2012—2022年）'."""
    return titled(short_names(names) + what, years)


def caption_of_title(title: str) -> str:
    """A caption for a chart given only its title (a notebook's own chart): the title without its unit in
    brackets: '保障人数（人）' → '保障人数'."""
    return re.sub(r"（[^（）]*）$", "", title).strip() or title
