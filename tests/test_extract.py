"""The extractor on sentences written for these tests (tests/cases/*.json), both scripts,
the lexicon's validation, and properties that must hold for any input."""

from __future__ import annotations

import functools
import json
import math
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jjjtrack.errors import LexiconError
from jjjtrack.extract import EXTRACTOR_VERSION, extract, extract_text
from jjjtrack.extract import lexicon
from jjjtrack.models import Comparator, DateSource, Document, Kind

CASES_DIR = Path(__file__).parent / "cases"


def load_cases():
    for path in sorted(CASES_DIR.glob("*.json")):
        for i, case in enumerate(json.loads(path.read_text(encoding="utf-8"))):
            marks = [pytest.mark.xfail(reason=case["known_failure"], strict=True)] if "known_failure" in case else []
            yield pytest.param(case, id=f"{path.stem}-{i}", marks=marks)


@pytest.mark.parametrize("case", list(load_cases()))
def test_case(case):
    statements = extract_text(case["sentence"], case.get("date"))
    for expected in case["expect"]:
        found = [s for s in statements if s.text == expected["text"]]
        assert found, f"no statement {expected['text']!r} in {[s.text for s in statements]}"
        got = found[0]
        for field in ("unit", "kind", "deadline", "comparator", "subject", "category", "region"):
            if field in expected:
                value = getattr(got, field)
                value = value.value if isinstance(value, (Kind, Comparator)) else value
                assert value == expected[field], f"{expected['text']}: {field} {value!r} != {expected[field]!r}"
        if "value" in expected:
            assert math.isclose(got.value, expected["value"], rel_tol=1e-9), (expected["text"], got.value)
    if case.get("exactly"):
        assert [s.text for s in statements] == [e["text"] for e in case["expect"]]


def test_offsets_point_at_the_same_characters_in_both_scripts():
    simplified = "今年将建成6条产业链，培育两个集群。"
    traditional = "今年將建成6條産業鏈，培育兩個集群。"
    for text in (simplified, traditional):
        statements = extract_text(text, "2024-03-01")
        assert [s.value for s in statements] == [6, 2]
        for s in statements:
            assert s.text == text[s.start:s.end]
    spans = lambda t: [(s.start, s.end) for s in extract_text(t, "2024-03-01")]  # noqa: E731
    assert spans(simplified) == spans(traditional)
    assert [s.text for s in extract_text(traditional, "2024-03-01")] == ["6條", "兩個"]


def test_traditional_statement_keeps_its_script_in_text_unit_and_sentence():
    text = "去年共繪製6條産業鏈圖譜。"
    (s,) = extract_text(text, "2024-03-01")
    assert (s.text, s.unit) == ("6條", "條")
    assert "繪製" in s.sentence and s.kind is Kind.REPORTED


def test_extract_reads_a_document_and_sorts_by_start():
    text = "今年建成3座桥。去年建成2座桥，完成投资5亿元。"
    doc = Document(name="a.txt", path="/tmp/a.txt", sha256="0", text=text, script="simplified",
                   encoding="utf-8", date="2024-02-01", date_source=DateSource.TEXT)
    statements = extract(doc)
    assert [s.start for s in statements] == sorted(s.start for s in statements)
    assert [s.kind for s in statements] == [Kind.TARGET, Kind.REPORTED, Kind.REPORTED]
    assert statements[0].deadline == "2024-12-31" and statements[1].deadline is None


def test_statement_fields_are_filled():
    (s,) = extract_text("今年天津港要完成集装箱吞吐量2300万标准箱。", "2024-01-10")
    assert s.category == "port_shipping" and s.region == "Tianjin"
    assert s.subject and s.sentence.endswith("。")
    assert s.as_dict()["kind"] == "target"


def test_version_is_a_nonempty_string():
    assert isinstance(EXTRACTOR_VERSION, str) and EXTRACTOR_VERSION


def test_import_is_cheap():
    code = "import sys, jjjtrack.extract; print('opencc' in sys.modules, 'tomllib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


# --- the lexicon ---------------------------------------------------------------------------


