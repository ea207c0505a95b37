"""Reading documents: file discovery, decoding, script detection and the document date.

This module owns everything between a path on disk and a `models.Document`:

- `iter_paths` expands the files and folders a user names into document files, reporting
  problems (missing paths, empty folders, symlinks leaving a folder) instead of raising.
- `decode` turns bytes into text: UTF-8 (with or without BOM), UTF-16 with a BOM, else
  GB18030 or Big5 chosen by trial decoding of a sample and a score of how plausible the
  resulting Chinese is.
- `read_document` reads one file into a Document, refusing (with a `DocumentError` naming
  the file) anything that is missing, empty, binary, undecodable or not Chinese.
- `detect_script` tells simplified from traditional text with OpenCC.
- `detect_date` finds the document's date in its text, or a year-level guess (the grammar
  and the words are extract.dates' and the lexicon's).

Offsets. `Document.text` is the file's text as `open(path, encoding=...).read()` gives it:
universal newlines (CRLF and CR become LF), the original script and characters, only a UTF-8
BOM stripped. Offsets into it are the offsets gold files and scorers use.

Other formats. PDF and Word files (`.pdf`, `.docx`; `.doc` and `.wps` through LibreOffice),
told by their first bytes, and web pages (`.html`, `.htm`) are read by jjjtrack.readers: their
`text` is the text a reader sees (a web page's main text, its entities decoded), and offsets
are into that stored text. A PDF's page starts travel in `Document.pages`. A date from the
file's metadata is taken only where the text states none (a page's PubDate: always).

Large files are read once and decoded in 1 MB chunks; the encoding is judged on the first
64 KB, and searches "anywhere" in the text (bylines, years) look at the first 200,000 and
last 20,000 characters only, so a 50 MB file costs a fraction of a second.
"""

from __future__ import annotations

import codecs
import datetime as dt
import os
import re
from functools import lru_cache
from itertools import compress

from jjjtrack.errors import DocumentError
from jjjtrack.models import DateSource, Document
from jjjtrack.readers import Layout, format_of, read_layout
from jjjtrack.t2s import to_simplified

DOCUMENT_SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".doc", ".wps")
HTML_SUFFIXES = (".html", ".htm")

SAMPLE_BYTES = 64 * 1024  # enough bytes to judge an encoding; never the whole file
DECODE_CHUNK_BYTES = 1 << 20
SAMPLE_CHARS = 200_000  # enough text to judge whether it is Chinese
SCRIPT_SAMPLE_CHARS = 20_000
CHINESE_HEAD_CHARS = 2000  # where _require_chinese looks first

MIN_CJK_CHARS = 5
MIN_CJK_SHARE = 0.05
TRADITIONAL_SHARE = 0.05  # simplified text changes ~0% under t2s, traditional ~20-30%

LEGACY_ENCODINGS = ("gb18030", "big5", "big5hkscs")

# Signatures of common binary formats that may hide behind a document suffix.
BINARY_MAGIC = (
    b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"PK\x03\x04", b"\x1f\x8b", b"\x7fELF", b"SQLite format 3", b"\xd0\xcf\x11\xe0",
)


class _LazyPattern:
    """A regex compiled on first use: compiling them all at import would cost ~12 ms of start-up."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._source = (pattern, flags)
        self._compiled: re.Pattern | None = None

    def __getattr__(self, name: str):
        if self._compiled is None:
            self._compiled = re.compile(*self._source)
        return getattr(self._compiled, name)


# control bytes that never occur in text (tab, newlines, form feed and escape do)
CONTROL_BYTES = bytes(c for c in range(32) if c not in (9, 10, 11, 12, 13, 27))

CJK_RUN_RE = _LazyPattern(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
CJK_BASIC_RUN_RE = _LazyPattern(r"[\u4e00-\u9fff]+")


# ----------------------------------------------------------------------------- paths


def iter_paths(paths: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Expand files and folders into document files, sorted, and the problems met.

    A file named explicitly is kept whatever its suffix, so that reading it says why it
    is not a document. Folders are walked recursively for the DOCUMENT_SUFFIXES' files;
    a symlink leading out of the folder is skipped and reported.
    """
    files: list[str] = []
    problems: list[tuple[str, str]] = []
    seen: set[str] = set()
    for given in paths:
        if os.path.isdir(given):
            found, folder_problems = _walk_folder(given)
            problems.extend(folder_problems)
            if not found and not folder_problems:
                problems.append((given, "no .txt, .md, .html, .pdf, .docx or .doc documents in folder"))
        elif os.path.lexists(given) and not os.path.exists(given):
            found = []
            problems.append((given, "broken symlink"))
        elif os.path.exists(given):
            found = [given]
        else:
            found = []
            problems.append((given, "no such file or folder"))
        for path in found:
            key = os.path.realpath(path)
            if key not in seen:
                seen.add(key)
                files.append(path)
    return files, problems


