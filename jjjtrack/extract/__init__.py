"""Extraction: a document's text -> its quantified statements (jjjtrack.models.Statement).

The steps, in order (see extract_text): make a simplified, same-length analysis copy of the
text; scan it once for numerals; for each, read the quantity and its span, drop what the guide
does not count, then decide kind, deadline, comparator, category, region and subject from
the words around it. Offsets and text always refer to the original text.
"""

from __future__ import annotations

from jjjtrack.models import Document, Statement

EXTRACTOR_VERSION = "2026.11.22-1"

__all__ = ["EXTRACTOR_VERSION", "extract", "extract_text"]


def extract(document: Document) -> list[Statement]:
    """The statements of a document, sorted by start offset."""
    return extract_text(document.text, document.date)


def extract_text(text: str, doc_date: str | None) -> list[Statement]:
    """The statements of a text dated doc_date (YYYY-MM-DD or None), sorted by start offset."""
    from .pipeline import run

    return run(text, doc_date)
