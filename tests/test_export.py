"""export, import and check: the ledger as JSON Lines, round trips, merges and integrity."""

from __future__ import annotations

import json
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SEEDS, damage, dump, empty_ledger, write_doc

SMALL = "发布日期:2023-03-01\n今年将建成5条城际铁路,新增12家三甲医院。去年已完成投资300亿元。\n"


def records(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


@pytest.fixture
def busy(seeded):
    """The seeds with a history: statuses, progress, notes in two scripts, a new deadline."""
    items = seeded.json("list")
    first, second = str(items[0]["id"]), str(items[1]["id"])
    seeded("update", first, "--status", "in_progress", "--progress", "1.5", "--note", "开工\n第二行", "--date", "2024-01-02")
    seeded("update", first, "--status", "done", "--source", "https://example.org/a?b=1", "--date", "2024-03-04")
    seeded("update", second, "--deadline", "2026-06-30", "--note", "推遲 'quoted' \"double\"")
    seeded("update", second, "--status", "dropped", "--date", "2024-05-01")
    return seeded


def test_export_is_json_lines_of_the_whole_ledger(busy, isolated_env):
    out = busy("export").stdout
    rows = records(out)
    assert rows[0] == {"type": "jjjtrack-export", "format": 2}
    kinds = [r["type"] for r in rows[1:]]
    conn = sqlite3.connect(isolated_env / "ledger.db")
    counts = [conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("documents", "commitments", "updates")]
    conn.close()
    assert [kinds.count(k) for k in ("document", "commitment", "update")] == counts
    # records name each other by stable keys; a record's own id travels only to be kept
    assert all("document_id" not in r and "commitment_id" not in r for r in rows)
    assert all(isinstance(r["id"], int) for r in rows if r["type"] in ("document", "commitment"))
    assert all("id" not in r for r in rows if r["type"] == "update")
    # each document is followed by its own commitments, each by its own updates
    current_doc = current = None
    for r in rows[1:]:
        if r["type"] == "document":
            current_doc = r["sha256"]
        elif r["type"] == "commitment":
            assert r["doc"] == current_doc
            current = (r["doc"], r["start"], r["end"], r["value"])
        else:
            assert (r["doc"], r["start"], r["end"], r["value"]) == current
    assert busy("export").stdout == out  # deterministic


def test_export_import_export_is_byte_identical(busy, jjj, tmp_path):
    first = busy("export").stdout
    other = str(tmp_path / "copy.db")
    result = jjj("import", "-", "--db", other, input=first)
    assert "commitments:" in result.stdout
    assert jjj("export", "--db", other).stdout == first
    # and the copy answers like the original
    def without_ids(items):
        return sorted((dict(i, id=None) for i in items), key=lambda i: (i["doc"], i["start"], i["end"]))

    assert without_ids(jjj.json("list", "--db", other)) == without_ids(busy.json("list"))
    searched = without_ids(jjj.json("list", "--search", "京津冀", "--db", other))
    assert searched and searched == without_ids(busy.json("list", "--search", "京津冀"))
    assert "ok" in jjj("check", "--db", other).stdout  # the search index included
    def report(*db):
        result = jjj.json("report", "--as-of", "2024-06-01", *db)
        return dict(result, items=[dict(i, id=None) for i in result["items"]])

    assert report("--db", other) == report()


def test_export_output_file(busy, tmp_path):
    path = tmp_path / "ledger.jsonl"
    result = busy("export", "--output", str(path))
    assert str(path) in result.stdout + result.stderr
    assert path.read_text(encoding="utf-8") == busy("export").stdout
    assert not (tmp_path / "ledger.jsonl.part").exists()


def test_import_twice_or_into_its_source_changes_nothing(busy, jjj, isolated_env, tmp_path):
    exported = tmp_path / "e.jsonl"
    busy("export", "--output", str(exported))
    before = dump(isolated_env / "ledger.db")
    out = busy("import", str(exported)).stdout
    assert "documents: 0 added" in out and "commitments: 0 added" in out and "updates: 0 added" in out
    assert dump(isolated_env / "ledger.db") == before
    other = str(tmp_path / "copy.db")
    jjj("import", str(exported), "--db", other)
    once = dump(other)
    jjj("import", str(exported), "--db", other)
    assert dump(other) == once


def test_import_merges_two_ledgers(jjj, tmp_path):
    a, b = str(tmp_path / "a.db"), str(tmp_path / "b.db")
    write_doc(tmp_path, "small.txt", SMALL)
    jjj("ingest", str(SEEDS / "000_a515818c1405c0be.txt"), str(SEEDS / "001_5b1d8aaeab51030a.txt"), "--db", a)
    jjj("ingest", str(SEEDS / "001_5b1d8aaeab51030a.txt"), str(tmp_path / "small.txt"), "--db", b)
    shared = next(i for i in jjj.json("list", "--db", b) if i["doc"].startswith("001_"))
    jjj("update", str(shared["id"]), "--status", "dropped", "--note", "from b", "--date", "2024-02-01", "--db", b)
    twin = next(i for i in jjj.json("list", "--db", a)
                if (i["doc"], i["start"], i["end"]) == (shared["doc"], shared["start"], shared["end"]))
    jjj("update", str(twin["id"]), "--note", "from a", "--date", "2024-01-01", "--db", a)

    jjj("import", "-", "--db", a, input=jjj("export", "--db", b).stdout)
    merged = jjj.json("list", "--db", a)
    assert {i["doc"] for i in merged} == {"000_a515818c1405c0be.txt", "001_5b1d8aaeab51030a.txt", "small.txt"}
    keys = [(i["doc"], i["start"], i["end"], i["value"]) for i in merged]
    assert len(keys) == len(set(keys))
    history = jjj.json("show", str(twin["id"]), "--db", a)
    notes = [u["note"] for u in history["updates"]]
    # one first state (both ledgers extracted it: the same fact), then both users' updates
    assert sum(n.startswith("extracted as") for n in notes) == 1
    assert "from a" in notes and "from b" in notes
    assert history["status"] == "dropped"  # the imported update is the latest
    assert jjj("check", "--db", a).exit_code == 0
    # merging the other way round gives the same commitments and updates; each ledger keeps
    # its own record of when it ingested a document and recorded the first states
    jjj("import", "-", "--db", b, input=jjj("export", "--db", a).stdout)

    def facts(db):
        return sorted(
            json.dumps({k: v for k, v in r.items() if k not in ("recorded_at", "ingested_at", "path", "id")},
                       ensure_ascii=False)
            for r in records(jjj("export", "--db", db).stdout)
        )

    assert facts(a) == facts(b)


def test_import_reads_standard_input_as_utf8(busy, jjj, tmp_path):
    other = str(tmp_path / "copy.db")
    exported = busy("export").stdout
    result = jjj("import", "-", "--db", other, input=exported.encode("utf-8"))
    assert result.exit_code == 0
    refused = jjj("import", "-", "--db", other, input=b"\xff\xfe" + exported.encode("utf-16-le"), ok=False)
    assert refused.exit_code == 1 and "standard input: not UTF-8" in refused.stderr


def test_import_is_all_or_nothing(busy, jjj, isolated_env, tmp_path):
    good = busy("export").stdout.splitlines(keepends=True)
    other = tmp_path / "copy.db"
    empty_ledger(other)
    before = dump(other)
    bad = good[:-1] + ['{"type": "update", "doc": "nope"}\n']
    result = jjj("import", "-", "--db", str(other), input="".join(bad), ok=False)
    assert result.exit_code == 1 and f"line {len(good)}" in result.stderr
    assert dump(other) == before


# -- check ----------------------------------------------------------------------------------


def test_check_passes_on_a_sound_ledger(busy):
    result = busy("check")
    assert result.exit_code == 0 and "ok" in result.stdout


@pytest.mark.parametrize(
    "statements, expected",
    [
        (["UPDATE commitments SET start = start + 1 WHERE id = 1"], "commitment 1: characters"),
        (["UPDATE commitments SET span = 'xx' WHERE id = 2"], "commitment 2"),
        (["UPDATE commitments SET end = 10000000 WHERE id = 3"], "commitment 3"),
        (["INSERT INTO updates (commitment_id, as_of, recorded_at) VALUES (99999, '2024-01-01', 'now')"],
         "refers to a missing commitments row"),
        (["UPDATE commitments SET status = 'done' WHERE id = 1 AND status != 'done'",
          "UPDATE commitments SET status = 'dropped' WHERE id = 1 AND status = 'done'"], "stored status"),
        (["INSERT INTO commitments_fts(rowid, span, subject, sentence) VALUES (424242, 'xxxx', 'yyyy', 'zzzz')"], "search index holds 1"),
        (["DELETE FROM commitments_fts WHERE rowid = 2"], "search index misses 1"),
    ],
)
def test_check_says_what_is_wrong(busy, isolated_env, statements, expected):
    path = isolated_env / "ledger.db"
    damage(path, *statements)
    result = busy("check", ok=False)
    assert result.exit_code == 1
    assert expected in result.stderr, result.stderr
    assert all(line.startswith("jjjtrack: ") for line in result.stderr.strip().splitlines())


def test_check_after_import_and_on_read_only(busy, isolated_env):
    path = isolated_env / "ledger.db"
    path.chmod(0o444)
    try:
        assert busy("check").exit_code == 0
    finally:
        path.chmod(0o644)


# -- properties -----------------------------------------------------------------------------

any_text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)


