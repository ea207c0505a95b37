"""Where a sentence or clause around a number begins: just after the last stop before it.

One greedy match runs to the end of the window and backs off to its last stop, in C. (A
regex asking for "a stop with no other stop after it" retries its look-ahead at every stop,
and one str.rfind per stop character pays Python's call overhead seven times.)
"""

from __future__ import annotations

import re
from functools import lru_cache

SENTENCE_STOPS = "。！？!?\n"
CLAUSE_STOPS = "，,；;：:、"


@lru_cache(maxsize=None)
def _through_last(stops: str) -> re.Pattern:
    return re.compile(f"[\\s\\S]*[{re.escape(stops)}]")


def after_last(text: str, stops: str, lo: int, hi: int) -> int:
    """The position after the last of `stops` in text[lo:hi], or lo when there is none."""
    m = _through_last(stops).match(text, lo, hi)
    return m.end() if m else lo
