"""The analysis copy of a text: simplified script and ASCII digits, one character for one.

opencc's t2s keeps every character's length, so offsets in the copy are offsets in the
original. Where a line would change length (an unexpected opencc entry), that line is
analysed as written instead.
"""

from __future__ import annotations

from functools import lru_cache

from .numbers import FULLWIDTH_RE, FULLWIDTH_TO_ASCII


@lru_cache(maxsize=1)
def converter():
    import opencc

    return opencc.OpenCC("t2s")


def analysis_copy(text: str) -> str:
    """Simplified, with full-width digits as ASCII; always exactly len(text) characters."""
    simplified = to_simplified(text)
    if FULLWIDTH_RE.search(simplified):  # translate is slow on CJK text: only when there is work
        return simplified.translate(FULLWIDTH_TO_ASCII)
    return simplified


def to_simplified(text: str) -> str:
    if text.isascii():
        return text
    try:
        converted = converter().convert(text)
    except Exception:  # opencc missing or failing: analyse the text as written
        return text
    if len(converted) == len(text):
        return converted
    return convert_line_by_line(text)


def convert_line_by_line(text: str) -> str:
    lines = []
    for line in text.split("\n"):
        converted = converter().convert(line)
        lines.append(converted if len(converted) == len(line) else line)
    return "\n".join(lines)
