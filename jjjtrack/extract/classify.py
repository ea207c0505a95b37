"""Target or reported, the comparator, and the category, region and subject of a statement.

All decisions read the simplified analysis text around one number, with word lists from the lexicon.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from jjjtrack.models import Comparator, Kind

from . import lexicon
from .bounds import after_last
from .deadlines import find_deadlines
from .units import alternation, unit_at

TARGET, REPORTED = Kind.TARGET, Kind.REPORTED
HEADING_LINE = (
    r"[ \t　]*(?:(?P<top>[一二三四五六七八九十]+[、．.]|第[一二三四五六七八九十]+(?:部分|章|节))"
    r"|(?P<sub>[（(][一二三四五六七八九十]+[）)]|\d{1,2}[、．.](?![\d．.])|[（(]\d{1,2}[）)]))"
    r"(?P<title>[^\n]{0,60})$"
)
TITLE_STOPS = "。！？；;，,：:"
HEADING_END_RE = re.compile("[。！？]")
TITLE_END_RE = re.compile(f"[。！？{TITLE_STOPS}]")
# An unnumbered heading: a short line (or the words before a colon) naming a list, 主要指标 or “十五五”时期主要目标：
TITLED_LINE = r"[ \t　]*(?P<titled>[^\n{stops}]{{0,20}}?(?:{words})[^\n{stops}]{{0,12}})(?=[：:]|[ \t　]*$)"
SENTENCE_START_RE = re.compile("[\n。！？]")  # the character before a line or a sentence


@lru_cache(maxsize=None)
def heading_regexes() -> tuple[re.Pattern, re.Pattern]:
    """Numbered heading lines (一、 （二） 第三部分) and the phrases that open a section of plans,
    matched where a line starts; and those phrases alone, matched where a sentence starts
    (下一步，…), for an opener counts there, not mid-sentence."""
    openers = "|".join(map(re.escape, lexicon.load("cues")["target"]["section_openers"]))
    at_line = re.compile(f"{HEADING_LINE}|[ \t　]*(?P<opener>{openers})|{titled_line()}", re.MULTILINE)
    return at_line, re.compile(f"(?P<opener>{openers})")


def titled_line() -> str:
    """The pattern of an unnumbered heading line, with the section heading words of both kinds."""
    cues = lexicon.load("cues")
    titles = cues["target"]["headings"] + cues["reported"]["headings"]
    titled = TITLED_LINE.format(stops=re.escape(TITLE_STOPS),
                                words="|".join(map(re.escape, sorted(titles, key=len, reverse=True))))
    return f"{titled}|{year_work_line(cues)}"


def year_work_line(cues: dict) -> str:
    """今年重点抓好五个方面工作, 2026年主要任务: a whole short line naming a year and its work."""
    years = "|".join(map(re.escape, cues["target"]["year_heading_words"])) + r"|\d{4}年"
    nouns = "|".join(map(re.escape, cues["target"]["year_heading_nouns"]))
    free = f"[^\n{re.escape(TITLE_STOPS)}]"
    # not a title (2026年政府工作报告) nor a review (2025年工作总结)
    return (rf"[ \t　]*(?P<year_work>{free}{{0,6}}?(?:{years}){free}{{0,14}}?(?:{nouns})(?!报告|总结|回顾){free}{{0,3}})"
            rf"(?=[：:]?[ \t　]*$)")


def headings(text: str):
    """Matches of heading_regexes in text order. Tried only where a line or a sentence starts,
    found by a scan for one character class: trying the patterns at every position cost four
    times as much."""
    at_line, at_sentence = heading_regexes()
    starts = (m.end() for m in SENTENCE_START_RE.finditer(text))
    consumed = 0
    for start in itertools.chain((0,), starts):
        if start < consumed:
            continue
        pattern = at_line if start == 0 or text[start - 1] == "\n" else at_sentence
        m = pattern.match(text, start)
        if m:
            consumed = m.end()
            yield m


@dataclass(frozen=True)
class Frame:
    """What a section heading implies for the figures under it."""

    start: int
    kind: Kind | None
    year: int | None  # the year the section's tasks are due, when the heading names it
    by_opener: bool = False  # set by a phrase opening a sentence (下一步，), not by a heading line


@lru_cache(maxsize=None)
def cue_regex() -> tuple[re.Pattern, dict[str, tuple[Kind | None, bool]]]:
    """All kind cues and false friends in one pattern, and each word's (kind, is_strong)."""
    cues = lexicon.load("cues")
    meaning: dict[str, tuple[Kind | None, bool]] = {}
    for word in cues["false_friends"]["words"]:
        meaning.setdefault(word, (None, False))
    for word in cues["planned_difference"]["words"]:
        meaning.setdefault(word, (TARGET, True))
    for kind, section in ((TARGET, "target"), (REPORTED, "reported")):
        for word in cues[section]["strong"]:
            meaning.setdefault(word, (kind, True))
    for kind, section in ((TARGET, "target"), (REPORTED, "reported")):
        for word in cues[section]["weak"]:
            meaning.setdefault(word, (kind, False))
    return alternation(meaning), meaning


