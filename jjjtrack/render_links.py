"""Links drawn: the `links` listing (table, json, csv, jsonl) and the scorecard of one
document's targets. Computing stays in linking.py and reports.py."""

from __future__ import annotations

LINK_CSV_COLUMNS = (
    "id", "verdict", "score", "review", "target_id", "target_doc", "target_start", "target_end", "target_text",
    "target_value", "target_unit", "target_deadline", "target_direction", "evidence_id", "evidence_doc",
    "evidence_doc_date", "evidence_start", "evidence_end", "evidence_text", "value", "unit",
)
VERDICT_STYLES = {"met": "green", "missed": "red", "restated": "cyan", "progress": "yellow"}


def link_object(link: dict) -> dict:
    """One link as `links --format jsonl` writes it: the two spans, the verdict, the score."""
    return {
        "id": link["id"],
        "target": {"id": link["target_id"], "doc": link["target_doc"], "start": link["target_start"],
                   "end": link["target_end"], "text": link["target_text"]},
        "evidence": {"id": link["evidence_id"], "doc": link["evidence_doc"], "start": link["evidence_start"],
                     "end": link["evidence_end"], "text": link["evidence_text"]},
        "verdict": link["verdict"],
        "score": link["score"],
        "review": link["review"],
    }


def links_table(links: list[dict]):
    from rich.table import Table
    from rich.text import Text

    table = Table(header_style="bold")
    for name, justify in (("id", "right"), ("verdict", "left"), ("target", "left"), ("evidence", "left"),
                          ("document", "left")):
        table.add_column(name, justify=justify, overflow="fold")
    for link in links:
        verdict = link["verdict"] + ("" if link["review"] == "auto" else f" ({link['review']})")
        table.add_row(
            str(link["id"]), Text(verdict, style=VERDICT_STYLES.get(link["verdict"], "")),
            Text(f"#{link['target_id']} {link['target_text']}"), Text(link["evidence_text"]),
            Text(f"{link['target_doc']} → {link['evidence_doc']}"),
        )
    return table
