"""Today: the date JJJTRACK_TODAY names (tests freeze the clock with it), else the system's.

The one place that reads the clock; everything else is told the date.
"""

from __future__ import annotations

import datetime as dt
import os

from .errors import InvalidValue


def today() -> dt.date:
    frozen = os.environ.get("JJJTRACK_TODAY")
    if not frozen:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(frozen.strip())
    except ValueError:
        pass
    from .extract.dates import date_parts  # other spellings (2024年6月30日): the date grammar

    parts = date_parts(frozen)
    try:
        return dt.date(*parts) if parts else dt.date.fromisoformat(frozen)
    except ValueError:
        raise InvalidValue(f"JJJTRACK_TODAY: {frozen!r} is not a date (try 2024-06-30)") from None
