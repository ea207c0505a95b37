"""Links: a target paired with a later statement reporting its outcome (jjjtrack/linking.py
finds them; this module stores them). A met or missed link is also an automatic update of
the target (updates.link_id names the link), so its history and status follow it; a
user's own status update always wins over an automatic one. A user confirms or rejects a
link; re-linking keeps both."""

from __future__ import annotations

from ..errors import InvalidValue, NotFound
from ..models import Review, Status
from .documents import FIRST_STATE_NOTE, KIND_CHANGE_NOTE
from .store import now

AUTO, CONFIRMED, REJECTED = Review.AUTO.value, Review.CONFIRMED.value, Review.REJECTED.value
LINK_STATUS = {"met": Status.DONE.value, "missed": Status.MISSED.value}
LINK_COLUMNS = (
    "l.id, l.verdict, l.score, l.review, l.target_id, t.document_id AS target_document_id, "
    "td.name AS target_doc, t.start AS target_start, t.end AS target_end, t.span AS target_text, "
    "t.sentence AS target_sentence, t.value AS target_value, t.unit AS target_unit, t.deadline AS target_deadline, "
    "t.direction AS target_direction, l.evidence_id, l.evidence_document_id, ed.name AS evidence_doc, "
    "ed.doc_date AS evidence_doc_date, l.evidence_start, l.evidence_end, l.evidence_text, l.evidence_sentence, "
    "l.value, l.unit"
)
LINK_JOINS = (
    "FROM links l JOIN commitments t ON t.id = l.target_id JOIN documents td ON td.id = t.document_id "
    "JOIN documents ed ON ed.id = l.evidence_document_id"
)


