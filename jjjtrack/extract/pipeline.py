"""The steps extract_text runs: candidates from the scan, filtered, classified, made Statements.

Two passes over the accepted candidates: the first decides the kind where the words around a
number settle it; the second fills the rest from the kind that prevails in the paragraph and
the document. Sentence and clause bounds are found around each number, never for the whole text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from jjjtrack.models import Kind, Statement

from . import classify, deadlines, lexicon, noise
from .bounds import CLAUSE_STOPS, SENTENCE_STOPS, after_last
from .deadlines import Phrase
from .scan import Candidate, candidate_regex, range_upper, read_candidate
from .script import analysis_copy
from .units import alternation, is_ratio_unit, quantity, rank_units, ratio_tail, split_multiplier, streak_units, table_cell, unit_at

SENTENCE_END_RE = re.compile(f"[{SENTENCE_STOPS}]")
CLAUSE_END_RE = re.compile(f"[{SENTENCE_STOPS}{CLAUSE_STOPS}]")
LOOK_BACK = 240
LOOK_AHEAD = 240
PARAGRAPH_LOOK_BACK = 3000
CARRY_LOOK_BACK = 1500
PAST_FRAME_LOOK_BACK = 600
OPENING_FRAME = 12  # characters at a paragraph's start where the frame that opens it stands (“十四五”时期，)
THIS_YEAR_LOOK_BACK = 600
HELD_EVENT_LOOK_BACK = 300  # characters before a sentence where the event its figures report may be told
EARLY_MONTHS = 6
REPORT_SEASON_MONTHS = 2
SENTENCE_CAP = 300
OPENING = 200  # characters of title and byline
DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
YEAR_LEVEL_SUFFIX = "-12-31"
THIS_YEAR_MIN_MENTIONS = 3
THIS_YEAR_MIN_PER_10K = 5
LIST_MARK = "、"


@dataclass
class Context:
    """What the loop knows about the whole document."""

    text: str  # original
    analysis: str  # simplified, same length
    doc_year: int | None
    doc_date: str | None  # YYYY-MM-DD when the date is well formed and more than a year
    frames: list
    frame_starts: list
    this_year_frame: bool  # a work report: undated tasks are due by the end of its year
    plan_year: int | None  # a five-year plan: undated targets are due when it ends
    region: str  # the region the document's opening names: the default for its statements
    early_in_year: bool = False  # dated January to June: a span such as 今后五年 counts this year as its first
    in_report_season: bool = False  # dated January or February, when work reports set the year's plans
    held_event_item: bool = False  # a news item whose opening tells an event held: its open figures are reported
    progress_notice: bool = False  # a notice of progress (督查通报): its open figures are reported unless due ahead
    statistical_release: bool = False  # a release of a past year's results (统计公报): its open figures are reported
    phrases: dict = field(default_factory=dict)  # (start, end) -> time phrases, per sentence
    subjects: dict = field(default_factory=dict)  # (start, end) -> the last good subject span, per sentence
    carried: dict = field(default_factory=dict)  # sentence start -> carried_deadline of its numbers
    past_frames: dict = field(default_factory=dict)  # sentence start -> past_frame_before of its numbers
    this_years: dict = field(default_factory=dict)  # sentence start -> this_year_before of its numbers


@dataclass
class Draft:
    """An accepted candidate with its surroundings, before the kind is final."""

    candidate: Candidate
    ranking: bool
    sentence: tuple[int, int]
    clause: tuple[int, int]
    paragraph: int
    phrases: list[Phrase]
    frame: classify.Frame | None
    kind: Kind | None  # decided by the words around it, or None
    weak_kind: Kind | None  # the nearest weak cue in the sentence
    clause_kind: Kind | None = None  # the nearest weak cue in the number's own clause
    structural: bool = False  # reported by its form (a ranking, the start of a change): no evidence for priors


def document_context(text: str, doc_date: str | None) -> Context:
    analysis = analysis_copy(text)
    doc_year = year_of(doc_date)
    mentions = analysis.count(lexicon.load("deadlines")["no_deadline"]["this_year_word"])
    this_year = (doc_year is not None and mentions >= THIS_YEAR_MIN_MENTIONS
                 and mentions * 10_000 >= THIS_YEAR_MIN_PER_10K * len(analysis))
    plan_year = deadlines.plan_year(analysis)
    frames = classify.section_frames(analysis, doc_year, task_headings=this_year, plan=plan_year is not None)
    # YYYY-12-31 is how a year-level guess is written: only the year is known then
    well_formed = (doc_date if doc_year is not None and DATE_RE.fullmatch(doc_date)
                   and not doc_date.endswith(YEAR_LEVEL_SUFFIX) else None)
    early = well_formed is not None and int(well_formed[5:7]) <= EARLY_MONTHS
    season = well_formed is not None and int(well_formed[5:7]) <= REPORT_SEASON_MONTHS
    ctx = Context(text, analysis, doc_year, well_formed, frames, [f.start for f in frames], this_year,
                  plan_year, opening_region(analysis), early, season)
    ctx.held_event_item = opens_with_a_held_event(ctx)
    ctx.progress_notice = is_progress_notice(ctx)
    ctx.statistical_release = is_statistical_release(ctx)
    return ctx


def opening_region(analysis: str) -> str:
    """天津市政府工作报告 -> Tianjin: the first region named in the title area."""
    return classify.nearest_label("regions", analysis, 0, min(len(analysis), OPENING), 0, "")


def year_of(doc_date: str | None) -> int | None:
    if not doc_date or len(doc_date) < 4 or not doc_date[:4].isdigit() or not doc_date[:4].isascii():
        return None
    return int(doc_date[:4]) or None


def accepted_candidates(s: str):
    """Candidates that state a counted quantity, as (candidate, is_ranking), in text order."""
    consumed_until = 0
    for match in candidate_regex().finditer(s):
        if match.start() < consumed_until or (is_date_or_ordinal(s, match) and not list_unit_ahead(s, match)):
            continue
        candidate = read_candidate(match, s)
        if candidate is None:
            continue
        upper = range_upper(s, candidate)
        if upper is not None:
            candidate.end, candidate.unit = upper.end, candidate.unit or upper.unit
        if candidate.unit == "" and not candidate.is_special:
            borrow_list_unit(s, candidate)  # 2万亿、3万亿元: the first takes the unit the list writes once
        if candidate.unit == "" and not candidate.has_multiplier and not candidate.is_chinese:
            ratio_end = ratio_tail(s, candidate.end)
            if ratio_end is not None:  # 2.1∶1: a ratio, valued by its first term
                candidate.unit, candidate.end = s[candidate.end:ratio_end], ratio_end
        consumed_until = candidate.end
        if candidate.unit == "" and not candidate.has_multiplier and not candidate.is_chinese:
            cell = table_cell(s, candidate.start, candidate.end)
            if cell is not None:  # 城镇化率（%）  60.1  65: the row names the unit
                candidate.unit, candidate.table_column, candidate.table_name, candidate.table_year = cell
        ranking = is_ranking(s, candidate)
        if ranking or not is_noise(s, candidate):
            yield candidate, ranking


def list_unit_ahead(s: str, match) -> bool:
    """2万亿、3万亿元: a number that a list mark and another number follow may borrow that one's unit."""
    end = match.end()
    return s.startswith(LIST_MARK, end) and candidate_regex().match(s, end + len(LIST_MARK)) is not None


