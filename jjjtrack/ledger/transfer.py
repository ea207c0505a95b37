"""Export and import: the whole ledger as JSON Lines with stable keys instead of ids, and
such a file read back into a ledger in one transaction."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from ..errors import LedgerError
from . import sql
from .documents import FIRST_STATE_NOTE, KIND_CHANGE_NOTE

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
EXTRACTION_NOTES = (FIRST_STATE_NOTE, KIND_CHANGE_NOTE)


class Transfer:
    def export_records(self):
        """Yield the whole ledger as plain dicts, in an order that depends only on the data.

        Ids differ between ledgers, so records carry stable keys instead: a document is its
        sha256; a commitment its document's sha256 with start, end and value; an update its
        commitment's key with every field it holds. Export, import into a new ledger and
        export again therefore give the same records. One read transaction: a consistent
        snapshot while other processes write.
        """
        with self._reading():
            yield {"type": EXPORT_TYPE, "format": EXPORT_FORMAT}
            documents = self.conn.execute(
                f"SELECT id, {', '.join(EXPORT_DOCUMENT_FIELDS)} FROM documents ORDER BY sha256"
            )
            for document_id, *fields in documents:
                doc = dict(zip(EXPORT_DOCUMENT_FIELDS, fields))
                yield {"type": "document", **doc}
                yield from self._export_commitments(document_id, doc["sha256"])

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
            self.conn.executemany(sql.set_status_since_sql("id = ?"), added)
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
