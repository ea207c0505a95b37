"""Reliability: bad input, kills and concurrent writers never lose or corrupt the ledger.

Every bad input is tried the way a user types it, through `cli.main` (so usage errors
take the same path as in a terminal): one line on stderr naming the problem and the file
or value, a non-zero exit, no traceback, and a ledger dump identical before and after.
The kill and concurrency tests use real processes.
"""

from __future__ import annotations

import gc
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS, write_doc

SMALL = "发布日期:2023-03-01\n今年将建成5条城际铁路,新增12家三甲医院。去年已完成投资300亿元。\n"


def dump(path) -> str | bytes | None:
    """A SQLite file's dump, any other file's bytes, None where there is no file."""
    path = Path(path)
    if not path.exists():
        return None
    if path.is_dir() or not path.read_bytes().startswith(b"SQLite format 3\x00"):
        return "folder" if path.is_dir() else path.read_bytes()
    conn = sqlite3.connect(path)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


def run_main(capsys, *args: str, stdin: str | None = None, monkeypatch=None):
    """Run `jjjtrack ARGS` in-process through cli.main; return (exit code, stdout, stderr)."""
    from jjjtrack.cli import main

    if stdin is not None:
        import io

        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


def assert_refused(capsys, target, args, expected, *, code=None):
    """Run a bad command: one line on stderr holding `expected`, non-zero exit, target unchanged."""
    before = dump(target)
    status, out, err = run_main(capsys, *args)
    lines = err.strip().splitlines()
    assert status != 0, f"{args} exited 0: {out}"
    if code is not None:
        assert status == code
    assert len(lines) == 1, f"{args} wrote {len(lines)} lines: {err}"
    assert lines[0].startswith("jjjtrack: ") and expected in lines[0], lines[0]
    assert "Traceback" not in out + err
    assert out == "", f"{args} printed {out!r}"
    assert dump(target) == before, f"{args} changed {target}"
    return lines[0]


@pytest.fixture
def ledger_path(isolated_env):
    return isolated_env / "ledger.db"


@pytest.fixture
def small(jjj, tmp_path, ledger_path):
    write_doc(tmp_path, "small.txt", SMALL)
    jjj("ingest", str(tmp_path / "small.txt"))
    return {i["text"]: i for i in jjj.json("list")}


@pytest.fixture
def cid(small):
    return str(small["5条"]["id"])


# -- bad documents ----------------------------------------------------------------------


def bad_files(folder: Path) -> dict[str, tuple[Path, str]]:
    """name -> (path, what the error line must say)."""
    folder.mkdir(exist_ok=True)
    rng = random.Random(4)
    files = {
        "empty": (b"", "empty"),
        "blank": (b" \n\t\n", "empty"),
        "png": (b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(4000)), "binary"),
        "noise": (bytes(rng.randrange(256) for _ in range(8000)), "noise.txt"),
        "undecodable": ("今年将建成5条城际铁路。".encode() * 20 + b"\xff\xfe\xfa" + "新增12家医院。".encode() * 20,
                        "cannot be decoded"),
        "english": (b"The plan builds 5 railway lines by 2025 and 12 hospitals.\n" * 40, "not a Chinese"),
        "nuls": (b"\x00\x01\x02" * 100, "binary"),
    }
    made = {}
    for name, (data, expected) in files.items():
        suffix = ".png" if name == "png" else ".txt"
        path = folder / f"{name}{suffix}"
        path.write_bytes(data)
        made[name] = (path, expected)
    return made


BAD_FILE_NAMES = ("empty", "blank", "png", "noise", "undecodable", "english", "nuls")


@pytest.mark.parametrize("name", BAD_FILE_NAMES)
def test_bad_document_is_refused_and_changes_nothing(small, capsys, tmp_path, ledger_path, name):
    path, expected = bad_files(tmp_path / "bad")[name]
    line = assert_refused(capsys, ledger_path, ("ingest", str(path)), expected)
    assert path.name in line


