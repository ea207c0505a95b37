"""Dates and filter options, read the way users write them."""

import datetime as dt

import pytest

from jjjtrack.errors import InvalidValue
from jjjtrack.filters import make_filter, parse_date, today


@pytest.mark.parametrize(
    "text", ["2024-06-30", "2024/6/30", "30 June 2024", "June 30, 2024", "2024年6月30日", "２０２４年６月３０日", "2024.06.30"]
)
def test_dates_users_write(text):
    assert parse_date(text) == dt.date(2024, 6, 30)


@pytest.mark.parametrize("text", ["2024-13-45", "yesterday-ish", "June 2024", "2024年2月30日", "", "31"])
def test_bad_dates_are_refused_with_the_value_named(text):
    with pytest.raises(InvalidValue) as error:
        parse_date(text, "--date")
    assert "--date" in str(error.value)


def test_today_is_frozen_by_environment(monkeypatch):
    monkeypatch.setenv("JJJTRACK_TODAY", "2031-02-03")
    assert today() == dt.date(2031, 2, 3)


@pytest.mark.parametrize(
    "options, message",
    [({"status": "sideways"}, "unknown status"), ({"kind": "plan"}, "unknown kind"),
     ({"sort": "colour"}, "unknown sort"), ({"limit": -1}, "--limit"), ({"due_before": "soon"}, "--due-before")],
)
def test_bad_options_name_the_problem(options, message):
    with pytest.raises(InvalidValue, match=message):
        make_filter(**options)


def test_filter_resolves_dates_and_sort():
    flt = make_filter(due_before="2025年1月1日", sort="-deadline", as_of="2024/3/1")
    assert (flt.due_before, flt.as_of, flt.sort, flt.descending) == ("2025-01-01", "2024-03-01", "deadline", True)