def borrow_list_unit(s: str, c: Candidate) -> None:
    """The unit of the next item of a 、 list, for a number written without one (Arabic, or with 万/亿)."""
    if not s.startswith(LIST_MARK, c.end) or (c.is_chinese and not c.has_multiplier):
        return
    match = candidate_regex().match(s, c.end + len(LIST_MARK))
    following = read_candidate(match, s) if match and not match["special"] else None
    if following is None or not following.unit or following.is_chinese != c.is_chinese:
        return
    written = unit_at(s, following.numeral_end)
    numeral = c.numeral if c.has_multiplier else c.numeral + split_multiplier(following.numeral)[1]  # 12、15万人
    read = quantity(numeral, written.group(0)) if written else None
    if read is not None:
        c.value, c.unit = read
        c.borrowed_unit = True
        c.unit_at = unit_pieces(s, c.unit, written.span(), (c.numeral_end, following.numeral_end))


def unit_pieces(s: str, unit: str, word: tuple[int, int], multiplier_ends: tuple[int, int]) -> tuple:
    """Where a borrowed unit is written: its measure word, after the multiplier it keeps (万亿 of 2万亿 + 元)."""
    prefix = unit[:len(unit) - (word[1] - word[0])]
    if not prefix:
        return (word,)
    for end in multiplier_ends:
        if s.startswith(prefix, end - len(prefix)):
            return (end - len(prefix), end), word
    return ()


def is_date_or_ordinal(s: str, match) -> bool:
    """5月, 31日, 十二届, 2023年 (no 连续 before it): rejected before any parsing, for speed.
    A number after 第 or 前 waits for the ranking test (全球第二大)."""
    end = match.end()
    if not noise.follower_excludes(s, end, match.start()) or s.endswith(tuple(lexicon.load("units")["rank"]["markers"]), 0, match.start()):
        return False
    return not (s.startswith(lexicon.load("units")["duration"]["unit"], end) and after_duration_cue(s, match.start()))


def is_ranking(s: str, c: Candidate) -> bool:
    """全国第1, 全球第二大, 前10位, 上升至第20位."""
    if c.unit not in rank_units() and c.unit != "":
        return False
    rank = lexicon.load("units")["rank"]
    marker = next((m for m in rank["markers"] if s.endswith(m, 0, c.start)), None)
    bare_end = c.unit == "" and (c.end == len(s) or CLAUSE_END_RE.match(s, c.end) is not None)
    if marker is None or (c.unit == "" and marker != rank["markers"][0] and not bare_end):
        return False  # 前 needs a unit (前10位) or a clause end (位列全国前三。); 目前 is no ranking
    window = s[max(0, c.start - 8):c.start]
    return any(word in window for word in rank["contexts"])


def is_unitless_ratio(s: str, c: Candidate) -> bool:
    """城乡居民收入比缩小到1.78。: an Arabic number with no unit after a ratio's verb, ending its clause."""
    if c.is_chinese or not s.endswith(tuple(lexicon.load("units")["ratio"]["unitless_after"]), 0, c.start):
        return False
    return c.end == len(s) or CLAUSE_END_RE.match(s, c.end) is not None or s.startswith(("左右", "以内", "以下"), c.end)


def is_noise(s: str, c: Candidate) -> bool:
    if c.is_special:
        return noise.is_slogan(s, c.start, c.end) or noise.names_existing_policy(s, c.start)
    counts = lexicon.load("noise")["counts"]
    if c.numeral in counts["lone_non_counts"] and not (c.unit and is_measured_one(s, c)):
        return True  # 一个, 一项: an article; 零, 〇 alone count nothing
    if c.unit in lexicon.load("units")["rank"]["only_in_rank"] or (c.unit == "" and not c.has_multiplier
                                                                    and not is_unitless_ratio(s, c)):
        return True
    if c.unit == lexicon.load("units")["duration"]["unit"]:
        if not after_duration_cue(s, c.start):
            return True
    elif noise.follower_excludes(s, c.numeral_end, c.start) and not c.borrowed_unit:
        return True
    if (noise.is_glued_to_code(s, c.start, c.numeral_end) and not is_ratio_unit(c.unit)) or noise.follows_ordinal(s, c.start):
        return True
    if noise.follows_structure(s, c.start, c.unit) or noise.is_context_population(s, c.start):
        return True
    if noise.sizes_a_document(s, c.start, c.end) or noise.counts_visits_or_meetings(s, c.start, c.end, c.unit):
        return True
    if noise.names_a_programme(s, c.numeral, c.numeral_end, c.is_chinese) or noise.names_an_age_band(s, c.end, c.unit):
        return True
    if noise.counts_months_of_a_period(s, c.start, c.unit):
        return True
    if (noise.in_short_quote(s, c.start, c.end) and c.unit not in streak_units()) or noise.in_title(s, c.start, c.end):
        return True
    if noise.is_named_or_slogan(s, c.start, c.end, c.numeral_end):
        return True
    if c.is_chinese and noise.counts_named_formulas(s, c.end):
        return True
    if noise.is_existential_population(s, c.start, c.unit, sentence_end(s, c.start)):
        return True
    return c.unit in counts["attendance_units"] and attendance(s, c)


def is_measured_one(s: str, c: Candidate) -> bool:
    """提前一年, 至少有一人: a lone 一 after a word that makes it a measure."""
    return c.numeral == "一" and s.endswith(tuple(lexicon.load("units")["lone_one"]["after"]), 0, c.start)


