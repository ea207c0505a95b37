"""Deadline phrases (今年, 年底前, 到2025年, "十四五"末, 本世纪中叶) to a date relative to the document date."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from . import lexicon
from .dates import day_digits, year_digits
from .numbers import parse_number


@lru_cache(maxsize=None)
def deadline_regex() -> re.Pattern:
    """Stated years and months, relative words, plan periods and far horizons, as one pattern."""
    table = lexicon.load("deadlines")
    frame = table["year_frame"]
    after = "|".join(map(re.escape, sorted(frame["after"], key=len, reverse=True)))
    cues = "|".join(map(re.escape, sorted(frame["period_cues"], key=len, reverse=True)))
    words = sorted(list(table["relative_years"]) + list(table["spans"]) + list(table["part_of_year"])
                   + list(table["far_horizons"]), key=len, reverse=True)
    periods = "|".join(map(re.escape, sorted(table["plan_periods"], key=len, reverse=True)))
    # A leading character class lets the regex engine skip, in C, positions that cannot start a phrase.
    spans = table["month_spans"]
    first = "".join(sorted({w[0] for w in list(table["plan_periods"]) + words + [spans["first"]]}))
    years, months = year_digits(), f"0-9{day_digits()}"
    joiners = "".join(map(re.escape, spans["joiners"]))
    return re.compile(
        rf"(?=[{years}{months}{re.escape(first)}])"
        rf"(?P<year>[{years}]{{4}})年"
        rf"(?:(?P<month>[{months}]{{1,3}})月(?:底|末|(?P<day>[{months}]{{1,3}})日)?)?(?P<after>{after})?"
        rf"|[{months}]{{1,2}}月?[{joiners}](?P<span_to>[{months}]{{1,3}})月(?:份)?"
        rf"|{re.escape(spans['first'])}(?P<first_months>[{months}]{{1,2}}){re.escape(spans['months'])}"
        rf"|(?P<month_only>[{months}]{{1,3}})月(?:底|末|(?P<day_only>[{months}]{{1,3}})日)?(?:之|以)?前"
        rf"|(?P<period>{periods})[”\"]?(?P<period_cue>{cues})"
        rf"|(?P<word>{'|'.join(map(re.escape, words))})"
    )


def year_end(year: int) -> str | None:
    return f"{year:04d}-12-31" if 1 <= year <= 9999 else None


def month_end(year: int, month: int) -> str | None:
    if not 1 <= month <= 12 or not 1 <= year <= 9999:
        return None
    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def day_date(year: int, month: int, day_written: str) -> str | None:
    """12月20日 of `year` as YYYY-MM-DD, or None when no such day exists."""
    day = parse_number(day_written)
    if day is None or month_end(year, month) is None or not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return f"{year:04d}-{month:02d}-{int(day):02d}"


@lru_cache(maxsize=None)
def year_cue_regex() -> re.Pattern:
    """The words before a stated year that make it a time frame (到2025年), matched at the text before it."""
    words = sorted(lexicon.load("deadlines")["year_frame"]["before"], key=len, reverse=True)
    return re.compile("(?:" + "|".join(map(re.escape, words)) + r")\Z")


def word_before(text: str, position: int) -> str | None:
    m = year_cue_regex().search(text, max(0, position - 4), position)
    return m.group(0) if m else None


def phrase_deadline(match: re.Match, doc_year: int | None, early: bool = False) -> tuple[str | None, int | None]:
    """The deadline a phrase names, and the stated year (to compare with the document's year);
    `early`: the document is dated in the first half of its year, so a span (今后五年) starts with it."""
    table = lexicon.load("deadlines")
    if match["year"]:
        year = parse_number(match["year"])
        if year is None or not 1900 <= year <= 2200:
            return None, None
        year = int(year)
        month = parse_number(match["month"]) if match["month"] else None
        if month is not None and match["after"]:
            return (day_date(year, int(month), match["day"]) if match["day"] else month_end(year, int(month))), year
        return year_end(year), year
    if match["span_to"] or match["first_months"]:  # 1至4月, 前4个月: a stretch of the year ending with that month
        month = parse_number(match["span_to"] or match["first_months"])
        return (month_end(doc_year, int(month)) if doc_year and month else None), doc_year
    if match["month_only"]:  # 6月底前, 12月20日前: that month's end, or that day, of the document's year
        month = parse_number(match["month_only"])
        if not (doc_year and month):
            return None, doc_year
        return (day_date(doc_year, int(month), match["day_only"]) if match["day_only"]
                else month_end(doc_year, int(month))), doc_year
    if match["period"]:
        year = table["plan_periods"][match["period"]]
        return year_end(year), year
    word = match["word"]
    if word in table["far_horizons"]:
        return year_end(table["far_horizons"][word]), table["far_horizons"][word]
    if doc_year is None:
        return None, None
    if word in table["spans"]:
        year = doc_year + table["spans"][word] - (1 if early else 0)
        return year_end(year), year
    if word in table["part_of_year"]:
        return (f"{doc_year:04d}-{table['part_of_year'][word]}" if 1 <= doc_year <= 9999 else None), doc_year
    return year_end(doc_year + table["relative_years"][word]), doc_year + table["relative_years"][word]


@dataclass(frozen=True)
class Phrase:
    """A time phrase found near a number."""

    start: int
    end: int
    date: str | None  # the deadline it names
    year: int | None  # the year it states or implies
    bounded: bool  # 到2025年, 年底前, 今年: a time frame, not just a year's label
    ahead: bool = False  # 到2027年, 2027年前: the words themselves look forward, whatever the document's date
    as_of: bool = False  # 截至9月底, 截至今年6月: the date figures are reported at, not a time frame ahead


@lru_cache(maxsize=None)
def baseline_regex() -> re.Pattern:
    words = lexicon.load("deadlines")["no_deadline"]["baseline_before"]
    return re.compile("(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + r")\Z")


@lru_cache(maxsize=None)
def no_deadline_regex() -> re.Pattern:
    words = lexicon.load("deadlines")["no_deadline"]["words"]
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))


@lru_cache(maxsize=None)
def as_of_regex() -> re.Pattern:
    """截至9月底: a month of the document's year that figures are reported at; 截至目前: the document's date."""
    table = lexicon.load("deadlines")["as_of"]
    words, now = ("|".join(map(re.escape, table[key])) for key in ("before", "now"))
    return re.compile(rf"(?:{words})(?:(?P<month>[0-9{day_digits()}]{{1,2}})月(?:底|末|份)?|(?P<now>{now}))")


@lru_cache(maxsize=None)
def month_after_regex() -> re.Pattern:
    """The month after a relative year (今年9月底, 去年12月): it narrows the year to that month's end."""
    return re.compile(rf"(?P<month>[0-9{day_digits()}]{{1,2}})月(?:底|末|份)?")


def find_deadlines(text: str, start: int, end: int, doc_year: int | None, early: bool = False) -> list[Phrase]:
    """Every time phrase in text[start:end], except baselines (比2010年翻一番); `early` as for phrase_deadline.
    A phrase after 截至/截止 is a reporting date (as_of), and 截至9月底 alone is one in the document's year."""
    found = time_phrases(text, start, end, doc_year, early)
    if doc_year is None:
        return found
    for m in as_of_regex().finditer(text, start, end):
        if m["now"]:  # the document's own date: reported at, whatever its day
            found.append(Phrase(m.start("now"), m.end(), None, doc_year, True, as_of=True))
            continue
        month = parse_number(m["month"])
        date = month_end(doc_year, int(month)) if month else None
        if date:
            found.append(Phrase(m.start("month"), m.end(), date, doc_year, True, as_of=True))
    return sorted(found, key=lambda p: p.start) if len(found) > 1 else found


@lru_cache(maxsize=None)
def this_month_regex() -> re.Pattern:
    words = lexicon.load("deadlines")["this_month"]["words"]
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))


