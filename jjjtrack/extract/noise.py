"""Numbers the guide does not count: slogans, words with numeral characters, ordinals, dates,
document structure, attendance and context populations.

Each check looks only at a few characters around a candidate in the simplified text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import lexicon
from .bounds import after_last
from .numbers import CHINESE_NUMERAL_CHARS
from .units import alternation, unit_at

WINDOW = 12
OPEN_QUOTES = "“‘「『\""
CLOSE_QUOTES = "”’」』\""
SHORT_QUOTE = 12
CLAUSE_AND_SENTENCE_STOPS = "，,。；;：:\n"  # a population's own clause


@lru_cache(maxsize=None)
def patterns() -> dict[str, re.Pattern]:
    noise = lexicon.load("noise")
    return {
        "slogans": alternation(noise["slogans"]["words"]),
        "numeral_words": alternation(noise["numeral_words"]["words"]),
        "followers": alternation(sum((noise["followers"][k] for k in
                                      ("dates", "ordinal", "structure", "logistics", "population", "names")), [])),
        "ordinal_before": alternation_suffix(noise["preceders"]["ordinal"]),
        "logistics_before": alternation_suffix(noise["preceders"]["logistics"]),
        "structure_before": alternation_suffix(noise["preceders"]["structure"]),
        "denominator_before": alternation_suffix(noise["preceders"]["denominator"]),
        "policy_name_before": alternation_suffix(noise["preceders"]["policy_name"]),
        "logistics_sentence": alternation(noise["sentence"]["logistics"]),
        "context_populations": alternation(noise["sentence"]["context_populations"]),
        "existential_owners": alternation_suffix(noise["sentence"]["existential_owners"]),
        "motivation": alternation(noise["sentence"]["motivation"]),
        "population_followers": alternation(noise["followers"]["population"]),
        "coverage_verbs": alternation(noise["sentence"]["coverage_verbs"]),
        "document_verbs": alternation(noise["document_size"]["verbs"]),
        "visit_words": alternation(noise["visits"]["words"]),
        "programme_names": alternation(noise["programmes"]["names"]),
        "population_gap": re.compile("(?:" + "|".join(map(re.escape, noise["sentence"]["population_gap"])) + ")*"),
    }


def alternation_suffix(words) -> re.Pattern:
    """Matches when the text just before a position ends with one of the words (search on a slice)."""
    ordered = sorted(words, key=lambda w: (-len(w), w))
    return re.compile("(?:" + "|".join(re.escape(w) for w in ordered) + r")\Z")


def covered(pattern: re.Pattern, text: str, start: int, end: int) -> bool:
    """Whether a match of pattern near the number overlaps the number's own characters,
    other than as a piece of a longer numeral (万一 inside 八万一千)."""
    lo = max(0, start - WINDOW)
    for m in pattern.finditer(text, lo, min(len(text), end + WINDOW)):
        if m.start() >= end:
            break
        inside = start <= m.start() and m.end() <= end and m.end() - m.start() < end - start
        if m.end() > start and not (inside and is_numeral(m.group(0))):
            return True
    return False


def is_numeral(word: str) -> bool:
    return all(char in CHINESE_NUMERAL_CHARS for char in word)


def is_named_or_slogan(text: str, start: int, end: int, numeral_end: int | None = None) -> bool:
    """Slogans, named formulas and words such as 一体化 or 二氧化碳 that hold the number."""
    p = patterns()
    numeral_end = end if numeral_end is None else numeral_end
    return covered(p["slogans"], text, start, end) or covered(p["numeral_words"], text, start, numeral_end)


def is_slogan(text: str, start: int, end: int) -> bool:
    return covered(patterns()["slogans"], text, start, end)


def in_short_quote(text: str, start: int, end: int) -> bool:
    """A number inside a short quotation (“两个确立”, “1+16”) is a name, not a count."""
    lo = max(0, start - SHORT_QUOTE)
    before = text[lo:start]
    opened = max(before.rfind(q) for q in OPEN_QUOTES)
    if opened < 0:
        return False
    if any(q in before[opened + 1:] for q in CLOSE_QUOTES if q != '"'):
        return False
    after = text[end:end + SHORT_QUOTE]
    closed = min((i for i in (after.find(q) for q in CLOSE_QUOTES) if i >= 0), default=-1)
    if closed < 0:
        return False
    return not any(c in "，,。；;：:" for c in before[opened + 1:] + after[:closed])


TITLE_OPEN, TITLE_CLOSE = "《", "》"
TITLE_REACH = 40


def in_title(text: str, start: int, end: int) -> bool:
    """《支持民营经济的25条措施》: a number inside a document's title names it."""
    opened = text.rfind(TITLE_OPEN, max(0, start - TITLE_REACH), start)
    if opened < 0 or TITLE_CLOSE in text[opened:start]:
        return False
    closed = text.find(TITLE_CLOSE, end, end + TITLE_REACH)
    return closed >= 0 and TITLE_OPEN not in text[end:closed]