def test_missing_path_and_empty_folder(small, capsys, tmp_path, ledger_path):
    assert_refused(capsys, ledger_path, ("ingest", str(tmp_path / "nope.txt")), "nope.txt")
    empty = tmp_path / "nothing"
    empty.mkdir()
    (empty / "scan.png").write_bytes(b"\x89PNG")
    line = assert_refused(capsys, ledger_path, ("ingest", str(empty)), "nothing")
    assert "no .txt" in line


def test_nothing_to_ingest_creates_no_ledger(capsys, tmp_path, ledger_path):
    assert_refused(capsys, ledger_path, ("ingest", str(tmp_path / "nope.txt")), "nope.txt")
    assert not ledger_path.exists()


def test_folder_of_good_and_bad_files(capsys, jjj, tmp_path, ledger_path):
    folder = tmp_path / "mix"
    made = bad_files(folder)
    write_doc(folder, "good.txt", SMALL)
    (folder / "sub").mkdir()
    write_doc(folder / "sub", "good2.txt", "2023年6月1日 今年将建成7条城际铁路,新增9家三甲医院。")
    status, out, err = run_main(capsys, "ingest", str(folder))
    assert status == 1 and "Traceback" not in out + err
    skipped = err.strip().splitlines()
    # every bad file named once, on its own line; the .png is not a document suffix, so a
    # folder walk leaves it alone
    for name, (path, _) in made.items():
        if path.suffix == ".txt":
            assert sum(path.name in line for line in skipped) == 1, (name, err)
    assert len(skipped) == sum(p.suffix == ".txt" for p, _ in made.values())
    docs = {i["doc"] for i in jjj.json("list")}
    assert docs == {"good.txt", "good2.txt"}
    assert "good.txt" in out and "good2.txt" in out


def test_large_document_ingests_in_bounded_memory(tmp_path):
    """A 50 MB document goes in, in a separate process whose peak memory is measured."""
    paragraph = (SEEDS / "000_a515818c1405c0be.txt").read_bytes()
    big = tmp_path / "big.txt"
    size = 50 * 1024 * 1024
    big.write_bytes(paragraph * (size // len(paragraph) + 1))
    db = tmp_path / "big.db"
    probe = textwrap.dedent(
        f"""
        import resource, sys, time
        from jjjtrack.cli import main
        try:
            main(["ingest", {str(big)!r}, "--db", {str(db)!r}])
        except SystemExit as exit:
            code = exit.code
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        try:
            main(["check", "--db", {str(db)!r}])
        except SystemExit as exit:
            checked = exit.code
        print("CHECK", checked, time.perf_counter() - started, file=sys.stderr)
        print("PEAK", peak, code, file=sys.stderr)
        """
    )
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120,
                            env=dict(os.environ, COLUMNS="200"))
    elapsed = time.perf_counter() - started
    _, peak_kb, code = result.stderr.strip().splitlines()[-1].split()
    _, checked, check_seconds = result.stderr.strip().splitlines()[-2].split()
    assert code in ("0", "None"), result.stderr
    # check reads each document's text once, not once per commitment (that took minutes)
    assert checked in ("0", "None") and float(check_seconds) < 10, result.stderr
    assert "big.txt" in result.stdout and "new" in result.stdout
    conn = sqlite3.connect(db)
    (length,) = conn.execute("SELECT length(text) FROM documents").fetchone()
    (count,) = conn.execute("SELECT COUNT(*) FROM commitments").fetchone()
    conn.close()
    assert length == len(big.read_text(encoding="utf-8")) and count > 1000
    # The text alone is ~35 MB as a Python str and 50 MB as bytes; 7x the file is the
    # budget for bytes, text, the analysis copy and SQLite's UTF-8 copy together.
    peak_mb = int(peak_kb) / 1024
    assert peak_mb < 7 * size / 2**20, f"peak {peak_mb:.0f} MB for a 50 MB document"
    print(f"50 MB document: {elapsed:.1f} s, peak {peak_mb:.0f} MB, {count} commitments")


# -- bad values ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, expected",
    [
        (("update", "999999", "--status", "done"), "999999"),
        (("update", "{cid}", "--status", "sideways"), "sideways"),
        (("update", "{cid}", "--date", "2024-13-45"), "2024-13-45"),
        (("update", "{cid}", "--date", "2023-02-29"), "2023-02-29"),
        (("update", "{cid}", "--date", "yesterday-ish"), "yesterday-ish"),
        (("update", "{cid}", "--deadline", "2024年2月30日"), "2024年2月30日"),
        (("update", "{cid}", "--progress", "-3"), "-3"),
        (("update", "{cid}", "--progress", "lots"), "lots"),
        (("update", "{cid}", "--progress", "nan"), "nan"),
        (("update", "{cid}", "--progress", "inf"), "inf"),
        (("update", "{cid}"), "nothing to record"),
        (("update", "abc", "--note", "x"), "abc"),
        (("show", "abc"), "abc"),
        (("show", "999999"), "999999"),
        (("show", "{cid}", "--format", "csv"), "csv"),
        (("list", "--format", "yaml-ish"), "yaml-ish"),
        (("list", "--status", "sideways"), "sideways"),
        (("list", "--kind", "maybe"), "maybe"),
        (("list", "--sort", "colour"), "colour"),
        (("list", "--limit", "-1"), "-1"),
        (("list", "--due-before", "2024-02-30"), "2024-02-30"),
        (("list", "--as-of", "someday"), "someday"),
        (("report", "--format", "pdf"), "pdf"),
        (("report", "--as-of", "2024-13-45"), "2024-13-45"),
        (("extract", "{seed}", "--format", "xml"), "xml"),
    ],
)
def test_bad_value_is_refused_and_changes_nothing(capsys, cid, ledger_path, args, expected):
    args = tuple(a.format(cid=cid, seed=SEEDS / "000_a515818c1405c0be.txt") for a in args)
    assert_refused(capsys, ledger_path, args, expected, code=1)


