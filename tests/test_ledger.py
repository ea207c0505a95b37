"""The ledger on documents and statements built in the test: schema, idempotence, updates, as-of."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

import pytest

from jjjtrack import migrations
from jjjtrack.errors import LedgerError, NotFound
from jjjtrack.filters import make_filter
from jjjtrack.ledger import Ledger, resolve_path
from jjjtrack.ledger.sql import UNINDEXED_AFTER
from jjjtrack.models import DateSource, Document, Kind, Statement
from jjjtrack.reports import build_report

TEXT = "今年将建成5条城际铁路,已新增12家三甲医院,力争到2030年建成3座机场。"


def make_doc(text=TEXT, sha="sha-1", date="2023-06-01"):
    return Document("a.txt", "/docs/a.txt", sha, text, "simplified", "utf-8", date, DateSource.TEXT)


def statement(text, number, unit, subject, kind, deadline=None, doc_text=TEXT):
    start = doc_text.index(number + unit)
    end = start + len(number + unit)
    return Statement(start, end, doc_text[start:end], text, float(number), unit, subject, kind, deadline)


STATEMENTS = [
    statement("今年将建成5条城际铁路", "5", "条", "城际铁路", Kind.TARGET, "2023-12-31"),
    statement("已新增12家三甲医院", "12", "家", "三甲医院", Kind.REPORTED),
    statement("力争到2030年建成3座机场", "3", "座", "机场", Kind.TARGET, "2030-12-31"),
]


def ledger_at_schema(path, version: int):
    """A ledger file as the jjjtrack of schema `version` made it: its first migrations only."""
    import sqlite_utils

    db = sqlite_utils.Database(path)
    for step in migrations.MIGRATIONS[:version]:
        step(db)
    db.execute(f"PRAGMA user_version = {version}")
    return db


@pytest.fixture
def ledger(tmp_path):
    led = Ledger(tmp_path / "l.db")
    led.add_document(make_doc(), STATEMENTS, "v1", "2024-06-01")
    return led


def test_new_ledger_records_schema_version_and_identity(tmp_path):
    led = Ledger(tmp_path / "fresh.db")
    assert migrations.schema_version(led.db) == migrations.SCHEMA_VERSION
    assert migrations.is_jjjtrack_ledger(led.db)
    assert {"documents", "commitments", "updates", "commitments_fts"} <= set(led.db.table_names())


def test_upgrade_from_first_schema_keeps_rows(tmp_path):
    path = tmp_path / "old.db"
    db = ledger_at_schema(path, 1)
    db.execute(
        "INSERT INTO documents (name, sha256, date_source, script, ingested_at, text) "
        "VALUES ('x.txt', 's', 'text', 'simplified', 'now', '今年建成5条城际铁路')"
    )
    db.execute(
        "INSERT INTO commitments (document_id, start, end, span, sentence, kind, status, retracted) "
        "VALUES (1, 4, 6, '5条', '今年建成5条城际铁路', 'target', 'pending', 0)"
    )
    db.conn.commit()
    db.conn.close()
    led = Ledger(path)
    assert migrations.schema_version(led.db) == migrations.SCHEMA_VERSION
    rows = led.query(make_filter(search="城际铁路"), "2024-06-01")
    assert [r["text"] for r in rows] == ["5条"]


def test_commitments_enter_with_their_first_state(ledger):
    rows = {r["text"]: r for r in ledger.query(make_filter(), "2023-07-01")}
    assert rows["5条"]["status"] == "pending"
    assert rows["12家"]["status"] == "done"
    history = ledger.history(rows["12家"]["id"])
    assert [(h["status"], h["source"], h["as_of"]) for h in history] == [("done", "a.txt", "2023-06-01")]


def test_same_bytes_twice_change_nothing(tmp_path):
    """Ingest decides what needs no extracting again: bytes this extractor read before,
    in an earlier run or earlier in the same one."""
    from jjjtrack.ingest import ingest

    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "copy.txt").write_text(TEXT, encoding="utf-8")
    led = Ledger(tmp_path / "l.db")
    files = [str(tmp_path / "a.txt"), str(tmp_path / "copy.txt")]
    first = ingest(led, files, date="2023-06-01", today="2024-06-01", jobs=1)
    assert [r.action for r in first.results] == ["new", "unchanged"] and first.problems == []
    counts = (led.db["commitments"].count, led.db["updates"].count)
    again = ingest(led, files[:1], date="2023-06-01", today="2024-06-01", jobs=1)
    assert [r.action for r in again.results] == ["unchanged"]
    assert (led.db["commitments"].count, led.db["updates"].count) == counts and counts[0] > 0


def test_newer_extractor_keeps_user_updates(ledger):
    target = ledger.query(make_filter(search="城际铁路"), "2024-06-01")[0]
    ledger.add_update(target["id"], as_of="2024-01-10", status="done", note="opened")
    moved = Statement(target["start"] - 2, target["end"], TEXT[target["start"] - 2:target["end"]], "今年将建成5条城际铁路",
                      5.0, "条", "城际铁路", Kind.TARGET, "2023-12-31")
    result = ledger.add_document(make_doc(), [moved, STATEMENTS[2]], "v2", "2024-06-01")
    assert result.action == "re-extracted"
    again = ledger.get(target["id"], "2024-06-01")
    assert again["status"] == "done" and again["start"] == target["start"] - 2
    assert [h["note"] for h in ledger.history(target["id"])][-1] == "opened"
    # the reported statement the new extractor no longer finds is retracted, not deleted
    assert ledger.db["commitments"].count == 3
    assert len(ledger.query(make_filter(), "2024-06-01")) == 2


def test_overdue_is_computed_against_the_as_of_date(ledger):
    before = build_report(ledger, "2023-12-31", "2024-06-01").counts
    after = build_report(ledger, "2024-01-01", "2024-06-01").counts
    assert (before["overdue"], before["pending"]) == (0, 2)
    assert (after["overdue"], after["pending"]) == (1, 1)


def test_backdated_update_counts_from_its_date(ledger):
    target = ledger.query(make_filter(status="overdue"), "2024-06-01")[0]
    jan = build_report(ledger, "2024-01-01", "2024-06-01").counts
    ledger.add_update(target["id"], as_of="2024-01-15", status="done")
    assert build_report(ledger, "2024-01-01", "2024-06-01").counts == jan
    later = build_report(ledger, "2024-02-01", "2024-06-01").counts
    assert later["done"] == jan["done"] + 1 and later["overdue"] == jan["overdue"] - 1


def test_documents_dated_after_as_of_are_left_out(ledger):
    assert build_report(ledger, "2023-05-01", "2024-06-01").counts["total"] == 0
    assert build_report(ledger, "2023-06-01", "2024-06-01").counts["total"] == 3


def test_progress_reaching_the_value_marks_done(ledger):
    target = ledger.query(make_filter(search="机场"), "2024-06-01")[0]
    assert not ledger.add_update(target["id"], as_of="2024-05-01", progress=2).marked_done_by_progress
    result = ledger.add_update(target["id"], as_of="2024-05-02", progress=3)
    assert result.marked_done_by_progress and result.status == "done"


def test_deadline_change_is_kept_in_history(ledger):
    target = ledger.query(make_filter(search="机场"), "2024-06-01")[0]
    ledger.add_update(target["id"], as_of="2024-05-01", deadline="2031-06-30")
    assert ledger.get(target["id"], "2024-06-01")["deadline"] == "2031-06-30"
    assert "2030-12-31 -> 2031-06-30" in ledger.history(target["id"])[-1]["note"]


def test_unknown_id_is_not_found_and_changes_nothing(ledger):
    with pytest.raises(NotFound):
        ledger.add_update(999, as_of="2024-01-01", status="done")
    assert ledger.db["updates"].count == 3


@pytest.mark.parametrize("query, expected", [("城际", ["5条"]), ("三甲医院", ["12家"]), ("%", []), ("_", []), ("'; DROP", [])])
def test_search_is_literal_in_both_index_and_like(ledger, query, expected):
    assert [r["text"] for r in ledger.query(make_filter(search=query), "2024-06-01")] == expected


def test_filters_combine(ledger):
    rows = ledger.query(make_filter(kind="target", due_before="2025-01-01"), "2024-06-01")
    assert [r["text"] for r in rows] == ["5条"]
    rows = ledger.query(make_filter(sort="-value", limit=2), "2024-06-01")
    assert [r["value"] for r in rows] == [12.0, 5.0]


def test_not_a_ledger_is_refused(tmp_path):
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("create table x(a)")
    conn.commit()
    conn.close()
    with pytest.raises(LedgerError, match="not a jjjtrack ledger"):
        Ledger(other)
    text = tmp_path / "text.db"
    text.write_text("hello")
    with pytest.raises(LedgerError, match="not a SQLite database"):
        Ledger(text)


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "new.db"
    led = Ledger(path)
    led.db.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 1}")
    led.close()
    with pytest.raises(LedgerError, match="newer"):
        Ledger(path)


def test_db_in_missing_folder_is_an_error(tmp_path):
    with pytest.raises(LedgerError, match="does not exist"):
        resolve_path(str(tmp_path / "no" / "such" / "l.db"))
    assert not (tmp_path / "no").exists()


def test_an_sqlite_too_old_for_trigram_search_is_refused_in_one_line(tmp_path, monkeypatch):
    import jjjtrack.ledger.store as ledger_module

    monkeypatch.setattr(ledger_module.sqlite3, "sqlite_version_info", (3, 26, 0))
    monkeypatch.setattr(ledger_module.sqlite3, "sqlite_version", "3.26.0")
    with pytest.raises(LedgerError, match=r"needs SQLite 3\.34\.0 or newer .* has SQLite 3\.26\.0"):
        Ledger(tmp_path / "l.db")
    assert not (tmp_path / "l.db").exists()


# -- a sentence is indexed once, on the first of its commitments ---------------------------

SHARED = "全年新建城际铁路5条、机场3座。"


def shared_statements(sentence=SHARED):
    return [
        statement(sentence, "5", "条", "城际铁路", Kind.REPORTED, doc_text=SHARED),
        statement(sentence, "3", "座", "机场", Kind.REPORTED, doc_text=SHARED),
    ]


@pytest.fixture
def shared(tmp_path):
    """A ledger holding SHARED: two numbers in one sentence."""
    led = Ledger(tmp_path / "l.db")
    led.add_document(make_doc(SHARED), shared_statements(), "v1", "2024-06-01")
    return led


def indexed_sentences(led) -> int:
    """How many commitments the index holds a trigram of the sentence for (全年新 is in no span or subject)."""
    led.conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.terms USING fts5vocab(main, commitments_fts, instance)")
    return led.conn.execute("SELECT COUNT(DISTINCT doc) FROM temp.terms WHERE term = '全年新'").fetchone()[0]


def test_a_sentence_with_two_numbers_is_indexed_once_and_finds_both(shared):
    assert indexed_sentences(shared) == 1
    found = shared.query(make_filter(search="全年新建"), "2024-06-01")
    assert [r["text"] for r in found] == ["5条", "3座"]
    assert shared.check() == []


def test_re_extraction_that_moves_the_first_sentence_keeps_the_rest_searchable(shared):
    first, second = shared_statements()
    moved = replace(first, sentence="全年新建城际铁路5条")
    assert shared.add_document(make_doc(SHARED), [moved, second], "v2", "2024-06-01").action == "re-extracted"
    assert [r["text"] for r in shared.query(make_filter(search="机场3座。"), "2024-06-01")] == ["3座"]
    assert [r["text"] for r in shared.query(make_filter(search="全年新建"), "2024-06-01")] == ["5条", "3座"]
    assert indexed_sentences(shared) == 2  # two sentences now, each on its own head
    assert shared.check() == []


def test_upgrade_from_schema_6_indexes_each_sentence_once(tmp_path):
    path = tmp_path / "v6.db"
    db = ledger_at_schema(path, 6)
    db.execute("INSERT INTO documents (name, sha256, date_source, script, ingested_at, text) "
               "VALUES ('x.txt', 's', 'text', 'simplified', 'now', ?)", [SHARED])
    for first in shared_statements():
        db.execute("INSERT INTO commitments (document_id, start, end, span, sentence, kind, status, retracted) "
                   "VALUES (1, ?, ?, ?, ?, 'target', 'pending', 0)", [first.start, first.end, first.text, first.sentence])
    db.conn.commit()
    db.conn.close()
    led = Ledger(path)
    assert migrations.schema_version(led.db) == migrations.SCHEMA_VERSION
    assert indexed_sentences(led) == 1
    assert [r["text"] for r in led.query(make_filter(search="全年新建"), "2024-06-01")] == ["5条", "3座"]
    assert led.check() == []


def test_check_finds_a_sentence_carried_twice(shared):
    with shared.transaction():
        shared.conn.execute("UPDATE commitments SET same_sentence_as = NULL")
    assert shared.check() == ["1 commitments name the wrong first commitment of their sentence (same_sentence_as)"]


def test_a_span_or_subject_outside_its_sentence_is_indexed_itself(tmp_path):
    led = Ledger(tmp_path / "l.db")
    first, second = shared_statements()
    capped = replace(second, sentence="全年新建城际铁路", subject="民用运输机场")  # a sentence cut before its number
    led.add_document(make_doc(SHARED), [first, capped], "v1", "2024-06-01")
    assert [r["text"] for r in led.query(make_filter(search="运输机场"), "2024-06-01")] == ["3座"]
    assert [r["text"] for r in led.query(make_filter(search="民用运"), "2024-06-01")] == ["3座"]
    assert [r["text"] for r in led.query(make_filter(search="城际铁路"), "2024-06-01")] == ["5条", "3座"]
    assert led.check() == []


def shared_doc(n: int) -> Document:
    return make_doc(SHARED, sha=f"sha-{n}")


def unindexed_mark(led):
    return led.conn.execute("SELECT value FROM jjjtrack_meta WHERE key = ?", [UNINDEXED_AFTER]).fetchone()


def test_batched_writes_index_each_commit_and_leave_no_mark(tmp_path):
    led = Ledger(tmp_path / "l.db")
    with led.batched_writes(most=2):
        for n in range(5):
            led.add_document(shared_doc(n), shared_statements(), "v1", "2024-06-01")
        assert unindexed_mark(led) is not None  # the fifth is not committed yet
        found_inside = led.query(make_filter(search="全年新建"), "2024-06-01")
    assert len(found_inside) == 8  # the two batches committed so far
    assert unindexed_mark(led) is None
    assert len(led.query(make_filter(search="全年新建"), "2024-06-01")) == 10
    assert indexed_sentences(led) == 5
    assert led.check() == []


def test_a_failed_write_in_a_batch_leaves_the_others(tmp_path):
    led = Ledger(tmp_path / "l.db")
    broken = [*shared_statements(), None]  # fails after its document and first rows are in
    with led.batched_writes():
        led.add_document(shared_doc(1), shared_statements(), "v1", "2024-06-01")
        with pytest.raises(AttributeError):
            led.add_document(shared_doc(2), broken, "v1", "2024-06-01")
        led.add_document(shared_doc(3), shared_statements(), "v1", "2024-06-01")
    assert [d["sha256"] for d in led.db["documents"].rows] == ["sha-1", "sha-3"]
    assert len(led.query(make_filter(search="全年新建"), "2024-06-01")) == 4
    assert led.check() == []


def test_an_interrupted_batch_keeps_what_it_finished(tmp_path):
    led = Ledger(tmp_path / "l.db")
    with pytest.raises(KeyboardInterrupt):
        with led.batched_writes():
            led.add_document(shared_doc(1), shared_statements(), "v1", "2024-06-01")
            raise KeyboardInterrupt
    reopened = Ledger(tmp_path / "l.db")
    assert [r["text"] for r in reopened.query(make_filter(search="全年新建"), "2024-06-01")] == ["5条", "3座"]
    assert unindexed_mark(reopened) is None
    assert reopened.check() == []


def test_a_re_extraction_inside_a_batch_keeps_the_index_whole(shared):
    first, second = shared_statements()
    moved = replace(first, sentence="全年新建城际铁路5条")
    extra = replace(second, sentence="全年新建城际铁路5条", value=4.0)
    with shared.batched_writes():
        shared.add_document(shared_doc(2), shared_statements(), "v1", "2024-06-01")  # new rows, not yet indexed
        assert shared.add_document(make_doc(SHARED), [moved, second, extra], "v2", "2024-06-01").action == "re-extracted"
    found = shared.query(make_filter(search="全年新建城际铁路5条"), "2024-06-01")
    assert [(r["id"], r["text"]) for r in found] == [(1, "5条"), (2, "3座"), (3, "5条"), (4, "3座"), (5, "3座")]
    assert [r["id"] for r in shared.query(make_filter(search="机场3座。"), "2024-06-01")] == [2, 3, 4]
    assert shared.check() == []  # check runs FTS5's integrity-check against the content


def test_upgrade_from_schema_7_keeps_the_index_in_step(tmp_path):
    path = tmp_path / "v7.db"
    db = ledger_at_schema(path, 7)
    db.conn.commit()
    db.conn.close()
    led = Ledger(path)
    assert migrations.schema_version(led.db) == migrations.SCHEMA_VERSION
    led.add_document(make_doc(SHARED), shared_statements(), "v1", "2024-06-01")  # the triggers index it
    assert [r["text"] for r in led.query(make_filter(search="全年新建"), "2024-06-01")] == ["5条", "3座"]
    assert led.check() == []


def test_status_as_of_a_date_with_updates_recorded_out_of_order(ledger):
    target = ledger.query(make_filter(search="机场"), "2024-06-01")[0]["id"]
    ledger.add_update(target, as_of="2024-03-01", status="done")
    ledger.add_update(target, as_of="2024-02-01", status="in_progress")  # backdated, recorded later
    row = ledger.db.execute("SELECT status, status_since FROM commitments WHERE id = ?", [target]).fetchone()
    assert row == ("done", "2024-03-01")

    def status_on(day):
        return {r["id"]: r["status"] for r in ledger.query(make_filter(as_of=day), "2024-06-01")}[target]

    assert [status_on(d) for d in ("2024-01-15", "2024-02-15", "2024-03-05")] == ["pending", "in_progress", "done"]
    assert ledger.check() == []


def test_check_finds_a_wrong_status_date(ledger):
    with ledger.transaction():
        ledger.conn.execute("UPDATE commitments SET status_since = '2020-01-01' WHERE id = 1")
    assert ledger.check() == ["commitment 1: status set on 2020-01-01 but its updates say 2023-06-01"]


def undo_m016_search_simplified(db) -> None:
    for trigger in ("commitments_ai", "commitments_ad", "commitments_au"):
        db.execute(f"DROP TRIGGER {trigger}")
    db.execute("DROP VIEW commitments_search")
    db.execute("ALTER TABLE commitments DROP COLUMN search_sentence")
    db.execute(
        "CREATE VIEW commitments_search(id, span, subject, sentence) AS SELECT id, "
        "CASE WHEN instr(commitments.sentence, commitments.span) THEN '' ELSE commitments.span END, "
        "CASE WHEN instr(commitments.sentence, commitments.subject) THEN '' ELSE commitments.subject END, "
        "CASE WHEN commitments.same_sentence_as IS NULL THEN commitments.sentence ELSE '' END FROM commitments"
    )
    migrations._m007_m008_search_triggers(db, when_indexed=True)
    db.execute("INSERT INTO commitments_fts(commitments_fts) VALUES ('rebuild')")


def undo(db, *statements: str) -> None:
    for statement in statements:
        db.execute(statement)


def undo_m015_supervision(db) -> None:
    undo(db, "DROP INDEX idx_updates_lead", "DROP INDEX idx_updates_owner", "DROP INDEX idx_updates_progress",
         "ALTER TABLE updates DROP COLUMN lead", "ALTER TABLE updates DROP COLUMN owner",
         "ALTER TABLE commitments DROP COLUMN lead", "ALTER TABLE commitments DROP COLUMN owner",
         "ALTER TABLE commitments DROP COLUMN baseline")


def back_to_schema_10(db) -> None:
    """Undo migrations 16 down to 11, as a ledger of schema 10 was."""
    undo_m016_search_simplified(db)
    undo_m015_supervision(db)
    undo(db, "ALTER TABLE commitments DROP COLUMN page", "DROP TABLE document_dates",
         "ALTER TABLE documents DROP COLUMN text_sha256", "DROP INDEX idx_commitments_report",
         "CREATE INDEX idx_commitments_report ON commitments(kind, category, deadline, status, document_id, "
         "status_since) WHERE retracted IS 0",
         "ALTER TABLE commitments DROP COLUMN stated_deadline", "ALTER TABLE commitments DROP COLUMN deadline_since")


def undo_m010_links(db) -> None:
    """Back to schema 9: m010's links gone."""
    undo(db, "DROP INDEX idx_updates_link", "ALTER TABLE updates DROP COLUMN link_id", "DROP TABLE links",
         "DROP INDEX idx_commitments_indicator", "ALTER TABLE commitments DROP COLUMN indicator",
         "ALTER TABLE commitments DROP COLUMN direction", "ALTER TABLE commitments DROP COLUMN period",
         "ALTER TABLE documents DROP COLUMN linked_at")


