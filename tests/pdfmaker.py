"""Small PDFs written by code for the tests: Chinese text in the Adobe-GB1 font every PDF
reader knows (STSong-Light, not embedded, encoded UniGB-UCS2-H), at given positions, and
ruled lines for tables. Only what the readers' tests need."""

from __future__ import annotations

WIDTH, HEIGHT = 595, 842  # A4 in points
SIZE = 12


def text(x: float, y: float, words: str, size: float = SIZE) -> str:
    """One line of text with its baseline at (x, y), y from the page's top."""
    return f"BT /F1 {size} Tf {x:.2f} {HEIGHT - y:.2f} Td <{words.encode('utf-16-be').hex()}> Tj ET"


def rule(x0: float, y0: float, x1: float, y1: float) -> str:
    return f"{x0:.2f} {HEIGHT - y0:.2f} m {x1:.2f} {HEIGHT - y1:.2f} l S"


def paragraph(y: float, words: str, per_line: int = 40, x: float = 50) -> tuple[list[str], float]:
    """`words` broken into lines of `per_line` characters, as a page's width breaks them."""
    lines = [words[i:i + per_line] for i in range(0, len(words), per_line)]
    return [text(x, y + 18 * n, line) for n, line in enumerate(lines)], y + 18 * len(lines)


def table(y: float, rows: list[list[str]], widths: list[float], x: float = 50, height: float = 20) -> list[str]:
    """A ruled table, each row `height` high, each cell's text on one line."""
    ops, right = [], x + sum(widths)
    for n, row in enumerate(rows):
        top = y + n * height
        ops.append(rule(x, top, right, top))
        left = x
        for cell, width in zip(row, widths):
            ops.append(text(left + 2, top + height - 6, cell, size=9))
            left += width
    bottom = y + len(rows) * height
    ops.append(rule(x, bottom, right, bottom))
    left = x
    for width in [0, *widths]:
        left += width
        ops.append(rule(left, y, left, bottom))
    return ops


def pdf(pages: list[list[str]], encrypted: bool = False, creation_date: str | None = None) -> bytes:
    """A PDF of pages, each a list of content operators (text, rule)."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", None,
               "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
               "/DescendantFonts [4 0 R] >>",
               "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
               "/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /DW 1000 "
               "/FontDescriptor 5 0 R >>",
               "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [0 -200 1000 900] "
               "/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>"]
    kids = []
    for ops in pages:
        stream = "\n".join(ops).encode("latin-1")
        objects.append(f"<< /Length {len(stream)} >>\nstream\n".encode("latin-1") + stream + b"\nendstream")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {WIDTH} {HEIGHT}] "
                       f"/Resources << /Font << /F1 3 0 R >> >> /Contents {len(objects)} 0 R >>")
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    info = f"<< /CreationDate (D:{creation_date}) >>" if creation_date else "<< >>"
    objects.append(info)
    trailer = f"/Root 1 0 R /Info {len(objects)} 0 R"
    if encrypted:  # a password no one knows: readers must say so, not fail
        objects.append(f"<< /Filter /Standard /V 1 /R 2 /O <{'ab' * 32}> /U <{'cd' * 32}> /P -4 >>")
        trailer += f" /Encrypt {len(objects)} 0 R /ID [<{'01' * 16}> <{'01' * 16}>]"
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + (body if isinstance(body, bytes) else body.encode("latin-1"))
        out += b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} {trailer} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
