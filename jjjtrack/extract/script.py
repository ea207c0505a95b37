"""The analysis copy of a text: simplified script and ASCII digits, one character for one.

opencc's t2s keeps every character's length, so offsets in the copy are offsets in the
original. Where a line would change length (an unexpected opencc entry), that line is
analysed as written instead.
"""

from __future__ import annotations

from jjjtrack.t2s import to_simplified as t2s

from .numbers import FULLWIDTH_RE, FULLWIDTH_TO_ASCII


def analysis_copy(text: str) -> str:
    """Simplified, with full-width digits as ASCII; always exactly len(text) characters."""
    simplified = to_simplified(text)
    if FULLWIDTH_RE.search(simplified):  # translate is slow on CJK text: only when there is work
        return simplified.translate(FULLWIDTH_TO_ASCII)
    return simplified


CHUNK = 1 << 20  # converted a piece at a time: opencc holds UTF-8 copies of what it converts


def to_simplified(text: str) -> str:
    if text.isascii():
        return text
    try:
        return "".join(simplified_chunk(chunk) for chunk in chunks(text))
    except Exception:  # opencc missing or failing (lone surrogates): analyse the text as written
        return text


def chunks(text: str):
    """Pieces of about CHUNK characters, cut after a newline where there is one."""
    start = 0
    while start < len(text):
        end = min(len(text), start + CHUNK)
        if end < len(text):
            cut = text.rfind("\n", start, end)
            end = cut + 1 if cut > start else end
        yield text[start:end]
        start = end


def simplified_chunk(chunk: str) -> str:
    converted = t2s(chunk)  # a document read just before may have been converted already
    if len(converted) == len(chunk):
        return converted
    return convert_line_by_line(chunk)


def convert_line_by_line(text: str) -> str:
    lines = []
    for line in text.split("\n"):
        converted = t2s(line)
        lines.append(converted if len(converted) == len(line) else line)
    return "\n".join(lines)