class Links:
    # ---- features and the linking scope --------------------------------------------------

    def statements_for_features(self, document_ids: list[int] | None):
        """(document, its statements) whose features linking must read: every statement on a
        full relink, else those of the given documents not read yet."""
        if document_ids is None:
            where, params = "c.retracted = 0", []
        else:
            marks = ", ".join("?" * len(document_ids))
            where, params = f"c.retracted = 0 AND c.indicator IS NULL AND c.document_id IN ({marks})", list(document_ids)
        rows = self._rows(
            f"SELECT c.id, c.document_id, c.start, c.end, c.kind, c.comparator FROM commitments c WHERE {where} "
            "ORDER BY c.document_id, c.start", params,
        )
        by_document: dict[int, list[dict]] = {}
        for row in rows:
            by_document.setdefault(row["document_id"], []).append(row)
        for document_id, statements in by_document.items():
            document = self._rows("SELECT id, text, script, doc_date FROM documents WHERE id = ?", [document_id])[0]
            yield document, statements

    def store_features(self, features) -> None:
        """features: (commitment id, linking.Features) pairs."""
        rows = [(f.indicator, f.direction, f.period, ident) for ident, f in features]
        if rows:
            with self.transaction():
                self.conn.executemany(
                    "UPDATE commitments SET indicator = ?, direction = ?, period = ? WHERE id = ?", rows
                )

    def linking_scope(self, document_ids: list[int] | None, also_indicators=()) -> dict:
        """The targets to link and the statements that may be their evidence: all of them, or,
        after an ingest, those sharing an indicator with the new documents' statements (or
        one of also_indicators, which their verdicts name)."""
        keys_where, params = "", []
        if document_ids is not None:
            marks = ", ".join("?" * len(document_ids))
            keys = ", ".join("?" * len(also_indicators)) or "NULL"
            keys_where = (f"AND (c.indicator IN (SELECT indicator FROM commitments WHERE document_id IN ({marks}) "
                          f"AND indicator != '') OR c.indicator IN ({keys}))")
            params = [*document_ids, *also_indicators]
        rows = self._rows(
            "SELECT c.id, c.document_id, d.doc_date, c.start, c.end, c.span, c.value, c.unit, c.kind, c.deadline, "
            "c.indicator, c.direction, c.period, c.region, c.sentence FROM commitments c JOIN documents d ON d.id = c.document_id "
            f"WHERE c.retracted = 0 AND c.indicator != '' {keys_where}", params,
        )
        targets = [
            {"id": r["id"], "document_id": r["document_id"], "doc_date": r["doc_date"], "value": r["value"],
             "unit": r["unit"], "deadline": r["deadline"], "indicator": r["indicator"],
             "direction": r["direction"] or "exact", "region": r["region"]}
            for r in rows if r["kind"] == "target" and r["deadline"]
        ]
        evidence = [
            {"document_id": r["document_id"], "doc_date": r["doc_date"], "start": r["start"], "end": r["end"],
             "text": r["span"], "indicator": r["indicator"], "period": r["period"] or "", "region": r["region"],
             "commitment_id": r["id"], "kind": r["kind"], "value": r["value"], "unit": r["unit"],
             "deadline": r["deadline"], "sentence": r["sentence"]}
            for r in rows if r["doc_date"]
        ]
        return {"targets": targets, "evidence": evidence}

    def verdict_documents(self, after: str | None, document_ids: list[int] | None = None):
        """Documents (text, date, statement spans, region) whose verdicts may concern targets
        of documents dated before them: those dated after `after`, or the given ones."""
        if document_ids is not None:
            where, params = f"d.id IN ({', '.join('?' * len(document_ids))})", list(document_ids)
        else:
            where, params = "d.doc_date > ?", [after or ""]
        for document in self._rows(f"SELECT d.id, d.text, d.script, d.doc_date FROM documents d WHERE {where} "
                                   "AND d.doc_date IS NOT NULL ORDER BY d.id", params):
            statements = self.conn.execute(
                "SELECT start, end, region FROM commitments WHERE document_id = ? AND retracted = 0", [document["id"]]
            ).fetchall()
            document["spans"] = [(start, end) for start, end, _ in statements]
            regions = [region for _, _, region in statements if region]
            document["region"] = max(set(regions), key=regions.count) if regions else ""
            yield document

    # ---- writing links ---------------------------------------------------------------------

    def documents_to_link(self) -> list[int]:
        """Documents whose statements were never linked: new ones, and any an interrupted
        ingest (or `ingest --no-link`) left."""
        return [row[0] for row in self.conn.execute("SELECT id FROM documents WHERE linked_at IS NULL ORDER BY id")]

    def replace_links(self, target_ids: list[int], links, linked_documents: list[int] | None) -> None:
        """The automatic links of these targets become `links` (linking.Link): confirmed and
        rejected ones stay as the user left them, and no automatic link repeats them. The
        linked documents (None: all of them) are marked linked in the same transaction."""
        with self.transaction():
            if linked_documents is None:
                self.conn.execute("UPDATE documents SET linked_at = ? WHERE linked_at IS NULL", [now()])
            for chunk in _chunks(linked_documents or []):
                self.conn.execute(f"UPDATE documents SET linked_at = ? WHERE id IN ({', '.join('?' * len(chunk))})",
                                  [now(), *chunk])
            reviewed = self._reviewed_keys(target_ids)
            self._delete_auto_links(target_ids)
            manual = self._targets_with_manual_status(target_ids)
            stamp, names = now(), {}
            for link in sorted(links, key=lambda link: (link.target_id, -link.score, link.evidence.start)):
                key = (link.target_id, link.evidence.document_id, link.evidence.start, link.evidence.end)
                if key in reviewed:
                    continue
                reviewed.add(key)
                link_id = self._insert_link(link, stamp)
                if link.evidence.document_id not in names:
                    names[link.evidence.document_id] = self._document_name(link.evidence.document_id)
                self._insert_link_update(link_id, link, names[link.evidence.document_id], stamp,
                                         with_status=link.target_id not in manual)
            for target_id in target_ids:
                self._refresh_status(target_id)

    def _reviewed_keys(self, target_ids) -> set:
        found = set()
        for chunk in _chunks(target_ids):
            marks = ", ".join("?" * len(chunk))
            found |= set(self.conn.execute(
                "SELECT target_id, evidence_document_id, evidence_start, evidence_end FROM links "
                f"WHERE review != 'auto' AND target_id IN ({marks})", chunk,
            ).fetchall())
        return found

    def _delete_auto_links(self, target_ids) -> None:
        for chunk in _chunks(target_ids):
            marks = ", ".join("?" * len(chunk))
            auto = f"SELECT id FROM links WHERE review = 'auto' AND target_id IN ({marks})"
            self.conn.execute(f"DELETE FROM updates WHERE link_id IN ({auto})", chunk)
            self.conn.execute(f"DELETE FROM links WHERE id IN ({auto})", chunk)

    def _targets_with_manual_status(self, target_ids) -> set[int]:
        """Targets a user gave a status (an update that no link and no extraction made)."""
        found = set()
        for chunk in _chunks(target_ids):
            marks = ", ".join("?" * len(chunk))
            found |= {row[0] for row in self.conn.execute(
                "SELECT DISTINCT u.commitment_id FROM updates u WHERE u.status IS NOT NULL AND u.link_id IS NULL "
                "AND u.note NOT LIKE ? AND u.note NOT LIKE ? "
                f"AND u.commitment_id IN ({marks})", [FIRST_STATE_NOTE + "%", KIND_CHANGE_NOTE + "%", *chunk],
            )}
        return found

    def _document_name(self, document_id: int) -> str:
        return self.conn.execute("SELECT name FROM documents WHERE id = ?", [document_id]).fetchone()[0]

    def _insert_link(self, link, stamp: str) -> int:
        evidence = link.evidence
        cursor = self.conn.execute(
            "INSERT INTO links (target_id, evidence_document_id, evidence_start, evidence_end, evidence_text, "
            "evidence_sentence, evidence_id, verdict, score, value, unit, review, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [link.target_id, evidence.document_id, evidence.start, evidence.end, evidence.text, evidence.sentence,
             evidence.commitment_id, link.verdict, link.score, evidence.value, evidence.unit or None, AUTO, stamp],
        )
        return cursor.lastrowid

    def _insert_link_update(self, link_id: int, link, name: str, stamp: str, with_status: bool) -> None:
        evidence = link.evidence
        status = LINK_STATUS.get(link.verdict) if with_status else None
        self.conn.execute(
            "INSERT INTO updates (commitment_id, as_of, status, note, source, recorded_at, link_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [link.target_id, evidence.doc_date, status, f"automatic: {link.verdict}: {evidence.text}",
             f"{name}:{evidence.start}-{evidence.end}", stamp, link_id],
        )

    # ---- review ----------------------------------------------------------------------------

    def review_link(self, link_id: int, review: str) -> dict:
        """Confirm a link (it stays through re-linking) or reject it (its update goes, and no
        re-linking makes it again)."""
        if review not in (CONFIRMED, REJECTED):
            raise InvalidValue(f"a link is confirmed or rejected, not {review!r}")
        with self.transaction():
            row = self.conn.execute("SELECT target_id FROM links WHERE id = ?", [link_id]).fetchone()
            if row is None:
                raise NotFound(f"no link with id {link_id}")
            self.conn.execute("UPDATE links SET review = ?, reviewed_at = ? WHERE id = ?", [review, now(), link_id])
            if review == REJECTED:
                self.conn.execute("DELETE FROM updates WHERE link_id = ?", [link_id])
            self._refresh_status(row[0])
        return self.link(link_id)

    # ---- reading ---------------------------------------------------------------------------

    def link(self, link_id: int) -> dict:
        rows = self._rows(f"SELECT {LINK_COLUMNS} {LINK_JOINS} WHERE l.id = ?", [link_id])
        if not rows:
            raise NotFound(f"no link with id {link_id}")
        return rows[0]

    def links(self, verdict: str | None = None, doc: str | None = None, target_id: int | None = None,
              include_rejected: bool = False, target_document_id: int | None = None,
              evidence_id: int | None = None) -> list[dict]:
        """Links, by target then evidence position; doc matches the target's or the evidence's
        document (its id or name)."""
        conditions, params = [], {}
        if target_document_id is not None:
            conditions.append("t.document_id = :target_document")
            params["target_document"] = target_document_id
        if evidence_id is not None:
            conditions.append("l.evidence_id = :evidence")
            params["evidence"] = evidence_id
        if not include_rejected:
            conditions.append("l.review != 'rejected'")
        if verdict:
            conditions.append("l.verdict = :verdict")
            params["verdict"] = verdict
        if target_id is not None:
            conditions.append("l.target_id = :target")
            params["target"] = target_id
        if doc:
            conditions.append("(td.name = :doc OR ed.name = :doc OR CAST(td.id AS TEXT) = :doc "
                              "OR CAST(ed.id AS TEXT) = :doc)")
            params["doc"] = doc
        where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
        return self._rows(f"SELECT {LINK_COLUMNS} {LINK_JOINS} {where} ORDER BY l.target_id, l.score DESC, l.id", params)


def _chunks(ids, size: int = 500):
    ids = list(ids)
    for start in range(0, len(ids), size):
        yield ids[start:start + size]