@pytest.mark.parametrize(
    "args, expected",
    [
        (("list", "--bogus"), "--bogus"),
        (("update",), "ID"),
        (("frobnicate",), "frobnicate"),
        (("list", "--limit", "many"), "--limit"),
        (("show",), "ID"),
        (("import",), "FILE"),
    ],
)
def test_usage_error_is_one_line(capsys, small, ledger_path, args, expected):
    line = assert_refused(capsys, ledger_path, args, expected, code=2)
    assert "--help" in line


def test_help_still_works(capsys):
    status, out, _ = run_main(capsys, "--help")
    assert status == 0 and "ingest" in out and "export" in out
    status, out, _ = run_main(capsys, "update", "--help")
    assert status == 0 and "--progress" in out


# -- bad ledgers ---------------------------------------------------------------------------


def test_db_not_sqlite(capsys, tmp_path):
    notes = tmp_path / "notes.db"
    notes.write_text("hello, not a database\n")
    assert_refused(capsys, notes, ("list", "--db", str(notes)), "not a SQLite database")
    assert_refused(capsys, notes, ("ingest", str(SEEDS), "--db", str(notes)), "notes.db")
    assert_refused(capsys, notes, ("import", "-", "--db", str(notes)), "notes.db")


def test_db_sqlite_but_not_a_ledger(capsys, tmp_path):
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE x (a)")
    conn.execute("INSERT INTO x VALUES (1)")
    conn.commit()
    conn.close()
    for args in (("list",), ("report",), ("update", "1", "--note", "x"), ("check",), ("export",),
                 ("ingest", str(SEEDS))):
        assert_refused(capsys, other, (*args, "--db", str(other)), "not a jjjtrack ledger")


def test_db_from_a_newer_jjjtrack(capsys, small, ledger_path):
    from jjjtrack import migrations

    conn = sqlite3.connect(ledger_path)
    conn.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    for args in (("list",), ("update", "1", "--note", "x"), ("ingest", str(SEEDS)), ("check",)):
        assert_refused(capsys, ledger_path, args, "newer")


def test_db_in_missing_folder(capsys, tmp_path):
    where = tmp_path / "no" / "such" / "l.db"
    for args in (("list",), ("ingest", str(SEEDS)), ("export",)):
        assert_refused(capsys, tmp_path / "no", (*args, "--db", str(where)), "does not exist")
    assert not (tmp_path / "no").exists()


