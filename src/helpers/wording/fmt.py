"""Numbers written the Chinese way, by the house rules (helpers.wording.style): thousands separators except for years,
at most two decimals with no trailing zeros, percentages to one decimal, “−” for a minus, 万/亿 for large
figures, units in one order (元/人/月)."""

from __future__ import annotations

from babel.numbers import format_compact_decimal

from helpers.wording import style

LOCALE = "zh_Hans_CN"
COMPACT_FROM = 100_000  # below this, 73,602 reads better than 7.4万
MINUS = style.MINUS  # U+2212, not the ASCII hyphen-minus


def number(value: float, decimals: int | None = None, fixed: bool = False) -> str:
    """73602 -> '73,602'; 99.69 with decimals=1 -> '99.7'; 470.0 with decimals=1 -> '470' (unless `fixed`);
    by default up to 2 decimals; −805 -> '−805'."""
    return style.number(value, decimals, fixed=fixed)


def year(value) -> str:
    """A calendar year or a number of years, never with a separator: 2022 -> '2022'."""
    return style.number(value, 0, grouping=False)


def compact(value: float, decimals: int = 2) -> str:
    """Large figures with 万/亿: 46000 -> '4.6万', 3886000000 -> '38.86亿'."""
    if abs(value) < COMPACT_FROM:
        return number(value)
    text = format_compact_decimal(abs(value), format_type="short", locale=LOCALE, fraction_digits=decimals)
    return style.signed(text, value) if value < 0 else text


def percent(value: float, decimals: int = style.PERCENT_DECIMALS) -> str:
    """A derived percentage, in percent units, to a fixed number of decimals: 99.69 -> '99.7%', 239 -> '239.0%'."""
    return f"{number(value, decimals, fixed=True)}%"


def signed_percent(value: float, decimals: int = style.PERCENT_DECIMALS) -> str:
    return style.signed(percent(abs(value), decimals), value)


def with_unit(value: float, unit: str, decimals: int | None = None) -> str:
    """A figure with its unit: '323元/人/月', '38.86亿元', '48,713户', '10年', '239%' (a whole percentage as is,
    otherwise one decimal), '115万人' for 1.15百万人; `decimals` is the most shown (no trailing zeros)."""
    unit = style.unit(unit)
    if unit == "%":
        return percent(value, decimals if decimals is not None else (0 if float(value).is_integer() else 1))
    value, unit = style.chinese_scale(value, unit)
    if style.kind(None, unit) == style.YEARS:
        return f"{style.number(value, decimals, grouping=False)}{unit}"
    return f"{number(value, decimals)}{unit}"


def signed_with_unit(value: float, unit: str, decimals: int | None = None) -> str:
    """A change with its sign: '+0.42亿元', '−1.04亿元'."""
    return style.signed(with_unit(abs(value), unit, decimals), value)


def year_list(years) -> str:
    """[2011, 2012, 2013, 2016] → '2011—2013、2016年': runs of consecutive years joined."""
    years = sorted(int(y) for y in years)
    runs, start = [], None
    for i, year_ in enumerate(years):
        start = year_ if start is None else start
        if i + 1 == len(years) or years[i + 1] != year_ + 1:
            runs.append(str(year_) if start == year_ else f"{start}—{year_}")
            start = None
    return "、".join(runs) + "年"
