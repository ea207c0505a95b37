"""Web pages: the main text as a reader sees it, and the date the page's metadata gives.

Government sites publish through a few systems, each wrapping the article in a container of
its own (`#UCAP-CONTENT`, `.TRS_Editor`, `#zoom`, `.pages_content`, ...): where one is present,
its text is the document, after the page's title; elsewhere the whole body is. Scripts,
styles and comments are dropped, character references decoded (`&lt;b&gt;` is text), block
elements and headings end lines (a line end is a sentence end), table cells are separated
by tabs as in the other readers. The date comes from `<meta name="PubDate">` (or
firstpublishedtime, publishdate) where the page has one.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from .text import real_date

CONTAINER_IDS = frozenset({"ucap-content", "zoom", "fontzoom", "content", "article", "zw"})
CONTAINER_CLASSES = frozenset({"trs_editor", "pages_content", "article-content", "view", "content_text"})
# the first two sets are looked for first: a page's generic "content" div may wrap its menus
PREFERRED = frozenset({"ucap-content", "zoom", "trs_editor", "pages_content"})
DATE_META_NAMES = ("pubdate", "firstpublishedtime", "publishdate", "published_time", "article:published_time")
MIN_CONTAINER_CHARS = 20  # a container holding less (an empty #zoom for the font-size buttons) is not the article
SKIPPED = frozenset({"script", "style", "noscript", "template", "svg", "select", "button"})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
    "table", "tbody", "thead", "title", "tr", "ul",
})
CELLS = frozenset({"td", "th"})
ROWS = frozenset({"tr", "table"})
META_DATE_RE = re.compile(r"(\d{4})\D{1,2}(\d{1,2})\D{1,2}(\d{1,2})")
SPACE_RUN_RE = re.compile(r"[ \t\r\n\f\v]+")
LINE_RE = re.compile(r"[ \xa0\u3000]*\n[ \n\xa0\u3000]*")
CELL_GAP_RE = re.compile(r" *\t *")


def read_html(html: str) -> tuple[str, str | None]:
    """(the page's main text, its metadata date YYYY-MM-DD or None)."""
    parser = _Page()
    parser.feed(html)
    parser.close()
    body = parser.container_text() or "".join(parser.body)
    title = "".join(parser.title).strip()
    text = _lines(body)
    if title and parser.container_text() and not text.startswith(title):
        text = f"{title}\n{text}"
    return text, parser.date


def _lines(text: str) -> str:
    lines = [CELL_GAP_RE.sub("\t", line.strip(" \xa0\u3000")) for line in LINE_RE.sub("\n", text).split("\n")]
    return "\n".join(line for line in lines if line.strip("\t "))


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.body: list[str] = []
        self.title: list[str] = []
        self.date: str | None = None
        self._containers: dict[bool, list[str]] = {}  # preferred or not -> its text
        self._open: list[tuple[str, int, bool]] = []  # containers being read: tag, depth, preferred
        self._depth: dict[str, int] = {}
        self._skipping = 0
        self._in_title = False
        self._cells = 0  # cells opened in the current table row

    def container_text(self) -> str:
        for preferred in (True, False):
            text = "".join(self._containers.get(preferred, ()))
            if len(SPACE_RUN_RE.sub("", text)) >= MIN_CONTAINER_CHARS:
                return text
        return ""

    def handle_starttag(self, tag, attrs):
        if tag == "meta":
            self._meta(dict(attrs))
        if tag in VOID:
            if tag in BLOCKS:
                self._write("\n")
            return
        self._depth[tag] = self._depth.get(tag, 0) + 1
        if tag in SKIPPED:
            self._skipping += 1
        elif tag == "title":
            self._in_title = True
        attributes = dict(attrs)
        ident = (attributes.get("id") or "").lower()
        classes = set((attributes.get("class") or "").lower().split())
        if ident in CONTAINER_IDS or classes & CONTAINER_CLASSES:
            preferred = ident in PREFERRED or bool(classes & PREFERRED)
            if not any(open_preferred >= preferred for _, _, open_preferred in self._open):
                self._open.append((tag, self._depth[tag], preferred))
                self._containers.setdefault(preferred, []).append("\n")
        self._break(tag, opening=True)

    def handle_endtag(self, tag):
        if tag in VOID or not self._depth.get(tag):
            if tag in BLOCKS:
                self._write("\n")
            return
        self._break(tag)
        if tag in SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag == "title":
            self._in_title = False
        self._open = [c for c in self._open if not (c[0] == tag and c[1] == self._depth[tag])]
        self._depth[tag] -= 1

    def handle_data(self, data):
        if self._skipping:
            return
        if self._in_title:
            self.title.append(data)
            return
        self._write(SPACE_RUN_RE.sub(" ", data.replace("\xa0", " ")))

    def _break(self, tag: str, opening: bool = False) -> None:
        if tag in ROWS:
            self._cells = 0
        if tag in BLOCKS and not (self._cells and tag not in ROWS):  # a paragraph inside a cell stays in it
            self._write("\n")
        elif tag in CELLS and opening:
            self._write("\t" if self._cells else "")
            self._cells += 1

    def _write(self, text: str) -> None:
        if self._skipping or self._in_title:
            return
        self.body.append(text)
        for preferred in {p for _, _, p in self._open}:
            self._containers[preferred].append(text)

    def _meta(self, attributes: dict) -> None:
        name = (attributes.get("name") or attributes.get("property") or "").lower()
        if self.date is None and name in DATE_META_NAMES:
            self.date = meta_date(attributes.get("content") or "")


def meta_date(content: str) -> str | None:
    """2024-05-14 10:00, 2024/5/14, 2024-05-14-10:00:00 -> 2024-05-14; None when it is no date."""
    return real_date(META_DATE_RE.search(content))
