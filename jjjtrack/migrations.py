"""The ledger's schema history: an append-only list of small steps.

Each step takes a sqlite_utils Database and moves the schema one version on. The
version lives in SQLite's `user_version` pragma; `jjjtrack_meta` marks the file as a
jjjtrack ledger. Never edit a step that has shipped: add a new one.

Each step's SQL is written inside it, never taken from the ledger: a step that has run on
users' ledgers must not change when the ledger's own SQL does.

Steps run inside the caller's transaction, so they use plain `execute` (sqlite3's
`executescript` would commit half-way).
"""

from __future__ import annotations

APPLICATION = "jjjtrack"


def m001_initial(db) -> None:
    db["jjjtrack_meta"].create({"key": str, "value": str}, pk="key")
    db["jjjtrack_meta"].insert({"key": "application", "value": APPLICATION})
    db["documents"].create(
        {
            "id": int,
            "name": str,
            "path": str,
            "sha256": str,
            "doc_date": str,
            "date_source": str,
            "script": str,
            "encoding": str,
            "extractor_version": str,
            "ingested_at": str,
            "text": str,
        },
        pk="id",
        not_null={"name", "sha256", "date_source", "script", "ingested_at", "text"},
    )
    db.execute("CREATE UNIQUE INDEX idx_documents_sha256 ON documents(sha256)")
    db["commitments"].create(
        {
            "id": int,
            "document_id": int,
            "start": int,
            "end": int,
            "span": str,
            "sentence": str,
            "value": float,
            "unit": str,
            "subject": str,
            "kind": str,
            "deadline": str,
            "comparator": str,
            "category": str,
            "region": str,
            "status": str,
            "retracted": int,
        },
        pk="id",
        foreign_keys=[("document_id", "documents", "id")],
        not_null={"document_id", "start", "end", "span", "sentence", "kind", "status", "retracted"},
        defaults={"status": "pending", "retracted": 0, "unit": "", "subject": "", "region": ""},
    )
    db.execute(
        "CREATE UNIQUE INDEX idx_commitments_position ON commitments(document_id, start, end, value)"
    )
    db["updates"].create(
        {
            "id": int,
            "commitment_id": int,
            "as_of": str,
            "status": str,
            "progress": float,
            "deadline": str,
            "note": str,
            "source": str,
            "recorded_at": str,
        },
        pk="id",
        foreign_keys=[("commitment_id", "commitments", "id")],
        not_null={"commitment_id", "as_of", "recorded_at"},
    )
    db.execute("CREATE INDEX idx_updates_commitment ON updates(commitment_id, as_of, id)")
    db.execute("CREATE INDEX idx_updates_as_of ON updates(as_of)")
    for column in ("status, deadline", "kind", "category", "deadline"):
        name = column.replace(", ", "_")
        db.execute(f"CREATE INDEX idx_commitments_{name} ON commitments({column})")


def m002_full_text_search(db) -> None:
    """Trigram full-text index over span, subject and sentence: the default tokenizer
    sees a run of Chinese characters as one word and finds nothing inside it."""
    db.execute(
        "CREATE VIRTUAL TABLE commitments_fts USING fts5("
        "span, subject, sentence, content='commitments', content_rowid='id', tokenize='trigram')"
    )
    columns = "span, subject, sentence"
    new = "new.span, new.subject, new.sentence"
    old = "old.span, old.subject, old.sentence"
    db.execute(
        f"CREATE TRIGGER commitments_ai AFTER INSERT ON commitments BEGIN "
        f"INSERT INTO commitments_fts(rowid, {columns}) VALUES (new.id, {new}); END"
    )
    db.execute(
        f"CREATE TRIGGER commitments_ad AFTER DELETE ON commitments BEGIN "
        f"INSERT INTO commitments_fts(commitments_fts, rowid, {columns}) "
        f"VALUES ('delete', old.id, {old}); END"
    )
    db.execute(
        f"CREATE TRIGGER commitments_au AFTER UPDATE OF span, subject, sentence ON commitments BEGIN "
        f"INSERT INTO commitments_fts(commitments_fts, rowid, {columns}) "
        f"VALUES ('delete', old.id, {old}); "
        f"INSERT INTO commitments_fts(rowid, {columns}) VALUES (new.id, {new}); END"
    )
    db.execute("INSERT INTO commitments_fts(commitments_fts) VALUES ('rebuild')")


