"""Numbers written the Chinese way: thousands separators, 万/亿 for large figures, units as stated."""

from __future__ import annotations

from babel.numbers import format_compact_decimal, format_decimal

LOCALE = "zh_Hans_CN"
COMPACT_FROM = 100_000  # below this, 73,602 reads better than 7.4万


def number(value: float, decimals: int | None = None) -> str:
    """73602 -> '73,602'; 99.69 with decimals=1 -> '99.7'; by default up to 2 decimals, no trailing zeros."""
    if decimals is None:
        return format_decimal(round(value, 2), format="#,##0.##", locale=LOCALE)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(round(value, decimals), format=pattern, locale=LOCALE)


def compact(value: float, decimals: int = 2) -> str:
    """Large figures with 万/亿: 46000 -> '4.6万', 3886000000 -> '38.86亿'."""
    if abs(value) < COMPACT_FROM:
        return number(value)
    return format_compact_decimal(value, format_type="short", locale=LOCALE, fraction_digits=decimals)


def percent(value: float, decimals: int = 1) -> str:
    """A percent figure given in percent units: 99.69 -> '99.7%'."""
    return f"{number(value, decimals)}%"


MINUS = "−"  # U+2212, not the ASCII hyphen-minus


def signed_percent(value: float, decimals: int = 1) -> str:
    return ("+" if value > 0 else MINUS if value < 0 else "") + percent(abs(value), decimals)


def with_unit(value: float, unit: str, decimals: int | None = None) -> str:
    """A figure with its unit as the source states it: '323元/人/月', '38.86亿元', '48,713户'."""
    if unit == "%":
        return percent(value, decimals if decimals is not None else (0 if float(value).is_integer() else 1))
    return f"{number(value, decimals)}{unit}"


def signed_with_unit(value: float, unit: str, decimals: int | None = None) -> str:
    """A change with its sign: '+0.42亿元', '-1.04亿元'."""
    return ("+" if value > 0 else MINUS if value < 0 else "") + with_unit(abs(value), unit, decimals)


def year_list(years) -> str:
    """[2011, 2012, 2013, 2016] → '2011—2013、2016年': runs of consecutive years joined."""
    years = sorted(int(y) for y in years)
    runs, start = [], None
    for i, year in enumerate(years):
        start = year if start is None else start
        if i + 1 == len(years) or years[i + 1] != year + 1:
            runs.append(str(year) if start == year else f"{start}—{year}")
            start = None
    return "、".join(runs) + "年"
