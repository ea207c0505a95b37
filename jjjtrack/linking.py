"""Outcomes across documents: each target linked to the later statements that report it.

The rules are ../shared/gold/LINKS.md's. A statement's features are read once, off its
document, and stored with it (ledger columns indicator, direction, period):

  indicator  the lexicon key of what it counts (国内生产总值 and 经济增长 are one), with the
             stage where the same thing is counted at several (保障性安居工程 新开工, 基本建成)
  direction  for a target, how a result meets it: at_least, at_most, about_at_least,
             about_at_most, exact
  period     the year it speaks of: a stated year, a relative one (去年), or the year its
             document reviews; "*" for several years (a five-year total is no year's outcome)

A target due by a date is then matched, through the indicator, against the statements of
documents dated after its own that speak of its deadline's year, in a compatible unit and
region (a figure), and against verdicts that name its indicator (去年财政赤字控制在预算范围内).
Each pair is a link: met or missed when it reports the outcome, restated when a later
document sets the same target again, progress when a figure before the deadline falls short.
Words live in lexicon/links.toml; the ledger stores links and their updates (ledger/links.py).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from .models import Comparator

SEVERAL_YEARS = "*"
MET, MISSED, RESTATED, PROGRESS = "met", "missed", "restated", "progress"
OUTCOME_VERDICTS = (MET, MISSED)
VERDICTS = (MET, MISSED, RESTATED, PROGRESS)
ABOUT = 0.05  # 左右: 5 % of the value (LINKS.md), not 5 points
REVIEW_MONTHS = 4  # a document dated by April reviews the year before (a work report in March)
YEAR_RE = re.compile(r"((?:19|20)\d\d)\s*年")
SENTENCE_ENDS = "。！？!?"
CLAUSE_ENDS = "，,；;：:、"
CLAUSE_END_RE = re.compile(f"[{SENTENCE_ENDS}{CLAUSE_ENDS}]")
LOOK = 240  # characters a sentence reaches either side of a number, at most
MAX_LINKS = 3  # links of one verdict a target keeps
NAME_WINDOW = 12  # characters after a number's unit where its object may stand (建成4条高铁)


@dataclass(frozen=True, slots=True)
class Features:
    indicator: str  # "" when the statement names no indicator the lexicon knows
    direction: str | None  # targets only
    period: str  # a year, SEVERAL_YEARS, or "" when nothing says


@dataclass(frozen=True, slots=True)
class Evidence:
    """A later statement that may report an outcome: a commitment, or a verdict with no figure."""

    document_id: int
    doc_date: str
    start: int
    end: int
    text: str
    indicator: str
    period: str
    region: str = ""
    commitment_id: int | None = None
    kind: str = "reported"
    value: float | None = None
    unit: str = ""
    deadline: str | None = None
    verdict: str | None = None  # for a verdict with no figure: met or missed
    sentence: str = ""


@dataclass(frozen=True, slots=True)
class Target:
    id: int
    document_id: int
    doc_date: str | None
    value: float | None
    unit: str
    deadline: str
    indicator: str
    direction: str
    region: str = ""


@dataclass(frozen=True, slots=True)
class Link:
    target_id: int
    evidence: Evidence
    verdict: str
    score: float


# ---- the lexicon ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _lexicon() -> dict:
    from .extract import lexicon

    return lexicon.load("links")


@lru_cache(maxsize=1)
def _names() -> tuple[re.Pattern, dict[str, str]]:
    """Every indicator name (a trie, longest first) and the key of each."""
    from .extract import word_pattern as alternation

    key_of = {name: key for key, names in _lexicon()["indicators"].items() for name in names}
    return alternation(key_of), key_of


@lru_cache(maxsize=1)
def _stages() -> tuple[re.Pattern, dict[str, str]]:
    from .extract import word_pattern as alternation

    stage_of = {word: stage for stage, words in _lexicon()["stages"].items() for word in words}
    return alternation(stage_of), stage_of


@lru_cache(maxsize=None)
def _words(section: str, key: str) -> re.Pattern:
    from .extract import word_pattern as alternation

    return alternation(_lexicon()[section][key])


@lru_cache(maxsize=1)
def _period_words() -> tuple[re.Pattern, dict[str, int]]:
    from .extract import word_pattern as alternation

    relative = _lexicon()["periods"]["relative_years"]
    several = _lexicon()["periods"]["several_years"]
    return alternation([*relative, *several]), relative


def _ceilings() -> frozenset[str]:
    return frozenset(_lexicon()["ceilings"]["keys"])


# ---- features of one statement --------------------------------------------------------------


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around text[start:end]. A single line break does not end it here: a
    wrapped line (广义货币M\n2\n增长13.6%) still names its indicator; a blank line does."""
    lo = max(0, start - LOOK)
    opening = max(lo, text.rfind("\n\n", lo, start) + 2, *(text.rfind(stop, lo, start) + 1 for stop in SENTENCE_ENDS))
    hi = min(len(text), end + LOOK)
    ends = [i for i in (text.find(stop, end, hi) for stop in (*SENTENCE_ENDS, "\n\n")) if i >= 0]
    return opening, min(ends, default=hi)


