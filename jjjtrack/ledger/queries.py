"""Queries: listings under a Filter, the counts and lists a report needs, each commitment's
status as of a date (computed here, never stored: see sql.STATE_SQL)."""

from __future__ import annotations

import json

from ..filters import Filter
from ..models import LATE_STATES, OVERDUE, STATUS_BUCKETS, UNIT_JOINER, JsonRows
from . import sql

# Columns every listing returns, in the order of the extract contract.
LISTING_COLUMNS = (
    "id", "status", "doc", "start", "end", "text", "sentence", "value", "unit", "subject",
    "kind", "deadline", "comparator", "category", "region", "lead", "owner", "baseline", "doc_date",
)
# What `show` gives of one commitment: the listing's columns and the PDF page it stands on.
SHOW_COLUMNS = (*LISTING_COLUMNS, "page")
# What a 台账 needs besides (schedule.py): the latest progress reported by the as-of date.
SCHEDULE_COLUMNS = LISTING_COLUMNS + ("latest_progress",)
# ... and only what the arithmetic reads, for counting lights over many targets
SCHEDULE_FIELDS = ("id", "status", "kind", "value", "comparator", "baseline", "deadline", "doc_date", "latest_progress")
UNIT_COLUMNS = ("lead", "owner")
# Listing columns computed as of the listing's date (days_overdue only on request); the
# others are read off the commitment and its document.
COMPUTED_COLUMNS = {"status": "state", "days_overdue": sql.DAYS_OVERDUE_SQL, "latest_progress": sql.LATEST_PROGRESS_SQL}
# In JSON, a REAL keeps SQLite's 15 significant digits unless it needs all 17 to read back
# the same (Python's repr gives the shortest form that does; both read back the same number).
# Whole numbers below 1e15, most values, skip the slow printf test.
JSON_REAL_SQL = (
    "CASE WHEN {0} IS NULL OR ({0} = CAST({0} AS INTEGER) AND abs({0}) < 1e15) "
    "OR {0} = CAST(printf('%!.15g', {0}) AS REAL) THEN {0} ELSE json(printf('%!.17g', {0})) END"
)
REAL_COLUMNS = ("value", "baseline")
SORT_COLUMNS = {
    "id": "id", "deadline": "deadline", "value": "value",
    "status": "state", "doc": "doc", "category": "category", "kind": "kind",
}


