"""What a stored value may be: one rule per field, which import applies to every record it
reads and check to every row a ledger holds, so both refuse the same things."""

from __future__ import annotations

import datetime as dt
import hashlib
import math

from ..models import Comparator, DateSource, Kind, Status

STATUSES = tuple(status.value for status in Status)
KINDS = tuple(kind.value for kind in Kind)
COMPARATORS = tuple(comparator.value for comparator in Comparator)
DATE_SOURCES = tuple(source.value for source in DateSource)
SCRIPTS = ("simplified", "traditional")
DATE_FIELDS = ("doc_date", "deadline", "stated_deadline", "as_of")
CHOICES = {"status": STATUSES, "kind": KINDS, "comparator": COMPARATORS, "date_source": DATE_SOURCES,
           "script": SCRIPTS}


def field_problem(name: str, value, optional: bool = True) -> str | None:
    """Why `value` cannot be the field `name`, or None when it can (unknown fields pass)."""
    if value is None:
        return None if optional else f"{name} is missing"
    if name in CHOICES and value not in CHOICES[name]:
        return f"{name} {value!r} is not one of {', '.join(CHOICES[name])}"
    if name in DATE_FIELDS and not _is_iso_date(value):
        return f"{name} {value!r} is not a real date (YYYY-MM-DD)"
    if name == "progress" and not _is_amount(value):
        return f"progress {value!r} is not a finite number of zero or more"
    if name == "retracted" and value not in (0, 1):
        return f"retracted {value!r} is not 0 or 1"
    return None


def record_problems(record: dict, fields, required=()) -> list[str]:
    """Every problem of the given fields of a record (a row or an import line)."""
    problems = [field_problem(name, record.get(name), optional=name not in required) for name in fields]
    return [problem for problem in problems if problem]


def text_digest(text: str) -> str:
    """The sha256 of a document's stored text (its `sha256` is of the file's bytes)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _is_iso_date(value) -> bool:
    if not isinstance(value, str) or len(value) != 10:
        return False
    try:
        return dt.date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


def _is_amount(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) and value >= 0
