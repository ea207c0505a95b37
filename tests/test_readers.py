"""Documents as users receive them: PDF (pages, tables, headers, scans, encryption), Word
(.docx, legacy .doc through LibreOffice) and government web pages. Every file is made here,
by code (tests/pdfmaker.py writes the PDFs)."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import subprocess

import pytest

import pdfmaker
from conftest import SEEDS, damage, dump

from jjjtrack.documents import read_document

PLAN = "到2025年，全市新建改造城市燃气管网800公里，新增城镇就业岗位12万个，建成5G基站3000个，森林覆盖率达到30%。"
REVIEW = "过去一年，全市完成棚户区改造1.2万户，新增城市绿地35公顷。"
TABLE = [["类别", "指标", "2020年", "2025年", "年均增长（累计）", "属性"],
         ["绿色生态", "森林覆盖率（%）", "26.8", "30", "［3.2］", "约束性"],
         ["民生福祉", "城镇新增就业（万人）", "—", "—", "［50］", "预期性"]]
TABLE_EXPECTED = {(26.8, "%", "reported", None), (30.0, "%", "target", "2025-12-31"),
                  (3.2, "%", "target", "2025-12-31"), (50.0, "万人", "target", "2025-12-31")}


def plan_pdf(**options) -> bytes:
    """Two pages: a title, a dated byline with the spaces PDF writers leave (2021 年 2 月 8 日),
    a paragraph broken by the page's width, a heading drawn twice (fake bold), a ruled table,
    a running header and page numbers; the second page carries on."""
    first = [pdfmaker.text(50, 30, "某市规划纲要（摘编）　内部资料"), pdfmaker.text(50, 80, "某市国民经济和社会发展第十四个五年规划纲要"),
             pdfmaker.text(50, 110, "发布日期：2021 年 2 月 8 日")]
    body, y = pdfmaker.paragraph(140, PLAN, per_line=30)
    first += body
    first += [pdfmaker.text(50, y + 20, "主要指标"), pdfmaker.text(50.4, y + 20, "主要指标")]
    first += pdfmaker.table(y + 40, TABLE, [70, 150, 50, 50, 90, 50])
    first.append(pdfmaker.text(290, 820, "- 1 -"))
    second = [pdfmaker.text(50, 30, "某市规划纲要（摘编）　内部资料"), pdfmaker.text(50, 80, "二、2020年工作回顾")]
    second += pdfmaker.paragraph(110, REVIEW, per_line=30)[0]
    second.append(pdfmaker.text(290, 820, "- 2 -"))
    return pdfmaker.pdf([first, second], **options)


def rows(result) -> list[dict]:
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def test_a_pdf_reads_as_its_reader_sees_it(tmp_path):
    path = tmp_path / "plan.pdf"
    path.write_bytes(plan_pdf())
    document = read_document(path)
    text = document.text
    assert PLAN in text and REVIEW in text  # the width's line breaks are joined
    assert "发布日期：2021年2月8日" in text  # no space between Chinese and digits
    assert "\n主要指标\n" in text  # drawn twice, kept once
    assert "内部资料" not in text and "- 1 -" not in text and "- 2 -" not in text  # header and page numbers
    assert "森林覆盖率（%）\t26.8\t30\t［3.2］\t约束性" in text  # a table row is a line, cells between tabs
    assert document.pages == (0, text.index("二、2020年工作回顾"))
    assert (document.date, document.date_source.value, document.encoding) == ("2021-02-08", "text", "pdf")


def test_pdf_statements_carry_their_page_and_their_span(jjj, tmp_path):
    path = tmp_path / "plan.pdf"
    path.write_bytes(plan_pdf())
    text = read_document(path).text
    found = rows(jjj("extract", str(path), "--format", "jsonl"))
    assert all(text[r["start"]:r["end"]] == r["text"] for r in found)
    by_text = {r["text"]: r for r in found}
    assert by_text["800公里"]["page"] == 1 and by_text["800公里"]["kind"] == "target"
    assert by_text["1.2万户"]["page"] == 2 and by_text["1.2万户"]["kind"] == "reported"
    table = {(r["value"], r["unit"], r["kind"], r["deadline"]) for r in found if r["sentence"].count("\t") >= 3}
    assert table == TABLE_EXPECTED


def test_an_unruled_pdf_table_keeps_its_columns(jjj, tmp_path):
    """Columns set apart by space alone: a wide gap is a cell's end, each row a line."""
    columns = (50, 250, 330, 410)
    ops = [pdfmaker.text(50, 60, "某市“十四五”规划主要指标（发布日期：2021-02-08）")]
    for y, cells in ((90, ("指标", "2020年", "2025年", "属性")), (110, ("森林覆盖率（%）", "26.8", "30", "约束性"))):
        ops += [pdfmaker.text(x, y, cell) for x, cell in zip(columns, cells)]
    path = tmp_path / "unruled.pdf"
    path.write_bytes(pdfmaker.pdf([ops]))
    assert read_document(path).text.endswith("\n指标\t2020年\t2025年\t属性\n森林覆盖率（%）\t26.8\t30\t约束性")
    found = rows(jjj("extract", str(path), "--format", "jsonl"))
    assert {(r["value"], r["kind"], r["deadline"]) for r in found} == {(26.8, "reported", None), (30.0, "target", "2025-12-31")}