def after_duration_cue(s: str, start: int) -> bool:
    window = s[max(0, start - 4):start]
    return any(cue in window for cue in lexicon.load("units")["duration"]["cues"])


def attendance(s: str, c: Candidate) -> bool:
    sentence_start, sentence_end = sentence_bounds(s, c.start)
    return noise.is_attendance(s, c.start, sentence_start, sentence_end)


def sentence_bounds(s: str, position: int) -> tuple[int, int]:
    return after_last(s, SENTENCE_STOPS, max(0, position - LOOK_BACK), position), sentence_end(s, position)


def sentence_end(s: str, position: int) -> int:
    m = SENTENCE_END_RE.search(s, position, position + LOOK_AHEAD)
    return m.end() if m else min(len(s), position + LOOK_AHEAD)


def clause_bounds(s: str, start: int, end: int, sentence: tuple[int, int]) -> tuple[int, int]:
    clause_start = after_last(s, CLAUSE_STOPS, sentence[0], start)
    m = CLAUSE_END_RE.search(s, end, sentence[1])
    return clause_start, (m.start() if m else sentence[1])


def paragraph_of(s: str, position: int) -> int:
    """The newline that opens the number's paragraph; in text without newlines, a fixed-size block."""
    found = s.rfind("\n", max(0, position - PARAGRAPH_LOOK_BACK), position)
    return found if found >= 0 else -1 - position // PARAGRAPH_LOOK_BACK


def draft(ctx: Context, c: Candidate, ranking: bool) -> Draft:
    s = ctx.analysis
    sentence = sentence_bounds(s, c.start)
    clause = clause_bounds(s, c.start, c.end, sentence)
    if in_headline(s, c.start):
        clause = headline_part(s, c.end, clause)
    phrases = ctx.phrases.get(sentence)
    if phrases is None:  # numbers of one sentence share its time phrases
        phrases = deadlines.find_deadlines(s, sentence[0], sentence[1], ctx.doc_year, ctx.early_in_year)
        this_month = deadlines.this_month_phrases(s, sentence[0], sentence[1], ctx.doc_date)
        phrases = sorted(phrases + this_month, key=lambda p: p.start) if this_month else phrases
        phrases = ctx.phrases[sentence] = [p for p in phrases if not names_the_year_released(ctx, p)]
    frame = classify.frame_at(ctx.frames, ctx.frame_starts, c.start)
    d = Draft(c, ranking, sentence, clause, paragraph_of(s, c.start), phrases, frame, None, None)
    d.kind = structural_kind(ctx, d)
    if d.kind is None:
        change = change_start(s, c, clause)
        if change is not None and (classify.has_done_marker(s, after_last_digit(s, change, c.start), c.start)
                                   or reports_a_raise(ctx, d, change)):
            d.kind = Kind.REPORTED  # 由260元已提高到280元
            return d
        nearest, strong = classify.nearest_cues(s, sentence[0], c.start if change is None else change)
        note_weak_cues(ctx, d, nearest)
        d.kind = settled_kind(ctx, d, strong)
    return d


def in_target_section(d: Draft) -> bool:
    return d.frame is not None and d.frame.kind is Kind.TARGET and not d.frame.by_opener


def reports_a_raise(ctx: Context, d: Draft, change: int) -> bool:
    """今年，最低工资标准由去年的2200元提高到2420元 in a news item of October: a change from a value of a
    past time, with no task cue before it (今年 is none), outside the season of work reports and a
    section of targets, is news of a change made."""
    s = ctx.analysis
    if ctx.in_report_season or in_target_section(d) or sets_a_target(s, d.sentence[0], change):
        return False
    return any(change <= p.start < d.candidate.start and is_past(ctx, p) for p in d.phrases)


def after_last_digit(s: str, lo: int, hi: int) -> int:
    """由目前的2200元已提高到…: the position after the old value's last digit (its words are not the change's)."""
    for i in range(hi - 1, lo - 1, -1):
        if s[i].isdigit():
            return i + 1
    return lo


def change_start(s: str, c: Candidate, clause: tuple[int, int]) -> int | None:
    """Where the change that c ends starts (由去年的260元提高到280元: at 由), or None. The words of the old
    value (去年) say nothing of the new one: its kind is read before the change."""
    if not is_change_destination(s, c, clause):
        return None
    return max(s.rfind(word, clause[0], c.start) for word in lexicon.load("cues")["change"]["from"])


def structural_kind(ctx: Context, d: Draft) -> Kind | None:
    """Kinds a figure has by its form: rankings and the start of a change are reported,
    a difference to last year's budget is planned."""
    s, c = ctx.analysis, d.candidate
    if c.table_year is not None and ctx.doc_year is not None:
        d.structural = True  # a column headed 2020年 in a 2021 plan is reported, 2025年 planned
        return Kind.REPORTED if c.table_year < ctx.doc_year else Kind.TARGET
    if d.ranking or is_change_origin(s, c, d.clause) or c.table_column == 0 or c.unit in streak_units():
        d.structural = True  # a table's first column holds the base year's value; 九连增 is a streak
        return Kind.REPORTED
    if c.table_column is not None:
        d.structural = True
        return Kind.TARGET
    if classify.is_planned_difference(s, d.clause[0], c.start):
        return Kind.TARGET
    return None


def note_weak_cues(ctx: Context, d: Draft, weak: tuple[Kind, int] | None) -> None:
    """The kinds weak cues suggest: the nearest in the sentence before the figure (`weak`, any
    cue), and the one in the figure's clause."""
    s, c = ctx.analysis, d.candidate
    d.weak_kind = weak[0] if weak else None
    if is_change_destination(s, c, d.clause):
        d.weak_kind = Kind.TARGET  # 由300元提高到360元: the new value is planned unless shown reached
    if weak and weak[1] >= d.clause[0]:
        d.clause_kind = d.weak_kind
        if d.clause[0] > d.sentence[0] and s.startswith(tuple(lexicon.load("cues")["reported"]["extent"]), weak[1]):
            d.clause_kind = None  # …扩大到1000个县，覆盖5亿人口: the extent of the measure just named
            earlier = classify.nearest_cue(s, d.sentence[0], d.clause[0], strong_only=False)
            d.weak_kind = earlier[0] if earlier else None
        if lexicon.load("cues")["change"]["modifier_mark"] in s[weak[1]:c.start]:
            head = classify.first_cue(s, d.clause[0], weak[1], strong_only=False)  # 印发…建设…的4个意见
            d.clause_kind = head[0] if head else None
    elif classify.is_in_progress(s, c.end, d.clause[1]):
        d.clause_kind = Kind.TARGET