@lru_cache(maxsize=None)
def disposal_rule() -> tuple[str, re.Pattern]:
    table = lexicon.load("cues")["disposal"]
    return table["marker"], alternation(table["verbs_after"])


CLAUSE_BREAK_RE = re.compile(r"[，,；;：:。！？!?\n]")


@lru_cache(maxsize=None)
def clause_only_cues() -> frozenset[str]:
    return frozenset(lexicon.load("cues")["reported"]["clause_only"])


@lru_cache(maxsize=None)
def noun_suffixes() -> tuple[str, ...]:
    return tuple(lexicon.load("cues")["subject"]["noun_suffixes"])


def cues_in(text: str, lo: int, hi: int):
    """The kind cues in text[lo:hi], as (position, kind, is_strong), skipping false friends."""
    pattern, meaning = cue_regex()
    marker, verbs_after = disposal_rule()
    suffixes = noun_suffixes()
    for m in pattern.finditer(text, lo, hi):
        word = m.group(0)
        kind, strong = meaning[word]
        if kind is None or (not strong and text.startswith(suffixes, m.end())):
            continue  # a false friend, or a weak cue inside a noun (保障性住房, 覆盖率)
        if word == marker and not (pattern.match(text, m.end()) or verbs_after.match(text, m.end())):
            continue  # 将 before a noun marks the object (将2.8万亿元资金纳入…), not the future
        if word in clause_only_cues() and CLAUSE_BREAK_RE.search(text, m.end(), hi):
            continue  # 解决好现有…问题，促进约1亿…: 现有 describes its own clause's noun
        if dates_a_change_origin(text, m.start(), m.end()):
            continue  # 由去年的260元提高到280元: 去年 is the old value's time
        yield m.start(), kind, strong


def dates_a_change_origin(text: str, start: int, end: int) -> bool:
    """由去年的260元, 从目前的12%: a word between 由/从 and 的 (or a digit) dates where a change starts."""
    change = lexicon.load("cues")["change"]
    return (text.endswith(tuple(change["from"]), 0, start)
            and (text.startswith(change["origin_mark"], end) or text[end:end + 1].isdigit()))


def nearest_cue(text: str, lo: int, hi: int, strong_only: bool) -> tuple[Kind, int] | None:
    """The kind and position of the last cue in text[lo:hi] (the one closest before the number)."""
    found = None
    for position, kind, strong in cues_in(text, lo, hi):
        if strong or not strong_only:
            found = (kind, position)
    return found


def nearest_cues(text: str, lo: int, hi: int) -> tuple[tuple[Kind, int] | None, tuple[Kind, int] | None]:
    """nearest_cue(strong_only=False) and nearest_cue(strong_only=True) from one scan."""
    nearest = strong = None
    for position, kind, is_strong in cues_in(text, lo, hi):
        nearest = (kind, position)
        if is_strong:
            strong = nearest
    return nearest, strong


def first_cue(text: str, lo: int, hi: int, strong_only: bool) -> tuple[Kind, int] | None:
    for position, kind, strong in cues_in(text, lo, hi):
        if strong or not strong_only:
            return kind, position
    return None


