"""Reading the files people are sent: PDF, Word (.docx; legacy .doc and .wps through
LibreOffice) and the main text of government web pages.

Each reader turns a file's bytes into a `Layout`: the text a reader sees, in reading order
(lines a page's width broke joined, page headers, footers and numbers left out, a table one
line a row with its cells between tabs), where each page starts in it, and the date the
file's own metadata gives. The heavy libraries (pdfplumber on pdfminer.six, python-docx)
are imported by the reader that needs them, never at import: read commands load none of them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from jjjtrack.errors import DocumentError
from jjjtrack.models import DateSource

FORMAT_SUFFIXES = (".pdf", ".docx", ".doc", ".wps")
LEGACY_SUFFIXES = (".doc", ".wps")
PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound file of Word 97-2003 and WPS
PDF_MAGIC_REACH = 1024  # a .pdf file's header may follow some junk bytes


@dataclass(frozen=True)
class Layout:
    """A file read as a reader sees it: `text`, where each page starts in it, the metadata's date."""

    text: str
    kind: str  # what was read: "pdf", "pdf+ocr", "docx", "doc via docx"
    pages: tuple[int, ...] = ()
    meta_date: str | None = None  # YYYY-MM-DD
    meta_first: bool = False  # the metadata's date outranks the text's (a web page's PubDate)

    def dated(self, found: str | None, source: DateSource) -> tuple[str | None, DateSource]:
        """The date the text gives (`found`, from `source`), or the metadata's where the text
        states none and the metadata's year is the guess's or the next (a file converted years
        later carries the day of its conversion); a page's PubDate comes first."""
        if self.meta_date and self.meta_first:
            return self.meta_date, DateSource.METADATA
        if source is DateSource.GUESS and self.meta_date and (
                found is None or int(found[:4]) <= int(self.meta_date[:4]) <= int(found[:4]) + 1):
            return self.meta_date, DateSource.METADATA
        return found, source


def format_of(data: bytes, path: str) -> str | None:
    """"pdf", "docx" or "legacy" when these readers take the file, else None."""
    suffix = os.path.splitext(path)[1].lower()
    if data.startswith(PDF_MAGIC) or (suffix == ".pdf" and PDF_MAGIC in data[:PDF_MAGIC_REACH]):
        return "pdf"
    if data.startswith(ZIP_MAGIC) and (suffix == ".docx" or b"word/" in data[:PDF_MAGIC_REACH]):
        return "docx"
    if data.startswith(OLE_MAGIC) and suffix in LEGACY_SUFFIXES:
        return "legacy"
    return None


def read_layout(data: bytes, path: str, fmt: str, ocr: bool = False) -> Layout:
    """The Layout of a file whose format_of is `fmt`; DocumentError (one line, naming the file) if it cannot be read."""
    if fmt == "pdf":
        from .pdf import read_pdf

        return read_pdf(data, path, ocr)
    if fmt == "docx":
        from .word import read_docx

        return read_docx(data, path)
    if fmt == "legacy":
        from .word import convert_legacy, read_docx

        layout = read_docx(convert_legacy(data, path), path)
        return Layout(layout.text, f"{os.path.splitext(path)[1].lower().lstrip('.')} via docx", layout.pages,
                      layout.meta_date)
    raise DocumentError(f"{path}: not a PDF or Word file")
