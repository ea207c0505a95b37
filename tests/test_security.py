"""Security: text from documents and notes is data, never SQL, markup, formulas or escapes.

The ledger here is built through the Ledger API from a document full of hostile text, so the
tests do not depend on what the extractor happens to find; the CLI then reads it back.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3

import pytest

from conftest import write_doc
from jjjtrack.ledger import Ledger
from jjjtrack.models import DateSource, Document, Kind, Statement

NASTY = [
    # (span, subject, category, sentence tail)
    ("5条", "[bold]粗体[/bold]铁路", "transport", "[link=https://evil.example]点我[/link]"),
    ("12家", "'; DROP TABLE commitments; --", "it's", "完成50%的目标"),
    ("3座", '=HYPERLINK("http://evil.example","点")', '50%', "a_b 与 ab"),
    ("7个", "+1-2@SUM(A1)", "a_b", '"引号" 与 \'单引号\''),
    ("9项", "-3|管道<script>alert(1)</script>", 'x" OR 1=1 --', "换\n行 | 竖线"),
    ("4所", "@cmd|' /C calc'!A0", "%", "\x1b[2J\x1b]0;title\x07清屏"),
]
TODAY = "2024-06-01"


def hostile_document() -> tuple[Document, list[Statement]]:
    sentences, statements, text = [], [], "发布日期:2023-03-01\n"
    for span, subject, category, tail in NASTY:
        sentence = f"到2023年底建成{span}{subject},{tail}。"
        start = len(text) + sentence.index(span)
        text += sentence + "\n"
        statements.append(Statement(
            start, start + len(span), span, sentence, float(span[:-1]), span[-1], subject, Kind.TARGET,
            "2023-12-31", category=category,
        ))
    document = Document("evil_%_'x'.txt", "/docs/evil.txt", "sha-evil", text, "simplified", "utf-8",
                        "2023-03-01", DateSource.TEXT)
    return document, statements


@pytest.fixture
def hostile(isolated_env):
    ledger = Ledger(isolated_env / "ledger.db")
    document, statements = hostile_document()
    ledger.add_document(document, statements, "test", TODAY)
    ledger.close()
    return {s.subject: s for s in statements}


def texts(items) -> set[str]:
    return {i["text"] for i in items}


# -- SQL ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "needle",
    ["'", "''", '"', "%", "_", "a_b", "50%", "50%的", "--", "; DROP", "DROP TABLE", "' OR '1'='1",
     '" OR ""="', "\\", "*", "NEAR(", "AND", "[bold]", "(", "x%y", "点我", "\x00", "铁路\x00", "\x00\x00\x00"],
)
def test_search_finds_literally_that(hostile, jjj, needle):
    found = texts(jjj.json("list", "--search", needle))
    expected = {
        s.text for s in hostile.values()
        if any(needle.casefold() in field.casefold() for field in (s.text, s.subject, s.sentence))
    }
    assert found == expected
    assert len(jjj.json("list")) == len(NASTY)  # nothing dropped or changed


@pytest.mark.parametrize("category", ["it's", "50%", "a_b", 'x" OR 1=1 --', "%", "_", "' OR '1'='1", "it"])
def test_a_hostile_category_is_refused_in_one_line(hostile, jjj, category):
    result = jjj("list", "--category", category, "--format", "json", ok=False)
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("jjjtrack: unknown category")


@pytest.mark.parametrize("doc, count", [("evil_%_'x'.txt", 6), ("%", 6), ("_%_", 6), ("'x'", 6), ("x%y", 0), ("' OR 1=1 --", 0)])
def test_doc_filter_is_literal(hostile, jjj, doc, count):
    assert len(jjj.json("list", "--doc", doc)) == count


def test_notes_and_sources_are_stored_verbatim(hostile, jjj, isolated_env):
    ident = str(jjj.json("list")[0]["id"])
    note = "'); DROP TABLE updates; -- [red]红[/red] =1+1 \x00?"
    source = "https://example.org/?q=' OR 1=1 --&x=%_"
    jjj("update", ident, "--note", note, "--source", source)
    last = jjj.json("show", ident)["updates"][-1]
    assert (last["note"], last["source"]) == (note, source)
    conn = sqlite3.connect(isolated_env / "ledger.db")
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    conn.close()
    assert {"documents", "commitments", "updates"} <= tables


def test_ledger_sql_takes_parameters():
    """A review aid kept as a test: no SQL in the ledger is built from a value with % or format()."""
    import ast
    from pathlib import Path

    modules = sorted((Path(__file__).resolve().parents[1] / "jjjtrack" / "ledger").glob("*.py"))
    assert len(modules) >= 6
    for path in modules:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Constant) \
                    and isinstance(node.left.value, str) and "SELECT" in node.left.value.upper():
                pytest.fail(f"{path.name} line {node.lineno}: SQL built with %")
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "format" \
                    and isinstance(node.func.value, ast.Constant) and "SELECT" in str(node.func.value.value).upper():
                pytest.fail(f"{path.name} line {node.lineno}: SQL built with str.format")


# -- output formats -------------------------------------------------------------------------


def test_csv_neutralises_formulas(hostile, jjj):
    out = jjj("list", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == len(NASTY)
    for row in rows:
        for column, cell in row.items():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (column, cell)
    subjects = {row["subject"] for row in rows}
    assert "'" + '=HYPERLINK("http://evil.example","点")' in subjects
    assert "'+1-2@SUM(A1)" in subjects and "'@cmd|' /C calc'!A0" in subjects
    # numbers stay numbers, the newline stays inside its quoted cell
    assert all(float(row["value"]) > 0 for row in rows)
    assert any("换\n行" in row["sentence"] for row in rows)


def test_markdown_report_keeps_its_table(hostile, jjj):
    out = jjj("report", "--format", "markdown", "--as-of", TODAY).stdout
    assert "<script>" not in out and "<link" not in out
    rows = [line for line in out.splitlines() if line.startswith("| ") and ("条" in line or "家" in line or "座" in line
                                                                         or "个" in line or "项" in line or "所" in line)]
    assert len(rows) == len(NASTY)
    header = next(line for line in out.splitlines() if line.startswith("| id |"))
    cells = header.count("|")
    for row in rows:
        # escaped pipes (\|) are cell text, not cell borders
        assert row.replace("\\|", "").count("|") == cells, row
    assert "&lt;script&gt;" in out and "\\|" in out


def test_rich_markup_in_documents_and_notes_is_shown_literally(hostile, jjj):
    listing = jjj("list").stdout
    assert "[bold]粗体[/bold]铁路" in listing
    ident = next(str(i["id"]) for i in jjj.json("list") if i["text"] == "5条")
    jjj("update", ident, "--note", "[red]注意[/red] [link=https://evil.example]x[/link]")
    shown = jjj("show", ident).stdout
    assert "[link=https://evil.example]点我[/link]" in shown
    assert "[bold]粗体[/bold]铁路" in shown
    assert "[red]注意[/red] [link=https://evil.example]x[/link]" in shown
    report = jjj("report", "--as-of", TODAY).stdout
    assert "[bold]粗体[/bold]铁路" in report


def test_terminal_escapes_from_documents_never_reach_the_terminal(hostile, jjj):
    ident = next(str(i["id"]) for i in jjj.json("list") if i["text"] == "4所")
    jjj("update", ident, "--note", "\x1b[31m红\x1b[0m\x9b2J")
    for args in (("list",), ("show", ident), ("report", "--as-of", TODAY)):
        out = jjj(*args).stdout
        assert "\x1b" not in out and "\x9b" not in out and "\x07" not in out, args
    assert "清屏" in jjj("show", ident).stdout
    # machine formats keep the data exactly, escaped by JSON
    assert json.loads(jjj("show", ident, "--format", "json").stdout)["updates"][-1]["note"] == "\x1b[31m红\x1b[0m\x9b2J"


# -- paths ----------------------------------------------------------------------------------


def snapshot(folder) -> dict:
    return {
        path: (os.lstat(path).st_mtime_ns, os.lstat(path).st_mode, open(path, "rb").read() if os.path.isfile(path) else None)
        for path in (os.path.join(d, n) for d, dirs, files in os.walk(folder) for n in dirs + files)
    }


SMALL = "发布日期:2023-03-01\n今年将建成5条城际铁路。\n新增12家三甲医院。\n"
SECRET = "发布日期:2023-03-01\n机密:今年将建成99座秘密机场。\n"


@pytest.fixture
def walked(tmp_path):
    """A folder to ingest holding a good file and symlinks leading out of it."""
    outside = tmp_path / "outside"
    outside.mkdir()
    write_doc(outside, "secret.txt", SECRET)
    folder = tmp_path / "docs"
    folder.mkdir()
    write_doc(folder, "good.txt", SMALL)
    (folder / "sub").mkdir()
    write_doc(folder / "sub", "inner.txt", SMALL.replace("5条", "6条"))
    os.symlink(outside / "secret.txt", folder / "link.txt")
    os.symlink(outside, folder / "linkdir")
    os.symlink(folder / "sub" / "inner.txt", folder / "inside_link.txt")  # stays inside: fine
    os.symlink(tmp_path / "gone.txt", folder / "broken.txt")
    return folder


def test_symlinks_out_of_a_folder_are_reported_not_followed(walked, jjj):
    result = jjj("ingest", str(walked), ok=False)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert any("link.txt" in line and "symlink" in line for line in lines), lines
    assert any("linkdir" in line and "symlink" in line for line in lines), lines
    assert any("broken.txt" in line for line in lines), lines
    assert all(line.startswith("jjjtrack: ") for line in lines)
    items = jjj.json("list")
    # inside_link.txt and sub/inner.txt are the same file, read once under one of the names
    docs = {i["doc"] for i in items}
    assert "good.txt" in docs and len(docs) == 2 and docs <= {"good.txt", "inner.txt", "inside_link.txt"}
    assert not any(i["value"] == 99 for i in items)


def test_a_symlink_named_on_the_command_line_is_read(walked, jjj):
    # naming a file yourself is consent: it is read wherever it points
    jjj("ingest", str(walked / "link.txt"))
    assert any(i["value"] == 99 for i in jjj.json("list"))


def test_ingest_never_writes_to_what_it_reads(walked, jjj, tmp_path):
    before = snapshot(tmp_path / "docs"), snapshot(tmp_path / "outside")
    jjj("ingest", str(walked), ok=False)
    jjj("ingest", str(walked / "good.txt"), str(walked / "link.txt"))
    jjj("extract", str(walked), ok=False)
    assert (snapshot(tmp_path / "docs"), snapshot(tmp_path / "outside")) == before


def test_control_characters_in_names_and_values_stay_one_visible_line(jjj, tmp_path):
    name = "ev\x1b[2Jil\nname.txt"
    (tmp_path / name).write_bytes(b"not chinese at all")
    for args in (("ingest", str(tmp_path / name)), ("update", "1\x1b]0;x\x07", "--note", "x"),
                 ("list", "--status", "\x1b[31mred")):
        result = jjj(*args, ok=False)
        assert result.exit_code == 1
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert "\x1b" not in result.stderr and "\x07" not in result.stderr
        assert result.stdout == ""


# -- fuzzing the command line -----------------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

cli_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=30)
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(search=cli_text, category=cli_text, doc=cli_text)
def test_any_filter_text_lists_without_error(hostile, jjj, search, category, doc):
    for args in (("--search", search), ("--category", category), ("--doc", doc)):
        result = jjj("list", *args, "--format", "json", ok=False)
        if args[0] == "--category" and result.exit_code == 1:  # not a category: refused, in one line
            assert len(result.stderr.strip().splitlines()) == 1 and "unknown category" in result.stderr
            continue
        assert result.exit_code == 0, (args, result.stderr)
        assert isinstance(json.loads(result.stdout), list)


@FUZZ
@given(option=st.sampled_from(["--date", "--deadline", "--progress", "--status"]), value=cli_text)
def test_any_update_value_is_taken_or_refused_in_one_line(hostile, jjj, isolated_env, option, value):
    def updates() -> int:
        conn = sqlite3.connect(isolated_env / "ledger.db")
        try:
            return conn.execute("SELECT COUNT(*) FROM updates").fetchone()[0]
        finally:
            conn.close()

    before = updates()
    result = jjj("update", "1", option, value, ok=False)
    after = updates()
    if result.exit_code == 0:
        assert after == before + 1
    else:
        assert result.exit_code == 1 and isinstance(result.exception, (SystemExit, type(None)))
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert after == before
