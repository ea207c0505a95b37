"""Numeral candidates: one compiled scan over the analysis text, and the quantity each one states.

A candidate is a numeral (Arabic, Chinese, mixed, fraction, or a quantity word such as 一半),
with the approximate suffix (多, 余) and multiplier (万, 亿) written with it, and the unit or
measure word that follows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import lexicon
from .numbers import CHINESE_DIGITS, COUNTING_ONLY, LARGE_UNITS, SMALL_UNITS, parse_fraction
from .numbers import parse_normalized as parse_number
from .units import quantity, unit_at, unit_words

CHINESE_CHARS = "".join(c for c in (*CHINESE_DIGITS, *SMALL_UNITS) if not c.isascii())
LARGE_CHARS = "".join(dict(LARGE_UNITS))
DECIMAL_DIGITS = "".join(c for c, v in CHINESE_DIGITS.items() if not c.isascii() and c not in COUNTING_ONLY)


@dataclass
class Candidate:
    start: int  # first character of the numeral
    numeral_end: int  # after numeral, suffix and multiplier
    end: int  # after the unit (== numeral_end without one)
    value: float
    unit: str
    numeral: str
    is_chinese: bool
    approx_suffix: bool
    has_multiplier: bool
    is_special: bool
    table_column: int | None = None  # the column of an indicator table the number stands in
    table_name: tuple[int, int] | None = None  # where that table row names its indicator
    borrowed_unit: bool = False  # 2万亿、3万亿元: the unit is the next list item's
    unit_at: tuple[tuple[int, int], ...] = ()  # where a borrowed unit's pieces are written (for its script)
    table_year: int | None = None  # the year the column's heading names


@lru_cache(maxsize=None)
def candidate_regex() -> re.Pattern:
    units = lexicon.load("units")
    specials = sorted(set(units["special"]) | set(units["scale_suffix"]["words"]), key=len, reverse=True)
    approx = "|".join(map(re.escape, units["approx_suffix"]["at_least"]))
    c = CHINESE_CHARS
    # 1万6千, 1亿3千: Arabic digits with Chinese place words; a 千 that starts a unit (千米) is not one.
    not_unit = "|".join(re.escape(u[1:]) for u in unit_words() if u.startswith("千") and len(u) > 1)
    big = LARGE_CHARS
    place = rf"(?:[{big}]|千(?!{not_unit}))" if not_unit else f"[{big}千]"
    arabic = rf"\d{{1,3}}(?:,\d{{3}})+(?!\d)|\d+(?:\.\d+)?(?:{place}\d+(?:\.\d+)?)*(?:千(?!{not_unit}))?"
    lone_one = "|".join(f"(?<={re.escape(w)})" for w in units["lone_one"]["after"])
    # A leading character class lets the regex engine skip, in C, every position that cannot start a numeral.
    first = re.escape("".join(sorted({w[0] for w in specials} | set(c + big))))
    return re.compile(
        rf"(?=[0-9{first}])(?:"
        rf"(?P<special>{'|'.join(map(re.escape, specials))})"
        rf"|{bare_magnitude(units['bare_magnitude'])}"
        rf"|(?P<den>[{c}0-9]+)分之(?P<numer>[{c}0-9.]+(?:点[{c}]+)?)"
        rf"|(?P<arabic>{arabic})(?P<a_approx>{approx})?(?P<a_mult>[{big}]{{1,2}})?(?P<a_approx2>{approx})?"
        # a lone 一 (一体化, 进一步, 一个) is an article or part of a word, except in a rank (第一)
        rf"|(?:(?<=第)|{lone_one}|(?!一(?![{c}{big}点分])))(?P<chinese>[{c}{big}]*[{c}][{c}{big}]*(?:点[{DECIMAL_DIGITS}]+)?)"
        rf"(?P<c_approx>{approx})?(?P<c_mult>[{big}]{{1,2}})?(?P<c_approx2>{approx})?"
        rf")"
    )


def bare_magnitude(table: dict) -> str:
    """近亿, 在万亿, 万(吨级): a magnitude word with no digit, after a preceder or before a size class.
    Python's look-behind needs a fixed width, so each preceder gets its own."""
    words = "|".join(map(re.escape, sorted(table["words"], key=len, reverse=True)))
    behind = "|".join(f"(?<={re.escape(p)})" for p in table["preceders"])
    marks = "|".join(map(re.escape, [table["size_class_mark"]] + table["threshold_marks"]))
    return rf"(?:{behind})(?P<bare>{words})|(?<![{CHINESE_CHARS}{LARGE_CHARS}0-9])(?P<bare_class>{words})(?=[^{CHINESE_CHARS}{LARGE_CHARS}]{{1,3}}(?:{marks}))"


