"""Word: .docx read with python-docx, paragraphs and tables in the body's order; a table is
one line a row, its cells between tabs (a merged cell once). Numbering Word draws itself
(the 一、 or （一） of a numbered list) is not part of a paragraph's text and is left out,
in every paragraph alike. Legacy .doc and .wps files are converted to .docx by LibreOffice
(`soffice --headless --convert-to docx`) when it is installed."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile

from jjjtrack.errors import DocumentError

from . import Layout
from .text import TextWriter, table_lines

CONVERT_TIMEOUT = 180  # seconds: LibreOffice's first start on a cold machine takes ~10


def read_docx(data: bytes, path: str) -> Layout:
    document = _open_docx(data, path)
    writer = TextWriter()
    for block in _blocks(document):
        if isinstance(block, list):
            for row in table_lines(block):
                writer.new_paragraph(row)
        elif block.strip():
            writer.new_paragraph(block.strip())
    created = document.core_properties.created
    return Layout(writer.text(), "docx", (), created.date().isoformat() if created else None)


def _open_docx(data: bytes, path: str):
    import docx

    try:
        return docx.Document(io.BytesIO(data))
    except Exception as error:  # a zip that is no Word file, or a damaged one: python-docx raises many kinds
        raise DocumentError(f"{path}: a damaged Word file that cannot be read ({type(error).__name__})") from None


def _blocks(document, element=None):
    """The body's paragraphs (their text) and tables (rows of cell texts), in order, those
    inside content controls (w:sdt) included."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in (document.element.body if element is None else element).iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            yield Paragraph(child, document).text
        elif tag == "tbl":
            yield [_row_cells(row) for row in Table(child, document).rows]
        elif tag in ("sdt", "sdtContent"):
            yield from _blocks(document, child)


def _row_cells(row) -> list[str]:
    cells, seen = [], set()
    for cell in row.cells:  # a merged cell comes once for each grid column it spans
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            cells.append("\n".join(paragraph.text for paragraph in cell.paragraphs))
    return cells


def convert_legacy(data: bytes, path: str) -> bytes:
    """A .doc or .wps file's bytes as .docx, converted by LibreOffice."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise DocumentError(
            f"{path}: a legacy Word/WPS file: save it as .docx (or run `soffice --headless --convert-to docx "
            f"{os.path.basename(path)}` where LibreOffice is installed) and read the .docx")
    suffix = os.path.splitext(path)[1].lower()
    with tempfile.TemporaryDirectory(prefix="jjjtrack-") as folder:
        source = os.path.join(folder, "document" + suffix)
        with open(source, "wb") as handle:
            handle.write(data)
        command = [soffice, f"-env:UserInstallation=file://{folder}/profile", "--headless",
                   "--convert-to", "docx", "--outdir", folder, source]
        try:
            subprocess.run(command, capture_output=True, timeout=CONVERT_TIMEOUT, check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise DocumentError(f"{path}: LibreOffice could not convert it to .docx ({type(error).__name__})") from None
        converted = os.path.join(folder, "document.docx")
        if not os.path.exists(converted):
            raise DocumentError(f"{path}: LibreOffice could not convert it to .docx (a damaged or unknown file)")
        with open(converted, "rb") as handle:
            return handle.read()