def test_db_is_a_folder(capsys, tmp_path):
    assert_refused(capsys, tmp_path, ("list", "--db", str(tmp_path)), "folder")


def test_read_only_ledger_is_read_but_never_written(capsys, jjj, small, cid, ledger_path, tmp_path):
    """chmod 444: reads work, every write is refused in one line. Root included: the ledger
    honours the missing write bits itself, so this runs (not skips) whoever runs it."""
    exported = tmp_path / "e.jsonl"
    jjj("export", "--output", str(exported))
    gc.collect()  # close the writers' connections, as their processes' exits would: the WAL goes with them
    ledger_path.chmod(0o444)
    try:
        assert jjj.json("list") and jjj.json("show", cid)["updates"]
        assert jjj("report").exit_code == 0 and jjj("check").exit_code == 0
        for args in (("update", cid, "--note", "x"), ("ingest", str(SEEDS)), ("import", str(exported))):
            assert_refused(capsys, ledger_path, args, "read-only")
        # a reader that cannot write could not delete the WAL files it made: it makes none
        assert sorted(p.name for p in ledger_path.parent.glob(ledger_path.name + "*")) == [ledger_path.name]
    finally:
        ledger_path.chmod(0o644)


def altered(line: str, **changes) -> str:
    return json.dumps({**json.loads(line), **changes}, ensure_ascii=False) + "\n"


def orphan(line: str) -> str:
    """An update record pointing at a document neither the file nor the ledger holds."""
    return altered(line, doc="0" * 64)


def test_export_to_missing_folder_and_bad_imports(capsys, small, ledger_path, tmp_path, jjj):
    assert_refused(capsys, ledger_path, ("export", "--output", str(tmp_path / "no" / "e.jsonl")), "no")
    assert not (tmp_path / "no").exists()
    assert_refused(capsys, ledger_path, ("import", str(tmp_path / "missing.jsonl")), "missing.jsonl")
    assert_refused(capsys, ledger_path, ("export", "--output", str(ledger_path)), "the ledger itself")
    assert_refused(capsys, ledger_path, ("import", str(tmp_path)), "folder")
    good = jjj("export").stdout.splitlines(keepends=True)
    cases = {
        "notjson.jsonl": ("hello\n", "line 1"),
        "header.jsonl": ('{"type": "document"}\n', "not a jjjtrack export"),
        "future.jsonl": ('{"type": "jjjtrack-export", "format": 99}\n', "format 99"),
        "empty.jsonl": ("", "empty"),
        "binary.jsonl": (None, "binary.jsonl"),
        # a good file whose last line lost its end: the whole import rolls back
        "truncated.jsonl": ("".join(good)[:-40], f"line {len(good)}"),
        "orphan.jsonl": (good[0] + good[1] + orphan(good[-1]), "line 3"),
        "wrongtype.jsonl": (good[0] + good[1] + altered(good[2], start="x"), "line 3"),
        "unknowntype.jsonl": (good[0] + altered(good[1], type="photo"), "line 2"),
        "offsets.jsonl": (good[0] + altered(good[1], sha256="f" * 64) + altered(good[2], doc="f" * 64, start=0),
                          "do not hold its span"),
    }
    for name, (text, expected) in cases.items():
        path = tmp_path / name
        if text is None:
            path.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe\x00")
        else:
            path.write_text(text, encoding="utf-8")
        line = assert_refused(capsys, ledger_path, ("import", str(path)), expected)
        assert name in line or "standard input" in line


# -- interruptions --------------------------------------------------------------------------


def jjjtrack_command() -> list[str]:
    script = Path(sys.executable).with_name("jjjtrack")
    return [str(script)] if script.exists() else [sys.executable, "-m", "jjjtrack"]


def make_corpus(folder: Path, count: int) -> None:
    folder.mkdir()
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.iterdir())]
    for i in range(count):
        text = f"发布日期:20{10 + i % 14}-0{1 + i % 9}-1{i % 9}\n" + seeds[i % 5].replace("4条", f"{i % 7 + 2}条")
        (folder / f"d{i:04}.txt").write_text(text + f"\n编号{i}", encoding="utf-8")


