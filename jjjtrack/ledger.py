"""The ledger: one SQLite file of documents, commitments and their append-only updates.

Owns the connection, the schema (through migrations.py) and every query. Callers hand
it values (models, Filters, dates as YYYY-MM-DD strings) and get plain dicts back.
Overdue is computed at query time against an as-of date, never stored.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from . import migrations
from .errors import LedgerError, NotFound
from .filters import Filter
from .models import Document, JsonRows, Kind, Statement, Status

DEFAULT_PATH = Path("data") / "jjjtrack.db"
BUSY_TIMEOUT_MS = 60_000
MIN_SQLITE = (3, 34, 0)  # the trigram tokenizer; json_object and NULLS LAST are older
BIG_TEXT_CHARS = 1_000_000  # longer document texts are written to the ledger in pieces this size

# The export: a header line, then each document followed by its commitments, each of those
# followed by its updates. Ids never appear; EXPORT_FORMAT changes only when records do.
EXPORT_TYPE = "jjjtrack-export"
EXPORT_FORMAT = 1
EXPORT_DOCUMENT_FIELDS = (
    "sha256", "name", "path", "doc_date", "date_source", "script", "encoding", "extractor_version",
    "ingested_at", "text",
)
EXPORT_COMMITMENT_FIELDS = (
    "span", "sentence", "unit", "subject", "kind", "deadline", "comparator", "category", "region",
    "status", "retracted",
)
EXPORT_UPDATE_FIELDS = ("as_of", "recorded_at", "status", "progress", "deadline", "note", "source")
EXTRACTION_NOTES = ("extracted as ", "re-extracted as ")
FIRST_STATE_NOTE = "extracted as "

# Columns every listing returns, in the order of the extract contract.
LISTING_COLUMNS = (
    "id", "status", "doc", "start", "end", "text", "sentence", "value", "unit", "subject",
    "kind", "deadline", "comparator", "category", "region", "doc_date",
)
# Listing columns computed as of the listing's date (days_overdue only on request); the
# others are read off the commitment and its document.
COMPUTED_COLUMNS = {
    "status": "state",
    "days_overdue": "CASE WHEN state = 'overdue' THEN CAST(julianday(:as_of) - julianday(deadline) AS INTEGER) END",
}
# In JSON, a REAL keeps SQLite's 15 significant digits unless it needs all 17 to read back
# the same (Python's repr gives the shortest form that does; both read back the same number).
# Whole numbers below 1e15, most values, skip the slow printf test.
JSON_REAL_SQL = (
    "CASE WHEN {0} IS NULL OR ({0} = CAST({0} AS INTEGER) AND abs({0}) < 1e15) "
    "OR {0} = CAST(printf('%!.15g', {0}) AS REAL) THEN {0} ELSE json(printf('%!.17g', {0})) END"
)
REAL_COLUMNS = ("value",)
SORT_COLUMNS = {
    "id": "id", "deadline": "deadline", "value": "value",
    "status": "state", "doc": "doc", "category": "category", "kind": "kind",
}
# A stored status and a deadline make the status a user sees: done and dropped stay so,
# a target past its deadline is otherwise overdue. `stored` appears once on each path, so
# a status computed as of a date (a subquery) is evaluated once a row, not three times.
STATE_SQL = (
    "CASE WHEN kind = 'target' AND deadline < :as_of "
    "THEN CASE stored WHEN 'done' THEN 'done' WHEN 'dropped' THEN 'dropped' ELSE 'overdue' END "
    "ELSE stored END"
)
BUCKETS = ("done", "pending", "overdue", "dropped")
# The stored status as of a date: the column, when it was set by then (migrations.m009).
STORED_AS_OF_SQL = (
    "CASE WHEN c.status_since IS NULL OR c.status_since <= :as_of THEN c.status ELSE "
    "COALESCE((SELECT u.status FROM updates u WHERE u.commitment_id = c.id "
    "AND u.status IS NOT NULL AND u.as_of <= :as_of ORDER BY u.as_of DESC, u.id DESC LIMIT 1), "
    "'pending') END"
)


@dataclass(frozen=True)
class IngestResult:
    document_id: int
    name: str
    doc_date: str | None
    date_source: str
    action: str  # "new", "unchanged", "re-extracted"
    targets: int
    reported: int


@dataclass(frozen=True)
class UpdateResult:
    commitment_id: int
    status: str
    previous_status: str
    marked_done_by_progress: bool


def resolve_path(option: str | None) -> Path:
    """--db wins over JJJTRACK_DB, which wins over data/jjjtrack.db under the working folder."""
    chosen = option or os.environ.get("JJJTRACK_DB")
    if chosen:
        path = Path(chosen)
        if not path.parent.is_dir():
            raise LedgerError(f"ledger folder {str(path.parent)!r} does not exist (for {str(path)!r})")
        return path
    DEFAULT_PATH.parent.mkdir(parents=True, exist_ok=True)
    return DEFAULT_PATH


def _marked_read_only(path: Path) -> bool:
    """No write permission for us, or no write bit for anyone (chmod 444): root honours that too."""
    return not os.access(path, os.W_OK) or not _has_write_bits(path)


def _has_write_bits(path: Path) -> bool:
    import stat

    return bool(path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def _set_wal(conn: sqlite3.Connection) -> None:
    """Switch to WAL. The switch takes an exclusive lock and SQLite does not wait on the busy
    timeout for it, so processes opening a fresh ledger at once would see "database is locked"."""
    import time

    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.005)


@dataclass
class _WriteBatch:
    most: int
    seconds: float
    began: float | None = None  # time.monotonic() of the open transaction's start, or None
    writes: int = 0
    indexed_upto: int = 0  # the highest commitment id the search index held when it began


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")


class Ledger:
    """Open with Ledger(path); the file is created and migrated on first use."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self._check_file()
        self.read_only = self.path.exists() and _marked_read_only(self.path)
        self.conn = self._connect()
        self._db = None
        self._groups: dict = {}  # (as_of, explicit) -> _state_groups rows, until the next write
        self._batch: _WriteBatch | None = None  # see batched_writes
        self._prepare_schema()

    # -- opening -----------------------------------------------------------------------

    def _check_file(self) -> None:
        if self.path.is_dir():
            raise LedgerError(f"{str(self.path)!r} is a folder, not a ledger file")
        # The header is left for SQLite to judge (see _connect): opening and closing the file
        # ourselves would drop every POSIX lock this process holds on it, so a ledger still
        # open in this process could have its WAL checkpointed and deleted under it.

    def _connect(self) -> sqlite3.Connection:
        if sqlite3.sqlite_version_info < MIN_SQLITE:
            raise LedgerError(
                f"jjjtrack needs SQLite {'.'.join(map(str, MIN_SQLITE))} or newer (trigram search, NULLS LAST); "
                f"this Python has SQLite {sqlite3.sqlite_version}"
            )
        try:
            if self.read_only:
                uri = f"{self.path.resolve().as_uri()}?mode=ro{'&immutable=1' if self._frozen() else ''}"
                conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
            else:
                conn = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            if not self.read_only:
                _set_wal(conn)
                conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.DatabaseError as error:
            if "not a database" in str(error):
                raise LedgerError(f"{str(self.path)!r} is not a SQLite database, so not a jjjtrack ledger") from None
            raise LedgerError(f"cannot open ledger {str(self.path)!r}: {error}") from None
        return conn

    def _frozen(self) -> bool:
        """Nobody may write the file and no WAL holds changes not in it: SQLite may then read
        it as immutable, and leaves no -wal and -shm files behind (a read-only reader cannot
        delete them)."""
        wal = self.path.with_name(self.path.name + "-wal")
        return not _has_write_bits(self.path) and (not wal.exists() or wal.stat().st_size == 0)

    @property
    def db(self):
        """The connection as a sqlite_utils Database, made on first use: importing
        sqlite_utils (and numpy, when installed) costs more than a whole query, so a ledger
        already at the current schema answers through plain sqlite3."""
        if self._db is None:
            self._db = self._wrap(self.conn)
        return self._db

    @staticmethod
    def _wrap(conn):
        import sqlite_utils

        return sqlite_utils.Database(conn)

    def _prepare_schema(self) -> None:
        try:
            version = migrations.schema_version(self.conn)
            tables = self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        except sqlite3.DatabaseError as error:
            if "not a database" in str(error):
                raise LedgerError(f"{str(self.path)!r} is not a SQLite database, so not a jjjtrack ledger") from None
            raise LedgerError(f"{str(self.path)!r} is not a usable SQLite database: {error}") from None
        if tables and not migrations.is_jjjtrack_ledger(self.conn):
            raise LedgerError(f"{str(self.path)!r} is a SQLite database but not a jjjtrack ledger")
        if version > migrations.SCHEMA_VERSION:
            raise LedgerError(
                f"ledger {str(self.path)!r} has schema version {version}, newer than this "
                f"jjjtrack understands ({migrations.SCHEMA_VERSION}): upgrade jjjtrack"
            )
        if version < migrations.SCHEMA_VERSION:
            if self.read_only:
                raise LedgerError(f"ledger {str(self.path)!r} is read-only and needs a schema upgrade")
            with self._immediate_transaction():
                migrations.migrate(self.db)

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self):
        """One write: all of it lands, or none of it does. The search index takes the
        commitments it adds in one statement at the end (migrations.m008). Inside
        batched_writes() it is a savepoint in the batch's transaction."""
        if self.read_only:
            raise LedgerError(f"ledger {str(self.path)!r} is read-only")
        self._groups = {}
        if self._batch is not None:
            with self._batch_savepoint():
                yield
            return
        with self._immediate_transaction():
            indexed_upto = self._defer_indexing()
            yield
            self._index_deferred(indexed_upto)

    @contextmanager
    def _immediate_transaction(self):
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._roll_back()
            raise
        else:
            self.conn.execute("COMMIT")

    def _roll_back(self) -> None:
        if self.conn.in_transaction:  # an I/O error may have rolled it back already
            self.conn.execute("ROLLBACK")

    @contextmanager
    def batched_writes(self, most: int = 128, seconds: float = 1.0):
        """Let the writes made inside share transactions: a batch ingest writes twice as fast.

        Each write stays all-or-nothing (a savepoint), and what is written is committed after
        `most` writes or `seconds`, when commit_batch() is called (before waiting for more
        work, so an idle batch holds no lock), and on leaving, even by an exception. The
        gain is the search index, filled once per transaction (migrations.m008)."""
        if self._batch is not None:  # already batched: the outer batch commits
            yield
            return
        self._batch = _WriteBatch(most, seconds)
        try:
            yield
        except BaseException:
            with suppress(sqlite3.Error):
                self.commit_batch()  # the writes finished before the error
            self._roll_back()  # a batch interrupted while it began
            raise
        else:
            self.commit_batch()
        finally:
            self._batch = None

    def commit_batch(self) -> None:
        """Commit the writes of the open batch so far; nothing when there are none. Interrupted
        half-way (Ctrl-C lands between two statements), it rolls the batch back: it is lost whole,
        never half-indexed."""
        batch = self._batch
        if batch is None or batch.began is None:
            return
        try:
            if self.conn.in_transaction:
                self._index_deferred(batch.indexed_upto)
                self.conn.execute("COMMIT")
        except BaseException:
            self._roll_back()
            raise
        finally:
            batch.began, batch.writes = None, 0

    @contextmanager
    def _batch_savepoint(self):
        import time

        batch = self._batch
        if batch.began is None:
            self.conn.execute("BEGIN IMMEDIATE")
            batch.indexed_upto = self._defer_indexing()
            batch.began = time.monotonic()  # last: a batch is begun once it knows its mark
        self.conn.execute("SAVEPOINT write")
        try:
            yield
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK TO write")
                self.conn.execute("RELEASE write")
            raise
        self.conn.execute("RELEASE write")
        batch.writes += 1
        if batch.writes >= batch.most or time.monotonic() - batch.began >= batch.seconds:
            self.commit_batch()

    def _defer_indexing(self) -> int:
        """At the start of a write transaction: the search index leaves the commitments added
        from now on to _index_deferred, which takes them in one statement before the commit
        (migrations.m008). Returns the highest id it holds."""
        upto = self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM commitments").fetchone()[0]
        self.conn.execute("INSERT INTO jjjtrack_meta (key, value) VALUES (?, ?)", [migrations.UNINDEXED_AFTER, upto])
        return upto

    def _index_deferred(self, upto: int) -> None:
        self.conn.execute(migrations.INDEX_ROWS_AFTER_SQL, [upto])
        self.conn.execute("DELETE FROM jjjtrack_meta WHERE key = ?", [migrations.UNINDEXED_AFTER])

    # -- export, import, check ---------------------------------------------------------

    def export_records(self):
        """Yield the whole ledger as plain dicts, in an order that depends only on the data.

        Ids differ between ledgers, so records carry stable keys instead: a document is its
        sha256; a commitment its document's sha256 with start, end and value; an update its
        commitment's key with every field it holds. Export, import into a new ledger and
        export again therefore give the same records. One read transaction: a consistent
        snapshot while other processes write.
        """
        self.conn.execute("BEGIN")
        try:
            yield {"type": EXPORT_TYPE, "format": EXPORT_FORMAT}
            documents = self.conn.execute(
                f"SELECT id, {', '.join(EXPORT_DOCUMENT_FIELDS)} FROM documents ORDER BY sha256"
            )
            for document_id, *fields in documents:
                doc = dict(zip(EXPORT_DOCUMENT_FIELDS, fields))
                yield {"type": "document", **doc}
                yield from self._export_commitments(document_id, doc["sha256"])
        finally:
            self.conn.execute("COMMIT")

    def _export_commitments(self, document_id: int, sha256: str):
        commitments = self._rows(
            f"SELECT id, start, end, value, {', '.join(EXPORT_COMMITMENT_FIELDS)} FROM commitments "
            "WHERE document_id = ? ORDER BY start, end, value",
            [document_id],
        )
        for row in commitments:
            key = {"doc": sha256, "start": row["start"], "end": row["end"], "value": row["value"]}
            yield {"type": "commitment", **key, **{name: row[name] for name in EXPORT_COMMITMENT_FIELDS}}
            updates = self.conn.execute(
                f"SELECT {', '.join(EXPORT_UPDATE_FIELDS)} FROM updates WHERE commitment_id = ? "
                f"ORDER BY {', '.join(EXPORT_UPDATE_FIELDS)}",
                [row["id"]],
            ).fetchall()
            for update in updates:
                yield {"type": "update", **key, **dict(zip(EXPORT_UPDATE_FIELDS, update))}

    def import_lines(self, lines, source: str) -> dict:
        """Read an export (JSON Lines) into this ledger in one transaction; return counts.

        Rows the ledger already holds (same stable key) are skipped, so importing a file
        twice, or into the ledger it came from, changes nothing. Any bad line rolls the whole
        import back and raises a LedgerError naming the line.
        """
        import json

        counts = {name: {"added": 0, "present": 0} for name in ("documents", "commitments", "updates")}
        state = _ImportState()
        with self.transaction():
            state.last_update_id = self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM updates").fetchone()[0]
            for number, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                    if not isinstance(record, dict):
                        raise ValueError("not a JSON object")
                    self._import_record(record, state, counts)
                except LedgerError as error:
                    raise LedgerError(f"{source} line {number}: {error}") from None
                except (ValueError, KeyError, TypeError, sqlite3.IntegrityError) as error:
                    reason = f"missing field {error}" if isinstance(error, KeyError) else str(error)
                    raise LedgerError(f"{source} line {number}: not a valid jjjtrack export record ({reason})") from None
            if not state.seen_header:
                raise LedgerError(f"{source}: empty, not a jjjtrack export")
            for commitment_id in state.touched:
                self._refresh_after_import(commitment_id)
            added = [(ident,) for ident, is_new in state.commitments.values() if is_new]
            self.conn.executemany(migrations.set_status_since_sql("id = ?"), added)
            for document_id in state.linked_documents:
                self._link_same_sentences(document_id)
        return counts

    def _import_record(self, record: dict, state, counts: dict) -> None:
        kind = record.get("type")
        if not state.seen_header:
            if kind != EXPORT_TYPE:
                raise LedgerError("not a jjjtrack export (the first line must be its header)")
            if record.get("format") != EXPORT_FORMAT:
                raise LedgerError(f"export format {record.get('format')!r} is not one this jjjtrack reads ({EXPORT_FORMAT})")
            state.seen_header = True
            return
        if kind == "document":
            self._import_document(record, state, counts["documents"])
        elif kind == "commitment":
            self._import_commitment(record, state, counts["commitments"])
        elif kind == "update":
            self._import_update(record, state, counts["updates"])
        else:
            raise LedgerError(f"unknown record type {kind!r}")

    def _import_document(self, record: dict, state, counts: dict) -> None:
        sha = _text(record, "sha256")
        row = self.conn.execute("SELECT id FROM documents WHERE sha256 = ?", [sha]).fetchone()
        if row:
            counts["present"] += 1
            state.documents[sha] = row[0]
            return
        for name in ("name", "date_source", "script", "ingested_at", "text"):
            _text(record, name)
        cursor = self.conn.execute(
            f"INSERT INTO documents ({', '.join(EXPORT_DOCUMENT_FIELDS)}) "
            f"VALUES ({', '.join('?' for _ in EXPORT_DOCUMENT_FIELDS)})",
            [record.get(name) for name in EXPORT_DOCUMENT_FIELDS],
        )
        counts["added"] += 1
        state.documents[sha] = cursor.lastrowid

    def _document_id(self, sha: str, state) -> int:
        if sha not in state.documents:
            row = self.conn.execute("SELECT id FROM documents WHERE sha256 = ?", [sha]).fetchone()
            if not row:
                raise LedgerError(f"refers to document {sha[:12]}..., which is neither in the file before it nor in the ledger")
            state.documents[sha] = row[0]
        return state.documents[sha]

    def _commitment_key(self, record: dict, state) -> tuple:
        start, end = _integer(record, "start"), _integer(record, "end")
        value = record.get("value")
        if value is not None and not isinstance(value, (int, float)):
            raise LedgerError(f"value {value!r} is not a number")
        return self._document_id(_text(record, "doc"), state), start, end, value

    def _find_commitment(self, key: tuple) -> int | None:
        row = self.conn.execute(
            "SELECT id FROM commitments WHERE document_id = ? AND start = ? AND end = ? AND value IS ?", list(key)
        ).fetchone()
        return row[0] if row else None

    def _import_commitment(self, record: dict, state, counts: dict) -> None:
        key = self._commitment_key(record, state)
        found = self._find_commitment(key)
        if found:
            counts["present"] += 1
            state.commitments[key] = (found, False)
            return
        for name in ("span", "sentence", "kind", "status"):
            _text(record, name)
        document_id, start, end, _ = key
        if state.text_of[0] != document_id:  # read once per document, not once per commitment
            state.text_of = (document_id, self.conn.execute(
                "SELECT text FROM documents WHERE id = ?", [document_id]).fetchone()[0])
        text = state.text_of[1]
        if not 0 <= start <= end <= len(text) or text[start:end] != record["span"]:
            raise LedgerError(f"characters {start}-{end} of its document do not hold its span {record['span']!r}")
        cursor = self.conn.execute(
            f"INSERT INTO commitments (document_id, start, end, value, {', '.join(EXPORT_COMMITMENT_FIELDS)}) "
            f"VALUES (?, ?, ?, ?, {', '.join('?' for _ in EXPORT_COMMITMENT_FIELDS)})",
            [*key, *(record.get(name) for name in EXPORT_COMMITMENT_FIELDS)],
        )
        state.linked_documents.add(document_id)
        counts["added"] += 1
        state.commitments[key] = (cursor.lastrowid, True)

    def _import_update(self, record: dict, state, counts: dict) -> None:
        key = self._commitment_key(record, state)
        if key not in state.commitments:
            found = self._find_commitment(key)
            if not found:
                raise LedgerError("an update for a commitment neither in the file before it nor in the ledger")
            state.commitments[key] = (found, False)
        commitment_id, is_new = state.commitments[key]
        _text(record, "as_of")
        _text(record, "recorded_at")
        values = [record.get(name) for name in EXPORT_UPDATE_FIELDS]
        # Compare with the rows the ledger held before this import only: the file itself is
        # copied faithfully, so export -> import -> export is exact. The states an ingest
        # records are the same fact in every ledger that read the document, whenever, from
        # whatever file name and (for an undated one) on whatever day: compare what they say.
        fields = _update_key_fields(record)
        same = " AND ".join(f"{name} IS ?" for name in fields)
        params = [record.get(name) for name in fields]
        if not is_new and self.conn.execute(
            f"SELECT 1 FROM updates WHERE commitment_id = ? AND id <= ? AND {same} LIMIT 1",
            [commitment_id, state.last_update_id, *params],
        ).fetchone():
            counts["present"] += 1
            return
        self.conn.execute(
            f"INSERT INTO updates (commitment_id, {', '.join(EXPORT_UPDATE_FIELDS)}) "
            f"VALUES (?, {', '.join('?' for _ in EXPORT_UPDATE_FIELDS)})",
            [commitment_id, *values],
        )
        counts["added"] += 1
        if not is_new:
            state.touched.add(commitment_id)

    def _refresh_after_import(self, commitment_id: int) -> None:
        """A commitment the ledger held before gained updates: derive its status and deadline again."""
        self._refresh_status(commitment_id)
        row = self.conn.execute(
            "SELECT deadline FROM updates WHERE commitment_id = ? AND deadline IS NOT NULL "
            "ORDER BY recorded_at DESC, id DESC LIMIT 1",
            [commitment_id],
        ).fetchone()
        if row:
            self.conn.execute("UPDATE commitments SET deadline = ? WHERE id = ?", [row[0], commitment_id])

    def check(self) -> list[str]:
        """Everything wrong with the ledger, as sentences; an empty list when it is sound."""
        problems: list[str] = []
        self.conn.execute("BEGIN")
        try:
            try:
                rows = [row[0] for row in self.conn.execute("PRAGMA integrity_check(20)")]
            except sqlite3.DatabaseError as error:
                rows = [str(error)]
            if rows != ["ok"]:
                # a damaged file: what SQLite found is the news, the other checks cannot be trusted
                found = [line for row in rows for line in row.splitlines() if not line.startswith("***")]
                return [f"the ledger file is damaged: {line}" for line in found] + [
                    f"restore {str(self.path)!r} from a backup or an export; `sqlite3 FILE .recover` may save what is left"
                ]
            for table, rowid, parent, _ in self.conn.execute("PRAGMA foreign_key_check"):
                problems.append(f"{table} row {rowid} refers to a missing {parent} row")
            version = migrations.schema_version(self.db)
            if version != migrations.SCHEMA_VERSION:
                problems.append(f"schema version {version}, expected {migrations.SCHEMA_VERSION}")
            problems += self._check_offsets()
            problems += self._check_stored_status()
            problems += [
                f"document {name}: {count} copies of the same bytes (sha256 {sha[:12]}...)"
                for name, sha, count in self.conn.execute(
                    "SELECT MIN(name), sha256, COUNT(*) FROM documents GROUP BY sha256 HAVING COUNT(*) > 1"
                )
            ]
        finally:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")  # it only read
        problems += self._check_search_index()
        return problems

    def _check_stored_status(self) -> list[str]:
        latest = migrations.LATEST_STATUS_UPDATE_SQL.format(columns="u.id", commitment="c.id")
        problems = []
        for ident, stored, since, derived, derived_since in self.conn.execute(
            "SELECT c.id, c.status, c.status_since, COALESCE(u.status, 'pending'), u.as_of FROM commitments c "
            f"LEFT JOIN updates u ON u.id = ({latest}) "
            "WHERE c.status IS NOT COALESCE(u.status, 'pending') OR c.status_since IS NOT u.as_of ORDER BY c.id"
        ):
            if stored != derived:
                problems.append(f"commitment {ident}: stored status {stored!r} but its updates say {derived!r}")
            if since != derived_since:
                problems.append(f"commitment {ident}: status set on {since} but its updates say {derived_since}")
        return problems

    def _check_offsets(self) -> list[str]:
        # One document's text at a time, read once: substr() in SQL would read the whole
        # text again for every commitment (minutes for a 50 MB document).
        problems = []
        for document_id, name in self.conn.execute("SELECT id, name FROM documents ORDER BY id").fetchall():
            (text,) = self.conn.execute("SELECT text FROM documents WHERE id = ?", [document_id]).fetchone()
            problems += [
                f"commitment {ident}: characters {start}-{end} of {name} do not hold its span {span!r}"
                for ident, start, end, span in self.conn.execute(
                    "SELECT id, start, end, span FROM commitments WHERE document_id = ? ORDER BY id", [document_id]
                )
                if not 0 <= start <= end <= len(text) or text[start:end] != span
            ]
        return problems

    def _check_search_index(self) -> list[str]:
        problems = []
        if not self.read_only:  # the check is written as an INSERT, which a read-only file refuses
            try:
                with self.transaction():
                    self.conn.execute("INSERT INTO commitments_fts(commitments_fts, rank) VALUES ('integrity-check', 1)")
            except sqlite3.DatabaseError as error:
                problems.append(f"the search index is damaged ({error})")
        # Before SQLite 3.44 that check ignores the content table: compare the rows the index
        # holds with the commitments (fts5vocab lists them; its table lives in memory).
        self.conn.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.commitments_fts_rows USING fts5vocab(main, commitments_fts, instance)"
        )
        indexed = {row[0] for row in self.conn.execute("SELECT DISTINCT doc FROM temp.commitments_fts_rows")}
        stored = {row[0] for row in self.conn.execute(
            "SELECT id FROM commitments_search WHERE max(length(span), length(subject), length(sentence)) >= 3"
        )}
        every = {row[0] for row in self.conn.execute("SELECT id FROM commitments")}
        if indexed - every:
            problems.append(f"the search index holds {len(indexed - every)} commitments the ledger does not")
        if stored - indexed:
            problems.append(f"the search index misses {len(stored - indexed)} commitments")
        mislinked = self.conn.execute(
            f"SELECT COUNT(*) FROM (SELECT same_sentence_as, {migrations.SAME_SENTENCE_SQL} AS first "
            "FROM commitments) WHERE same_sentence_as IS NOT first"
        ).fetchone()[0]
        if mislinked:
            problems.append(f"{mislinked} commitments name the wrong first commitment of their sentence (same_sentence_as)")
        return problems

    # -- documents ---------------------------------------------------------------------

    def document_by_sha(self, sha256: str) -> dict | None:
        rows = self._rows(
            "SELECT id, name, doc_date, date_source, extractor_version FROM documents WHERE sha256 = ?",
            [sha256],
        )
        return rows[0] if rows else None

    def extracted_shas(self, extractor_version: str) -> frozenset[str]:
        """The sha256 of every document this extractor version has already read: a batch
        ingest hands them to its workers, which then skip extracting those bytes again."""
        rows = self.conn.execute("SELECT sha256 FROM documents WHERE extractor_version = ?", [extractor_version])
        return frozenset(row[0] for row in rows)

    def add_document(
        self, document: Document, statements: list[Statement], extractor_version: str, today: str
    ) -> IngestResult:
        """Store a document and its statements in one transaction.

        The same bytes with the same extractor change nothing. With a newer extractor the
        statements are matched to the stored commitments (same value, overlapping span), so
        user updates stay attached; commitments no longer found are retracted, not deleted.
        """
        known = self.document_by_sha(document.sha256)
        if known and known["extractor_version"] == extractor_version:
            return self._ingest_result(known["id"], "unchanged")
        with self.transaction():
            if known:
                document_id = known["id"]
                self.conn.execute(
                    "UPDATE documents SET extractor_version = ? WHERE id = ?", [extractor_version, document_id]
                )
                self._reconcile(document_id, document, statements, today)
                action = "re-extracted"
            else:
                document_id = self._insert_document(document, extractor_version)
                self._insert_commitments(document_id, document, statements, today)
                action = "new"
        return self._ingest_result(document_id, action)

    def _insert_document(self, document: Document, extractor_version: str) -> int:
        big = len(document.text) > BIG_TEXT_CHARS
        cursor = self.conn.execute(
            "INSERT INTO documents (name, path, sha256, doc_date, date_source, script, encoding, "
            "extractor_version, ingested_at, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
            f"{'CAST(zeroblob(?) AS TEXT)' if big else '?'})",
            [
                document.name, document.path, document.sha256, document.date, document.date_source.value,
                document.script, document.encoding, extractor_version, _now(),
                _utf8_size(document.text) if big else document.text,
            ],
        )
        if big:
            self._write_text(cursor.lastrowid, document.text)
        return cursor.lastrowid

    def _write_text(self, document_id: int, text: str) -> None:
        """Fill a document's text a megabyte at a time through SQLite's incremental I/O.

        Bound as one value, a 50 MB text costs three copies at once (its UTF-8 form, which
        Python then keeps with the string, SQLite's copy of the parameter, which the cached
        statement keeps, and the record): 150 MB of a 300 MB budget."""
        with self.conn.blobopen("documents", "text", document_id) as blob:
            for start in range(0, len(text), BIG_TEXT_CHARS):
                blob.write(text[start:start + BIG_TEXT_CHARS].encode("utf-8"))

    def _insert_commitments(self, document_id: int, document: Document, statements, today: str) -> None:
        if not statements:
            return
        first_as_of = _first_as_of(document.date, today)
        recorded_at = _now()
        # Two executemany calls instead of two execute calls a statement. The ids are the ones
        # SQLite would pick (MAX(id) + 1, row after row): the caller holds the write lock.
        first = self.conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM commitments").fetchone()[0]
        commitments, updates, first_with = [], [], {}
        for ident, statement in enumerate(statements, first):
            status = _initial_status(statement.kind)
            # the first of this batch with the sentence; _reconcile links older rows afterwards
            same_sentence_as = first_with.setdefault(statement.sentence, ident)
            commitments.append([ident, document_id, *_statement_fields(statement), status, first_as_of,
                                None if same_sentence_as == ident else same_sentence_as])
            updates.append([ident, first_as_of, status, f"extracted as {statement.kind.value}", document.name, recorded_at])
        self.conn.executemany(
            "INSERT INTO commitments (id, document_id, start, end, span, sentence, value, unit, subject, "
            "kind, deadline, comparator, category, region, status, status_since, retracted, same_sentence_as) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)",
            commitments,
        )
        self.conn.executemany(
            "INSERT INTO updates (commitment_id, as_of, status, note, source, recorded_at) VALUES (?, ?, ?, ?, ?, ?)",
            updates,
        )

    def _reconcile(self, document_id: int, document: Document, statements, today: str) -> None:
        stored = self._rows(
            "SELECT id, start, end, value, kind FROM commitments WHERE document_id = ?", [document_id]
        )
        pairs, unmatched = _match_statements(stored, statements)
        for row, statement in pairs:
            self.conn.execute(
                "UPDATE commitments SET start = ?, end = ?, span = ?, sentence = ?, value = ?, unit = ?, "
                "subject = ?, kind = ?, deadline = ?, comparator = ?, category = ?, region = ?, retracted = 0 "
                "WHERE id = ?",
                [*_statement_fields(statement), row["id"]],
            )
            if row["kind"] != statement.kind.value:
                self._record_kind_change(row["id"], statement.kind, document, today)
        matched_ids = {row["id"] for row, _ in pairs}
        for row in stored:
            if row["id"] not in matched_ids:
                self.conn.execute("UPDATE commitments SET retracted = 1 WHERE id = ?", [row["id"]])
        self._insert_commitments(document_id, document, unmatched, today)
        self._link_same_sentences(document_id)  # old rows may have new sentences

    def _link_same_sentences(self, document_id: int) -> None:
        """Each sentence of the document searched from its first commitment (migrations.m007)."""
        self.conn.execute(migrations.link_same_sentences_sql("document_id = ?"), [document_id])

    def _record_kind_change(self, commitment_id: int, kind: Kind, document: Document, today: str) -> None:
        status = _initial_status(kind)
        self._insert_update(
            commitment_id, _first_as_of(document.date, today), status, None, None,
            f"re-extracted as {kind.value}", document.name, _now(),
        )
        self._refresh_status(commitment_id)

    def _ingest_result(self, document_id: int, action: str) -> IngestResult:
        row = self._rows(
            "SELECT d.id, d.name, d.doc_date, d.date_source, "
            "SUM(c.kind = 'target') AS targets, SUM(c.kind = 'reported') AS reported "
            "FROM documents d LEFT JOIN commitments c ON c.document_id = d.id AND c.retracted = 0 "
            "WHERE d.id = ? GROUP BY d.id",
            [document_id],
        )[0]
        return IngestResult(
            document_id=row["id"], name=row["name"], doc_date=row["doc_date"],
            date_source=row["date_source"], action=action,
            targets=row["targets"] or 0, reported=row["reported"] or 0,
        )

    # -- commitments and updates -------------------------------------------------------

    def get(self, commitment_id: int, as_of: str) -> dict:
        rows = self._listing(Filter(as_of=as_of), extra="id = :id", params={"id": commitment_id}, all_rows=True)
        if not rows:
            raise NotFound(f"no commitment with id {commitment_id}")
        return rows[0]

    def history(self, commitment_id: int) -> list[dict]:
        return self._rows(
            "SELECT id, as_of, status, progress, deadline, note, source, recorded_at FROM updates "
            "WHERE commitment_id = ? ORDER BY as_of, id",
            [commitment_id],
        )

    def add_update(
        self, commitment_id: int, *, as_of: str, status: str | None = None, progress: float | None = None,
        note: str | None = None, source: str | None = None, deadline: str | None = None,
    ) -> UpdateResult:
        """Append one update; a target's progress at or past its value marks it done."""
        with self.transaction():
            rows = self._rows(
                "SELECT id, kind, value, comparator, status, deadline FROM commitments WHERE id = ?",
                [commitment_id],
            )
            if not rows:
                raise NotFound(f"no commitment with id {commitment_id}")
            row = rows[0]
            by_progress = status is None and _progress_completes(row, progress)
            if by_progress:
                status = Status.DONE.value
            if deadline is not None and deadline != row["deadline"]:
                note = _join_notes(note, f"deadline {row['deadline'] or 'none'} -> {deadline}")
                self.conn.execute("UPDATE commitments SET deadline = ? WHERE id = ?", [deadline, commitment_id])
            self._insert_update(commitment_id, as_of, status, progress, deadline, note, source, _now())
            new_status = self._refresh_status(commitment_id)
        return UpdateResult(commitment_id, new_status, row["status"], by_progress)

    def _insert_update(self, commitment_id, as_of, status, progress, deadline, note, source, recorded_at):
        self.conn.execute(
            "INSERT INTO updates (commitment_id, as_of, status, progress, deadline, note, source, recorded_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [commitment_id, as_of, status, progress, deadline, note, source, recorded_at],
        )

    def _refresh_status(self, commitment_id: int) -> str:
        """The stored status is the latest status-bearing update, by as-of date; status_since its date."""
        latest = migrations.LATEST_STATUS_UPDATE_SQL.format(columns="u.status, u.as_of", commitment="?")
        row = self.conn.execute(latest, [commitment_id]).fetchone()
        status, since = row or (Status.PENDING.value, None)
        self.conn.execute("UPDATE commitments SET status = ?, status_since = ? WHERE id = ?", [status, since, commitment_id])
        return status

    # -- queries -----------------------------------------------------------------------

    def query(self, flt: Filter, today: str, as_json: bool = False) -> list[dict] | JsonRows:
        """Commitments matching a Filter, as listing dicts (LISTING_COLUMNS) or JsonRows."""
        explicit = flt.as_of is not None
        return self._listing(_with_as_of(flt, today), explicit_as_of=explicit, as_json=as_json)

    def counts(self, as_of: str, explicit_as_of: bool, group_by: str | None = None) -> list[dict]:
        """Counts of done / pending / overdue / dropped, optionally per kind or category."""
        if group_by not in (None, "kind", "category"):
            raise ValueError(group_by)
        return _fold_counts(self._state_groups(as_of, explicit_as_of), group_by)

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
        """Per deadline year: counts of done / pending / overdue / dropped, oldest year first."""
        rows = _fold_counts(self._state_groups(as_of, explicit_as_of), "year")
        return sorted((row for row in rows if row["grp"] is not None), key=lambda row: row["grp"])

    def _state_groups(self, as_of: str, explicit_as_of: bool) -> list[tuple]:
        """(kind, category, deadline year, state, count) over every commitment as of a date.

        One pass over the covering index idx_commitments_report that counts(), for every
        grouping, and deadlines_by_year() fold in Python (a few hundred rows at most); kept
        until the next write. Documents are not joined: only their dates matter, and only
        with an explicit as-of date."""
        key = (as_of, explicit_as_of)
        if key not in self._groups:
            conditions = ["c.retracted IS 0"]  # IS: the form idx_commitments_report is partial on
            if explicit_as_of:  # documents dated after the as-of date are left out
                conditions.append("c.document_id NOT IN (SELECT id FROM documents WHERE doc_date > :as_of)")
            inner = (
                f"SELECT c.kind, c.category, c.deadline, {self._stored_sql(as_of)} AS stored "
                f"FROM commitments c WHERE {' AND '.join(conditions)}"
            )
            # Grouped by the index's own columns, so SQLite counts as it walks the index, with no
            # sort; the year and the state depend only on them and are read off each group.
            sql = (
                f"SELECT kind, category, substr(deadline, 1, 4) AS year, {STATE_SQL} AS state, COUNT(*) "
                f"FROM ({inner}) GROUP BY kind, category, deadline, stored"
            )
            self._groups[key] = self.conn.execute(sql, {"as_of": as_of}).fetchall()
        return self._groups[key]

    def _stored_sql(self, as_of: str) -> str:
        """The stored status as of a date: the column, unless some update is dated later."""
        return STORED_AS_OF_SQL if self._needs_history(as_of) else "c.status"

    def histories(self, commitment_ids) -> dict[int, list[dict]]:
        """history() for many commitments in one query: id -> updates, oldest first."""
        ids = sorted({int(i) for i in commitment_ids})
        found: dict[int, list[dict]] = {i: [] for i in ids}
        for start in range(0, len(ids), 500):  # stay under SQLite's bound-parameter limit
            chunk = ids[start:start + 500]
            marks = ", ".join("?" * len(chunk))
            for row in self._rows(
                "SELECT commitment_id, id, as_of, status, progress, deadline, note, source, recorded_at "
                f"FROM updates WHERE commitment_id IN ({marks}) ORDER BY commitment_id, as_of, id",
                chunk,
            ):
                found[row.pop("commitment_id")].append(row)
        return found

    def _states_sql(self, as_of: str, explicit_as_of: bool, include_retracted: bool = False):
        """A SELECT yielding every commitment with its state as of a date."""
        stored = self._stored_sql(as_of)
        conditions = [] if include_retracted else ["c.retracted = 0"]
        if explicit_as_of:
            conditions.append("(d.doc_date IS NULL OR d.doc_date <= :as_of)")
        where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
        inner = (
            f"SELECT c.id, c.start, c.end, c.span AS text, c.sentence, c.value, c.unit, c.subject, c.kind, "
            f"c.deadline, c.comparator, c.category, c.region, c.document_id, d.name AS doc, "
            f"d.doc_date, {stored} AS stored "
            f"FROM commitments c JOIN documents d ON d.id = c.document_id {where}"
        )
        return f"SELECT *, {STATE_SQL} AS state FROM ({inner})", {"as_of": as_of}

    def _needs_history(self, as_of: str) -> bool:
        """The stored status holds unless some update is dated after the as-of date."""
        row = self.conn.execute("SELECT 1 FROM updates WHERE as_of > ? LIMIT 1", [as_of]).fetchone()
        return row is not None

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
        sql = f"SELECT {selected} FROM ({source}) {where} ORDER BY {order}, id{' DESC' if flt.descending else ''} {limit}"
        values = {**base, **values, **(params or {})}
        if as_json:
            return JsonRows(text for (text,) in self.conn.execute(sql, values))
        return self._rows(sql, values)

    def _rows(self, sql: str, params=()) -> list[dict]:
        cursor = self.conn.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]


