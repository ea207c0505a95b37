"""The SQL the ledger runs today and shares between its modules.

Shipped migration steps never import from here (migrations.py freezes their SQL): a change
to these statements changes what the ledger does from now on, never a step that has run.
"""

from __future__ import annotations

# The jjjtrack_meta key naming the highest commitment id the search index holds while a
# transaction defers indexing; it never outlives the transaction that sets it. The search
# triggers of migrations.m008 name it too, so it cannot change.
UNINDEXED_AFTER = "unindexed_after"

# Index the commitments above an id in one statement (migrations.m008).
INDEX_ROWS_AFTER_SQL = (
    "INSERT INTO commitments_fts(rowid, span, subject, sentence) SELECT * FROM commitments_search WHERE id > ?"
)


def latest_update_sql(field: str, columns: str, commitment: str, dated: bool = False) -> str:
    """A commitment's latest update that sets `field`, by as-of date (one dated by :as_of when
    `dated`): what every stored value and every value as of a date is derived from. The stored
    status and deadline are those of such an update, status_since and deadline_since its as-of
    date (migrations.m009, m011). commitment: an id column or a parameter."""
    by = " AND u.as_of <= :as_of" if dated else ""
    return (f"SELECT {columns} FROM updates u WHERE u.commitment_id = {commitment} AND u.{field} IS NOT NULL{by} "
            "ORDER BY u.as_of DESC, u.id DESC LIMIT 1")


# same_sentence_as as it should be (migrations.m007), for rows read whole documents at a time
SAME_SENTENCE_SQL = "NULLIF(MIN(id) OVER (PARTITION BY document_id, sentence), id)"

# A stored status and a deadline make the status a user sees: done, missed and dropped stay
# so; a target past its deadline with no outcome is silent (未见反馈). `stored` appears once on
# each path, so a status computed as of a date (a subquery) is evaluated once a row, not
# three times. The one statement of the rule: queries and the views below both use it.
STATE_SQL = (
    "CASE WHEN kind = 'target' AND deadline < :as_of "
    "THEN CASE stored WHEN 'done' THEN 'done' WHEN 'dropped' THEN 'dropped' WHEN 'missed' THEN 'missed' "
    "ELSE 'silent' END ELSE stored END"
)
# Overdue: past its deadline and not met, whether a later document reported it short
# (missed) or nothing did (silent).
PAST_DUE_NOT_MET_SQL = "(state IN ('silent', 'missed') AND deadline < :as_of)"
DAYS_OVERDUE_SQL = (
    f"CASE WHEN {PAST_DUE_NOT_MET_SQL} THEN CAST(julianday(:as_of) - julianday(deadline) AS INTEGER) END"
)

# The stored status as of a date from the updates alone: the latest status-bearing update
# dated by then.
STORED_FROM_UPDATES_SQL = f"COALESCE(({latest_update_sql('status', 'u.status', 'c.id', dated=True)}), 'pending')"
# ... and the quick form: the column, when it was set by then (migrations.m009).
STORED_AS_OF_SQL = (
    f"CASE WHEN c.status_since IS NULL OR c.status_since <= :as_of THEN c.status ELSE {STORED_FROM_UPDATES_SQL} END"
)

# The deadline as of a date: the latest deadline-bearing update dated by then, else the one
# the document stated; the column when it was set by then (migrations.m011).
DEADLINE_AS_OF_SQL = (
    "CASE WHEN c.deadline_since IS NULL OR c.deadline_since <= :as_of THEN c.deadline ELSE "
    f"COALESCE(({latest_update_sql('deadline', 'u.deadline', 'c.id', dated=True)}), c.stated_deadline) END"
)
# The latest deadline-bearing update of a commitment, by as-of date: it sets the stored
# deadline and deadline_since; with none, the stated deadline holds.
REFRESH_DEADLINE_SQL = (
    "UPDATE commitments SET (deadline, deadline_since) = (SELECT COALESCE(latest.deadline, commitments.stated_deadline), "
    f"latest.as_of FROM (SELECT 1) LEFT JOIN ({latest_update_sql('deadline', 'u.deadline, u.as_of', 'commitments.id')}) "
    "latest) WHERE id = ?"
)


def set_status_since_sql(where: str) -> str:
    """An UPDATE setting status_since on the commitments `where` selects."""
    latest = latest_update_sql("status", "u.as_of", "commitments.id")
    return f"UPDATE commitments SET status_since = ({latest}) WHERE {where}"


def link_same_sentences_sql(where: str) -> str:
    """An UPDATE setting same_sentence_as right on the commitments `where` selects (whole
    documents); one sort, not a lookup per row, so a document of 100,000 numbers is fine."""
    return (
        "UPDATE commitments SET same_sentence_as = firsts.first FROM ("
        f"SELECT id, {SAME_SENTENCE_SQL} AS first FROM commitments WHERE {where}) AS firsts "
        "WHERE firsts.id = commitments.id AND commitments.same_sentence_as IS NOT firsts.first"
    )


def _as_of_today(sql: str) -> str:
    return sql.replace(":as_of", "date('now')")


# Views for people browsing the file (datasette, sqlite-utils): each commitment with its
# status as of today, and the overdue ones. Today is date('now'), so they never go stale.
VIEWS = {
    "commitments_status": _as_of_today(
        "SELECT id, doc, doc_date, span, sentence, value, unit, subject, kind, deadline, category, region, "
        f"state AS status, {DAYS_OVERDUE_SQL} AS days_overdue, document_id "
        f"FROM (SELECT *, {STATE_SQL} AS state FROM (SELECT c.*, d.name AS doc, d.doc_date, "
        f"{STORED_FROM_UPDATES_SQL} AS stored "
        "FROM commitments c JOIN documents d ON d.id = c.document_id WHERE c.retracted = 0))"
    ),
    "overdue": (
        "SELECT id, doc, deadline, days_overdue, span, value, unit, subject, category, region, sentence "
        "FROM commitments_status WHERE days_overdue IS NOT NULL ORDER BY deadline, id"
    ),
}
# jjjtrack_meta key holding the views' definition, so a ledger opened for writing rebuilds
# them whenever this module defines them anew (they are derived, never migrated).
VIEWS_KEY = "views"


def views_definition() -> str:
    return "\n".join(f"{name}: {sql}" for name, sql in VIEWS.items())


def units_as_of_sql(column: str) -> str:
    """A commitment's lead or owner as of a date: the latest update naming them, else its
    document's (migrations.m015)."""
    return f"COALESCE(({latest_update_sql(column, 'u.' + column, 'c.id', dated=True)}), c.{column})"


# The latest progress reported on a listed commitment by the as-of date (a listing column).
LATEST_PROGRESS_SQL = f"({latest_update_sql('progress', 'u.progress', 'listing.id', dated=True)})"
