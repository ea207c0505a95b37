"""The supervision 台账: lead units, baselines, schedule and lights, xlsx, Chinese labels."""

from __future__ import annotations

import json

import pytest

from conftest import dump, write_doc
from jjjtrack.extract import extract_text, normalise_units
from jjjtrack.schedule import Thresholds, schedule_of, thresholds

# Sentences of our own: a task list as supervision offices write them.
TASKS = (
    "发布日期：2024-01-10\n\n"
    "一、今年新建公共充电桩2000个（市城管委牵头，各区政府配合）。\n"
    "二、今年计划改造老旧小区40个。牵头单位：市住房和城乡建设委员会；责任单位：各区政府、市财政局\n"
    "三、由市发改委负责，今年将企业补贴标准从10万元提高到15万元。\n"
    "四、今年全市新增就业岗位5万个。\n"
)


def ingest_tasks(jjj, tmp_path):
    jjj("ingest", str(write_doc(tmp_path, "tasks.txt", TASKS)))
    return {row["value"]: row for row in jjj.json("list", "--doc", "tasks.txt")}


def test_units_and_baselines_are_read_and_names_normalised():
    found = {s.value: s for s in extract_text(TASKS, "2024-01-10")}
    assert (found[2000].lead, found[2000].owner) == ("市城市管理委", "各区政府")
    assert (found[40].lead, found[40].owner) == ("市住房城乡建设委", "各区政府、市财政局")
    assert found[15].lead == "市发展改革委" and found[15].baseline == 10
    assert found[50000].lead == "" and found[50000].baseline is None
    assert normalise_units("市发改委、 区卫健委") == "市发展改革委、区卫生健康委"


@pytest.mark.parametrize("table", [
    "指标\t2020年（基期）\t2025年（目标）\t属性\n城镇新增就业人数（万人）\t27.3\t30\t预期性\n",
    "指标 | 2020年 | 2025年 | 属性\n城镇新增就业人数（万人） | 27.3 | 30 | 预期性\n",
])
def test_a_base_year_column_is_a_baseline(table):
    found = {s.value: s for s in extract_text("发布日期：2021-03-01\n\n" + table, "2021-03-01")}
    assert found[30].kind.value == "target" and found[30].baseline == 27.3


def test_progress_schedule_state_and_light():
    row = {"kind": "target", "status": "pending", "value": 15.0, "baseline": 10.0, "latest_progress": 11.0,
           "comparator": "exact", "doc_date": "2024-01-10", "deadline": "2024-12-31"}
    s = schedule_of(row, "2024-11-30", Thresholds())
    assert s.start == "2024-01-01" and s.progress_pct == 20.0 and 91 < s.schedule_pct < 92
    assert (s.state, s.light) == ("behind", "red")
    assert schedule_of({**row, "latest_progress": 14.0}, "2024-11-30", Thresholds()).light == "yellow"  # 80%
    assert schedule_of({**row, "latest_progress": 15.0}, "2024-11-30", Thresholds()).state == "ahead"
    assert schedule_of({**row, "latest_progress": 14.0}, "2024-11-30", thresholds("20,40")).state == "on"
    assert schedule_of(row, "2025-01-02", Thresholds()).state == "overdue"
    assert schedule_of({**row, "latest_progress": None}, "2024-06-01", Thresholds()).state == "unreported"
    rate = {**row, "baseline": None, "value": 6.0, "latest_progress": 3.0, "doc_date": "2023-03-05",
            "deadline": "2025-12-31"}  # 增长6%, 3% achieved; a plan's time runs from its date
    assert schedule_of(rate, "2024-11-30", Thresholds()).progress_pct == 50.0
    assert schedule_of(rate, "2024-11-30", Thresholds()).start == "2023-03-05"


@pytest.mark.parametrize("text", ["10", "a,b", "40,20", "10,30,50"])
def test_bad_light_thresholds_are_one_line(seeded, text):
    result = seeded("list", "--schedule", "red", "--lights", text, ok=False)
    assert result.exit_code == 1 and result.stderr.count("\n") == 1 and "--lights" in result.stderr


