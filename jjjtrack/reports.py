"""What a report says: counts by state, kind and category, the overdue and due-soon items.

Computes only; render.py draws the same Report in every format, so every format shows
the same numbers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .ledger import Ledger

DUE_SOON_DAYS = 90
OTHERS_LIMIT = 2000  # a page a browser still opens quickly; the rest is one `jjjtrack list` away
OTHERS_ORDER = {"overdue": 0, "in_progress": 1, "pending": 2, "done": 3, "dropped": 4}
BUCKETS = ("done", "pending", "overdue", "dropped")
ITEM_FIELDS = ("id", "status", "kind", "value", "unit", "subject", "deadline", "doc", "text", "sentence")


@dataclass(frozen=True)
class Report:
    as_of: str
    counts: dict
    by_kind: dict
    by_category: dict
    overdue: list[dict] = field(default_factory=list)
    due_soon: list[dict] = field(default_factory=list)
    by_year: dict = field(default_factory=dict)  # deadline year -> counts, oldest first
    # with details=True: every other commitment (capped), and the update history of everything listed
    others: list[dict] = field(default_factory=list)
    others_total: int = 0
    histories: dict = field(default_factory=dict)  # commitment id -> updates, oldest first

    @property
    def items(self) -> list[dict]:
        return self.overdue + self.due_soon

    def as_dict(self) -> dict:
        return {
            "as_of": self.as_of,
            "counts": self.counts,
            "by_kind": self.by_kind,
            "by_category": self.by_category,
            "by_year": self.by_year,
            "items": [_item(row, self.as_of) for row in self.items],
        }


def build_report(ledger: Ledger, as_of: str | None, today: str, details: bool = False) -> Report:
    """The report as things stood on as_of (today when None); details for HTML and Markdown."""
    explicit = as_of is not None
    date = as_of or today
    until = (dt.date.fromisoformat(date) + dt.timedelta(days=DUE_SOON_DAYS)).isoformat()
    totals = ledger.counts(date, explicit)
    report = Report(
        as_of=date,
        counts=_bucket_counts(totals[0] if totals else {}),
        by_kind=_grouped(ledger.counts(date, explicit, group_by="kind")),
        by_category=_grouped(ledger.counts(date, explicit, group_by="category")),
        overdue=ledger.overdue(date, explicit),
        due_soon=ledger.due_between(date, until, explicit),
        by_year=_grouped(ledger.deadlines_by_year(date, explicit)),
    )
    return _with_details(report, ledger, explicit) if details else report


def _with_details(report: Report, ledger: Ledger, explicit: bool) -> Report:
    """Add the commitments not among the items (pending by deadline, then done, then dropped)
    and the update history of every commitment the report lists."""
    from dataclasses import replace

    from .filters import Filter

    listed = {row["id"] for row in report.items}
    rows = ledger.query(Filter(as_of=report.as_of if explicit else None, sort="deadline"), report.as_of)
    others = sorted(
        (row for row in rows if row["id"] not in listed),
        key=lambda row: (OTHERS_ORDER.get(row["status"], len(OTHERS_ORDER)), row["deadline"] is None,
                         row["deadline"] or "", row["id"]),
    )
    shown = others[:OTHERS_LIMIT]
    histories = ledger.histories([row["id"] for row in report.items] + [row["id"] for row in shown])
    return replace(report, others=shown, others_total=len(others), histories=histories)


def days_overdue(deadline: str | None, as_of: str) -> int | None:
    if not deadline:
        return None
    return (dt.date.fromisoformat(as_of) - dt.date.fromisoformat(deadline)).days


def _bucket_counts(row: dict) -> dict:
    counts = {bucket: int(row.get(bucket) or 0) for bucket in BUCKETS}
    counts["total"] = int(row.get("total") or 0)
    return counts


def _grouped(rows: list[dict]) -> dict:
    return {str(row["grp"] or "other"): _bucket_counts(row) for row in rows}


def _item(row: dict, as_of: str) -> dict:
    item = {name: row.get(name) for name in ITEM_FIELDS}
    if row.get("status") == "overdue":
        item["days_overdue"] = days_overdue(row.get("deadline"), as_of)
    return item
