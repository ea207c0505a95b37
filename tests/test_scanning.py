"""The fast scans of the extractor agree with the plain regular expressions they replace."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from jjjtrack.extract import lexicon
from jjjtrack.extract.bounds import CLAUSE_STOPS, SENTENCE_STOPS, after_last
from jjjtrack.extract.classify import HEADING_LINE, headings, titled_line

PIECES = ["一、", "（二）", "(三)", "第四部分", "十二.", "下一步", "下一阶段", "目标", "5条", "。", "！", "？",
          "\n", " ", "　", "，", "：", "、", "a", "!", "主要指标", "1.", "（2）"]
texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


def one_regex_headings(text: str) -> list[tuple[int, int, str | None]]:
    """The single pattern tried at every position that `headings` replaced."""
    openers = "|".join(map(re.escape, lexicon.load("cues")["target"]["section_openers"]))
    pattern = re.compile(f"^{HEADING_LINE}|(?:^[ \t　]*|(?<=[。！？]))(?P<opener>{openers})|^{titled_line()}",
                         re.MULTILINE)
    return [(m.start(), m.end(), m["opener"]) for m in pattern.finditer(text)]


@given(texts)
def test_headings_match_where_the_single_pattern_does(text):
    assert [(m.start(), m.end(), m["opener"]) for m in headings(text)] == one_regex_headings(text)


def test_headings_find_numbered_lines_and_sentence_openers():
    text = "一、总体要求\n正文。下一步，要建成5条。其中下一步不算\n（二）重点任务"
    found = [(m.group(0).strip(), m["opener"]) for m in headings(text)]
    assert found == [("一、总体要求", None), ("下一步", "下一步"), ("（二）重点任务", None)]


@given(texts, st.integers(0, 60), st.integers(0, 60), st.sampled_from([SENTENCE_STOPS, CLAUSE_STOPS]))
def test_after_last_is_just_after_the_last_stop(text, lo, hi, stops):
    lo, hi = min(lo, len(text)), min(max(lo, hi), len(text))
    last = max((i for i in range(lo, hi) if text[i] in stops), default=None)
    assert after_last(text, stops, lo, hi) == (lo if last is None else last + 1)
