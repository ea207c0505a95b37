"""Rows and reports into rich tables, JSON, CSV and Markdown.

Machine formats come back as strings; table formats as rich renderables built from
Text objects, so document text that looks like rich markup is shown, never interpreted.
"""

from __future__ import annotations

import csv
import io
import json

from .models import ATTENTION_ORDER, LATE_STATES, STATUS_BUCKETS, JsonRows

LISTING_TABLE_COLUMNS = ("id", "status", "value", "subject", "deadline", "doc")
STATUS_STYLES = {"silent": "bold magenta", "missed": "bold red", "done": "green", "dropped": "dim",
                 "in_progress": "yellow"}
CSV_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
BAR_WIDTH = 24
# Rows a terminal report lists in each of its overdue and due-soon tables; `jjjtrack list` has
# the rest. rich lays out every row before printing: 50,000 overdue items took 20 s and 1 GB.
TERMINAL_ITEMS = 100
TERMINAL_GROUPS = 20  # documents a terminal report breaks the counts down by


def to_json(data) -> str:
    """json.dumps(data, ensure_ascii=False, indent=2), but JsonRows, JSON already, go in as
    they are, one row a line (as sqlite-utils prints rows): a 50,000-row listing is written
    without ever becoming Python values. The pieces are joined once: 11 MB of rows are not
    copied again at every level they are nested in."""
    parts: list[str] = []
    _json_parts(data, 0, parts)
    return "".join(parts)


def _json_parts(data, level: int, parts: list[str]) -> None:
    pad, outer = "  " * (level + 1), "  " * level
    if isinstance(data, JsonRows):
        parts.extend(("[\n" + pad, (",\n" + pad).join(data), "\n" + outer + "]") if data else ("[]",))
    elif isinstance(data, dict) and any(isinstance(value, JsonRows) for value in data.values()):
        parts.append("{")
        for number, (key, value) in enumerate(data.items()):
            parts.append(("," if number else "") + f"\n{pad}{json.dumps(key, ensure_ascii=False)}: ")
            _json_parts(value, level + 1, parts)
        parts.append("\n" + outer + "}")
    else:
        parts.append(json.dumps(data, ensure_ascii=False, indent=2).replace("\n", "\n" + outer))


def to_jsonl(rows) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def to_csv(rows: list[dict], columns, headers=None) -> str:
    """CSV of the columns (their headers, if given, on the first line)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(headers or columns)
    for row in rows:
        writer.writerow([_csv_cell(row.get(column)) for column in columns])
    return buffer.getvalue()


def labelled_rows(rows, lang: str) -> list[dict]:
    """Rows whose coded values (status, kind, category, schedule state, light) read as the
    language's labels: a CSV for people (lang zh); English rows stay as they are."""
    from .labels import CATEGORIES, KINDS, LIGHTS, SCHEDULE_STATES, STATES, label

    if lang != "zh":
        return rows
    tables = {"status": STATES, "kind": KINDS, "category": CATEGORIES, "schedule_state": SCHEDULE_STATES,
              "light": LIGHTS}
    return [{name: label(tables[name], value, lang) if name in tables and value else value
             for name, value in row.items()} for row in rows]


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


def status_text(status: str, lang: str = "en"):
    from rich.text import Text

    from .labels import STATES, label

    shown = label(STATES, status, lang) if status and lang == "zh" else status
    return Text(shown or "", style=STATUS_STYLES.get(status, ""))


LIGHT_STYLES = {"green": "green", "yellow": "yellow", "red": "bold red"}
# the columns a listing with schedules (list --schedule) adds
SCHEDULE_TABLE_COLUMNS = ("lead", "progress_pct", "schedule_pct", "light")


def percent(value) -> str:
    return "" if value is None else f"{value:g}%"