# -- helpers without state -------------------------------------------------------------


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
    elif flt.status:
        conditions.append("state = :status")
        values["status"] = flt.status
    if flt.kind:
        conditions.append("kind = :kind")
        values["kind"] = flt.kind
    if flt.category:
        conditions.append("category = :category")
        values["category"] = flt.category
    if flt.doc:
        conditions.append(
            "document_id IN (SELECT id FROM documents WHERE name = :doc OR name LIKE :doc_like ESCAPE '\\' "
            "OR CAST(id AS TEXT) = :doc)"
        )
        values.update(doc=flt.doc, doc_like=f"%{_escape_like(flt.doc)}%")
    if flt.due_before:
        conditions.append("deadline IS NOT NULL AND deadline < :due_before")
        values["due_before"] = flt.due_before
    if flt.search:
        conditions.append(_search_condition(flt.search, values))
    return conditions, values


def _search_condition(text: str, values: dict) -> str:
    if "\x00" in text:
        # NUL ends an FTS5 query string and a LIKE pattern alike, so neither can look for it;
        # documents holding NUL are refused as binary, so nothing holds it.
        return "0 = 1"
    # The trigram index needs three characters; shorter queries fall back to LIKE.
    if len(text) >= 3:
        phrase = '"' + text.replace('"', '""') + '"'
        values["fts"], values["fts_sentence"] = phrase, "sentence : " + phrase
        # A sentence is indexed once, on the first of its commitments; the others name that one.
        # One IN over both sets: SQLite builds the set, then walks the listing's order to its
        # limit (as an OR of two INs it fetched and sorted every match: 13 against 50 ms at 200k).
        return (
            "id IN (SELECT rowid FROM commitments_fts WHERE commitments_fts MATCH :fts UNION ALL "
            "SELECT id FROM commitments WHERE same_sentence_as IN "
            "(SELECT rowid FROM commitments_fts WHERE commitments_fts MATCH :fts_sentence))"
        )
    values["like"] = f"%{_escape_like(text)}%"
    return "(text LIKE :like ESCAPE '\\' OR subject LIKE :like ESCAPE '\\' OR sentence LIKE :like ESCAPE '\\')"


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@dataclass
class _ImportState:
    """What an import has met so far: ids by stable key, and commitments that gained updates."""

    seen_header: bool = False
    last_update_id: int = 0
    documents: dict = field(default_factory=dict)
    commitments: dict = field(default_factory=dict)
    touched: set = field(default_factory=set)
    linked_documents: set = field(default_factory=set)  # documents that gained commitments
    text_of: tuple = (None, "")  # (document id, its text) for the commitments being read


