"""Operation Encompass: due before the start of the next school day, and who counts."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from workflow_cases import LONDON, london

from rvr_desktop.workflow.account import Child
from rvr_desktop.workflow.encompass import (
    EncompassRules,
    encompass_notices,
    police_aware_at,
)
from rvr_desktop.workflow.school_days import SchoolCalendar, next_school_day_start
from rvr_desktop.workflow.times import UTC

# Holidays for these tests only, so each row shows its own reason.
CALENDAR = SchoolCalendar(
    holidays=frozenset(
        {
            date(2025, 5, 5),  # early May bank holiday (a Monday)
            date(2025, 11, 12),  # a Wednesday training day
            *(date(2025, 12, 22) + timedelta(days=n) for n in range(12)),  # 22 Dec to 2 Jan
        }
    )
)


@pytest.mark.parametrize(
    ("incident", "due"),
    [
        pytest.param(london(2025, 11, 7, 21, 0), london(2025, 11, 10, 8, 30), id="Friday evening -> Monday"),
        pytest.param(london(2025, 11, 8, 10, 0), london(2025, 11, 10, 8, 30), id="Saturday -> Monday"),
        pytest.param(london(2025, 11, 9, 23, 59), london(2025, 11, 10, 8, 30), id="Sunday night -> Monday"),
        pytest.param(london(2025, 11, 10, 7, 0), london(2025, 11, 10, 8, 30), id="Monday 07:00 -> same morning"),
        pytest.param(london(2025, 11, 10, 8, 29, 59), london(2025, 11, 10, 8, 30), id="a second before the start"),
        pytest.param(london(2025, 11, 10, 8, 30), london(2025, 11, 11, 8, 30), id="at the start -> next day"),
        pytest.param(london(2025, 11, 10, 13, 0), london(2025, 11, 11, 8, 30), id="during school -> next day"),
        pytest.param(london(2025, 11, 11, 20, 0), london(2025, 11, 13, 8, 30), id="evening before a holiday"),
        pytest.param(london(2025, 5, 2, 21, 0), london(2025, 5, 6, 8, 30), id="Friday before a bank holiday"),
        pytest.param(london(2025, 12, 19, 18, 0), london(2026, 1, 5, 8, 30), id="into the Christmas holiday"),
        pytest.param(london(2025, 12, 25, 12, 0), london(2026, 1, 5, 8, 30), id="in the holiday"),
        pytest.param(london(2025, 10, 25, 22, 0), london(2025, 10, 27, 8, 30), id="BST Saturday -> GMT Monday"),
        pytest.param(london(2025, 3, 29, 20, 0), london(2025, 3, 31, 8, 30), id="GMT Saturday -> BST Monday"),
        pytest.param(
            datetime(2025, 10, 26, 1, 30, fold=1, tzinfo=LONDON), london(2025, 10, 27, 8, 30),
            id="in the repeated hour",
        ),
    ],
)
def test_due_before_the_start_of_the_next_school_day(incident: datetime, due: datetime):
    found = next_school_day_start(incident, CALENDAR)
    assert found == due
    assert found.tzinfo is UTC
    assert found.astimezone(LONDON).time() == time(8, 30)


@pytest.mark.parametrize(
    ("incident", "utc_due"),
    [
        (london(2025, 10, 25, 22, 0), datetime(2025, 10, 27, 8, 30, tzinfo=UTC)),  # GMT: 08:30 is 08:30 UTC
        (london(2025, 3, 29, 20, 0), datetime(2025, 3, 31, 7, 30, tzinfo=UTC)),  # BST: 08:30 is 07:30 UTC
    ],
)
def test_the_clock_change_moves_the_deadline_in_utc(incident, utc_due):
    assert next_school_day_start(incident, CALENDAR) == utc_due


def test_the_school_day_start_is_policy():
    later = SchoolCalendar(day_starts_at=time(9, 0))
    assert next_school_day_start(london(2025, 11, 10, 8, 45), later) == london(2025, 11, 10, 9, 0)


def test_a_calendar_with_no_school_days_is_an_error():
    every_day = frozenset(date(2025, 1, 1) + timedelta(days=n) for n in range(800))
    with pytest.raises(ValueError, match="no school day"):
        next_school_day_start(london(2025, 6, 1, 12, 0), SchoolCalendar(holidays=every_day))


def test_a_time_without_a_zone_is_refused():
    with pytest.raises(ValueError, match="time zone"):
        next_school_day_start(datetime(2025, 11, 7, 21, 0), CALENDAR)


def test_the_shipped_calendar_skips_half_term(policy):
    # Friday 24 October 2025, before the example autumn half-term (27 to 31 October).
    due = next_school_day_start(london(2025, 10, 24, 19, 0), policy.encompass.calendar)
    assert due == london(2025, 11, 3, 8, 30)


def test_the_clock_runs_from_when_police_learned_of_it():
    incident, reported = london(2025, 11, 7, 21, 0), london(2025, 11, 10, 10, 0)
    assert police_aware_at(incident, reported) == reported
    assert police_aware_at(reported, None) == reported
    assert police_aware_at(None, None) is None
    rules = EncompassRules(CALENDAR)
    [notice] = encompass_notices([Child(name="Ava", date_of_birth=date(2015, 1, 1))], incident, reported, rules)
    assert notice.due_at == london(2025, 11, 11, 8, 30)


INCIDENT = london(2025, 11, 7, 21, 0)


def _born(years: int, days_later: int = 0) -> date:
    """Born so as to turn `years` old `days_later` days after the incident date."""
    day = INCIDENT.date() + timedelta(days=days_later)
    return day.replace(year=day.year - years)


@pytest.mark.parametrize(
    ("born", "notified"),
    [
        pytest.param(_born(4), True, id="4 today: reception age"),
        pytest.param(_born(4, days_later=1), False, id="turns 4 tomorrow"),
        pytest.param(_born(10), True, id="10"),
        pytest.param(_born(18, days_later=1), True, id="17, 18 tomorrow"),
        pytest.param(_born(18), False, id="18 today"),
        pytest.param(None, True, id="date of birth unknown"),
    ],
)
def test_school_age_runs_from_reception_to_17(born, notified):
    child = Child(name="Kai", date_of_birth=born, school="Hillside Primary")
    notices = encompass_notices([child], INCIDENT, INCIDENT, EncompassRules(CALENDAR))
    assert bool(notices) is notified


def test_an_unknown_age_asks_for_the_date_of_birth():
    [notice] = encompass_notices([Child(name="Kai")], INCIDENT, INCIDENT, EncompassRules(CALENDAR))
    assert "record the date of birth" in notice.reason
    assert notice.due_at == london(2025, 11, 10, 8, 30)


def test_a_child_born_on_29_february_has_a_birthday_on_1_march_in_other_years():
    rules = EncompassRules(CALENDAR, first_school_age=5)
    leapling = Child(name="Lee", date_of_birth=date(2020, 2, 29))
    assert encompass_notices([leapling], london(2025, 2, 28, 12, 0), None, rules) == []
    assert encompass_notices([leapling], london(2025, 3, 1, 12, 0), None, rules) != []
    assert encompass_notices([leapling], london(2024, 2, 29, 12, 0), None, EncompassRules(CALENDAR)) != []


def test_age_is_taken_on_the_incident_date_not_the_report_date():
    turns_4_on_report = Child(name="Ola", date_of_birth=date(2021, 11, 10))
    rules = EncompassRules(CALENDAR)
    assert encompass_notices([turns_4_on_report], INCIDENT, london(2025, 11, 10, 9, 0), rules) == []


@pytest.mark.parametrize(
    ("lives_there", "present", "notified"),
    [(True, None, True), (None, True, True), (False, True, True), (True, False, True), (None, None, True),
     (False, False, False)],
)
def test_only_a_child_neither_living_there_nor_present_is_left_out(lives_there, present, notified):
    child = Child(name="Kai", date_of_birth=_born(9), lives_with_victim=lives_there, present=present)
    assert bool(encompass_notices([child], INCIDENT, INCIDENT, EncompassRules(CALENDAR))) is notified


def test_school_ages_are_policy():
    rules = EncompassRules(CALENDAR, first_school_age=5, last_school_age=16)
    children = [Child(date_of_birth=_born(4)), Child(date_of_birth=_born(5)), Child(date_of_birth=_born(17))]
    assert [notice.child for notice in encompass_notices(children, INCIDENT, INCIDENT, rules)] == [children[1]]
