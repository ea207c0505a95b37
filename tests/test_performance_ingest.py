"""ingest --jobs: worker processes read and extract, the ledger ends up exactly as with one process.

Functional tests only: the speed is measured by benchmarks/run.py, never asserted here.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

import pytest

from conftest import SEEDS

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import make_corpus  # noqa: E402

from jjjtrack.filters import make_filter  # noqa: E402


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    make_corpus.build_folder(folder, 12, seed=3)
    (folder / "d00005.txt").write_bytes(b"\x00\x01\x02 binary, not text" * 10)  # refused, the rest go in
    return folder


def ledger_rows(path) -> list:
    conn = sqlite3.connect(path)
    try:
        documents = conn.execute("SELECT name, sha256, doc_date, date_source FROM documents ORDER BY id").fetchall()
        commitments = conn.execute(
            "SELECT document_id, start, end, span, value, kind, deadline, status FROM commitments ORDER BY id"
        ).fetchall()
        updates = conn.execute("SELECT commitment_id, as_of, status, note, source FROM updates ORDER BY id").fetchall()
        return [documents, commitments, updates]
    finally:
        conn.close()


def ingest(jjj, monkeypatch, db, *args):
    monkeypatch.setenv("JJJTRACK_DB", str(db))
    return jjj("ingest", *args, ok=False)


def test_jobs_give_the_same_ledger_in_the_same_order(jjj, monkeypatch, tmp_path, corpus):
    one = ingest(jjj, monkeypatch, tmp_path / "one.db", "--jobs", "1", str(corpus))
    two = ingest(jjj, monkeypatch, tmp_path / "two.db", "--jobs", "2", str(corpus))
    default = ingest(jjj, monkeypatch, tmp_path / "default.db", str(corpus))  # 12 files: workers by default
    for result in (one, two, default):
        assert result.exit_code == 1  # the binary file
        assert "skipped" in result.stderr and "d00005.txt" in result.stderr
    assert one.stdout == two.stdout == default.stdout
    rows = ledger_rows(tmp_path / "one.db")
    assert len(rows[0]) == 11 and rows[1] and len(rows[2]) >= len(rows[1])
    assert rows == ledger_rows(tmp_path / "two.db") == ledger_rows(tmp_path / "default.db")
    names = [name for name, *_ in rows[0]]
    assert names == sorted(names)  # written in the order the files were given


def test_a_second_parallel_ingest_changes_nothing(jjj, monkeypatch, tmp_path, corpus):
    db = tmp_path / "l.db"
    ingest(jjj, monkeypatch, db, "--jobs", "2", str(corpus))
    before = ledger_rows(db)
    again = ingest(jjj, monkeypatch, db, "--jobs", "2", str(corpus))
    assert ledger_rows(db) == before
    assert again.stdout.count("unchanged") == 11 and " new " not in again.stdout


def test_parallel_ingest_keeps_user_updates(jjj, monkeypatch, tmp_path, corpus):
    db = tmp_path / "l.db"
    ingest(jjj, monkeypatch, db, "--jobs", "2", str(corpus))
    first = json.loads(jjj("list", "--limit", "1", "--format", "json").stdout)[0]
    jjj("update", str(first["id"]), "--status", "done", "--note", "checked")
    ingest(jjj, monkeypatch, db, "--jobs", "2", str(corpus), str(SEEDS))
    assert json.loads(jjj("show", str(first["id"]), "--format", "json").stdout)["status"] == "done"


def test_jobs_must_be_positive(jjj, corpus):
    result = jjj("ingest", "--jobs", "0", str(corpus), ok=False)
    assert result.exit_code == 1 and "--jobs" in result.stderr


def test_workers_skip_what_this_extractor_already_read(tmp_path):
    import functools

    from jjjtrack.batch import WorkerPool
    from jjjtrack.ingest import read_one

    folder = tmp_path / "c"
    make_corpus.build_folder(folder, 4, seed=1)
    files = sorted(str(p) for p in folder.iterdir())
    fresh = read_one(files[0], date=None, known=frozenset())
    assert fresh.statements and fresh.error is None
    known = frozenset({fresh.document.sha256})
    with WorkerPool(files, functools.partial(read_one, date=None, known=known), jobs=2) as reads:
        results = list(reads)
    assert [r.path for r in results] == files
    assert results[0].statements is None and results[0].document.sha256 == fresh.document.sha256
    assert all(r.statements for r in results[1:])


def test_a_batch_ingest_commits_before_it_waits_for_the_workers(tmp_path, monkeypatch):
    """Another process sees every document written so far whenever the writer waits: an
    idle batch holds no lock."""
    import time

    from jjjtrack import batch
    from jjjtrack.extract import EXTRACTOR_VERSION
    from jjjtrack.ledger import Ledger

    folder = tmp_path / "c"
    make_corpus.build_folder(folder, 6, seed=2)
    files = sorted(str(p) for p in folder.iterdir())
    monkeypatch.setattr(batch, "CHUNK_FILES", 2)
    ledger, written, seen = Ledger(tmp_path / "l.db"), [], []

    def look_from_another_connection():
        ledger.commit_batch()
        other = sqlite3.connect(tmp_path / "l.db")
        seen.append((len(written), other.execute("SELECT COUNT(*) FROM documents").fetchone()[0]))
        other.close()

    with batch.WorkerPool(files, _read_slowly, 1, before_waiting=look_from_another_connection) as reads, \
            ledger.batched_writes():
        for read in reads:
            written.append(ledger.add_document(read.document, read.statements, EXTRACTOR_VERSION, "2024-01-01"))
    assert [n for n, _ in seen] == [0, 2, 4]
    assert all(visible == n for n, visible in seen)
    assert len(ledger.query(make_filter(), "2024-01-01")) == sum(r.targets + r.reported for r in written)
    assert ledger.check() == []


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds the workers through /proc")
def test_workers_leave_when_the_main_process_is_killed(tmp_path):
    import os
    import signal
    import subprocess
    import time

    folder = tmp_path / "many"
    make_corpus.build_folder(folder, 400, seed=2)
    db = tmp_path / "killed.db"
    env = dict(os.environ, JJJTRACK_DB=str(db))
    main = subprocess.Popen([sys.executable, "-m", "jjjtrack", "ingest", "--jobs", "2", str(folder)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def workers() -> list[int]:
        found = []
        for entry in Path("/proc").iterdir():
            try:
                if entry.name.isdigit() and str(folder) in (entry / "cmdline").read_text() and int(entry.name) != main.pid:
                    found.append(int(entry.name))
            except OSError:
                continue
        return found

    deadline = time.monotonic() + 30
    while not workers() and main.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    if main.poll() is not None:
        pytest.skip("the ingest finished before it could be killed")
    main.send_signal(signal.SIGKILL)
    main.wait()
    deadline = time.monotonic() + 10
    while workers() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert workers() == []


def _read_slowly(path):
    """A module-level function, so the forked workers run it."""
    import time

    from jjjtrack.ingest import read_one

    time.sleep(0.1)
    return read_one(path, date=None, known=frozenset())
