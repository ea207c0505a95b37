"""`jjjtrack serve`: Datasette on the ledger, read through its JSON API on a free local port."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import empty_ledger
from reportdata import build_ledger

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get_json(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


@pytest.fixture
def server(isolated_env):
    pytest.importorskip("datasette", reason="datasette not installed: pip install 'jjjtrack[web]'")
    build_ledger(os.environ["JJJTRACK_DB"]).close()  # ledger.db: served as "jjjtrack" all the same
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "jjjtrack", "serve", "--port", str(port)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                get_json(f"{base}/-/versions.json")
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(f"serve exited {proc.returncode}: {proc.stderr.read()}")
                time.sleep(0.1)
        else:
            pytest.fail("serve did not answer within 10 s")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_overdue_view_through_the_json_api(server, jjj):
    rows = get_json(f"{server}/jjjtrack/overdue.json?_shape=array")
    # the view answers as of today, the real one: the same set `list` gives as of that date
    today = dt.datetime.now(dt.timezone.utc).date().isoformat()
    expected = jjj.json("list", "--status", "overdue", "--as-of", today)
    assert {r["id"] for r in rows} == {r["id"] for r in expected} >= {1, 2, 7}
    assert [r["deadline"] for r in rows] == sorted(r["deadline"] for r in rows)
    assert all(r["deadline"] < today and r["days_overdue"] > 0 for r in rows)
    assert rows[0]["days_overdue"] == (dt.date.fromisoformat(today) - dt.date.fromisoformat(rows[0]["deadline"])).days


def test_status_view_canned_queries_and_metadata(server):
    statuses = get_json(f"{server}/jjjtrack/commitments_status.json?_shape=array&_size=max")
    assert len(statuses) == 7 and {r["status"] for r in statuses} <= {"done", "pending", "in_progress", "silent", "missed"}
    by_category = get_json(f"{server}/jjjtrack/by_category.json?_shape=array")
    assert sum(r["total"] for r in by_category) == 7
    assert sum(r["overdue"] for r in by_category) == sum(r["days_overdue"] is not None for r in statuses) >= 3
    assert sum(r["silent"] for r in by_category) == sum(r["status"] == "silent" for r in statuses) >= 3
    for state in ("done", "pending", "missed", "silent", "overdue"):
        rows = get_json(f"{server}/jjjtrack/{state}_by_category.json?_shape=array")
        assert [r["category"] for r in rows] == sorted(r["category"] for r in rows)
    meta = get_json(f"{server}/-/metadata.json")
    table = meta["databases"]["jjjtrack"]["tables"]["overdue"]
    assert "逾期" in table["title"] and "Overdue" in table["title"]
    assert "截止日期" in table["columns"]["deadline"]
    for view, rows in (("overdue", get_json(f"{server}/jjjtrack/overdue.json?_shape=array")),
                       ("commitments_status", statuses)):
        assert set(meta["databases"]["jjjtrack"]["tables"][view]["columns"]) == set(rows[0]), view


def test_views_in_the_ledger_agree_with_list(isolated_env, jjj):
    """The views need no Datasette: any SQLite tool sees the same overdue set as `list`."""
    import sqlite3

    build_ledger(os.environ["JJJTRACK_DB"]).close()
    with sqlite3.connect(os.environ["JJJTRACK_DB"]) as conn:
        real_today = conn.execute("SELECT date('now')").fetchone()[0]
        overdue = [row[0] for row in conn.execute("SELECT id FROM overdue")]
        statuses = dict(conn.execute("SELECT id, status FROM commitments_status"))
    listed = jjj.json("list", "--as-of", real_today)
    assert statuses == {row["id"]: row["status"] for row in listed}
    assert set(overdue) == {row["id"] for row in listed if row["status"] in ("silent", "missed")}


def test_serve_without_datasette_says_what_to_install(isolated_env, jjj, monkeypatch):
    monkeypatch.setitem(sys.modules, "datasette", None)  # import datasette now raises ImportError
    result = jjj("serve", ok=False)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "jjjtrack: `jjjtrack serve` needs Datasette: pip install 'jjjtrack[web]'"
    ]


def test_serve_on_a_taken_port_is_one_line(isolated_env, jjj):
    pytest.importorskip("datasette", reason="datasette not installed: pip install 'jjjtrack[web]'")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        empty_ledger(isolated_env / "ledger.db")
        result = jjj("serve", "--port", str(port), ok=False)
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1 and f"127.0.0.1:{port}" in result.stderr