@lru_cache(maxsize=None)
def planned_difference_regex() -> re.Pattern:
    return alternation(lexicon.load("cues")["planned_difference"]["words"])


def section_frames(text: str, doc_year: int | None, task_headings: bool = False, plan: bool = False) -> list[Frame]:
    """Frames set by headings, in text order (one scan of the whole text).

    A top-level heading (一、 第三章) or an opener (下一步，) sets the section's frame; a sub-heading
    ((二), 2., or an unnumbered 主要指标) frames what follows it up to the next heading, then the
    section's frame holds again. A sub-heading's target frame takes the section's year when it names none.
    With task_headings (a work report of this year), a numbered heading that sets a task (（三）实施城市更新行动)
    frames targets too, outside a review. Outside a plan, a top-level heading of targets naming no year after
    targets of a later year (三、重点任务 after “十五五”时期主要目标) frames the work of the document's year."""
    cues = lexicon.load("cues")
    frames: list[Frame] = []
    section = current = None
    for m in headings(text):
        if m["opener"]:  # 下一步, after this year's targets, goes on with their year
            section = current = Frame(m.start(), TARGET, section_year(current), by_opener=True)
            frames.append(current)
            continue
        heading = HEADING_END_RE.split(m.group(0).strip(), maxsplit=1)[0]  # （一）坚持创新驱动。全年…: the title only
        tasks = task_headings and not (section is not None and section.kind is REPORTED)
        if m["top"]:
            section = current = (heading_frame(heading, m.start(), doc_year, cues)
                                 or (task_frame(m, None) if task_headings else None) or Frame(m.start(), None, None))
            if not plan and is_yearless_after_later_targets(section, frames, doc_year):
                section = current = Frame(m.start(), TARGET, doc_year)
            frames.append(current)
            continue
        frame = heading_frame(heading, m.start(), doc_year, cues, section) or (task_frame(m, section) if tasks else None)
        if frame is not None and not m["sub"] and opens_this_years_work(frame, frames, doc_year, plan):
            section = current = Frame(m.start(), TARGET, doc_year)  # 2026年重点工作: its numbered items too
            frames.append(current)
            continue
        if frame is None and current is not section and section is not None:
            frame = Frame(m.start(), section.kind, section.year)  # the sub-section ends: the section's frame again
        elif frame is None and current is not section:
            frame = Frame(m.start(), None, None)
        if frame is not None:
            current = frame
            frames.append(frame)
    return frames


def is_yearless_after_later_targets(section: Frame, frames: list[Frame], doc_year: int | None) -> bool:
    """三、重点任务 after “十五五”时期主要目标: the 2030 of the list before does not carry into the tasks."""
    if doc_year is None or section.kind is not TARGET or section.year is not None or section.by_opener:
        return False
    return any(f.kind is TARGET and f.year is not None and f.year > doc_year for f in frames)


def opens_this_years_work(frame: Frame, frames: list[Frame], doc_year: int | None, plan: bool) -> bool:
    """An unnumbered heading of targets naming the document's year (今年重点抓好五个方面工作), or naming no year
    after targets of a later year outside a plan, opens a section of the year's work."""
    if doc_year is None or frame.kind is not TARGET:
        return False
    return frame.year == doc_year or (not plan and is_yearless_after_later_targets(frame, frames, doc_year))


def heading_frame(heading: str, start: int, doc_year: int | None, cues: dict, section: Frame | None = None) -> Frame | None:
    year = heading_year(heading, doc_year)
    if any(w in heading for w in cues["reported"]["headings"]) or (year and doc_year and year < doc_year):
        return Frame(start, REPORTED, None)
    if any(w in heading for w in cues["scope"]["reported"]):
        return Frame(start, REPORTED, None)  # 五年来的主要工作: the work of a period behind
    if any(w in heading for w in cues["target"]["headings"]) or (year and doc_year and year >= doc_year):
        return Frame(start, TARGET, year or section_year(section))
    return None


