"""Every command end to end through the CLI, on the seeds and on documents the tests write."""

from __future__ import annotations

import json
import re

import pytest

from conftest import SEEDS, dump, write_doc

CONTRACT_KEYS = {"doc", "start", "end", "text", "sentence", "value", "unit", "subject", "kind",
                 "deadline", "category", "region", "doc_date", "comparator"}
SMALL = "发布日期:2023-03-01\n今年将建成5条城际铁路。今年新增12家三甲医院。去年已完成投资300亿元。\n"


def by_value(items, value):
    return [i for i in items if float(i["value"]) == value]


@pytest.fixture
def small(jjj, tmp_path):
    write_doc(tmp_path, "small.txt", SMALL)
    jjj("ingest", str(tmp_path / "small.txt"))
    return {i["text"]: i for i in jjj.json("list")}


# -- ingest and extract ------------------------------------------------------------------


def test_ingest_seeds_summarises_each_document(jjj):
    out = jjj("ingest", str(SEEDS)).stdout
    for name in ("000_a515818c1405c0be.txt", "003_d3cc0861f9f12531.txt"):
        assert name[:12] in out
    assert "2023-06-01" in out and "2024-03-01" in out
    assert "guess" in out  # 001 and 004 carry no day: their dates are flagged as guesses


def test_seeds_hold_the_product_examples(seeded):
    items = seeded.json("list")
    assert len(items) >= 40
    hsr = [i for i in by_value(items, 4) if "北京" in i["sentence"] and i["kind"] == "target"]
    assert hsr and hsr[0]["deadline"] == "2023-12-31" and hsr[0]["doc"].startswith("000_")
    services = [i for i in by_value(items, 58) if i["kind"] == "reported"]
    assert services and services[0]["doc"].startswith("001_") and services[0]["status"] == "done"
    assert {"id", "status"} | CONTRACT_KEYS <= set(items[0])


def test_traditional_seed_offsets_point_at_the_span(seeded):
    text = (SEEDS / "003_d3cc0861f9f12531.txt").read_text(encoding="utf-8")
    items = [i for i in seeded.json("list", "--doc", "003_") if i["doc"].startswith("003_")]
    assert items
    for item in items:
        assert text[item["start"]:item["end"]] == item["text"]


def test_ingest_twice_changes_nothing(seeded, isolated_env):
    before = dump(isolated_env / "ledger.db")
    out = seeded("ingest", str(SEEDS)).stdout
    assert "unchanged" in out
    assert dump(isolated_env / "ledger.db") == before


def test_extract_jsonl_contract_and_writes_nothing(jjj, isolated_env):
    out = jjj("extract", str(SEEDS / "000_a515818c1405c0be.txt"), "--format", "jsonl").stdout
    rows = [json.loads(line) for line in out.splitlines()]
    text = (SEEDS / "000_a515818c1405c0be.txt").read_text(encoding="utf-8")
    assert rows and all(CONTRACT_KEYS <= set(r) for r in rows)
    assert all(text[r["start"]:r["end"]] == r["text"] for r in rows)
    assert all(r["doc"] == "000_a515818c1405c0be.txt" and r["doc_date"] == "2023-06-01" for r in rows)
    assert not (isolated_env / "ledger.db").exists()
    table = jjj("extract", str(SEEDS / "000_a515818c1405c0be.txt")).stdout
    assert "高铁通北京" in table


def test_ingest_date_option_overrides_and_is_flagged(jjj, tmp_path):
    write_doc(tmp_path, "d.txt", "今年将建成5条城际铁路。")
    out = jjj("ingest", str(tmp_path / "d.txt"), "--date", "2022-05-01").stdout
    assert "2022-05-01" in out and "option" in out
    [item] = jjj.json("list")
    assert item["deadline"] == "2022-12-31" and item["doc_date"] == "2022-05-01"


def test_gb18030_document_is_read(jjj, tmp_path):
    write_doc(tmp_path, "gbk.txt", SMALL, encoding="gb18030")
    rows = [json.loads(l) for l in jjj("extract", str(tmp_path / "gbk.txt"), "--format", "jsonl").stdout.splitlines()]
    assert {5.0, 12.0} <= {float(r["value"]) for r in rows}