def this_month_phrases(text: str, start: int, end: int, doc_date: str | None) -> list[Phrase]:
    """月底前, 本月底: the end of the month the document is dated in (要求各单位月底前完成整改)."""
    if doc_date is None:
        return []
    year, month = int(doc_date[:4]), int(doc_date[5:7])
    not_after = tuple(lexicon.load("deadlines")["this_month"]["not_after"])
    found = []
    for m in this_month_regex().finditer(text, start, end):
        previous = text[m.start() - 1:m.start()]
        if previous and (previous.isdigit() or previous in day_digits() or previous in not_after):
            continue
        found.append(Phrase(m.start(), m.end(), month_end(year, month), year, True, ahead=True))
    return found


def time_phrases(text: str, start: int, end: int, doc_year: int | None, early: bool) -> list[Phrase]:
    since_after = tuple(lexicon.load("deadlines")["no_deadline"]["since_after"])
    as_of_words = tuple(lexicon.load("deadlines")["as_of"]["before"])
    relative = lexicon.load("deadlines")["relative_years"]
    found = []
    for m in deadline_regex().finditer(text, start, end):
        before = word_before(text, m.start()) if m["year"] else None
        if not before and baseline_regex().search(text, max(0, m.start() - 3), m.start()):
            continue  # 比2010年翻一番, 比去年增加: a baseline, not a time frame
        if m["word"] and is_mid_year_inside_a_word(text, m.start(), m.group(0)):
            continue  # 五年中, 十年中: 中 means "within", not the middle of this year
        if text.startswith(since_after, m.end()):  # 今年以来: a period under way; it fixes no deadline
            found.append(Phrase(m.start(), m.end(), None, since_year(m, doc_year), False))
            continue
        date, year = phrase_deadline(m, doc_year, early)
        stated = found[-1] if found and found[-1].end == m.start() and text[m.start() - 1] == "年" else None
        if stated is not None and stated.year and m["word"] in part_of_stated_year():
            date, year = part_of_year(stated.year, m["word"]), stated.year  # 2025年上半年: of 2025, not this year
            if opens_a_sentence(text, stated.start, m.end()):
                found[-1] = replace(stated, bounded=True)
        phrase_end = m.end()
        month = month_after_regex().match(text, m.end()) if m["word"] in relative and year else None
        if month and parse_number(month["month"]):
            date, phrase_end = month_end(year, int(parse_number(month["month"]))) or date, month.end()
        neutral = m["word"] in lexicon.load("deadlines")["year_frame"]["neutral_words"]
        bounded = bool((m["word"] and not neutral) or m["period"] or m["month_only"] or before or m["after"]
                       or (m["year"] and opens_a_sentence(text, m.start(), m.end())))
        frame = lexicon.load("deadlines")["year_frame"]
        ahead = bool(m["year"]) and (before in frame["ahead_before"] or m["after"] in frame["ahead_after"])
        as_of = text.endswith(as_of_words, max(0, m.start() - 2), m.start())
        found.append(Phrase(m.start(), phrase_end, date, year, bounded, ahead, as_of))
    return found


