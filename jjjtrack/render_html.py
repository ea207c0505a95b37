"""Reports and dossiers as one self-contained HTML page: inline styles, no network, print-ready.

Every piece of text that comes from a document, a note or a source passes through `esc`
(html.escape), so markup in a document is shown as text; the report's data rides along in a
<script type="application/json"> block whose "<", ">" and "&" are JSON-escaped, so it can
never close the element. Nothing here reads the ledger: it draws a Report (reports.py) or
one commitment's row and history.
"""

from __future__ import annotations

import html
import json

from .labels import CATEGORIES, HEADINGS, KINDS, LIGHTS, OUTCOMES, SCHEDULE_STATES, STATES, both, pair
from .models import ATTENTION_ORDER, LATE_STATES, OVERDUE, STATUS_BUCKETS
from .render import sentence_parts

TIMELINE_HEIGHT_PX = 150

STYLE = """
:root{--done:#2f855a;--missed:#c53030;--silent:#6b46c1;--pending:#d69e2e;--in_progress:#2b6cb0;--overdue:#9b2c2c;--dropped:#a0aec0;--ink:#1a202c;--muted:#5a6472;
--line:#e2e8f0;--paper:#fff;--wash:#f7f8fa}
*{box-sizing:border-box}
body{margin:0;background:var(--wash);color:var(--ink);font:15px/1.55 system-ui,-apple-system,"Segoe UI",
"Noto Sans CJK SC","Noto Sans SC","PingFang SC","Hiragino Sans GB","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif}
main{max-width:1080px;margin:0 auto;padding:28px 24px 48px}
h1{font-size:26px;margin:0 0 4px;letter-spacing:-.01em}
h2{font-size:18px;margin:34px 0 12px;padding-bottom:6px;border-bottom:1px solid var(--line)}
h2 .n{color:var(--muted);font-weight:normal}
.zh{color:var(--muted);font-weight:normal;margin-left:.35em}
.sub{color:var(--muted);margin:0}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px;margin:22px 0 6px}
@media print{.cards{grid-template-columns:repeat(5,1fr)}}
.card{background:var(--paper);border:1px solid var(--line);border-top:5px solid var(--muted);border-radius:8px;padding:12px 16px}
.card .num{display:block;font-size:34px;font-weight:700;line-height:1.1;font-variant-numeric:tabular-nums}
.card .label{color:var(--muted)}
.card.done{border-top-color:var(--done)}.card.in_progress{border-top-color:var(--in_progress)}.card.pending{border-top-color:var(--pending)}
.card.overdue{border-top-color:var(--overdue)}.card.overdue .num{color:var(--overdue)}
.card.missed{border-top-color:var(--missed)}.card.silent{border-top-color:var(--silent)}.card.silent .num{color:var(--silent)}
.card.dropped{border-top-color:var(--dropped)}
.panel{background:var(--paper);border:1px solid var(--line);border-radius:8px;padding:14px 18px}
.legend{display:flex;flex-wrap:wrap;gap:14px;color:var(--muted);font-size:13px;margin:0 0 10px}
.legend .sw,.seg{-webkit-print-color-adjust:exact;print-color-adjust:exact}
.legend .sw{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:5px;vertical-align:-1px}
.done-bg{background:var(--done)}.in_progress-bg{background:var(--in_progress)}.pending-bg{background:var(--pending)}
.overdue-bg{background:var(--overdue)}.dropped-bg{background:var(--dropped)}
.missed-bg{background:var(--missed)}.silent-bg{background:var(--silent)}
.bars{display:grid;grid-template-columns:minmax(150px,220px) 1fr auto;gap:8px 14px;align-items:center}
.bars .name{overflow-wrap:anywhere}
.bar{display:flex;height:16px;border-radius:4px;overflow:hidden;background:var(--line)}
.bar .seg{height:100%}
.bars .nums{font-size:13px;color:var(--muted);font-variant-numeric:tabular-nums;white-space:nowrap}
.bars .nums strong{color:var(--ink)}
table.grid{border-collapse:collapse;width:100%;font-size:14px}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:12px;margin:0 0 12px;padding:12px;background:var(--paper);
border:1px solid var(--line);border-radius:8px}
.pair blockquote{margin:4px 0 0}.pair .who{font-size:12px;color:var(--muted)}
.pair .verdict{grid-column:1/3;font-size:13px;color:var(--muted)}
.outcome{font-weight:700}.outcome.met{color:var(--done)}.outcome.missed{color:var(--missed)}
.outcome.silent{color:var(--silent)}.outcome.pending{color:var(--pending)}.outcome.dropped{color:var(--dropped)}
table.grid th,table.grid td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
table.grid th{font-weight:600;color:var(--muted)}table.grid td.date{white-space:nowrap}
table.grid td.r,table.grid th.r{text-align:right;font-variant-numeric:tabular-nums}
.timeline{display:flex;align-items:flex-end;gap:10px;overflow-x:auto;padding:6px 2px 0}
.year{flex:0 0 auto;width:46px;text-align:center;font-size:12px;color:var(--muted)}
.year .stack{display:flex;flex-direction:column-reverse;width:28px;margin:2px auto;border-radius:3px 3px 0 0;overflow:hidden}
.year .stack .seg{width:100%}
.year .yl{display:block;border-top:1px solid var(--ink);padding-top:3px;color:var(--ink)}
.year.now .yl{font-weight:700}
.year .tot{font-variant-numeric:tabular-nums}
.item{background:var(--paper);border:1px solid var(--line);border-left:5px solid var(--pending);border-radius:8px;
padding:12px 16px;margin:0 0 12px;break-inside:avoid}
.item.missed{border-left-color:var(--missed)}.item.silent{border-left-color:var(--silent)}.item.done{border-left-color:var(--done)}
.item.dropped{border-left-color:var(--dropped)}
.item h3{font-size:16px;margin:0 0 6px}
.item .id{color:var(--muted);font-weight:normal;margin-right:8px}
.badge{display:inline-block;font-size:12px;font-weight:600;border-radius:10px;padding:1px 9px;margin-left:8px;
color:#fff;background:var(--muted);vertical-align:2px;-webkit-print-color-adjust:exact;print-color-adjust:exact}
.badge.missed{background:var(--missed)}.badge.silent{background:var(--silent)}.badge.done{background:var(--done)}
.badge.pending{background:var(--pending)}.badge.in_progress{background:var(--in_progress)}.badge.dropped{background:var(--dropped)}
.badge .zh{color:inherit;margin-left:.3em}
blockquote{margin:6px 0 10px;padding:6px 12px;border-left:3px solid var(--line);background:var(--wash);
font-size:15px;overflow-wrap:anywhere}
mark{background:#fde68a;color:inherit;font-weight:700;padding:0 2px;border-radius:2px;
-webkit-print-color-adjust:exact;print-color-adjust:exact}
.facts{display:flex;flex-wrap:wrap;gap:4px 22px;margin:0;font-size:14px}
.facts div{display:flex;gap:6px}.facts dt{color:var(--muted)}.facts dd{margin:0;overflow-wrap:anywhere}
.late{color:var(--overdue);font-weight:700}
details{margin-top:8px;font-size:14px}
summary{cursor:pointer;color:var(--muted)}
details.group{margin:0 0 10px;font-size:15px}
details.group>summary{font-weight:600;color:var(--ink);margin-bottom:8px}
details table{margin-top:6px}
.empty{color:var(--muted);font-style:italic}
footer{margin-top:40px;color:var(--muted);font-size:12px}
.item.light-green{background:#f0fff4}.item.light-yellow{background:#fffbea}.item.light-red{background:#fff5f5}
.light{display:inline-block;font-size:12px;font-weight:600;border-radius:10px;padding:1px 9px;margin-left:8px;
vertical-align:2px;border:1px solid var(--line);-webkit-print-color-adjust:exact;print-color-adjust:exact}
.card.light-green{border-top-color:#38a169}.card.light-yellow{border-top-color:#d69e2e}
.card.light-red{border-top-color:#e53e3e}.card.light-red .num{color:#c53030}
.light.green{background:#c6f6d5}.light.yellow{background:#fefcbf}.light.red{background:#fed7d7}
.item.light-green,.item.light-yellow,.item.light-red{-webkit-print-color-adjust:exact;print-color-adjust:exact}
@media print{
@page{margin:14mm}
body{background:#fff;font-size:10.5pt}
main{max-width:none;padding:0}
.card,.panel,.item{border-color:#bbb}
.item,.card,.panel,.year{break-inside:avoid}
h2{break-after:avoid}
summary{color:var(--ink)}
.timeline{overflow:visible;flex-wrap:wrap}
}
"""