def test_bad_files_are_skipped_and_good_ones_go_in(jjj, tmp_path):
    folder = tmp_path / "mix"
    folder.mkdir()
    write_doc(folder, "good.txt", SMALL)
    (folder / "bad.txt").write_bytes(b"\x00\x01\x02" * 50)
    result = jjj("ingest", str(folder), ok=False)
    assert result.exit_code == 1
    assert "bad.txt" in result.stderr and "Traceback" not in result.stderr
    assert len(jjj.json("list")) >= 2


# -- list --------------------------------------------------------------------------------


def test_list_filters(small, jjj):
    assert [i["text"] for i in jjj.json("list", "--status", "overdue")] == ["5条", "12家"]
    reported = jjj.json("list", "--kind", "reported")
    assert [i["text"] for i in reported] == ["300亿元"]
    assert {i["text"] for i in jjj.json("list", "--search", "三甲医")} == {"12家"}
    assert {i["text"] for i in jjj.json("list", "--search", "铁")} == {"5条"}
    assert jjj.json("list", "--due-before", "2023-01-01") == []
    assert [i["value"] for i in jjj.json("list", "--sort", "-value", "--limit", "1")] == [300.0]
    assert jjj.json("list", "--doc", "nosuch.txt") == []


def test_list_formats(small, jjj):
    table = jjj("list").stdout
    assert "城际铁路" in table and "silent" in table and "small.txt" in table
    csv_out = jjj("list", "--format", "csv").stdout.splitlines()
    assert csv_out[0].startswith("id,status,doc,start,end,text")
    assert len(csv_out) == 1 + len(small)


def test_list_as_of_before_deadline_is_pending(small, jjj):
    [item] = [i for i in jjj.json("list", "--as-of", "2023-06-01") if i["text"] == "5条"]
    assert item["status"] == "pending"


# -- show and update ---------------------------------------------------------------------


def test_show_highlights_and_lists_history(small, jjj):
    ident = str(small["5条"]["id"])
    out = jjj("show", ident).stdout
    assert "今年将建成5条城际铁路" in out and "small.txt" in out and "2023-12-31" in out
    shown = jjj.json("show", ident)
    assert shown["updates"][0]["status"] == "pending" and shown["updates"][0]["source"] == "small.txt"


def test_update_with_chinese_date_and_as_of(small, jjj):
    ident = str(small["5条"]["id"])
    before = jjj.json("report", "--as-of", "2024-01-01")["counts"]
    out = jjj("update", ident, "--status", "done", "--note", "通车", "--date", "2024年1月15日").stdout
    assert "done" in out
    assert jjj.json("report", "--as-of", "2024-01-01")["counts"] == before
    after = jjj.json("report", "--as-of", "2024-06-01")["counts"]
    assert after["done"] == before["done"] + 1 and after["overdue"] == before["overdue"] - 1
    history = jjj.json("show", ident)["updates"]
    assert [h["status"] for h in history] == ["pending", "done"] and history[-1]["note"] == "通车"


def test_progress_reaching_target_says_done(small, jjj):
    ident = str(small["12家"]["id"])
    out = jjj("update", ident, "--progress", "12", "--source", "https://example.org/a").stdout
    assert "marked done" in out
    assert jjj.json("show", ident)["status"] == "done"


def test_update_deadline(small, jjj):
    ident = str(small["5条"]["id"])
    jjj("update", ident, "--deadline", "2025/6/30")
    assert jjj.json("show", ident)["deadline"] == "2025-06-30"
    assert jjj.json("show", ident)["status"] == "pending"


# -- report ------------------------------------------------------------------------------


def test_report_json_shape_and_consistency(seeded):
    report = seeded.json("report", "--as-of", "2024-06-01")
    c = report["counts"]
    buckets = c["done"] + c["missed"] + c["silent"] + c["pending"] + c["dropped"]
    assert buckets == c["total"] == len(seeded.json("list", "--as-of", "2024-06-01"))
    assert c["silent"] <= c["overdue"] <= c["silent"] + c["missed"]
    assert sum(k["total"] for k in report["by_kind"].values()) == c["total"]
    assert sum(k["overdue"] for k in report["by_category"].values()) == c["overdue"] >= 1
    overdue = [i for i in report["items"] if i["status"] in ("silent", "missed")]
    assert [i["deadline"] for i in overdue] == sorted(i["deadline"] for i in overdue)
    assert {"id", "status", "kind", "value", "unit", "subject", "deadline", "doc"} <= set(report["items"][0])


