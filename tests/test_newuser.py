"""What a new user trips over (issue 17): each probe as a user types it, failing before its fix."""

from __future__ import annotations


import pytest

from conftest import dump, write_doc


def overdue_ids(jjj, *args: str) -> list[int]:
    return [row["id"] for row in jjj.json("list", "--status", "overdue", *args)]


# -- a report as of a date knows only what was known by then ------------------------------


def test_a_later_deadline_change_leaves_an_earlier_report_as_it_was(seeded):
    before = seeded.json("report", "--as-of", "2024-05-01")["counts"]
    cid = overdue_ids(seeded, "--as-of", "2024-05-01")[0]
    seeded("update", str(cid), "--deadline", "2027-12-31", "--date", "2024-05-20")
    assert seeded.json("report", "--as-of", "2024-05-01")["counts"] == before
    assert cid in overdue_ids(seeded, "--as-of", "2024-05-01")
    assert cid not in overdue_ids(seeded)  # as of today the new deadline holds
    shown = seeded.json("show", str(cid), "--as-of", "2024-05-01")
    assert shown["deadline"] != "2027-12-31"
    assert seeded.json("show", str(cid))["deadline"] == "2027-12-31"


def test_the_deadline_is_the_latest_change_by_its_date_not_by_when_it_was_typed(seeded):
    cid = overdue_ids(seeded)[0]
    seeded("update", str(cid), "--deadline", "2026-12-31", "--date", "2024-05-20")
    seeded("update", str(cid), "--deadline", "2025-12-31", "--date", "2024-03-01")  # an older change, typed later
    assert seeded.json("show", str(cid))["deadline"] == "2026-12-31"
    assert seeded.json("show", str(cid), "--as-of", "2024-04-01")["deadline"] == "2025-12-31"


# -- import and check refuse the same bad values ------------------------------------------


def _exported(jjj, tmp_path) -> str:
    cid = overdue_ids(jjj)[0]
    jjj("update", str(cid), "--progress", "1", "--note", "first section open")
    path = tmp_path / "e.jsonl"
    jjj("export", "--output", str(path))
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("edit, named", [
    (lambda t: t.replace('"status": "done"', '"status": "finished"', 1), "status 'finished'"),
    (lambda t: t.replace('"kind": "reported"', '"kind": "promise"', 1), "kind 'promise'"),
    (lambda t: t.replace('"as_of": "2024-', '"as_of": "2024-02-30", "x": "', 1), "not a real date"),
    (lambda t: t.replace('"progress": 1.0', '"progress": -1.0', 1), "progress -1.0"),
    (lambda t: t.replace("京津冀", "京津翼", 1), "text is not the text that was exported"),
])
def test_import_refuses_a_bad_row_naming_its_line_and_writes_nothing(seeded, tmp_path, monkeypatch, edit, named):
    text = _exported(seeded, tmp_path)
    broken = edit(text)
    assert broken != text
    bad = tmp_path / "bad.jsonl"
    bad.write_text(broken, encoding="utf-8")
    monkeypatch.setenv("JJJTRACK_DB", str(tmp_path / "fresh.db"))
    result = seeded("import", str(bad), ok=False)
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert " line " in line and named in line
    assert seeded("list", "--format", "json", ok=False).stdout.strip() in ("", "[]")


@pytest.mark.parametrize("statement, named", [
    ("UPDATE commitments SET status = 'finished' WHERE id = 2", "commitment 2: status 'finished'"),
    ("UPDATE commitments SET kind = 'promise' WHERE id = 3", "commitment 3: kind 'promise'"),
    ("UPDATE updates SET as_of = '2024-02-30' WHERE id = 1", "update 1: as_of '2024-02-30' is not a real date"),
    ("UPDATE updates SET progress = -5 WHERE id = 1", "update 1: progress -5"),
    ("UPDATE documents SET text = replace(text, '京津冀', '京津翼') WHERE id = 1", "its text was changed"),
])
def test_check_finds_in_a_ledger_what_import_refuses(seeded, isolated_env, statement, named):
    from conftest import damage

    damage(isolated_env / "ledger.db", statement)
    result = seeded("check", ok=False)
    assert result.exit_code == 1
    assert named in result.stderr