def clause_bounds(text: str, start: int, end: int, sentence) -> tuple[int, int]:
    opening = max(sentence[0], *(text.rfind(stop, sentence[0], start) + 1 for stop in CLAUSE_ENDS))
    m = CLAUSE_END_RE.search(text, end, sentence[1])
    return opening, (m.start() if m else sentence[1])


def features(text: str, start: int, end: int, kind: str, comparator: str, doc_date: str | None) -> Features:
    """The indicator, direction (targets) and period of the statement text[start:end]; text
    is the document's simplified copy, so the words match in either script."""
    sentence = sentence_bounds(text, start, end)
    clause = clause_bounds(text, start, end, sentence)
    name_at, indicator = indicator_of(text, start, end, sentence, clause)
    if indicator:
        indicator += stage_of(text, start, clause) + destination_of(text, start, clause)
    direction = None
    if kind == "target":
        direction = direction_of(text, name_at, start, end, clause, comparator, indicator)
    return Features(indicator, direction, period_of(text, start, sentence, doc_date))


def indicator_of(text: str, start: int, end: int, sentence, clause) -> tuple[int, str]:
    """(where its name starts, the key) of what the number counts: the first name in its clause
    before it (not a denominator: 占国内生产总值的4% counts what comes before 占), else the
    object right after it (建成4条高铁), else the nearest name before it in its sentence."""
    pattern, key_of = _names()
    named = list(pattern.finditer(text, clause[0], start))
    before = [m for m in named if not _is_denominator(text, m.start())]
    if before:
        return before[0].start(), key_of[before[0].group()]
    if named:  # only a denominator: what the share is of is not a name the lexicon knows
        return start, ""
    after = pattern.search(text, end, min(clause[1], end + NAME_WINDOW))
    if after:
        return start, key_of[after.group()]
    earlier = [m for m in pattern.finditer(text, sentence[0], clause[0]) if not _is_denominator(text, m.start())]
    if earlier:
        return earlier[-1].start(), key_of[earlier[-1].group()]
    return start, ""


def destination_of(text: str, start: int, clause) -> str:
    """"@Beijing" and the like: where the counted lines go (4条高铁通北京), in the number's part
    of its clause; 4 lines to Beijing and 1 to Xiong'an are two indicators."""
    from .extract import destination

    part_end = min((at for at in (text.find(mark, start, clause[1]) for mark in "、，,；;") if at >= 0),
                   default=clause[1])
    region = destination(text, start, part_end)
    return f"@{region}" if region else ""


def _is_denominator(text: str, position: int) -> bool:
    return position > 0 and text[position - 1] == "占"


def stage_of(text: str, start: int, clause) -> str:
    """":started" and the like: the stage word nearest before the number in its part of the clause."""
    part = max(clause[0], text.rfind("、", clause[0], start) + 1)
    pattern, stage_of_word = _stages()
    found = list(pattern.finditer(text, part, start))
    return f":{stage_of_word[found[-1].group()]}" if found else ""