def test_update_lead_list_lead_and_schedule(jjj, tmp_path):
    rows = ingest_tasks(jjj, tmp_path)
    assert rows[2000]["lead"] == "市城市管理委"
    assert [r["id"] for r in jjj.json("list", "--lead", "市城管委")] == [rows[2000]["id"]]  # the name normalised
    assert [r["id"] for r in jjj.json("list", "--owner", "市财政局")] == [rows[40]["id"]]
    ident = str(rows[50000]["id"])
    out = jjj("update", ident, "--progress", "5000", "--date", "2024-05-01", "--lead", "市人社局").stdout
    assert "pending" in out
    assert jjj.json("show", ident)["lead"] == "市人力资源社会保障局"
    # as of a day before the update, the unit was the document's (none)
    assert jjj.json("show", ident, "--as-of", "2024-04-01")["lead"] is None
    shown = jjj.json("show", ident)  # 10% done with 5 of 12 months gone (today is 2024-06-01)
    assert (shown["progress_pct"], shown["schedule_state"], shown["light"]) == (10.0, "behind", "red")
    behind = jjj.json("list", "--schedule", "behind")
    assert [r["id"] for r in behind] == [rows[50000]["id"]] and behind[0]["light"] == "red"
    assert jjj.json("list", "--schedule", "green") == []
    assert jjj.json("list", "--schedule", "behind", "--as-of", "2024-04-30") == []  # no progress reported yet
    report = jjj.json("report", "--by", "lead")
    assert report["lights"]["red"] == 1 and report["by_lead"]["市人力资源社会保障局"]["total"] == 1
    assert report["by_lead"]["市城市管理委"]["pending"] == 1


def test_bad_units_progress_and_dates_keep_the_ledger(jjj, tmp_path, isolated_env):
    rows = ingest_tasks(jjj, tmp_path)
    ident = str(rows[2000]["id"])
    before = dump(isolated_env / "ledger.db")
    for args, words in ((("--lead", " "), "--lead needs a unit name"), (("--schedule", "late"), "unknown --schedule")):
        command = ("update", ident, *args) if args[0] == "--lead" else ("list", *args)
        result = jjj(*command, ok=False)
        assert result.exit_code == 1 and words in result.stderr and "Traceback" not in result.stderr
    assert dump(isolated_env / "ledger.db") == before
    odd = jjj("update", ident, "--lead", "张三")
    assert "not a unit name jjjtrack knows" in odd.stderr  # a warning; recorded as given
    big = jjj("update", ident, "--progress", "30000")
    assert "more than 10 times" in big.stderr and "recorded" in big.stderr
    early = jjj("show", ident, "--as-of", "2023-12-01", "--format", "json")
    assert "not yet written" in early.stderr and json.loads(early.stdout)["light"] is None


def test_xlsx_taizhang(jjj, tmp_path):
    openpyxl = pytest.importorskip("openpyxl", reason="openpyxl (the xlsx extra) is not installed")
    tricky = write_doc(tmp_path, "tricky.txt", "发布日期：2024-01-10\n\n=HYPERLINK(\"x\")今年新建学校3所（市教委牵头）。\n")
    rows = ingest_tasks(jjj, tmp_path)
    jjj("ingest", str(tricky))
    jjj("update", str(rows[2000]["id"]), "--progress", "500", "--date", "2024-05-01", "--note", "已建成500个",
        "--source", "=cmd|' /C calc'!A0")
    path = tmp_path / "台账.xlsx"
    assert "wrote" in jjj("report", "--format", "xlsx", "--output", str(path)).stdout
    sheet = openpyxl.load_workbook(path).active
    headers = [cell.value for cell in sheet[1]]
    assert headers == ["序号", "任务", "目标值", "单位", "牵头单位", "责任单位", "完成时限", "进展情况", "完成情况",
                       "序时进度", "实际进度", "状态"]
    assert sheet.freeze_panes == "A2"
    by_value = {row[2].value: row for row in sheet.iter_rows(min_row=2)}
    charging = by_value[2000]
    assert charging[4].value == "市城市管理委" and charging[5].value == "各区政府"
    assert charging[6].is_date and charging[6].value.date().isoformat() == "2024-12-31"
    assert charging[9].data_type == "n" and 0.41 < charging[9].value < 0.42 and charging[9].number_format == "0.0%"
    assert charging[10].value == 0.25 and charging[11].value == "黄灯 欠进度"  # 16.7 points behind
    assert charging[7].value.startswith("2024-05-01 已建成500个") and charging[7].data_type == "s"
    school = by_value[3]
    assert school[1].value.startswith("=HYPERLINK") and school[1].data_type == "s"  # text, not a formula
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["A"].width
    listed = tmp_path / "list.xlsx"
    jjj("list", "--lead", "市城市管理委", "--format", "xlsx", "--output", str(listed), "--lang", "en")
    english = openpyxl.load_workbook(listed).active
    assert english["A1"].value == "No." and english.max_row == 2
    result = jjj("list", "--format", "xlsx", ok=False)
    assert result.exit_code == 1 and "--output" in result.stderr