def _text(record: dict, name: str) -> str:
    value = record[name]
    if not isinstance(value, str):
        raise LedgerError(f"{name} {value!r} is not text")
    return value


def _integer(record: dict, name: str) -> int:
    value = record[name]
    if not isinstance(value, int) or isinstance(value, bool):
        raise LedgerError(f"{name} {value!r} is not a whole number")
    return value


def _update_key_fields(record: dict) -> list[str]:
    """The fields that make two updates of one commitment the same update."""
    note = str(record.get("note") or "")
    if note.startswith(FIRST_STATE_NOTE):
        return ["status", "note"]
    if note.startswith(EXTRACTION_NOTES):
        return ["as_of", "status", "note"]
    return list(EXPORT_UPDATE_FIELDS)


def _fold_counts(groups: list[tuple], by: str | None) -> list[dict]:
    """_state_groups rows -> per-group counts of each bucket, biggest group first (as SQL's
    ORDER BY total DESC, grp would: None first among equals); in_progress counts as pending."""
    column = {"kind": 0, "category": 1, "year": 2}.get(by)
    folded: dict = {}
    for row in groups:
        grp = "all" if column is None else row[column]
        counts = folded.get(grp)
        if counts is None:
            counts = folded[grp] = {"grp": grp, **dict.fromkeys(BUCKETS, 0), "total": 0}
        state, count = row[3], row[4]
        bucket = "pending" if state == "in_progress" else state
        if bucket in BUCKETS:
            counts[bucket] += count
        counts["total"] += count
    return sorted(folded.values(), key=lambda c: (-c["total"], c["grp"] is not None, c["grp"] or ""))


