"""Text as a reader sees it, from the pieces a layout gives: the spaces PDF writers and OCR
put around Chinese characters dropped, broken lines joined into paragraphs, table rows as
one line each with the cells between tabs."""

from __future__ import annotations

import datetime as dt
import re

# CJK ideographs, CJK and full-width punctuation: no space belongs next to them in Chinese
_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_SPACES_AT_CJK_RE = re.compile(f"(?<=[{_CJK}])[ \\t\\xa0]+|[ \\t\\xa0]+(?=[{_CJK}])")
_CELL_SPACE_RE = re.compile(r"\s+")
WORD_END_RE = re.compile(r"[A-Za-z0-9]$")
WORD_START_RE = re.compile(r"^[A-Za-z]")


def tidy(line: str) -> str:
    """`2024 年 5 月` -> `2024年5月`, `经 济` -> `经济`; spaces between Latin words stay."""
    return _SPACES_AT_CJK_RE.sub("", line).strip()


def join_lines(head: str, tail: str) -> str:
    """Two pieces of one paragraph: Chinese joins with nothing between, Latin words with a space."""
    if WORD_END_RE.search(head) and WORD_START_RE.search(tail):
        return f"{head} {tail}"
    return head + tail


def cell_text(text: str | None) -> str:
    """A table cell on one line: its own line breaks are the column's width, not the writer's."""
    if not text:
        return ""
    pieces = [tidy(piece) for piece in text.splitlines()]
    joined = ""
    for piece in pieces:
        joined = join_lines(joined, piece) if joined else piece
    return _CELL_SPACE_RE.sub(" ", joined).strip()


def table_lines(rows) -> list[str]:
    """A table's rows (lists of cell texts) as lines, cells between tabs; empty rows dropped."""
    lines = []
    for row in rows:
        cells = [cell_text(cell) for cell in row]
        if any(cells):
            lines.append("\t".join(cells))
    return lines


class TextWriter:
    """Builds a text paragraph by paragraph, knowing where each piece lands (for page starts)."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self.position = 0
        self._last = ""

    def new_paragraph(self, text: str) -> int:
        """Write `text` as a paragraph of its own; return where it starts."""
        if self.position:
            self._put("\n")
        start = self.position
        self._put(text)
        return start

    def continue_paragraph(self, text: str) -> int:
        """Write `text` as the rest of the paragraph a width broke; return where it starts."""
        if not self.position:
            return self.new_paragraph(text)
        start = self.position
        self._put(join_lines(self._last, text)[len(self._last):])
        return start

    def text(self) -> str:
        return "".join(self._parts)

    def _put(self, piece: str) -> None:
        if piece:
            self._parts.append(piece)
            self.position += len(piece)
            self._last = piece[-1]


def real_date(match: re.Match | None) -> str | None:
    """YYYY-MM-DD of a match's (year, month, day) groups; None without a match or a real date."""
    if not match:
        return None
    try:
        return dt.date(*map(int, match.groups()[:3])).isoformat()
    except ValueError:
        return None
