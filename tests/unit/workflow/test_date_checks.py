"""Dates of birth, incident times, and reading typed dates."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from rvr_desktop.training.specimen_cases import CALL_AT
from rvr_desktop.workflow.date_checks import (
    age_on,
    check_date_of_birth,
    check_past_time,
    read_date,
)

TODAY = date(2025, 11, 4)


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