def settled_kind(ctx: Context, d: Draft, strong: tuple[Kind, int] | None) -> Kind | None:
    """The kind time phrases, strong cues (`strong`: the nearest before the figure in its
    sentence) and the section settle, in that order; None if none does."""
    s, c = ctx.analysis, d.candidate
    if is_due_in_parentheses(ctx, d) or remains_to_do(ctx, d):
        return Kind.TARGET
    if status_in_parentheses(s, c, d.clause) is not None or s.endswith(statuses(), d.clause[0], c.start):
        return Kind.REPORTED  # 未完成项目（4个）, 推进中8项: the count of a status as of the notice
    past = [p for p in d.phrases if p.start < c.start and is_past(ctx, p)
            and not classify.dates_a_change_origin(s, p.start, p.end)]
    if past and (strong is None or past[-1].start >= strong[1] or strong[0] is Kind.REPORTED):
        return Kind.REPORTED  # 今年1至4月，…同比增长12%: the months are over and 同比 agrees
    if past and past[-1].as_of and not sets_a_target(s, past[-1].end, c.start):
        return Kind.REPORTED  # 截至9月底，今年全市新开工项目120个: 今年 is the year reported on
    if reports_progress(ctx, d):
        return Kind.REPORTED
    future = [p for p in d.phrases if p.start < d.clause[1] and is_future(ctx, p)]  # 为今年…打下基础 after the figure frames nothing
    if d.frame is not None and d.frame.kind is Kind.REPORTED and not future:
        return Kind.REPORTED  # a review section (一、2023年工作回顾): its goals are met goals
    if any(p.end <= c.start for p in future) and not classify.has_done_marker(s, future[0].end, c.start):
        # 到2025年，累计建成…: the frame outranks 累计; 今年累计建成… says where this year stands
        return Kind.REPORTED if states_where_things_stand(ctx, d, future) else Kind.TARGET
    if strong is not None:
        return Kind.REPORTED if is_effect_of_a_done_event(ctx, d, strong) else strong[0]
    if future:
        return Kind.TARGET
    after = classify.first_cue(s, c.end, d.clause[1], strong_only=True)
    if after is not None:
        return Kind.REPORTED if is_effect_of_a_done_event(ctx, d, after) else after[0]
    if d.frame is None or (ctx.progress_notice and d.frame.start < OPENING):
        return None  # …重点工作督查情况的通报: the notice's title heads no section of targets
    return d.frame.kind


def remains_to_do(ctx: Context, d: Draft) -> bool:
    """其余4项将于年底前完成: a remainder word just before the figure in its clause, and after it a target cue or
    a time still ahead in the clause."""
    s, c = ctx.analysis, d.candidate
    if remainder_words().search(s, d.clause[0], c.start) is None:
        return False
    return sets_a_target(s, c.end, d.clause[1]) or any(
        c.end <= p.start and p.end <= d.clause[1] and is_future(ctx, p) for p in d.phrases)


@lru_cache(maxsize=None)
def remainder_words() -> re.Pattern:
    return alternation(lexicon.load("cues")["remainder"]["words"])


PARENTHESES = {"（": "）", "(": ")"}
PARENTHESIS_REACH = 8  # 剩余14个项目（4月底前开工）: characters of a noun between the figure and the parenthesis


def is_due_in_parentheses(ctx: Context, d: Draft) -> bool:
    """剩余14个（4月底前开工）: a time still ahead in parentheses right after the figure (and its noun) sets its
    due date: a target, whatever the reporting date before."""
    s, c = ctx.analysis, d.candidate
    hi = min(d.clause[1], c.end + PARENTHESIS_REACH)
    opening = min((i for i in (s.find(mark, c.end, hi) for mark in PARENTHESES) if i >= 0), default=-1)
    if opening < 0:
        return False
    closing = s.find(PARENTHESES[s[opening]], opening, d.sentence[1])
    return closing > 0 and any(opening < p.start and p.end <= closing and p.date and is_future(ctx, p)
                               for p in d.phrases)


STATUS_NOUN_REACH = 4  # 正在推进[项目]（15个）: characters of a noun between the status word and the parenthesis


def status_in_parentheses(s: str, c: Candidate, clause: tuple[int, int]) -> tuple[int, int] | None:
    """正在推进项目（15个）: the span of the status (and its noun) that a count alone in parentheses counts, or None."""
    opening = c.start - 1
    if opening <= clause[0] or s[opening] not in PARENTHESES or not s.startswith(PARENTHESES[s[opening]], c.end):
        return None
    lo = max(clause[0], opening - STATUS_NOUN_REACH - max(map(len, statuses())))
    ends = [(at + len(w), -at) for w in statuses() if (at := s.rfind(w, lo, opening)) >= 0]
    if not ends or opening - max(ends)[0] > STATUS_NOUN_REACH:
        return None  # the last status word, and of two ending together (进度滞后, 滞后) the longer
    return -max(ends)[1], opening


@lru_cache(maxsize=None)
def statuses() -> tuple[str, ...]:
    return tuple(sorted(lexicon.load("cues")["progress"]["statuses"], key=len, reverse=True))


def reports_progress(ctx: Context, d: Draft) -> bool:
    """签约项目中，…项目总投资165亿元 (the investment of a project signed or started) and 完成投资2.3亿元，
    完成年度计划的35% (a share of the year's plan done follows in the sentence): progress made, unless a
    target cue stands before the figure. Not in January and February, nor in a section of targets."""
    s, c = ctx.analysis, d.candidate
    if ctx.in_report_season or in_target_section(d):
        return False
    invested = (progress_words("totals").search(s, d.clause[0], c.start) is not None
                and progress_words("events").search(s, d.sentence[0], c.start) is not None)
    share = None if invested else progress_words("plan_shares").search(s, c.end, d.sentence[1])
    if not invested and share is None:
        return False
    return not sets_a_target(s, d.sentence[0], c.start) and (invested or not sets_a_target(s, c.end, share.start()))


@lru_cache(maxsize=None)
def progress_words(name: str) -> re.Pattern:
    return alternation(lexicon.load("cues")["progress"][name])


