"""PDF: the text layer, read with pdfplumber on pdfminer.six (pure Python, MIT, carrying the
Adobe CMaps Chinese PDFs are written with), in reading order.

Lines are joined into paragraphs where a line runs to the text's right edge and the next
does not start indented; doubled characters drawn on top of each other (fake bold) are
kept once; the spaces a writer leaves between Chinese and digits are dropped; page numbers
and the running headers and footers repeated in a page's margins are left out. A table
with ruled cells becomes one line a row, its cells between tabs, where it stands on the page.
A PDF without a text layer (a scan) is read by OCR only when asked (readers.ocr).
"""

from __future__ import annotations

import io
import os
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

from jjjtrack.errors import DocumentError

from . import Layout
from .text import TextWriter, real_date, table_lines, tidy

MARGIN_SHARE = 0.08  # a page's top and bottom 8% hold its running headers, footers and numbers
FULL_LINE_SLACK = 1.5  # a line ending less than 1.5 characters short of the right edge is full
INDENT = 0.8  # a line starting this many characters right of the left edge opens a paragraph
COLUMN_GAP = 1.5  # a gap between characters wider than 1.5 of them separates columns
WORD_GAP = 0.15  # and one wider than 0.15 of a character, words
MIN_TEXT_CHARS = 5  # fewer visible characters in the whole file: no text layer
PAGE_NUMBER_RE = re.compile(
    r"[-—–－\s]*(?:第\s*)?\d{1,4}\s*页?(?:\s*[/／]\s*\d{1,4}|\s*共\s*\d{1,4}\s*页)?[-—–－\s]*"
    r"|[-—–－\s]*(?:page|Page|PAGE)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?\s*"
)
DIGITS_RE = re.compile(r"\d+")
PDF_DATE_RE = re.compile(r"(?:D:)?(\d{4})(\d{2})(\d{2})")


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass
class Table:
    lines: list[str]


@dataclass
class Page:
    height: float
    items: list = field(default_factory=list)  # Lines and Tables, top to bottom


def read_pdf(data: bytes, path: str, ocr: bool = False) -> Layout:
    pages, meta_date = _read_pages(data, path)
    if _visible_chars(pages) < MIN_TEXT_CHARS:
        if not ocr:
            raise DocumentError(f"{path}: a PDF with no text layer (a scanned image); "
                                "`--ocr` reads it where tesseract and its Chinese data are installed")
        from .ocr import ocr_pdf

        return ocr_pdf(data, path, meta_date)
    _drop_running_lines(pages)
    text, starts = _compose(pages)
    return Layout(text, "pdf", starts, meta_date)


def _visible_chars(pages: list[Page]) -> int:
    return sum(len(line) for page in pages for item in page.items
               for line in (item.lines if isinstance(item, Table) else [item.text]))


def _read_pages(data: bytes, path: str) -> tuple[list[Page], str | None]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return [_page_closed(page) for page in pdf.pages], _metadata_date(pdf.metadata)
    except Exception as error:  # pdfminer raises many kinds on damaged files; pdfplumber wraps some
        if os.environ.get("JJJTRACK_DEBUG"):
            raise
        cause = error.__cause__ or error.__context__ or error
        if isinstance(error, (PDFPasswordIncorrect, PDFEncryptionError)) or \
                isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise DocumentError(f"{path}: an encrypted PDF: open it with its password and save it "
                                "as a PDF without one") from None
        raise DocumentError(f"{path}: a damaged PDF that cannot be read ({type(cause).__name__})") from None


def _page_closed(page) -> Page:
    """A page read, its parsed objects then dropped: a long PDF would keep every page's otherwise."""
    try:
        return _page(page)
    finally:
        page.close()


def _page(page) -> Page:
    if _has_doubled_chars(page.chars):
        page = page.dedupe_chars()  # fake bold: each character drawn twice, a hair apart
    tables = page.find_tables()
    prose = page
    for table in tables:
        prose = prose.outside_bbox(table.bbox)
    lines = [Line(text, line["x0"], line["x1"], line["top"], line["bottom"])
             for line in prose.extract_text_lines(return_chars=True) if (text := _line_text(line["chars"]))]
    placed = [(line.top, line) for line in lines] + [(table.bbox[1], Table(table_lines(table.extract())))
                                                     for table in tables]
    placed.sort(key=lambda pair: pair[0])
    return Page(float(page.height), [item for _, item in placed])


