"""Shared fixtures: every test gets its own ledger, a frozen today and a fixed terminal width."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
TODAY = "2024-06-01"


@pytest.fixture(autouse=True)
def isolated_env(tmp_path, monkeypatch):
    monkeypatch.setenv("JJJTRACK_DB", str(tmp_path / "ledger.db"))
    monkeypatch.setenv("JJJTRACK_TODAY", TODAY)
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.delenv("NO_COLOR", raising=False)
    return tmp_path


class Jjj:
    """Runs the CLI in-process, the way a user types it."""

    def __init__(self):
        from typer.testing import CliRunner

        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, ok: bool = True):
        from jjjtrack.cli import app

        result = self.runner.invoke(app, list(args), input=input)
        if ok and result.exit_code != 0:
            raise AssertionError(
                f"jjjtrack {' '.join(args)} exited {result.exit_code}\nstdout: {result.stdout}\n"
                f"stderr: {result.stderr}\nexception: {result.exception!r}"
            )
        return result

    def json(self, *args: str):
        return json.loads(self(*args, "--format", "json").stdout)


@pytest.fixture
def jjj():
    return Jjj()


@pytest.fixture
def seeded(jjj):
    jjj("ingest", str(SEEDS))
    return jjj


def empty_ledger(path) -> None:
    """A new ledger file with nothing in it (only ingest and import create one from the CLI)."""
    from jjjtrack.ledger import Ledger

    Ledger(path).close()


def damage(path, *statements: str) -> None:
    """Run SQL on a ledger behind its back (foreign keys off), as a damaged file would be."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = OFF")
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


def dump(path) -> str:
    """The ledger as SQL text: equal dumps mean nothing changed."""
    conn = sqlite3.connect(path)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


def write_doc(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path