def _walk_folder(folder: str) -> tuple[list[str], list[tuple[str, str]]]:
    root = os.path.realpath(folder)
    files: list[str] = []
    problems: list[tuple[str, str]] = []

    def on_error(error: OSError) -> None:
        problems.append((error.filename or folder, f"cannot read folder ({error.strerror})"))

    for current, dirnames, filenames in os.walk(folder, onerror=on_error):
        dirnames.sort()
        for name in list(dirnames):
            path = os.path.join(current, name)
            # os.walk does not descend into symlinked folders; say so when they lead out
            if os.path.islink(path) and not _is_inside(path, root):
                problems.append((path, "skipped symlink out of folder"))
        for name in filenames:
            if not name.lower().endswith(DOCUMENT_SUFFIXES):
                continue
            path = os.path.join(current, name)
            if os.path.islink(path):
                if not os.path.exists(path):
                    problems.append((path, "broken symlink"))
                    continue
                if not _is_inside(path, root):
                    problems.append((path, "skipped symlink out of folder"))
                    continue
            files.append(path)
    files.sort()
    return files, problems


def _is_inside(path: str, root: str) -> bool:
    target = os.path.realpath(path)
    return target == root or target.startswith(root.rstrip(os.sep) + os.sep)


# ----------------------------------------------------------------------------- reading


def read_document(path: str | os.PathLike, date: str | None = None, today: dt.date | None = None,
                  ocr: bool = False) -> Document:
    """Read one file into a Document; `date` (YYYY-MM-DD, already valid) overrides the text,
    `today` bounds the guess at an undated text's year; `ocr` reads a scanned PDF by OCR."""
    import hashlib  # lazily: its OpenSSL binding costs ~3 ms of start-up

    shown = os.fspath(path)
    data = _read_bytes(shown)
    sha256 = hashlib.sha256(data).hexdigest()
    layout = _layout(data, shown, ocr)
    del data  # the bytes are no longer needed; a large file should not stay twice in memory
    text = layout.text
    _require_chinese(text, shown)
    if date is not None:
        doc_date, source = date, DateSource.OPTION
    else:
        doc_date, source = layout.dated(*detect_date(text, today))
    return Document(
        name=os.path.basename(shown),
        path=shown,
        sha256=sha256,
        text=text,
        script=detect_script(text),
        encoding=layout.kind,
        date=doc_date,
        date_source=source,
        pages=layout.pages,
    )


def _layout(data: bytes, path: str, ocr: bool) -> Layout:
    """The text a reader sees, through jjjtrack.readers for PDF, Word and web pages."""
    fmt = format_of(data, path)
    if fmt is not None:
        return read_layout(data, path, fmt, ocr)
    text, encoding = decode(data, path)
    if "\r" in text:
        text = _universal_newlines(text)
    if path.lower().endswith(HTML_SUFFIXES):
        from jjjtrack.readers.html import read_html

        text, page_date = read_html(text)
        return Layout(text, encoding, (), page_date, meta_first=True)
    return Layout(text, encoding)


