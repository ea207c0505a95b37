"""Units and measure words: which words may follow a number, and how number + unit become a quantity.

Money keeps its multiplier in the unit (5.66万亿元 -> 5.66, 万亿元); other quantities fold
万/亿 into the value (1200万人 -> 12000000, 人).
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import lexicon
from .numbers import parse_normalized as parse_number


@lru_cache(maxsize=None)
def unit_words() -> frozenset[str]:
    table = lexicon.load("units")
    words = set(table["money"]["words"]) | set(table["percent"]["words"]) | set(table["measure"]["words"])
    return frozenset(words | set(table["rank"]["units"]) | {table["duration"]["unit"]})


@lru_cache(maxsize=None)
def unit_regex() -> re.Pattern:
    """Any unit or measure word, longest first, anchored where it is used (match at a position)."""
    return alternation(unit_words())


@lru_cache(maxsize=None)
def money_units() -> frozenset[str]:
    return frozenset(lexicon.load("units")["money"]["words"])


@lru_cache(maxsize=None)
def rank_units() -> frozenset[str]:
    return frozenset(lexicon.load("units")["rank"]["units"])


@lru_cache(maxsize=None)
def trap_regex() -> re.Pattern:
    return alternation(lexicon.load("units")["traps"]["words"])


def unit_at(text: str, position: int) -> re.Match | None:
    """The unit written at position, unless the characters begin another word (家庭, 个人, 项目)."""
    if trap_regex().match(text, position):
        return None
    return unit_regex().match(text, position)


def alternation(words) -> re.Pattern:
    ordered = sorted(words, key=lambda w: (-len(w), w))
    return re.compile("|".join(re.escape(w) for w in ordered))


def split_multiplier(numeral: str) -> tuple[str, str]:
    """1.1万 -> ("1.1", "万"); 5.66万亿 -> ("5.66", "万亿"); 一百二十 -> ("一百二十", "")."""
    core = numeral.rstrip("万亿")
    if not core:
        return numeral, ""
    return core, numeral[len(core):]


def quantity(numeral: str, unit: str) -> tuple[float, str] | None:
    """The value and unit of a numeral followed by a unit, by the guide's conventions."""
    if unit in money_units() and not unit.startswith(("万", "亿")):
        core, multiplier = split_multiplier(numeral)
        if multiplier and parse_number(core) is not None:
            return parse_number(core), multiplier + unit
    value = parse_number(numeral)
    if value is None:
        return None
    return value, unit