# -- only ingest and import create a ledger -----------------------------------------------


@pytest.mark.parametrize("args", [("list",), ("check",), ("report",), ("show", "1"), ("export",), ("links",)])
def test_a_command_on_a_missing_ledger_says_so_and_creates_nothing(seeded, tmp_path, args):
    typo = tmp_path / "typo.db"
    result = seeded(*args, "--db", str(typo), ok=False)
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert "no ledger at" in line and "typo.db" in line
    assert not typo.exists()


# -- update says what it did, and refuses what cannot have happened -----------------------


def test_an_update_dated_after_today_is_refused_and_changes_nothing(seeded, isolated_env):
    cid = overdue_ids(seeded)[0]
    before = dump(isolated_env / "ledger.db")
    result = seeded("update", str(cid), "--status", "done", "--date", "2030-01-01", ok=False)
    assert result.exit_code == 1 and "after today" in result.stderr
    assert dump(isolated_env / "ledger.db") == before


def test_an_update_dated_before_its_document_is_refused(seeded):
    row = seeded.json("list", "--status", "overdue")[0]
    result = seeded("update", str(row["id"]), "--status", "done", "--date", "2001-01-01", ok=False)
    assert result.exit_code == 1 and f"before the document that states commitment {row['id']}" in result.stderr
    assert row["doc_date"] in result.stderr


def test_update_names_the_state_shown_and_a_deadline_change(seeded):
    cid = overdue_ids(seeded)[0]
    deadline = seeded.json("show", str(cid))["deadline"]
    out = seeded("update", str(cid), "--deadline", "2027-12-31").stdout
    assert out.startswith(f"#{cid}: silent -> pending (as of 2024-06-01)")
    assert f"deadline {deadline} -> 2027-12-31" in out


def test_partial_progress_puts_a_target_in_progress_and_the_report_counts_it(seeded):
    row = next(r for r in seeded.json("list", "--kind", "target", "--status", "pending") if r["value"] > 1)
    before = seeded.json("report")["counts"]
    out = seeded("update", str(row["id"]), "--progress", str(row["value"] / 2)).stdout
    assert "pending -> in_progress" in out
    after = seeded.json("report")["counts"]
    assert after["in_progress"] == before["in_progress"] + 1 and after["pending"] == before["pending"] - 1
    assert "in_progress" in seeded("report").stdout


# -- 80 columns ---------------------------------------------------------------------------