def task_frame(m: re.Match, section: Frame | None) -> Frame | None:
    """A numbered heading whose title opens with a task verb and says nothing achieved frames targets."""
    cues = lexicon.load("cues")
    title = TITLE_END_RE.split(m["title"].strip(), maxsplit=1)[0]
    if not title.startswith(tuple(cues["target"]["task_heading_verbs"])):
        return None
    if any(w in title for w in cues["reported"]["heading_result_marks"]):
        return None
    return Frame(m.start(), TARGET, section_year(section))


def section_year(section: Frame | None) -> int | None:
    return section.year if section is not None and section.kind is TARGET else None


def heading_year(heading: str, doc_year: int | None) -> int | None:
    """The year a heading names: 2024年, 今年, “十四五”时期 (its last year)."""
    for phrase in find_deadlines(heading, 0, len(heading), doc_year):
        if phrase.year is not None:
            return phrase.year
    return None


def frame_at(frames: list[Frame], starts: list[int], position: int) -> Frame | None:
    i = bisect.bisect_right(starts, position) - 1
    return frames[i] if i >= 0 else None


@lru_cache(maxsize=None)
def progressive_regex() -> re.Pattern:
    return alternation(lexicon.load("cues")["target"]["progressive"])


def is_in_progress(text: str, end: int, clause_end: int) -> bool:
    """16项改革举措加快落地: a figure whose clause says the work is under way."""
    return bool(progressive_regex().search(text, end, clause_end))


@lru_cache(maxsize=None)
def done_marker_regex() -> re.Pattern:
    return alternation(lexicon.load("cues")["reported"]["done_markers"])


def has_done_marker(text: str, lo: int, hi: int) -> bool:
    """已, 已经, 实现了: the figure is reached already."""
    return bool(done_marker_regex().search(text, lo, hi))


@lru_cache(maxsize=None)
def scope_regex() -> tuple[re.Pattern, dict[str, Kind]]:
    table = lexicon.load("cues")["scope"]
    kinds = {w: REPORTED for w in table["reported"]} | {w: TARGET for w in table["target"]}
    return alternation(kinds), kinds


def last_scope(text: str, lo: int, hi: int) -> Kind | None:
    """The kind of the last paragraph-scope word (十年来, 今年) in text[lo:hi]."""
    pattern, kinds = scope_regex()
    found = None
    for m in pattern.finditer(text, lo, hi):
        found = kinds[m.group(0)]
    return found


def is_planned_difference(text: str, clause_start: int, start: int) -> bool:
    return bool(planned_difference_regex().search(text, max(clause_start, start - 12), start))


@lru_cache(maxsize=None)
def comparator_words() -> tuple[re.Pattern, dict[str, str], re.Pattern, dict[str, str]]:
    """Before-words and after-words of the comparators, each as one pattern and a word -> name map."""
    table = lexicon.load("cues")["comparator"]
    names = ("at_least", "about", "at_most")
    before = {w: name for name in names for w in table[f"{name}_before"]}
    after = {w: name for name in names for w in table[f"{name}_after"]}
    return alternation(before), before, alternation(after), after


COMPARATOR_REACH = 6  # 至少降低30%: a before-word may stand a verb away from the number
CLAUSE_MARKS = "，,。；;：:、\n"


def comparator(text: str, start: int, end: int, approx_suffix: bool) -> Comparator:
    """at_least (超过, 以上, 多, 余), about (约, 左右, 近), at_most (以内, 不超过, 低于), else exact.

    A word after the number (3.5%左右) outranks one before it (控制在); before it, the last and
    longest word wins (不超过 is at most, though it ends in 超过)."""
    if approx_suffix:
        return Comparator.AT_LEAST
    before_pattern, before_names, after_pattern, after_names = comparator_words()
    after = after_pattern.match(text, end)
    if after:
        return Comparator(after_names[after.group(0)])
    lo = max(0, start - COMPARATOR_REACH)
    for mark in CLAUSE_MARKS:
        lo = max(lo, text.rfind(mark, lo, start) + 1)
    found = None
    for m in before_pattern.finditer(text, lo, start):
        found = m
    return Comparator(before_names[found.group(0)]) if found else Comparator.EXACT


