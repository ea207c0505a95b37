"""The fast report paths give the same answers as the plain definitions, on a synthetic ledger.

benchmarks/make_ledger.py builds the ledger (seeded, the real schema); the expected figures
come from one straightforward query per commitment, written here the way the rules read.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import make_ledger  # noqa: E402

from jjjtrack.ledger import Ledger  # noqa: E402
from jjjtrack.reports import build_report  # noqa: E402

TODAY = make_ledger.TODAY


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    path = tmp_path_factory.mktemp("big") / "ledger.db"
    make_ledger.build(path, 3000, 15000, seed=5, quiet=True)
    led = Ledger(path)
    # a few retracted commitments and a document dated after every as-of date below
    led.conn.execute("UPDATE commitments SET retracted = 1 WHERE id % 97 = 0")
    led.conn.execute("UPDATE documents SET doc_date = '2030-01-01' WHERE id = 3")
    return led


def expected_states(led: Ledger, as_of: str, explicit: bool) -> list[tuple]:
    """(kind, category, deadline, state, overdue) of each commitment, rule by rule, one at a time."""
    out = []
    rows = led.conn.execute(
        "SELECT c.id, c.kind, c.category, c.deadline, d.doc_date FROM commitments c "
        "JOIN documents d ON d.id = c.document_id WHERE c.retracted = 0"
    ).fetchall()
    for ident, kind, category, deadline, doc_date in rows:
        if explicit and doc_date is not None and doc_date > as_of:
            continue
        latest = led.conn.execute(
            "SELECT status FROM updates WHERE commitment_id = ? AND status IS NOT NULL AND as_of <= ? "
            "ORDER BY as_of DESC, id DESC LIMIT 1",
            [ident, as_of],
        ).fetchone()
        stored = latest[0] if latest else "pending"
        if stored in ("done", "dropped", "missed"):
            state = stored
        elif kind == "target" and deadline is not None and deadline < as_of:
            state = "silent"
        else:
            state = stored
        out.append((kind, category, deadline, state, state in ("silent", "missed") and deadline is not None and deadline < as_of))
    return out


def fold(states, key) -> dict:
    groups: dict = {}
    for kind, category, deadline, state, overdue in states:
        grp = key(kind, category, deadline)
        if grp is None:
            continue
        c = groups.setdefault(grp, Counter())
        c[state] += 1
        c["overdue"] += overdue
        c["total"] += 1
    buckets = ("done", "missed", "silent", "in_progress", "pending", "dropped", "overdue", "total")
    return {g: {b: c[b] for b in buckets} for g, c in groups.items()}


@pytest.mark.parametrize("as_of, explicit", [(TODAY, False), ("2022-01-01", True), ("2018-06-30", True),
                                             ("2026-06-01", True)])
def test_counts_match_the_rules(big, as_of, explicit):
    states = expected_states(big, as_of, explicit)
    report = build_report(big, as_of if explicit else None, TODAY)
    assert report.counts == fold(states, lambda *_: "all").get("all")
    assert report.by_kind == fold(states, lambda kind, *_: kind)
    assert report.by_category == fold(states, lambda kind, category, deadline: category or "other")
    assert report.by_year == fold(states, lambda kind, category, deadline: deadline[:4] if deadline else None)
    assert list(report.by_year) == sorted(report.by_year)
    totals = [c["total"] for c in report.by_category.values()]
    assert totals == sorted(totals, reverse=True)
    overdue = [s for s in states if s[4]]
    assert len(report.overdue) == len(overdue) == report.counts["overdue"]
    deadlines = [(row["deadline"], row["id"]) for row in report.overdue]
    assert deadlines == sorted(deadlines)


def test_terminal_report_lists_the_most_overdue_and_names_the_rest(big, jjj, monkeypatch):
    from jjjtrack.render import TERMINAL_ITEMS

    monkeypatch.setenv("JJJTRACK_DB", str(big.path))
    monkeypatch.setenv("JJJTRACK_TODAY", TODAY)
    data = json.loads(jjj("report", "--format", "json").stdout)
    overdue = [item for item in data["items"] if item["status"] in ("silent", "missed")]
    assert len(overdue) == data["counts"]["overdue"] > TERMINAL_ITEMS  # json keeps every item
    out = jjj("report").stdout
    assert f"overdue (most overdue first): {len(overdue)}" in out
    assert f"… {len(overdue) - TERMINAL_ITEMS} more: jjjtrack list --status overdue --sort deadline" in out
    assert str(overdue[0]["id"]) in out


def test_sorting_by_value_either_way_is_the_plain_sort_and_its_exact_reverse(big):
    from jjjtrack.filters import make_filter

    def listed(sort, limit=None):
        flt = make_filter(None, None, None, None, None, None, None, sort, limit)
        return [(row["value"], row["id"]) for row in big.query(flt, TODAY)]

    everything = listed("value")
    nulls_first = sorted(everything, key=lambda pair: (pair[0] is not None, pair[0] or 0, pair[1]))
    assert everything == nulls_first  # SQLite orders NULL first, then by value, ties by id
    assert listed("-value") == everything[::-1]
    assert listed("-value", 50) == everything[::-1][:50]
    assert listed("value", 50) == everything[:50]
    plan = " ".join(row[3] for row in big.conn.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM commitments ORDER BY value DESC, id DESC LIMIT 50"))
    assert "idx_commitments_value" in plan and "TEMP B-TREE" not in plan


def test_sorting_by_deadline_puts_undated_commitments_last_either_way(big):
    from jjjtrack.filters import make_filter

    def listed(sort, limit=None):
        flt = make_filter(None, None, None, None, None, None, None, sort, limit)
        return [(row["deadline"], row["id"]) for row in big.query(flt, TODAY)]

    dated = sorted(pair for pair in listed("id") if pair[0] is not None)
    undated = [pair for pair in listed("id") if pair[0] is None]
    assert dated and undated
    assert listed("deadline") == dated + undated
    assert listed("-deadline") == dated[::-1] + undated[::-1]
    assert listed("deadline", 10) == dated[:10]
    overdue = big.overdue(TODAY, False, columns=("id", "deadline"), limit=25)
    assert [(row["deadline"], row["id"]) for row in overdue] == [
        (row["deadline"], row["id"]) for row in big.overdue(TODAY, False, columns=("id", "deadline"))][:25]


def test_markdown_and_html_list_the_first_overdue_and_count_them_all(big, monkeypatch):
    from jjjtrack import reports
    from jjjtrack.render import report_markdown
    from jjjtrack.render_html import report_html

    monkeypatch.setattr(reports, "LIST_LIMIT", 40)
    full = build_report(big, None, TODAY)
    detailed = build_report(big, None, TODAY, details=True)
    total = full.counts["overdue"]
    assert total > 40 and len(detailed.overdue) == 40
    assert [row["id"] for row in detailed.overdue] == [row["id"] for row in full.overdue[:40]]
    assert detailed.others_total == full.counts["total"] - total - len(full.due_soon)
    markdown = report_markdown(detailed)
    assert f"## Overdue ({total})" in markdown and f"{total - 40} more: `jjjtrack list --status overdue`" in markdown
    page = report_html(detailed)
    section = page.split('<section class="items overdue-items">')[1].split("</section>")[0]
    assert f'<span class="n">({total})</span>' in section and f"… {total - 40} more" in section
    assert all(f"#{row['id']}" in section for row in detailed.overdue)