@pytest.fixture(scope="module")
def property_ledger(tmp_path_factory):
    from jjjtrack.ledger import Ledger
    from jjjtrack.models import DateSource, Document, Kind, Statement

    folder = tmp_path_factory.mktemp("prop")
    ledger = Ledger(folder / "p.db")
    text = "今年将建成5条城际铁路,新增12家三甲医院。"
    start = text.index("5条")
    ledger.add_document(
        Document("p.txt", "/p.txt", "sha-p", text, "simplified", "utf-8", "2023-01-01", DateSource.TEXT),
        [Statement(start, start + 2, "5条", text, 5.0, "条", "城际铁路", Kind.TARGET, "2023-12-31")],
        "v", "2024-06-01",
    )
    return folder, ledger


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(note=any_text, source=any_text, search=any_text, progress=st.none() | st.floats(0, 1e12))
def test_any_note_round_trips_and_any_search_is_safe(property_ledger, note, source, search, progress):
    from jjjtrack.filters import make_filter
    from jjjtrack.ledger import Ledger

    folder, ledger = property_ledger
    ledger.add_update(1, as_of="2024-01-01", note=note, source=source, progress=progress)
    assert ledger.history(1)[-1]["note"] == note
    found = ledger.query(make_filter(search=search or None), "2024-06-01")
    fields = "5条 城际铁路 今年将建成5条城际铁路,新增12家三甲医院。".casefold()
    if search and search.casefold() in fields and len(search) < 3:
        assert found
    exported = [json.dumps(r, ensure_ascii=False) + "\n" for r in ledger.export_records()]
    copy = folder / "copy.db"
    if copy.exists():
        copy.unlink()
    other = Ledger(copy)
    other.import_lines(exported, "property")
    assert [json.dumps(r, ensure_ascii=False) + "\n" for r in other.export_records()] == exported
    other.close()