@lru_cache(maxsize=None)
def keyword_index(name: str) -> tuple[re.Pattern, dict[str, str]]:
    """Category or region keywords as one pattern, and the label of each keyword.

    Region words may come with [not_regions]: words that hold a region's name without being
    about it (幸福建设 is not 福建). They match like keywords, so a name inside one is consumed,
    and their label is empty: they name no region."""
    if name == "regions":
        data = lexicon.load("regions")
        labels = {w: label for label, words in data["regions"].items() for w in words}
        labels.update({w: "" for w in data["not_regions"]["words"] if w not in labels})
    else:
        table = lexicon.load("categories")
        order = table["order"]
        labels = {}
        for label in order:
            for w in table["keywords"].get(label, []):
                labels.setdefault(w, label)
    return alternation(labels), labels


@lru_cache(maxsize=None)
def destination_words() -> tuple[str, ...]:
    return tuple(lexicon.load("regions")["destinations"]["before"])


def destination_region(text: str, lo: int, hi: int) -> str:
    """The first region in text[lo:hi] named right after a destination word, or ""."""
    pattern, labels = keyword_index("regions")
    destinations = destination_words()
    for m in pattern.finditer(text, lo, hi):
        if labels[m.group(0)] and text.endswith(destinations, max(lo, m.start() - 2), m.start()):
            return labels[m.group(0)]
    return ""


def nearest_label(name: str, text: str, lo: int, hi: int, position: int, default: str) -> str:
    """The label of the keyword nearest to position in text[lo:hi]; earlier keywords win ties.
    A region named as a destination (高铁通北京) is not the statement's."""
    pattern, labels = keyword_index(name)
    destinations = destination_words() if name == "regions" else ()
    best, best_distance = default, None
    for m in pattern.finditer(text, lo, hi):
        label = labels[m.group(0)]
        if not label:
            continue  # a word that only looks like a name (not_regions)
        if destinations and text.endswith(destinations, max(0, m.start() - 2), m.start()):
            continue
        distance = position - m.end() if m.end() <= position else (m.start() - position) * 2
        if best_distance is None or distance < best_distance:
            best, best_distance = label, distance
    return best


SUBJECT_STOP = "，,。；;：:、（）()！？!?\n 《》"
SUBJECT_LEAD_STRIP = "的和及与等"
SUBJECT_AFTER_STOP = "等的"
SUBJECT_MAX = 16
QUOTE_PAIRS = {"“": "”", "‘": "’", "「": "」", "『": "』", '"': '"'}


@lru_cache(maxsize=None)
def qualifiers_after() -> tuple[str, ...]:
    """以上, 左右, 以内…: words after a number that qualify it rather than name what it counts."""
    table = lexicon.load("cues")["comparator"]
    words = table["at_least_after"] + table["about_after"] + table["at_most_after"]
    return tuple(words + lexicon.load("units")["approx_suffix"]["at_least"])


@lru_cache(maxsize=None)
def qualifiers_before() -> re.Pattern:
    """超过, 约, 近…: words before a number that qualify it, stripped from the end of a subject."""
    table = lexicon.load("cues")["comparator"]
    words = sorted(table["at_least_before"] + table["about_before"] + table["at_most_before"], key=len, reverse=True)
    return re.compile("(?:" + "|".join(map(re.escape, words)) + r")+\Z")


def subject_span(text: str, clause_start: int, start: int, end: int, clause_end: int) -> tuple[int, int]:
    """Where the short phrase the number counts lies: the noun after its unit (4条[高铁通北京]),
    else the noun before it, between the clause's last verb and the number ([注册企业]超3000家)."""
    lo, hi = subject_after(text, end, clause_end)
    qualifier = next((w for w in qualifiers_after() if text.startswith(w, lo)), None)
    if qualifier and qualifier in lexicon.load("units")["bare_magnitude"]["threshold_marks"]:
        lo, hi = subject_after(text, lo + len(qualifier), clause_end)  # 亿元以上[项目]: what the threshold sizes
        qualifier = None
    if hi - lo >= 2 and not qualifier and not predicate_regex().match(text, lo):
        return lo, hi
    return subject_before(text, max(clause_start, start - SUBJECT_MAX - 4), start)