def m003_status_views(db) -> None:
    """Views for people browsing the file (datasette, sqlite-utils): each commitment with its
    status as of today, and the overdue ones (since replaced by the ledger's own, from
    ledger.sql.STATE_SQL, whenever it opens a ledger for writing). The rule then: the latest
    status-bearing update dated today or earlier; a target neither done nor dropped whose
    deadline has passed is overdue. Today is date('now'), so the views never go stale."""
    stored = (
        "COALESCE((SELECT u.status FROM updates u WHERE u.commitment_id = c.id AND u.status IS NOT NULL "
        "AND u.as_of <= date('now') ORDER BY u.as_of DESC, u.id DESC LIMIT 1), 'pending')"
    )
    db.execute(
        "CREATE VIEW commitments_status AS "
        "SELECT id, doc, doc_date, span, sentence, value, unit, subject, kind, deadline, category, region, "
        "CASE WHEN stored IN ('done', 'dropped') THEN stored "
        "WHEN kind = 'target' AND deadline IS NOT NULL AND deadline < date('now') THEN 'overdue' "
        "ELSE stored END AS status, "
        "CASE WHEN stored NOT IN ('done', 'dropped') AND kind = 'target' AND deadline < date('now') "
        "THEN CAST(julianday('now', 'start of day') - julianday(deadline) AS INTEGER) END AS days_overdue, "
        "document_id "
        "FROM (SELECT c.*, d.name AS doc, d.doc_date, "
        f"{stored} AS stored "
        "FROM commitments c JOIN documents d ON d.id = c.document_id WHERE c.retracted = 0)"
    )
    db.execute(
        "CREATE VIEW overdue AS SELECT id, doc, deadline, days_overdue, span, value, unit, subject, category, "
        "region, sentence FROM commitments_status WHERE status = 'overdue' ORDER BY deadline, id"
    )


def m004_report_indexes(db) -> None:
    """Indexes for reports on big ledgers (benchmarks/README.md has the figures).

    The partial index holds every status-bearing update with its status, so the status as
    of a date is one seek per commitment that never touches the updates table. The
    commitments index covers what the report counts (kind, category, deadline, status), so
    counting 200,000 commitments reads a few MB of index instead of every sentence. It is
    partial on `retracted IS 0`, which only the report's count says (ledger.queries):
    a listing says `retracted = 0`, and without statistics SQLite would otherwise scan this
    index to join documents, then seek every row (ten times slower than a table scan)."""
    db.execute(
        "CREATE INDEX idx_updates_status_as_of ON updates(commitment_id, as_of, id, status) "
        "WHERE status IS NOT NULL"
    )
    db.execute(
        "CREATE INDEX idx_commitments_report ON commitments(kind, category, deadline, status, document_id) "
        "WHERE retracted IS 0"
    )


def m005_search_index_merging(db) -> None:
    """Let the search index merge its segments 16 at a time instead of 4. Every ingested
    document is its own transaction, and each one leaves a small FTS5 segment: merging them
    four by four was a fifth of the ledger's work during a big ingest. (A setting stored in
    the index itself; searches still read a handful of segments.)"""
    db.execute("INSERT INTO commitments_fts(commitments_fts, rank) VALUES ('automerge', 16)")


def m006_value_index(db) -> None:
    """`list --sort value` (or -value) with a limit reads the first rows of this index
    instead of sorting every commitment: 75 ms to under 1 ms at 200,000 commitments."""
    db.execute("CREATE INDEX idx_commitments_value ON commitments(value)")


