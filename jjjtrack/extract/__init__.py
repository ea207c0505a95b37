"""Extraction: a document's text -> its quantified statements (jjjtrack.models.Statement).

Owns the order of the steps (extract_text); the steps live in the sibling modules:
script (the simplified analysis copy), scan + numbers + units (numerals and quantities),
noise (what the guide does not count), classify + deadlines (kind, deadline, comparator,
category, region, subject), pipeline (the loop that applies them), lexicon (the words).
Offsets and text always refer to the original text; importing this package loads nothing heavy.
"""

from __future__ import annotations

from jjjtrack.models import Document, Statement

EXTRACTOR_VERSION = "2026.12.04.9"

__all__ = ["EXTRACTOR_VERSION", "analysis_copy", "destination", "extract", "extract_text", "is_unit_name",
           "normalise_units", "word_pattern"]


def extract(document: Document) -> list[Statement]:
    """The statements of a document, sorted by start offset, each with its page in a PDF."""
    statements = extract_text(document.text, document.date)
    if not document.pages:
        return statements
    from bisect import bisect_right
    from dataclasses import replace

    return [replace(s, page=bisect_right(document.pages, s.start) or 1) for s in statements]


def extract_text(text: str, doc_date: str | None) -> list[Statement]:
    """The statements of a text dated doc_date (YYYY-MM-DD or None), sorted by start offset."""
    from . import pipeline as step

    if not isinstance(text, str) or not text:
        return []
    # 1. the simplified, same-length analysis copy; section frames; the document's year frame
    context = step.document_context(text, doc_date)
    # 2. one scan for numerals; each read as a quantity with its unit; what the guide excludes dropped
    candidates = step.accepted_candidates(context.analysis)
    # 3. each number's sentence, clause, time phrases, and the kind its own words settle
    drafts = [step.draft(context, candidate, ranking) for candidate, ranking in candidates]
    # 4. the kinds left open: the figure a 其中 part breaks down, the paragraph's and the document's prevailing kind
    kinds = step.final_kinds(context, drafts)
    # 5. kind, deadline, comparator, category, region and subject: the statements
    statements = [step.statement(context, d, kind) for d, kind in zip(drafts, kinds)]
    # 6. the supervision facts around them: lead and responsible units, where a target starts
    return supervision_facts(context.analysis, statements)


def supervision_facts(analysis: str, statements: list[Statement]) -> list[Statement]:
    """Lead and owner units (leads.py) and baselines (baselines.py), read off the analysis copy."""
    from .baselines import attach_baselines
    from .leads import attach_units

    return attach_baselines(analysis, attach_units(analysis, statements))


def analysis_copy(text: str) -> str:
    """The simplified copy of a text, offset for offset (what the lexicons' words match)."""
    from .script import analysis_copy as copy

    return copy(text)


def word_pattern(words):
    """A regex matching any of the words, the longest at a position (units.alternation)."""
    from .units import alternation

    return alternation(words)


def destination(text: str, lo: int, hi: int) -> str:
    """The region text[lo:hi] names as where a line or trip goes (高铁通北京: Beijing), or ""."""
    from .classify import destination_region

    return destination_region(text, lo, hi)


def normalise_units(text: str) -> str:
    """Units as the ledger stores them (市发改委、市财政局 -> 市发展改革委、市财政局): leads.py."""
    from .leads import normalise_units as normalise

    return normalise(analysis_copy(text or ""))


def is_unit_name(name: str) -> bool:
    """Whether a name ends as a government organ's does (委, 局, 办, 政府 ...)."""
    from .leads import is_unit_name as known

    return known(name)
