"""The filter vocabulary shared by list, report and export, and the dates it speaks.

Options become a Filter value here, with every date resolved against an explicit
"today" (JJJTRACK_TODAY in tests), so the ledger never reads the clock itself.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .clock import today  # noqa: F401  (the filters' "today", re-exported)
from .errors import InvalidValue
from .models import STATUS_NAMES, Kind, Status

SORT_KEYS = ("id", "deadline", "value", "status", "doc", "category", "kind")


@dataclass(frozen=True)
class Filter:
    status: str | None = None
    kind: str | None = None
    category: str | None = None
    doc: str | None = None  # a document's name, part of it, or its id
    region: str | None = None
    document_id: int | None = None  # exactly this document
    due_before: str | None = None
    search: str | None = None
    lead: str | None = None  # a lead unit (normalised), one of those a commitment names
    owner: str | None = None  # a responsible unit, the same way
    as_of: str | None = None  # None: as things stand today
    sort: str = "id"
    descending: bool = False
    limit: int | None = None


def parse_date(text: str, what: str = "date") -> dt.date:
    """Read 2024-06-30, 2024/6/30, 30 June 2024 or 2024年6月30日; refuse anything else."""
    cleaned = str(text).strip()
    if len(cleaned) == 10:  # 2024-06-30, the common case, without loading the grammar
        try:
            return dt.date.fromisoformat(cleaned)
        except ValueError:
            pass
    from .extract.dates import date_parts

    parts = date_parts(cleaned)
    if parts:
        year, month, day = parts
        try:
            return dt.date(year, month, day)
        except ValueError:
            raise InvalidValue(f"{what}: {text!r} is not a real date") from None
    return _parse_free_date(cleaned, text, what)


def _parse_free_date(cleaned: str, original: str, what: str) -> dt.date:
    # Only whole-string parses: dateutil's fuzzy mode fills missing parts from today.
    from dateutil import parser

    if not re.search(r"\d", cleaned):
        raise InvalidValue(f"{what}: {original!r} is not a date (try 2024-06-30 or 2024年6月30日)")
    try:
        first = parser.parse(cleaned, default=dt.datetime(1900, 1, 1))
        second = parser.parse(cleaned, default=dt.datetime(1904, 2, 2))
    except (ValueError, OverflowError):
        raise InvalidValue(f"{what}: {original!r} is not a date (try 2024-06-30 or 2024年6月30日)") from None
    if first.date() != second.date():
        raise InvalidValue(f"{what}: {original!r} is not a whole date (give year, month and day)")
    return first.date()


def iso_date(text: str | None, what: str = "date") -> str | None:
    return None if text is None else parse_date(text, what).isoformat()


def check_status(status: str | None, allow_overdue: bool = True) -> str | None:
    if status is None:
        return None
    allowed = STATUS_NAMES if allow_overdue else tuple(s.value for s in Status)
    if status not in allowed:
        raise InvalidValue(f"unknown status {status!r}: choose one of {', '.join(allowed)}")
    return status


def check_kind(kind: str | None) -> str | None:
    if kind is not None and kind not in {k.value for k in Kind}:
        raise InvalidValue(f"unknown kind {kind!r}: choose target or reported")
    return kind


def check_category(category: str | None) -> str | None:
    """A category by its key (transport), English label (Transport) or Chinese one (交通)."""
    if category is None:
        return None
    from .labels import CATEGORIES

    wanted = category.strip().casefold()
    for key, labels in CATEGORIES.items():
        if wanted == key or wanted in (label.casefold() for label in labels):
            return key
    valid = ", ".join(f"{key} ({labels[1]})" for key, labels in CATEGORIES.items())
    raise InvalidValue(f"unknown category {category!r}: choose one of {valid}")


def check_region(region: str | None) -> str | None:
    """A region by its name (Beijing) or any of its Chinese names (北京, 北京市, 京)."""
    if region is None:
        return None
    names = region_names()
    wanted = region.strip().casefold()
    for key, aliases in names.items():
        if wanted == key.casefold() or region.strip() in aliases:
            return key
    raise InvalidValue(f"unknown region {region!r}: `jjjtrack regions` lists them ({', '.join(list(names)[:6])}, …)")


def region_names() -> dict[str, list[str]]:
    """Each region the extractor knows, with its Chinese names (the regions lexicon)."""
    from .extract.lexicon import load

    return dict(load("regions")["regions"])


def check_sort(sort: str) -> tuple[str, bool]:
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key not in SORT_KEYS:
        raise InvalidValue(f"unknown sort key {sort!r}: choose one of {', '.join(SORT_KEYS)} (prefix - to reverse)")
    return key, descending


def make_filter(
    status=None, kind=None, category=None, doc=None, due_before=None, search=None,
    as_of=None, sort="id", limit=None, region=None,
) -> Filter:
    """Validate list options into a Filter; raises InvalidValue naming the bad option."""
    key, descending = check_sort(sort)
    if limit is not None and limit < 0:
        raise InvalidValue(f"--limit must be zero or more, not {limit}")
    return Filter(
        status=check_status(status),
        kind=check_kind(kind),
        category=check_category(category),
        region=check_region(region),
        doc=doc,
        due_before=iso_date(due_before, "--due-before"),
        search=search if search and search.strip() else None,  # only spaces: no words to look for
        as_of=iso_date(as_of, "--as-of"),
        sort=key,
        descending=descending,
        limit=limit,
    )
