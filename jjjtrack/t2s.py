"""Traditional to simplified script (opencc's t2s): one converter for reading and extraction.

The last conversion is remembered. A document no longer than the script check's sample is
converted once, when reading judges its script (documents.detect_script), and extraction's
analysis copy (extract.script) gets that conversion back instead of making it again: the
conversion is the costliest step of reading a document.
"""

from __future__ import annotations

from functools import lru_cache

_last: tuple[str, str] = ("", "")  # (the last text converted, its conversion)


@lru_cache(maxsize=1)
def converter():
    import opencc

    try:
        return opencc.OpenCC("t2s")
    except Exception:  # older bindings want the config file name
        return opencc.OpenCC("t2s.json")


def to_simplified(text: str) -> str:
    """opencc's t2s conversion of text; the same text object twice in a row is converted once."""
    global _last
    if _last[0] is text:
        return _last[1]
    converted = converter().convert(text)
    _last = (text, converted)
    return converted