def direction_of(text: str, name_at: int, start: int, end: int, clause, comparator: str, indicator: str) -> str:
    """How a result meets the target (LINKS.md's table): a ceiling by its indicator or its
    words, a floor by its words, 左右 on either, exact otherwise."""
    between = text[min(name_at, start):start]
    after = text[end:min(clause[1], end + 4)]
    about = comparator == Comparator.ABOUT.value
    ceiling = (
        comparator == Comparator.AT_MOST.value
        or indicator.split(":")[0] in _ceilings()
        or _words("direction", "ceiling_before").search(between) is not None
        or _words("direction", "ceiling_after").match(after) is not None
    )
    if ceiling:
        return "about_at_most" if about else "at_most"
    floor = (
        comparator == Comparator.AT_LEAST.value
        or _words("direction", "floor_before").search(between) is not None
        or _words("direction", "floor_after").match(after) is not None
    )
    if about:
        return "about_at_least"
    return "at_least" if floor else "exact"


def period_of(text: str, start: int, sentence, doc_date: str | None) -> str:
    """The year a statement speaks of: the nearest year phrase before it in its sentence (a
    stated year, 去年, 今年; 比上年 names a base, not the period), "*" for several years
    (累计, 年均, 五年来), "" when the sentence says nothing. The old value of a change
    (由240元提高到280元) is the year before the change's."""
    pattern, relative = _period_words()
    doc_year = int(doc_date[:4]) if doc_date else None
    found: list[tuple[int, str]] = [(m.start(), m.group(1)) for m in YEAR_RE.finditer(text, sentence[0], start)]
    for m in pattern.finditer(text, sentence[0], start):
        word = m.group()
        if word in relative:
            if _after_comparison(text, m.start()) or doc_year is None:
                continue
            found.append((m.start(), str(doc_year + relative[word])))
        else:
            found.append((m.start(), SEVERAL_YEARS))
    if not found:
        return ""
    period = max(found)[1]
    if period != SEVERAL_YEARS and _is_old_value(text, start):
        return str(int(period) - 1)
    return period


def _after_comparison(text: str, position: int) -> bool:
    markers = _lexicon()["periods"]["comparison_markers"]
    return any(text.endswith(marker, max(0, position - len(marker)), position) for marker in markers)


def _is_old_value(text: str, start: int) -> bool:
    """由每人每年240元提高到280元: the number after 由/从, before a 提高到."""
    from_words = ("由", "从")
    window = text[max(0, start - 8):start]
    return any(word in window for word in from_words) and re.match(r"[^，。；]{0,6}(提高|增加|上升|提升)到", text[start:start + 20]) is not None


def default_period(doc_date: str | None) -> str:
    """What a document reports when its sentence names no year: the year before, in one
    dated by April (it reviews that year), else its own year."""
    if not doc_date:
        return ""
    year, month = int(doc_date[:4]), int(doc_date[5:7])
    return str(year - 1 if month <= REVIEW_MONTHS else year)


# ---- verdicts with no figure ----------------------------------------------------------------


def verdicts_in(text: str, document_id: int, doc_date: str, numbered_spans, region: str = "",
                original: str | None = None) -> list[Evidence]:
    """Clauses that name an indicator and a verdict (完成, 控制在预算范围内, 未完成) and hold no
    statement of their own (a figure speaks for itself). text is the simplified copy of
    `original` (the document as stored), whose words the evidence quotes."""
    original = text if original is None else original
    names, key_of = _names()
    holds_statement = _overlap_test(numbered_spans)
    found = []
    for verdict in OUTCOME_VERDICTS:
        for m in _words("verdicts", verdict).finditer(text):
            if verdict == MET and _missed_at(text, m.start()):
                continue  # 未完成 holds 完成
            if _words("verdicts", "not_verdicts").search(text, max(0, m.start() - 2), m.end()):
                continue
            sentence = sentence_bounds(text, m.start(), m.end())
            clause_start, clause_end = clause_bounds(text, m.start(), m.end(), sentence)
            if holds_statement(clause_start, clause_end):
                continue
            name = next(iter(n for n in names.finditer(text, clause_start, m.start())
                             if not _is_denominator(text, n.start())), None)
            if name is None:
                continue
            found.append(Evidence(
                document_id, doc_date, name.start(), m.end(), original[name.start():m.end()],
                key_of[name.group()], period_of(text, name.start(), sentence, doc_date), region,
                verdict=verdict, sentence=original[sentence[0]:sentence[1] + 1].strip(),
            ))
    return found