@pytest.mark.parametrize("damage_kind", ["truncated", "zeroed pages"])
def test_a_damaged_file_is_named_never_a_traceback(busy, isolated_env, damage_kind):
    path = isolated_env / "ledger.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    if damage_kind == "truncated":
        data = data[: len(data) * 6 // 10 // page * page]
    else:
        for number in range(3, len(data) // page, 3):  # every third page's b-tree header
            data[number * page: number * page + 16] = bytes(16)
    path.write_bytes(bytes(data))
    result = busy("check", ok=False)
    assert result.exit_code == 1 and "damaged" in result.stderr, result.stderr
    for args in (("list",), ("report",), ("export",), ("show", "1"), ("update", "1", "--note", "x")):
        result = busy(*args, ok=False)
        assert result.exit_code in (0, 1) and isinstance(result.exception, (SystemExit, type(None))), (args, result.exception)
        assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) <= 1, (args, result.stderr)


def test_first_states_are_one_fact_across_ledgers(jjj, tmp_path, monkeypatch):
    """Two ledgers read the same undated bytes under other names on other days: merged, each
    commitment still has one first state."""
    undated = "今年将建成5条城际铁路,新增12家三甲医院。"
    write_doc(tmp_path, "one.txt", undated)
    write_doc(tmp_path, "two.txt", undated)
    a, b = str(tmp_path / "a.db"), str(tmp_path / "b.db")
    monkeypatch.setenv("JJJTRACK_TODAY", "2024-06-01")
    jjj("ingest", str(tmp_path / "one.txt"), "--db", a)
    monkeypatch.setenv("JJJTRACK_TODAY", "2024-07-15")
    jjj("ingest", str(tmp_path / "two.txt"), "--db", b)
    result = jjj("import", "-", "--db", a, input=jjj("export", "--db", b).stdout)
    assert "commitments: 0 added" in result.stdout and "updates: 0 added" in result.stdout
    for item in jjj.json("list", "--db", a):
        notes = [u["note"] for u in jjj.json("show", str(item["id"]), "--db", a)["updates"]]
        assert notes == [f"extracted as {item['kind']}"]