@lru_cache(maxsize=None)
def current_state_regex() -> re.Pattern:
    table = lexicon.load("cues")["current_state"]
    words = [table["cumulative"] + verb for verb in table["completions"]] + table["words"] + table["events"]
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))


def states_where_things_stand(ctx: Context, d: Draft, future: list[Phrase]) -> bool:
    """今年累计建成…, 今年在建项目…, 今年…突破2万户: the frame is the document's own year so far, and no
    target cue stands between it and the figure. Not in January and February, when work reports plan the
    year (今年全市生产总值突破1万亿元 is a goal) unless the words tell an event held (集中签约), nor under a
    heading of targets (a news item's 下一步，sentence heads nothing)."""
    s, c = ctx.analysis, d.candidate
    if in_target_section(d):
        return False
    frame = [p for p in future if p.end <= c.start][-1]
    state = current_state_regex().search(s, frame.end, c.start) if is_current_year(ctx, frame) else None
    if state is None or (ctx.in_report_season and state.group(0) not in lexicon.load("cues")["current_state"]["events"]):
        return False
    return not sets_a_target(s, frame.end, c.start)


def sets_a_target(s: str, lo: int, hi: int) -> bool:
    """A strong target cue in s[lo:hi] other than the words of the current year (今年, 本年)."""
    frames = tuple(lexicon.load("cues")["current_state"]["frames"])
    return any(kind is Kind.TARGET and strong and not s.startswith(frames, position)
               for position, kind, strong in classify.cues_in(s, lo, hi))


def is_current_year(ctx: Context, phrase: Phrase) -> bool:
    """今年 or the document's year written alone (2026年), not a deadline within it (年底前, 到2026年)."""
    written = ctx.analysis[phrase.start:phrase.end]
    if written in lexicon.load("cues")["current_state"]["frames"]:
        return True
    return phrase.year == ctx.doc_year and not phrase.ahead and written == f"{phrase.year}年"


def is_effect_of_a_done_event(ctx: Context, d: Draft, cue: tuple[Kind, int]) -> bool:
    """开通后，…1小时可达 where the opening is done: the event's clause, or the sentence before when the
    event opens the sentence, has a done marker or a time over at the document's date, and no target cue."""
    s, effect = ctx.analysis, lexicon.load("cues")["effect"]
    if cue[0] is not Kind.TARGET or not s.startswith(tuple(effect["cues"]), cue[1]):
        return False
    event = max((s.rfind(w, d.sentence[0], d.candidate.start) for w in effect["events"]), default=-1)
    if event < 0:
        return False
    lo = after_last(s, CLAUSE_STOPS, d.sentence[0], event)
    if says_done(ctx, lo, event):
        return True
    before = sentence_bounds(s, d.sentence[0] - 1)[0] if d.sentence[0] > 0 else d.sentence[0]
    return not s[lo:event].strip() and before < d.sentence[0] and says_done(ctx, before, d.sentence[0])


def says_done(ctx: Context, lo: int, hi: int) -> bool:
    s = ctx.analysis
    if sets_a_target(s, lo, hi):
        return False  # 将于年底开通: the event is ahead
    phrases = deadlines.find_deadlines(s, lo, hi, ctx.doc_year, ctx.early_in_year)
    return classify.has_done_marker(s, lo, hi) or any(is_past(ctx, p) for p in phrases)


def is_future(ctx: Context, phrase: Phrase) -> bool:
    """A time frame still ahead at the document's date; with no date, one whose words look ahead (到2027年)."""
    if not phrase.bounded or phrase.year is None:
        return False
    return not is_past(ctx, phrase) if ctx.doc_year else phrase.ahead


def is_past(ctx: Context, phrase: Phrase) -> bool:
    """A time phrase that ends before the document's date (去年, 2021年, 上半年 in a July report);
    a reporting date (截至9月底) that is not after it, and of a year-level date, one not in a later year."""
    if phrase.date is not None and ctx.doc_date is not None:
        return phrase.date <= ctx.doc_date if phrase.as_of else phrase.date < ctx.doc_date
    if phrase.year is None or ctx.doc_year is None:
        return False
    return phrase.year <= ctx.doc_year if phrase.as_of else phrase.year < ctx.doc_year


CHANGE_ORIGIN_REACH = 12  # 由2025年的每人每月900元: characters between 由 and the old value


def is_change_origin(s: str, c: Candidate, clause: tuple[int, int]) -> bool:
    """由每人每年240元提高到280元: the value a change starts from is a reported figure."""
    change = lexicon.load("cues")["change"]
    before = s[max(clause[0], c.start - CHANGE_ORIGIN_REACH):c.start]
    if not any(word in before for word in change["from"]):
        return False
    return any(word in s[c.end:clause[1]] for word in change["to"])


def is_change_destination(s: str, c: Candidate, clause: tuple[int, int]) -> bool:
    """由每人每年240元提高到280元: 280元 ends a change that starts earlier in the clause."""
    change = lexicon.load("cues")["change"]
    before = s[clause[0]:c.start]
    return any(word in before for word in change["from"]) and before.endswith(tuple(change["to"]))


def kind_priors(drafts: list[Draft]) -> tuple[dict[int, Kind], Kind | None]:
    """The kind settled most often in each paragraph and in the whole document."""
    per_paragraph: dict[int, Counter] = {}
    overall: Counter = Counter()
    for d in drafts:
        if d.kind is not None and not d.structural:
            per_paragraph.setdefault(d.paragraph, Counter())[d.kind] += 1
            overall[d.kind] += 1
    paragraph_kinds = {p: majority(counts) for p, counts in per_paragraph.items()}
    return {p: k for p, k in paragraph_kinds.items() if k is not None}, majority(overall)


def majority(counts: Counter) -> Kind | None:
    targets, reported = counts[Kind.TARGET], counts[Kind.REPORTED]
    if targets == reported:
        return None
    return Kind.TARGET if targets > reported else Kind.REPORTED


def earlier_in_paragraph(ctx: Context, d: Draft) -> Kind | None:
    """The time the paragraph's earlier sentences set (十年来，…。…从54万亿元增长到114万亿元)."""
    lo = max(d.paragraph, 0, d.sentence[0] - PARAGRAPH_LOOK_BACK)
    return classify.last_scope(ctx.analysis, lo, d.sentence[0])


