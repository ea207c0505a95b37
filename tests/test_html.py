"""The HTML, Markdown and terminal reports, read as text (the browser test renders them)."""

from __future__ import annotations

import json
import os
import re
from html.parser import HTMLParser

import pytest
from reportdata import AS_OF, EVIL_NAME, EVIL_NOTE, EVIL_SENTENCE, build_ledger

from jjjtrack.render_html import json_for_script


@pytest.fixture
def ledger(isolated_env):
    built = build_ledger(os.environ["JJJTRACK_DB"])
    built.close()
    return built.path


class Page(HTMLParser):
    """Elements, text and the data of <script> elements, the way a browser tokenises them."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags, self.text, self.scripts, self._in = [], [], [], None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in = (tag, dict(attrs)) if tag == "script" else None

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in:
            self.scripts.append((self._in[1].get("type"), data))
        else:
            self.text.append(data)

    @property
    def plain(self) -> str:
        return " ".join(self.text)


def html_report(jjj, *args) -> str:
    return jjj("report", "--as-of", AS_OF, "--format", "html", *args).stdout


def test_html_report_counts_and_order(ledger, jjj):
    data = jjj.json("report", "--as-of", AS_OF)
    page = html_report(jjj)
    for key in ("done", "missed", "silent", "pending", "overdue", "dropped", "total"):
        assert re.search(rf'id="count-{key}">{data["counts"][key]}<', page), key
    parsed = Page(page)
    assert "Silent 未见反馈" in parsed.plain and "Done 完成" in parsed.plain
    # overdue items come first, most overdue first, then the ones due soon
    # then every other commitment: pending by deadline, then done
    ids = [int(a["data-id"]) for t, a in parsed.tags if t == "article"]
    assert ids[:4] == [item["id"] for item in data["items"]] == [2, 1, 7, 3]
    assert ids == [2, 1, 7, 3, 4, 6, 5]
    statuses = [a["data-status"] for t, a in parsed.tags if t == "article"]
    assert statuses == ["silent", "silent", "silent", "pending", "pending", "done", "done"]
    # how long overdue, the quote with its number marked, one history per item
    assert "518 days" in parsed.plain and "518 天" in parsed.plain
    assert "<mark>10万亩</mark>" in page
    assert page.count('<details class="history">') == len(ids)
    # the timeline of deadlines by year
    years = re.findall(r'<span class="yl">(\d{4})</span>', page)
    assert years == ["2022", "2023", "2024", "2025", "2030"]


def test_html_report_is_self_contained_and_printable(ledger, jjj, tmp_path):
    out = tmp_path / "r.html"
    assert "wrote" in jjj("report", "--as-of", AS_OF, "--format", "html", "--output", str(out)).stdout
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    attributes = {name for _, attrs in Page(page).tags for name in attrs}
    assert attributes.isdisjoint({"src", "href", "srcset", "poster", "data"}), "nothing loaded from elsewhere"
    assert "@import" not in page and "url(" not in page
    assert "@media print" in page


def test_html_report_shows_markup_as_text(ledger, jjj):
    page = html_report(jjj)
    parsed = Page(page)
    # the document's <script>, <b>, | and the note's <img> arrive as text, never as elements
    before, after = EVIL_SENTENCE.split("7座")
    assert before in parsed.plain and after in parsed.plain
    assert EVIL_NAME in parsed.plain and EVIL_NOTE in parsed.plain
    assert {t for t, _ in parsed.tags}.isdisjoint({"b", "i", "img"})
    assert [t for t, _ in parsed.tags].count("script") == 2  # the JSON data and the print helper
    assert not any("alert(" in code for kind, code in parsed.scripts if kind != "application/json")
    # the embedded data is the report itself, every "<" escaped so nothing can close the element
    (blob,) = [code for kind, code in parsed.scripts if kind == "application/json"]
    assert "<" not in blob
    data = json.loads(blob)
    assert data["counts"] == jjj.json("report", "--as-of", AS_OF)["counts"]
    assert data["histories"]["7"][-1]["note"] == EVIL_NOTE


def test_json_for_script_escapes_closing_tags():
    text = json_for_script({"a": "</script><!-- & >"})
    assert "</" not in text and "<!--" not in text and "&" not in text
    assert json.loads(text) == {"a": "</script><!-- & >"}


def test_show_html_dossier(ledger, jjj, tmp_path):
    page = jjj("show", "7", "--format", "html", "--as-of", AS_OF).stdout
    parsed = Page(page)
    assert "Update history 更新记录" in parsed.plain
    assert EVIL_NOTE in parsed.plain and "https://example.org/a?b=<c>" in parsed.plain
    assert "<mark>7座</mark>" in page and "153 days" in parsed.plain
    assert "2 / 7座 (29%)" in parsed.plain  # the latest progress against the target
    assert {t for t, _ in parsed.tags}.isdisjoint({"b", "i", "img"})
    out = tmp_path / "c.html"
    jjj("show", "1", "--format", "html", "--output", str(out))
    assert "高铁线路" in out.read_text(encoding="utf-8")
    assert jjj("show", "99", "--format", "html", ok=False).exit_code == 1


def test_unknown_report_format_lists_html(ledger, jjj):
    result = jjj("report", "--format", "pdf", ok=False)
    assert result.exit_code == 1 and "html" in result.stderr


# -- markdown -------------------------------------------------------------------------------


def unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line.strip().strip("|")))


def test_markdown_report_same_content_escaped(ledger, jjj):
    data = jjj.json("report", "--as-of", AS_OF)
    md = jjj("report", "--as-of", AS_OF, "--format", "markdown").stdout
    c = data["counts"]
    assert f"**{c['done']}** done" in md and f"**{c['overdue']}** overdue" in md
    assert "Deadlines by year" in md and "| 2030 |" in md
    assert "<script>" not in md and "<b>" not in md and "<img" not in md
    assert "alert(1)" in md and "**7座**" in md  # the quote, its number in bold
    assert md.index("#2 ") < md.index("#1 ") < md.index("#7 ") < md.index("#3 ")
    lines = md.splitlines()
    for n, line in enumerate(lines):  # every table row has as many cells as its header
        delimiter = re.compile(r"\|[-:| ]+\|")
        is_header = n + 1 < len(lines) and delimiter.fullmatch(lines[n + 1])
        if line.startswith("|") and not delimiter.fullmatch(line) and not is_header:
            header = next(lines[j - 1] for j in range(n, 0, -1) if re.fullmatch(r"\|[-:| ]+\|", lines[j]))
            assert unescaped_pipes(line) == unescaped_pipes(header), line
    assert md.count("<details><summary>Update history") == len(data["items"])
    assert md.count("<details>") == md.count("</details>")
    assert "## All other commitments 其他承诺 (3)" in md and "| 4 | 2030-12-31 |" in md


# -- terminal ---------------------------------------------------------------------------------


def test_terminal_report_bars_and_years(ledger, jjj):
    out = jjj("report", "--as-of", AS_OF).stdout
    assert "3 overdue" in out and "by category" in out
    assert "deadlines by year" in out
    for year in ("2022", "2023", "2030"):
        assert re.search(rf"^\s*{year} ", out, re.M), year


def test_long_reports_list_the_first_ones_and_name_the_command(ledger, jjj, monkeypatch):
    import jjjtrack.reports

    monkeypatch.setattr(jjjtrack.reports, "LIST_LIMIT", 2)
    page = html_report(jjj)
    ids = [int(a["data-id"]) for t, a in Page(page).tags if t == "article"]
    assert ids == [2, 1]  # the most overdue
    assert re.search(r'id="count-overdue">3<', page)  # counts stay whole
    assert "1 more: <code>jjjtrack list --status overdue</code>" in page
    md = jjj("report", "--as-of", AS_OF, "--format", "markdown").stdout
    assert "The first 2; 1 more: `jjjtrack list --status overdue`" in md
    assert md.count("<details><summary>Update history") == 2
