"""When a figure holds: its period as a key (to pair figures of the same period) and as words for readers.

Relative words in a source (今年, 去年, 目前) are resolved against the source's publication date; a period the
source does not date stays unknown and says so.
"""

from __future__ import annotations

import re

import pandas as pd

UNKNOWN_PERIOD = "时间未载明"
_RELATIVE = {"今年": 0, "本年": 0, "当年": 0, "去年": -1, "上年": -1, "前年": -2}
STAGE_ORDER = {"before": 0, None: 1, "after": 2}


def _year(value) -> int:
    return int(value)


def known(value) -> bool:
    return value is not None and not pd.isna(value)


def resolve_relative(note: str, year: int) -> str:
    """'截至今年7月1日' in a 2022 source → '截至2022年7月1日'."""
    return re.sub("|".join(_RELATIVE), lambda m: f"{year + _RELATIVE[m.group()]}年", note)


def as_of(fact: pd.Series) -> str:
    """The source's date as a period end: '2022年9月', or '2013年' when only its year is known."""
    year, month = fact.get("published_year"), fact.get("published_month")
    if not known(year):
        return UNKNOWN_PERIOD
    return f"{int(year)}年{int(month)}月" if known(month) else f"{int(year)}年"


def label(fact: pd.Series) -> str:
    """'2012年', '截至2022年9月', '2012年至2022年9月', '截至2022年7月1日', or the source's own words when undated."""
    start, note = fact.get("start_year"), fact.get("period_note")
    has_note = isinstance(note, str) and bool(note)
    if fact["period_basis"] == "unknown":
        if has_note:
            return note
        return UNKNOWN_PERIOD if not known(start) else f"{_year(start)}年以来"
    if has_note and known(fact.get("published_year")):
        return resolve_relative(note, int(fact["published_year"]))
    end = as_of(fact) if fact["period_basis"] == "article_date" else f"{_year(fact['year'])}年"
    if known(start):
        return f"{_year(start)}年至{end}"
    as_of_month = fact["period_basis"] == "article_date" and known(fact.get("published_month"))
    return f"截至{end}" if as_of_month else end


def key(fact: pd.Series) -> tuple:
    """Figures with the same key hold for the same period: same years and stage, or (undated) the same sentence."""
    stage = fact.get("stage") if isinstance(fact.get("stage"), str) else None
    if known(fact.get("year")):
        return ("dated", int(fact["start_year"]) if known(fact.get("start_year")) else None, int(fact["year"]), stage)
    cited = fact.get("quote") if isinstance(fact.get("quote"), str) else fact.get("table_column")
    return ("undated", fact.get("source_id"), cited, stage)


def order(fact: pd.Series) -> tuple:
    """Sort order of a series: by year, then before → after within a year."""
    stage = fact.get("stage") if isinstance(fact.get("stage"), str) else None
    return (int(fact["year"]) if known(fact.get("year")) else 10**6, STAGE_ORDER.get(stage, 1))


def span_words(start: int, end: int) -> str:
    """'十年' only for a ten-year span; otherwise the years ('2015—2020年')."""
    return "十年" if end - start == 10 else (f"{start}年" if start == end else f"{start}—{end}年")


def within_years(frame: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    """Rows whose stated years fall in [start, end]; rows with an unknown year are kept (and say so)."""
    year_ok = frame["year"].isna() | frame["year"].between(start, end)
    if "start_year" in frame:
        year_ok &= frame["start_year"].isna() | (frame["start_year"] >= start)
    return frame[year_ok.astype(bool)]
