"""Reading a number as the source wrote it: Arabic digits (323, 4.6, 1,702) or Chinese numerals (十, 两, 十八)."""

from __future__ import annotations

import re

_ARABIC = re.compile(r"\d[\d,]*(?:\.\d+)?")
# Chinese numerals; a 万 or 亿 at the end is the unit, as in 4.6万人 (十万人 is 十 of 万人, 一万二千 is 12000)
_CHINESE = re.compile(r"[零〇一二两三四五六七八九十百千万亿]*[零〇一二两三四五六七八九十百千]")


def _chinese_to_number(text: str) -> float:
    import cn2an  # a maintained reader of Chinese numerals; imported when a figure is written in them

    return float(cn2an.cn2an(text, "smart"))


def number_as_written(text: str) -> float:
    """The first number in `text`, e.g. '38.86亿元' -> 38.86, '十年' -> 10, '两处' -> 2, '一万二千人' -> 12000."""
    arabic = _ARABIC.search(text)
    if arabic:
        return float(arabic.group().replace(",", ""))
    chinese = _CHINESE.search(text)
    if chinese:
        return _chinese_to_number(chinese.group())
    raise ValueError(f"no number in {text!r}")


def split_written(text: str) -> tuple[float | None, str]:
    """A figure as written, split into its number and what follows it: '99.7%' -> (99.7, '%'), '十年' -> (10, '年'),
    '1.2倍' -> (1.2, '倍'), '6个' -> (6, '个'); (None, text) when it holds no number."""
    match = _ARABIC.search(text) or _CHINESE.search(text)
    if not match:
        return None, text
    return number_as_written(match.group()), text[match.end() :].strip()