def test_show_and_the_dossier_name_the_page(jjj, tmp_path):
    path = tmp_path / "plan.pdf"
    path.write_bytes(plan_pdf())
    jjj("ingest", str(path))
    ident = next(r["id"] for r in jjj.json("list") if r["text"] == "1.2万户")
    assert "page 2" in jjj("show", str(ident)).stdout
    assert jjj.json("show", str(ident))["page"] == 2
    assert "页码" in jjj("show", str(ident), "--format", "html").stdout


def test_the_metadata_dates_a_file_whose_text_states_no_date(tmp_path):
    path = tmp_path / "undated.pdf"
    path.write_bytes(pdfmaker.pdf([[pdfmaker.text(50, 80, "今年全市新建公园12个，改造老旧小区300个。")]],
                                  creation_date="20240514093000+08'00'"))
    document = read_document(path)
    assert (document.date, document.date_source.value) == ("2024-05-14", "metadata")
    dated = tmp_path / "dated.pdf"  # a date the text states wins over the file's
    dated.write_bytes(pdfmaker.pdf([[pdfmaker.text(50, 80, "发布日期：2023-03-01"), pdfmaker.text(50, 110, PLAN)]],
                                   creation_date="20240514"))
    assert read_document(dated).date == "2023-03-01"


@pytest.mark.parametrize("name, make, says", [
    ("locked.pdf", lambda: plan_pdf(encrypted=True), "encrypted PDF"),
    ("broken.pdf", lambda: b"%PDF-1.4\n1 0 obj << /Type /Catalog", "damaged PDF"),
    ("scan.pdf", lambda: pdfmaker.pdf([[pdfmaker.rule(50, 50, 300, 300)]]), "no text layer"),
    ("broken.docx", lambda: b"PK\x03\x04 not really a zip", "damaged Word file"),
])
def test_a_file_that_cannot_be_read_gets_one_line_and_leaves_the_ledger_alone(jjj, tmp_path, name, make, says):
    jjj("ingest", str(SEEDS / "000_a515818c1405c0be.txt"))
    before = dump(tmp_path / "ledger.db")
    path = tmp_path / name
    path.write_bytes(make())
    result = jjj("ingest", str(path), ok=False)
    assert result.exit_code == 1 and says in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert dump(tmp_path / "ledger.db") == before