def m007_search_each_sentence_once(db) -> None:
    """Index each sentence of a document once, not once per number in it, and a span or
    subject only where its sentence does not hold it already: a third of what the search
    index held, and of the time an ingest spent filling it.

    `same_sentence_as` names the first commitment (lowest id) of the same document with the
    same sentence, or is NULL on that first one, which alone carries the sentence into the
    index (through the view `commitments_search`, the index's content table). A search finds
    the first commitments whose sentence matches, then the ones naming them
    (ledger.queries._search_condition): text inside a span or subject is inside its sentence."""
    for trigger in ("commitments_ai", "commitments_ad", "commitments_au"):
        db.execute(f"DROP TRIGGER {trigger}")
    db.execute("DROP TABLE commitments_fts")
    db.execute("ALTER TABLE commitments ADD COLUMN same_sentence_as INTEGER REFERENCES commitments(id)")
    db.execute(
        "UPDATE commitments SET same_sentence_as = firsts.first FROM (SELECT id, "
        "NULLIF(MIN(id) OVER (PARTITION BY document_id, sentence), id) AS first FROM commitments) AS firsts "
        "WHERE firsts.id = commitments.id AND commitments.same_sentence_as IS NOT firsts.first"
    )
    db.execute(
        "CREATE INDEX idx_commitments_same_sentence ON commitments(same_sentence_as) WHERE same_sentence_as IS NOT NULL"
    )
    db.execute(
        "CREATE VIEW commitments_search(id, span, subject, sentence) AS SELECT id, "
        "CASE WHEN instr(commitments.sentence, commitments.span) THEN '' ELSE commitments.span END, "
        "CASE WHEN instr(commitments.sentence, commitments.subject) THEN '' ELSE commitments.subject END, "
        "CASE WHEN commitments.same_sentence_as IS NULL THEN commitments.sentence ELSE '' END "
        "FROM commitments"
    )
    db.execute(
        "CREATE VIRTUAL TABLE commitments_fts USING fts5(span, subject, sentence, "
        "content='commitments_search', content_rowid='id', tokenize='trigram', columnsize=0)"
    )
    _m007_m008_search_triggers(db, when_indexed=False)
    db.execute("INSERT INTO commitments_fts(commitments_fts) VALUES ('rebuild')")
    db.execute("INSERT INTO commitments_fts(commitments_fts, rank) VALUES ('automerge', 16)")


def m008_index_at_commit(db) -> None:
    """Let a write transaction (Ledger.transaction, a batch of an ingest) fill the search
    index once, before it commits, instead of a row at a time.

    FTS5 writes what it holds in memory to a new segment at every statement savepoint, and
    each row an `executemany` inserts is its own statement: filled by the trigger, an ingest
    made a segment per commitment, then merged them, which cost more than everything else
    it wrote. While such a transaction is open, jjjtrack_meta holds the key
    'unindexed_after' (ledger.sql.UNINDEXED_AFTER); the triggers leave the rows above it
    alone, and the transaction indexes them in one statement (ledger.store). Without the key
    the triggers keep the index in step as before."""
    for trigger in ("commitments_ai", "commitments_ad", "commitments_au"):
        db.execute(f"DROP TRIGGER {trigger}")
    _m007_m008_search_triggers(db, when_indexed=True)


def _m007_m008_search_triggers(db, when_indexed: bool) -> None:
    """The search triggers as m007 made them and as m008 remade them (with WHEN): frozen,
    part of two shipped steps."""
    def searched(row: str) -> str:
        return (
            f"CASE WHEN instr({row}.sentence, {row}.span) THEN '' ELSE {row}.span END, "
            f"CASE WHEN instr({row}.sentence, {row}.subject) THEN '' ELSE {row}.subject END, "
            f"CASE WHEN {row}.same_sentence_as IS NULL THEN {row}.sentence ELSE '' END"
        )

    def when(row: str) -> str:
        if not when_indexed:
            return ""
        mark = "(SELECT CAST(value AS INTEGER) FROM jjjtrack_meta WHERE key = 'unindexed_after')"
        return f"WHEN {row}.id <= COALESCE({mark}, {row}.id) "

    columns = "span, subject, sentence"
    db.execute(
        f"CREATE TRIGGER commitments_ai AFTER INSERT ON commitments {when('new')}BEGIN "
        f"INSERT INTO commitments_fts(rowid, {columns}) VALUES (new.id, {searched('new')}); END"
    )
    db.execute(
        f"CREATE TRIGGER commitments_ad AFTER DELETE ON commitments {when('old')}BEGIN "
        f"INSERT INTO commitments_fts(commitments_fts, rowid, {columns}) VALUES ('delete', old.id, {searched('old')}); END"
    )
    db.execute(
        f"CREATE TRIGGER commitments_au AFTER UPDATE OF span, subject, sentence, same_sentence_as ON commitments "
        f"{when('old')}BEGIN "
        f"INSERT INTO commitments_fts(commitments_fts, rowid, {columns}) VALUES ('delete', old.id, {searched('old')}); "
        f"INSERT INTO commitments_fts(rowid, {columns}) VALUES (new.id, {searched('new')}); END"
    )


