"""Rows and reports into rich tables, JSON, CSV and Markdown.

Machine formats come back as strings; table formats as rich renderables built from
Text objects, so document text that looks like rich markup is shown, never interpreted.
"""

from __future__ import annotations

import csv
import io
import json

LISTING_TABLE_COLUMNS = ("id", "status", "value", "subject", "deadline", "doc")
STATUS_STYLES = {"overdue": "bold red", "done": "green", "dropped": "dim", "in_progress": "yellow"}
CSV_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
BAR_WIDTH = 24


def to_json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def to_jsonl(rows) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def to_csv(rows: list[dict], columns) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_cell(row.get(column)) for column in columns])
    return buffer.getvalue()


def _csv_cell(value):
    # A cell a spreadsheet would run as a formula is prefixed with a quote; numbers stay numbers.
    if isinstance(value, str) and value.startswith(CSV_FORMULA_PREFIXES):
        return "'" + value
    return "" if value is None else value


def quantity(row: dict) -> str:
    value = row.get("value")
    if value is None:
        return ""
    number = f"{value:g}" if isinstance(value, float) and abs(value) < 1e15 else str(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        number = str(int(value))
    return f"{number}{row.get('unit') or ''}"


def status_text(status: str):
    from rich.text import Text

    return Text(status or "", style=STATUS_STYLES.get(status, ""))


def listing_table(rows: list[dict]):
    from rich.table import Table
    from rich.text import Text

    table = Table(show_lines=False, header_style="bold")
    for name, justify in (("id", "right"), ("status", "left"), ("value", "right"),
                          ("subject", "left"), ("deadline", "left"), ("document", "left")):
        table.add_column(name, justify=justify, overflow="fold")
    for row in rows:
        table.add_row(
            str(row["id"]), status_text(row["status"]), Text(quantity(row)),
            Text(row.get("subject") or row.get("text") or ""), Text(row.get("deadline") or "—"),
            Text(row.get("doc") or ""),
        )
    return table


def highlighted_sentence(row: dict):
    """The sentence with the statement's span in bold yellow."""
    from rich.text import Text

    sentence, span = row.get("sentence") or "", row.get("text") or ""
    text = Text(sentence)
    at = sentence.find(span) if span else -1
    if at >= 0:
        text.stylize("bold yellow", at, at + len(span))
    return text


def commitment_panel(row: dict, updates: list[dict]):
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column()
    for label, value in (
        ("id", str(row["id"])), ("status", status_text(row["status"])),
        ("quantity", quantity(row)), ("subject", row.get("subject") or ""),
        ("kind", row.get("kind") or ""), ("comparator", row.get("comparator") or ""),
        ("deadline", row.get("deadline") or "none"), ("category", row.get("category") or ""),
        ("region", row.get("region") or ""),
        ("document", f"{row.get('doc')} (dated {row.get('doc_date') or 'unknown'}), "
                     f"characters {row.get('start')}-{row.get('end')}"),
    ):
        facts.add_row(label, value if isinstance(value, Text) else Text(str(value)))
    history = Table(title="updates", title_justify="left", header_style="bold")
    for name in ("as of", "status", "progress", "note", "source", "recorded"):
        history.add_column(name, overflow="fold")
    for update in updates:
        history.add_row(
            Text(update["as_of"] or ""), status_text(update["status"] or "—"),
            Text("" if update["progress"] is None else f"{update['progress']:g}"),
            Text(update["note"] or ""), Text(update["source"] or ""), Text((update["recorded_at"] or "")[:19]),
        )
    return Group(highlighted_sentence(row), Text(""), facts, Text(""), history)


# -- reports ---------------------------------------------------------------------------


def report_json(report) -> str:
    return to_json(report.as_dict())


def _bar(part: int, total: int, width: int = BAR_WIDTH) -> str:
    filled = round(width * part / total) if total else 0
    return "█" * filled + "░" * (width - filled)


def report_tables(report):
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    counts = report.counts
    headline = Text.assemble(
        (f"As of {report.as_of}: ", "bold"), f"{counts['total']} commitments — ",
        (f"{counts['done']} done", "green"), ", ", (f"{counts['pending']} pending", "yellow"), ", ",
        (f"{counts['overdue']} overdue", "bold red"), ", ", (f"{counts['dropped']} dropped", "dim"),
    )
    parts = [headline, _breakdown_table("by kind", report.by_kind), _breakdown_table("by category", report.by_category)]
    parts.append(_items_table("overdue (most overdue first)", report.overdue, report.as_of))
    parts.append(_items_table("pending, due within 90 days", report.due_soon, report.as_of))
    return Group(*parts)


def _breakdown_table(title: str, groups: dict):
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, title_justify="left", header_style="bold")
    for name in ("", "done", "pending", "overdue", "dropped", "total", "done share"):
        table.add_column(name, justify="left" if name in ("", "done share") else "right")
    for name, c in groups.items():
        share = c["done"] / c["total"] if c["total"] else 0
        table.add_row(
            Text(name), str(c["done"]), str(c["pending"]), Text(str(c["overdue"]), style="red" if c["overdue"] else ""),
            str(c["dropped"]), str(c["total"]), Text(f"{_bar(c['done'], c['total'])} {share:.0%}", style="green"),
        )
    return table


