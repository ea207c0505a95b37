"""Storing a document and its statements: a new document's commitments and their first
states, and a document read again by a newer extractor reconciled with what is stored."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InvalidValue, NotFound
from ..models import Document, Kind, Statement, Status
from . import sql
from .queries import escape_like
from .store import now
from .validate import text_digest

BIG_TEXT_CHARS = 1_000_000  # longer document texts are written to the ledger in pieces this size
FIRST_STATE_NOTE = "extracted as "
KIND_CHANGE_NOTE = "re-extracted as "


@dataclass(frozen=True)
class IngestResult:
    document_id: int
    name: str
    doc_date: str | None
    date_source: str
    action: str  # "new", "unchanged", "re-extracted"
    targets: int
    reported: int


class Documents:
    def document_by_sha(self, sha256: str) -> dict | None:
        rows = self._rows(
            "SELECT id, name, doc_date, date_source, extractor_version FROM documents WHERE sha256 = ?",
            [sha256],
        )
        return rows[0] if rows else None

    def find_document(self, doc: str) -> dict:
        """One document by its id (digits), its name, or a part of its name that only it has."""
        columns = "SELECT id, name, doc_date, date_source FROM documents"
        if doc.isascii() and doc.isdigit():  # an id is an id
            found = self._rows(f"{columns} WHERE id = ?", [int(doc)])
            if not found:
                raise NotFound(f"no document with id {doc} (see `jjjtrack list` for documents)")
            return found[0]
        exact = self._rows(f"{columns} WHERE name = :doc", {"doc": doc})
        if exact:
            return exact[0]
        found = self._rows(f"{columns} WHERE name LIKE :like ESCAPE '\\' ORDER BY name LIMIT 6",
                           {"like": f"%{escape_like(doc)}%"})
        if not found:
            raise NotFound(f"no document named {doc!r} (see `jjjtrack list` for document names)")
        if len(found) > 1:
            names = ", ".join(row["name"] for row in found[:5]) + (", …" if len(found) > 5 else "")
            raise InvalidValue(f"{doc!r} names more than one document ({names}): give its full name or id")
        return found[0]

    def extracted_shas(self, extractor_version: str) -> frozenset[str]:
        """The sha256 of every document this extractor version has already read: ingest
        skips extracting those bytes again."""
        rows = self.conn.execute("SELECT sha256 FROM documents WHERE extractor_version = ?", [extractor_version])
        return frozenset(row[0] for row in rows)

    def shas_dated_otherwise(self, date: str) -> frozenset[str]:
        """The documents whose date is not `date`: an ingest --date reads them again."""
        rows = self.conn.execute("SELECT sha256 FROM documents WHERE doc_date IS NOT ?", [date])
        return frozenset(row[0] for row in rows)

    def date_history(self, document_id: int) -> list[dict]:
        """The dates a document had before its present one, oldest first."""
        return self._rows("SELECT doc_date, date_source, replaced_by, replaced_at FROM document_dates "
                          "WHERE document_id = ? ORDER BY id", [document_id])

    def unchanged_document(self, sha256: str) -> IngestResult:
        """What the ledger holds of a document that ingest found already read."""
        return self._ingest_result(self.document_by_sha(sha256)["id"], "unchanged")

    def add_document(
        self, document: Document, statements: list[Statement], extractor_version: str, today: str
    ) -> IngestResult:
        """Store a document and its statements in one transaction.

        Bytes the ledger holds already are re-extracted: the statements are matched to the
        stored commitments (same value, overlapping span), so user updates stay attached;
        commitments no longer found are retracted, not deleted.
        """
        with self.transaction():
            known = self.document_by_sha(document.sha256)
            if known:
                document_id = known["id"]
                self.conn.execute(
                    "UPDATE documents SET extractor_version = ?, linked_at = NULL WHERE id = ?",
                    [extractor_version, document_id]
                )
                self._refresh_text(document_id, document)
                redated = document.date != known["doc_date"] and document.date_source.value == "option"
                if redated:
                    self._redate(known, document, today)
                self._reconcile(document_id, document, statements, today)
                action = f"re-dated (was {known['doc_date'] or 'undated'})" if redated else "re-extracted"
            else:
                document_id = self._insert_document(document, extractor_version)
                self._insert_commitments(document_id, document, statements, today)
                action = "new"
        return self._ingest_result(document_id, action)

    def _redate(self, known: dict, document: Document, today: str) -> None:
        """A user's --date replaces the document's date; the old one is kept in document_dates,
        and the states its statements were first extracted with hold from the new date."""
        self.conn.execute(
            "INSERT INTO document_dates (document_id, doc_date, date_source, replaced_by, replaced_at) "
            "VALUES (?, ?, ?, ?, ?)",
            [known["id"], known["doc_date"], known["date_source"], document.date, now()],
        )
        self.conn.execute("UPDATE documents SET doc_date = ?, date_source = ? WHERE id = ?",
                          [document.date, document.date_source.value, known["id"]])
        self.conn.execute(
            "UPDATE updates SET as_of = ? WHERE note LIKE ? AND link_id IS NULL AND commitment_id IN "
            "(SELECT id FROM commitments WHERE document_id = ?)",
            [_first_as_of(document.date, today), FIRST_STATE_NOTE + "%", known["id"]],
        )
        self.conn.execute(sql.set_status_since_sql("document_id = ?"), [known["id"]])

    def _insert_document(self, document: Document, extractor_version: str) -> int:
        big = len(document.text) > BIG_TEXT_CHARS
        cursor = self.conn.execute(
            "INSERT INTO documents (name, path, sha256, doc_date, date_source, script, encoding, "
            "extractor_version, ingested_at, text_sha256, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            f"{'CAST(zeroblob(?) AS TEXT)' if big else '?'})",
            [
                document.name, document.path, document.sha256, document.date, document.date_source.value,
                document.script, document.encoding, extractor_version, now(), text_digest(document.text),
                _utf8_size(document.text) if big else document.text,
            ],
        )
        if big:
            self._write_text(cursor.lastrowid, document.text)
        return cursor.lastrowid

    def _refresh_text(self, document_id: int, document: Document) -> None:
        """The stored text becomes the one the new statements' offsets are into, when the reader
        changed (web pages were stored with their markup blanked until 2026-12-04)."""
        same = self.conn.execute("SELECT text = ? FROM documents WHERE id = ?", [document.text, document_id]).fetchone()
        if same and same[0]:
            return
        big = len(document.text) > BIG_TEXT_CHARS
        self.conn.execute(
            f"UPDATE documents SET text = {'CAST(zeroblob(?) AS TEXT)' if big else '?'}, encoding = ? WHERE id = ?",
            [_utf8_size(document.text) if big else document.text, document.encoding, document_id],
        )
        if big:
            self._write_text(document_id, document.text)

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
        recorded_at = now()
        # Two executemany calls instead of two execute calls a statement. The ids are the ones
        # SQLite would pick (MAX(id) + 1, row after row): the caller holds the write lock.
        first = self.conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM commitments").fetchone()[0]
        commitments, updates, first_with = [], [], {}
        for ident, statement in enumerate(statements, first):
            status = initial_status(statement.kind)
            # the first of this batch with the sentence; _reconcile links older rows afterwards
            same_sentence_as = first_with.setdefault(statement.sentence, ident)
            commitments.append([ident, document_id, *_statement_fields(statement), status, first_as_of,
                                None if same_sentence_as == ident else same_sentence_as, statement.deadline,
                                search_copy(statement.sentence, document.script)])
            updates.append([ident, first_as_of, status, FIRST_STATE_NOTE + statement.kind.value, document.name,
                            recorded_at])
        self.conn.executemany(
            "INSERT INTO commitments (id, document_id, start, end, span, sentence, value, unit, subject, "
            "kind, deadline, comparator, category, region, page, lead, owner, baseline, status, status_since, retracted, "
            f"same_sentence_as, stated_deadline, search_sentence) VALUES ({'?, ' * 20}0, ?, ?, ?)",
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
                "subject = ?, kind = ?, stated_deadline = ?, comparator = ?, category = ?, region = ?, page = ?, "
                "lead = ?, owner = ?, baseline = ?, search_sentence = ?, retracted = 0, "
                "indicator = NULL "  # read again by linking
                "WHERE id = ?",
                [*_statement_fields(statement), search_copy(statement.sentence, document.script), row["id"]],
            )
            self._refresh_deadline(row["id"])  # a deadline a user changed stays changed
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
        self.conn.execute(sql.link_same_sentences_sql("document_id = ?"), [document_id])

    def _record_kind_change(self, commitment_id: int, kind: Kind, document: Document, today: str) -> None:
        status = initial_status(kind)
        self._insert_update(
            commitment_id, _first_as_of(document.date, today), status, None, None,
            KIND_CHANGE_NOTE + kind.value, document.name, now(),
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


def search_copy(sentence: str, script: str) -> str | None:
    """What the search index holds for a sentence of a traditional document: its simplified
    form (migrations.m016), or None where that is the sentence itself."""
    if script != "traditional":
        return None
    from ..t2s import to_simplified

    simplified = to_simplified(sentence)
    return None if simplified == sentence else simplified


def initial_status(kind: Kind) -> str:
    return (Status.DONE if kind == Kind.REPORTED else Status.PENDING).value


def _first_as_of(doc_date: str | None, today: str) -> str:
    """The first state holds from the document's date; a guessed future date waits for today."""
    if doc_date and doc_date <= today:
        return doc_date
    return today


def _utf8_size(text: str) -> int:
    return sum(len(text[start:start + BIG_TEXT_CHARS].encode("utf-8")) for start in range(0, len(text), BIG_TEXT_CHARS))


def _statement_fields(statement: Statement) -> list:
    return [
        statement.start, statement.end, statement.text, statement.sentence, statement.value,
        statement.unit, statement.subject, statement.kind.value, statement.deadline,
        statement.comparator.value, statement.category, statement.region, statement.page, statement.lead or None,
        statement.owner or None, statement.baseline,
    ]


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