def subject_after(text: str, end: int, clause_end: int) -> tuple[int, int]:
    lo = end
    while lo < clause_end and text[lo] in SUBJECT_LEAD_STRIP:
        lo += 1
    limit = min(clause_end, lo + SUBJECT_MAX)
    hi, closing = lo, None
    while hi < limit and (closing or (text[hi] not in SUBJECT_STOP and text[hi] not in SUBJECT_AFTER_STOP)):
        if closing and text[hi] == closing:
            closing = None
        elif text[hi] in QUOTE_PAIRS:
            closing = QUOTE_PAIRS[text[hi]]
        hi += 1
    predicate = predicate_regex().search(text, lo + 2, hi) if hi - lo > 2 else None
    return lo, (predicate.start() if predicate else hi)


@lru_cache(maxsize=None)
def predicate_regex() -> re.Pattern:
    """Where a predicate starts after the counted noun; a digit starts the next figure."""
    words = sorted(lexicon.load("cues")["subject"]["predicate_starts"], key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)) + r"|\d")


def subject_before(text: str, lo: int, start: int, limit: int = SUBJECT_MAX) -> tuple[int, int]:
    hi = subject_end(text, lo, start)
    share = text.rfind(lexicon.load("cues")["subject"]["share_mark"], lo, hi)
    if text.startswith(SUBJECT_OF_MARK, hi) and share >= 0:
        lo = share + 1  # 占全市引进内资的42%: the whole the share is of, cue words and all
    else:
        lo = after_cue(text, lo, hi)
        if lo == hi:
            return lo, hi
        hi = min(hi, before_cue(text, lo, hi))
    lo = max(lo, after_other_number(text, lo, hi), hi - limit)
    while lo < hi and (text[lo] in SUBJECT_LEAD_STRIP or is_stray_digit(text, lo)):
        lo += 1  # a window that starts inside a date (…021年) or on a particle
    if lo > 0 and text[lo - 1].isdigit() and text.startswith("年", lo):
        lo += 1
    return (hi, hi) if only_cues(text, lo, hi) else (lo, hi)


def only_cues(text: str, lo: int, hi: int) -> bool:
    """计划年底前[再建300个]: a window made of cue words names nothing (the sentence's subject stands)."""
    pattern, _ = cue_regex()
    at = lo
    for m in pattern.finditer(text, lo, hi):
        if m.start() != at:
            return False
        at = m.end()
    return lo < hi and at == hi


SUBJECT_OF_MARK = "的"


def subject_end(text: str, lo: int, start: int) -> int:
    """Where the noun before a number ends: before qualifiers (超过), rank and change words
    (排名由全球第24位 -> 排名; 企业增加到3600家 -> 企业) and a 的 (内资的42% -> 内资)."""
    hi = start
    qualifier = qualifiers_before().search(text, lo, hi)
    if qualifier:
        hi = qualifier.start()
    while True:
        m = subject_tail_regex().search(text, lo, hi)
        if m is None or m.start() == hi or m.start() - lo < 2:
            return hi
        hi = m.start()


def after_cue(text: str, lo: int, hi: int) -> int:
    """The noun starts after the last kind cue of the window, unless what follows it is too short."""
    last = last_cue(text, lo, hi)
    if last is not None and hi - last.end() >= 2 and not is_weak_subject(text, last.end(), hi):
        return last.end()
    return lo


def before_cue(text: str, lo: int, hi: int) -> int:
    """企业数比上年分别增长188%: with nothing nameable after the last cue, the noun is before it."""
    last = last_cue(text, lo, hi)
    if last is not None and last.start() >= lo and (hi - last.end() < 2 or is_weak_subject(text, last.end(), hi)) \
            and last.start() - lo >= 2:
        return last.start()
    return hi


def last_cue(text: str, lo: int, hi: int) -> re.Match | None:
    """The last kind cue of text[lo:hi] that is a word of its own (not 覆盖 in 覆盖率, 保障 in 保障性住房)."""
    pattern, meaning = cue_regex()
    suffixes = noun_suffixes()
    last = None
    for m in pattern.finditer(text, lo, hi):
        if meaning[m.group(0)][0] is not None and not text.startswith(suffixes, m.end()):
            last = m
    return last


