"""The 台账's arithmetic: how far a target has come (实际进度) against how much of its time has
gone (序时进度), the state that compares them and the light a supervision office gives it.

- progress: the latest reported value against the target, (current − baseline) / (target −
  baseline); with no baseline stated, current / target, which for a rate target (增长6%) is
  the achieved rate against the target rate. A ceiling (控制在…以内) without a baseline has none.
- schedule share: the elapsed fraction of the span from the target's start to its deadline.
  The start is the first day of the deadline's year when the document dates from that year
  (a task of the year: 11/12 at the end of November), else the document's date (a plan's).
- state: done (已完成), overdue (逾期: past the deadline, not done), missed (未完成: reported
  short), ahead (超进度), on (达进度: at most `yellow` points behind), behind (欠进度), and
  unreported (未报进展: no progress reported yet); lights: green for done, ahead and on,
  yellow from `yellow` to `red` points behind, red beyond, overdue or missed.

The thresholds come from an option or JJJTRACK_LIGHTS ("10,30", the default). Computes only.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from functools import lru_cache

from .errors import InvalidValue

LIGHTS_ENV = "JJJTRACK_LIGHTS"
DEFAULT_LIGHTS = "10,30"
STATES = ("done", "overdue", "missed", "ahead", "on", "behind", "unreported")
LIGHTS = ("green", "yellow", "red")
# `list --schedule` names: a state, a light, or any (every target with a schedule)
SCHEDULE_CHOICES = (*STATES, *LIGHTS, "any")
# progress beyond this many times a target's value is most likely given in another unit
PROGRESS_CEILING = 10
# the light of a state that needs no arithmetic
LIGHT_OF_STATE = {"done": "green", "overdue": "red", "missed": "red", "ahead": "green", "on": "green"}


@dataclass(frozen=True)
class Thresholds:
    yellow: float = 10.0  # points behind schedule from which a target is yellow
    red: float = 30.0  # points behind beyond which it is red


def thresholds(text: str | None = None) -> Thresholds:
    """Thresholds from an option's "YELLOW,RED" text, else JJJTRACK_LIGHTS, else 10,30."""
    source = "--lights" if text is not None else LIGHTS_ENV
    text = text if text is not None else os.environ.get(LIGHTS_ENV) or DEFAULT_LIGHTS
    parts = text.replace("，", ",").split(",")
    try:
        yellow, red = (float(part) for part in parts)
    except ValueError:
        raise InvalidValue(f"{source} {text!r}: give two numbers of points behind schedule, yellow then red "
                           f"(e.g. {DEFAULT_LIGHTS})") from None
    if not 0 <= yellow <= red <= 100:
        raise InvalidValue(f"{source} {text!r}: need 0 <= yellow <= red <= 100 points")
    return Thresholds(yellow, red)


@dataclass(frozen=True)
class Schedule:
    start: str | None  # the day the target's time starts
    schedule_pct: float | None  # 序时进度: the share of that time gone, 0-100
    progress_pct: float | None  # 实际进度: how far the target has come, in percent
    state: str | None  # one of STATES; None for what is no target or is dropped
    light: str | None  # green, yellow, red, or None

    def as_dict(self) -> dict:
        return {"schedule_start": self.start, "schedule_pct": self.schedule_pct,
                "progress_pct": self.progress_pct, "schedule_state": self.state, "light": self.light}


NO_SCHEDULE = Schedule(None, None, None, None, None)


def schedule_of(row: dict, as_of: str, limits: Thresholds) -> Schedule:
    """The schedule of one listed commitment (ledger.SCHEDULE_COLUMNS) as of a date."""
    if row.get("kind") != "target" or row.get("status") == "dropped":
        return NO_SCHEDULE
    start = start_of(row.get("doc_date"), row.get("deadline"))
    share = share_of(start, row.get("deadline"), as_of)
    progress = progress_pct(row)
    state = state_of(row, as_of, share, progress, limits)
    return Schedule(start, _rounded(share), _rounded(progress), state, light_of(state, share, progress, limits))


def start_of(doc_date: str | None, deadline: str | None) -> str | None:
    if not doc_date or not deadline or len(doc_date) != 10:
        return None
    if doc_date[:4] == deadline[:4]:  # a task of the year: its time is the year's
        return f"{deadline[:4]}-01-01"
    return doc_date if doc_date < deadline else None


@lru_cache(maxsize=4096)  # a report asks it for every open target: their spans are few
def share_of(start: str | None, deadline: str | None, as_of: str) -> float | None:
    """The percentage of the days from start to deadline gone by as_of, 0 to 100."""
    if not start or not deadline:
        return None
    first, last, day = (dt.date.fromisoformat(d) for d in (start, deadline, as_of))
    span = (last - first).days
    if span <= 0:
        return None
    return 100.0 * min(max((day - first).days, 0), span) / span


def progress_pct(row: dict) -> float | None:
    current, target = row.get("latest_progress"), row.get("value")
    if current is None or target is None:
        return None
    baseline = row.get("baseline")
    if baseline is None:
        if row.get("comparator") == "at_most":  # a ceiling is kept, not approached
            return None
        baseline = 0.0
    if target == baseline:
        return None
    return 100.0 * (current - baseline) / (target - baseline)


def state_of(row: dict, as_of: str, share: float | None, progress: float | None, limits: Thresholds) -> str:
    status, deadline = row.get("status"), row.get("deadline")
    if status == "done":
        return "done"
    if status == "missed":
        return "missed"
    if status == "silent" or (deadline and deadline < as_of):
        return "overdue"
    if progress is None or share is None:
        return "unreported"
    behind = share - progress
    if behind < 0:
        return "ahead"
    return "on" if behind < limits.yellow else "behind"


def light_of(state: str | None, share: float | None, progress: float | None, limits: Thresholds) -> str | None:
    if state in LIGHT_OF_STATE:
        return LIGHT_OF_STATE[state]
    if state != "behind":
        return None
    return "red" if share - progress > limits.red else "yellow"


def implausible_progress(target: float | None, progress: float | None) -> bool:
    """Whether progress is beyond PROGRESS_CEILING times a (positive) target value."""
    return bool(target and target > 0 and progress is not None and progress > PROGRESS_CEILING * target)


def matches(schedule: Schedule, choice: str) -> bool:
    """Whether a schedule is what `list --schedule CHOICE` asks for."""
    if choice == "any":
        return schedule.state is not None
    return choice in (schedule.state, schedule.light)


def check_choice(choice: str | None) -> str | None:
    if choice is not None and choice not in SCHEDULE_CHOICES:
        raise InvalidValue(f"unknown --schedule {choice!r}: choose one of {', '.join(SCHEDULE_CHOICES)}")
    return choice


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)
