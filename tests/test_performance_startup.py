"""Start-up stays light: commands import no heavy module they do not need.

Functional checks only (which modules load, what options still mean); the milliseconds are
measured by benchmarks/run.py, never asserted in tests.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import SEEDS, empty_ledger

HEAVY = ("sqlite_utils", "numpy", "dateutil", "opencc", "pydantic", "charset_normalizer", "jjjtrack.extract",
         "jjjtrack.documents", "jjjtrack.readers", "pdfplumber", "pdfminer", "pypdfium2", "PIL", "docx", "lxml")
PROBE = """
import json, sys
sys.argv = ["jjjtrack", *json.loads(sys.argv[1])]
from jjjtrack.cli import main
try:
    main()
except SystemExit as exit:
    code = exit.code
sys.stderr.write("\\nMODULES " + json.dumps(sorted(sys.modules)) + " EXIT " + str(code) + "\\n")
"""


def run_cli(*args: str):
    """Run the console entry point (jjjtrack.cli.main) in a fresh interpreter."""
    result = subprocess.run([sys.executable, "-c", PROBE, json.dumps(args)], capture_output=True, text=True,
                            env=dict(os.environ))
    head, _, tail = result.stderr.rpartition("\nMODULES ")
    modules, _, code = tail.partition(" EXIT ")
    return result.stdout, head, set(json.loads(modules)), int(code.strip() or 0)


def heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))


@pytest.mark.parametrize("args", [("--help",), ("list", "--help"), ("list", "--limit", "1"), ("report", "--format", "json")])
def test_read_commands_import_nothing_heavy(args):
    empty_ledger(os.environ["JJJTRACK_DB"])  # a ledger at the current schema
    out, err, modules, code = run_cli(*args)
    assert code == 0, err
    assert heavy(modules) == []


@pytest.mark.parametrize("args", [("--help",), ("list", "--help"), ("update", "--help")])
def test_help_is_plain_text_and_needs_no_rich(args):
    """Help goes through click's own formatter, as sqlite-utils' and llm's do: typer's rich
    help (rich.markdown, markdown_it) was most of the start-up of every --help."""
    out, err, modules, code = run_cli(*args)
    assert code == 0, err
    assert not any(m == "rich" or m.startswith("rich.") for m in modules)
    assert out.startswith("Usage: jjjtrack") and "╭" not in out and "--help" in out
    if args == ("list", "--help"):
        assert "--status STATUS" in out and "--as-of DATE" in out and "--limit N" in out


def test_a_ledger_from_an_older_release_is_still_upgraded(tmp_path, monkeypatch):
    import sqlite_utils

    from jjjtrack import migrations

    path = tmp_path / "old.db"
    db = sqlite_utils.Database(path)
    migrations.m001_initial(db)
    db.execute("PRAGMA user_version = 1")
    db.close()
    monkeypatch.setenv("JJJTRACK_DB", str(path))
    out, err, modules, code = run_cli("list", "--limit", "1")
    assert code == 0, err
    assert "sqlite_utils" in modules  # the upgrade itself goes through sqlite-utils
    assert sqlite_utils.Database(path).execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION


def test_options_still_convert_and_refuse_like_before():
    run_cli("ingest", str(SEEDS))
    out, err, _, code = run_cli("list", "--limit", "2", "--format", "json")
    assert code == 0 and len(json.loads(out)) == 2
    out, err, _, code = run_cli("list", "--limit", "two")
    assert code == 2 and "--limit" in err and "'two' is not an integer" in err and "Traceback" not in err
    out, err, _, code = run_cli("update", "1", "--progress", "3")  # a str option holding a number
    assert code == 0, err
    out, err, _, code = run_cli("ingest", "--jobs", "x", str(SEEDS))
    assert code == 2 and "--jobs" in err