def test_at_80_columns_labels_and_document_names_are_whole(seeded, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    out = seeded("report").stdout
    for label in ("public_services", "reform_opening", "reported", "target", "pending", "silent"):
        assert f" {label} " in out, label
    assert "…" not in out.split("by document")[0]
    assert "001_5b1d8aaeab51030a.txt" in out
    listing = seeded("list", "--limit", "3").stdout
    assert "000_a515818c1405c0be.txt" in listing and "silent" in listing
    assert all(len(line) <= 80 for line in listing.splitlines())


# -- help, version, arguments -------------------------------------------------------------


def test_version_and_plain_help(jjj):
    from jjjtrack import __version__

    assert jjj("--version").stdout.strip() == f"jjjtrack {__version__}"
    assert " show [OPTIONS] ID\n" in jjj("show", "--help").stdout
    ingest_help = jjj("ingest", "--help").stdout
    assert " ingest [OPTIONS] PATH...\n" in ingest_help and "<list[str]>" not in ingest_help
    assert "jjjtrack[web]" in jjj("serve", "--help").stdout


def test_an_argument_that_is_not_utf8_is_one_line(seeded, capsys):
    from jjjtrack.cli import main

    with pytest.raises(SystemExit) as exit:
        main(["update", "2", "--note", b"\xe6\x97".decode("utf-8", "surrogateescape")])
    assert exit.value.code == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert "'\\xe6\\x97' is not valid UTF-8" in line


# -- -o writes the file in every format ---------------------------------------------------


@pytest.mark.parametrize("args, expected", [
    (("report",), "by category"),
    (("report", "--format", "json"), '"counts"'),
    (("report", "--doc", "000_a515818c1405c0be.txt"), "高铁通北京"),
    (("show", "2"), "高铁通北京"),
    (("show", "2", "--format", "json"), '"updates"'),
    (("show", "2", "--format", "html"), "<html"),
])
def test_output_option_writes_the_file_in_every_format(seeded, tmp_path, args, expected):
    path = tmp_path / "out.txt"
    result = seeded(*args, "-o", str(path))
    assert f"wrote {path}" in result.stdout and expected not in result.stdout
    text = path.read_text(encoding="utf-8")
    assert expected in text and "\x1b[" not in text


# -- filters take what users type, and refuse the rest ------------------------------------


@pytest.mark.parametrize("typed", ["transport", "Transport", "交通"])
def test_category_takes_its_key_and_both_labels(seeded, typed):
    rows = seeded.json("list", "--category", typed)
    assert rows and {row["category"] for row in rows} == {"transport"}


def test_an_unknown_category_is_refused_naming_the_valid_ones(seeded):
    result = seeded("list", "--category", "nosuch", ok=False)
    assert result.exit_code == 1 and "unknown category 'nosuch'" in result.stderr and "transport (交通)" in result.stderr


def test_region_filter_and_the_vocabulary_commands(seeded):
    by_name = seeded.json("list", "--region", "Tianjin")
    assert by_name and {row["region"] for row in by_name} == {"Tianjin"}
    assert seeded.json("list", "--region", "天津") == by_name
    assert "unknown region" in seeded("list", "--region", "Atlantis", ok=False).stderr
    assert "Tianjin" in seeded("regions").stdout and "天津市" in seeded("regions").stdout
    categories = seeded("categories").stdout
    assert "public_services" in categories and "公共服务" in categories


def test_a_document_id_is_an_id_not_part_of_a_name(seeded):
    ids = {row["doc"] for row in seeded.json("list", "--doc", "2")}
    assert len(ids) == 1  # every seed's name holds a 2; only one document has id 2
    assert "no document with id 99" in seeded("report", "--doc", "99", ok=False).stderr


@pytest.mark.parametrize("typed", ["网络安全", "網絡安全"])
def test_search_finds_a_word_in_either_script(seeded, typed):
    docs = {row["doc"] for row in seeded.json("list", "--search", typed)}
    assert any(doc.startswith("003_") for doc in docs)


def test_search_folds_variant_forms_and_takes_every_word(seeded):
    assert any(row["doc"].startswith("003_") for row in seeded.json("list", "--search", "產業"))  # the seed writes 産業
    both = seeded.json("list", "--search", "高铁 北京")
    assert both and all("高铁" in row["sentence"] and "北京" in row["sentence"] for row in both)
    assert len(both) < len(seeded.json("list", "--search", "北京"))


# -- endless or huge input ----------------------------------------------------------------


def test_a_file_over_the_size_limit_is_refused_in_one_line(jjj, tmp_path, monkeypatch):
    import os

    monkeypatch.setenv("JJJTRACK_MAX_MB", "0.01")
    big = write_doc(tmp_path, "big.txt", "今年建成5条城际铁路。" * 2000)
    sources = [str(big)] + (["/dev/zero"] if os.path.exists("/dev/zero") else [])
    for source in sources:
        result = jjj("ingest", source, ok=False)
        assert result.exit_code == 1
        [line] = result.stderr.strip().splitlines()
        assert "larger than the 0.01 MB a document may be" in line and "JJJTRACK_MAX_MB" in line


# -- ingest --date corrects a document's date ---------------------------------------------


def test_ingest_date_corrects_a_known_documents_date_and_its_deadlines_follow(jjj, tmp_path):
    from jjjtrack.ledger import Ledger

    path = write_doc(tmp_path, "plan.txt", "今年要建成城际铁路5条，新建充电桩3000个。\n")
    jjj("ingest", str(path), "--date", "2023-03-01")
    assert {row["deadline"] for row in jjj.json("list")} == {"2023-12-31"}
    out = jjj("ingest", str(path), "--date", "2024-03-01").stdout
    assert "re-dated (was 2023-03-01)" in out
    rows = jjj.json("list")
    assert {row["deadline"] for row in rows} == {"2024-12-31"} and {row["doc_date"] for row in rows} == {"2024-03-01"}
    assert "unchanged" in jjj("ingest", str(path), "--date", "2024-03-01").stdout
    ids = [row["id"] for row in rows]
    jjj("ingest", str(path))  # no --date: the corrected date stands
    assert [row["id"] for row in jjj.json("list")] == ids and jjj.json("list")[0]["doc_date"] == "2024-03-01"
    ledger = Ledger(tmp_path / "ledger.db")
    [was] = ledger.date_history(1)
    assert (was["doc_date"], was["date_source"], was["replaced_by"]) == ("2023-03-01", "option", "2024-03-01")
    assert ledger.check() == []


# -- ids survive export and import into a new ledger --------------------------------------


def test_ids_are_kept_on_import_into_an_empty_ledger(seeded, tmp_path, monkeypatch):
    seeded("ingest", str(tmp_path / "none.txt"), ok=False)  # nothing happens
    original = {row["id"]: (row["doc"], row["start"], row["text"]) for row in seeded.json("list")}
    links = {row["id"]: row["target_id"] for row in seeded.json("links")}
    exported = seeded("export").stdout
    monkeypatch.setenv("JJJTRACK_DB", str(tmp_path / "copy.db"))
    seeded("import", "-", input=exported)
    assert {row["id"]: (row["doc"], row["start"], row["text"]) for row in seeded.json("list")} == original
    assert {row["id"]: row["target_id"] for row in seeded.json("links")} == links
    assert seeded("export").stdout == exported


@pytest.mark.parametrize("typed", ["产业", "產業", "产业集群", "產業集群"])
def test_short_and_long_words_find_a_traditional_documents_variant_forms(seeded, typed):
    """Seed 003 writes 産業, a variant of 產業: its sentences are searched in simplified form."""
    assert any(row["doc"].startswith("003_") for row in seeded.json("list", "--search", typed))


def test_the_search_index_holds_a_traditional_sentence_simplified(seeded, isolated_env):
    import sqlite3

    conn = sqlite3.connect(isolated_env / "ledger.db")
    copies = conn.execute(
        "SELECT c.sentence, c.search_sentence FROM commitments c JOIN documents d ON d.id = c.document_id "
        "WHERE d.name LIKE '003_%' AND c.search_sentence IS NOT NULL").fetchall()
    plain = conn.execute("SELECT COUNT(*) FROM commitments c JOIN documents d ON d.id = c.document_id "
                         "WHERE d.script = 'simplified' AND c.search_sentence IS NOT NULL").fetchone()[0]
    conn.close()
    assert copies and plain == 0
    assert all("産業" not in copy and "產業" not in copy for _, copy in copies)
    assert seeded("check").exit_code == 0


def test_the_vocabulary_commands_need_no_ledger_and_create_none(jjj, tmp_path, monkeypatch):
    monkeypatch.delenv("JJJTRACK_DB")
    monkeypatch.chdir(tmp_path)
    out = jjj("categories").stdout
    assert "transport" in out and "交通" in out
    assert "Beijing" in jjj("regions").stdout
    assert not (tmp_path / "data").exists()