def plan_docx(created: dt.datetime | None = None) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("某市国民经济和社会发展第十四个五年规划纲要")
    document.add_paragraph("发布日期：2021-02-08")
    document.add_paragraph(PLAN)
    table = document.add_table(rows=len(TABLE), cols=len(TABLE[0]))
    for row, cells in zip(table.rows, TABLE):
        for cell, value in zip(row.cells, cells):
            cell.text = value
    document.add_paragraph("二、2020年工作回顾")
    document.add_paragraph(REVIEW)
    if created:
        document.core_properties.created = created
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_word_file_gives_its_paragraphs_and_table_rows(jjj, tmp_path):
    path = tmp_path / "plan.docx"
    path.write_bytes(plan_docx())
    text = read_document(path).text
    assert text.startswith("某市国民经济和社会发展第十四个五年规划纲要\n发布日期：2021-02-08\n" + PLAN)
    found = rows(jjj("extract", str(path), "--format", "jsonl"))
    assert all(text[r["start"]:r["end"]] == r["text"] and r["page"] is None for r in found)
    table = {(r["value"], r["unit"], r["kind"], r["deadline"]) for r in found if "\t" in r["sentence"]}
    assert table == TABLE_EXPECTED
    assert {"800公里", "1.2万户", "35公顷"} <= {r["text"] for r in found}


def test_legacy_word_without_libreoffice_says_how_to_convert(jjj, tmp_path, monkeypatch):
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    monkeypatch.setattr(shutil, "which", lambda name: None)
    result = jjj("extract", str(path), ok=False)
    assert result.exit_code == 1 and "soffice --headless --convert-to docx old.doc" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_legacy_word_is_converted_by_libreoffice(jjj, tmp_path):
    source = tmp_path / "plan.docx"
    source.write_bytes(plan_docx())
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "doc", "--outdir", str(tmp_path / "old"), str(source)],
                   capture_output=True, timeout=180, check=True)
    found = rows(jjj("extract", str(tmp_path / "old" / "plan.doc"), "--format", "jsonl"))
    assert {"800公里", "1.2万户", "35公顷"} <= {r["text"] for r in found}


def scanned_pdf(pages: int = 2) -> bytes:
    """Pages that are images only, as a scanner gives them (no text layer)."""
    from PIL import Image

    images = [Image.new("L", (400, 300), 255) for _ in range(pages)]
    out = io.BytesIO()
    images[0].save(out, "PDF", resolution=100, save_all=True, append_images=images[1:])
    return out.getvalue()


FAKE_TESSERACT = """#!/bin/sh
if [ "$1" = "--list-langs" ]; then printf 'List of available languages (2):\\nchi_sim\\neng\\n'; exit 0; fi
printf '过去一年， 全 市 新 建\\n公园 12 个。\\n\\n完成老旧小区改造 300 个。\\n'
"""


def test_a_scan_is_read_by_ocr_only_when_asked(jjj, tmp_path, monkeypatch):
    """tesseract stands in here (the same two paragraphs a page) so that the wiring is tested
    on any machine: pages drawn, read in chi_sim, lines joined, spaces dropped, pages counted."""
    path = tmp_path / "scan.pdf"
    path.write_bytes(scanned_pdf())
    monkeypatch.setenv("PATH", "/nonexistent")
    refused = jjj("extract", str(path), ok=False)
    assert refused.exit_code == 1 and "no text layer" in refused.stderr and "--ocr" in refused.stderr
    refused = jjj("extract", str(path), "--ocr", ok=False)
    assert refused.exit_code == 1 and "tesseract-ocr-chi-sim" in refused.stderr
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "tesseract").write_text(FAKE_TESSERACT)
    (tmp_path / "bin" / "tesseract").chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}:/usr/bin:/bin")
    document = read_document(path, ocr=True)
    assert document.text.startswith("过去一年，全市新建公园12个。\n完成老旧小区改造300个。\n过去一年")
    found = rows(jjj("extract", str(path), "--ocr", "--format", "jsonl"))
    assert [(r["text"], r["page"]) for r in found] == [("12个", 1), ("300个", 1), ("12个", 2), ("300个", 2)]


