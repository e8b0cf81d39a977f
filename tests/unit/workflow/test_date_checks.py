"""Dates of birth, incident times, and reading typed dates."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from rvr_desktop.training.specimen_cases import CALL_AT
from rvr_desktop.workflow.date_checks import (
    age_on,
    check_date_of_birth,
    check_past_time,
    read_date,
    read_date_of_birth,
    read_day,
    read_moment,
    shown_day,
    shown_moment,
)

TODAY = date(2025, 11, 4)
LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("born", "says"),
    [
        (date(2025, 11, 5), "future"),
        (date(2030, 1, 1), "future"),
        (date(1899, 12, 31), "before 1900"),
        (date(1900, 1, 1), None),
        (TODAY, None),
        (date(1988, 6, 15), None),
    ],
)
def test_dates_of_birth(born, says):
    message = check_date_of_birth(born, TODAY)
    assert message is None if says is None else says in message


@pytest.mark.parametrize(
    ("offset", "refused"),
    [
        (timedelta(hours=-3), False),
        (timedelta(0), False),
        (timedelta(seconds=60), False),  # typed to the minute, in the current minute
        (timedelta(seconds=61), True),
        (timedelta(days=1), True),
    ],
)
def test_incident_times_in_the_future_are_refused(offset, refused):
    message = check_past_time(CALL_AT + offset, CALL_AT)
    assert (message is not None) is refused
    if refused:
        assert "future" in message


def test_a_time_without_a_zone_is_a_programming_error():
    with pytest.raises(ValueError, match="time zone"):
        check_past_time(datetime(2025, 11, 4, 13, 0), CALL_AT)


@pytest.mark.parametrize(
    ("typed", "expected", "says"),
    [
        ("07/11/2015", date(2015, 11, 7), None),
        ("7/11/2015", date(2015, 11, 7), None),
        ("07-11-2015", date(2015, 11, 7), None),
        ("07.11.2015", date(2015, 11, 7), None),
        (" 2015-11-07 ", date(2015, 11, 7), None),
        ("29/02/2016", date(2016, 2, 29), None),
        ("29/02/2015", None, "no such date"),
        ("31/04/2015", None, "no such date"),
        ("07/11/15", None, "year in full"),
        ("7th November", None, "day/month/year"),
        ("", None, "day/month/year"),
    ],
)
def test_reading_a_typed_date(typed, expected, says):
    found, message = read_date(typed)
    assert found == expected
    assert message is None if says is None else says in message


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (date(2021, 11, 4), date(2025, 11, 4), 4),
        (date(2021, 11, 5), date(2025, 11, 4), 3),
        (date(2020, 2, 29), date(2025, 2, 28), 4),
        (date(2020, 2, 29), date(2025, 3, 1), 5),
        (date(2020, 2, 29), date(2024, 2, 29), 4),
    ],
)
def test_age_in_whole_years(born, on, age):
    assert age_on(born, on) == age


def test_a_cleared_date_is_not_recorded_and_a_mistyped_one_says_why():
    assert read_day("  ") == (None, None)
    assert read_day("7/11/2015") == (date(2015, 11, 7), None)
    found, message = read_day("31/02/2015")
    assert found is None and "no such date" in message


def test_a_date_of_birth_is_judged_by_the_forces_calendar_not_utc():
    # 23:30 UTC on 30 June is already 1 July in London (summer time): a baby
    # born that day is born today, not tomorrow.
    now = datetime(2025, 6, 30, 23, 30, tzinfo=UTC)
    assert read_date_of_birth("01/07/2025", now, LONDON) == (date(2025, 7, 1), None)
    for typed, says in (("02/07/2025", "future"), ("31/12/1899", "before 1900"), ("1/7/25", "year in full")):
        found, message = read_date_of_birth(typed, now, LONDON)
        assert found is None and says in message
    assert read_date_of_birth("", now, LONDON) == (None, None)


@pytest.mark.parametrize(
    ("typed", "expected", "says"),
    [
        ("04/11/2025 13:05", datetime(2025, 11, 4, 13, 5, tzinfo=UTC), None),  # winter: London is UTC
        ("01/07/2025 21:05", datetime(2025, 7, 1, 20, 5, tzinfo=UTC), None),  # summer: an hour ahead
        (" 4/11/2025  9:00 ", datetime(2025, 11, 4, 9, 0, tzinfo=UTC), None),
        ("", None, None),
        ("04/11/2025", None, "hours:minutes"),
        ("04/11/2025 25:00", None, "hours:minutes"),
        ("04/11/2025 1305", None, "hours:minutes"),
        ("04/11/25 13:05", None, "year in full"),
        ("04/11/2025 14:02", None, "future"),  # beyond the minute being typed
        ("04/11/2025 14:01", datetime(2025, 11, 4, 14, 1, tzinfo=UTC), None),
    ],
)
def test_reading_a_typed_moment_on_the_forces_clock(typed, expected, says):
    found, message = read_moment(typed, CALL_AT, LONDON)
    assert found == expected
    assert message is None if says is None else says in message


def test_what_is_shown_reads_back_as_the_same_date_and_minute():
    moment = datetime(2025, 7, 1, 20, 5, 42, tzinfo=UTC)
    shown = shown_moment(moment, LONDON)
    assert shown == "01/07/2025 21:05"
    assert read_moment(shown, moment + timedelta(hours=1), LONDON) == (moment.replace(second=0), None)
    assert read_day(shown_day(date(2015, 11, 7))) == (date(2015, 11, 7), None)
    assert shown_day(None) == "" and shown_moment(None, LONDON) == ""