def light_text(row: dict, lang: str = "en"):
    """'red behind' (or 红灯 欠进度): a target's light and its state against its schedule."""
    from rich.text import Text

    from .labels import LIGHTS, SCHEDULE_STATES, label

    light, state = row.get("light"), row.get("schedule_state")
    words = [label(LIGHTS, light, lang) if light else "", label(SCHEDULE_STATES, state, lang) if state else ""]
    return Text(" ".join(word for word in words if word), style=LIGHT_STYLES.get(light, ""))


def listing_table(rows: list[dict], lang: str = "en"):
    from rich.table import Table
    from rich.text import Text

    from .labels import COLUMNS, label

    scheduled = bool(rows) and "light" in rows[0]
    table = Table(show_lines=False, header_style="bold")
    for name, justify in (("id", "right"), ("status", "left"), ("value", "right"),
                          ("subject", "left"), ("deadline", "left"), ("doc", "left")):
        # the subject folds; labels, dates and names keep their line (a name cut short at the end)
        folds = name == "subject"
        table.add_column(label(COLUMNS, name, lang), justify=justify, overflow="fold" if folds else "ellipsis",
                         no_wrap=not folds, min_width=8 if folds else None, max_width=26 if name == "doc" else None)
    for name in SCHEDULE_TABLE_COLUMNS if scheduled else ():
        table.add_column(label(COLUMNS, name, lang), justify="right" if name.endswith("pct") else "left", overflow="fold")
    for row in rows:
        cells = [
            str(row["id"]), status_text(row["status"], lang), Text(quantity(row)),
            Text(row.get("subject") or row.get("text") or ""), Text(row.get("deadline") or "—"),
            Text(row.get("doc") or ""),
        ]
        if scheduled:
            cells += [Text(row.get("lead") or ""), Text(percent(row.get("progress_pct"))),
                      Text(percent(row.get("schedule_pct"))), light_text(row, lang)]
        table.add_row(*cells)
    return table


def sentence_parts(row: dict) -> tuple[str, str, str]:
    """The sentence around the statement's span, (before, span, after), for every format to
    highlight the span in; span is "" where the sentence does not hold it, and the span alone
    stands for a missing sentence."""
    sentence, span = row.get("sentence") or "", row.get("text") or ""
    if not sentence:
        return "", span, ""
    at = sentence.find(span) if span else -1
    if at < 0:
        return sentence, "", ""
    return sentence[:at], span, sentence[at + len(span):]


def highlighted_sentence(row: dict):
    """The sentence with the statement's span in bold yellow."""
    from rich.text import Text

    before, span, after = sentence_parts(row)
    return Text.assemble(before, (span, "bold yellow"), after)


def where_on_page(row: dict) -> str:
    """", page 3" for a statement read from a PDF, else nothing."""
    return f", page {row['page']}" if row.get("page") else ""


def commitment_panel(row: dict, updates: list[dict], lang: str = "en"):
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from .labels import COLUMNS
    from .labels import label as text_of

    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column()
    for label, value in (
        ("id", str(row["id"])), ("status", status_text(row["status"], lang)),
        ("quantity", quantity(row)), ("subject", row.get("subject") or ""),
        ("kind", row.get("kind") or ""), ("comparator", row.get("comparator") or ""),
        ("deadline", row.get("deadline") or "none"), ("category", row.get("category") or ""),
        ("region", row.get("region") or ""), ("lead", row.get("lead") or ""), ("owner", row.get("owner") or ""),
        ("baseline", "" if row.get("baseline") is None else f"{row['baseline']:g}{row.get('unit') or ''}"),
        ("progress_pct", percent(row.get("progress_pct"))), ("schedule_pct", percent(row.get("schedule_pct"))),
        ("light", light_text(row, lang)),
        ("document", f"{row.get('doc')} (dated {row.get('doc_date') or 'unknown'}), "
                     f"characters {row.get('start')}-{row.get('end')}{where_on_page(row)}"),
    ):
        supervision = label in ("lead", "owner", "baseline", "progress_pct", "schedule_pct", "light")
        if supervision and not str(value):
            continue  # what a statement has not, unsaid
        shown = text_of(COLUMNS, "doc" if label == "document" else label, lang) if lang == "zh" or supervision else label
        facts.add_row(shown, value if isinstance(value, Text) else Text(str(value)))
    history = Table(title="updates", title_justify="left", header_style="bold")
    with_units = any(update.get("lead") or update.get("owner") for update in updates)
    for name in ("as of", "status", "progress", "note", "source", *(("units",) if with_units else ()), "recorded"):
        history.add_column(name, overflow="fold")
    for update in updates:
        units = [Text(" / ".join(u for u in (update.get("lead"), update.get("owner")) if u))] if with_units else []
        history.add_row(
            Text(update["as_of"] or ""), status_text(update["status"] or "—"),
            Text("" if update["progress"] is None else f"{update['progress']:g}"),
            Text(update["note"] or ""), Text(update["source"] or ""), *units, Text((update["recorded_at"] or "")[:19]),
        )
    return Group(highlighted_sentence(row), Text(""), facts, Text(""), history)


