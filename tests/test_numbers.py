"""Numerals to values: hand-picked cases, and random numbers written out by cn2an (test-only)."""

from __future__ import annotations

import math

import cn2an
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from jjjtrack.extract.numbers import parse_fraction, parse_number


@pytest.mark.parametrize(
    "numeral, value",
    [
        ("四", 4), ("两", 2), ("十", 10), ("十二", 12), ("二十", 20), ("一百二十", 120), ("一千零五", 1005),
        ("两千", 2000), ("三万五千", 35000), ("一亿零五百万", 105_000_000), ("千万", 10_000_000),
        ("1.1万", 11_000), ("6056亿", 605_600_000_000), ("5.66万亿", 5.66e12), ("万亿", 1e12),
        ("1万6千", 16_000), ("1亿3千万", 130_000_000), ("3千", 3000), ("二〇二〇", 2020), ("二0二0", 2020),
        ("三点五", 3.5), ("24.3", 24.3), ("1,200", 1200), ("１２", 12), ("３．５", 3.5), ("0", 0),
    ],
)
def test_known_numerals(numeral, value):
    assert math.isclose(parse_number(numeral), value, rel_tol=1e-12)


@pytest.mark.parametrize("text", ["", "万万亿亿点", "十几", "abc", "1e5", "三点", "点五", "1.2.3", "9" * 400, "1" * 5000,
                                  "一亿" * 5000, "一万" * 50000])
def test_non_numerals_and_overflow_give_none(text):
    assert parse_number(text) is None


def test_fractions():
    assert parse_fraction("三", "一") == pytest.approx(1 / 3)
    assert parse_fraction("百", "十", as_rate=True) == 10  # 百分之十 is 10 %
    assert parse_fraction("百", "十") == pytest.approx(0.1)
    assert parse_fraction("零", "一") is None


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=2**53))  # floats hold integers exactly up to 2**53
def test_chinese_integers_agree_with_cn2an(n):
    written = cn2an.an2cn(n, "low")
    try:
        oracle = cn2an.cn2an(written, "strict")
    except ValueError:  # the oracle cannot read some of its own output back (一百二十五万亿一千)
        assume(False)
    assert parse_number(written) == oracle == n


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**7), st.integers(min_value=0, max_value=99))
def test_chinese_decimals_agree_with_cn2an(whole, hundredths):
    value = whole + hundredths / 100
    written = cn2an.an2cn(f"{value:.2f}".rstrip("0").rstrip("."), "low")
    assert parse_number(written) == pytest.approx(float(cn2an.cn2an(written, "strict")))


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=99999), st.sampled_from(["万", "亿", "万亿"]))
def test_arabic_with_multiplier(n, multiplier):
    scale = {"万": 1e4, "亿": 1e8, "万亿": 1e12}[multiplier]
    assert parse_number(f"{n}{multiplier}") == pytest.approx(n * scale)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_never_raises(text):
    value = parse_number(text)
    assert value is None or math.isfinite(value)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="零〇一二两三四五六七八九十百千万亿点0123456789.,", max_size=300))
def test_numeral_alphabet_never_raises(text):
    value = parse_number(text)
    assert value is None or math.isfinite(value)


@pytest.mark.parametrize("whole", [1, 2, 3, 12, 205, 999])
@pytest.mark.parametrize("decimals", ["1", "15", "05", "99", "123"])
@pytest.mark.parametrize("multiplier", ["百", "千", "万", "亿", "万亿"])
def test_decimal_multiples_are_the_decimal_written(whole, decimals, multiplier):
    # 1.15亿 is 115000000 exactly, not the 114999999.99999999 of binary arithmetic
    from decimal import Decimal

    scale = {"百": 100, "千": 1000, "万": 10**4, "亿": 10**8, "万亿": 10**12}[multiplier]
    expected = float(Decimal(f"{whole}.{decimals}") * scale)
    assert parse_number(f"{whole}.{decimals}{multiplier}") == expected
    if multiplier in ("百", "千"):
        return  # 一点五千 is not how Chinese writes 1,500
    chinese = "".join("零一二三四五六七八九"[int(d)] for d in decimals)
    assert parse_number(f"{cn2an.an2cn(whole, 'low')}点{chinese}{multiplier}") == expected
