"""A run's clock: the real one, or set back to the scenario's weekday and time, in term time."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from rvr_desktop.training import start_clock
from rvr_desktop.training.scenario import CallClock
from rvr_desktop.training.scenario_clock import call_moment
from rvr_desktop.workflow.school_days import SchoolCalendar

CALENDAR = SchoolCalendar("Europe/London", time(8, 30), frozenset())


def test_a_scenario_without_a_clock_runs_on_the_real_clock(scenarios):
    real = datetime(2026, 3, 3, 9, 15, tzinfo=UTC)
    clock = start_clock(scenarios["standard-risk"], real, CALENDAR)
    assert clock.offset == timedelta(0)
    assert clock.now(real + timedelta(seconds=90)) == real + timedelta(seconds=90)


def test_the_friday_clock_goes_back_to_the_latest_friday_evening_and_keeps_ticking(scenarios):
    real = datetime(2026, 6, 10, 10, 0, tzinfo=UTC)  # a Wednesday, British Summer Time
    clock = start_clock(scenarios["friday-children"], real, CALENDAR)
    assert clock.now(real) == datetime(2026, 6, 5, 20, 40, tzinfo=UTC)  # 21:40 BST on Friday 5 June
    later = real + timedelta(minutes=3)
    assert clock.now(later) - clock.now(real) == timedelta(minutes=3)
    assert clock.to_real(clock.to_scenario(later)) == later


def test_on_friday_before_the_time_it_is_last_weeks_friday(scenarios):
    real = datetime(2025, 11, 14, 18, 0, tzinfo=UTC)
    assert call_moment(scenarios["friday-children"], real, CALENDAR) == datetime(2025, 11, 7, 21, 40, tzinfo=UTC)
    real = datetime(2025, 11, 14, 22, 0, tzinfo=UTC)
    assert call_moment(scenarios["friday-children"], real, CALENDAR) == datetime(2025, 11, 14, 21, 40, tzinfo=UTC)


def test_a_friday_before_a_holiday_is_skipped_so_the_notice_is_due_on_monday(scenarios, policy):
    # Half-term is 27-31 October 2025; the Friday before it (24 October) would
    # make the notice due on 3 November, so the clock picks 17 October.
    real = datetime(2025, 10, 29, 12, 0, tzinfo=UTC)
    moment = call_moment(scenarios["friday-children"], real, policy.encompass.calendar)
    assert moment == datetime(2025, 10, 17, 20, 40, tzinfo=UTC)  # 21:40 BST


def test_any_weekday_and_time_can_be_set(scenarios):
    scenario = replace(scenarios["standard-risk"], clock=CallClock(6, time(7, 5)))  # Sunday 07:05
    moment = call_moment(scenario, datetime(2026, 1, 7, 12, 0, tzinfo=UTC), CALENDAR)
    assert moment == datetime(2026, 1, 4, 7, 5, tzinfo=UTC)
    assert moment.date().weekday() == 6 and moment.date() == date(2026, 1, 4)