def m009_status_since(db) -> None:
    """`report --as-of` and `list --as-of` read each commitment's status on that date from its
    updates (an index seek a commitment) whenever any update is dated later. `status_since`,
    the as-of date of the update that set the stored status (NULL when none did), lets every
    commitment whose status was set by then take the stored column instead: in a ledger of
    ingested documents, nearly all of them. The report's covering index carries it too."""
    db.execute("ALTER TABLE commitments ADD COLUMN status_since TEXT")
    db.execute(
        "UPDATE commitments SET status_since = (SELECT u.as_of FROM updates u WHERE u.commitment_id = commitments.id "
        "AND u.status IS NOT NULL ORDER BY u.as_of DESC, u.id DESC LIMIT 1)"
    )
    db.execute("DROP INDEX idx_commitments_report")
    db.execute(
        "CREATE INDEX idx_commitments_report ON commitments(kind, category, deadline, status, document_id, status_since) "
        "WHERE retracted IS 0"
    )


def m010_links(db) -> None:
    """Outcomes across documents (jjjtrack/linking.py). `links` pairs a target with a later
    statement reporting its outcome: the evidence's document, offsets and quote (a verdict
    with no figure has no commitment of its own), its verdict (met, missed, restated,
    progress), and the review: auto until a user confirms or rejects it, which re-linking
    keeps. An automatic update names its link. Each statement's indicator key, direction and
    period are stored so re-linking after an ingest reads only the new statements' features;
    a document's linked_at says its statements were linked (an ingest killed before linking
    leaves it NULL, and the next ingest links it)."""
    db.execute("ALTER TABLE documents ADD COLUMN linked_at TEXT")  # NULL: its statements await linking
    db.execute("ALTER TABLE commitments ADD COLUMN indicator TEXT")
    db.execute("ALTER TABLE commitments ADD COLUMN direction TEXT")
    db.execute("ALTER TABLE commitments ADD COLUMN period TEXT")
    db.execute("CREATE INDEX idx_commitments_indicator ON commitments(indicator) WHERE indicator IS NOT NULL AND indicator != ''")
    db.execute(
        "CREATE TABLE links (id INTEGER PRIMARY KEY, target_id INTEGER NOT NULL REFERENCES commitments(id), "
        "evidence_document_id INTEGER NOT NULL REFERENCES documents(id), evidence_start INTEGER NOT NULL, "
        "evidence_end INTEGER NOT NULL, evidence_text TEXT NOT NULL, evidence_sentence TEXT NOT NULL, evidence_id INTEGER REFERENCES commitments(id), "
        "verdict TEXT NOT NULL, score REAL NOT NULL, value REAL, unit TEXT, review TEXT NOT NULL DEFAULT 'auto', "
        "created_at TEXT NOT NULL, reviewed_at TEXT, "
        "UNIQUE (target_id, evidence_document_id, evidence_start, evidence_end))"
    )
    db.execute("CREATE INDEX idx_links_evidence_document ON links(evidence_document_id)")
    db.execute("ALTER TABLE updates ADD COLUMN link_id INTEGER REFERENCES links(id)")
    db.execute("CREATE INDEX idx_updates_link ON updates(link_id) WHERE link_id IS NOT NULL")