# Open every <details> before printing, so the paper carries each item's history.
PRINT_SCRIPT = (
    "addEventListener('beforeprint',function(){"
    "document.querySelectorAll('details').forEach(function(d){d.open=true})})"
)


def esc(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def json_for_script(data) -> str:
    """JSON safe inside <script type="application/json">: no "</", "<!--" or "&" survives."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def bilingual(table: dict, key: str | None) -> str:
    english, chinese = pair(table, key)
    return f'{esc(english)}<span class="zh" lang="zh">{esc(chinese)}</span>' if chinese else esc(english)


def heading(key: str) -> str:
    return bilingual(HEADINGS, key)


def quantity(row: dict) -> str:
    from .render import quantity as plain_quantity

    return plain_quantity(row)


def quote(row: dict) -> str:
    """The sentence, escaped, with the statement's span in <mark>."""
    before, span, after = sentence_parts(row)
    return esc(before) + (f"<mark>{esc(span)}</mark>" if span else "") + esc(after)


def late_text(days: int | None) -> tuple[str, str]:
    """(English, 中文) for how long something has been overdue."""
    if days is None:
        return "", ""
    english, chinese = f"{days} day{'s' if days != 1 else ''}", f"{days} 天"
    years, months = divmod(round(days / 30.44), 12)
    if days >= 365:
        english += f" (about {years} year{'s' if years != 1 else ''}" + (f" {months} month{'s' if months != 1 else ''})" if months else ")")
        chinese += f"（约 {years} 年" + (f" {months} 个月）" if months else "）")
    elif days >= 60:
        english += f" (about {months} months)"
        chinese += f"（约 {months} 个月）"
    return english, chinese


# -- pieces ---------------------------------------------------------------------------------


def _page(title: str, body: str, data, lang: str = "en") -> str:
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{esc(lang)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{STYLE}</style></head>\n"
        f"<body><main>\n{body}\n"
        f'<footer>jjjtrack {esc(_version())} · <span lang="zh">由 jjjtrack 生成</span></footer>\n'
        "</main>\n"
        f'<script type="application/json" id="jjjtrack-data">{json_for_script(data)}</script>\n'
        f"<script>{PRINT_SCRIPT}</script>\n"
        "</body></html>\n"
    )


def _version() -> str:
    from . import __version__

    return __version__


def _cards(counts: dict) -> str:
    cards = []
    for key in (*STATUS_BUCKETS, OVERDUE, "total"):
        english, chinese = pair(STATES, key)
        cards.append(
            f'<div class="card {key}" data-count="{key}"><span class="num" id="count-{key}">'
            f"{int(counts.get(key) or 0)}</span>"
            f'<span class="label">{esc(english)} <span lang="zh">{esc(chinese)}</span></span></div>'
        )
    return f'<section class="cards" aria-label="Counts 统计">{"".join(cards)}</section>'


def _legend() -> str:
    keys = STATUS_BUCKETS
    return '<p class="legend">' + "".join(
        f'<span><span class="sw {k}-bg"></span>{bilingual(STATES, k)}</span>' for k in keys
    ) + "</p>"


def _segments(counts: dict) -> str:
    total = sum(int(counts.get(k) or 0) for k in STATUS_BUCKETS)
    parts = []
    for key in STATUS_BUCKETS:
        n = int(counts.get(key) or 0)
        if n and total:
            parts.append(
                f'<span class="seg {key}-bg" style="width:{100 * n / total:.3f}%" '
                f'title="{esc(both(STATES, key))}: {n}"></span>'
            )
    return "".join(parts)


def _bar_rows(groups: dict, labels: dict) -> str:
    if not groups:
        return f'<p class="empty">{heading("none")}</p>'
    rows = []
    for name, c in groups.items():
        summary = ", ".join(f"{pair(STATES, k)[0].lower()} {int(c.get(k) or 0)}" for k in STATUS_BUCKETS)
        rows.append(
            f'<div class="name">{bilingual(labels, name)}</div>'
            f'<div class="bar" role="img" aria-label="{esc(summary)}">{_segments(c)}</div>'
            f'<div class="nums"><strong>{c["done"]}</strong> {esc(pair(STATES, "done")[1])} · '
            f'<strong>{c["pending"]}</strong> {esc(pair(STATES, "pending")[1])} · '
            f'<strong class="late">{c["overdue"]}</strong> {esc(pair(STATES, "overdue")[1])} '
            f'({c["silent"]} {esc(pair(STATES, "silent")[1])}) · '
            f'{c["total"]} {esc(pair(STATES, "total")[1])}</div>'
        )
    return f'<div class="bars">{"".join(rows)}</div>'


def _timeline(by_year: dict, as_of: str, counts: dict) -> str:
    if not by_year:
        return f'<p class="empty">{heading("none")}</p>'
    peak = max(int(c["total"]) for c in by_year.values()) or 1
    columns = []
    for year, c in by_year.items():
        stack = "".join(
            f'<span class="seg {k}-bg" style="height:{TIMELINE_HEIGHT_PX * int(c[k]) / peak:.1f}px" '
            f'title="{esc(year)} {esc(both(STATES, k))}: {int(c[k])}"></span>'
            for k in STATUS_BUCKETS if int(c.get(k) or 0)
        )
        now = " now" if year == as_of[:4] else ""
        columns.append(
            f'<div class="year{now}"><span class="tot">{int(c["total"])}</span>'
            f'<span class="stack">{stack}</span><span class="yl">{esc(year)}</span></div>'
        )
    dated = sum(int(c["total"]) for c in by_year.values())
    undated = int(counts.get("total") or 0) - dated
    note = ""
    if undated > 0:
        english, chinese = pair(HEADINGS, "no_deadline")
        note = f'<p class="sub">{undated} {esc(english)} · {undated} {esc(chinese)}</p>'
    return f'{_legend()}<div class="timeline" role="img" aria-label="deadlines by year">{"".join(columns)}</div>{note}'


def _history_table(updates: list[dict]) -> str:
    head = "".join(
        f"<th>{heading(k)}</th>" for k in ("as_of_col", "status", "progress", "note", "source", "recorded")
    )
    rows = []
    for u in updates:
        progress = "" if u.get("progress") is None else f"{u['progress']:g}"
        status = u.get("status")
        rows.append(
            f"<tr><td>{esc(u.get('as_of'))}</td>"
            f"<td>{bilingual(STATES, status) if status else '—'}</td>"
            f'<td class="r">{esc(progress)}</td><td>{esc(u.get("note"))}</td>'
            f"<td>{esc(u.get('source'))}</td><td>{esc((u.get('recorded_at') or '')[:19])}</td></tr>"
        )
    return f'<table class="grid"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def _facts(row: dict, as_of: str | None, extra: bool = False, updates: list[dict] | None = None) -> str:
    from .reports import days_late

    facts = [("document", f'{esc(row.get("doc"))}' + (f' ({esc(row["doc_date"])})' if row.get("doc_date") else ""))]
    facts.append(("deadline", esc(row.get("deadline") or "—")))
    late = days_late(row, as_of) if as_of else None
    if late is not None:
        english, chinese = late_text(late)
        facts.append(("late", f'<span class="late">{esc(english)} · <span lang="zh">{esc(chinese)}</span></span>'))
    progress = _latest_progress(updates or [], as_of)
    if progress is not None:
        share = f" ({progress / row['value']:.0%})" if row.get("value") else ""
        facts.append(("progress", f"{esc(f'{progress:g}')} / {esc(quantity(row))}{esc(share)}"))
    facts.append(("category", bilingual(CATEGORIES, row.get("category"))))
    facts.append(("kind", bilingual(KINDS, row.get("kind"))))
    if extra:
        if row.get("region"):
            facts.append(("region", esc(row["region"])))
        for key in ("lead", "owner"):
            if row.get(key):
                facts.append((key, esc(row[key])))
        facts.append(("position", f"{esc(row.get('start'))}–{esc(row.get('end'))}"))
        if row.get("page"):
            facts.append(("page", esc(row["page"])))
    cells = "".join(f"<div><dt>{heading(k)}</dt><dd>{v}</dd></div>" for k, v in facts)
    return f'<dl class="facts">{cells}</dl>'


def _latest_progress(updates: list[dict], as_of: str | None) -> float | None:
    """The progress of the latest update dated on or before as_of that records one."""
    values = [u["progress"] for u in updates
              if u.get("progress") is not None and (as_of is None or (u.get("as_of") or "") <= as_of)]
    return values[-1] if values else None


def _title_line(row: dict, level: str = "h3") -> str:
    status = row.get("status") or "pending"
    what = row.get("subject") or ""
    return (
        f'<{level}><span class="id">#{esc(row.get("id"))}</span>{esc(row.get("text") or quantity(row))}'
        f'{" · " + esc(what) if what else ""}'
        f'<span class="badge {esc(status)}">{bilingual(STATES, status)}</span></{level}>'
    )


def _light_badge(schedule: dict | None) -> str:
    """The target's light and its state against its schedule, with both percentages."""
    if not schedule or not schedule.get("schedule_state"):
        return ""
    light, state = schedule.get("light") or "", schedule["schedule_state"]
    shares = [f"{pair(HEADINGS, key)[0]} {schedule[name]:g}%"
              for key, name in (("progress", "progress_pct"), ("schedule", "schedule_pct")) if schedule.get(name) is not None]
    words = (both(LIGHTS, light) + " · " if light else "") + both(SCHEDULE_STATES, state)
    return (f'<span class="light {esc(light)}" data-light="{esc(light)}">{esc(words)}'
            f'{esc(" · " + ", ".join(shares)) if shares else ""}</span>')


def _item(row: dict, as_of: str, updates: list[dict] | None, schedule: dict | None = None) -> str:
    status = row.get("status") or "pending"
    light = (schedule or {}).get("light")
    history = ""
    if updates is not None:
        history = (
            f'<details class="history"><summary>{heading("history")} ({len(updates)})</summary>'
            f"{_history_table(updates)}</details>"
        )
    return (
        f'<article class="item {esc(status)}{" light-" + esc(light) if light else ""}" id="c{esc(row.get("id"))}" '
        f'data-id="{esc(row.get("id"))}" data-status="{esc(status)}">{_title_line(row)}{_light_badge(schedule)}'
        f'<blockquote lang="zh">{quote(row)}</blockquote>{_facts(row, as_of, updates=updates)}{history}</article>'
    )


def _items_section(key: str, css: str, items: list[dict], as_of: str, histories: dict,
                   total: int | None = None, more: str = "", schedules: dict | None = None) -> str:
    total = len(items) if total is None else total
    schedules = schedules or {}
    body = "".join(_item(row, as_of, histories.get(row["id"]), schedules.get(row["id"])) for row in items)
    if not total:
        body = f'<p class="empty">{heading("none")}</p>'
    elif total > len(items):
        hidden = total - len(items)
        body += (f'<p class="sub">… {hidden} more: <code>jjjtrack list {esc(more)}</code> · '
                 f'<span lang="zh">其余 {hidden} 项见该命令</span></p>')
    return f'<section class="items {css}"><h2>{heading(key)} <span class="n">({total})</span></h2>{body}</section>'


def _others_section(report) -> str:
    """Every other commitment, by status; done and dropped folded away until asked for."""
    others = getattr(report, "others", None) or []
    total = getattr(report, "others_total", 0) or len(others)
    if not total:
        return ""
    groups = []
    for status in ATTENTION_ORDER:
        rows = [row for row in others if row.get("status") == status]
        if rows:
            opened = " open" if status in (*LATE_STATES, "in_progress", "pending") else ""
            body = "".join(_item(row, report.as_of, report.histories.get(row["id"]), report.schedules.get(row["id"]))
                           for row in rows)
            groups.append(
                f'<details class="group {status}"{opened}><summary>{bilingual(STATES, status)} '
                f'<span class="n">({len(rows)})</span></summary>{body}</details>'
            )
    if total > len(others):
        groups.append(f'<p class="sub">… {total - len(others)} more: <code>jjjtrack list</code> · '
                      f'<span lang="zh">其余 {total - len(others)} 项见 jjjtrack list</span></p>')
    return (f'<section class="items others"><h2>{heading("others")} <span class="n">({total})</span></h2>'
            f'{"".join(groups)}</section>')


# -- pages --------------------------------------------------------------------------------


def _lights_section(lights: dict) -> str:
    cards = "".join(
        f'<div class="card light-{key}" data-light-count="{key}"><span class="num">{int(lights.get(key, 0))}</span>'
        f'<span class="label">{bilingual(LIGHTS, key)}</span></div>' for key in ("green", "yellow", "red", "none"))
    return f'<section><h2>{heading("lights")}</h2><div class="cards">{cards}</div></section>'


def report_html(report, lang: str = "en") -> str:
    """The whole report: counts, lights, bars per category, kind, document (and lead unit),
    the timeline, then the items, each coloured by its light. Bilingual in both languages;
    lang zh marks the page Chinese."""
    c = report.counts
    overdue, due_soon = report.shown()
    english, chinese = pair(HEADINGS, "report")
    commitments = pair(HEADINGS, "commitments")
    body = [
        f'<header><h1>{esc(english)}<span class="zh" lang="zh">{esc(chinese)}</span></h1>'
        f'<p class="sub">{heading("as_of")} <strong id="as-of">{esc(report.as_of)}</strong> · '
        f"{int(c['total'])} {esc(commitments[0])} · {int(c['total'])} {esc(commitments[1])}</p></header>",
        _cards(c),
        _lights_section(getattr(report, "lights", None) or {}),
        f'<section><h2>{heading("by_category")}</h2><div class="panel">{_legend()}'
        f"{_bar_rows(report.by_category, CATEGORIES)}</div></section>",
        f'<section><h2>{heading("by_kind")}</h2><div class="panel">{_bar_rows(report.by_kind, KINDS)}</div></section>',
        f'<section><h2>{heading("by_document")}</h2><div class="panel">'
        f'{_bar_rows(getattr(report, "by_document", {}) or {}, {})}</div></section>',
        (f'<section><h2>{heading("by_lead")}</h2><div class="panel">{_legend()}'
         f'{_bar_rows(report.by_lead, {})}</div></section>' if getattr(report, "by_lead", None) else ""),
        f'<section><h2>{heading("by_year")}</h2><div class="panel">'
        f"{_timeline(getattr(report, 'by_year', {}) or {}, report.as_of, c)}</div></section>",
        _items_section("overdue_items", "overdue-items", overdue, report.as_of, report.histories,
                       c["overdue"], "--status overdue", report.schedules),
        _items_section("due_soon", "due-soon-items", due_soon, report.as_of, report.histories,
                       len(report.due_soon), "--status pending --sort deadline", report.schedules),
        _others_section(report),
    ]
    data = report.as_dict()
    data["items"] = data["items"][: len(overdue) + len(due_soon)]  # the ones this page lists
    data["histories"] = {str(k): v for k, v in (report.histories or {}).items()}
    return _page(f"{english} {chinese} · {report.as_of}", "\n".join(body), data, lang)


def _link_pairs(links: list[dict]) -> str:
    """Each link: the target's quote beside the evidence's, and the verdict."""
    if not links:
        return ""
    from .render_links import evidence_parts

    cards = []
    for link in links:
        before, span, after = evidence_parts(link)
        target = quote({"sentence": link["target_sentence"], "text": link["target_text"]})
        evidence = esc(before) + (f"<mark>{esc(span)}</mark>" if span else "") + esc(after)
        review = "" if link["review"] == "auto" else f" · {esc(link['review'])}"
        cards.append(
            f'<div class="pair" id="link{esc(link["id"])}" data-link="{esc(link["id"])}" '
            f'data-verdict="{esc(link["verdict"])}">'
            f'<div><span class="who">{heading("target")} · {esc(link["target_doc"])}</span>'
            f'<blockquote lang="zh">{target}</blockquote></div>'
            f'<div><span class="who">{heading("evidence")} · {esc(link["evidence_doc"])} '
            f'({esc(link.get("evidence_doc_date") or "—")}) {esc(link["evidence_start"])}–{esc(link["evidence_end"])}</span>'
            f'<blockquote lang="zh">{evidence}</blockquote></div>'
            f'<div class="verdict">{heading("link")} {esc(link["id"])}: '
            f'<span class="outcome {esc(link["verdict"])}">{bilingual(OUTCOMES, link["verdict"])}</span>{review} · '
            f'<code>jjjtrack link --reject {esc(link["id"])}</code></div></div>'
        )
    return (f'<section><h2>{heading("outcome_evidence")} <span class="n">({len(links)})</span></h2>'
            f'{"".join(cards)}</section>')


def commitment_html(row: dict, updates: list[dict], as_of: str, links: list[dict] | None = None) -> str:
    """One commitment's dossier: the quote, the facts, the outcome evidence beside the target,
    and the whole update history."""
    english, chinese = pair(HEADINGS, "dossier")
    body = (
        f'<header><p class="sub">{esc(english)} <span lang="zh">{esc(chinese)}</span> · '
        f'{heading("as_of")} {esc(as_of)}</p></header>'
        f'<article class="item {esc(row.get("status") or "pending")}{" light-" + esc(row["light"]) if row.get("light") else ""}" '
        f'id="c{esc(row.get("id"))}" data-id="{esc(row.get("id"))}" data-status="{esc(row.get("status"))}">'
        f'{_title_line(row, "h1")}{_light_badge(row)}<blockquote lang="zh">{quote(row)}</blockquote>'
        f"{_facts(row, as_of, extra=True, updates=updates)}</article>"
        f"{_link_pairs(links or [])}"
        f'<section><h2>{heading("history")} <span class="n">({len(updates)})</span></h2>'
        f'<div class="panel">{_history_table(updates)}</div></section>'
    )
    return _page(f"#{row.get('id')} {quantity(row)} {row.get('subject') or ''}", body,
                 {**row, "updates": updates, "links": links or []})


def _evidence_quote(evidence: dict) -> str:
    """A link's evidence sentence with its quote marked; a user's note as it is."""
    if evidence.get("by") != "link":
        return esc(evidence.get("sentence") or "")
    return quote({"sentence": evidence.get("sentence"), "text": evidence.get("text")})


def scorecard_html(card) -> str:
    """One document's targets and their outcomes, the table 量化指标任务落实情况."""
    from .render_links import result_text

    english, chinese = pair(HEADINGS, "scorecard")
    counts = card.counts
    summary = " · ".join(
        f'<span class="outcome {key}"><span id="count-{key}">{counts[key]}</span> {bilingual(OUTCOMES, key)}</span>'
        for key in counts if key != "total"
    )
    head = "".join(f"<th>{heading(key)}</th>" for key in
                   ("id_col", "target", "value", "deadline", "result", "outcome", "evidence", "where"))
    rows = []
    for row in card.rows:
        evidence = row["evidence"] or {}
        where = esc(evidence.get("where") or "")
        if evidence.get("link_id") is not None:
            where += f' <span class="sub">({heading("link")} {esc(evidence["link_id"])})</span>'
        rows.append(
            f'<tr data-id="{esc(row["id"])}" data-outcome="{esc(row["outcome"])}"><td class="r">{esc(row["id"])}</td>'
            f'<td>{esc(row.get("subject") or row.get("text"))}<div class="sub" lang="zh">{quote(row)}</div></td>'
            f'<td class="r">{esc(quantity(row))}</td><td class="date">{esc(row.get("deadline") or "—")}</td>'
            f'<td>{esc(result_text(row))}</td>'
            f'<td><span class="outcome {esc(row["outcome"])}">{bilingual(OUTCOMES, row["outcome"])}</span></td>'
            f'<td lang="zh">{_evidence_quote(evidence)}</td><td>{where}</td></tr>'
        )
    body = (
        f'<header><h1>{esc(english)}<span class="zh" lang="zh">{esc(chinese)}</span></h1>'
        f'<p class="sub">{esc(card.document["name"])} ({esc(card.document.get("doc_date") or "—")}) · '
        f'{heading("as_of")} <strong id="as-of">{esc(card.as_of)}</strong> · '
        f'<span id="count-total">{counts["total"]}</span> {heading("target")}</p></header>'
        f'<p>{summary}</p>'
        f'<div class="panel"><table class="grid"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
    )
    return _page(f"{english} {chinese} · {card.document['name']}", body, card.as_dict())