def count_rows(db: Path) -> tuple[int, int, int]:
    conn = sqlite3.connect(db)
    try:
        return tuple(conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("documents", "commitments", "updates"))
    finally:
        conn.close()


def documents_in(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True, timeout=0.1)
        try:
            return conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def kill_group(pgid: int) -> bool:
    """SIGKILL whatever is left of a process group; True if anything was."""
    try:
        os.killpg(pgid, signal.SIGKILL)
        return True
    except ProcessLookupError:
        return False


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False


def test_sigkill_mid_ingest_leaves_whole_documents_and_resumes(tmp_path):
    corpus = tmp_path / "corpus"
    make_corpus(corpus, 300)
    env = dict(os.environ, JJJTRACK_DB=str(tmp_path / "clean.db"))
    started = time.perf_counter()
    subprocess.run([*jjjtrack_command(), "ingest", str(corpus)], env=env, capture_output=True, check=True, timeout=300)
    full = time.perf_counter() - started
    clean = count_rows(tmp_path / "clean.db")

    killed_db = tmp_path / "killed.db"
    env["JJJTRACK_DB"] = str(killed_db)
    kills, partial = 0, []
    # Kill when the ledger has grown by some documents since the last run, whatever the
    # machine's speed; the short random wait lands some kills inside a transaction. The ledger
    # grows a batch (about 20-60 documents) at a time, so the last kill stays well before the end.
    rng = random.Random(9)
    for target in (20, 60, 100, 140, 180):
        process = subprocess.Popen([*jjjtrack_command(), "ingest", str(corpus)], env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        while process.poll() is None and documents_in(killed_db) < target:
            time.sleep(0.003)
        time.sleep(rng.random() * 0.01)
        if process.poll() is None:
            kills += 1
        process.send_signal(signal.SIGKILL)
        process.wait()
        kill_group(process.pid)  # worker processes of a parallel ingest (see the test below)
        check = subprocess.run([*jjjtrack_command(), "check"], env=env, capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
        partial.append(count_rows(killed_db)[0])
    assert kills == 5, f"only {kills} ingests were still running when killed ({full:.2f} s for the corpus)"
    assert partial == sorted(partial) and partial[-1] < clean[0]
    subprocess.run([*jjjtrack_command(), "ingest", str(corpus)], env=env, capture_output=True, check=True, timeout=300)
    assert count_rows(killed_db) == clean
    # every document whole: each holds the commitments a clean ingest gives it
    query = ("SELECT d.name, COUNT(c.id) FROM documents d LEFT JOIN commitments c ON c.document_id = d.id "
             "GROUP BY d.name ORDER BY d.name")
    a, b = sqlite3.connect(killed_db), sqlite3.connect(tmp_path / "clean.db")
    assert a.execute(query).fetchall() == b.execute(query).fetchall()
    a.close()
    b.close()
    print(f"kill -9: {kills} kills mid-ingest survived; partial ledgers held {partial} of {clean[0]} documents")


def test_sigkill_of_a_parallel_ingest_leaves_no_workers_behind(tmp_path):
    corpus = tmp_path / "corpus"
    make_corpus(corpus, 120)
    db = tmp_path / "l.db"
    process = subprocess.Popen([*jjjtrack_command(), "ingest", "--jobs", "2", str(corpus)],
                               env=dict(os.environ, JJJTRACK_DB=str(db)),
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        while process.poll() is None and documents_in(db) < 20:
            time.sleep(0.003)
        assert process.poll() is None, process.stderr.read()
        process.send_signal(signal.SIGKILL)
        process.wait()
        deadline = time.monotonic() + 3
        while group_alive(process.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not group_alive(process.pid), "workers outlived the killed ingest"
    finally:
        kill_group(process.pid)


# -- concurrency ------------------------------------------------------------------------------

WRITER = """
import sys
from jjjtrack.cli import main
ident, worker, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
failures = 0
for i in range(count):
    try:
        main(["update", ident, "--note", f"w{worker}-{i}"])
    except SystemExit as exit:
        failures += bool(exit.code)
sys.exit(failures)
"""
READER = """
import sys
from jjjtrack.cli import main
for i in range(int(sys.argv[1])):
    for args in (["report", "--format", "json"], ["list", "--format", "csv"], ["export"]):
        try:
            main(args)
        except SystemExit as exit:
            if exit.code:
                sys.exit(exit.code)
"""


def test_four_writers_and_a_reader_lose_nothing(seeded, ledger_path, tmp_path):
    ident = str(seeded.json("list")[0]["id"])
    before = len(seeded.json("show", ident)["updates"])
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, ident, str(k), "100"], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for k in range(4)]
    reader = subprocess.Popen([sys.executable, "-c", READER, "15"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    results = [(p.wait(timeout=300), p.stderr.read()) for p in [*writers, reader]]
    for code, err in results:
        assert code == 0 and "locked" not in err and "Traceback" not in err, err
    updates = seeded.json("show", ident)["updates"]
    notes = {u["note"] for u in updates[before:]}
    assert len(updates) - before == 400
    assert notes == {f"w{k}-{i}" for k in range(4) for i in range(100)}
    assert seeded("check").exit_code == 0


OPENER = """
import sys, time
from jjjtrack.ledger import Ledger
start = float(sys.argv[2])
while time.time() < start:
    pass
ledger = Ledger(sys.argv[1])
print(ledger.db["documents"].count)
"""


def test_many_processes_opening_a_fresh_ledger_at_once(tmp_path):
    """Creating and migrating a new ledger takes the write lock; WAL switching retries."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for trial in range(3):
        db = tmp_path / f"fresh{trial}.db"
        start = time.time() + 0.6
        processes = [subprocess.Popen([sys.executable, "-c", OPENER, str(db), str(start)], env=env,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(8)]
        for process in processes:
            out, err = process.communicate(timeout=60)
            assert process.returncode == 0 and out.strip() == "0", err
        from jjjtrack import migrations

        conn = sqlite3.connect(db)
        assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
        assert conn.execute("SELECT COUNT(*) FROM jjjtrack_meta").fetchone()[0] >= 1
        conn.close()



# -- bugs ------------------------------------------------------------------------------------


def test_an_internal_error_is_one_line_and_the_traceback_is_on_request(capsys, small, ledger_path, monkeypatch):
    import jjjtrack.reports

    def broken(*args, **kwargs):
        raise KeyError("by_category")

    monkeypatch.setattr(jjjtrack.reports, "build_report", broken)
    monkeypatch.delenv("JJJTRACK_DEBUG", raising=False)
    line = assert_refused(capsys, ledger_path, ("report",), "internal error (KeyError: 'by_category')", code=1)
    assert "JJJTRACK_DEBUG=1" in line
    monkeypatch.setenv("JJJTRACK_DEBUG", "1")
    with pytest.raises(KeyError):
        run_main(capsys, "report")


def test_an_extractor_failure_skips_that_file_and_keeps_the_batch(capsys, jjj, tmp_path, monkeypatch):
    import jjjtrack.extract

    real = jjjtrack.extract.extract

    def fragile(document):
        if "炸" in document.text:
            raise RecursionError("maximum recursion depth exceeded")
        return real(document)

    monkeypatch.setattr(jjjtrack.extract, "extract", fragile)
    monkeypatch.delenv("JJJTRACK_DEBUG", raising=False)
    write_doc(tmp_path, "a.txt", SMALL)
    write_doc(tmp_path, "b.txt", "发布日期:2023-03-01\n今年将建成8条炸药铁路。\n")
    write_doc(tmp_path, "c.txt", SMALL.replace("5条", "6条"))
    status, out, err = run_main(capsys, "ingest", "--jobs", "1", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"),
                                str(tmp_path / "c.txt"))
    assert status == 1
    assert err.strip().splitlines() == [
        f"jjjtrack: skipped {tmp_path / 'b.txt'}: the extractor failed on it (RecursionError); please report this file"
    ]
    assert {i["doc"] for i in jjj.json("list")} == {"a.txt", "c.txt"}