def _read_bytes(path: str) -> bytes:
    if os.path.isdir(path):
        raise DocumentError(f"{path}: is a folder, not a document")
    limit = max_document_bytes()
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)  # never more: /dev/zero or a pipe has no end
    except FileNotFoundError:
        raise DocumentError(f"{path}: no such file") from None
    except PermissionError:
        raise DocumentError(f"{path}: cannot be read (permission denied)") from None
    except OSError as error:
        raise DocumentError(f"{path}: cannot be read ({error.strerror or error})") from None
    if len(data) > limit:
        raise DocumentError(f"{path}: larger than the {limit / MB:.3g} MB a document may be "
                            f"(set {MAX_MB_VARIABLE} to read bigger ones)")
    if not data or data.isspace():  # isspace, unlike strip, makes no copy
        raise DocumentError(f"{path}: the file is empty")
    return data


MB = 1 << 20
MAX_MB_VARIABLE = "JJJTRACK_MAX_MB"
DEFAULT_MAX_MB = 200  # four times the largest document the benchmarks read, a 50 MB one


def max_document_bytes() -> int:
    """The largest document read: JJJTRACK_MAX_MB megabytes, else DEFAULT_MAX_MB."""
    text = os.environ.get(MAX_MB_VARIABLE, "").strip()
    try:
        megabytes = float(text) if text else DEFAULT_MAX_MB
    except ValueError:
        raise DocumentError(f"{MAX_MB_VARIABLE}={text!r} is not a number of megabytes") from None
    if not megabytes > 0:
        raise DocumentError(f"{MAX_MB_VARIABLE}={text!r} must be more than 0")
    return round(megabytes * MB)


def _universal_newlines(text: str) -> str:
    # the same text open(path, encoding=...).read() gives, so offsets agree with scorers
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _require_chinese(text: str, path: str) -> None:
    if count_cjk(text[:CHINESE_HEAD_CHARS]) >= max(MIN_CJK_CHARS, MIN_CJK_SHARE * SCRIPT_SAMPLE_CHARS):
        return  # enough Chinese for the whole sample in its head alone: the common case, counted fast
    sample = text[:SCRIPT_SAMPLE_CHARS]
    cjk = count_cjk(sample)
    if not _is_chinese_enough(sample, cjk) and len(text) > len(sample):
        sample = text[:SAMPLE_CHARS]  # a long foreign preamble gets a second, wider look
        cjk = count_cjk(sample)
    if not _is_chinese_enough(sample, cjk):
        raise DocumentError(f"{path}: not a Chinese text document ({cjk} Chinese characters found)")


def _is_chinese_enough(sample: str, cjk: int) -> bool:
    visible = len(sample) - sum(map(sample.count, " \t\n\r\f\v\u3000\xa0"))
    return cjk >= MIN_CJK_CHARS and cjk >= MIN_CJK_SHARE * visible


def count_cjk(text: str) -> int:
    """Chinese characters in `text`; counted by runs, which is several times faster."""
    return sum(map(len, CJK_RUN_RE.findall(text)))


# ----------------------------------------------------------------------------- decoding


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode a document's bytes: (text, encoding). Raises DocumentError naming `name`."""
    view = memoryview(data)  # slices of a memoryview copy nothing
    if data.startswith(codecs.BOM_UTF8):
        return _decode_whole(view[len(codecs.BOM_UTF8):], "utf-8", name), "utf-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_whole(view, "utf-16", name), "utf-16"
    _refuse_binary(data, name)
    for encoding in ("utf-8", *_rank_legacy_encodings(data[:SAMPLE_BYTES])):
        try:
            return _decode_in_chunks(view, encoding), encoding
        except UnicodeDecodeError:
            continue
    raise DocumentError(f"{name}: cannot be decoded as UTF-8, GB18030 or Big5 text")


def _decode_whole(view: memoryview, encoding: str, name: str) -> str:
    try:
        return _decode_in_chunks(view, encoding)
    except UnicodeDecodeError as error:
        raise DocumentError(f"{name}: not valid {encoding.upper()} text ({error.reason})") from None


