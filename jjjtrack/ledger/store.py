"""The ledger file: where it is, opening it (schema migrations, views), transactions and
write batches, and the search index that a write transaction fills at its end."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from .. import migrations
from ..errors import LedgerError
from . import sql

DEFAULT_PATH = Path("data") / "jjjtrack.db"
BUSY_TIMEOUT_MS = 60_000
MIN_SQLITE = (3, 34, 0)  # the trigram tokenizer; json_object and NULLS LAST are older


def resolve_path(option: str | None, create: bool = True) -> Path:
    """--db wins over JJJTRACK_DB, which wins over data/jjjtrack.db under the working folder.

    Only commands that write documents in (ingest, import) create a ledger: for any other,
    a missing file is a mistyped path or the wrong folder, and saying so beats answering
    from a new empty ledger."""
    chosen, path = _chosen_path(option)
    if chosen and not path.parent.is_dir():
        raise LedgerError(f"ledger folder {str(path.parent)!r} does not exist (for {str(path)!r})")
    if not create and not path.exists():
        where = "--db" if option else "JJJTRACK_DB" if chosen else "the default, under this folder"
        raise LedgerError(f"no ledger at {str(path)!r} ({where}): `jjjtrack ingest FILES` creates one")
    if chosen:
        return path
    DEFAULT_PATH.parent.mkdir(parents=True, exist_ok=True)
    return DEFAULT_PATH


def ledger_exists(option: str | None) -> bool:
    """Whether the ledger resolve_path would open is there (nothing is created to find out)."""
    return _chosen_path(option)[1].exists()


def _chosen_path(option: str | None) -> tuple[str | None, Path]:
    """(what the user chose, if anything, and the ledger path it names)."""
    chosen = option or os.environ.get("JJJTRACK_DB")
    return chosen, Path(chosen) if chosen else DEFAULT_PATH


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")


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


def _not_a_ledger(path: Path, error: sqlite3.DatabaseError) -> LedgerError:
    if "not a database" in str(error):
        return LedgerError(f"{str(path)!r} is not a SQLite database, so not a jjjtrack ledger")
    return LedgerError(f"{str(path)!r} is not a usable SQLite database: {error}")


@dataclass
class _WriteBatch:
    most: int
    seconds: float
    began: float | None = None  # time.monotonic() of the open transaction's start, or None
    writes: int = 0
    indexed_upto: int = 0  # the highest commitment id the search index held when it began


class Store:
    """The connection, the schema and transactions; the other parts of the Ledger build on it."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        if self.path.is_dir():
            raise LedgerError(f"{str(self.path)!r} is a folder, not a ledger file")
        # The header is left for SQLite to judge (see _connect): opening and closing the file
        # ourselves would drop every POSIX lock this process holds on it, so a ledger still
        # open in this process could have its WAL checkpointed and deleted under it.
        self.read_only = self.path.exists() and _marked_read_only(self.path)
        self.conn = self._connect()
        self._db = None
        self._groups: dict = {}  # cached report groups (queries), until the next write
        self._batch: _WriteBatch | None = None  # see batched_writes
        self._prepare_schema()

    # -- opening -----------------------------------------------------------------------

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
                raise _not_a_ledger(self.path, error) from None
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
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn)
        return self._db

    def _prepare_schema(self) -> None:
        try:
            version = migrations.schema_version(self.conn)
            tables = self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        except sqlite3.DatabaseError as error:
            raise _not_a_ledger(self.path, error) from None
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
                self._refresh_views()
        elif not self.read_only and self._views_stale():
            with self._immediate_transaction():
                self._refresh_views()

    def _views_stale(self) -> bool:
        row = self.conn.execute("SELECT value FROM jjjtrack_meta WHERE key = ?", [sql.VIEWS_KEY]).fetchone()
        return row is None or row[0] != sql.views_definition()

    def _refresh_views(self) -> None:
        """The browsing views are derived from today's state rule (sql.VIEWS), never migrated."""
        for name in reversed(sql.VIEWS):
            self.conn.execute(f"DROP VIEW IF EXISTS {name}")
        for name, select in sql.VIEWS.items():
            self.conn.execute(f"CREATE VIEW {name} AS {select}")
        self.conn.execute(
            "INSERT OR REPLACE INTO jjjtrack_meta (key, value) VALUES (?, ?)", [sql.VIEWS_KEY, sql.views_definition()]
        )

    def close(self) -> None:
        self.conn.close()

    # -- transactions ------------------------------------------------------------------

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

    @contextmanager
    def _reading(self):
        """One read transaction: a consistent snapshot while other processes write."""
        self.conn.execute("BEGIN")
        try:
            yield
        finally:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")  # it only read

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
        self.conn.execute("INSERT INTO jjjtrack_meta (key, value) VALUES (?, ?)", [sql.UNINDEXED_AFTER, upto])
        return upto

    def _index_deferred(self, upto: int) -> None:
        self.conn.execute(sql.INDEX_ROWS_AFTER_SQL, [upto])
        self.conn.execute("DELETE FROM jjjtrack_meta WHERE key = ?", [sql.UNINDEXED_AFTER])

    def _rows(self, query: str, params=()) -> list[dict]:
        cursor = self.conn.execute(query, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]