def m011_deadline_history(db) -> None:
    """A deadline changed by `update --deadline` holds from its update's as-of date, so a
    report as of an earlier date uses the deadline known then. `stated_deadline` keeps the
    deadline the document stated (the one before any change); `deadline_since` is the as-of
    date of the update that set the stored deadline (NULL when none did), as status_since is
    for the status. Until now the stored deadline was the last one recorded: it becomes the
    one of the latest update by as-of date, and the stated one is read back from the note
    the first change wrote ("deadline 2024-12-31 -> ...")."""
    import re

    db.execute("ALTER TABLE commitments ADD COLUMN stated_deadline TEXT")
    db.execute("ALTER TABLE commitments ADD COLUMN deadline_since TEXT")
    db.execute("UPDATE commitments SET stated_deadline = deadline")
    changed = db.execute(
        "SELECT commitment_id, note FROM updates WHERE deadline IS NOT NULL ORDER BY commitment_id, recorded_at, id"
    ).fetchall()
    firsts = {}
    for commitment_id, note in changed:
        firsts.setdefault(commitment_id, note or "")
    for commitment_id, note in firsts.items():
        found = re.search(r"deadline (\S+) -> ", note)
        if found:
            stated = None if found.group(1) == "none" else found.group(1)
            db.execute("UPDATE commitments SET stated_deadline = ? WHERE id = ?", [stated, commitment_id])
        db.execute(
            "UPDATE commitments SET (deadline, deadline_since) = (SELECT u.deadline, u.as_of FROM updates u "
            "WHERE u.commitment_id = commitments.id AND u.deadline IS NOT NULL ORDER BY u.as_of DESC, u.id DESC "
            "LIMIT 1) WHERE id = ?",
            [commitment_id],
        )
    # the report's covering index carries deadline_since too, so a report as of a date before
    # a deadline change still counts off the index
    db.execute("DROP INDEX idx_commitments_report")
    db.execute(
        "CREATE INDEX idx_commitments_report ON commitments(kind, category, deadline, status, document_id, status_since, "
        "deadline_since, stated_deadline) WHERE retracted IS 0"
    )


def m012_text_sha256(db) -> None:
    """The sha256 of each document's stored text (`sha256` is of the file's bytes, which the
    text does not give back for HTML or legacy encodings), so import and check can tell a
    document whose text was edited."""
    import hashlib

    db.execute("ALTER TABLE documents ADD COLUMN text_sha256 TEXT")
    for (document_id,) in db.execute("SELECT id FROM documents").fetchall():
        (text,) = db.execute("SELECT text FROM documents WHERE id = ?", [document_id]).fetchone()
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        db.execute("UPDATE documents SET text_sha256 = ? WHERE id = ?", [digest, document_id])


def m013_document_dates(db) -> None:
    """`ingest --date` corrects the date of a document already in the ledger; each date it
    had before is kept here, with when it was replaced."""
    db.execute(
        "CREATE TABLE document_dates (id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL REFERENCES documents(id), "
        "doc_date TEXT, date_source TEXT NOT NULL, replaced_by TEXT, replaced_at TEXT NOT NULL)"
    )
    db.execute("CREATE INDEX idx_document_dates_document ON document_dates(document_id)")


def m014_pages(db) -> None:
    """A statement read from a PDF keeps the page it starts on (from 1; NULL for other files)."""
    db.execute("ALTER TABLE commitments ADD COLUMN page INTEGER")


def m015_supervision(db) -> None:
    """The supervision 台账 (jjjtrack/schedule.py): a commitment's lead and responsible units
    as its document names them (lead, owner: names joined by 、) and the figure a target starts
    from (baseline); an update may set either unit anew (updates.lead, updates.owner). The
    units as of a date are the latest update's that names them, else the document's; the
    partial indexes find those few updates without reading the rest. Counting the targets by
    light reads each one's latest progress: a covering index of the updates that report
    progress makes that one pass over the index (200k commitments: 0.43 -> 0.15 s)."""
    db.execute("ALTER TABLE commitments ADD COLUMN lead TEXT")
    db.execute("ALTER TABLE commitments ADD COLUMN owner TEXT")
    db.execute("ALTER TABLE commitments ADD COLUMN baseline REAL")
    db.execute("ALTER TABLE updates ADD COLUMN lead TEXT")
    db.execute("ALTER TABLE updates ADD COLUMN owner TEXT")
    db.execute("CREATE INDEX idx_updates_lead ON updates(commitment_id, as_of, id) WHERE lead IS NOT NULL")
    db.execute("CREATE INDEX idx_updates_owner ON updates(commitment_id, as_of, id) WHERE owner IS NOT NULL")
    db.execute(
        "CREATE INDEX idx_updates_progress ON updates(commitment_id, as_of, id, progress) WHERE progress IS NOT NULL"
    )


