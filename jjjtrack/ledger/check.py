"""The integrity check: the file itself, references, the schema version, offsets, stored
statuses, links and the search index, each problem as a sentence for the user."""

from __future__ import annotations

import sqlite3

from .. import migrations
from ..models import Kind, Review
from . import sql
from .validate import record_problems, text_digest

# linking.VERDICTS, which the ledger may not import (tests/test_architecture.py)
LINK_VERDICTS = ("met", "missed", "restated", "progress")
REVIEWS = tuple(review.value for review in Review)


class Check:
    def check(self) -> list[str]:
        """Everything wrong with the ledger, as sentences; an empty list when it is sound."""
        problems: list[str] = []
        with self._reading():
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
            problems += self._check_values()
            problems += self._check_stored_status()
            problems += self._check_stored_deadline()
            problems += self._check_links()
            problems += [
                f"document {name}: {count} copies of the same bytes (sha256 {sha[:12]}...)"
                for name, sha, count in self.conn.execute(
                    "SELECT MIN(name), sha256, COUNT(*) FROM documents GROUP BY sha256 HAVING COUNT(*) > 1"
                )
            ]
        problems += self._check_search_index()
        return problems

    def _check_stored_status(self) -> list[str]:
        latest = sql.latest_update_sql("status", "u.id", "c.id")
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

    def _check_values(self) -> list[str]:
        """Every stored field by the rules import applies (validate.py)."""
        tables = {
            "document": ("documents", ("doc_date", "date_source", "script")),
            "commitment": ("commitments", ("kind", "status", "deadline", "stated_deadline", "comparator", "retracted")),
            "update": ("updates", ("as_of", "status", "progress", "deadline")),
        }
        problems = []
        for what, (table, fields) in tables.items():
            for row in self._rows(f"SELECT id, {', '.join(fields)} FROM {table} ORDER BY id"):
                problems += [f"{what} {row['id']}: {problem}" for problem in record_problems(row, fields)]
        return problems

    def _check_stored_deadline(self) -> list[str]:
        """The stored deadline is the latest deadline change's by as-of date, else the stated one."""
        latest = sql.latest_update_sql("deadline", "u.id", "c.id")
        rows = self.conn.execute(
            "SELECT c.id, c.deadline, COALESCE(u.deadline, c.stated_deadline) FROM commitments c "
            f"LEFT JOIN updates u ON u.id = ({latest}) "
            "WHERE c.deadline IS NOT COALESCE(u.deadline, c.stated_deadline) OR c.deadline_since IS NOT u.as_of "
            "ORDER BY c.id"
        )
        return [f"commitment {ident}: stored deadline {stored} but its updates say {derived}"
                for ident, stored, derived in rows]

    def _check_offsets(self) -> list[str]:
        # One document's text at a time, read once: substr() in SQL would read the whole
        # text again for every commitment (minutes for a 50 MB document).
        problems = []
        for document_id, name, digest in self.conn.execute(
            "SELECT id, name, text_sha256 FROM documents ORDER BY id"
        ).fetchall():
            (text,) = self.conn.execute("SELECT text FROM documents WHERE id = ?", [document_id]).fetchone()
            if digest != text_digest(text):
                problems.append(f"document {name}: its text was changed after it was read (sha256 of the text differs)")
            problems += [
                f"commitment {ident}: characters {start}-{end} of {name} do not hold its span {span!r}"
                for ident, start, end, span in self.conn.execute(
                    "SELECT id, start, end, span FROM commitments WHERE document_id = ? ORDER BY id", [document_id]
                )
                if not 0 <= start <= end <= len(text) or text[start:end] != span
            ]
        return problems

    def _check_links(self) -> list[str]:
        problems = []
        for ident, target_id, kind, evidence_document, review, verdict in self.conn.execute(
            "SELECT l.id, l.target_id, t.kind, d.id, l.review, l.verdict FROM links l "
            "LEFT JOIN commitments t ON t.id = l.target_id LEFT JOIN documents d ON d.id = l.evidence_document_id "
            "ORDER BY l.id"
        ):
            if kind is None:
                problems.append(f"link {ident}: its target, commitment {target_id}, does not exist")
            elif kind != Kind.TARGET.value:
                problems.append(f"link {ident}: its target, commitment {target_id}, is {kind}, not a target")
            if evidence_document is None:
                problems.append(f"link {ident}: its evidence's document does not exist")
            if review not in REVIEWS:
                problems.append(f"link {ident}: review {review!r} is not one of {', '.join(REVIEWS)}")
            if verdict not in LINK_VERDICTS:
                problems.append(f"link {ident}: verdict {verdict!r} is not one of {', '.join(LINK_VERDICTS)}")
        return problems + self._check_link_offsets() + self._check_link_updates()

    def _check_link_offsets(self) -> list[str]:
        problems = []
        for document_id, name in self.conn.execute(
            "SELECT id, name FROM documents WHERE id IN (SELECT evidence_document_id FROM links) ORDER BY id"
        ).fetchall():
            (text,) = self.conn.execute("SELECT text FROM documents WHERE id = ?", [document_id]).fetchone()
            problems += [
                f"link {ident}: characters {start}-{end} of {name} do not hold its evidence {quote!r}"
                for ident, start, end, quote in self.conn.execute(
                    "SELECT id, evidence_start, evidence_end, evidence_text FROM links "
                    "WHERE evidence_document_id = ? ORDER BY id", [document_id]
                )
                if not 0 <= start < end <= len(text) or text[start:end] != quote
            ]
        return problems

    def _check_link_updates(self) -> list[str]:
        problems = []
        for ident, commitment_id, link_id, target_id, review in self.conn.execute(
            "SELECT u.id, u.commitment_id, u.link_id, l.target_id, l.review FROM updates u "
            "LEFT JOIN links l ON l.id = u.link_id WHERE u.link_id IS NOT NULL ORDER BY u.id"
        ):
            if target_id is None:
                problems.append(f"update {ident} of commitment {commitment_id}: its link {link_id} does not exist")
            elif review == Review.REJECTED.value:
                problems.append(f"update {ident} of commitment {commitment_id}: its link {link_id} was rejected")
            elif target_id != commitment_id:
                problems.append(f"update {ident} of commitment {commitment_id}: its link {link_id} "
                                f"is of commitment {target_id}")
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
            f"SELECT COUNT(*) FROM (SELECT same_sentence_as, {sql.SAME_SENTENCE_SQL} AS first "
            "FROM commitments) WHERE same_sentence_as IS NOT first"
        ).fetchone()[0]
        if mislinked:
            problems.append(f"{mislinked} commitments name the wrong first commitment of their sentence (same_sentence_as)")
        return problems