def read_bare(match: re.Match, text: str) -> Candidate | None:
    """近亿人次 -> 1e8 人次, 万吨级 -> 10000 吨级, 亿元以上项目 -> 1 亿元: only with a unit after it."""
    word = match["bare"] or match["bare_class"]
    unit_match = unit_at(text, match.end())
    if unit_match is None:
        return None
    end = unit_match.end()
    unit = unit_match.group(0)
    table = lexicon.load("units")["bare_magnitude"]
    mark = table["size_class_mark"]
    threshold = match["bare_class"] and text.startswith(tuple(table["threshold_marks"]), end)
    if match["bare_class"] and not text.startswith(mark, end) and not threshold:
        return None
    read = quantity("1" + word, unit)
    if read is None:
        return None
    value, unit_written = read
    if match["bare_class"] and not threshold:
        end, unit_written = end + len(mark), unit_written + mark
    return Candidate(match.start(), match.end(), end, value, unit_written, word, True, False, True, False)


def read_candidate(match: re.Match, text: str) -> Candidate | None:
    """The quantity a scan match states, with the unit that follows it; None if it states none."""
    if match["special"]:
        return read_special(match)
    if match["bare"] or match["bare_class"]:
        return read_bare(match, text)
    if match["den"]:
        rates = lexicon.load("units")["fractions"]
        value = parse_fraction(match["den"], match["numer"], as_rate=match["den"] in rates)
        if value is None:
            return None
        unit = rates.get(match["den"], "")
        return Candidate(match.start(), match.end(), match.end(), value, unit, match.group(0),
                         True, False, False, True)
    is_chinese = match["chinese"] is not None
    digits = match["chinese"] if is_chinese else match["arabic"]
    multiplier = (match["c_mult"] if is_chinese else match["a_mult"]) or ""
    approx = bool(match["c_approx"] or match["c_approx2"]) if is_chinese else bool(match["a_approx"] or match["a_approx2"])
    numeral = digits + multiplier
    unit_match = unit_at(text, match.end())
    unit = unit_match.group(0) if unit_match else ""
    read = quantity(numeral, unit)
    if read is None:
        return None
    value, unit_written = read
    end = unit_match.end() if unit_match else match.end()
    has_multiplier = bool(multiplier) or (is_chinese and digits[-1] in LARGE_CHARS)
    return Candidate(match.start(), match.end(), end, value, unit_written, numeral, is_chinese,
                     approx, has_multiplier, False)


def read_special(match: re.Match) -> Candidate:
    word = match["special"]
    units = lexicon.load("units")
    if word in units["special"]:
        entry = units["special"][word]
        value, unit = float(entry["value"]), entry["unit"]
    else:  # 万亿级 -> 10000 亿级: as with money, the 亿 stays in the unit and what comes before it is the value
        value, unit = size_class(word, units["scale_suffix"]["kept"])
    return Candidate(match.start(), match.end(), match.end(), value, unit, word, True, False, False, True)


def size_class(word: str, kept: list[str]) -> tuple[float, str]:
    """万亿级 -> (10000, 亿级), 百亿元级 -> (100, 亿元级), 亿级 -> (1, 亿级)."""
    head = word[:-1]
    for tail in sorted(kept, key=len, reverse=True):
        if head.endswith(tail):
            prefix = head[:-len(tail)]
            return (parse_number(prefix) if prefix else 1.0) or 1.0, word[len(prefix):]
    return parse_number(head) or 1.0, word[-1]


def range_upper(text: str, candidate: Candidate) -> Candidate | None:
    """For 4.5%至5%, 0.5至1小时 or 100万元至300万元, the upper bound; else None."""
    at = candidate.end
    if at >= len(text) or text[at] not in lexicon.load("units")["range"]["joiners"]:
        return None
    match = candidate_regex().match(text, at + 1)
    if not match or match["special"] or match["den"]:
        return None
    upper = read_candidate(match, text)
    if upper is None or not upper.unit or upper.is_chinese != candidate.is_chinese:
        return None
    if candidate.unit and upper.unit != candidate.unit:
        return None
    return upper