def m016_search_simplified(db) -> None:
    """Search a traditional-script document's sentences in their simplified form, so a word
    typed in either script, or in a variant form (産業, 產業), finds them through its own
    simplified form (ledger.queries._search_condition). `search_sentence` is that form where
    it differs from the sentence (NULL otherwise: every simplified document); the search view
    indexes it in the sentence's place, and the triggers are remade to index it."""
    db.execute("ALTER TABLE commitments ADD COLUMN search_sentence TEXT")
    _m016_fill_search_sentences(db)
    for trigger in ("commitments_ai", "commitments_ad", "commitments_au"):
        db.execute(f"DROP TRIGGER {trigger}")
    db.execute("DROP VIEW commitments_search")
    db.execute(
        "CREATE VIEW commitments_search(id, span, subject, sentence) AS SELECT id, "
        "CASE WHEN instr(commitments.sentence, commitments.span) THEN '' ELSE commitments.span END, "
        "CASE WHEN instr(commitments.sentence, commitments.subject) THEN '' ELSE commitments.subject END, "
        "CASE WHEN commitments.same_sentence_as IS NULL THEN COALESCE(commitments.search_sentence, "
        "commitments.sentence) ELSE '' END FROM commitments"
    )

    def searched(row: str) -> str:
        return (
            f"CASE WHEN instr({row}.sentence, {row}.span) THEN '' ELSE {row}.span END, "
            f"CASE WHEN instr({row}.sentence, {row}.subject) THEN '' ELSE {row}.subject END, "
            f"CASE WHEN {row}.same_sentence_as IS NULL THEN COALESCE({row}.search_sentence, {row}.sentence) ELSE '' END"
        )

    mark = "(SELECT CAST(value AS INTEGER) FROM jjjtrack_meta WHERE key = 'unindexed_after')"
    columns = "span, subject, sentence"
    db.execute(
        f"CREATE TRIGGER commitments_ai AFTER INSERT ON commitments WHEN new.id <= COALESCE({mark}, new.id) BEGIN "
        f"INSERT INTO commitments_fts(rowid, {columns}) VALUES (new.id, {searched('new')}); END"
    )
    db.execute(
        f"CREATE TRIGGER commitments_ad AFTER DELETE ON commitments WHEN old.id <= COALESCE({mark}, old.id) BEGIN "
        f"INSERT INTO commitments_fts(commitments_fts, rowid, {columns}) VALUES ('delete', old.id, {searched('old')}); END"
    )
    db.execute(
        "CREATE TRIGGER commitments_au AFTER UPDATE OF span, subject, sentence, same_sentence_as, search_sentence "
        f"ON commitments WHEN old.id <= COALESCE({mark}, old.id) BEGIN "
        f"INSERT INTO commitments_fts(commitments_fts, rowid, {columns}) VALUES ('delete', old.id, {searched('old')}); "
        f"INSERT INTO commitments_fts(rowid, {columns}) VALUES (new.id, {searched('new')}); END"
    )
    db.execute("INSERT INTO commitments_fts(commitments_fts) VALUES ('rebuild')")


def _m016_fill_search_sentences(db) -> None:
    """The simplified form (OpenCC t2s) of each sentence of a traditional document."""
    import opencc

    try:
        convert = opencc.OpenCC("t2s").convert
    except Exception:  # older bindings want the config file name
        convert = opencc.OpenCC("t2s.json").convert
    rows = db.execute(
        "SELECT c.id, c.sentence FROM commitments c JOIN documents d ON d.id = c.document_id "
        "WHERE d.script = 'traditional'"
    ).fetchall()
    for ident, sentence in rows:
        simplified = convert(sentence or "")
        if simplified != sentence:
            db.execute("UPDATE commitments SET search_sentence = ? WHERE id = ?", [simplified, ident])


MIGRATIONS = [
    m001_initial, m002_full_text_search, m003_status_views, m004_report_indexes, m005_search_index_merging,
    m006_value_index, m007_search_each_sentence_once, m008_index_at_commit, m009_status_since,
    m010_links, m011_deadline_history, m012_text_sha256, m013_document_dates, m014_pages,
    m015_supervision, m016_search_simplified,
]
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(db) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def is_jjjtrack_ledger(db) -> bool:
    """db: a sqlite_utils Database or a plain sqlite3 connection (the read path uses one)."""
    found = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'jjjtrack_meta'").fetchone()
    if not found:
        return False
    row = db.execute("SELECT value FROM jjjtrack_meta WHERE key = 'application'").fetchone()
    return bool(row) and row[0] == APPLICATION


def migrate(db) -> int:
    """Apply the steps the ledger lacks; return how many ran. The caller holds the write lock."""
    current = schema_version(db)
    for step in MIGRATIONS[current:]:
        step(db)
    if current < SCHEMA_VERSION:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    return SCHEMA_VERSION - current
