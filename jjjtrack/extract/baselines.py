"""Baselines: where a target starts, when its sentence says so (从10万元提高到15万元,
由2.4%提高到2.8%): the figure after 从/由 in the target's clause, in the target's unit; or
when a table's row does (指标 | 2020年（基期） | 2025年（目标）): the figure of the row in the
base column, in the target's unit.

The sentence words are the change words of lexicon/cues.toml, which also make the starting
figure a reported statement (pipeline.is_change_origin); this module only pairs the two. The
base columns' headers are in lexicon/baselines.toml.
"""

from __future__ import annotations

import re
from dataclasses import replace

from jjjtrack.models import Kind, Statement

from . import lexicon
from .bounds import CLAUSE_STOPS, SENTENCE_STOPS

FROM_REACH = 8  # characters between 从/由 and the figure a change starts from (由每人每年240元)
CELL_SEPARATOR_RE = re.compile(r"\t|[|｜]| {2,}|\u3000+")  # what divides a table row's cells in text
YEAR_RE = re.compile(r"(?<!\d)(1[89]|20)\d\d(?!\d)")
HEADER_REACH = 40  # lines above a row where its table's header may be


def attach_baselines(text: str, statements: list[Statement]) -> list[Statement]:
    """The statements, each target that ends a change given the figure it starts from."""
    change = lexicon.load("cues")["change"]
    attached = list(statements)
    for number, statement in enumerate(statements):
        if statement.kind != Kind.TARGET or number == 0:
            continue
        origin = _origin(text, statements[number - 1], statement, change)
        if origin is None:
            origin = _table_origin(text, statements, number)
        if origin is not None:
            attached[number] = replace(statement, baseline=origin.value)
    return attached


def _table_origin(text: str, statements: list[Statement], number: int) -> Statement | None:
    """The statement of the target's table row in the base column of its table, if any."""
    statement = statements[number]
    row_start = text.rfind("\n", 0, statement.start) + 1
    row_end = text.find("\n", statement.end)
    row = text[row_start:row_end if row_end >= 0 else len(text)]
    column = _cell_index(row, statement.start - row_start)
    if column is None or column < 2:
        return None
    base = _base_column(text, row_start, len(CELL_SEPARATOR_RE.split(row)), column)
    if base is None:
        return None
    for earlier in reversed(statements[:number]):
        if earlier.start < row_start:
            break
        if earlier.unit == statement.unit and _cell_index(row, earlier.start - row_start) == base:
            return earlier
    return None


def _cell_index(row: str, offset: int) -> int | None:
    """Which cell of a row (cells divided by CELL_SEPARATOR_RE) holds the offset; None outside a table."""
    separators = [match.start() for match in CELL_SEPARATOR_RE.finditer(row)]
    if len(separators) < 2:
        return None
    return sum(1 for at in separators if at < offset)


def _base_column(text: str, row_start: int, cells: int, column: int) -> int | None:
    """The base column of the table above a row, when it lies before `column`: the header
    that names a base (基期), else the one naming the earliest year if `column` names a later one."""
    words = lexicon.load("baselines")["table"]["base_headers"]
    end = row_start - 1
    for _ in range(HEADER_REACH):
        if end <= 0:
            return None
        start = text.rfind("\n", 0, end) + 1
        headers = CELL_SEPARATOR_RE.split(text[start:end])
        end = start - 1
        if abs(len(headers) - cells) > 1:
            continue
        named = [index for index, header in enumerate(headers) if any(word in header for word in words)]
        if named:
            return named[0] if named[0] < column else None
        years = {index: int(found.group()) for index, header in enumerate(headers) if (found := YEAR_RE.search(header))}
        if len(years) >= 2 and column in years:
            first = min(years, key=years.get)
            return first if first < column and years[first] < years[column] else None
    return None


def _origin(text: str, earlier: Statement, statement: Statement, change: dict) -> Statement | None:
    """The statement just before, when it is where this one's change starts."""
    between = text[earlier.end:statement.start]
    if not between or any(stop in between for stop in SENTENCE_STOPS + CLAUSE_STOPS):
        return None
    if not between.endswith(tuple(change["to"])) or earlier.unit != statement.unit:
        return None
    before = text[max(0, earlier.start - FROM_REACH):earlier.start]
    clause_start = max(before.rfind(stop) for stop in SENTENCE_STOPS + CLAUSE_STOPS) + 1
    return earlier if any(word in before[clause_start:] for word in change["from"]) else None