def test_report_table_and_markdown(small, jjj):
    table = jjj("report").stdout
    assert "2 overdue" in table and "by category" in table
    md = jjj("report", "--format", "markdown").stdout
    assert "| id | deadline |" in md and "城际铁路" in md


def test_report_output_file(small, jjj, tmp_path):
    jjj("report", "--format", "json", "--output", str(tmp_path / "r.json"))
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["counts"]["total"] == 3


# -- errors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, message",
    [
        (("update", "999999", "--status", "done"), "no commitment with id 999999"),
        (("update", "1", "--status", "sideways"), "unknown status"),
        (("update", "1", "--date", "2024-13-45"), "not a real date"),
        (("update", "1", "--progress", "-3"), "--progress"),
        (("update", "1", "--progress", "lots"), "not a number"),
        (("update", "1"), "nothing to record"),
        (("show", "abc"), "not a commitment id"),
        (("list", "--format", "yaml"), "unknown --format"),
        (("list", "--due-before", "soon"), "--due-before"),
        (("ingest", "/no/such/file.txt"), "/no/such/file.txt"),
    ],
)
def test_bad_input_one_line_and_no_change(small, jjj, isolated_env, args, message):
    before = dump(isolated_env / "ledger.db")
    result = jjj(*args, ok=False)
    assert result.exit_code != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert dump(isolated_env / "ledger.db") == before


def test_not_a_ledger(jjj, tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_text("hello")
    result = jjj("list", "--db", str(bad), ok=False)
    assert result.exit_code == 1 and "not a SQLite database" in result.stderr
    assert bad.read_text() == "hello"


def test_db_option_wins_over_environment(jjj, tmp_path):
    write_doc(tmp_path, "d.txt", SMALL)
    jjj("ingest", str(tmp_path / "d.txt"), "--db", str(tmp_path / "other.db"))
    assert len(jjj.json("list", "--db", str(tmp_path / "other.db"))) == 3
    assert "no ledger at" in jjj("list", ok=False).stderr  # JJJTRACK_DB's was never made


def test_default_ledger_lives_in_data_folder(jjj, tmp_path, monkeypatch):
    monkeypatch.delenv("JJJTRACK_DB")
    monkeypatch.chdir(tmp_path)
    write_doc(tmp_path, "d.txt", SMALL)
    jjj("ingest", "d.txt")
    assert (tmp_path / "data" / "jjjtrack.db").exists()


def test_db_in_missing_folder_is_refused(jjj, tmp_path):
    result = jjj("list", "--db", str(tmp_path / "no" / "l.db"), ok=False)
    assert result.exit_code == 1 and "does not exist" in result.stderr
    assert not (tmp_path / "no").exists()


def test_a_big_ingest_is_summarised_by_result_and_names_the_guessed_dates(jjj, tmp_path):
    from jjjtrack.render import TERMINAL_ITEMS

    folder = tmp_path / "many"
    folder.mkdir()
    count = TERMINAL_ITEMS + 5
    for i in range(count):
        dated = "" if i % 50 == 0 else f"发布日期：2023-0{1 + i % 9}-10\n"  # 3 documents without a date
        write_doc(folder, f"d{i:03}.txt", f"{dated}今年将新建{i + 1}所学校，完成造林{i + 2}万亩。")
    out = jjj("ingest", str(folder), "--jobs", "1").stdout
    assert f"{count} documents" in out
    assert re.search(rf"new\s+│\s+{count}\s+│\s+{2 * count}\s+│\s+0", out), out
    assert "dated by a guess: 3" in out and "d000.txt" in out and "d050.txt" in out and "d100.txt" in out
    assert "d001.txt" not in out  # dated documents are not listed one by one
    again = jjj("ingest", str(folder), "--jobs", "1").stdout
    assert re.search(rf"unchanged\s+│\s+{count}\s+│", again), again


def test_the_plain_coercion_is_in_place_wherever_the_app_is_imported(jjj):
    """Tests through CliRunner run the same option coercion as `jjjtrack`: applied where the
    app is built, not in main()."""
    from typer import core

    import jjjtrack.cli  # noqa: F401

    assert getattr(core.build_runtime_param, "plain", False)
    result = jjj("list", "--limit", "many", ok=False)
    assert result.exit_code == 2 and "'many' is not an integer" in result.stderr