class Queries:
    def query(self, flt: Filter, today: str, as_json: bool = False) -> list[dict] | JsonRows:
        """Commitments matching a Filter, as listing dicts (LISTING_COLUMNS) or JsonRows."""
        explicit = flt.as_of is not None
        return self._listing(_with_as_of(flt, today), explicit_as_of=explicit, as_json=as_json)

    def schedule_rows(self, flt: Filter, today: str, reported_progress_only: bool = False,
                      ids: list[int] | None = None) -> list[dict]:
        """The targets matching a Filter with SCHEDULE_COLUMNS, for schedule.py; only those with
        some progress reported by the as-of date when reported_progress_only; only these ids."""
        extra, params = "kind = 'target'", {}
        if reported_progress_only:
            extra += (" AND id IN (SELECT commitment_id FROM updates WHERE progress IS NOT NULL "
                      "AND as_of <= :as_of)")
        if ids is not None:
            extra += " AND id IN (SELECT value FROM json_each(:ids))"
            params["ids"] = json.dumps([int(i) for i in ids])
        return self._listing(_with_as_of(flt, today), extra=extra, params=params,
                             explicit_as_of=flt.as_of is not None, columns=SCHEDULE_COLUMNS)

    def open_targets_with_progress(self, as_of: str, explicit_as_of: bool) -> list[dict]:
        """SCHEDULE_FIELDS of every pending or in-progress target with progress reported by the
        as-of date: what report's light counts need. The open targets first, then an index
        seek each (idx_updates_progress): grouping every progress update instead read them all
        (200k commitments: 0.22 -> 0.11 s)."""
        source, params = self._states_sql(as_of, explicit_as_of)
        fields = ", ".join(f"listing.{name}" for name in SCHEDULE_FIELDS if name not in ("status", "latest_progress"))
        query = (
            f"SELECT * FROM (SELECT {fields}, listing.state AS status, {sql.LATEST_PROGRESS_SQL} AS latest_progress "
            f"FROM ({source}) AS listing WHERE listing.kind = 'target' AND listing.state IN ('pending', 'in_progress')) "
            "WHERE latest_progress IS NOT NULL"
        )
        return self._rows(query, params)

    def counts(self, as_of: str, explicit_as_of: bool, group_by: str | None = None) -> list[dict]:
        """Counts of each status bucket, optionally per kind, category or document (its name)."""
        if group_by not in (None, "kind", "category", "document"):
            raise ValueError(group_by)
        rows = _fold_counts(self._state_groups(as_of, explicit_as_of, by_document=group_by == "document"), group_by)
        if group_by == "document":
            names = dict(self.conn.execute("SELECT id, name FROM documents"))
            rows = [{**row, "grp": names.get(row["grp"], str(row["grp"]))} for row in rows]
        return rows

    def counts_by(self, column: str) -> dict[str, int]:
        """How many commitments hold each category or region."""
        if column not in ("category", "region"):
            raise ValueError(column)
        rows = self.conn.execute(f"SELECT {column}, COUNT(*) FROM commitments WHERE retracted = 0 GROUP BY {column}")
        return {name or "": count for name, count in rows}

    def overdue(self, as_of: str, explicit_as_of: bool, columns=LISTING_COLUMNS, as_json: bool = False,
                limit: int | None = None):
        """Overdue commitments as of a date, most overdue first (columns may add days_overdue)."""
        flt = Filter(status="overdue", as_of=as_of, sort="deadline", limit=limit)
        # Implied by overdue: SQLite walks the deadline index in order, so the most overdue
        # come first with no sort. (Saying kind = 'target' too would send it to the kind index.)
        return self._listing(flt, extra="deadline < :as_of", explicit_as_of=explicit_as_of,
                             columns=columns, as_json=as_json)

    def due_between(self, as_of: str, until: str, explicit_as_of: bool, columns=LISTING_COLUMNS,
                    as_json: bool = False):
        """Pending and in-progress commitments due from as_of to until, soonest first."""
        flt = Filter(as_of=as_of, sort="deadline")
        extra = "state IN ('pending', 'in_progress') AND deadline >= :as_of AND deadline <= :until"
        return self._listing(flt, extra=extra, params={"until": until}, explicit_as_of=explicit_as_of,
                             columns=columns, as_json=as_json)

    def deadlines_by_year(self, as_of: str, explicit_as_of: bool) -> list[dict]:
        """Per deadline year: counts of each status bucket, oldest year first."""
        rows = _fold_counts(self._state_groups(as_of, explicit_as_of), "year")
        return sorted((row for row in rows if row["grp"] is not None), key=lambda row: row["grp"])

    def _state_groups(self, as_of: str, explicit_as_of: bool, by_document: bool = False) -> list[tuple]:
        """(kind, category, deadline year, state, count, past its deadline, document id) over
        every commitment as of a date.

        One pass over the covering index idx_commitments_report that counts(), for every
        grouping, and deadlines_by_year() fold in Python (a few hundred rows at most); kept
        until the next write. by_document is a pass of its own, grouped by document and state
        only (kind, category and year None): grouping the first by document too would give a
        row for nearly every commitment. Documents are not joined: only their dates matter,
        and only with an explicit as-of date."""
        key = (as_of, explicit_as_of, by_document)
        if key not in self._groups:
            conditions = ["c.retracted IS 0"]  # IS: the form idx_commitments_report is partial on
            if explicit_as_of:  # documents dated after the as-of date are left out
                conditions.append("c.document_id NOT IN (SELECT id FROM documents WHERE doc_date > :as_of)")
            inner = (
                f"SELECT c.kind, c.category, {self._deadline_sql(as_of)} AS deadline, {self._stored_sql(as_of)} AS stored, "
                "c.document_id "
                f"FROM commitments c WHERE {' AND '.join(conditions)}"
            )
            if by_document:
                query = (
                    f"SELECT NULL, NULL, NULL, {sql.STATE_SQL} AS state, COUNT(*), deadline < :as_of AS past, "
                    f"document_id FROM ({inner}) GROUP BY document_id, state, past"
                )
            else:
                # Grouped by the index's own columns, so SQLite counts as it walks the index, with
                # no sort; the year and the state depend only on them and are read off each group.
                query = (
                    f"SELECT kind, category, substr(deadline, 1, 4) AS year, {sql.STATE_SQL} AS state, COUNT(*), "
                    f"deadline < :as_of FROM ({inner}) GROUP BY kind, category, deadline, stored"
                )
            self._groups[key] = self.conn.execute(query, {"as_of": as_of}).fetchall()
        return self._groups[key]

    def _stored_sql(self, as_of: str) -> str:
        """The stored status as of a date: the column, unless some update is dated later."""
        return sql.STORED_AS_OF_SQL if self._needs_history(as_of) else "c.status"

    def _deadline_sql(self, as_of: str) -> str:
        """The deadline as of a date: the column, unless some update is dated later."""
        return sql.DEADLINE_AS_OF_SQL if self._needs_history(as_of) else "c.deadline"

    def _needs_history(self, as_of: str) -> bool:
        """The stored status holds unless some update is dated after the as-of date."""
        row = self.conn.execute("SELECT 1 FROM updates WHERE as_of > ? LIMIT 1", [as_of]).fetchone()
        return row is not None

    def _states_sql(self, as_of: str, explicit_as_of: bool, include_retracted: bool = False):
        """A SELECT yielding every commitment with its state as of a date."""
        stored = self._stored_sql(as_of)
        conditions = [] if include_retracted else ["c.retracted = 0"]
        if explicit_as_of:
            conditions.append("(d.doc_date IS NULL OR d.doc_date <= :as_of)")
        where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
        inner = (
            f"SELECT c.id, c.start, c.end, c.span AS text, c.sentence, c.value, c.unit, c.subject, c.kind, "
            f"{self._deadline_sql(as_of)} AS deadline, c.comparator, c.category, c.region, c.page, "
            f"{self._units_sql()}, c.baseline, c.document_id, d.name AS doc, "
            f"d.doc_date, {stored} AS stored "
            f"FROM commitments c JOIN documents d ON d.id = c.document_id {where}"
        )
        return f"SELECT *, {sql.STATE_SQL} AS state FROM ({inner})", {"as_of": as_of}

    def _units_sql(self) -> str:
        """The lead and owner columns: the commitment's own, unless some update names units."""
        named = self.conn.execute(
            "SELECT EXISTS (SELECT 1 FROM updates WHERE lead IS NOT NULL) "
            "OR EXISTS (SELECT 1 FROM updates WHERE owner IS NOT NULL)").fetchone()[0]
        if not named:
            return "c.lead, c.owner"
        return ", ".join(f"{sql.units_as_of_sql(name)} AS {name}" for name in UNIT_COLUMNS)

    def counts_by_lead(self, as_of: str, explicit_as_of: bool) -> list[dict]:
        """Counts of each status bucket per lead unit (a commitment with two leads counts under
        each; None for no lead), biggest first."""
        source, params = self._states_sql(as_of, explicit_as_of)
        groups = []
        query = f"SELECT lead, state, COUNT(*), deadline < :as_of FROM ({source}) GROUP BY lead, state, 4"
        for lead, state, count, past in self.conn.execute(query, params):
            for unit in (lead.split(UNIT_JOINER) if lead else [None]):
                groups.append((None, None, None, state, count, past, None, unit))
        return _fold_counts(groups, "lead")

    def _listing(self, flt: Filter, extra: str | None = None, params: dict | None = None,
                 explicit_as_of: bool | None = None, all_rows: bool = False, columns=LISTING_COLUMNS,
                 as_json: bool = False) -> list[dict] | JsonRows:
        explicit = explicit_as_of if explicit_as_of is not None else flt.as_of is not None and not all_rows
        source, base = self._states_sql(flt.as_of, explicit, include_retracted=all_rows)
        conditions, values = _filter_conditions(flt)
        if extra:
            conditions.append(extra)
        where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
        # -key is the reverse of key, ties included, so an index on the key serves both ways;
        # commitments without a deadline come last either way (NULLS LAST keeps the index usable)
        order = SORT_COLUMNS[flt.sort] + (" DESC" if flt.descending else "")
        if flt.sort == "deadline":
            order += " NULLS LAST"
        limit = f"LIMIT {int(flt.limit)}" if flt.limit is not None else ""
        selected = _json_object_sql(columns) if as_json else ", ".join(
            f'{_column_sql(name)} AS "{name}"' for name in columns)
        query = (f"SELECT {selected} FROM ({source}) AS listing {where} "
                 f"ORDER BY {order}, id{' DESC' if flt.descending else ''} {limit}")
        values = {**base, **values, **(params or {})}
        if as_json:
            return JsonRows(text for (text,) in self.conn.execute(query, values))
        return self._rows(query, values)


