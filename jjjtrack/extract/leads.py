"""Lead and responsible units: the 牵头单位 and 责任单位 a document names for a task, and
each unit's name written one way (市发改委 = 市发展改革委).

A task names its units after it (（市发展改革委牵头，市财政局配合）, 。牵头单位：…；责任单位：…)
or before it in its sentence (由市财政局牵头，…). A statement takes the first such group
after it up to the end of its sentence and what directly follows the sentence, else the last
one before it in its sentence. 责任单位 are the owners; where none are named, the 配合单位.
Every word is data in lexicon/leads.toml.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace
from functools import lru_cache

from jjjtrack.models import UNIT_JOINER, Statement

from . import lexicon
from .bounds import SENTENCE_STOPS
from .units import alternation

MAX_GROUP = 120  # characters of one group of units


@lru_cache(maxsize=1)
def _words() -> dict:
    return lexicon.load("leads")


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    roles = _words()["roles"]
    labels = alternation(roles["lead_labels"] + roles["owner_labels"] + roles["partner_labels"]).pattern
    verbs = alternation(roles["lead_after"] + roles["partner_after"]).pattern
    by = alternation(roles["by"]).pattern
    groups = (
        rf"[（(][^（）()\n]{{2,{MAX_GROUP}}}?[）)]"  # a parenthesis
        rf"|(?:(?:{labels})\s*[：:][^。；;\n（）()]{{1,{MAX_GROUP}}}[；;，,\s]*)+"  # labelled lists
        rf"|(?:{by})[^，,。；;\n（）()]{{2,40}}?(?:{verbs})"  # 由…牵头
    )
    return {
        "group": re.compile(groups),
        "label": re.compile(rf"({labels})\s*[：:]"),
        "verb_clause": re.compile(rf"^(?:{by})?(.+?)({verbs})$"),
        "separators": re.compile("|".join(map(re.escape, roles["separators"]))),
        "tail": re.compile(rf"\s*(?:[（(][^（）()\n]{{0,{MAX_GROUP}}}[）)]|(?:{labels})\s*[：:][^。\n]*。?)"),
    }


def attach_units(text: str, statements: list[Statement]) -> list[Statement]:
    """The statements with the lead and owner units their text names (text: the analysis copy)."""
    groups = unit_groups(text) if statements else []
    if not groups:
        return statements
    starts = [lo for lo, _, _ in groups]
    attached = []
    for statement in statements:
        lead, owner = units_around(text, statement.start, statement.end, groups, starts)
        attached.append(replace(statement, lead=lead, owner=owner) if lead or owner else statement)
    return attached


def unit_groups(text: str) -> list[tuple[int, int, tuple[str, str]]]:
    """Every group of units the text names, (start, end, (lead, owner)), in one scan."""
    found = []
    for match in _patterns()["group"].finditer(text):
        group = match.group()
        units = parse_group(group)
        if any(units):  # a list's end without the separators it swallowed (a newline)
            found.append((match.start(), match.start() + len(group.rstrip("；;，, \t\n")), units))
    return found


def units_around(text: str, start: int, end: int, groups=None, starts=None) -> tuple[str, str]:
    """(lead, owner) of the statement text[start:end], each "" when the text names none: the
    first group after it within its task, else the last one before it in its sentence."""
    if groups is None:
        groups = unit_groups(text)
        starts = [lo for lo, _, _ in groups]
    first = max(text.rfind(stop, 0, start) for stop in SENTENCE_STOPS) + 1
    at = bisect_left(starts, end)
    if at < len(groups) and groups[at][1] <= _item_end(text, end):
        return groups[at][2]
    for lo, hi, units in reversed(groups[:bisect_left(starts, start)]):
        if lo < first:
            break
        if hi <= start:
            return units
    return "", ""


def _item_end(text: str, end: int) -> int:
    """Where the statement's task ends: its sentence, and the groups directly after it."""
    stops = [at for at in (text.find(stop, end) for stop in SENTENCE_STOPS) if at >= 0]
    last = min(stops) + 1 if stops else len(text)
    tail = _patterns()["tail"]
    while (match := tail.match(text, last)) and match.end() > last:
        last = match.end()
    return last


def parse_group(group: str) -> tuple[str, str]:
    """(lead, owner) of one group: （A牵头，B配合）, 牵头单位：A；责任单位：B, 由A负责."""
    patterns, roles = _patterns(), _words()["roles"]
    inner = group.strip().strip("（）()；;，, \t\n")
    leads, owners, partners = [], [], []
    labelled = list(patterns["label"].finditer(inner))
    if labelled:
        for number, match in enumerate(labelled):
            stop = labelled[number + 1].start() if number + 1 < len(labelled) else len(inner)
            names = unit_names(inner[match.end():stop])
            label = match.group(1)
            target = leads if label in roles["lead_labels"] else owners if label in roles["owner_labels"] else partners
            target += names
    else:
        for clause in re.split(r"[，,；;]", inner):
            found = patterns["verb_clause"].match(clause.strip())
            if not found:
                continue
            names = unit_names(found.group(1))
            (leads if found.group(2) in roles["lead_after"] else partners).extend(names)
    return UNIT_JOINER.join(_unique(leads)), UNIT_JOINER.join(_unique(owners or partners))


def unit_names(text: str) -> list[str]:
    """The normalised names of a list of units (市发改委、市财政局等部门), unit names only."""
    fillers = _words()["roles"]["fillers"]
    names = []
    for part in _patterns()["separators"].split(text):
        name = part.strip(" \t；;：:")
        for filler in sorted(fillers, key=len, reverse=True):
            name = name.replace(filler, "")
        name = normalise_unit(name)
        if name and is_unit_name(name):
            names.append(name)
    return names


def normalise_unit(name: str) -> str:
    """The one way a unit's name is written: 市发改委 -> 市发展改革委, 市住房和城乡建设委员会 ->
    市住房城乡建设委; a name the table does not know is kept as it is (spaces dropped)."""
    name = re.sub(r"\s+", "", name or "")
    names = _words()["names"]
    table = names["abbreviations"]
    prefix = next((p for p in sorted(names["prefixes"], key=len, reverse=True) if name.startswith(p)), "")
    body = name[len(prefix):]
    return prefix + table.get(body, body)


def normalise_units(text: str) -> str:
    """A list of units as the ledger stores it: each name normalised, joined by 、."""
    parts = [normalise_unit(part) for part in _patterns()["separators"].split(text or "")]
    return UNIT_JOINER.join(_unique(part for part in parts if part))


def is_unit_name(name: str) -> bool:
    """Whether a name ends as an organ's name does (委, 局, 办, 政府, 公司 ...)."""
    return len(name) >= 2 and name.endswith(tuple(_words()["names"]["suffixes"]))


def _unique(names) -> list[str]:
    return list(dict.fromkeys(names))