def _utf8_size(text: str) -> int:
    return sum(len(text[start:start + BIG_TEXT_CHARS].encode("utf-8")) for start in range(0, len(text), BIG_TEXT_CHARS))


def _statement_fields(statement: Statement) -> list:
    return [
        statement.start, statement.end, statement.text, statement.sentence, statement.value,
        statement.unit, statement.subject, statement.kind.value, statement.deadline,
        statement.comparator.value, statement.category, statement.region,
    ]


def _initial_status(kind: Kind) -> str:
    return (Status.DONE if kind == Kind.REPORTED else Status.PENDING).value


def _first_as_of(doc_date: str | None, today: str) -> str:
    """The first state holds from the document's date; a guessed future date waits for today."""
    if doc_date and doc_date <= today:
        return doc_date
    return today


def _progress_completes(row: dict, progress: float | None) -> bool:
    return (
        progress is not None
        and row["kind"] == Kind.TARGET.value
        and row["value"] is not None
        and row["comparator"] != "at_most"
        and row["status"] not in (Status.DONE.value, Status.DROPPED.value)
        and progress >= row["value"]
    )


def _join_notes(*notes: str | None) -> str:
    return "; ".join(note for note in notes if note)


def _match_statements(stored: list[dict], statements: list[Statement]):
    """Pair new statements with stored commitments: exact position first, then overlap."""
    free = {row["id"]: row for row in stored}
    pairs, rest = [], []
    by_key = {(row["start"], row["end"], row["value"]): row for row in stored}
    for statement in statements:
        row = by_key.get((statement.start, statement.end, statement.value))
        if row and row["id"] in free:
            pairs.append((free.pop(row["id"]), statement))
        else:
            rest.append(statement)
    unmatched = []
    for statement in rest:
        row = next(
            (r for r in free.values()
             if r["value"] == statement.value and r["start"] < statement.end and statement.start < r["end"]),
            None,
        )
        if row:
            pairs.append((free.pop(row["id"]), statement))
        else:
            unmatched.append(statement)
    return pairs, unmatched