def is_mid_year_inside_a_word(text: str, start: int, word: str) -> bool:
    """年中 alone is this year's middle only opening a clause or after a cue (力争年中实现…)."""
    table = lexicon.load("deadlines")["mid_year"]
    if word != table["word"] or start == 0 or text[start - 1] in SENTENCE_OPENERS + "，,、 \t　":
        return False
    return not text.endswith(tuple(table["after"]), 0, start)


@lru_cache(maxsize=None)
def part_of_stated_year() -> frozenset[str]:
    table = lexicon.load("deadlines")
    return frozenset(table["part_of_year"]) | frozenset(table["year_frame"]["neutral_words"])


def part_of_year(year: int, word: str) -> str | None:
    """上半年 of 2025 -> 2025-06-30; 全年 of 2025 -> 2025-12-31."""
    table = lexicon.load("deadlines")["part_of_year"]
    if not 1 <= year <= 9999:
        return None
    return f"{year:04d}-{table[word]}" if word in table else year_end(year)


SENTENCE_OPENERS = "\n。！？；"
LEADING_BLANKS = " \t　"
FRAME_COMMAS = ("，", ",")


def opens_a_sentence(text: str, start: int, end: int) -> bool:
    """2025年，全市…: a year opening a sentence before a comma sets the time of what follows."""
    lo = start
    while lo > 0 and text[lo - 1] in LEADING_BLANKS:
        lo -= 1
    return (lo == 0 or text[lo - 1] in SENTENCE_OPENERS) and text.startswith(FRAME_COMMAS, end)


def since_year(match: re.Match, doc_year: int | None) -> int | None:
    """The year a 以来 period starts in, for the past-or-future test: 今年以来 counts as past."""
    if match["word"]:
        return doc_year - 1 if doc_year else None
    year = phrase_deadline(match, doc_year)[1]
    if match["period"] and year is not None:
        return year - PLAN_PERIOD_YEARS + 1  # “十四五”以来: since 2021, under way or over, never ahead
    return year


PLAN_PERIOD_YEARS = 5


def has_no_deadline(text: str, lo: int, hi: int) -> bool:
    """A standing floor (严守…红线) or a direction (…方向调整): no due date."""
    return bool(no_deadline_regex().search(text, lo, hi))


@lru_cache(maxsize=None)
def open_horizon_regex() -> re.Pattern:
    words = lexicon.load("deadlines")["no_deadline"]["open_horizons"]
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))


def has_open_horizon(text: str, lo: int, hi: int) -> bool:
    """今后一个时期，…: the sentence's tasks have an uncounted horizon, so no due date."""
    return bool(open_horizon_regex().search(text, lo, hi))


PLAN_TITLE_WINDOW = 300


def plan_year(text: str) -> int | None:
    """The year a five-year plan ends, when the document's opening names the plan it is."""
    opening = text[:PLAN_TITLE_WINDOW]
    for title, year in lexicon.load("deadlines")["plan_titles"].items():
        if title in opening:
            return year
    return None


@lru_cache(maxsize=None)
def carry_regex() -> re.Pattern:
    """到 right before a stated year (到2020年) or a plan period's time (“十四五”时期): the phrases
    that frame the list of goals after them."""
    table = lexicon.load("deadlines")
    words = "|".join(map(re.escape, table["no_deadline"]["carry_before"]))
    periods = "|".join(map(re.escape, sorted(table["plan_periods"], key=len, reverse=True)))
    cues = "|".join(map(re.escape, table["year_frame"]["carry_period_cues"]))
    # 到2020年…; “十四五”时期…主要目标是：
    return re.compile(rf"(?:{words})(?=[{year_digits()}]{{4}}年)|[“\"]?(?=(?:{periods})[”\"]?(?:{cues}))")


def last_carried_year(text: str, lo: int, hi: int, doc_year: int | None) -> str | None:
    """The deadline of the last framing phrase in text[lo:hi] that lies after the document's year."""
    found = None
    for m in carry_regex().finditer(text, lo, hi):
        phrase = deadline_regex().match(text, m.end())
        if phrase and (phrase["year"] or phrase["period"]):
            date, year = phrase_deadline(phrase, doc_year)
            if date and (doc_year is None or (year or 0) > doc_year):
                found = date
    return found