def test_chinese_labels(jjj, tmp_path, monkeypatch):
    ingest_tasks(jjj, tmp_path)
    table = jjj("report", "--lang", "zh").stdout
    assert "截至" in table and "待完成" in table and "按指示灯" in table
    monkeypatch.setenv("JJJTRACK_LANG", "zh")
    csv_text = jjj("list", "--format", "csv", "--schedule", "any").stdout
    assert csv_text.startswith("编号,状态,文件") and ",待完成," in csv_text and ",目标," in csv_text
    assert "牵头单位" in jjj("list", "--schedule", "any").stdout
    assert "按牵头单位" in jjj("report", "--format", "markdown", "--by", "lead").stdout
    assert '<html lang="zh">' in jjj("report", "--format", "html").stdout
    monkeypatch.setenv("JJJTRACK_LANG", "fr")
    result = jjj("report", ok=False)
    assert result.exit_code == 1 and "unknown language" in result.stderr


def test_html_report_colours_rows_by_light(jjj, tmp_path):
    rows = ingest_tasks(jjj, tmp_path)
    jjj("update", str(rows[40]["id"]), "--progress", "2", "--date", "2024-05-20")
    page = jjj("report", "--format", "html", "--as-of", "2024-11-30").stdout
    assert f'class="item in_progress light-red" id="c{rows[40]["id"]}"' in page  # partial progress: in progress
    assert 'data-light-count="red"' in page


def test_a_ledger_from_before_the_taizhang_upgrades(jjj, tmp_path, isolated_env):
    import sqlite_utils

    from jjjtrack import migrations
    from test_ledger import undo_m015_supervision, undo_m016_search_simplified

    rows = ingest_tasks(jjj, tmp_path)
    db = sqlite_utils.Database(isolated_env / "ledger.db")
    undo_m016_search_simplified(db)
    undo_m015_supervision(db)
    db.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION - 2}")
    db.conn.commit()
    db.conn.close()
    ident = str(rows[2000]["id"])
    assert jjj.json("show", ident)["lead"] is None  # the old rows were never read for units
    jjj("update", ident, "--lead", "市城管委")
    assert [r["id"] for r in jjj.json("list", "--lead", "市城市管理委")] == [rows[2000]["id"]]
    assert jjj("check").exit_code == 0


def test_the_workbook_xml_holds_its_chinese_as_text(tmp_path, isolated_env):
    """A fresh process, as users run it: openpyxl picks its XML writer when first imported."""
    import subprocess
    import sys
    import zipfile

    from conftest import SEEDS

    run = [sys.executable, "-m", "jjjtrack"]
    subprocess.run([*run, "ingest", str(SEEDS)], check=True, capture_output=True)
    subprocess.run([*run, "report", "--format", "xlsx", "--output", str(tmp_path / "t.xlsx")], check=True,
                   capture_output=True)
    sheet = zipfile.ZipFile(tmp_path / "t.xlsx").read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "牵头单位" in sheet and "完成时限" in sheet and "&#" not in sheet