def _column_sql(name: str) -> str:
    return COMPUTED_COLUMNS.get(name, f'"{name}"')


def _json_object_sql(columns) -> str:
    """json_object('id', "id", 'status', state, ...): one JSON object text a row, keys in order."""
    pairs = []
    for name in columns:
        value = _column_sql(name)
        pairs.append(f"'{name}', {JSON_REAL_SQL.format(value) if name in REAL_COLUMNS else value}")
    return f"json_object({', '.join(pairs)})"


def _with_as_of(flt: Filter, today: str) -> Filter:
    if flt.as_of:
        return flt
    from dataclasses import replace

    return replace(flt, as_of=today)


def _filter_conditions(flt: Filter) -> tuple[list[str], dict]:
    conditions, values = [], {}
    if flt.status == "pending":
        conditions.append("state = 'pending'")
    elif flt.status == OVERDUE:
        conditions.append(sql.PAST_DUE_NOT_MET_SQL)
    elif flt.status:
        conditions.append("state = :status")
        values["status"] = flt.status
    if flt.kind:
        conditions.append("kind = :kind")
        values["kind"] = flt.kind
    if flt.category:
        conditions.append("category = :category")
        values["category"] = flt.category
    if flt.region:
        conditions.append("region = :region")
        values["region"] = flt.region
    if flt.doc:
        if flt.doc.isascii() and flt.doc.isdigit():  # an id is an id, not a part of every name holding that digit
            conditions.append("document_id = :doc_id")
            values["doc_id"] = int(flt.doc)
        else:
            conditions.append(
                "document_id IN (SELECT id FROM documents WHERE name = :doc OR name LIKE :doc_like ESCAPE '\\')"
            )
            values.update(doc=flt.doc, doc_like=f"%{escape_like(flt.doc)}%")
    if flt.document_id is not None:
        conditions.append("document_id = :document_id")
        values["document_id"] = flt.document_id
    for column in UNIT_COLUMNS:
        unit = getattr(flt, column)
        if unit:  # one of the units the column joins with 、
            conditions.append(f"('、' || {column} || '、') LIKE :{column}_like ESCAPE '\\'")
            values[f"{column}_like"] = f"%、{escape_like(unit)}、%"
    if flt.due_before:
        conditions.append("deadline IS NOT NULL AND deadline < :due_before")
        values["due_before"] = flt.due_before
    if flt.search:
        conditions.append(_search_condition(flt.search, values))
    return conditions, values