GOV_PAGE = """<html><head><title>关于印发工作方案的通知_某市人民政府</title>
<meta name="PubDate" content="2024-03-05 10:30"><meta name="keywords" content="2019年">
<script>var menu = "今年建成99个";</script></head>
<body><div class="nav">首页 &gt; 政务公开 共有8个栏目</div>
<div id="UCAP-CONTENT"><h2>一、工作目标</h2><p>今年新建&lt;b&gt;标准厂房12万平方米</p>
<div><p>到2025年，建成充电桩<span>3000</span>个</p></div></div>
<div class="footer">网站访问量10000次</div></body></html>"""


def test_a_government_page_gives_its_content_container_and_its_date(jjj, tmp_path):
    path = tmp_path / "notice.html"
    path.write_bytes(GOV_PAGE.encode("utf-8"))
    document = read_document(path)
    assert document.text == ("关于印发工作方案的通知_某市人民政府\n一、工作目标\n今年新建<b>标准厂房12万平方米\n"
                             "到2025年，建成充电桩3000个")
    assert (document.date, document.date_source.value) == ("2024-03-05", "metadata")
    found = rows(jjj("extract", str(path), "--format", "jsonl"))
    assert [r["text"] for r in found] == ["12万平方米", "3000个"]
    assert all(document.text[r["start"]:r["end"]] == r["text"] for r in found)
    assert found[0]["sentence"] == "今年新建<b>标准厂房12万平方米"  # the heading ended a sentence


def test_a_page_stored_as_blanked_markup_gets_its_visible_text_when_read_again(jjj, tmp_path):
    """Ledgers of earlier releases hold a web page with its markup blanked in place: read again
    by a newer extractor, the page's stored text is the one the new offsets are into."""
    path = tmp_path / "notice.html"
    path.write_bytes(GOV_PAGE.encode("utf-8"))
    jjj("ingest", str(path))
    damage(tmp_path / "ledger.db", "UPDATE documents SET text = 'old ' || text, extractor_version = 'old'")
    jjj("ingest", str(path))
    assert jjj("check").exit_code == 0
    assert [r["text"] for r in jjj.json("list")] == ["12万平方米", "3000个"]


@pytest.mark.parametrize("page, expected", [
    ('<div class="menu">首页 新闻 共8个栏目</div><div class="TRS_Editor"><p>今年新建标准厂房12万平方米，'
     '改造老旧小区300个。</p></div>', "今年新建标准厂房12万平方米，改造老旧小区300个。"),
    ('<div id="zoom"></div><p>今年新建标准厂房12万平方米，改造老旧小区300个。</p>',  # #zoom holds only the buttons
     "今年新建标准厂房12万平方米，改造老旧小区300个。"),
    ('<table><tr><td><p>森林覆盖率</p><p>（%）</p></td><td>26.8</td><td></td><td>30</td></tr></table>',
     "森林覆盖率（%）\t26.8\t\t30"),
])
def test_a_page_without_a_known_container_or_with_cells_reads_its_body(tmp_path, page, expected):
    path = tmp_path / "page.html"
    path.write_bytes(f"<html><body>{page}</body></html>".encode("utf-8"))
    assert read_document(path).text == expected


def test_a_word_paragraph_inside_a_content_control_is_read(tmp_path):
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    document.add_paragraph("今年将新建公园12个。")
    namespace = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document.element.body.append(parse_xml(
        f"<w:sdt {namespace}><w:sdtContent><w:p><w:r><w:t>改造老旧小区300个。</w:t></w:r></w:p></w:sdtContent></w:sdt>"))
    path = tmp_path / "form.docx"
    document.save(path)
    assert read_document(path).text == "今年将新建公园12个。\n改造老旧小区300个。"
