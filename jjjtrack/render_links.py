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


def evidence_parts(link: dict) -> tuple[str, str, str]:
    """The evidence sentence around its quote, (before, quote, after), as render.sentence_parts
    gives a statement's."""
    from .render import sentence_parts

    return sentence_parts({"sentence": link.get("evidence_sentence"), "text": link.get("evidence_text")})


def link_pairs(links: list[dict]):
    """`show`: each link as the target's quote beside the evidence's, with its verdict."""
    from rich.table import Table
    from rich.text import Text

    from .render import highlighted_sentence

    table = Table(title="outcome evidence", title_justify="left", header_style="bold", show_lines=True)
    for name in ("link", "target", "evidence", "where"):
        table.add_column(name, overflow="fold")
    for link in links:
        before, quote, after = evidence_parts(link)
        verdict = Text(link["verdict"], style=VERDICT_STYLES.get(link["verdict"], ""))
        if link["review"] != "auto":
            verdict.append(f"\n{link['review']}", style="dim")
        table.add_row(
            Text.assemble(f"{link['id']} ", verdict),
            highlighted_sentence({"sentence": link["target_sentence"], "text": link["target_text"]}),
            Text.assemble(before, (quote, "bold cyan"), after),
            Text(f"{link['evidence_doc']} ({link.get('evidence_doc_date') or 'undated'}) "
                 f"{link['evidence_start']}-{link['evidence_end']}"),
        )
    return table


OUTCOME_STYLES = {"met": "green", "missed": "bold red", "silent": "bold magenta", "pending": "yellow", "dropped": "dim"}


def result_text(row: dict) -> str:
    """What the evidence reports: its figure, or its words."""
    evidence = row.get("evidence")
    if not evidence:
        return ""
    return evidence.get("text") or ""


def scorecard_table(card):
    """The scorecard in the terminal: one row a target."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from .render import quantity

    counts = card.counts
    headline = Text.assemble((f"{card.document['name']}", "bold"),
                             f" ({card.document.get('doc_date') or 'undated'}), as of {card.as_of}: "
                             f"{counts['total']} targets — ")
    for number, outcome in enumerate(key for key in counts if key != "total"):
        headline.append(", " if number else "")
        headline.append(f"{counts[outcome]} {outcome}", style=OUTCOME_STYLES.get(outcome, ""))
    table = Table(header_style="bold", show_lines=True)
    for name in ("id", "target", "value", "deadline", "result", "outcome", "evidence", "where"):
        table.add_column(name, overflow="fold")
    for row in card.rows:
        evidence = row["evidence"] or {}
        table.add_row(
            str(row["id"]), Text(row.get("subject") or row.get("text") or ""), Text(quantity(row)),
            Text(row.get("deadline") or "—"), Text(result_text(row)),
            Text(row["outcome"], style=OUTCOME_STYLES.get(row["outcome"], "")),
            Text(evidence.get("sentence") or ""),
            Text(_where(evidence)),
        )
    return Group(headline, table)


def _where(evidence: dict) -> str:
    if not evidence:
        return ""
    where = evidence.get("where") or ""
    if evidence.get("link_id") is not None:
        where += f" (link {evidence['link_id']}{'' if evidence.get('review') == 'auto' else ', ' + evidence['review']})"
    return where


def scorecard_markdown(card) -> str:
    from .labels import HEADINGS, both
    from .render import markdown_cell, quantity

    counts = card.counts
    outcomes = [key for key in counts if key != "total"]
    lines = [
        f"# {markdown_cell(card.document['name'])} · {both(HEADINGS, 'scorecard')}", "",
        f"{both(HEADINGS, 'as_of')} {card.as_of} · {counts['total']} targets: "
        + ", ".join(f"**{counts[key]}** {key}" for key in outcomes) + ".", "",
        "| id | target | value | deadline | result | outcome | evidence | where |",
        "|---:|---|---:|---|---|---|---|---|",
    ]
    for row in card.rows:
        evidence = row["evidence"] or {}
        cells = (str(row["id"]), markdown_cell(row.get("subject") or row.get("text")), markdown_cell(quantity(row)),
                 row.get("deadline") or "—", markdown_cell(result_text(row)), f"**{row['outcome']}**",
                 markdown_cell(evidence.get("sentence")), markdown_cell(_where(evidence)))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