def test_every_lexicon_file_loads():
    for name in lexicon.SCHEMAS:
        assert lexicon.load(name)


@pytest.mark.parametrize(
    "content, message",
    [
        ("[money]\nwords = [\"元\"]\n", "missing key 'percent.words'"),
        ("[money\nwords = 1", "not valid TOML"),
    ],
)
def test_malformed_units_file_names_file_and_key(tmp_path, content, message):
    path = tmp_path / "units.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LexiconError, match="units.toml") as caught:
        lexicon.load_file(path, lexicon.SCHEMAS["units"])
    assert message in str(caught.value)


def test_wrong_types_are_reported_with_their_key(tmp_path):
    good = (lexicon.LEXICON_DIR / "deadlines.toml").read_text(encoding="utf-8")
    path = tmp_path / "deadlines.toml"
    path.write_text(good.replace('"明年" = 1', '"明年" = "one"'), encoding="utf-8")
    with pytest.raises(LexiconError, match=r"deadlines.toml: key 'relative_years' entry '明年' must be an integer"):
        lexicon.load_file(path, lexicon.SCHEMAS["deadlines"])
    path.write_text(good.replace('before = ["到"', 'before = [""'), encoding="utf-8")
    with pytest.raises(LexiconError, match="year_frame.before"):
        lexicon.load_file(path, lexicon.SCHEMAS["deadlines"])


@pytest.mark.parametrize("name", sorted(lexicon.SCHEMAS))
def test_every_key_in_the_lexicon_is_validated(name):
    import tomllib

    data = tomllib.loads((lexicon.LEXICON_DIR / f"{name}.toml").read_text(encoding="utf-8"))
    assert lexicon.unvalidated_keys(data, lexicon.SCHEMAS[name]) == []


def test_a_key_the_schema_does_not_know_is_refused(tmp_path):
    good = (lexicon.LEXICON_DIR / "numerals.toml").read_text(encoding="utf-8")
    path = tmp_path / "numerals.toml"
    path.write_text(good + '\n[extra]\nwords = ["多"]\n', encoding="utf-8")
    with pytest.raises(LexiconError, match=r"numerals.toml: key 'extra.words' is not in the schema"):
        lexicon.load_file(path, lexicon.SCHEMAS["numerals"])


def test_every_lexicon_file_has_a_schema():
    assert {p.stem for p in lexicon.LEXICON_DIR.glob("*.toml")} == set(lexicon.SCHEMAS)


def test_missing_lexicon_file_is_a_lexicon_error(tmp_path):
    with pytest.raises(LexiconError, match="nothere.toml"):
        lexicon.load_file(tmp_path / "nothere.toml", {})


# --- properties for any input --------------------------------------------------------------

FRAGMENTS = ["今年", "将", "建成", "累计", "第", "个", "条", "亿元", "万", "%", "以上", "约", "，", "。", "\n",
             "到2025年", "十四五", "三分之一", "一半", "翻一番", "“", "”", "兩個", "萬億級", "至", "由", "提高到"]
fragments = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.integers(0, 10**6).map(str),
                               st.text(max_size=5)), max_size=30).map("".join)


def assert_well_formed(text, statements):
    previous = -1
    for s in statements:
        assert 0 <= s.start < s.end <= len(text)
        assert s.text == text[s.start:s.end]
        assert s.start >= previous
        previous = s.start
        assert math.isfinite(s.value)
        assert s.kind in (Kind.TARGET, Kind.REPORTED)
        assert s.deadline is None or (s.kind is Kind.TARGET and len(s.deadline) == 10)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300), st.sampled_from([None, "2024-03-01", "bad", ""]))
def test_any_text_never_raises(text, date):
    assert_well_formed(text, extract_text(text, date))


any_date = st.one_of(st.none(), st.dates().map(lambda d: f"{d.year:04d}-{d.month:02d}-{d.day:02d}"),
                    st.text(max_size=12))


@settings(max_examples=150, deadline=None)
@given(fragments, any_date)
def test_policy_like_text_is_well_formed(text, date):
    assert_well_formed(text, extract_text(text, date))


