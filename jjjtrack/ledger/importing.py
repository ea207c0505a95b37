"""Import: an export (transfer.py defines its format) read back into a ledger in one
transaction, every field checked before it is written."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from ..errors import LedgerError
from ..models import Kind, Review
from . import sql
from .check import LINK_VERDICTS, REVIEWS
from .documents import FIRST_STATE_NOTE, search_copy
from .store import now
from .validate import record_problems, text_digest
from .transfer import (
    EXPORT_COMMITMENT_FIELDS, EXPORT_DOCUMENT_FIELDS, EXPORT_LINK_FIELDS, EXPORT_TYPE, EXPORT_UPDATE_FIELDS,
    EXTRACTION_NOTES, READABLE_FORMATS,
)


class Import:
    def import_lines(self, lines, source: str) -> dict:
        """Read an export (JSON Lines) into this ledger in one transaction; return counts.

        Rows the ledger already holds (same stable key) are skipped, so importing a file
        twice, or into the ledger it came from, changes nothing. Any bad line rolls the whole
        import back and raises a LedgerError naming the line.
        """
        import json

        counts = {name: {"added": 0, "present": 0} for name in ("documents", "commitments", "updates", "links")}
        state = _ImportState()
        with self.transaction():
            state.last_update_id = self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM updates").fetchone()[0]
            state.empty_ledger = not self.conn.execute("SELECT 1 FROM documents LIMIT 1").fetchone()
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
            self.conn.executemany(sql.REFRESH_DEADLINE_SQL, added)
            for document_id in state.linked_documents:
                self._link_same_sentences(document_id)
            if state.empty_ledger and state.format >= 2:
                self._mark_linked(state.added_documents)
        return counts

    def _insert_keeping_id(self, table: str, record: dict, state, columns: list[str], values: list):
        """INSERT a row; into a ledger that was empty, with the id the file gives it, so ids
        survive export and import into a new ledger (a clash is a bad file, refused)."""
        ident = record.get("id")
        if state.empty_ledger and ident is not None:
            if not isinstance(ident, int) or isinstance(ident, bool) or ident < 1:
                raise LedgerError(f"id {ident!r} is not a whole number above 0")
            if self.conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", [ident]).fetchone():
                raise LedgerError(f"a second {table[:-1]} with id {ident}")
            columns, values = ["id", *columns], [ident, *values]
        return self.conn.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})", values
        )

    def _mark_linked(self, document_ids: list[int]) -> None:
        """Documents imported with their links are linked, as in the ledger they came from,
        unless a statement's features were never read there (an ingest --no-link). Any other
        import leaves linked_at NULL: a format 1 file holds no links, and documents added
        beside the ledger's own were never linked against them, so the next ingest or
        `jjjtrack link` links them (a rejection or confirmation in the file stands)."""
        for start in range(0, len(document_ids), 500):
            chunk = document_ids[start:start + 500]
            self.conn.execute(
                f"UPDATE documents SET linked_at = ? WHERE id IN ({', '.join('?' * len(chunk))}) AND NOT EXISTS "
                "(SELECT 1 FROM commitments c WHERE c.document_id = documents.id AND c.retracted = 0 "
                "AND c.indicator IS NULL)",
                [now(), *chunk],
            )

    def _import_record(self, record: dict, state, counts: dict) -> None:
        kind = record.get("type")
        if not state.seen_header:
            if kind != EXPORT_TYPE:
                raise LedgerError("not a jjjtrack export (the first line must be its header)")
            if record.get("format") not in READABLE_FORMATS:
                readable = ", ".join(str(number) for number in READABLE_FORMATS)
                raise LedgerError(f"export format {record.get('format')!r} is not one this jjjtrack reads ({readable})")
            state.seen_header = True
            state.format = record["format"]
            return
        if kind == "document":
            self._import_document(record, state, counts["documents"])
        elif kind == "commitment":
            self._import_commitment(record, state, counts["commitments"])
        elif kind == "update" and record.get("link") is not None:
            self._import_link_update(record, state, counts["updates"])
        elif kind == "update":
            self._import_update(record, state, counts["updates"])
        elif kind == "link":
            self._import_link(record, state, counts["links"])
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
        _refuse_problems(record, ("doc_date", "date_source", "script"))
        digest = text_digest(record["text"])
        if record.get("text_sha256", digest) != digest:  # files written before it was exported lack it
            raise LedgerError(f"document {record['name']!r}: its text is not the text that was exported (edited?)")
        values = {**record, "text_sha256": digest}
        cursor = self._insert_keeping_id("documents", record, state, list(EXPORT_DOCUMENT_FIELDS),
                                         [values.get(name) for name in EXPORT_DOCUMENT_FIELDS])
        counts["added"] += 1
        state.documents[sha] = cursor.lastrowid
        state.added_documents.append(cursor.lastrowid)

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
        _refuse_problems(record, ("kind", "status", "deadline", "stated_deadline", "comparator", "retracted"))
        document_id, start, end, _ = key
        if state.text_of[0] != document_id:  # read once per document, not once per commitment
            state.text_of = (document_id, *self.conn.execute(
                "SELECT text, script FROM documents WHERE id = ?", [document_id]).fetchone())
        _, text, script = state.text_of
        if not 0 <= start <= end <= len(text) or text[start:end] != record["span"]:
            raise LedgerError(f"characters {start}-{end} of its document do not hold its span {record['span']!r}")
        cursor = self._insert_keeping_id(
            "commitments", record, state,
            ["document_id", "start", "end", "value", *EXPORT_COMMITMENT_FIELDS, "search_sentence"],
            [*key, *(_commitment_field(record, name) for name in EXPORT_COMMITMENT_FIELDS),
             search_copy(record["sentence"], script)],
        )
        state.linked_documents.add(document_id)
        counts["added"] += 1
        state.commitments[key] = (cursor.lastrowid, True)

    def _known_commitment(self, key: tuple, state, what: str) -> tuple[int, bool]:
        """(id, added by this import) of the commitment a record names."""
        if key not in state.commitments:
            found = self._find_commitment(key)
            if not found:
                raise LedgerError(f"{what} a commitment neither in the file before it nor in the ledger")
            state.commitments[key] = (found, False)
        return state.commitments[key]

    def _import_update(self, record: dict, state, counts: dict) -> None:
        key = self._commitment_key(record, state)
        commitment_id, is_new = self._known_commitment(key, state, "an update for")
        _check_update(record)
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

    def _import_link(self, record: dict, state, counts: dict) -> None:
        target = record["target"]
        if not isinstance(target, dict):
            raise LedgerError(f"target {target!r} is not a commitment's key")
        target_id, _ = self._known_commitment(self._commitment_key(target, state), state, "a link to")
        kind = self.conn.execute("SELECT kind FROM commitments WHERE id = ?", [target_id]).fetchone()[0]
        if kind != Kind.TARGET.value:
            raise LedgerError(f"a link to a {kind} statement, not a target")
        key = (target_id, *self._link_evidence_key(record, state))
        row = self.conn.execute(
            "SELECT id, review FROM links WHERE target_id = ? AND evidence_document_id = ? AND evidence_start = ? "
            "AND evidence_end = ?", list(key),
        ).fetchone()
        if row:
            counts["present"] += 1
            state.links[key] = (row[0], False)
            self._adopt_review(row, record, target_id, state)
            return
        values = self._link_values(record, key, state)
        cursor = self._insert_keeping_id(
            "links", record, state,
            ["target_id", "evidence_document_id", "evidence_start", "evidence_end", "evidence_id", *EXPORT_LINK_FIELDS],
            values,
        )
        counts["added"] += 1
        state.links[key] = (cursor.lastrowid, True)

    def _link_evidence_key(self, record: dict, state) -> tuple:
        """(document id, start, end) of the evidence a link or its update names."""
        document_id = self._document_id(_text(record, "evidence_doc"), state)
        return document_id, _integer(record, "evidence_start"), _integer(record, "evidence_end")

    def _link_values(self, record: dict, key: tuple, state) -> list:
        """The row of a new link, every field checked first."""
        _, document_id, start, end = key
        text = self.conn.execute("SELECT text FROM documents WHERE id = ?", [document_id]).fetchone()[0]
        quote = _text(record, "evidence_text")
        if not 0 <= start < end <= len(text) or text[start:end] != quote:
            raise LedgerError(f"characters {start}-{end} of its evidence's document do not hold {quote!r}")
        _text(record, "evidence_sentence")
        _text(record, "created_at")
        if record["verdict"] not in LINK_VERDICTS:
            raise LedgerError(f"verdict {record['verdict']!r} is not one of {', '.join(LINK_VERDICTS)}")
        if record["review"] not in REVIEWS:
            raise LedgerError(f"review {record['review']!r} is not one of {', '.join(REVIEWS)}")
        for name in ("score", "value"):
            if record.get(name) is not None and not isinstance(record[name], (int, float)):
                raise LedgerError(f"{name} {record[name]!r} is not a number")
        evidence = record["evidence"]
        evidence_id = None
        if evidence is not None:
            if not isinstance(evidence, dict):
                raise LedgerError(f"evidence {evidence!r} is not a commitment's key")
            evidence_id, _ = self._known_commitment(self._commitment_key(evidence, state), state, "a link's evidence is")
        return [*key, evidence_id, *(record.get(name) for name in EXPORT_LINK_FIELDS)]

    def _adopt_review(self, row, record: dict, target_id: int, state) -> None:
        """A link the ledger holds unreviewed takes the file's review: a user's decision
        outlives re-linking in every ledger. A review the ledger holds stands."""
        link_id, review = row
        if review != Review.AUTO.value or record.get("review") not in (Review.CONFIRMED.value, Review.REJECTED.value):
            return
        self.conn.execute("UPDATE links SET review = ?, reviewed_at = ? WHERE id = ?",
                          [record["review"], record.get("reviewed_at"), link_id])
        if record["review"] == Review.REJECTED.value:
            self.conn.execute("DELETE FROM updates WHERE link_id = ?", [link_id])
            state.touched.add(target_id)

    def _import_link_update(self, record: dict, state, counts: dict) -> None:
        """An automatic update, re-attached to its link (before it in the file, or in the
        ledger). A link the ledger held already keeps the updates it has."""
        evidence = record["link"]
        if not isinstance(evidence, dict):
            raise LedgerError(f"link {evidence!r} is not a link's evidence key")
        commitment_id, is_new = self._known_commitment(self._commitment_key(record, state), state, "an update for")
        key = (commitment_id, *self._link_evidence_key(evidence, state))
        if key not in state.links:
            raise LedgerError("an automatic update of a link that is not in the file before it")
        link_id, link_is_new = state.links[key]
        if not link_is_new:
            counts["present"] += 1
            return
        if self.conn.execute("SELECT review FROM links WHERE id = ?", [link_id]).fetchone()[0] == Review.REJECTED.value:
            raise LedgerError("an automatic update of a rejected link")
        _check_update(record)
        values = {name: record.get(name) for name in EXPORT_UPDATE_FIELDS}
        if not is_new and self._targets_with_manual_status([commitment_id]):
            values["status"] = None  # a user's own status wins over an automatic one, as in linking
        self.conn.execute(
            f"INSERT INTO updates (commitment_id, link_id, {', '.join(EXPORT_UPDATE_FIELDS)}) "
            f"VALUES (?, ?, {', '.join('?' for _ in EXPORT_UPDATE_FIELDS)})",
            [commitment_id, link_id, *values.values()],
        )
        counts["added"] += 1
        if not is_new:
            state.touched.add(commitment_id)

    def _refresh_after_import(self, commitment_id: int) -> None:
        """A commitment the ledger held before gained updates: derive its status and deadline again."""
        self._refresh_status(commitment_id)
        self._refresh_deadline(commitment_id)


@dataclass
class _ImportState:
    """What an import has met so far: ids by stable key, and commitments that gained updates."""

    seen_header: bool = False
    format: int = 0
    last_update_id: int = 0
    empty_ledger: bool = False  # the ledger held no documents before: the file's linking state holds
    documents: dict = field(default_factory=dict)
    added_documents: list = field(default_factory=list)
    commitments: dict = field(default_factory=dict)
    links: dict = field(default_factory=dict)  # (target id, evidence document id, start, end) -> (id, added)
    touched: set = field(default_factory=set)
    linked_documents: set = field(default_factory=set)  # documents that gained commitments
    text_of: tuple = (None, "", "")  # (document id, its text, its script) for the commitments being read


def _check_update(record: dict) -> None:
    _text(record, "as_of")
    _text(record, "recorded_at")
    _refuse_problems(record, ("as_of", "status", "progress", "deadline"))


def _refuse_problems(record: dict, fields) -> None:
    problems = record_problems(record, fields)
    if problems:
        raise LedgerError("; ".join(problems))


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


def _commitment_field(record: dict, name: str):
    if name == "stated_deadline" and name not in record:  # files written before it was exported
        return record.get("deadline")
    return record.get(name)


def _update_key_fields(record: dict) -> list[str]:
    """The fields that make two updates of one commitment the same update."""
    note = str(record.get("note") or "")
    if note.startswith(FIRST_STATE_NOTE):
        return ["status", "note"]
    if note.startswith(EXTRACTION_NOTES):
        return ["as_of", "status", "note"]
    return list(EXPORT_UPDATE_FIELDS)
