"""What a report says: counts by state, kind, category and document, the overdue and due-soon
items; and the scorecard of one document's targets.

Computes only; render.py draws the same Report in every format, so every format shows
the same numbers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from .ledger import EXTRACTION_NOTES, LISTING_COLUMNS, Ledger
from .models import LATE_STATES, OVERDUE, STATUS_BUCKETS, JsonRows
from .schedule import LIGHTS, Thresholds

DUE_SOON_DAYS = 90
LIST_LIMIT = 1000  # commitments a page lists in full; a browser opens it at once, the rest is `jjjtrack list`
# What the json report says of each item; the overdue ones add days_overdue. No sentence: the
# report is the summary, `jjjtrack list --status overdue --format json` has every field.
ITEM_FIELDS = ("id", "status", "kind", "value", "unit", "subject", "deadline", "doc", "text")


@dataclass(frozen=True)
class Report:
    as_of: str
    counts: dict
    by_kind: dict
    by_category: dict
    # rows as dicts, or as JsonRows when the report was built as_json
    overdue: list[dict] | JsonRows = field(default_factory=list)
    due_soon: list[dict] | JsonRows = field(default_factory=list)
    by_year: dict = field(default_factory=dict)  # deadline year -> counts, oldest first
    by_document: dict = field(default_factory=dict)  # document name -> counts, biggest first
    # with details=True: every other commitment (capped), and the update history of everything listed
    others: list[dict] = field(default_factory=list)
    others_total: int = 0
    histories: dict = field(default_factory=dict)  # commitment id -> updates, oldest first
    list_limit: int | None = None  # how many of items, then others, a page shows in full
    lights: dict = field(default_factory=dict)  # targets by light (schedule.py): green, yellow, red, none
    by_lead: dict = field(default_factory=dict)  # lead unit -> counts, biggest first (report --by lead)
    schedules: dict = field(default_factory=dict)  # with details: listed id -> its schedule (as_dict)

    @property
    def items(self) -> list[dict]:
        return self.overdue + self.due_soon

    def shown(self) -> tuple[list[dict], list[dict]]:
        """The overdue and due-soon items a page lists in full (all of them without a limit)."""
        if self.list_limit is None:
            return self.overdue, self.due_soon
        overdue = self.overdue[: self.list_limit]
        return overdue, self.due_soon[: max(0, self.list_limit - len(overdue))]

    def as_dict(self) -> dict:
        if isinstance(self.overdue, JsonRows):
            items = JsonRows(self.overdue + self.due_soon)
        else:
            items = [{name: row[name] for name in ITEM_FIELDS + ("days_overdue",) if name in row} for row in self.items]
        return {
            "as_of": self.as_of,
            "counts": self.counts,
            "by_kind": self.by_kind,
            "by_category": self.by_category,
            "by_document": self.by_document,
            "by_year": self.by_year,
            **({"by_lead": self.by_lead} if self.by_lead else {}),
            "lights": self.lights,
            "items": items,
        }


def build_report(ledger: Ledger, as_of: str | None, today: str, details: bool = False,
                 as_json: bool = False, overdue_limit: int | None = None, by_lead: bool = False,
                 limits: Thresholds | None = None) -> Report:
    """The report as things stood on as_of (today when None).

    details: every field of the items, and more commitments (HTML and Markdown), the overdue
    ones capped at LIST_LIMIT; otherwise the items carry ITEM_FIELDS only. as_json: the items
    as JsonRows, for `--format json`. overdue_limit: list only the most overdue
    (counts["overdue"] still counts them all)."""
    if details and overdue_limit is None:
        overdue_limit = LIST_LIMIT
    explicit = as_of is not None
    date = as_of or today
    until = (dt.date.fromisoformat(date) + dt.timedelta(days=DUE_SOON_DAYS)).isoformat()
    fields = LISTING_COLUMNS if details else ITEM_FIELDS
    totals = ledger.counts(date, explicit)
    report = Report(
        as_of=date,
        counts=_bucket_counts(totals[0] if totals else {}),
        by_kind=_grouped(ledger.counts(date, explicit, group_by="kind")),
        by_category=_grouped(ledger.counts(date, explicit, group_by="category")),
        overdue=ledger.overdue(date, explicit, columns=fields + ("days_overdue",), as_json=as_json,
                               limit=overdue_limit),
        due_soon=ledger.due_between(date, until, explicit, columns=fields, as_json=as_json),
        by_year=_grouped(ledger.deadlines_by_year(date, explicit)),
        by_document=_grouped(ledger.counts(date, explicit, group_by="document")),
        by_lead=_grouped(ledger.counts_by_lead(date, explicit), none="") if by_lead else {},
    )
    report = replace(report, lights=light_counts(ledger, report, explicit, limits or Thresholds()))
    return _with_details(report, ledger, explicit, limits=limits) if details else report


def light_counts(ledger: Ledger, report: Report, explicit: bool, limits: Thresholds) -> dict:
    """Targets by light: done green, missed and overdue red, the open ones with progress
    reported by their schedule (schedule.py), and the rest (no progress yet, dropped) none."""
    from .schedule import schedule_of

    targets = report.by_kind.get("target") or _bucket_counts({})
    lights = dict.fromkeys(LIGHTS, 0)
    lights["green"], lights["red"] = targets["done"], targets["missed"] + targets["silent"]
    for row in ledger.open_targets_with_progress(report.as_of, explicit):
        light = schedule_of(row, report.as_of, limits).light
        if light:
            lights[light] += 1
    lights["none"] = targets["total"] - targets["dropped"] - sum(lights.values())
    return lights


def _with_details(report: Report, ledger: Ledger, explicit: bool, limit: int | None = None,
                  limits: Thresholds | None = None) -> Report:
    """Add the commitments not among the items (in progress and pending by deadline, then done,
    then dropped) and the update history of each one a page shows: at most `limit` in all."""
    from .filters import Filter

    limit = LIST_LIMIT if limit is None else limit
    listed = {row["id"] for row in report.items}
    others: list[dict] = []
    for status in ("missed", "in_progress", "pending", "done", "dropped"):
        room = limit - len(report.items) - len(others)
        if room <= 0:
            break
        # due-soon items are pending too: ask for enough rows to skip them
        flt = Filter(status=status, as_of=report.as_of if explicit else None, sort="deadline", limit=room + len(listed))
        others += [row for row in ledger.query(flt, report.as_of) if row["id"] not in listed][:room]
    shown = report.items[:limit] + others
    return replace(
        report, others=others, schedules=_schedules(ledger, [row["id"] for row in shown], report.as_of, explicit,
                                                    limits or Thresholds()),
        others_total=max(0, report.counts["total"] - report.counts["overdue"] - len(report.due_soon)),
        histories=ledger.histories(row["id"] for row in shown), list_limit=limit,
    )


def _schedules(ledger: Ledger, ids: list[int], as_of: str, explicit: bool, limits: Thresholds) -> dict:
    """id -> schedule (as_dict) of the listed targets, for a page to colour its rows by light."""
    from .filters import Filter
    from .schedule import schedule_of

    rows = ledger.schedule_rows(Filter(as_of=as_of if explicit else None), as_of, ids=ids) if ids else []
    return {row["id"]: schedule_of(row, as_of, limits).as_dict() for row in rows}


def days_overdue(deadline: str | None, as_of: str) -> int | None:
    if not deadline:
        return None
    return (dt.date.fromisoformat(as_of) - dt.date.fromisoformat(deadline)).days


def days_late(item: dict, as_of: str) -> int | None:
    """How many days an overdue item (silent or missed, past its deadline) is late; None
    for anything else."""
    if item.get("status") not in LATE_STATES or not item.get("deadline") or item["deadline"] >= as_of:
        return None
    return days_overdue(item["deadline"], as_of)


def _bucket_counts(row: dict) -> dict:
    counts = {bucket: int(row.get(bucket) or 0) for bucket in (*STATUS_BUCKETS, OVERDUE)}
    counts["total"] = int(row.get("total") or 0)
    return counts


def _grouped(rows: list[dict], none: str = "other") -> dict:
    return {str(row["grp"] or none): _bucket_counts(row) for row in rows}



# -- the scorecard of one document ---------------------------------------------------------

# A target's status as the outcome a scorecard names (量化指标任务落实情况).
OUTCOME_OF_STATUS = {"done": "met", "missed": "missed", "silent": "silent", "pending": "pending",
                     "in_progress": "pending", "dropped": "dropped"}
OUTCOMES = ("met", "missed", "silent", "pending", "dropped")
SCORECARD_FIELDS = ("id", "text", "sentence", "value", "unit", "subject", "deadline", "status")


@dataclass(frozen=True)
class Scorecard:
    """One document's targets, each with its outcome as of a date and the evidence for it."""

    document: dict  # id, name, doc_date
    as_of: str
    rows: list[dict]  # SCORECARD_FIELDS, outcome, and evidence (a dict) or None
    counts: dict  # outcome -> how many, in OUTCOMES order, and total

    def as_dict(self) -> dict:
        return {"document": self.document, "as_of": self.as_of, "counts": self.counts, "targets": self.rows}


