"""The extraction loop: candidates from the scan, filtered, classified and turned into Statements."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jjjtrack.models import Comparator, Kind, Statement

from . import classify, deadlines, noise
from .scan import Candidate, candidate_regex, range_upper, read_candidate
from .script import analysis_copy
from .units import rank_units
from . import lexicon

SENTENCE_ENDS = "。！？!?\n"
CLAUSE_ENDS = "，,；;：:"
SENTENCE_END_RE = re.compile(r"[。！？!?\n]")
CLAUSE_END_RE = re.compile(r"[。！？!?\n，,；;：:]")
LOOK_BACK = 240
LOOK_AHEAD = 240
SENTENCE_CAP = 300
THIS_YEAR_WORD = "今年"
THIS_YEAR_MIN_MENTIONS = 3


@dataclass
class Context:
    """What the loop knows about the whole document."""

    text: str  # original
    analysis: str  # simplified, same length
    doc_year: int | None
    frames: list = field(default_factory=list)
    frame_starts: list = field(default_factory=list)
    this_year_frame: bool = False


def document_context(text: str, doc_date: str | None) -> Context:
    analysis = analysis_copy(text)
    doc_year = year_of(doc_date)
    frames = classify.section_frames(analysis, doc_year)
    mentions = analysis.count(THIS_YEAR_WORD)
    return Context(text, analysis, doc_year, frames, [f.start for f in frames],
                   doc_year is not None and mentions >= THIS_YEAR_MIN_MENTIONS)


def year_of(doc_date: str | None) -> int | None:
    if not doc_date or len(doc_date) < 4 or not doc_date[:4].isdigit():
        return None
    return int(doc_date[:4])


def run(text: str, doc_date: str | None) -> list[Statement]:
    if not isinstance(text, str) or not text:
        return []
    ctx = document_context(text, doc_date)
    statements: list[Statement] = []
    consumed_until = 0
    s = ctx.analysis
    for match in candidate_regex().finditer(s):
        if match.start() < consumed_until:
            continue
        candidate = read_candidate(match, s)
        if candidate is None:
            continue
        upper = range_upper(s, candidate)
        if upper is not None:
            candidate.end, candidate.unit = upper.end, candidate.unit or upper.unit
        consumed_until = candidate.end
        ranking = is_ranking(s, candidate)
        if not ranking and is_noise(s, candidate):
            continue
        statements.append(build_statement(ctx, candidate, ranking))
    return statements


def is_ranking(s: str, c: Candidate) -> bool:
    """全国第1, 全球第二大, 前10位, 上升至第20位."""
    if c.unit not in rank_units() and c.unit != "":
        return False
    before = s[max(0, c.start - 4):c.start]
    if not before.endswith(("第", "前")):
        return False
    if c.unit == "" and before.endswith("第"):
        return False
    contexts = lexicon.load("units")["rank"]["contexts"]
    window = s[max(0, c.start - 8):c.start]
    return any(word in window for word in contexts)


def is_noise(s: str, c: Candidate) -> bool:
    if c.is_special:
        return noise.is_named_or_slogan(s, c.start, c.end)
    if c.numeral == "一" or (c.is_chinese and c.numeral in ("两", "二") and c.unit in ("", "个")):
        return True  # 一个, 一项: an article, not a count
    if c.unit in ("大", "强") or (c.unit == "" and not c.has_multiplier):
        return True
    if c.unit == lexicon.load("units")["duration"]["unit"] and not after_duration_cue(s, c.start):
        return True
    if noise.is_glued_to_code(s, c.start, c.numeral_end) or noise.follows_ordinal(s, c.start):
        return True
    if noise.follower_excludes(s, c.numeral_end) or noise.follower_excludes(s, c.end):
        return True
    if noise.in_short_quote(s, c.start, c.end) or noise.is_named_or_slogan(s, c.start, c.end):
        return True
    if c.unit in ("名", "人", "位", "个") and attendance(s, c):
        return True
    return False


def after_duration_cue(s: str, start: int) -> bool:
    window = s[max(0, start - 4):start]
    return any(cue in window for cue in lexicon.load("units")["duration"]["cues"])


def attendance(s: str, c: Candidate) -> bool:
    sentence_start, sentence_end = sentence_bounds(s, c.start)
    return noise.is_attendance(s, c.start, sentence_start, sentence_end)


def sentence_bounds(s: str, position: int) -> tuple[int, int]:
    lo = max(0, position - LOOK_BACK)
    start = max(s.rfind(ch, lo, position) for ch in SENTENCE_ENDS) + 1
    start = max(start, lo)
    m = SENTENCE_END_RE.search(s, position, position + LOOK_AHEAD)
    end = m.end() if m else min(len(s), position + LOOK_AHEAD)
    return start, end


def clause_bounds(s: str, position: int, sentence_start: int, sentence_end: int) -> tuple[int, int]:
    start = max(s.rfind(ch, sentence_start, position) for ch in CLAUSE_ENDS) + 1
    start = max(start, sentence_start)
    m = CLAUSE_END_RE.search(s, position, sentence_end)
    end = m.start() if m else sentence_end
    return start, end


def build_statement(ctx: Context, c: Candidate, ranking: bool) -> Statement:
    s = ctx.analysis
    sentence_start, sentence_end = sentence_bounds(s, c.start)
    clause_start, clause_end = clause_bounds(s, c.end if c.end > c.start else c.start, sentence_start, sentence_end)
    clause_start = min(clause_start, c.start)
    kind, deadline = kind_and_deadline(ctx, c, ranking, sentence_start, sentence_end, clause_start, clause_end)
    subject_lo, subject_hi = classify.subject_span(s, clause_start, c.start, c.end, clause_end)
    category = classify.nearest_label("categories", s, sentence_start, sentence_end, c.start, "other")
    region = classify.nearest_label("regions", s, sentence_start, sentence_end, c.start, "")
    sentence = ctx.text[sentence_start:min(sentence_end, sentence_start + SENTENCE_CAP)].strip()
    return Statement(
        start=c.start,
        end=c.end,
        text=ctx.text[c.start:c.end],
        sentence=sentence,
        value=c.value,
        unit=c.unit,
        subject=ctx.text[subject_lo:subject_hi],
        kind=kind,
        deadline=deadline if kind is Kind.TARGET else None,
        comparator=classify.comparator(s, c.start, c.end, c.approx_suffix),
        category=category,
        region=region,
    )


def kind_and_deadline(ctx, c, ranking, sentence_start, sentence_end, clause_start, clause_end):
    s = ctx.analysis
    if ranking:
        return Kind.REPORTED, None
    phrases = deadlines.find_deadlines(s, sentence_start, sentence_end, ctx.doc_year)
    frame = classify.frame_at(ctx.frames, ctx.frame_starts, c.start)
    kind = decide_kind(ctx, c, phrases, frame, sentence_start, clause_start, clause_end)
    if kind is Kind.REPORTED:
        return kind, None
    return kind, choose_deadline(ctx, c, phrases, frame, clause_start, clause_end)


def decide_kind(ctx, c, phrases, frame, sentence_start, clause_start, clause_end) -> Kind:
    s = ctx.analysis
    if classify.is_planned_difference(s, clause_start, c.start):
        return Kind.TARGET
    if c.start >= 1 and s[max(0, c.start - 2):c.start].endswith(("由", "从", "由第", "从第")):
        return Kind.REPORTED
    past_year = [p for p in phrases if p[1] <= c.start and p[3] is not None and ctx.doc_year
                 and p[3] < ctx.doc_year]
    future = [p for p in phrases if p[3] is not None and ctx.doc_year and p[3] >= ctx.doc_year and p[4]]
    strong = classify.nearest_cue(s, sentence_start, c.start, strong_only=True)
    cue_position = last_cue_position(s, sentence_start, c.start)
    if past_year and (cue_position is None or past_year[-1][1] >= cue_position):
        return Kind.REPORTED
    if strong is not None:
        return strong
    if future:
        return Kind.TARGET
    after = classify.nearest_cue(s, c.end, clause_end, strong_only=True)
    if after is not None:
        return after
    if frame is not None and frame.kind is not None:
        return frame.kind
    weak = classify.nearest_cue(s, sentence_start, c.start, strong_only=False)
    if weak is not None:
        return weak
    return Kind.REPORTED


def last_cue_position(s: str, lo: int, hi: int) -> int | None:
    pattern, meaning = classify.cue_regex()
    position = None
    for m in pattern.finditer(s, lo, hi):
        kind, strong = meaning[m.group(0)]
        if kind is not None and strong:
            position = m.start()
    return position


def choose_deadline(ctx, c, phrases, frame, clause_start, clause_end) -> str | None:
    usable = [p for p in phrases if p[2] is not None and (ctx.doc_year is None or p[3] is None or p[3] >= ctx.doc_year)]
    before = [p for p in usable if p[1] <= c.start]
    if before:
        return before[-1][2]
    if usable:
        return usable[0][2]
    if frame is not None and frame.kind is Kind.TARGET and frame.year:
        return deadlines.year_end(frame.year)
    if ctx.this_year_frame:
        return deadlines.year_end(ctx.doc_year)
    return None