# -- reports ---------------------------------------------------------------------------


def report_json(report) -> str:
    return to_json(report.as_dict())


def report_tables(report, width: int = 200, lang: str = "en"):
    from rich.console import Group
    from rich.text import Text

    from .labels import CATEGORIES, HEADINGS, KINDS, STATES, label

    zh = lang == "zh"
    counts = report.counts
    if zh:
        headline = Text.assemble((f"截至 {report.as_of}：", "bold"), f"共 {counts['total']} 项 — ")
    else:
        headline = Text.assemble((f"As of {report.as_of}: ", "bold"), f"{counts['total']} commitments — ")
    for number, key in enumerate(STATUS_BUCKETS):
        headline.append(("，" if zh else ", ") if number else "")
        headline.append(f"{label(STATES, key, lang)} {counts[key]}" if zh else f"{counts[key]} {key}",
                        style=BAR_STYLES[key][0])
    headline.append(" · ")
    headline.append(overdue_phrase(counts, chinese=zh), style="bold red")
    title = (lambda key, english: label(HEADINGS, key, lang)) if zh else (lambda key, english: english)
    parts = [headline, lights_line(getattr(report, "lights", None) or {}, lang),
             _breakdown_table(title("by_kind", "by kind"), report.by_kind, width=width, lang=lang,
                              names=KINDS if zh else None),
             _breakdown_table(title("by_category", "by category"), report.by_category, width=width, lang=lang,
                              names=CATEGORIES if zh else None),
             _breakdown_table(title("by_document", "by document"), getattr(report, "by_document", None) or {},
                              TERMINAL_GROUPS, width=width, lang=lang)]
    if getattr(report, "by_lead", None):
        parts.append(_breakdown_table(title("by_lead", "by lead"), report.by_lead, width=width, lang=lang))
    parts.append(_years_chart(getattr(report, "by_year", None) or {}, report.as_of, lang))
    parts.append(_items_table(title("overdue_items", "overdue (most overdue first)"), report.overdue, counts["overdue"],
                              report.as_of, "--status overdue --sort deadline", lang))
    parts.append(_items_table(title("due_soon", "pending, due within 90 days"), report.due_soon, len(report.due_soon),
                              report.as_of, "--status pending --sort deadline", lang))
    return Group(*parts)


def lights_line(lights: dict, lang: str = "en"):
    """'targets by light: 3 green, 1 yellow, 2 red, 9 none' (or 指示灯：绿灯 3 …)."""
    from rich.text import Text

    from .labels import LIGHTS, label

    zh = lang == "zh"
    line = Text("按指示灯：" if zh else "targets by light: ", style="bold")
    for number, key in enumerate(("green", "yellow", "red", "none")):
        line.append(("，" if zh else ", ") if number else "")
        shown = f"{label(LIGHTS, key, lang)} {lights.get(key, 0)}" if zh else f"{lights.get(key, 0)} {key}"
        line.append(shown, style=LIGHT_STYLES.get(key, ""))
    return line


