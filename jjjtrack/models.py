"""Values every layer shares: documents, statements, statuses. Standard library only."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Kind(str, Enum):
    TARGET = "target"
    REPORTED = "reported"


class Status(str, Enum):
    """Stored statuses. OVERDUE is never stored: it is computed against a date."""

    PENDING = "pending"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    MISSED = "missed"  # a later document (or the user) reports it short
    DROPPED = "dropped"


# Computed against a date, never stored: SILENT is a target past its deadline with no
# outcome; OVERDUE, what is past its deadline and not met (silent or missed).
SILENT = "silent"
OVERDUE = "overdue"
STATUS_NAMES = tuple(s.value for s in Status) + (SILENT, OVERDUE)
# The buckets a report counts, in the order every format shows them (overdue, the sum of
# silent and missed past the deadline, is counted beside them), and the statuses in the
# order a dossier or list groups them: what needs attention first.
STATUS_BUCKETS = (Status.DONE.value, Status.MISSED.value, SILENT, Status.IN_PROGRESS.value, Status.PENDING.value,
                  Status.DROPPED.value)
# The states of a target past its deadline and not met: what `overdue` counts.
LATE_STATES = (SILENT, Status.MISSED.value)
ATTENTION_ORDER = (SILENT, Status.MISSED.value, Status.IN_PROGRESS.value, Status.PENDING.value, Status.DONE.value,
                   Status.DROPPED.value)


# Several lead or responsible units of one commitment, stored as one text (市发展改革委、市财政局).
UNIT_JOINER = "、"


class Review(str, Enum):
    """A link's review: automatic until a user confirms or rejects it; re-linking keeps both."""

    AUTO = "auto"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


class JsonRows(list):
    """Rows as JSON object texts, one per row, written by SQLite (json_object): a long listing
    that goes out as JSON never becomes Python values. Renderers write them as they are."""


class Comparator(str, Enum):
    EXACT = "exact"
    AT_LEAST = "at_least"
    ABOUT = "about"
    AT_MOST = "at_most"


class DateSource(str, Enum):
    TEXT = "text"  # found in the document
    OPTION = "option"  # given with --date
    GUESS = "guess"  # no date in the text; a year-level or file-time guess
    METADATA = "metadata"  # no date in the text; the file's own (PDF CreationDate, docx core properties)


@dataclass(frozen=True)
class Document:
    """A decoded document. `text` is the text as read from disk (original script)."""

    name: str  # file name, no folder
    path: str
    sha256: str  # of the bytes on disk
    text: str
    script: str  # "simplified" or "traditional"
    encoding: str
    date: str | None  # YYYY-MM-DD
    date_source: DateSource
    pages: tuple[int, ...] = ()  # where each page of a PDF starts in `text`; () when it has no pages


@dataclass(frozen=True)
class Statement:
    """One quantified statement; offsets are Python string indices into Document.text."""

    start: int
    end: int
    text: str  # == document.text[start:end]
    sentence: str
    value: float
    unit: str
    subject: str
    kind: Kind
    deadline: str | None  # YYYY-MM-DD
    comparator: Comparator = Comparator.EXACT
    category: str = "other"
    region: str = ""
    page: int | None = None  # the PDF page (from 1) the statement starts on
    lead: str = ""  # 牵头单位 the text names, normalised; several joined by 、 (extract/leads.py)
    owner: str = ""  # 责任单位 (or 配合单位), the same way
    baseline: float | None = None  # where the target starts: 从10万元提高到15万元 -> 10 (extract/baselines.py)

    def as_dict(self) -> dict:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "sentence": self.sentence,
            "value": self.value,
            "unit": self.unit,
            "subject": self.subject,
            "kind": self.kind.value,
            "deadline": self.deadline,
            "comparator": self.comparator.value,
            "category": self.category,
            "region": self.region,
            "page": self.page,
            "lead": self.lead,
            "owner": self.owner,
            "baseline": self.baseline,
        }