def _overlap_test(spans):
    """A test of whether a range overlaps any of spans, by bisection: spans ordered by start,
    with the greatest end among each prefix."""
    spans = sorted(spans)
    starts = [start for start, _ in spans]
    greatest_end, ends = -1, []
    for _, end in spans:
        greatest_end = max(greatest_end, end)
        ends.append(greatest_end)

    def overlaps(start: int, end: int) -> bool:
        before = bisect.bisect_left(starts, end)  # the spans that start before the range ends
        return before > 0 and ends[before - 1] > start

    return overlaps


def _missed_at(text: str, position: int) -> bool:
    return text[max(0, position - 2):position].endswith(("未", "没有", "未能", "没"))


# ---- matching -------------------------------------------------------------------------------


def unit_scale(unit: str) -> tuple[str, float]:
    """(base unit, scale): 万人 is ("人", 10000), 亿元 ("元", 1e8); ％ and % are one unit."""
    units = _lexicon()["units"]
    if unit in units["percent"]:
        return "%", 1.0
    magnitudes = _magnitudes()
    scale = 1.0
    while unit not in units["not_scaled"] and len(unit) > 1 and unit[0] in magnitudes:
        scale *= magnitudes[unit[0]]  # 万亿元: 万 then 亿
        unit = unit[1:]
    return unit, scale


@lru_cache(maxsize=1)
def _magnitudes() -> dict[str, int]:
    """百, 千, 万, 亿 and their values, from the one numeral table."""
    from .extract import lexicon

    numerals = lexicon.load("numerals")
    return {**numerals["small_units"], **numerals["large_units"]}


def meets(direction: str, result: float, value: float) -> bool:
    if direction in ("at_least",):
        return result >= value
    if direction == "about_at_least":
        return result >= (1 - ABOUT) * value
    if direction == "at_most":
        return result <= value
    if direction == "about_at_most":
        return result <= (1 + ABOUT) * value
    return result == value


def links_for(target: Target, candidates: list[Evidence]) -> list[Link]:
    """The links of one target among the evidence sharing its indicator and year: those that
    report its outcome agreeing with the strongest of them, and the latest restatements and
    progress (MAX_LINKS of each: a figure restated every year is one finding, not fifty)."""
    found = [link for link in (_link(target, evidence) for evidence in candidates) if link]
    outcomes = [link for link in found if link.verdict in OUTCOME_VERDICTS]
    if outcomes:
        best = max(outcomes, key=lambda link: (link.score, -link.evidence.start))
        found = [link for link in found if link.verdict not in OUTCOME_VERDICTS or link.verdict == best.verdict]
    kept = []
    for verdict in VERDICTS:
        of_verdict = [link for link in found if link.verdict == verdict]
        if verdict in OUTCOME_VERDICTS:
            of_verdict.sort(key=lambda link: (-link.score, link.evidence.doc_date, link.evidence.start))
        else:
            of_verdict.sort(key=lambda link: (link.evidence.doc_date, link.evidence.start), reverse=True)
        kept += of_verdict[:MAX_LINKS]
    return kept


