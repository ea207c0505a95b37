"""Numerals: Arabic, Chinese and mixed numerals (四, 一百二十, 1.1万, 5.66万亿, 二〇二〇) to values.

Runs only on spans the scanner found; never raises on any input, returns None instead.
"""

from __future__ import annotations

import math
import re

from . import lexicon

_NUMERALS = lexicon.load("numerals")
CHINESE_DIGITS: dict[str, int] = _NUMERALS["digits"]
SMALL_UNITS: dict[str, int] = _NUMERALS["small_units"]
COUNTING_ONLY = frozenset(_NUMERALS["counting_only"]["words"])  # 两: never a digit read one by one
# largest first: 一亿零五百万 is split at 亿 before 万
LARGE_UNITS = tuple(sorted(((unit, float(v)) for unit, v in _NUMERALS["large_units"].items()), key=lambda u: -u[1]))
MAX_LARGE_UNITS = 4  # 一亿零五百万 has two, 五千万亿 two

# Full-width digits and signs map to ASCII one character for one, so offsets carry over.
FULLWIDTH_TO_ASCII = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
FULLWIDTH_RE = re.compile("[０-９．％]")
CHINESE_NUMERAL_CHARS = "".join(c for c in (*CHINESE_DIGITS, *SMALL_UNITS, *dict(LARGE_UNITS)) if not c.isascii())


def parse_number(numeral: str) -> float | None:
    """The value of a numeral such as 1,200 / 1.1万 / 一百二十 / 二〇二〇 / 三点五; None if it is not one."""
    if not numeral.isascii():
        numeral = numeral.translate(FULLWIDTH_TO_ASCII)
    return parse_normalized(numeral)


def parse_normalized(numeral: str) -> float | None:
    """parse_number for a numeral whose digits are already ASCII (the analysis copy's)."""
    if "," in numeral:
        numeral = numeral.replace(",", "")
    if numeral.isascii() and is_arabic(numeral):  # most numerals: 12, 4.5 (float() of them is exact)
        value = float(numeral)
        return value if math.isfinite(value) else None
    if not numeral:
        return None
    if sum(numeral.count(unit) for unit, _ in LARGE_UNITS) > MAX_LARGE_UNITS:
        return None  # 一亿一亿一亿…: no numeral repeats 万/亿 this often (and recursion stays shallow)
    try:
        value = parse_decimal(numeral) if "点" in numeral else parse_with_large_units(numeral)
    except (ValueError, OverflowError, IndexError):
        return None
    if value is None or not math.isfinite(value):
        return None
    return exact(value)


def exact(value: float) -> float:
    """The value a written numeral means: binary arithmetic leaves 1.15亿 at 114999999.99999999
    and 1.1万 at 11000.000000000002; a numeral has far fewer than 15 significant digits, so
    rounding there gives back the decimal that was written. Integers are exact already."""
    return value if value.is_integer() else float(f"{value:.15g}")


def parse_decimal(numeral: str) -> float | None:
    """三点五 -> 3.5, 一百二十五万点零一 -> 1250000.01, 三点五万 -> 35000."""
    whole, _, decimals = numeral.partition("点")
    digits = decimals.rstrip("".join(dict(LARGE_UNITS)))
    scale = 1.0
    for char in decimals[len(digits):]:
        scale *= dict(LARGE_UNITS)[char]
    whole_value = parse_with_large_units(whole) if whole else None
    if whole_value is None or not digits or any(c not in CHINESE_DIGITS for c in digits):
        return None
    return (whole_value + float("0." + "".join(str(CHINESE_DIGITS[c]) for c in digits))) * scale


def parse_with_large_units(numeral: str) -> float | None:
    """Split at the last 亿, then at the last 万: left × unit + right."""
    for unit, scale in LARGE_UNITS:
        cut = numeral.rfind(unit)
        if cut >= 0:
            left, right = numeral[:cut], numeral[cut + 1:]
            left_value = parse_with_large_units(left) if left else 1.0
            right_value = parse_with_large_units(right) if right else 0.0
            if left_value is None or right_value is None:
                return None
            return left_value * scale + right_value
    return parse_small(numeral)


def parse_small(numeral: str) -> float | None:
    """A numeral without 万/亿: Arabic (12.5), Chinese with 十百千 (一百二十), or digit by digit (二〇二〇)."""
    if is_arabic(numeral):
        return float(numeral)
    if not any(c in SMALL_UNITS for c in numeral):
        return parse_digit_string(numeral)
    return parse_positional(numeral)


def is_arabic(numeral: str) -> bool:
    head, dot, tail = numeral.partition(".")
    return head.isascii() and head.isdigit() and (not dot or (tail.isascii() and tail.isdigit()))


def parse_digit_string(numeral: str) -> float | None:
    """二〇二〇 -> 2020; also a single digit (四) or a mixed 二0二0."""
    digits = []
    for char in numeral:
        if char in CHINESE_DIGITS:
            digits.append(str(CHINESE_DIGITS[char]))
        elif char.isascii() and char.isdigit():
            digits.append(char)
        else:
            return None
    return float("".join(digits)) if digits else None


def parse_positional(numeral: str) -> float | None:
    """一百二十 -> 120, 十二 -> 12, 3千 -> 3000; a leading unit counts one of it."""
    total, current, pending = 0.0, None, ""
    for char in numeral:
        if char in SMALL_UNITS:
            if pending:
                current = float(pending)
                pending = ""
            total += (1.0 if current is None else current) * SMALL_UNITS[char]
            current = None
        elif char in CHINESE_DIGITS and not (char.isascii()):
            current = float(CHINESE_DIGITS[char])
        elif char.isascii() and (char.isdigit() or char == "."):
            pending += char
        else:
            return None
    if pending:
        current = float(pending)
    return total + (current or 0.0)


def parse_fraction(denominator: str, numerator: str, as_rate: bool = False) -> float | None:
    """三分之一 -> 1/3; as a rate (百分之十, 千分之三) the numerator alone: the caller writes % or ‰."""
    top = parse_number(numerator)
    if top is None:
        return None
    if as_rate:
        return top
    bottom = parse_number(denominator)
    if not bottom:
        return None
    return top / bottom
