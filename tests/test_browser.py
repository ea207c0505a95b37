"""The HTML report rendered by a real browser: headless Chromium reads the page, we read its DOM.

Checks what a reader sees: the counts shown equal `report --format json`, overdue items come
first, document text carrying <script> or markup is shown as text, and the page prints.
Skipped, saying why, on a machine without Chromium (.ci/run installs it).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from reportdata import AS_OF, EVIL_NAME, EVIL_SENTENCE, build_ledger

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "/usr/bin/chromium")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking")


def find_chromium() -> str | None:
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def chromium():
    found = find_chromium()
    if not found:
        pytest.skip("chromium not installed: apt-get install chromium chromium-driver (as .ci/run does)")
    return found


def run_chromium(chromium: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [chromium, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True, text=True, timeout=60,
    )


class Dom(HTMLParser):
    """Elements with their attributes and text, the <script> data set apart."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.elements, self.text, self.scripts = [], [], []
        self._open: list[tuple[str, dict]] = []
        self._counts: dict[str, str] = {}
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.elements.append((tag, attrs))
        self._open.append((tag, attrs))

    def handle_endtag(self, tag):
        while self._open and self._open.pop()[0] != tag:
            pass

    def handle_data(self, data):
        tag, attrs = self._open[-1] if self._open else ("", {})
        if tag == "script":
            self.scripts.append((attrs.get("type"), data))
            return
        self.text.append(data)
        if attrs.get("id", "").startswith("count-"):
            self._counts[attrs["id"].removeprefix("count-")] = data.strip()

    @property
    def counts(self) -> dict[str, int]:
        return {key: int(value) for key, value in self._counts.items()}


@pytest.fixture
def rendered(isolated_env, jjj, chromium, tmp_path):
    build_ledger(os.environ["JJJTRACK_DB"]).close()
    page = tmp_path / "report.html"
    jjj("report", "--as-of", AS_OF, "--format", "html", "--output", str(page))
    dump = run_chromium(chromium, tmp_path / "profile-dom", "--dump-dom", page.as_uri())
    assert dump.returncode == 0, dump.stderr[-2000:]
    return {"page": page, "dom": Dom(dump.stdout), "json": jjj.json("report", "--as-of", AS_OF)}


def test_browser_shows_the_json_counts_and_overdue_first(rendered):
    dom, data = rendered["dom"], rendered["json"]
    c = data["counts"]
    assert dom.counts == {k: c[k] for k in ("done", "missed", "silent", "in_progress", "pending", "overdue", "dropped", "total")}
    articles = [attrs for tag, attrs in dom.elements if tag == "article"]
    ids = [int(a["data-id"]) for a in articles]
    assert ids[: len(data["items"])] == [item["id"] for item in data["items"]]
    assert sorted(ids) == list(range(1, c["total"] + 1))  # every commitment, once
    statuses = [a["data-status"] for a in articles]
    assert c["overdue"] == c["silent"] and c["missed"] == 0  # nothing in this ledger is reported short
    assert statuses[: c["overdue"]] == ["silent"] * c["overdue"]
    assert "silent" not in statuses[c["overdue"]:]
    # the headline counts stand above the first item
    text = " ".join(dom.text)
    assert text.index(f"{c['overdue']} Overdue") < text.index("Silent 未见反馈") < text.index(data["items"][0]["doc"])


def test_browser_shows_markup_as_text(rendered):
    dom = rendered["dom"]
    text = "".join(dom.text)
    before, after = EVIL_SENTENCE.split("7座")
    assert before in text and after in text and EVIL_NAME in text
    tags = [tag for tag, _ in dom.elements]
    assert not {"b", "i", "img"} & set(tags)
    assert tags.count("script") == 2
    live = [code for kind, code in dom.scripts if kind != "application/json"]
    assert not any("alert" in code for code in live)
    (blob,) = [code for kind, code in dom.scripts if kind == "application/json"]
    assert json.loads(blob)["counts"] == rendered["json"]["counts"]


def test_browser_screenshot_and_print(rendered, chromium, tmp_path):
    shot, pdf = tmp_path / "report.png", tmp_path / "report.pdf"
    url = rendered["page"].as_uri()
    taken = run_chromium(chromium, tmp_path / "profile-shot", f"--screenshot={shot}", "--window-size=1280,2000",
                         "--hide-scrollbars", url)
    assert taken.returncode == 0 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", taken.stderr[-2000:]
    assert shot.stat().st_size > 20_000  # a blank page compresses to a few kilobytes
    printed = run_chromium(chromium, tmp_path / "profile-pdf", f"--print-to-pdf={pdf}", "--no-pdf-header-footer", url)
    assert printed.returncode == 0 and pdf.read_bytes()[:5] == b"%PDF-", printed.stderr[-2000:]
    keep = os.environ.get("JJJTRACK_KEEP_SCREENSHOTS")
    if keep:  # a folder to look at them in
        for made in (shot, pdf):
            shutil.copy(made, Path(keep) / made.name)