def _search_condition(text: str, values: dict) -> str:
    """Every word of the search (split on spaces), each as typed or in its simplified form: the
    index holds a traditional document's sentences simplified (migrations.m016), so either
    script, and variant forms (産業, 產業), find them."""
    if "\x00" in text:
        # NUL ends an FTS5 query string and a LIKE pattern alike, so neither can look for it;
        # documents holding NUL are refused as binary, so nothing holds it.
        return "0 = 1"
    from ..t2s import to_simplified

    words = text.split() or [text]
    return " AND ".join(_word_condition(list(dict.fromkeys((word, to_simplified(word)))), number, values)
                        for number, word in enumerate(words))


def _word_condition(forms: list[str], number: int, values: dict) -> str:
    # The trigram index needs three characters; shorter words fall back to LIKE.
    if min(len(form) for form in forms) >= 3:
        match = " OR ".join('"' + form.replace('"', '""') + '"' for form in forms)
        values[f"fts{number}"], values[f"fts_sentence{number}"] = match, f"sentence : ({match})"
        # A sentence is indexed once, on the first of its commitments; the others name that one.
        # One IN over both sets: SQLite builds the set, then walks the listing's order to its
        # limit (as an OR of two INs it fetched and sorted every match: 13 against 50 ms at 200k).
        return (
            f"id IN (SELECT rowid FROM commitments_fts WHERE commitments_fts MATCH :fts{number} UNION ALL "
            "SELECT id FROM commitments WHERE same_sentence_as IN "
            f"(SELECT rowid FROM commitments_fts WHERE commitments_fts MATCH :fts_sentence{number}))"
        )
    likes = []
    for variant, form in enumerate(forms):
        name = f"like{number}_{variant}"
        values[name] = f"%{escape_like(form)}%"
        likes += [f"{column} LIKE :{name} ESCAPE '\\'" for column in ("text", "subject", "sentence")]
        likes.append(f"id IN (SELECT id FROM commitments WHERE search_sentence LIKE :{name} ESCAPE '\\')")
    return f"({' OR '.join(likes)})"


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")



def _fold_counts(groups: list[tuple], by: str | None) -> list[dict]:
    """_state_groups rows -> per-group counts of each bucket, biggest group first (as SQL's
    ORDER BY total DESC, grp would: None first among equals)."""
    column = {"kind": 0, "category": 1, "year": 2, "document": 6, "lead": 7}.get(by)
    folded: dict = {}
    for row in groups:
        grp = "all" if column is None else row[column]
        counts = folded.get(grp)
        if counts is None:
            counts = folded[grp] = {"grp": grp, **dict.fromkeys(STATUS_BUCKETS, 0), OVERDUE: 0, "total": 0}
        state, count, past_due = row[3], row[4], row[5]
        if state in STATUS_BUCKETS:
            counts[state] += count
        if past_due and state in LATE_STATES:
            counts[OVERDUE] += count
        counts["total"] += count
    return sorted(folded.values(), key=lambda c: (-c["total"], c["grp"] is not None, c["grp"] or ""))
