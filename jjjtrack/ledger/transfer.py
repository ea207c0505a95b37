"""Export: the whole ledger as JSON Lines with stable keys instead of ids. The format and
its fields are defined here; importing.py reads such a file back."""

from __future__ import annotations

from .documents import FIRST_STATE_NOTE, KIND_CHANGE_NOTE

# The export: a header line, then each document followed by its commitments, each of those
# followed by the updates a user or an ingest made; after all documents, the links, each
# followed by its automatic updates. Records are matched by stable keys, never by id; the
# ids of documents, commitments and links travel only so that an import into an empty
# ledger keeps them (`show 2` is the same commitment in the copy). EXPORT_FORMAT changes
# only when records do. Format 1 (no links, no linking fields) is still read.
EXPORT_TYPE = "jjjtrack-export"
EXPORT_FORMAT = 2
READABLE_FORMATS = (1, 2)
EXPORT_DOCUMENT_FIELDS = (
    "sha256", "name", "path", "doc_date", "date_source", "script", "encoding", "extractor_version",
    "ingested_at", "text_sha256", "text",
)
EXPORT_COMMITMENT_FIELDS = (
    "span", "sentence", "unit", "subject", "kind", "deadline", "comparator", "category", "region",
    "status", "retracted", "indicator", "direction", "period", "stated_deadline", "page", "lead", "owner", "baseline",
)
EXPORT_UPDATE_FIELDS = ("as_of", "recorded_at", "status", "progress", "deadline", "note", "source", "lead", "owner")
EXPORT_LINK_FIELDS = (
    "evidence_text", "evidence_sentence", "verdict", "score", "value", "unit", "review", "created_at", "reviewed_at",
)
EXTRACTION_NOTES = (FIRST_STATE_NOTE, KIND_CHANGE_NOTE)


class Export:
    def export_records(self):
        """Yield the whole ledger as plain dicts, in an order that depends only on the data.

        Ids differ between ledgers, so records carry stable keys instead: a document is its
        sha256; a commitment its document's sha256 with start, end and value; an update its
        commitment's key with every field it holds; a link its target's key with its
        evidence's document sha256, start and end. Export, import into a new ledger and
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
                yield {"type": "document", "id": document_id, **doc}
                yield from self._export_commitments(document_id, doc["sha256"])
            yield from self._export_links()

    def _export_commitments(self, document_id: int, sha256: str):
        commitments = self._rows(
            f"SELECT id, start, end, value, {', '.join(EXPORT_COMMITMENT_FIELDS)} FROM commitments "
            "WHERE document_id = ? ORDER BY start, end, value",
            [document_id],
        )
        for row in commitments:
            key = {"doc": sha256, "start": row["start"], "end": row["end"], "value": row["value"]}
            yield {"type": "commitment", **key, "id": row["id"], **{name: row[name] for name in EXPORT_COMMITMENT_FIELDS}}
            for update in self._exported_updates("commitment_id = ? AND link_id IS NULL", row["id"]):
                yield {"type": "update", **key, **update}

    def _export_links(self):
        """Every link (rejected ones too: a rejection keeps re-linking from making it again),
        by target key then evidence key, each followed by the automatic updates it wrote,
        which name it by its evidence (the update's own key is the target's)."""
        links = self._rows(
            "SELECT l.id, td.sha256 AS target_doc, t.start AS target_start, t.end AS target_end, "
            "t.value AS target_value, ed.sha256 AS evidence_doc, l.evidence_start, l.evidence_end, "
            "xd.sha256 AS evidence_commitment_doc, x.start AS evidence_commitment_start, "
            "x.end AS evidence_commitment_end, x.value AS evidence_commitment_value, "
            f"{', '.join('l.' + name for name in EXPORT_LINK_FIELDS)} "
            "FROM links l JOIN commitments t ON t.id = l.target_id JOIN documents td ON td.id = t.document_id "
            "JOIN documents ed ON ed.id = l.evidence_document_id LEFT JOIN commitments x ON x.id = l.evidence_id "
            "LEFT JOIN documents xd ON xd.id = x.document_id "
            "ORDER BY td.sha256, t.start, t.end, t.value, ed.sha256, l.evidence_start, l.evidence_end"
        )
        for row in links:
            target = _key(row, "target")
            evidence = {"evidence_doc": row["evidence_doc"], "evidence_start": row["evidence_start"],
                        "evidence_end": row["evidence_end"]}
            yield {
                "type": "link", "id": row["id"], "target": target, **evidence,
                "evidence": _key(row, "evidence_commitment") if row["evidence_commitment_doc"] else None,
                **{name: row[name] for name in EXPORT_LINK_FIELDS},
            }
            for update in self._exported_updates("link_id = ?", row["id"]):
                yield {"type": "update", **target, **update, "link": evidence}

    def _exported_updates(self, where: str, ident: int) -> list[dict]:
        """The export fields of the updates matching where, in their stable order."""
        fields = ", ".join(EXPORT_UPDATE_FIELDS)
        rows = self.conn.execute(f"SELECT {fields} FROM updates WHERE {where} ORDER BY {fields}", [ident])
        return [dict(zip(EXPORT_UPDATE_FIELDS, update)) for update in rows.fetchall()]


def _key(row: dict, prefix: str) -> dict:
    """The stable key of the commitment whose columns `row` holds under `prefix`."""
    return {name: row[f"{prefix}_{name}"] for name in ("doc", "start", "end", "value")}