def test_huge_numbers_and_control_characters():
    text = "完成" + "9" * 400 + "个\x00\x1b项目，" + "1" * 5000 + "亿元\ud800。" + "一亿" * 5000 + "个" + "十" * 20000 + "项"
    assert_well_formed(text, extract_text(text, "2024-01-01"))


def test_analysis_copy_keeps_length_when_opencc_changes_it(monkeypatch):
    from jjjtrack import t2s
    from jjjtrack.extract import script

    class Lengthening:
        def convert(self, text):
            return text.replace("條", "条").replace("個", "个").replace("甲", "甲乙")

    monkeypatch.setattr(t2s, "converter", lambda: Lengthening())
    monkeypatch.setattr(t2s, "_last", ("", ""))
    text = "甲方建成6條路。\n乙方建成3個園區。"
    copy = script.analysis_copy(text)
    assert len(copy) == len(text)
    assert copy.split("\n") == ["甲方建成6條路。", "乙方建成3个園區。"]  # a line that would change length stays as written
    statements = extract_text(text, "2024-01-01")
    assert [s.text for s in statements] == ["3個"]


def test_analysis_copy_survives_a_failing_converter(monkeypatch):
    from jjjtrack import t2s

    def broken():
        raise RuntimeError("no opencc here")

    monkeypatch.setattr(t2s, "converter", broken)
    monkeypatch.setattr(t2s, "_last", ("", ""))
    assert [s.text for s in extract_text("今年建成6条路。", "2024-01-01")] == ["6条"]


def test_a_document_is_converted_once_to_judge_its_script_and_to_analyse_it(tmp_path, monkeypatch):
    from jjjtrack import t2s
    from jjjtrack.documents import read_document
    from jjjtrack.extract import extract

    real, converted = t2s.converter(), []

    class Counting:
        def convert(self, text):
            converted.append(text)
            return real.convert(text)

    monkeypatch.setattr(t2s, "converter", lambda: Counting())
    path = tmp_path / "tw.txt"
    path.write_text("發布日期：2024年3月1日\n今年將建成6條城際鐵路，新增12個園區。", encoding="utf-8")
    document = read_document(path)
    assert [s.text for s in extract(document)] == ["6條", "12個"]
    assert document.script == "traditional"
    assert converted == [document.text]


def test_lexicons_are_parsed_once():
    assert lexicon.load("units") is lexicon.load("units")


@functools.lru_cache(maxsize=1)
def to_traditional():
    import opencc

    return opencc.OpenCC("s2t")


@settings(max_examples=100, deadline=None)
@given(fragments)
def test_traditional_copy_gives_the_same_spans(text):
    traditional = to_traditional().convert(text)
    if len(traditional) != len(text):
        return  # a phrase entry changed the length; offsets cannot be compared
    simplified_spans = [(s.start, s.end, s.value) for s in extract_text(text, "2024-03-01")]
    traditional_spans = [(s.start, s.end, s.value) for s in extract_text(traditional, "2024-03-01")]
    assert traditional_spans == simplified_spans


def test_time_grows_linearly_with_text_length():
    """A long line full of bare numbers once made every number search to the end of the text."""
    import time

    unit = "全年共有企业123个，编号4567，比例（%） 12 15，2023年5月，到2025年建成3座。" * 40

    def seconds(copies: int) -> float:
        text = unit * copies
        started = time.process_time()
        extract_text(text, "2024-01-01")
        return time.process_time() - started

    seconds(1)
    small, large = seconds(10), seconds(80)  # 8 times the text: about 8 times the time, not 64
    assert large < 20 * max(small, 0.01), (small, large)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="北京市天津冀河万亿元", min_size=1, max_size=4), min_size=1, max_size=12),
       st.text(alphabet="北京市天津冀河万亿元人", max_size=40))
def test_the_trie_alternation_matches_what_longest_first_alternation_matches(words, text):
    from jjjtrack.extract.units import alternation

    longest_first = re.compile("|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w))))
    assert [m.span() for m in alternation(words).finditer(text)] == [m.span() for m in longest_first.finditer(text)]
