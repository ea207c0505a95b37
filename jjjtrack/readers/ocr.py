"""Scanned PDFs: each page drawn as an image (pypdfium2, which pdfplumber brings) and read by
tesseract with its simplified Chinese data (`chi_sim`), when both are installed. Asked for
with `--ocr`: reading a page takes seconds, and what OCR reads is a guess a person should check."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile

from jjjtrack.errors import DocumentError

from . import Layout
from .text import TextWriter, join_lines, tidy

OCR_DPI = 300
OCR_LANGUAGE = "chi_sim"
OCR_TIMEOUT = 300  # seconds a page
INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-chi-sim"


def ocr_pdf(data: bytes, path: str, meta_date: str | None) -> Layout:
    tesseract = _tesseract(path)
    import pypdfium2

    writer, starts = TextWriter(), []
    with tempfile.TemporaryDirectory(prefix="jjjtrack-ocr-") as folder:
        document = pypdfium2.PdfDocument(data)
        try:
            for number, page in enumerate(document):
                image = os.path.join(folder, f"page{number}.png")
                page.render(scale=OCR_DPI / 72).to_pil().save(image)
                starts.append(writer.position + (1 if writer.position else 0))
                for paragraph in _paragraphs(_read_image(tesseract, image, path)):
                    writer.new_paragraph(paragraph)
        finally:
            document.close()
    return Layout(writer.text(), "pdf+ocr", tuple(starts), meta_date)


def _tesseract(path: str) -> str:
    tesseract = shutil.which("tesseract")
    if tesseract is None:
        raise DocumentError(f"{path}: a PDF with no text layer (a scanned image), and OCR needs tesseract "
                            f"with its Chinese data ({INSTALL_HINT})")
    languages = subprocess.run([tesseract, "--list-langs"], capture_output=True, text=True).stdout.split()
    if OCR_LANGUAGE not in languages:
        raise DocumentError(f"{path}: a PDF with no text layer (a scanned image), and tesseract lacks its Chinese "
                            f"data ({INSTALL_HINT})")
    return tesseract


def _read_image(tesseract: str, image: str, path: str) -> str:
    try:
        done = subprocess.run([tesseract, image, "-", "-l", OCR_LANGUAGE], capture_output=True, text=True,
                              timeout=OCR_TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise DocumentError(f"{path}: OCR failed ({type(error).__name__})") from None
    if done.returncode:
        raise DocumentError(f"{path}: OCR failed (tesseract exit {done.returncode})")
    return done.stdout


def _paragraphs(text: str) -> list[str]:
    """tesseract separates paragraphs by blank lines; the lines inside one are the page's width."""
    found = []
    for block in text.split("\n\n"):
        paragraph = ""
        for line in block.splitlines():
            line = tidy(line)
            if line:
                paragraph = join_lines(paragraph, line) if paragraph else line
        if paragraph:
            found.append(paragraph)
    return found
