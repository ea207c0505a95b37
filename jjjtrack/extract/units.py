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
    words |= set(table["streak"]["words"])
    return frozenset(words | set(table["rank"]["units"]) | {table["duration"]["unit"]})


@lru_cache(maxsize=None)
def unit_regex() -> re.Pattern:
    """Any unit or measure word, longest first, anchored where it is used (match at a position)."""
    return alternation(unit_words())


@lru_cache(maxsize=None)
def money_units() -> frozenset[str]:
    return frozenset(lexicon.load("units")["money"]["words"])


@lru_cache(maxsize=None)
def streak_units() -> frozenset[str]:
    return frozenset(lexicon.load("units")["streak"]["words"])


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
    found = unit_regex().match(text, position)
    if found and is_latin_letter(text[found.end() - 1]) and found.end() < len(text) and is_latin_letter(text[found.end()]):
        return None  # 5PB, 10PM: the Latin unit's letters go on into another word
    return found


def is_latin_letter(char: str) -> bool:
    return char.isascii() and char.isalpha()


def alternation(words) -> re.Pattern:
    """Any of the words, the longest that matches at a position. Written as a trie (北京市 and
    北京 share 北京, then 市 or nothing), so a position costs one branch per character, not a
    try of every word. Every branch starts with a literal character, so the regex engine
    itself skips, in C, every position where none of them can start (a leading look-ahead
    for those characters would hide that from it and cost twice the time of a search)."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here
    return re.compile(_trie_pattern(trie))


def _trie_pattern(node: dict) -> str:
    """Longer words first: a branch that goes on is tried before the word that ends here."""
    branches = [re.escape(char) + _trie_pattern(child) for char, child in sorted(node.items()) if char]
    if "" in node:
        branches.append("")
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


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


@lru_cache(maxsize=None)
def ratio_regex() -> re.Pattern:
    """The second term of a ratio (2.1∶1; 3:1 with an ASCII or full-width colon only before 1)."""
    table = lexicon.load("units")["ratio"]
    ratio = "".join(map(re.escape, table["marks"]))
    colon = "".join(map(re.escape, table["colons"]))
    return re.compile(rf"[{ratio}]\d+(?:\.\d+)?(?![\d.{ratio}{colon}])|[{colon}]1(?![\d.{ratio}{colon}])")


def ratio_tail(text: str, end: int) -> int | None:
    """Where the ratio that a number at `end` begins ends (2.1∶1), or None."""
    m = ratio_regex().match(text, end)
    return m.end() if m else None


def is_ratio_unit(unit: str) -> bool:
    """∶1, :1: the unit ratio_tail gives a ratio."""
    table = lexicon.load("units")["ratio"]
    return unit.startswith(tuple(table["marks"] + table["colons"]))


# A row of an indicator table: name（unit） then two or more cells (地区生产总值增长（%）  6.1  6左右  预期性).
TABLE_ROW = re.compile(r"[（(](?P<unit>[^（）()\s]{1,8})[）)](?P<cells>(?:[ \t　|｜]+[^ \t　|｜\n]+){2,})[ \t　|｜]*$")
TABLE_CELL = re.compile(r"[^ \t　|｜\n]+")
NUMERIC_CELL = re.compile(r"[\[〔【(（［]?[<>＜＞≥≤]?[0-9.]+[%％]?(?:左右|以上|以内|以下)?[\]〕】)）］]?")
ROW_NAME = re.compile(r"[ \t　]*(?:[0-9]+[.、．]|[（(][0-9]+[）)])?[ \t　]*")
ROW_REACH = 200
HEADING_REACH = 3000  # how far above a row the heading of its table may stand
YEAR_HEADING = re.compile(r"((?:19|20)[0-9]{2})年?[^\t]{0,6}")


def table_cell(text: str, start: int, end: int) -> tuple[str, int, tuple[int, int], int | None] | None:
    """For a bare number in a cell of an indicator table: the unit its row names, its column
    among the row's numeric cells (0 is the base year's value), where the indicator's name is,
    and the year its column's heading names (a column of changes: the table's last year)."""
    line_start = text.rfind("\n", max(0, start - ROW_REACH), start) + 1
    if line_start == 0 and start > ROW_REACH:
        return None
    line_end = text.find("\n", end, end + ROW_REACH)
    if line_end < 0:
        if len(text) - end > ROW_REACH:
            return None  # a line this long is prose, not a table row
        line_end = len(text)
    row = TABLE_ROW.search(text, line_start, line_end)
    if row is None or start < row.start("cells") or not is_unit_name(row["unit"]):
        return None
    column = 0
    for cell in TABLE_CELL.finditer(text, row.start("cells"), row.end("cells")):
        numeric = NUMERIC_CELL.fullmatch(cell.group(0)) is not None
        if cell.start() <= start < cell.end():
            if not numeric:
                return None
            name_start = max(ROW_NAME.match(text, line_start).end(), text.rfind("\t", line_start, row.start()) + 1)
            return row["unit"], column, (name_start, row.start()), heading_year(text, line_start, line_end, start)
        column += numeric
    return None


def heading_year(text: str, line_start: int, line_end: int, start: int) -> int | None:
    """The year heading the column of `start` in a table whose cells are between tabs: the
    nearest line above with as many cells and a year among them (类别  指标  2020年  2025年  年均增长)."""
    cells = text.count("\t", line_start, line_end) + 1
    if cells < 3:
        return None
    column = text.count("\t", line_start, start)
    lo = max(0, line_start - HEADING_REACH)
    above = text[lo:max(lo, line_start - 1)].split("\n")
    for line in reversed(above):
        if "\t" not in line:
            return None  # the table ended above the row without a heading
        headings = line.split("\t")
        years = [YEAR_HEADING.fullmatch(h.strip()) for h in headings]
        if len(headings) == cells and any(years):
            found = years[column]
            return int(found.group(1)) if found else max(int(y.group(1)) for y in years if y)
    return None


def is_unit_name(name: str) -> bool:
    """%, 万人, 亿元, 微克/立方米: a unit, maybe after a multiplier, maybe a ratio of units."""
    words = unit_words()
    return all(part.lstrip("万亿千百") in words or part in words for part in name.split("/")) or name in words