def build_scorecard(ledger: Ledger, doc: str, as_of: str | None, today: str) -> Scorecard:
    """The table a government publishes of a plan's targets: target, value, result, outcome,
    evidence and where it was reported. Evidence is the link that set the outcome, or the
    user's update that did; for a target still open, its latest progress report."""
    from .filters import Filter

    date = as_of or today
    document = ledger.find_document(doc)
    targets = ledger.query(Filter(kind="target", document_id=document["id"], as_of=as_of, sort="id"), date)
    links: dict[int, list[dict]] = {}
    for link in ledger.links(target_document_id=document["id"]):
        if (link["evidence_doc_date"] or "") <= date:
            links.setdefault(link["target_id"], []).append(link)
    histories = ledger.histories(row["id"] for row in targets)
    rows = []
    for row in targets:
        outcome = OUTCOME_OF_STATUS.get(row["status"], row["status"])
        evidence = _evidence(links.get(row["id"], []), histories.get(row["id"], []), date)
        rows.append({**{name: row.get(name) for name in SCORECARD_FIELDS}, "outcome": outcome, "evidence": evidence})
    counts = {outcome: sum(1 for row in rows if row["outcome"] == outcome) for outcome in OUTCOMES}
    counts["total"] = len(rows)
    return Scorecard(document=document, as_of=date, rows=rows, counts=counts)