def _decode_in_chunks(view: memoryview, encoding: str) -> str:
    # bytes.decode of a large file peaks at ~3x the text's size; chunks and one join ~2x
    if len(view) <= DECODE_CHUNK_BYTES:
        return codecs.decode(view, encoding)
    decoder = codecs.getincrementaldecoder(encoding)()
    parts = [
        decoder.decode(view[start:start + DECODE_CHUNK_BYTES])
        for start in range(0, len(view), DECODE_CHUNK_BYTES)
    ]
    parts.append(decoder.decode(b"", final=True))
    return "".join(parts)


def _refuse_binary(data: bytes, name: str) -> None:
    head = data[:SAMPLE_BYTES]
    if head.startswith(BINARY_MAGIC) or b"\x00" in head:
        raise DocumentError(f"{name}: a binary file, not a text document")
    controls = len(head) - len(head.translate(None, CONTROL_BYTES))
    if controls > len(head) * 0.01:
        raise DocumentError(f"{name}: a binary file, not a text document")


def _rank_legacy_encodings(sample: bytes) -> list[str]:
    """Legacy encodings that decode the sample, most plausible Chinese first."""
    scored = []
    for rank, encoding in enumerate(LEGACY_ENCODINGS):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            # final=False: a sample cut inside a multi-byte character is not an error
            text = decoder.decode(sample, final=False)
        except UnicodeDecodeError:
            continue
        scored.append((-chinese_plausibility(text), rank, encoding))
    return [encoding for _, _, encoding in sorted(scored)]


_ODD_CHAR_RE = _LazyPattern(
    r"[\ue000-\uf8ff\ufffd\u3100-\u312f\u2500-\u259f\u3400-\u4dbf\U00020000-\U0003ffff]"
)


def chinese_plausibility(text: str) -> float:
    """How much `text` reads like real Chinese: common characters minus odd ones, per CJK char.

    A Big5 file read as GB18030 (or the reverse) decodes into rare characters, box drawing,
    bopomofo or private-use characters, while real text is rich in the most frequent ones.
    """
    cjk = _basic_cjk(text)
    if not cjk:
        return -1.0
    common = _common_hanzi()
    simplified = to_simplified(cjk)
    hits = sum(1 for char in simplified if char in common)
    odd = len(_ODD_CHAR_RE.findall(text))
    return (hits - 3 * odd) / len(cjk)


@lru_cache(maxsize=1)
def _common_hanzi() -> frozenset[str]:
    try:
        from charset_normalizer.constant import FREQUENCIES

        return frozenset(FREQUENCIES["Chinese"])
    except (ImportError, KeyError):  # an internal table: degrade to the odd-character count
        return frozenset()


# ----------------------------------------------------------------------------- script


def detect_script(text: str) -> str:
    """"traditional" when clearly more than noise of the sample's CJK characters changes under
    t2s. The sample is converted as it stands, so that extraction reuses the conversion of a
    document no longer than it (jjjtrack.t2s)."""
    sample = text[:SCRIPT_SAMPLE_CHARS]
    converted = to_simplified(sample)
    if converted == sample:
        return "simplified"
    cjk = _basic_cjk(sample)
    if len(converted) == len(sample):  # the CJK characters among those that changed
        changed = len(_basic_cjk("".join(compress(sample, map(str.__ne__, sample, converted)))))
    else:  # a phrase conversion changed the length: count differing characters instead
        changed = len(set(cjk) - set(converted))
    return "traditional" if changed > TRADITIONAL_SHARE * len(cjk) else "simplified"


def _basic_cjk(text: str) -> str:
    return "".join(CJK_BASIC_RUN_RE.findall(text))


# ----------------------------------------------------------------------------- dates


def detect_date(text: str, today: dt.date | None = None) -> tuple[str | None, DateSource]:
    """The document's date and where it came from: stated in its text, else a year-level guess
    (extract.dates owns the grammar); `today` (default: JJJTRACK_TODAY or the clock) bounds the guess."""
    from jjjtrack.clock import today as clock_today
    from jjjtrack.extract.dates import detect_date as date_in_text

    found, stated = date_in_text(text, (today or clock_today()).year)
    return found, DateSource.TEXT if stated else DateSource.GUESS