def test_upgrade_from_schema_8_dates_every_stored_status(tmp_path):
    import sqlite_utils

    path = tmp_path / "v8.db"
    led = Ledger(path)
    led.add_document(make_doc(), STATEMENTS, "v1", "2024-06-01")
    target = led.query(make_filter(search="机场"), "2024-06-01")[0]["id"]
    led.add_update(target, as_of="2024-03-01", status="done")
    led.close()
    db = sqlite_utils.Database(path)  # back to schema 8, as that jjjtrack left it
    back_to_schema_10(db)
    undo_m010_links(db)
    db.execute("DROP INDEX idx_commitments_report")
    db.execute("CREATE INDEX idx_commitments_report ON commitments(kind, category, deadline, status, document_id) "
               "WHERE retracted IS 0")
    db.execute("ALTER TABLE commitments DROP COLUMN status_since")
    db.execute("PRAGMA user_version = 8")
    db.conn.commit()
    db.conn.close()
    led = Ledger(path)
    assert migrations.schema_version(led.db) == migrations.SCHEMA_VERSION
    since = dict(led.db.execute("SELECT id, status_since FROM commitments").fetchall())
    assert since == {1: "2023-06-01", 2: "2023-06-01", 3: "2024-03-01"}
    assert led.check() == []


@pytest.mark.parametrize("step", ["_index_deferred", "_defer_indexing"])
def test_a_batch_interrupted_inside_its_own_bookkeeping_leaves_a_sound_ledger(tmp_path, monkeypatch, step):
    """Ctrl-C lands between two statements of the second batch: right after it indexed its rows
    (before its COMMIT), or right after it marked the index deferred (before it knew the mark).
    Either used to index rows twice, which FTS5 reports as a malformed database."""
    led = Ledger(tmp_path / "l.db")
    led.add_document(shared_doc(0), shared_statements(), "v1", "2024-06-01")  # committed before
    real, calls = getattr(Ledger, step), []

    def interrupted(self, *args):
        result = real(self, *args)
        calls.append(step)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return result

    monkeypatch.setattr(Ledger, step, interrupted)
    with pytest.raises(KeyboardInterrupt):
        with led.batched_writes(most=1):
            for n in range(1, 4):
                led.add_document(shared_doc(n), shared_statements(), "v1", "2024-06-01")
    monkeypatch.undo()
    reopened = Ledger(tmp_path / "l.db")
    assert reopened.check() == []
    assert unindexed_mark(reopened) is None
    # the first batch (sha-1) committed; the second, interrupted, is gone whole
    assert [d["sha256"] for d in reopened.db["documents"].rows] == ["sha-0", "sha-1"]
    assert len(reopened.query(make_filter(search="全年新建"), "2024-06-01")) == 4