def overdue_phrase(counts: dict, chinese: bool = False, strong=str) -> str:
    """'6 overdue (5 silent, 1 missed)': what is past its deadline and not met, split;
    strong(number) marks the overdue number up."""
    silent = counts["silent"]  # silent is past its deadline by definition; the rest are missed
    missed = counts["overdue"] - silent
    if chinese:
        return f"逾期 {strong(counts['overdue'])}（未见反馈 {silent}，未完成 {missed}）"
    return f"{strong(counts['overdue'])} overdue ({silent} silent, {missed} missed)"


def _breakdown_table(title: str, groups: dict, limit: int | None = None, width: int = 200, lang: str = "en",
                     names: dict | None = None):
    """Counts per group, the biggest first; the first `limit` groups when there are more."""
    from rich.table import Table
    from rich.text import Text

    from .labels import HEADINGS, STATES, label

    hidden = len(groups) - limit if limit is not None and len(groups) > limit else 0
    caption = f"… {hidden} more {title.removeprefix('by ')}s: jjjtrack report --format json" if hidden else None
    from rich import box
    from rich.cells import cell_len

    shown = list(groups.items())[:limit]
    # a state no group holds is left out (the headline gives every count): the labels fit
    buckets = [key for key in STATUS_BUCKETS if any(c[key] for _, c in shown)] or ["done"]

    def header(name: str) -> str:
        if lang == "zh":
            return label(HEADINGS if name == "progress" else STATES, name, lang)
        return BUCKET_HEADERS.get(name, name)

    rows = [(label(names, name, lang) if names is not None else name, c) for name, c in shown]
    rows = [(name or label(HEADINGS, "unassigned", lang), c) for name, c in rows]
    table = Table(title=title, title_justify="left", header_style="bold", caption=caption, caption_justify="left",
                  box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("", no_wrap=True)
    for name in (*buckets, "total"):
        table.add_column(header(name), justify="right", no_wrap=True)
    table.add_column(header("progress"), no_wrap=True, overflow="crop")
    # the bar takes the room the label and the numbers leave, up to its full width
    widest = max((cell_len(str(name)) for name, _ in rows), default=0)
    numbers = sum(max(cell_len(header(key)), 4) + 3 for key in (*buckets, "total"))
    bar_width = max(0, min(BREAKDOWN_BAR_WIDTH, width - widest - numbers - 14))
    for name, c in rows:
        share = c["done"] / c["total"] if c["total"] else 0
        bar = _stacked_bar(c, c["total"], bar_width)
        bar.append(f"{' ' if bar_width else ''}{share:.0%}")
        cells = [Text(str(c[key]), style=BAR_STYLES[key][0] if key in LATE_STATES and c[key] else "")
                 for key in buckets]
        table.add_row(Text(str(name)), *cells, str(c["total"]), bar)
    return table


BUCKET_HEADERS = {"in_progress": "in prog."}


# each state's colour, and a character that tells the states apart without colour too
BAR_STYLES = {"done": ("green", "█"), "missed": ("red", "▓"), "silent": ("magenta", "▒"),
              "in_progress": ("cyan", "▒"), "pending": ("yellow", "░"),
              "dropped": ("bright_black", "·")}
BREAKDOWN_BAR_WIDTH = 16


def _stacked_bar(counts: dict, scale: int, width: int):
    """One bar of width * total / scale cells: each bucket in its colour, in STATUS_BUCKETS order."""
    from rich.text import Text

    bar, edge, cells = Text(), 0, 0
    for key in STATUS_BUCKETS:
        style, char = BAR_STYLES[key]
        edge += int(counts.get(key) or 0)
        end = round(width * edge / scale) if scale else 0
        if end > cells:
            bar.append(char * (end - cells), style=style)
            cells = end
    return bar


def _years_chart(by_year: dict, as_of: str, lang: str = "en"):
    """Deadlines per year as horizontal bars coloured by state; the as-of year in bold."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from .labels import HEADINGS, STATES, label

    zh = lang == "zh"
    title = Text(label(HEADINGS, "by_year", lang) if zh else "deadlines by year", style="italic")
    if not by_year:
        return Group(title, Text("none"))
    peak = max(int(c["total"]) for c in by_year.values()) or 1
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(no_wrap=True)
    for year, c in by_year.items():
        detail = Text()
        if c["overdue"]:
            detail.append(f"逾期 {c['overdue']}" if zh else f"{c['overdue']} overdue", style="red")
        grid.add_row(
            Text(year, style="bold" if year == as_of[:4] else ""), _stacked_bar(c, peak, BAR_WIDTH),
            str(c["total"]), detail,
        )
    legend = Text.assemble(*((f"{BAR_STYLES[key][1]} {label(STATES, key, lang) if zh else key}  ", BAR_STYLES[key][0])
                             for key in STATUS_BUCKETS))
    return Group(title, grid, legend)


def _items_table(title: str, items: list[dict], total: int, as_of: str, more: str = "", lang: str = "en"):
    """The first TERMINAL_ITEMS of total items (items may hold just those)."""
    from rich.table import Table
    from rich.text import Text

    from .labels import COLUMNS, HEADINGS, label
    from .reports import days_late

    hidden = max(0, total - TERMINAL_ITEMS)
    caption = f"… {hidden} more: jjjtrack list {more}" if hidden else None
    table = Table(title=f"{title}: {total}", title_justify="left", header_style="bold", caption=caption,
                  caption_justify="left")
    for name in ("id", "deadline", "late", "value", "subject", "document"):
        shown = name if lang != "zh" else label(HEADINGS, "late", lang) if name == "late" else label(
            COLUMNS, "doc" if name == "document" else name, lang)
        table.add_column(shown, overflow="fold")
    for item in items[:TERMINAL_ITEMS]:
        late = days_late(item, as_of)
        table.add_row(
            Text(str(item["id"]), style="bold red" if late is not None else ""),
            Text(item.get("deadline") or "", style="red" if late is not None else ""),
            Text((f"{late} 天" if lang == "zh" else f"{late} d") if late is not None else "", style="bold red"),
            Text(quantity(item)), Text(item.get("subject") or item.get("text") or ""), Text(item.get("doc") or ""),
        )
    return table


def markdown_cell(value) -> str:
    """Text safe inside a GitHub table cell: no raw HTML, no pipes or newlines breaking rows."""
    import html

    text = html.escape("" if value is None else str(value), quote=False)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def markdown_text(value) -> str:
    """Text safe in a Markdown paragraph or quote: no raw HTML, no emphasis, links or tables."""
    text = markdown_cell(value)
    for char in "`*_[]~":
        text = text.replace(char, "\\" + char)
    return text


MARKDOWN_SQUARES = {"done": "🟩", "missed": "🟥", "silent": "🟪", "in_progress": "🟦", "pending": "🟨", "dropped": "⬜"}


def _markdown_bar(counts: dict, scale: int, width: int = 10) -> str:
    bar, edge, cells = "", 0, 0
    for key in STATUS_BUCKETS:
        square = MARKDOWN_SQUARES[key]
        edge += int(counts.get(key) or 0)
        end = round(width * edge / scale) if scale else 0
        bar += square * max(0, end - cells)
        cells = max(cells, end)
    return bar


def _markdown_counts_header(first: str, lang: str = "en") -> list[str]:
    from .labels import STATES, label

    buckets = [label(STATES, key, lang) for key in STATUS_BUCKETS] if lang == "zh" else list(STATUS_BUCKETS)
    columns = (first, *buckets, label(STATES, "total", lang) if lang == "zh" else "total", "")
    return ["| " + " | ".join(columns) + " |", "|---|" + "---:|" * (len(STATUS_BUCKETS) + 1) + "---|"]


def _markdown_counts_row(label: str, counts: dict, scale: int) -> str:
    cells = (markdown_cell(label), *(str(counts[key]) for key in STATUS_BUCKETS), str(counts["total"]),
             _markdown_bar(counts, scale))
    return "| " + " | ".join(cells) + " |"


def _markdown_quote(item: dict) -> str:
    before, span, after = sentence_parts(item)
    marked = f"**{markdown_text(span)}**" if span else ""
    return f"> {markdown_text(before)}{marked}{markdown_text(after)}"


def _markdown_history(updates: list[dict]) -> list[str]:
    from .labels import HEADINGS, both

    lines = [f"<details><summary>{both(HEADINGS, 'history')} ({len(updates)})</summary>", "",
             "| as of | status | progress | note | source |", "|---|---|---:|---|---|"]
    for u in updates:
        progress = "" if u.get("progress") is None else f"{u['progress']:g}"
        lines.append(f"| {markdown_cell(u.get('as_of'))} | {markdown_cell(u.get('status') or '—')} | {progress} | "
                     f"{markdown_cell(u.get('note'))} | {markdown_cell(u.get('source'))} |")
    return lines + ["", "</details>", ""]


MARKDOWN_LIGHTS = {"green": "🟢", "yellow": "🟡", "red": "🔴", "none": "⚪"}


def report_markdown(report, lang: str = "en") -> str:
    """The report in Markdown, in English with Chinese beside it (lang zh: Chinese first)."""
    from .labels import CATEGORIES, HEADINGS, KINDS, LIGHTS, STATES, both, pair
    from .reports import days_late

    c = report.counts
    zh = {key: pair(STATES, key)[1] for key in STATES}
    english = (f"**{c['total']}** commitments: " + ", ".join(f"**{c[key]}** {key}" for key in STATUS_BUCKETS)
               + f"; {overdue_phrase(c, strong=lambda n: f'**{n}**')}.")
    chinese = (f"共 **{c['total']}** 项：" + "，".join(f"{zh[key]} **{c[key]}**" for key in STATUS_BUCKETS)
               + f"；{overdue_phrase(c, chinese=True, strong=lambda n: f'**{n}**')}。")
    lights = getattr(report, "lights", None) or {}
    light_words = " · ".join(f"{MARKDOWN_LIGHTS[key]} {both(LIGHTS, key)} **{lights.get(key, 0)}**"
                             for key in MARKDOWN_LIGHTS)
    title = (f"# {pair(HEADINGS, 'report')[1]} · 截至 {report.as_of}" if lang == "zh"
             else f"# jjjtrack report as of {report.as_of} · {pair(HEADINGS, 'report')[1]}")
    lines = [title, "", *((chinese, english) if lang == "zh" else (english, chinese)), "",
             f"{both(HEADINGS, 'lights')}: {light_words}", ""]
    legend = " ".join(f"{MARKDOWN_SQUARES[key]} {both(STATES, key)}" for key in STATUS_BUCKETS)
    by_document = getattr(report, "by_document", None) or {}
    by_lead = getattr(report, "by_lead", None) or {}
    for key, groups, labels in (("by_kind", report.by_kind, KINDS), ("by_category", report.by_category, CATEGORIES),
                                ("by_document", by_document, {}), ("by_lead", by_lead, {})):
        if key == "by_lead" and not groups:
            continue
        lines += [f"## {both(HEADINGS, key)}", "", legend, "", *_markdown_counts_header("", lang)]
        lines += [_markdown_counts_row(both(labels, name) if name else both(HEADINGS, "unassigned"), g, g["total"])
                  for name, g in groups.items()]
        lines.append("")
    by_year = getattr(report, "by_year", None) or {}
    peak = max((int(g["total"]) for g in by_year.values()), default=0)
    lines += [f"## {both(HEADINGS, 'by_year')}", ""]
    if by_year:
        lines += _markdown_counts_header("年份" if lang == "zh" else "year", lang)
        lines += [_markdown_counts_row(year, g, peak) for year, g in by_year.items()]
    else:
        lines.append("None. 无。")
    lines.append("")
    histories = getattr(report, "histories", None) or {}
    overdue, due_soon = report.shown() if hasattr(report, "shown") else (report.overdue, report.due_soon)
    for key, title, items, total, more in (
        ("overdue_items", "Overdue", overdue, report.counts["overdue"], "--status overdue"),
        ("due_soon", "Due within 90 days", due_soon, len(report.due_soon), "--status pending --sort deadline"),
    ):
        lines += [f"## {pair(HEADINGS, key)[1]}（{total}）" if lang == "zh" else
                  f"## {title} ({total}) · {pair(HEADINGS, key)[1]}", ""]
        if not total:
            lines += ["None. 无。", ""]
            continue
        if len(items) < total:
            hidden = total - len(items)
            lines += [f"The first {len(items)}; {hidden} more: `jjjtrack list {more}` · 其余 {hidden} 项见该命令。", ""]
        lines += ["| 编号 | 完成时限 | 逾期天数 | 目标值 | 事项 | 文件 |" if lang == "zh" else
                  "| id | deadline | days late | value | subject | document |", "|---:|---|---:|---:|---|---|"]
        for item in items:
            late = days_late(item, report.as_of)
            late = "" if late is None else late
            lines.append(
                f"| {item['id']} | {item.get('deadline') or ''} | {late} | {markdown_cell(quantity(item))} | "
                f"{markdown_cell(item.get('subject') or item.get('text'))} | {markdown_cell(item.get('doc'))} |"
            )
        lines.append("")
        for item in items:
            late = days_late(item, report.as_of)
            facts = [f"{both(HEADINGS, 'document')}: {markdown_text(item.get('doc'))}",
                     f"{both(HEADINGS, 'deadline')}: {item.get('deadline') or '—'}"]
            if late is not None:
                facts.append(f"{both(HEADINGS, 'late')}: **{late} days · {late} 天**")
            facts.append(f"{both(HEADINGS, 'category')}: {markdown_text(both(CATEGORIES, item.get('category')))}")
            lines += [f"### #{item['id']} {markdown_text(item.get('text') or quantity(item))} · "
                      f"{markdown_text(item.get('subject') or '')}", "", _markdown_quote(item), "",
                      " · ".join(facts), ""]
            if item["id"] in histories:
                lines += _markdown_history(histories[item["id"]])
    return "\n".join(lines + _markdown_others(report))


def _markdown_others(report) -> list[str]:
    """The commitments not listed above, one table per status, folded in <details>."""
    from .labels import HEADINGS, STATES, both

    others, total = getattr(report, "others", None) or [], getattr(report, "others_total", 0)
    if not total:
        return []
    lines = [f"## {both(HEADINGS, 'others')} ({total})", ""]
    for status in ATTENTION_ORDER:
        rows = [row for row in others if row.get("status") == status]
        if not rows:
            continue
        lines += [f"<details><summary>{both(STATES, status)} ({len(rows)})</summary>", "",
                  "| id | deadline | value | subject | document | quote |", "|---:|---|---:|---|---|---|"]
        for row in rows:
            quote = _markdown_quote(row)[2:]
            lines.append(f"| {row['id']} | {row.get('deadline') or ''} | {markdown_cell(quantity(row))} | "
                         f"{markdown_cell(row.get('subject'))} | {markdown_cell(row.get('doc'))} | {quote} |")
        lines += ["", "</details>", ""]
    if total > len(others):
        lines += [f"… {total - len(others)} more: `jjjtrack list` · 其余 {total - len(others)} 项见 `jjjtrack list`", ""]
    return lines


# -- ingest and extract ------------------------------------------------------------------


def ingest_table(results, problems):
    """A row per document; past TERMINAL_ITEMS documents, a row per result (new, unchanged,
    re-extracted) and then only the documents whose date is a guess, the ones to look at."""
    from rich.table import Table
    from rich.text import Text

    if len(results) > TERMINAL_ITEMS:
        return _ingest_summary(results)
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


def _ingest_summary(results):
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    totals: dict[str, list[int]] = {}
    for r in results:
        row = totals.setdefault(r.action, [0, 0, 0])
        row[0], row[1], row[2] = row[0] + 1, row[1] + r.targets, row[2] + r.reported
    table = Table(title=f"{len(results)} documents", title_justify="left", header_style="bold")
    for name in ("result", "documents", "targets", "reported"):
        table.add_column(name, justify="left" if name == "result" else "right")
    for action, (documents, targets, reported) in totals.items():
        table.add_row(action, f"{documents:,}", f"{targets:,}", f"{reported:,}")
    guessed = [r for r in results if r.date_source == "guess"]
    if not guessed:
        return table
    hidden = max(0, len(guessed) - TERMINAL_ITEMS)
    dates = Table(title=f"dated by a guess: {len(guessed)}", title_justify="left",
                  header_style="bold", caption=f"… {hidden} more" if hidden else None, caption_justify="left")
    for name in ("document", "date", "result"):
        dates.add_column(name, overflow="fold")
    for r in guessed[:TERMINAL_ITEMS]:
        dates.add_row(Text(r.name), Text(r.doc_date or "unknown", style="yellow"), r.action)
    return Group(table, dates, Text("ingest FILE --date YYYY-MM-DD gives a document its date", style="dim"))


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


# -- terminal safety -----------------------------------------------------------------------

# C0 controls but tab and newline, DEL, and the C1 controls: in document text or a note they
# would reach the terminal raw (rich keeps ESC), where ESC [ 2 J clears the screen and OSC
# sequences retitle windows or plant links. Rich's own styling is added after this, unharmed.
_CONTROL_CHARS = dict.fromkeys([*range(0, 9), *range(11, 32), *range(127, 160)])


def terminal_console(**options):
    """A rich Console whose printed content cannot carry control sequences from the data."""
    from rich.console import Console

    class TerminalConsole(Console):
        def print(self, *objects, **kwargs):
            super().print(*(_Sanitised(item) for item in objects), **kwargs)

    return TerminalConsole(**options)


class _Sanitised:
    """Renders what it wraps, with control characters dropped from the text of every segment."""

    def __init__(self, renderable):
        self.renderable = renderable

    def __rich_console__(self, console, options):
        from rich.segment import Segment

        for segment in console.render(self.renderable, options):
            if segment.control is None and not segment.text.isprintable():
                cleaned = segment.text.translate(_CONTROL_CHARS)
                if cleaned != segment.text:
                    segment = Segment(cleaned, segment.style)
            yield segment

    def __rich_measure__(self, console, options):
        from rich.measure import Measurement

        return Measurement.get(console, options, self.renderable)


def update_message(result, as_of: str, progress: float | None) -> str:
    """'#3: silent -> done (as of 2024-06-01); deadline 2024-12-31 -> 2027-12-31'."""
    message = f"#{result.commitment_id}: {result.previous_status} -> {result.status} (as of {as_of})"
    if result.deadline != result.previous_deadline:
        message += f"; deadline {result.previous_deadline or 'none'} -> {result.deadline or 'none'}"
    if result.marked_done_by_progress:
        message += f"; progress {progress:g} reaches the target, so it is marked done"
    return message


def vocabulary_table(headers: tuple[str, ...], rows):
    """Names a filter takes, one a row; a count of None (no ledger yet) is left blank."""
    from rich.table import Table

    table = Table(header_style="bold")
    for header in headers:
        table.add_column(header, justify="right" if header == "commitments" else "left", no_wrap=header != "中文")
    for row in rows:
        table.add_row(*("" if cell is None else str(cell) for cell in row))
    return table