CODE_AFTER_DIGIT = re.compile(r"\d+[A-Za-z]")


def is_stray_digit(text: str, position: int) -> bool:
    """A digit that ends a number cut by the window (…021年), not one that starts a code (5G基站)."""
    return text[position].isdigit() and not CODE_AFTER_DIGIT.match(text, position)


def after_other_number(text: str, lo: int, hi: int) -> int:
    """由全球第24位上升至第20位: a window holding an earlier figure starts after it (a code such as 5G aside)."""
    found = lo
    for m in OTHER_NUMBER_RE.finditer(text, lo, hi):
        glued = m.start() > 0 and text[m.start() - 1].isascii() and text[m.start() - 1].isalpha()  # PM2.5
        if not glued and not CODE_AFTER_DIGIT.match(text, m.start()):
            unit = unit_at(text, m.end())  # 由1835万标准箱增长到…: the figure's unit goes with it
            found = unit.end() if unit else m.end()
            found = min(hi, found + next((len(w) for w in qualifiers_after() if text.startswith(w, found)), 0))
    return found


OTHER_NUMBER_RE = re.compile(r"\d+(?:\.\d+)?[万亿]*")


@lru_cache(maxsize=None)
def subject_tail_regex() -> re.Pattern:
    """Words that end a window before a number without naming what it counts: change verbs with
    their 到/至, rank words (全国第), the start of a change (由, 从), a possessive 的."""
    cues, units = lexicon.load("cues"), lexicon.load("units")
    words = [w for w in cues["subject"]["weak_words"] if len(w) > 1]
    words += [w + to for w in words for to in cues["change"]["to"]]
    words += [w for w in units["rank"]["contexts"] if w not in cues["subject"]["rank_nouns"]] + units["rank"]["markers"]
    words += cues["change"]["from"] + cues["change"]["to"] + [SUBJECT_OF_MARK] + cues["subject"]["change_verbs"]
    words += [w + to for w in cues["subject"]["change_verbs"] for to in cues["change"]["to"]]
    words += cues["subject"]["tail_words"]
    return re.compile("(?:" + "|".join(map(re.escape, sorted(set(words), key=len, reverse=True))) + r")+\Z")


LIST_CLAUSE_STOPS = "，,；;：:。！？!?\n"
LIST_CLAUSE_END_RE = re.compile(f"[{LIST_CLAUSE_STOPS}]")


def respective_subject(text: str, sentence: tuple[int, int], start: int) -> tuple[int, int] | None:
    """高新技术企业和科技型中小企业分别增长188%、281%: the k-th figure after 分别 counts the k-th noun
    before it, when the nouns and the figures are as many."""
    table = lexicon.load("cues")["subject"]
    clause_start = after_last(text, LIST_CLAUSE_STOPS, sentence[0], start)
    mark = text.rfind(table["respectively"], clause_start, start)
    if mark < 0:
        return None
    stop = LIST_CLAUSE_END_RE.search(text, start, sentence[1])
    clause_end = stop.start() if stop else sentence[1]
    separators = "".join(table["list_joiners"])
    index = sum(text.count(sep, mark, start) for sep in separators)
    figures = sum(text.count(sep, mark, clause_end) for sep in separators) + 1
    lo, hi = subject_before(text, clause_start, mark, limit=start - clause_start)
    parts = [m.span() for m in re.finditer(f"[^{re.escape(separators)}]+", text[lo:hi])]
    if len(parts) != figures or figures < 2:
        return None
    part_lo, part_hi = parts[index]
    return lo + part_lo, lo + part_hi


@lru_cache(maxsize=None)
def weak_subject_regex() -> re.Pattern:
    words = sorted(lexicon.load("cues")["subject"]["weak_words"], key=len, reverse=True)
    return re.compile("(?:" + "|".join(map(re.escape, words)) + ")*")


def is_weak_subject(text: str, lo: int, hi: int) -> bool:
    """增长, 比上年增长, 同比下降: a change word, not the thing counted."""
    return hi - lo < 2 or weak_subject_regex().fullmatch(text, lo, hi) is not None