def _items_table(title: str, items: list[dict], as_of: str):
    from rich.table import Table
    from rich.text import Text

    from .reports import days_overdue

    table = Table(title=f"{title}: {len(items)}", title_justify="left", header_style="bold")
    for name in ("id", "deadline", "late", "value", "subject", "document"):
        table.add_column(name, overflow="fold")
    for item in items:
        late = days_overdue(item.get("deadline"), as_of) if item["status"] == "overdue" else None
        table.add_row(
            str(item["id"]), Text(item.get("deadline") or ""),
            Text(f"{late} d" if late is not None else "", style="red"),
            Text(quantity(item)), Text(item.get("subject") or item.get("text") or ""), Text(item.get("doc") or ""),
        )
    return table


def markdown_cell(value) -> str:
    """Text safe inside a GitHub table cell: no raw HTML, no pipes or newlines breaking rows."""
    import html

    text = html.escape("" if value is None else str(value), quote=False)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def report_markdown(report) -> str:
    from .reports import days_overdue

    c = report.counts
    lines = [
        f"# jjjtrack report as of {report.as_of}",
        "",
        f"**{c['total']}** commitments: **{c['done']}** done, **{c['pending']}** pending, "
        f"**{c['overdue']}** overdue, **{c['dropped']}** dropped.",
        "",
    ]
    for title, groups in (("By kind", report.by_kind), ("By category", report.by_category)):
        lines += [f"## {title}", "", "| | done | pending | overdue | dropped | total |", "|---|---:|---:|---:|---:|---:|"]
        lines += [
            f"| {markdown_cell(name)} | {g['done']} | {g['pending']} | {g['overdue']} | {g['dropped']} | {g['total']} |"
            for name, g in groups.items()
        ]
        lines.append("")
    for title, items in (("Overdue", report.overdue), ("Due within 90 days", report.due_soon)):
        lines += [f"## {title} ({len(items)})", ""]
        if not items:
            lines += ["None.", ""]
            continue
        lines += ["| id | deadline | days late | value | subject | document |", "|---:|---|---:|---:|---|---|"]
        for item in items:
            late = days_overdue(item.get("deadline"), report.as_of) if item["status"] == "overdue" else ""
            lines.append(
                f"| {item['id']} | {item.get('deadline') or ''} | {late} | {markdown_cell(quantity(item))} | "
                f"{markdown_cell(item.get('subject') or item.get('text'))} | {markdown_cell(item.get('doc'))} |"
            )
        lines.append("")
    return "\n".join(lines)


# -- ingest and extract ------------------------------------------------------------------


def ingest_table(results, problems):
    from rich.table import Table
    from rich.text import Text

    table = Table(header_style="bold")
    for name, justify in (("document", "left"), ("date", "left"), ("from", "left"), ("targets", "right"),
                          ("reported", "right"), ("result", "left")):
        table.add_column(name, justify=justify, overflow="fold")
    for r in results:
        source = Text(r.date_source, style="yellow" if r.date_source == "guess" else "")
        table.add_row(Text(r.name), Text(r.doc_date or "unknown"), source, str(r.targets), str(r.reported), r.action)
    for path, reason in problems:
        table.add_row(Text(str(path)), "", "", "", "", Text(f"skipped: {reason}", style="red"))
    return table


def statements_table(rows: list[dict]):
    from rich.table import Table
    from rich.text import Text

    table = Table(header_style="bold")
    for name in ("doc", "at", "kind", "value", "subject", "deadline", "category"):
        table.add_column(name, overflow="fold")
    for row in rows:
        table.add_row(
            Text(row["doc"]), f"{row['start']}-{row['end']}", row["kind"], Text(quantity(row)),
            Text(row.get("subject") or row.get("text") or ""), row.get("deadline") or "", row.get("category") or "",
        )
    return table