def _link(target: Target, evidence: Evidence) -> Link | None:
    if evidence.document_id == target.document_id or not target.doc_date or evidence.doc_date <= target.doc_date:
        return None
    if target.region and evidence.region and target.region != evidence.region:
        return None
    year = target.deadline[:4]
    if evidence.kind == "target":
        if evidence.deadline and evidence.deadline[:4] == year:
            return Link(target.id, evidence, RESTATED, 0.5)
        return None
    period = evidence.period or default_period(evidence.doc_date)
    if period != year:
        return None
    before_deadline = evidence.doc_date <= target.deadline
    if evidence.verdict is not None:
        if before_deadline and evidence.verdict == MISSED:
            return None
        return Link(target.id, evidence, evidence.verdict, 0.8 if evidence.period else 0.7)
    verdict = _compare(target, evidence)
    if verdict is None:
        return None
    if before_deadline and verdict == MISSED:
        verdict = PROGRESS
    return Link(target.id, evidence, verdict, 1.0 if evidence.period else 0.9)


def _compare(target: Target, evidence: Evidence) -> str | None:
    if target.value is None or evidence.value is None:
        return None
    family, scale = unit_scale(target.unit)
    other_family, other_scale = unit_scale(evidence.unit)
    if family != other_family:
        return None
    result, value = evidence.value * other_scale, target.value * scale
    return MET if meets(target.direction, result, value) else MISSED


def match(targets: list[Target], evidence: list[Evidence]) -> list[Link]:
    """Every target's links. Evidence is indexed by indicator and the year it speaks of, in
    order of date, so a target meets only the statements dated after it that could link."""
    index: dict[tuple[str, str], list[Evidence]] = {}
    for item in sorted(evidence, key=lambda item: item.doc_date):
        index.setdefault((item.indicator, _year_of(item)), []).append(item)
    dates = {key: [item.doc_date for item in items] for key, items in index.items()}
    links = []
    for target in targets:
        key = (target.indicator, target.deadline[:4])
        if key not in index or not target.doc_date:
            continue
        later = bisect.bisect_right(dates[key], target.doc_date)
        links += links_for(target, index[key][later:])
    return links


def _year_of(evidence: Evidence) -> str:
    """The year a statement could settle: a later target's deadline year (a restatement), a
    result's period."""
    if evidence.kind == "target":
        return (evidence.deadline or "")[:4]
    return evidence.period or default_period(evidence.doc_date)


# ---- over a ledger --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LinkSummary:
    targets: int  # targets (re)linked
    links: int  # links written
    by_verdict: dict


def relink(ledger, document_ids: list[int] | None = None) -> LinkSummary:
    """Link the ledger's due targets (all of them, or those sharing an indicator with a set
    of new documents) and write the links: a user's confirmations and rejections stand."""
    ledger.store_features(_features_of(ledger, document_ids))
    # a new document's verdicts concern the targets of the indicators they name, too
    named = [] if document_ids is None else _verdicts(ledger.verdict_documents(None, document_ids))
    scope = ledger.linking_scope(document_ids, sorted({verdict.indicator for verdict in named}))
    targets = [Target(**row) for row in scope["targets"]]
    evidence = [Evidence(**row) for row in scope["evidence"]]
    if targets:
        earliest = min((t.doc_date for t in targets if t.doc_date), default=None)
        keys = {t.indicator for t in targets}
        evidence += [v for v in _verdicts(ledger.verdict_documents(earliest)) if v.indicator in keys]
    links = match(targets, evidence)
    ledger.replace_links([t.id for t in targets], links, document_ids)
    by_verdict = {verdict: sum(1 for link in links if link.verdict == verdict) for verdict in VERDICTS}
    return LinkSummary(len(targets), len(links), by_verdict)


def _simplified(document: dict) -> str:
    from .extract import analysis_copy

    return analysis_copy(document["text"]) if document["script"] == "traditional" else document["text"]


def _features_of(ledger, document_ids):
    """(commitment id, Features) for every statement whose features are not stored yet (all of
    them on a full relink), read off its document's simplified copy."""
    for document, rows in ledger.statements_for_features(document_ids):
        text = _simplified(document)
        for row in rows:
            yield row["id"], features(text, row["start"], row["end"], row["kind"], row["comparator"],
                                      document["doc_date"])


def _verdicts(documents) -> list[Evidence]:
    found = []
    for document in documents:
        found += verdicts_in(_simplified(document), document["id"], document["doc_date"], document["spans"],
                             document["region"], document["text"])
    return found