def _line_text(chars) -> str:
    """A line's characters; a gap wider than COLUMN_GAP characters (an unruled table's
    columns) becomes a tab, a narrower one a space that tidy drops next to Chinese."""
    pieces, previous = [], None
    for char in chars:
        if previous is not None:
            gap = char["x0"] - previous["x1"]
            size = previous.get("size") or (previous["x1"] - previous["x0"]) or 1
            if gap > COLUMN_GAP * size:
                pieces.append("\t")
            elif gap > WORD_GAP * size and not char["text"].isspace() and not previous["text"].isspace():
                pieces.append(" ")
        pieces.append(char["text"])
        previous = char
    return "\t".join(tidy(cell) for cell in "".join(pieces).split("\t")).strip("\t")


def _has_doubled_chars(chars) -> bool:
    """Whether some character is drawn twice where it stands: pdfplumber's dedupe_chars sorts
    every character by all its attributes, half the cost of reading a page that needs none."""
    seen = set()
    for char in chars:
        for shift in (0, 1):  # two grids a point apart: a pair a hair apart shares a cell in one
            key = (char["text"], shift, round((char["x0"] + shift) / 2), round((char["top"] + shift) / 2))
            if key in seen:
                return True
            seen.add(key)
    return False


def _in_margin(line: Line, page: Page) -> bool:
    return line.top < page.height * MARGIN_SHARE or line.bottom > page.height * (1 - MARGIN_SHARE)


def _drop_running_lines(pages: list[Page]) -> None:
    """Page numbers, and lines repeated in the margins of half the pages or more (digits aside)."""
    def shape(line: Line) -> str:
        return DIGITS_RE.sub("#", line.text)

    repeated = Counter(shape(item) for page in pages for item in page.items
                       if isinstance(item, Line) and _in_margin(item, page))
    bar = max(2, len(pages) / 2)
    for page in pages:
        page.items = [item for item in page.items if not (
            isinstance(item, Line) and _in_margin(item, page)
            and (PAGE_NUMBER_RE.fullmatch(item.text) or repeated[shape(item)] >= bar))]


def _compose(pages: list[Page]) -> tuple[str, tuple[int, ...]]:
    """The pages' text, paragraphs joined, and where each page starts in it."""
    lines = [item for page in pages for item in page.items if isinstance(item, Line) and "\t" not in item.text]
    right = _quantile([line.x1 for line in lines], 0.9)
    left = _quantile([line.x0 for line in lines], 0.1)
    size = statistics.median([line.bottom - line.top for line in lines]) if lines else 0.0
    writer, starts, previous_full = TextWriter(), [], False
    for page in pages:
        page_start = None
        for item in page.items:
            if isinstance(item, Table):
                for row in item.lines:
                    start = writer.new_paragraph(row)
                    page_start = start if page_start is None else page_start
                previous_full = False
                continue
            row = "\t" in item.text  # a row of an unruled table is a line of its own
            if previous_full and not row and item.x0 <= left + INDENT * size:
                start = writer.continue_paragraph(item.text)
            else:
                start = writer.new_paragraph(item.text)
            page_start = start if page_start is None else page_start
            previous_full = not row and item.x1 >= right - FULL_LINE_SLACK * size
        starts.append(writer.position if page_start is None else page_start)
    return writer.text(), tuple(starts)


def _quantile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _metadata_date(metadata: dict) -> str | None:
    """CreationDate (D:20240514093000+08'00') as YYYY-MM-DD, when it is a real date."""
    value = metadata.get("CreationDate") or metadata.get("ModDate")
    if isinstance(value, bytes):
        value = value.decode("latin-1", "replace")
    return real_date(PDF_DATE_RE.match(str(value or "").strip()))
