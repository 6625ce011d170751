"""Reading a number as the source wrote it: Arabic digits (323, 4.6, 1,702) or Chinese numerals (十, 两, 十八)."""

from __future__ import annotations

import re

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ARABIC = re.compile(r"\d[\d,]*(?:\.\d+)?")
_CHINESE = re.compile(r"[零〇一二两三四五六七八九十百千]+")


def _chinese_to_int(text: str) -> int:
    total, current = 0, 0
    for char in text:
        if char in _DIGITS:
            current = _DIGITS[char]
        else:
            scale = {"十": 10, "百": 100, "千": 1000}[char]
            total += (current or 1) * scale
            current = 0
    return total + current


def number_as_written(text: str) -> float:
    """The first number in `text`, e.g. '38.86亿元' -> 38.86, '十年' -> 10, '两处' -> 2."""
    arabic = _ARABIC.search(text)
    if arabic:
        return float(arabic.group().replace(",", ""))
    chinese = _CHINESE.search(text)
    if chinese:
        return float(_chinese_to_int(chinese.group()))
    raise ValueError(f"no number in {text!r}")


def split_written(text: str) -> tuple[float | None, str]:
    """A figure as written, split into its number and what follows it: '99.7%' -> (99.7, '%'), '十年' -> (10, '年'),
    '1.2倍' -> (1.2, '倍'), '6个' -> (6, '个'); (None, text) when it holds no number."""
    match = _ARABIC.search(text) or _CHINESE.search(text)
    if not match:
        return None, text
    return number_as_written(match.group()), text[match.end() :].strip()