def past_frame_before(ctx: Context, d: Draft) -> bool:
    """Whether the last time frame the paragraph set before the sentence (“十四五”时期, 去年) is over at the
    document's date; in a paragraph that sets none, the frame of the paragraph before when it opens with one
    (过去一年，…。 then 全市生产总值完成2780亿元) and no heading stands between. Found once a sentence, looking
    back at most PAST_FRAME_LOOK_BACK characters."""
    start = d.sentence[0]
    if start not in ctx.past_frames:
        frames = past_frames_between(ctx, max(d.paragraph, 0, start - PAST_FRAME_LOOK_BACK), start)
        before = paragraph_of(ctx.analysis, d.paragraph) if d.paragraph > 0 else None
        if not frames and before is not None and (d.frame is None or d.frame.start <= before) \
                and start - before <= PAST_FRAME_LOOK_BACK:
            opening = before + 1  # the frame must open the paragraph before: 过去一年，… or 2025年，…
            frames = [p for p in past_frames_between(ctx, opening, min(d.paragraph, opening + OPENING_FRAME))
                      if p.start == opening]
        ctx.past_frames[start] = bool(frames) and is_past(ctx, frames[-1])
    return ctx.past_frames[start]


def past_frames_between(ctx: Context, lo: int, hi: int) -> list[Phrase]:
    return [p for p in deadlines.find_deadlines(ctx.analysis, lo, hi, ctx.doc_year, ctx.early_in_year)
            if p.bounded and p.year]


def final_kind(ctx: Context, d: Draft, paragraph_kinds: dict[int, Kind], document_kind: Kind | None) -> Kind:
    """Words around the number first; then the paragraph's and the document's prevailing kind."""
    if d.kind is not None:
        return d.kind
    if ctx.plan_year is not None and paragraph_kinds.get(d.paragraph) is not Kind.REPORTED \
            and not (d.clause_kind is Kind.REPORTED and in_headline(ctx.analysis, d.candidate.start)):
        return Kind.TARGET  # in a five-year plan, what no word marks as done is planned
    if past_frame_before(ctx, d):
        return Kind.REPORTED  # “十四五”时期，…成就。…新增就业60万人: a period over at the document's date
    if ctx.held_event_item or ctx.statistical_release or tells_a_held_event(ctx, d):
        return Kind.REPORTED  # 集中开工仪式举行。…项目61个 / 2025年统计公报：城镇新增就业9.5万人
    if ctx.progress_notice:
        return Kind.TARGET if due_ahead_later(ctx, d) else Kind.REPORTED  # 开工420个 / 泊位2万个，年底前完成  # 开工仪式举行。本次集中开工项目218个 / 正式开通运营。该线全长49.9公里
    if is_this_years_task(ctx, d):
        return Kind.TARGET  # 今年，我们将…。新认定高新技术企业1500家，举办活动500场: the year's tasks, 认定 or not
    kind = (d.clause_kind or paragraph_kinds.get(d.paragraph) or earlier_in_paragraph(ctx, d) or d.weak_kind
            or document_kind)
    if kind is None and carried_deadline(ctx, d) is not None:
        return Kind.TARGET  # a goal in a list opened by 确保到2020年…
    return kind or Kind.REPORTED


HEADLINE_STOPS_RE = re.compile("[。！？!?]")


def in_headline(s: str, position: int) -> bool:
    """A news item's headline: a line of its opening, before any sentence has ended (a 发布日期 line may
    stand before it). 常住人口突破130万 《…“十五五”规划》发布: the plan the item is about does not make
    the threshold a goal."""
    if position >= OPENING:
        return False
    line_end = s.find("\n", position)
    return HEADLINE_STOPS_RE.search(s, 0, line_end if line_end >= 0 else len(s)) is None


HEADLINE_GAP_RE = re.compile("[ 　]")


def headline_part(s: str, end: int, clause: tuple[int, int]) -> tuple[int, int]:
    """A headline's parts stand apart by spaces (常住人口突破130万 《…规划》发布): each is a clause."""
    gap = HEADLINE_GAP_RE.search(s, end, clause[1])
    return (clause[0], gap.start()) if gap else clause


def final_kinds(ctx: Context, drafts: list[Draft]) -> list[Kind]:
    """final_kind of every draft; a part after 其中 that its own words leave open takes the kind of the
    figure it breaks down (…达到10933公里，其中高铁2575公里)."""
    paragraph_kinds, document_kind = kind_priors(drafts)
    kinds: list[Kind] = []
    in_breakdown = False
    for i, d in enumerate(drafts):
        in_breakdown = i > 0 and breaks_down(ctx.analysis, d, drafts[i - 1], in_breakdown)
        if d.kind is None and in_breakdown:
            kinds.append(kinds[-1])
        else:
            kinds.append(final_kind(ctx, d, paragraph_kinds, document_kind))
    return kinds


def breaks_down(s: str, d: Draft, before: Draft, before_breaks_down: bool) -> bool:
    """Whether d's clause opens with 其中 and the figure before it stands in the same or the previous
    sentence, or d goes on with the list of a breakdown (其中高铁2575公里、普速铁路8358公里)."""
    if before_breaks_down and d.sentence == before.sentence and d.clause[0] > d.sentence[0] \
            and s[d.clause[0] - 1] == LIST_MARK:
        return True
    part_of = lexicon.load("cues")["subject"]["part_of"]
    if not any(s[lo:lo + len(part_of) + 4].lstrip(" \t　").startswith(part_of) for lo in (d.clause[0], d.sentence[0])):
        return False
    return before.sentence == d.sentence or before.sentence[1] >= d.sentence[0] - 1


def statement(ctx: Context, d: Draft, kind: Kind) -> Statement:
    s, c = ctx.analysis, d.candidate
    subject_lo, subject_hi = subject_of(ctx, d)
    sentence_start, sentence_end = d.sentence
    return Statement(
        start=c.start,
        end=c.end,
        text=ctx.text[c.start:c.end],
        sentence=ctx.text[sentence_start:min(sentence_end, sentence_start + SENTENCE_CAP)].strip(),
        value=c.value,
        unit=written_unit(ctx, c),
        subject=ctx.text[subject_lo:subject_hi],
        kind=kind,
        deadline=choose_deadline(ctx, d) if kind is Kind.TARGET else None,
        comparator=classify.comparator(s, c.start, c.end, c.approx_suffix),
        category=label(s, "categories", d, "other"),
        region=label(s, "regions", d, ctx.region),
    )