def counts_named_formulas(text: str, end: int) -> bool:
    """三个“十条”, 两个“一百年”: the count of slogans is part of the slogan."""
    return end < len(text) and text[end] in OPEN_QUOTES and in_short_quote(text, end + 1, end + 1)


def is_glued_to_code(text: str, start: int, end: int) -> bool:
    """PM2.5, A320, 5G, 2024-05-14, 16:13: part of a code, a date or a clock time. A Latin unit
    after the number (10EFLOPS, 2万TEU), or a Chinese measure word after a Latin name (工业APP200款), counts."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    if before.isascii() and before.isalpha():
        return not counted_after_a_name(text, start, end)
    if after.isascii() and after.isalpha() and after not in "%":
        unit = unit_at(text, end)
        return not (unit and unit.group(0)[0].isascii())
    if before in "-:/：.·" and start > 1 and text[start - 2].isdigit():
        return True
    if after in "-:：/·．" and end + 1 < len(text) and text[end + 1].isdigit():
        return True
    return False


NAME_LETTERS_MIN = 2  # APP200款, not A3纸 or G20峰会


def counted_after_a_name(text: str, start: int, end: int) -> bool:
    """工业APP200款: a whole number glued to a Latin name of two letters or more and followed by a Chinese measure word."""
    letters = start
    while letters > 0 and text[letters - 1].isascii() and text[letters - 1].isalpha():
        letters -= 1
    if start - letters < NAME_LETTERS_MIN or not text[start:end].isdigit():
        return False
    unit = unit_at(text, end)
    return bool(unit) and not unit.group(0)[0].isascii()


def follows_ordinal(text: str, start: int) -> bool:
    """第五届, 首批; also 每百户, where the number is the denominator of a rate."""
    lo = max(0, start - 6)
    return bool(patterns()["ordinal_before"].search(text, lo, start)
                or patterns()["denominator_before"].search(text, lo, start))


def follows_structure(text: str, start: int, unit: str) -> bool:
    """6方面24条, 六个部分,22条: the articles of a document."""
    if unit not in lexicon.load("noise")["preceders"]["structure_units"]:
        return False
    return bool(patterns()["structure_before"].search(text, max(0, start - 6), start))


def names_existing_policy(text: str, start: int) -> bool:
    """享受减半征收…政策: the quantity word names a policy already in force."""
    return bool(patterns()["policy_name_before"].search(text, max(0, start - 6), start))


def follower_excludes(text: str, end: int, start: int | None = None) -> bool:
    """A date (年, 月, 日), an ordinal (届, 次全会, 十九大), structure (个部分, 一是) or a population,
    unless the population is what a measure reaches (覆盖农村5亿人口; needs the number's start)."""
    p = patterns()
    if not p["followers"].match(text, end):
        return False
    if start is None or not p["population_followers"].match(text, end):
        return True
    return not reached_population(text, start)


def reached_population(text: str, start: int) -> bool:
    """覆盖农村5亿人口, 惠及3000万人口: a coverage verb shortly before the number, in its clause."""
    gap = lexicon.load("noise")["sentence"]["coverage_gap"]
    lo = after_last(text, CLAUSE_AND_SENTENCE_STOPS, max(0, start - gap - 2), start)
    for m in patterns()["coverage_verbs"].finditer(text, lo, start):
        if start - m.end() <= gap:
            return True
    return False


def is_attendance(text: str, start: int, sentence_start: int, sentence_end: int) -> bool:
    p = patterns()
    if p["logistics_before"].search(text, max(0, start - 6), start):
        return True
    return bool(p["logistics_sentence"].search(text, sentence_start, sentence_end))


def is_context_population(text: str, start: int) -> bool:
    """今年高校毕业生820多万人, 13亿中国人: the size of a group that frames a task."""
    lo = after_last(text, CLAUSE_AND_SENTENCE_STOPS, max(0, start - 12), start)
    p = patterns()
    for m in p["context_populations"].finditer(text, lo, start):
        if p["population_gap"].fullmatch(text, m.end(), start):
            return True
    return False


def is_existential_population(text: str, start: int, unit: str, sentence_end: int) -> bool:
    """我国有2.9亿在校学生，要…: the size of a whole population that motivates a task."""
    if unit not in lexicon.load("noise")["sentence"]["existential_units"]:
        return False
    p = patterns()
    before = text[max(0, start - 12):start]
    owner = next((cut for cut in range(len(before), -1, -1) if p["population_gap"].fullmatch(before, cut)
                  and p["existential_owners"].search(before, 0, cut)), None)
    return owner is not None and bool(p["motivation"].search(text, start, sentence_end))


DOCUMENT_SIZE_REACH = 30  # characters between the making verb and the number
PART_REACH = 6  # characters after the unit where the part noun may stand
SENTENCE_STOPS = "。！？!?\n"
CLAUSE_END_RE = re.compile(f"[{CLAUSE_AND_SENTENCE_STOPS}]")
LIST_ITEM_END_RE = re.compile(f"[{CLAUSE_AND_SENTENCE_STOPS}、]")
NAME_END_RE = re.compile(f"[{CLAUSE_AND_SENTENCE_STOPS}、“”\"]")


def sizes_a_document(text: str, start: int, end: int) -> bool:
    """本规划设置18项主要指标, 设置主要指标20项, 提出9个方面: the size of a document or one of its lists."""
    table = lexicon.load("noise")["document_size"]
    if sizes_an_indicator_system(text, start, end):
        return True
    lo = after_last(text, SENTENCE_STOPS, max(0, start - DOCUMENT_SIZE_REACH), start)
    if patterns()["document_verbs"].search(text, lo, start) is None:
        return False
    clause_start = after_last(text, CLAUSE_AND_SENTENCE_STOPS, lo, start)
    stop = LIST_ITEM_END_RE.search(text, end, end + PART_REACH)
    after = text[end:stop.start() if stop else end + PART_REACH]
    return any(part in text[clause_start:start] or part in after for part in table["parts"])


@lru_cache(maxsize=None)
def indicator_system_regex() -> re.Pattern:
    """5个方面24项主要指标 (or 主要指标共5个方面24项): parts, then the indicators they hold, each a numeral
    with its measure word, and the breakdown that may follow (，其中约束性指标9项)."""
    table = lexicon.load("noise")["document_size"]
    numeral = f"[0-9０-９{CHINESE_NUMERAL_CHARS}]+"
    words = lambda key: "|".join(map(re.escape, sorted(table[key], key=len, reverse=True)))  # noqa: E731
    gap = rf"[^{CLAUSE_AND_SENTENCE_STOPS}、]{{0,{PART_REACH}}}?"
    size = rf"{numeral}(?:{words('system_parts')}){numeral}(?:{words('system_items')})"
    nouns, items = words("system_nouns"), words("system_items")
    breakdown = rf"(?:[，,]其中{gap}(?:{nouns}){numeral}(?:{items}))?"  # …，其中约束性指标9项
    return re.compile(rf"(?:{size}{gap}(?:{nouns})|(?:{nouns}){gap}{size}){breakdown}")


def sizes_an_indicator_system(text: str, start: int, end: int) -> bool:
    """…等5个方面24项主要指标: the size of an indicator system, whatever verb (or none) goes before it."""
    lo = max(0, start - DOCUMENT_SIZE_REACH)
    return any(m.start() <= start < m.end()
               for m in indicator_system_regex().finditer(text, lo, min(len(text), end + DOCUMENT_SIZE_REACH)))


def names_an_age_band(text: str, end: int, unit: str) -> bool:
    """3岁以下婴幼儿: an age band followed by the group it bounds (not 延长至63岁。)."""
    table = lexicon.load("noise")["age_bands"]
    if unit not in table["units"]:
        return False
    for word in sorted(table["after"], key=len, reverse=True):
        if text.startswith(word, end):
            following = text[end + len(word):end + len(word) + 1]
            return bool(following) and following not in CLAUSE_AND_SENTENCE_STOPS + "、"
    return False


def counts_visits_or_meetings(text: str, start: int, end: int, unit: str) -> bool:
    """三次赴津调研, 两次召开专题会议, 召开座谈会两次: visits and meetings, counted in their own clause."""
    table = lexicon.load("noise")["visits"]
    if unit not in table["units"]:
        return False
    lo = after_last(text, CLAUSE_AND_SENTENCE_STOPS, max(0, start - WINDOW), start)
    stop = CLAUSE_END_RE.search(text, end, end + WINDOW)
    hi = stop.start() if stop else min(len(text), end + WINDOW)
    return patterns()["visit_words"].search(text, lo, hi) is not None


def names_a_programme(text: str, numeral: str, numeral_end: int, is_chinese: bool) -> bool:
    """千人计划, 百校工程: a round numeral and the name of a programme in one word (no stop between)."""
    table = lexicon.load("noise")["programmes"]
    if not is_chinese or numeral not in table["numerals"]:
        return False
    stop = NAME_END_RE.search(text, numeral_end, numeral_end + PART_REACH)
    hi = stop.start() if stop else min(len(text), numeral_end + PART_REACH)
    return patterns()["programme_names"].search(text, numeral_end, hi) is not None


def counts_months_of_a_period(text: str, start: int, unit: str) -> bool:
    """今年前4个月: how many months a figure covers (a period), unless the months are a measure (提前3个月)."""
    table = lexicon.load("noise")["month_counts"]
    if unit not in table["units"]:
        return False
    return text.endswith(tuple(table["before"]), 0, start) and not text.endswith(tuple(table["not_before"]), 0, start)