def _evidence(links: list[dict], updates: list[dict], date: str) -> dict | None:
    """What settled a target by `date`: the latest status update's link, or the user's own
    words; with no outcome yet, the best progress or restatement found."""
    dated = [u for u in updates if (u.get("as_of") or "") <= date]
    deciding = next((u for u in reversed(dated) if u.get("status") in ("done", "missed", "dropped")), None)
    by_id = {link["id"]: link for link in links}
    if deciding is not None and deciding.get("link_id") in by_id:
        return _link_evidence(by_id[deciding["link_id"]])
    if deciding is not None:
        return {"by": "update", "text": deciding.get("note") or "", "sentence": deciding.get("note") or "",
                "doc": None, "where": deciding.get("source") or "", "as_of": deciding.get("as_of"),
                "link_id": None, "verdict": None, "review": None, "value": deciding.get("progress"), "unit": None}
    if links:
        return _link_evidence(max(links, key=lambda link: (link["review"] == "confirmed", link["score"])))
    return None


def _link_evidence(link: dict) -> dict:
    return {"by": "link", "text": link["evidence_text"], "sentence": link["evidence_sentence"],
            "doc": link["evidence_doc"], "where": f"{link['evidence_doc']}:{link['evidence_start']}-{link['evidence_end']}",
            "as_of": link["evidence_doc_date"], "link_id": link["id"], "verdict": link["verdict"],
            "review": link["review"], "value": link["value"], "unit": link["unit"]}