def subject_of(ctx: Context, d: Draft) -> tuple[int, int]:
    """The subject's span; 比上年增长10.4% takes the subject of the figure before it in the sentence."""
    c = d.candidate
    span = (c.table_name or status_in_parentheses(ctx.analysis, c, d.clause)
            or classify.respective_subject(ctx.analysis, d.sentence, c.start)
            or classify.subject_span(ctx.analysis, d.clause[0], c.start, c.end, d.clause[1]))
    if classify.is_weak_subject(ctx.analysis, *span):
        return ctx.subjects.get(d.sentence, span)
    ctx.subjects[d.sentence] = span
    return span


def label(s: str, name: str, d: Draft, default: str) -> str:
    """A category or region from the number's clause, else from its sentence up to the clause's end."""
    found = classify.nearest_label(name, s, d.clause[0], d.clause[1], d.candidate.start, "")
    return found or classify.nearest_label(name, s, d.sentence[0], d.clause[1], d.candidate.start, default)


def written_unit(ctx: Context, c: Candidate) -> str:
    """The unit in the document's own script (條, 個) where the text writes it just before the end."""
    if c.unit_at:
        return "".join(ctx.text[lo:hi] for lo, hi in c.unit_at)
    lo = c.end - len(c.unit)
    if c.unit and lo >= c.start and ctx.analysis[lo:c.end] == c.unit:
        return ctx.text[lo:c.end]
    return c.unit


def choose_deadline(ctx: Context, d: Draft) -> str | None:
    """A phrase in the sentence, else the section's year, the report's year, or a carried frame."""
    c = d.candidate
    if c.table_year is not None:
        return deadlines.year_end(c.table_year)  # the year its column's heading names
    usable = [p for p in d.phrases if p.date is not None and not is_past(ctx, p)]
    named_plans = [p for p in usable if names_a_plan(ctx.analysis, p)]
    if len(named_plans) < len(usable):
        usable = [p for p in usable if p not in named_plans]
    effect = effect_start(ctx.analysis, d)
    if effect is not None:  # 建成后形成整车30万台产能: due once built; only a time named after 建成后 dates it
        usable = [p for p in usable if p.start >= effect]
        if not any(p.end <= d.clause[1] for p in usable):
            return None
    before = [p for p in usable if p.end <= c.start]
    if before:
        return respective_deadline(ctx.analysis, before, d) or before[-1].date
    same_clause = [p for p in usable if p.start >= c.end and p.end <= d.clause[1]]
    if same_clause:  # 完成150个改造任务年底前: a phrase after the number but in its clause
        return same_clause[0].date
    later = due_later_in_sentence(ctx.analysis, d, usable)
    if later is not None:
        return later
    if deadlines.has_no_deadline(ctx.analysis, d.clause[0], d.clause[1]):
        return None
    if deadlines.has_open_horizon(ctx.analysis, d.sentence[0], c.start):
        return None
    if d.frame is not None and d.frame.kind is Kind.TARGET and d.frame.year:
        return deadlines.year_end(d.frame.year)
    if ctx.this_year_frame:
        return deadlines.year_end(ctx.doc_year)
    if ctx.plan_year is not None:
        return deadlines.year_end(ctx.plan_year)
    if plans_the_notices_year(ctx, d):
        return deadlines.year_end(ctx.doc_year)
    return carried_deadline(ctx, d) or this_year_before(ctx, d)


EFFECT_END_RE = re.compile("[；;]")
DIGIT_RE = re.compile(r"\d")


def names_a_plan(s: str, p: Phrase) -> bool:
    """全年 of 完成全年计划的55%: the plan's name, not the time the share is due."""
    return not p.bounded and s.startswith(tuple(lexicon.load("deadlines")["figure_dating"]["plan_nouns"]), p.end)


def due_later_in_sentence(s: str, d: Draft, usable: list[Phrase]) -> str | None:
    """确保改造任务完成80%，11月底前全部开工 / 新增3000个，12月20日前全部建成: the first time ending with 前 later
    in the sentence, with no other figure between, dates the figure."""
    mark = lexicon.load("deadlines")["figure_dating"]["due_mark"]
    c = d.candidate
    for p in usable:
        if p.start >= c.end and p.end <= d.sentence[1] and p.bounded:
            if s[p.end - len(mark):p.end] == mark and not DIGIT_RE.search(s, c.end, p.start):
                return p.date
            return None
    return None


def effect_start(s: str, d: Draft) -> int | None:
    """Where the clause of the event whose effect the figure states (建成后, 投产后) starts, or None: a time in
    that clause dates the event (明年建成投用后，可实现…), one before it does not (今年将开工…，建成后形成…)."""
    events = lexicon.load("cues")["effect"]["events"]
    found = max((s.rfind(w, d.sentence[0], d.candidate.start) for w in events), default=-1)
    if found < 0 or EFFECT_END_RE.search(s, found, d.candidate.start):
        return None  # …产能；新认定绿色工厂40家: a semicolon ends the effect
    return after_last(s, CLAUSE_STOPS, d.sentence[0], found)


def this_year_before(ctx: Context, d: Draft) -> str | None:
    """今年，全市将加快…。新建5G基站2000座: in a news item on this year's plan, a figure no phrase dates is
    due at the end of the year the last time frame before it (今年, 年底前, within THIS_YEAR_LOOK_BACK
    characters) names, when that is the document's."""
    start = d.sentence[0]
    if ctx.doc_year is None:
        return None
    if start not in ctx.this_years:  # asked for every number of a sentence: found once
        ctx.this_years[start] = None
        lo = max(0, start - THIS_YEAR_LOOK_BACK)
        words = [m.start() for m in this_year_words(ctx.doc_year).finditer(ctx.analysis, lo, start)]
        if words:  # only the text from the last of them on can hold the last frame of this year
            frames = [p for p in deadlines.find_deadlines(ctx.analysis, words[-1], start, ctx.doc_year, ctx.early_in_year)
                      if p.bounded and p.year is not None and not p.as_of]
            if frames and frames[-1].year == ctx.doc_year and is_future(ctx, frames[-1]):
                ctx.this_years[start] = deadlines.year_end(ctx.doc_year)
    return ctx.this_years[start]


