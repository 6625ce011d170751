"""Why a quote is not in its source: the source's passage nearest to it and the first character where the two differ,
named when it is a full-width character where the source writes a half-width one (，for ,) or the other way."""

from __future__ import annotations

import difflib
import unicodedata
from collections import Counter

# Pairs NFKC does not join: an ideographic full stop, curly quotes, the ideographic comma (顿号) typed for a comma.
WIDTH_PAIRS = {("。", "."), ("“", '"'), ("”", '"'), ("‘", "'"), ("’", "'"), ("、", ",")}
COMMON = 300  # a pair of characters found more often than this in a source says nothing of where a quote is
CANDIDATES = 12  # places of the source a quote is compared with in full
SHOWN = 80  # characters of the nearest passage a message shows at most


def _offsets(quote: str, text: str) -> list[int]:
    """Where in `text` the quote may start: the offsets most of its pairs of characters agree on."""
    votes: Counter[int] = Counter()
    for i in range(max(len(quote) - 1, 1)):
        pair, found = quote[i : i + 2], []
        at = text.find(pair)
        while at != -1 and len(found) <= COMMON:
            found.append(at)
            at = text.find(pair, at + 1)
        if len(found) <= COMMON:
            votes.update(f - i for f in found)
    return [offset for offset, _ in votes.most_common(CANDIDATES)]


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _prefix(a: str, b: str) -> int:
    return next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))


def nearest_passage(quote: str, text: str) -> str | None:
    """The passage of `text` most like `quote` (its length give or take a few characters; of passages alike, the one
    that starts as the quote does); None when no part of the text resembles it."""
    windows = {
        (max(o + shift, 0), len(quote) + grow)
        for o in _offsets(quote, text)
        for shift in (-2, -1, 0, 1, 2)
        for grow in (-2, -1, 0, 1, 2)
    }
    passages = [text[start : start + length] for start, length in sorted(windows)]
    if not passages:
        return None
    best = max(passages, key=lambda w: (round(_ratio(quote, w), 6), _prefix(quote, w), -abs(len(w) - len(quote))))
    return best if _ratio(quote, best) >= 0.5 else None


def width_pair(a: str, b: str) -> bool:
    """Whether `a` and `b` are one character written full-width and half-width (，and , ；and ; （and ( …)."""
    same = a != b and unicodedata.normalize("NFKC", a) == unicodedata.normalize("NFKC", b)
    return same or (a, b) in WIDTH_PAIRS or (b, a) in WIDTH_PAIRS


def _width(character: str) -> str:
    return "full-width" if unicodedata.east_asian_width(character) in ("F", "W") else "half-width"


def _shown(character: str) -> str:
    return f"{character!r} (U+{ord(character):04X})"


def first_difference(quote: str, passage: str) -> str:
    """Where the quote first differs from the passage, in words (position counted from 1 in the quote)."""
    tag, i, i2, j, j2 = next(
        (op for op in difflib.SequenceMatcher(None, quote, passage, autojunk=False).get_opcodes() if op[0] != "equal"),
        ("equal", len(quote), len(quote), len(passage), len(passage)),
    )
    if tag == "insert":
        return f"after character {i} the quote leaves out the source's {passage[j:j2]!r}"
    if tag == "delete":
        return f"at character {i + 1} the quote has {quote[i:i2]!r}, which the source does not"
    if tag == "equal":
        return "the quote differs from the source only in what surrounds it"
    a, b = quote[i], passage[j]
    said = f"at character {i + 1} the quote has {_shown(a)} where the source has {_shown(b)}"
    if width_pair(a, b):
        said += f": {_width(a)} for the source's {_width(b)} punctuation"
        others = sum(width_pair(x, y) for x, y in zip(quote[i + 1 :], passage[j + 1 :]))
        said += f" ({others} more such place(s) in the quote)" if others else ""
    return said


def _around(passage: str, at: int) -> str:
    """The passage, or SHOWN characters of it around `at` (the first difference) when it is longer."""
    if len(passage) <= SHOWN:
        return passage
    start = min(max(at - SHOWN // 3, 0), len(passage) - SHOWN)
    return ("…" if start else "") + passage[start : start + SHOWN] + ("…" if start + SHOWN < len(passage) else "")


def not_found(quote: str, text: str) -> str:
    """Why `quote` is not in `text`, in one line: the first difference from the nearest passage, and that passage."""
    passage = nearest_passage(quote, text) if text else None
    if passage is None:
        return "no passage of the source resembles it; check that the quote and source_id belong together"
    shown = _around(passage, _prefix(quote, passage))
    return f"{first_difference(quote, passage)}; nearest passage: {shown!r}"
