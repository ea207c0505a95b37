"""Traditional to simplified script (opencc's t2s): one converter for reading and extraction.

The last conversion is remembered. A document no longer than the script check's sample is
converted once, when reading judges its script (documents.detect_script), and extraction's
analysis copy (extract.script) gets that conversion back instead of making it again: the
conversion is the costliest step of reading a document.
"""

from __future__ import annotations

from functools import lru_cache

_last: tuple[str, str] = ("", "")  # (the last text converted, its conversion)


@lru_cache(maxsize=None)
def converter(config: str = "t2s"):
    import opencc

    try:
        return opencc.OpenCC(config)
    except Exception:  # older bindings want the config file name
        return opencc.OpenCC(f"{config}.json")


# Traditional forms a simplified word takes: OpenCC's standard traditional (what Hong Kong and
# Taiwan texts write but for a few characters; s2tw and s2hk would add 30-120 ms of
# dictionaries for those), and the variant forms older texts keep (産業 beside 產業).
TRADITIONAL_CONFIGS = ("s2t",)
VARIANT_CONFIG = "t2jp"


def script_variants(word: str, traditional: bool = True) -> list[str]:
    """The word as simplified and traditional texts may write it, the word itself first: a
    search for 网络安全 finds 網絡安全, and one for 產業 finds 产业 and 産業. Without
    `traditional` (no such text to search), its simplified form only: the traditional
    converters' dictionaries take 150 ms to load."""
    simplified = to_simplified(word)
    forms = [word, simplified]
    for config in TRADITIONAL_CONFIGS if traditional else ():
        traditional = converter(config).convert(simplified)
        forms += [traditional, converter(VARIANT_CONFIG).convert(traditional)]
    return list(dict.fromkeys(forms))


def to_simplified(text: str) -> str:
    """opencc's t2s conversion of text; the same text object twice in a row is converted once."""
    global _last
    if _last[0] is text:
        return _last[1]
    converted = converter().convert(text)
    _last = (text, converted)
    return converted