def opens_with_a_held_event(ctx: Context) -> bool:
    """Whether the document is a news item on an event held: its title or opening (OPENING characters)
    tells one (…集中开工仪式举行, 地铁12号线正式开通运营). Its later paragraphs keep telling the same event
    (先进制造业项目61个, 列车最高时速100公里): what no word of their own decides is reported. Never a work
    report, a plan or a programme (their titles, or sections both of review and of targets)."""
    s = ctx.analysis
    opening = s[:OPENING]
    if ctx.plan_year is not None or any(word in opening for word in lexicon.load("cues")["held_event"]["not_in_items"]):
        return False
    if {f.kind for f in ctx.frames} >= {Kind.REPORTED, Kind.TARGET}:
        return False
    return any(held_in_its_sentence(s, m.start()) for m in held_event_words("events").finditer(s, 0, len(opening)))


def is_progress_notice(ctx: Context) -> bool:
    """关于全市民生实事进展情况的通报: a notice of progress, named in the opening; never a plan."""
    opening = ctx.analysis[:OPENING]
    return ctx.plan_year is None and any(word in opening for word in lexicon.load("cues")["progress_notice"]["titles"])


def plans_the_notices_year(ctx: Context, d: Draft) -> bool:
    """计划改造小区120个 in a notice of progress: a plan word before the figure in its clause plans the year."""
    words = lexicon.load("cues")["progress_notice"]["plan_words"]
    return ctx.progress_notice and ctx.doc_year is not None \
        and any(word in ctx.analysis[d.clause[0]:d.candidate.start] for word in words)


def is_statistical_release(ctx: Context) -> bool:
    """2025年国民经济和社会发展统计公报, 省统计局发布2025年全省经济运行情况: a release of results, named in the
    opening with a year before the document's; never a report, plan or programme, nor a notice of progress."""
    opening = ctx.analysis[:OPENING]
    if ctx.plan_year is not None or ctx.progress_notice or ctx.doc_year is None \
            or any(word in opening for word in lexicon.load("cues")["held_event"]["not_in_items"]):
        return False
    titles = lexicon.load("cues")["statistical_release"]["titles"]
    return any(word in opening for word in titles) and any(
        1900 < int(m.group(1)) < ctx.doc_year for m in YEAR_NAMED_RE.finditer(opening))


YEAR_NAMED_RE = re.compile(r"(\d{4})年")


def names_the_year_released(ctx: Context, p: Phrase) -> bool:
    """全年粮食产量412万吨, 年末常住人口835万人 in a release: the year reported on, not the document's year."""
    return ctx.statistical_release and ctx.analysis[p.start:p.end] in \
        lexicon.load("cues")["statistical_release"]["reported_year_words"]


def due_ahead_later(ctx: Context, d: Draft) -> bool:
    """停车泊位2万个，年底前完成: a time still ahead after the figure in its sentence, no other figure between."""
    c = d.candidate
    return any(p.start >= c.end and p.date and is_future(ctx, p) and not DIGIT_RE.search(ctx.analysis, c.end, p.start)
               for p in d.phrases)


def held_in_its_sentence(s: str, event: int) -> bool:
    """集中开工仪式在经开区举行: a word in the event word's sentence says it took place, no target cue before it."""
    sentence = sentence_bounds(s, event)
    return held_event_words("held").search(s, sentence[0], sentence[1]) is not None \
        and not sets_a_target(s, sentence[0], event)


def tells_a_held_event(ctx: Context, d: Draft) -> bool:
    """Whether the figure's sentence, or one of the sentences of its paragraph before it (within
    HELD_EVENT_LOOK_BACK characters), tells an event held: an event word (集中开工, 开通运营) and a word saying
    it took place (举行, 正式, 本次), with no target cue before the event word."""
    s = ctx.analysis
    lo = max(d.paragraph, 0, d.sentence[0] - HELD_EVENT_LOOK_BACK)
    return any(held_in_its_sentence(s, m.start()) for m in held_event_words("events").finditer(s, lo, d.candidate.start))


@lru_cache(maxsize=None)
def held_event_words(name: str) -> re.Pattern:
    return alternation(lexicon.load("cues")["held_event"][name])


def is_this_years_task(ctx: Context, d: Draft) -> bool:
    """In the season of work reports, a figure no word decides after a frame of this year (this_year_before)
    is one of the year's tasks, unless the frame is the title's (…2026年政府工作报告), the paragraph looks back
    (“十四五”以来，…。…突破2300万标准箱), or a heading stands between (今年要稳。 then （二）创新能力显著增强。)."""
    if not ctx.in_report_season or this_year_before(ctx, d) is None or earlier_in_paragraph(ctx, d) is Kind.REPORTED:
        return False
    s, start = ctx.analysis, d.sentence[0]
    words = [m.start() for m in this_year_words(ctx.doc_year).finditer(s, max(0, start - THIS_YEAR_LOOK_BACK), start)]
    if not words or in_headline(s, words[-1]):
        return False
    line = s.find("\n", words[-1], start)
    return line < 0 or not any(True for _ in classify.headings(s[line + 1:start]))


@lru_cache(maxsize=None)
def this_year_words(year: int) -> re.Pattern:
    """The words that name the document's year (今年, 年底前, 2026年): where a frame of this year may start."""
    words = [w for w, offset in lexicon.load("deadlines")["relative_years"].items() if offset == 0] + [f"{year}年"]
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))


def respective_deadline(s: str, before: list[Phrase], d: Draft) -> str | None:
    """将在2027年、2030年分别迈上15万亿、18万亿元台阶: the k-th figure after 分别 is due at the k-th year of
    the list of years last before it."""
    table = lexicon.load("cues")["subject"]
    mark = s.rfind(table["respectively"], d.sentence[0], d.candidate.start)
    years = [p for p in before if p.end <= mark]
    if mark < 0 or not years:
        return None
    joiners = tuple(table["list_joiners"])
    listed = [years[-1]]
    for p in reversed(years[:-1]):
        if s[p.end:listed[0].start] not in joiners:
            break
        listed.insert(0, p)
    index = sum(s.count(sep, mark, d.candidate.start) for sep in joiners)
    return listed[index].date if len(listed) > 1 and index < len(listed) else None


def carried_deadline(ctx: Context, d: Draft) -> str | None:
    """确保到2020年实现…, then a list of goals: the goals take the stated year. The same for
    every number of a sentence, and asked for twice a number: found once a sentence."""
    start = d.sentence[0]
    if start not in ctx.carried:
        lo = max(0, start - CARRY_LOOK_BACK)
        ctx.carried[start] = deadlines.last_carried_year(ctx.analysis, lo, start, ctx.doc_year)
    return ctx.carried[start]