def _schema(conn) -> list[tuple]:
    return sorted(conn.execute("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").fetchall())


@pytest.mark.parametrize("version", range(1, migrations.SCHEMA_VERSION))
def test_a_ledger_of_every_schema_version_migrates_to_the_latest(tmp_path, version):
    """Rows written at any old version survive, and the schema ends exactly as a new ledger's."""
    db = ledger_at_schema(tmp_path / "old.db", version)
    db.execute(
        "INSERT INTO documents (name, sha256, date_source, script, ingested_at, text) "
        "VALUES ('x.txt', 's', 'text', 'simplified', 'now', '今年建成5条城际铁路')"
    )
    db.execute(
        "INSERT INTO commitments (document_id, start, end, span, sentence, kind, status, retracted, deadline) "
        "VALUES (1, 4, 6, '5条', '今年建成5条城际铁路', 'target', 'pending', 0, '2023-12-31')"
    )
    db.execute("INSERT INTO updates (commitment_id, as_of, status, note, recorded_at) "
               "VALUES (1, '2023-03-05', 'pending', 'extracted as target', 'now')")
    db.execute("INSERT INTO updates (commitment_id, as_of, status, recorded_at) VALUES (1, '2024-01-10', 'done', 'now')")
    db.execute("UPDATE commitments SET status = 'done' WHERE id = 1")
    if version >= 9:  # the stored status's date, as that jjjtrack kept it
        db.execute("UPDATE commitments SET status_since = '2024-01-10' WHERE id = 1")
    if version >= 11:  # the deadline the document stated
        db.execute("UPDATE commitments SET stated_deadline = deadline WHERE id = 1")
    if version >= 12:  # the digest of the text
        from jjjtrack.ledger.validate import text_digest

        db.execute("UPDATE documents SET text_sha256 = ? WHERE id = 1", [text_digest("今年建成5条城际铁路")])
    db.conn.commit()
    db.conn.close()
    led = Ledger(tmp_path / "old.db")
    assert migrations.schema_version(led.conn) == migrations.SCHEMA_VERSION
    assert _schema(led.conn) == _schema(Ledger(tmp_path / "new.db").conn)
    assert led.check() == []
    [row] = led.query(make_filter(search="城际铁路"), "2024-06-01")
    assert (row["text"], row["status"]) == ("5条", "done")
    assert led.query(make_filter(as_of="2023-12-31"), "2024-06-01")[0]["status"] == "pending"


def test_upgrade_from_schema_10_reads_the_stated_deadline_back_and_dates_the_change(tmp_path):
    import sqlite_utils

    path = tmp_path / "v10.db"
    led = Ledger(path)
    led.add_document(make_doc(), STATEMENTS, "v1", "2024-06-01")
    target = led.query(make_filter(search="机场"), "2024-06-01")[0]
    led.add_update(target["id"], as_of="2024-05-01", deadline="2030-12-31")
    led.close()
    db = sqlite_utils.Database(path)  # back to schema 10: the deadline column simply overwritten
    back_to_schema_10(db)
    db.execute("PRAGMA user_version = 10")
    db.conn.commit()
    db.conn.close()
    led = Ledger(path)
    row = led.db.execute("SELECT deadline, stated_deadline, deadline_since FROM commitments WHERE id = ?",
                         [target["id"]]).fetchone()
    assert row == ("2030-12-31", target["deadline"], "2024-05-01")
    assert led.get(target["id"], "2024-04-01")["deadline"] == target["deadline"]
    assert led.check() == []
