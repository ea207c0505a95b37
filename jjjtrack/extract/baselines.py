"""Baselines: where a target starts, when its sentence says so (从10万元提高到15万元,
由2.4%提高到2.8%): the figure after 从/由 in the target's clause, in the target's unit.

The words are the change words of lexicon/cues.toml, which also make the starting figure a
reported statement (pipeline.is_change_origin); this module only pairs the two.
"""

from __future__ import annotations

from dataclasses import replace

from jjjtrack.models import Kind, Statement

from . import lexicon
from .bounds import CLAUSE_STOPS, SENTENCE_STOPS

FROM_REACH = 8  # characters between 从/由 and the figure a change starts from (由每人每年240元)


def attach_baselines(text: str, statements: list[Statement]) -> list[Statement]:
    """The statements, each target that ends a change given the figure it starts from."""
    change = lexicon.load("cues")["change"]
    attached = list(statements)
    for number, statement in enumerate(statements):
        if statement.kind != Kind.TARGET or number == 0:
            continue
        origin = _origin(text, statements[number - 1], statement, change)
        if origin is not None:
            attached[number] = replace(statement, baseline=origin.value)
    return attached


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
