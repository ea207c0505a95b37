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
- `detect_date` finds the document's date in its text, or a year-level guess.

Offsets. `Document.text` is the file's text as `open(path, encoding=...).read()` gives it:
universal newlines (CRLF and CR become LF), the original script and characters, only a UTF-8
BOM stripped. Offsets into it are the offsets gold files and scorers use.

HTML. In `.html`/`.htm` files, tags, comments, scripts, styles and character references
are replaced by spaces of the same length (newlines inside them are kept), so the visible
text stays exactly where it is in the file and offsets still line up with the file as read.
Nothing is unescaped: a character written as `&#20013;` is blanked, not decoded.

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
from jjjtrack.t2s import to_simplified

DOCUMENT_SUFFIXES = (".txt", ".md", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")

SAMPLE_BYTES = 64 * 1024  # enough bytes to judge an encoding; never the whole file
DECODE_CHUNK_BYTES = 1 << 20
SAMPLE_CHARS = 200_000  # enough text to judge whether it is Chinese
SCRIPT_SAMPLE_CHARS = 20_000
CHINESE_HEAD_CHARS = 2000  # where _require_chinese looks first
HEAD_CHARS = 2000
TAIL_CHARS = 20_000
BYLINE_HEAD_CHARS = 300  # a bare date counts as the document's date only this near the top

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
    is not a document. Folders are walked recursively for .txt, .md, .html and .htm files;
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
                problems.append((given, "no .txt, .md, .html or .htm documents in folder"))
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


def read_document(path: str | os.PathLike, date: str | None = None) -> Document:
    """Read one file into a Document; `date` (YYYY-MM-DD, already valid) overrides the text."""
    import hashlib  # lazily: its OpenSSL binding costs ~3 ms of start-up

    shown = os.fspath(path)
    data = _read_bytes(shown)
    sha256 = hashlib.sha256(data).hexdigest()
    text, encoding = decode(data, shown)
    del data  # the bytes are no longer needed; a large file should not stay twice in memory
    if "\r" in text:
        text = _universal_newlines(text)
    if shown.lower().endswith(HTML_SUFFIXES):
        text = blank_markup(text)
    _require_chinese(text, shown)
    if date is not None:
        doc_date, source = date, DateSource.OPTION
    else:
        doc_date, source = detect_date(text)
    return Document(
        name=os.path.basename(shown),
        path=shown,
        sha256=sha256,
        text=text,
        script=detect_script(text),
        encoding=encoding,
        date=doc_date,
        date_source=source,
    )


def _read_bytes(path: str) -> bytes:
    if os.path.isdir(path):
        raise DocumentError(f"{path}: is a folder, not a document")
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        raise DocumentError(f"{path}: no such file") from None
    except PermissionError:
        raise DocumentError(f"{path}: cannot be read (permission denied)") from None
    except OSError as error:
        raise DocumentError(f"{path}: cannot be read ({error.strerror or error})") from None
    if not data or data.isspace():  # isspace, unlike strip, makes no copy
        raise DocumentError(f"{path}: the file is empty")
    return data


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


_MARKUP_RE = _LazyPattern(
    r"<script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->|<[a-zA-Z/!?][^>]*>"
    r"|&(?:[a-zA-Z][a-zA-Z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});",
    re.IGNORECASE | re.DOTALL,
)
_NOT_NEWLINE_RE = _LazyPattern(r"[^\n]")


def blank_markup(html: str) -> str:
    """Replace tags, comments, scripts, styles and entities by spaces of the same length."""
    return _MARKUP_RE.sub(lambda match: _NOT_NEWLINE_RE.sub(" ", match.group()), html)


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

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "0": 0, "０": 0, "Ｏ": 0, "O": 0,
              "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_YEAR = r"(\d{4}|[〇○零0０Ｏ一二三四五六七八九]{4})"
_NUM = r"(\d{1,2}|[一二三四五六七八九十]{1,3})"
_SEP = r"\s*[-/.－／．]\s*"
# 2024年5月14日, 二〇二三年五月三十一日, 2024-05-14, 2024/5/14, 2024.05.14
_DATE = rf"(?:{_YEAR}\s*年\s*{_NUM}\s*月\s*{_NUM}\s*[日号]|(\d{{4}}){_SEP}(\d{{1,2}}){_SEP}(\d{{1,2}})(?!\d))"

# the regex starts at the label, so the engine can skip ahead to its first characters; what
# precedes the label (a publishing verb, or the start of a line) is checked afterwards
_PUBLICATION_RE = _LazyPattern(r"(?:日期|时间|時間|于|於)\s*[:：]?\s*" + _DATE)
_PUBLISHING_VERBS = ("发布", "發佈", "發布", "发表", "發表", "发文", "發文", "成文", "印发", "印發",
                     "公布", "刊发", "刊發", "更新", "上传", "上傳")
_BULLETS = " \t\u3000•·*-"
_TIMESTAMP_RE = _LazyPattern(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\s+\d{1,2}:\d{2}(?::\d{2})?")
_MEETING_RE = _LazyPattern(_DATE + r"[^。\n]{0,30}?(?:召开|召開|举行|舉行|开幕|開幕|闭幕|閉幕)")
_YESTERDAY_RE = _LazyPattern(r"昨天|昨日")
_TODAY_RE = _LazyPattern(r"今天|今日")
_DATELINE_RE = _LazyPattern(r"(?:^|\n)[ \t\u3000]*" + _DATE)
_SIGNATURE_RE = _LazyPattern(r"(?:^|\n)[ \t\u3000]*" + _DATE + r"[ \t\u3000]*(?:\n|$)")


def detect_date(text: str) -> tuple[str | None, DateSource]:
    """The document date as YYYY-MM-DD and where it came from.

    In order of reliability: a publication line (发布日期: ...), a byline time stamp
    (2024-03-01 16:13:19), a meeting date with 昨天/今天 in the report, a date at the head of
    the document or a dated signature line at its end; else a year-level guess, YYYY-12-31.
    """
    for finder in (_publication_date, _timestamp_date, _meeting_date, _head_date, _signature_date):
        found = finder(text)
        if found:
            return found, DateSource.TEXT
    year = guess_year(text)
    return (f"{year}-12-31" if year else None), DateSource.GUESS


def _first_valid(pattern: _LazyPattern, text: str, accept=None) -> str | None:
    for match in pattern.finditer(text):
        if accept is not None and not accept(text, match):
            continue
        found = _date_from_groups(match.groups())
        if found:
            return found
    return None


def _head_then_anywhere(pattern: _LazyPattern, text: str, accept=None) -> str | None:
    # "anywhere" is the first 200,000 and last 20,000 characters: enough for any real
    # document, and a 50 MB file is not scanned whole for a byline
    head = text[:HEAD_CHARS]
    return _first_valid(pattern, head, accept) or _first_valid(pattern, _head_and_tail(text), accept)


def _is_publication_label(text: str, match: re.Match) -> bool:
    """发布日期/发布于 anywhere; a bare 日期/时间 only where it opens a line."""
    start = match.start()
    if text[max(0, start - 2):start].endswith(_PUBLISHING_VERBS):
        return True
    if text.startswith(("于", "於"), start):
        return False
    line_start = text.rfind("\n", 0, start) + 1
    return not text[line_start:start].strip(_BULLETS)


def _publication_date(text: str) -> str | None:
    return _head_then_anywhere(_PUBLICATION_RE, text, _is_publication_label)


def _timestamp_date(text: str) -> str | None:
    return _head_then_anywhere(_TIMESTAMP_RE, text)


def _meeting_date(text: str) -> str | None:
    meeting = _first_valid(_MEETING_RE, text[:HEAD_CHARS])
    if not meeting:
        return None
    if _YESTERDAY_RE.search(text):
        day = dt.date.fromisoformat(meeting) + dt.timedelta(days=1)
        return day.isoformat()
    if _TODAY_RE.search(text):
        return meeting
    return None


def _head_date(text: str) -> str | None:
    # only a date opening a line: a date inside a sentence near the top is often a deadline
    return _first_valid(_DATELINE_RE, text[:BYLINE_HEAD_CHARS])


def _signature_date(text: str) -> str | None:
    # official documents end with a dated line (落款); take the last one
    for match in reversed(list(_SIGNATURE_RE.finditer(text[-HEAD_CHARS:]))):
        found = _date_from_groups(match.groups())
        if found:
            return found
    return None


def _date_from_groups(groups: tuple) -> str | None:
    values = [g for g in groups if g is not None]
    if len(values) != 3:
        return None
    year, month, day = (_to_int(v) for v in values)
    return make_date(year, month, day)


def make_date(year: int | None, month: int | None, day: int | None) -> str | None:
    """YYYY-MM-DD for a real calendar date in a plausible range, else None."""
    if None in (year, month, day) or not 1900 <= year <= 2100:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _to_int(numeral: str) -> int | None:
    """Arabic (any Unicode digits) or Chinese numerals: 2024, ２０２４, 二〇二四, 三十一."""
    if numeral.isdigit():
        return int(numeral)
    if "十" in numeral:
        tens, _, units = numeral.partition("十")
        tens_value = _CN_DIGITS.get(tens, None) if tens else 1
        units_value = _CN_DIGITS.get(units, None) if units else 0
        if tens_value is None or units_value is None:
            return None
        return tens_value * 10 + units_value
    digits = [_CN_DIGITS.get(char) for char in numeral]
    if None in digits:
        return None
    return int("".join(map(str, digits)))


# ----------------------------------------------------------------------------- year guess

_YEAR_MENTION_RE = _LazyPattern(r"(?<![\d\-—–~～])((?:19|20)\d\d|(?:二[〇○零0]|一九)[〇○零0一二三四五六七八九]{2})年")
# a year after 到/至/力争 or before 前/以前 is a target, not the year of writing
_TARGET_BEFORE = ("到", "至", "争")
_TARGET_AFTER_RE = _LazyPattern(r"(?:底|末)?(?:前|以前|之前|目标|远景|遠景|要|将|將|实现|實現)")
# the latest year reported as a finished period: the text was written the year after
_PAST_PERIOD_AFTER_RE = _LazyPattern(r"(?:底|末|全年|工作回顾|工作回顧)(?!前)")
_PAST_PERIOD_BEFORE = ("截至", "截止")
_SITE_NOTICE_WORDS = ("©", "Copyright", "copyright", "版权所有", "版權所有", "著作权", "著作權", "公有领域",
                      "公有領域", "社群共识", "社群共識", "维基", "維基", "ICP备", "ICP證", "免责声明", "免責聲明")
_CONGRESS_YEARS = {"十五": 1997, "十六": 2002, "十七": 2007, "十八": 2012, "十九": 2017, "二十": 2022,
                   "十五大": 1997, "十六大": 2002, "十七大": 2007, "十八大": 2012,
                   "十九大": 2017, "二十大": 2022, "二十一大": 2027}
# 十九届 alone could be any body's session: only the Central Committee's counts
_CONGRESS_RE = _LazyPattern(
    r"(二十一大|二十大|十[五六七八九]大)|第(十[五六七八九]|二十)次全国代表大会|(二十届|十[五六七八九]届)(?=中央|历次|歷次|[一二三四五六七]中全会|[一二三四五六七]中全會)"
)
_SESSION_YEARS = {"十五届": 1997, "十六届": 2002, "十七届": 2007, "十八届": 2012,
                  "十九届": 2017, "二十届": 2022}


def guess_year(text: str) -> int | None:
    """A year-level guess at when the text was written, from the years it mentions.

    The latest year mentioned that is not a target year (到2035年, 2025年前) counts; when it
    is reported as a finished period (截至2021年底, 2021年全年, 2021年工作回顾) the text was
    written the year after. A mention of the latest Party congress (十九大, 十九届) gives a
    lower bound. Years after the current one are ignored.
    """
    this_year = dt.date.today().year
    text = _head_and_tail(text)
    latest, finished = None, False
    for match in _YEAR_MENTION_RE.finditer(text):
        year = _to_int(match.group(1))
        if year is None or year > this_year or _is_target_year(text, match) or _in_site_notice(text, match):
            continue
        past = _is_finished_period(text, match)
        if latest is None or year > latest:
            latest, finished = year, past
        elif year == latest:
            finished = finished or past
    guess = latest + 1 if latest is not None and finished else latest
    congress = _congress_lower_bound(text)
    candidates = [y for y in (guess, congress) if y is not None and y <= this_year]
    return max(candidates) if candidates else None


_DEADLINE_LABEL_RE = _LazyPattern(r"(?:(?:截止|截至|到期)(?:日期|时间|時間)|期限)\s*[:：]?\s*$")


def _head_and_tail(text: str) -> str:
    # a guess needs no more than this; scanning 50 MB for years would cost seconds
    if len(text) <= SAMPLE_CHARS + TAIL_CHARS:
        return text
    return text[:SAMPLE_CHARS] + "\n" + text[-TAIL_CHARS:]


def _is_target_year(text: str, match: re.Match) -> bool:
    if _DEADLINE_LABEL_RE.search(text, max(0, match.start() - 8), match.start()):
        return True
    before = text[max(0, match.start() - 2):match.start()]
    if before.endswith(_TARGET_BEFORE) and not before.endswith(_PAST_PERIOD_BEFORE):
        return True
    return bool(_TARGET_AFTER_RE.match(text, match.end()))


def _in_site_notice(text: str, match: re.Match) -> bool:
    """A year in the copyright or licence notice a saved web page ends with (据2024年社群共识,
    版权所有 ©2024年, 京ICP备…): the site's, not the document's. Only its own line counts, and
    only near it: a page saved as one long line keeps its other years."""
    line_start = text.rfind("\n", 0, match.start()) + 1
    line_end = text.find("\n", match.end())
    line_end = len(text) if line_end < 0 else line_end
    near = text[max(line_start, match.start() - 30):min(line_end, match.end() + 30)]
    return any(word in near for word in _SITE_NOTICE_WORDS)


def _is_finished_period(text: str, match: re.Match) -> bool:
    before = text[max(0, match.start() - 2):match.start()]
    if before.endswith(_PAST_PERIOD_BEFORE):
        return True
    return bool(_PAST_PERIOD_AFTER_RE.match(text, match.end()))


def _congress_lower_bound(text: str) -> int | None:
    years = [
        _CONGRESS_YEARS.get(name) or _SESSION_YEARS.get(name)
        for pair in set(_CONGRESS_RE.findall(text))
        for name in pair
        if name
    ]
    years = [y for y in years if y is not None]
    return max(years) if years else None
