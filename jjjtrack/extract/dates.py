"""Calendar dates in Chinese text: the one date grammar, and the date of a document.

The grammar (2024年5月14日, 二〇二三年五月三十一日, 2024-05-14, 2024/5/14, 2024.05.14) is
built once from the lexicon (numerals.toml, dates.toml) and serves every reader of dates:
the document date here, the dates a user types (filters.parse_date, JJJTRACK_TODAY), and
the year phrases of deadlines.py (YEAR_DIGITS). Numerals are read by numbers.parse_number.

`detect_date` finds a document's date in its text, or a year-level guess (`guess_year`);
neither reads the clock: the caller says what year it is.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from . import lexicon
from .numbers import parse_number

HEAD_CHARS = 2000
SAMPLE_CHARS = 200_000
TAIL_CHARS = 20_000
BYLINE_HEAD_CHARS = 300  # a bare date counts as the document's date only this near the top
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100


def _alternatives(words) -> str:
    return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))


def _numerals() -> dict:
    return lexicon.load("numerals")


def _counting_only() -> set[str]:
    return set(_numerals()["counting_only"]["words"])


@lru_cache(maxsize=None)
def year_digits() -> str:
    """The characters of a year spelled digit by digit, as a regex class body: 0-9〇零一…九○Ｏ."""
    table = _numerals()
    chinese = [d for d in table["digits"] if not d.isascii() and d not in _counting_only()]
    return "0-9" + re.escape("".join(chinese + table["zero_lookalikes"]["words"]))


@lru_cache(maxsize=None)
def day_digits() -> str:
    """The characters of a month or a day: Arabic, or Chinese digits with 十 (三十一)."""
    table = _numerals()
    chinese = [d for d, value in table["digits"].items() if not d.isascii() and value and d not in _counting_only()]
    tens = [unit for unit, value in table["small_units"].items() if value == 10]
    return "".join(chinese + tens)


@lru_cache(maxsize=None)
def date_grammar(day_optional: bool = False) -> str:
    """A calendar date, Chinese or numeric, as a regex of three groups each way (year, month,
    day); day_optional lets a typed date leave out its 日 (2024年6月30)."""
    words = lexicon.load("dates")["calendar"]
    year, month, day = (f"(?:{_alternatives(words[k])})" for k in ("year", "month", "day"))
    sep = rf"\s*(?:{_alternatives(words['separators'])})\s*"
    year_part = rf"(\d{{4}}|[{year_digits()}]{{4}})"
    small = rf"(\d{{1,2}}|[{day_digits()}]{{1,3}})"
    chinese = rf"{year_part}\s*{year}\s*{small}\s*{month}\s*{small}\s*{day}" + ("?" if day_optional else "")
    numeric = rf"(\d{{4}}){sep}(\d{{1,2}}){sep}(\d{{1,2}})(?!\d)"
    return rf"(?:{chinese}|{numeric})"


@lru_cache(maxsize=None)
def _whole_date_regex() -> re.Pattern:
    return re.compile(r"\s*" + date_grammar(day_optional=True) + r"\s*")


def to_int(numeral: str) -> int | None:
    """An integer numeral in any script (2024, ２０２４, 二〇二四, 二Ｏ二四, 三十一), else None."""
    zeros = _numerals()["zero_lookalikes"]["words"]
    for zero in zeros:
        numeral = numeral.replace(zero, "〇")
    value = parse_number(numeral)
    return int(value) if value is not None and value.is_integer() else None


def make_date(year: int | None, month: int | None, day: int | None) -> str | None:
    """YYYY-MM-DD for a real calendar date in a plausible range, else None."""
    if None in (year, month, day) or not EARLIEST_YEAR <= year <= LATEST_YEAR:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def date_parts(text: str) -> tuple[int, int, int] | None:
    """(year, month, day) when the whole of text is a date in the grammar, else None."""
    match = _whole_date_regex().fullmatch(text)
    if not match:
        return None
    parts = [to_int(g) for g in match.groups() if g is not None]
    return tuple(parts) if None not in parts else None


def date_from_groups(groups: tuple) -> str | None:
    values = [g for g in groups if g is not None]
    if len(values) != 3:
        return None
    return make_date(*(to_int(v) for v in values))


# ----------------------------------------------------------------------------- the document date


def _words(section: str, key: str) -> list[str]:
    return lexicon.load("dates")[section][key]


@lru_cache(maxsize=None)
def _patterns() -> dict[str, re.Pattern]:
    date = date_grammar()
    blank = r"[ \t\u3000]*"
    return {
        # the regex starts at the label, so the engine can skip ahead to its first characters;
        # what precedes the label (a publishing verb, or the start of a line) is checked afterwards
        "publication": re.compile(rf"(?:{_alternatives(_words('publication', 'labels'))})\s*[:：]?\s*" + date),
        "timestamp": re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\s+\d{1,2}:\d{2}(?::\d{2})?"),
        "meeting": re.compile(date + rf"[^。\n]{{0,30}}?(?:{_alternatives(_words('meeting', 'verbs'))})"),
        "yesterday": re.compile(_alternatives(_words("meeting", "yesterday"))),
        "today": re.compile(_alternatives(_words("meeting", "today"))),
        "dateline": re.compile(rf"(?:^|\n){blank}" + date),
        "signature": re.compile(rf"(?:^|\n){blank}" + date + rf"{blank}(?:\n|$)"),
    }


def detect_date(text: str, this_year: int) -> tuple[str | None, bool]:
    """The document date as YYYY-MM-DD, and whether the text states it (else it is a guess).

    In order of reliability: a publication line (发布日期: ...), a byline time stamp
    (2024-03-01 16:13:19), a meeting date with 昨天/今天 in the report, a date at the head of
    the document or a dated signature line at its end; else a year-level guess, YYYY-12-31.
    """
    for finder in (_publication_date, _timestamp_date, _meeting_date, _head_date, _signature_date):
        found = finder(text)
        if found:
            return found, True
    year = guess_year(text, this_year)
    return (f"{year}-12-31" if year else None), False


def _first_valid(pattern: re.Pattern, text: str, accept=None) -> str | None:
    for match in pattern.finditer(text):
        if accept is not None and not accept(text, match):
            continue
        found = date_from_groups(match.groups())
        if found:
            return found
    return None


def _head_then_anywhere(pattern: re.Pattern, text: str, accept=None) -> str | None:
    # "anywhere" is the first 200,000 and last 20,000 characters: enough for any real
    # document, and a 50 MB file is not scanned whole for a byline
    head = text[:HEAD_CHARS]
    return _first_valid(pattern, head, accept) or _first_valid(pattern, head_and_tail(text), accept)


def _is_publication_label(text: str, match: re.Match) -> bool:
    """发布日期/发布于 anywhere; a bare 日期/时间 only where it opens a line."""
    start = match.start()
    verbs = tuple(_words("publication", "verbs"))
    if text[max(0, start - max(map(len, verbs))):start].endswith(verbs):
        return True
    if text.startswith(tuple(_words("publication", "inline_labels")), start):
        return False
    line_start = text.rfind("\n", 0, start) + 1
    return not text[line_start:start].strip(lexicon.load("dates")["publication"]["bullets"])


def _publication_date(text: str) -> str | None:
    return _head_then_anywhere(_patterns()["publication"], text, _is_publication_label)


def _timestamp_date(text: str) -> str | None:
    return _head_then_anywhere(_patterns()["timestamp"], text)


def _meeting_date(text: str) -> str | None:
    meeting = _first_valid(_patterns()["meeting"], text[:HEAD_CHARS])
    if not meeting:
        return None
    if _patterns()["yesterday"].search(text):
        day = dt.date.fromisoformat(meeting) + dt.timedelta(days=1)
        return day.isoformat()
    if _patterns()["today"].search(text):
        return meeting
    return None


def _head_date(text: str) -> str | None:
    # only a date opening a line: a date inside a sentence near the top is often a deadline
    return _first_valid(_patterns()["dateline"], text[:BYLINE_HEAD_CHARS])


def _signature_date(text: str) -> str | None:
    # official documents end with a dated line (落款); take the last one
    for match in reversed(list(_patterns()["signature"].finditer(text[-HEAD_CHARS:]))):
        found = date_from_groups(match.groups())
        if found:
            return found
    return None


# ----------------------------------------------------------------------------- year guess


@lru_cache(maxsize=None)
def _year_patterns() -> dict[str, re.Pattern]:
    digits = year_digits()
    guess = lexicon.load("dates")["year_guess"]
    return {
        "mention": re.compile(rf"(?<![\d\-—–~～])((?:19|20)\d\d|[{digits}]{{4}})年"),
        "target_after": re.compile(_alternatives(guess["target_after"])),
        "past_after": re.compile(_alternatives(guess["past_after"])),
        "deadline_label": re.compile(rf"(?:{_alternatives(guess['deadline_labels'])})\s*[:：]?\s*$"),
        "congress": _congress_regex(),
    }


def _congress_regex() -> re.Pattern:
    table = lexicon.load("dates")["congress"]
    ordinals = _alternatives(table["years"])
    digits = day_digits()
    forms = "|".join(re.escape(form).replace(r"\{\}", f"(?P<o{i}>{ordinals})")
                     for i, form in enumerate(table["congress_forms"]))
    suffix, session = _alternatives(table["congress_suffix"]), _alternatives(table["session_suffix"])
    followers = rf"{_alternatives(table['session_followers'])}|[{digits}](?:{_alternatives(table['plenum_suffix'])})"
    return re.compile(rf"(?P<congress>{ordinals})(?:{suffix})|{forms}|(?P<session>{ordinals})(?:{session})(?={followers})")


def guess_year(text: str, this_year: int) -> int | None:
    """A year-level guess at when the text was written, from the years it mentions.

    The latest year mentioned that is not a target year (到2035年, 2025年前) or a base year
    (较2014年) counts; when it is reported as a finished period (截至2021年底, 2021年全年,
    2021年工作回顾) the text was written the year after. A report date inside a year (截至2025年9月底)
    outranks mere mentions: the text was written then, or after the latest finished year.
    A mention of the latest Party congress (十九大, 十九届) gives a lower bound. Years after
    this_year are ignored.
    """
    text = head_and_tail(text)
    latest, finished, current, latest_finished, planned = None, False, None, None, None
    for match in _year_patterns()["mention"].finditer(text):
        year = to_int(match.group(1))
        if year is not None and year <= this_year and _is_plan_year(text, match):
            planned = max(planned or year, year)
        if (year is None or year > this_year or _is_target_year(text, match) or _in_site_notice(text, match)
                or _is_base_year(text, match)):
            continue
        if _is_report_date_within_year(text, match):
            current = max(current or year, year)
            continue
        past = _is_finished_period(text, match)
        if past:
            latest_finished = max(latest_finished or year, year)
        if latest is None or year > latest:
            latest, finished = year, past
        elif year == latest:
            finished = finished or past
    guess = latest + 1 if latest is not None and finished else latest
    if planned is not None and latest is not None and planned == latest + 1:
        guess = planned  # 2025年全市新增企业3000家，2026年将新增3500家: written in the year of the plan
    if current is not None:
        guess = max(current, latest_finished + 1) if latest_finished is not None else current
    congress = _congress_lower_bound(text)
    candidates = [y for y in (guess, congress) if y is not None and y <= this_year]
    return max(candidates) if candidates else None


def head_and_tail(text: str) -> str:
    # a guess needs no more than this; scanning 50 MB for years would cost seconds
    if len(text) <= SAMPLE_CHARS + TAIL_CHARS:
        return text
    return text[:SAMPLE_CHARS] + "\n" + text[-TAIL_CHARS:]


def _is_target_year(text: str, match: re.Match) -> bool:
    patterns = _year_patterns()
    if patterns["deadline_label"].search(text, max(0, match.start() - 8), match.start()):
        return True
    guess = lexicon.load("dates")["year_guess"]
    before = text[max(0, match.start() - 2):match.start()]
    if before.endswith(tuple(guess["target_before"])) and not before.endswith(tuple(guess["past_before"])):
        return True
    return bool(patterns["target_after"].match(text, match.end()))


def _is_plan_year(text: str, match: re.Match) -> bool:
    """2026年将新增…, 2026年要…: the year a plan is for, not a deadline (到2026年, 2026年前)."""
    guess = lexicon.load("dates")["year_guess"]
    before = text[max(0, match.start() - 2):match.start()]
    return text.startswith(tuple(guess["plan_after"]), match.end()) and not before.endswith(tuple(guess["target_before"]))


def _is_base_year(text: str, match: re.Match) -> bool:
    """较2014年, 比2014年增长, 与2014年相比: a year things are compared with."""
    guess = lexicon.load("dates")["year_guess"]
    if text[max(0, match.start() - 2):match.start()].endswith(tuple(guess["base_before"])):
        return True
    return text.startswith(tuple(guess["base_after"]), match.end())


REPORT_MONTH_RE = re.compile(r"(\d{1,2})月")


def _is_report_date_within_year(text: str, match: re.Match) -> bool:
    """截至2025年9月底: a report date before the year's last month."""
    before = text[max(0, match.start() - 2):match.start()]
    month = REPORT_MONTH_RE.match(text, match.end())
    return (before.endswith(tuple(lexicon.load("dates")["year_guess"]["past_before"])) and month is not None
            and 1 <= int(month.group(1)) <= lexicon.load("dates")["year_guess"]["current_months_max"])


def _in_site_notice(text: str, match: re.Match) -> bool:
    """A year in the copyright or licence notice a saved web page ends with (据2024年社群共识,
    版权所有 ©2024年, 京ICP备…): the site's, not the document's. Only its own line counts, and
    only near it: a page saved as one long line keeps its other years."""
    line_start = text.rfind("\n", 0, match.start()) + 1
    line_end = text.find("\n", match.end())
    line_end = len(text) if line_end < 0 else line_end
    near = text[max(line_start, match.start() - 30):min(line_end, match.end() + 30)]
    return any(word in near for word in lexicon.load("dates")["year_guess"]["site_notice"])


def _is_finished_period(text: str, match: re.Match) -> bool:
    # a year already taken for a target (2021年底前) never gets here
    before = text[max(0, match.start() - 2):match.start()]
    if before.endswith(tuple(lexicon.load("dates")["year_guess"]["past_before"])):
        return True
    return bool(_year_patterns()["past_after"].match(text, match.end()))


def _congress_lower_bound(text: str) -> int | None:
    years = lexicon.load("dates")["congress"]["years"]
    found = [years[ordinal] for match in _year_patterns()["congress"].finditer(text)
             for ordinal in match.groupdict().values() if ordinal]
    return max(found) if found else None