# -- the supervision 台账 ---------------------------------------------------------------------

# The columns of the 台账 as supervision offices keep it (labels.COLUMNS has their headers).
TAIZHANG_FIELDS = ("number", "task", "value", "unit", "lead", "owner", "deadline", "notes", "completion",
                   "schedule_pct", "progress_pct", "state")


def schedule_listing(ledger: Ledger, flt, today: str, limits: Thresholds, choice: str | None = None) -> list[dict]:
    """`list` with each row's schedule (schedule.py): only the targets `choice` names (a state,
    a light or any) when given, the filter's limit applied after choosing."""
    from .schedule import NO_SCHEDULE, matches, schedule_of

    date = flt.as_of or today
    unlimited = replace(flt, limit=None)
    if choice is None:
        rows = ledger.query(unlimited, today)
        targets = {row["id"]: row for row in ledger.schedule_rows(unlimited, today)}
    else:
        progress_only = choice in ("ahead", "on", "behind", "yellow")
        rows = ledger.schedule_rows(unlimited, today, reported_progress_only=progress_only)
        targets = {row["id"]: row for row in rows}
    found = []
    for row in rows:
        schedule = schedule_of(targets[row["id"]], date, limits) if row["id"] in targets else NO_SCHEDULE
        if choice is None or matches(schedule, choice):
            found.append({**{name: row[name] for name in LISTING_COLUMNS}, **schedule.as_dict()})
            if flt.limit is not None and len(found) >= flt.limit:
                break
    return found


def taizhang_rows(ledger: Ledger, rows: list[dict], as_of: str) -> list[dict]:
    """schedule_listing rows as the 台账's rows (TAIZHANG_FIELDS, plus the schedule state and
    light, and status): 进展情况 is the latest update's note and source by the as-of date."""
    histories = ledger.histories(row["id"] for row in rows)
    found = []
    for number, row in enumerate(rows, 1):
        found.append({
            "number": number, "id": row["id"], "task": row.get("sentence") or row.get("text"),
            "value": row.get("value"), "unit": row.get("unit") or "", "lead": row.get("lead") or "",
            "owner": row.get("owner") or "", "deadline": row.get("deadline"),
            "notes": progress_note(histories.get(row["id"], []), as_of), "completion": row.get("status"),
            "schedule_pct": row.get("schedule_pct"), "progress_pct": row.get("progress_pct"),
            "state": row.get("schedule_state"), "light": row.get("light"),
        })
    return found


def progress_note(updates: list[dict], as_of: str) -> str:
    """The latest update's note and source by as_of, an ingest's own notes left out: 进展情况."""
    for update in reversed(updates):
        note, source = update.get("note") or "", update.get("source") or ""
        if (update.get("as_of") or "") > as_of or note.startswith(EXTRACTION_NOTES) or not (note or source):
            continue
        return f"{update['as_of']} {note}" + (f" ({source})" if source else "")
    return ""


def commitment_schedule(ledger: Ledger, commitment_id: int, as_of: str, limits: Thresholds) -> dict:
    """One commitment's schedule (schedule.Schedule.as_dict) as of a date; empty values for a
    statement that is no target, or whose document is dated after as_of."""
    from .filters import Filter
    from .schedule import NO_SCHEDULE, schedule_of

    rows = ledger.schedule_rows(Filter(as_of=as_of), as_of, ids=[commitment_id])
    return (schedule_of(rows[0], as_of, limits) if rows else NO_SCHEDULE).as_dict()
