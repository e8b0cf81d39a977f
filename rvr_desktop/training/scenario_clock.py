"""The clock a practice run keeps.

Most scenarios run on the real clock: the call comes in when the trainer
starts the run. A scenario that fixes its call's weekday and time (two
children present late on a Friday, so Operation Encompass is due on Monday)
runs on a clock set back to the most recent such moment and then ticking at
the normal rate: every time the workstation records is on that clock, so
the response clock, the deadlines and every "before" and "after" come out
as they would on the day. Times other services report (the link service's
delivery and joining times) are moved onto it with `to_scenario`.

The moment chosen is in term time on the force's school calendar when it
can be (no holiday between the call and the next school day), so a Friday
scenario's notice is due on the Monday, not after half-term.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from rvr_desktop.workflow.school_days import SchoolCalendar, next_school_day_start
from rvr_desktop.workflow.times import as_utc

from .scenario import Scenario

# How far back to look for a week in term time before settling for the latest.
_WEEKS_TO_SEARCH = 52


@dataclass(frozen=True)
class ScenarioClock:
    """Scenario time is real time plus `offset` (zero, or some days back)."""

    offset: timedelta = timedelta(0)

    def now(self, real: datetime | None = None) -> datetime:
        """The scenario's time now (or at the real moment `real`), in UTC."""
        return self.to_scenario(real or datetime.now(UTC))

    def to_scenario(self, real: datetime) -> datetime:
        return as_utc(real) + self.offset

    def to_real(self, scenario_time: datetime) -> datetime:
        return as_utc(scenario_time) - self.offset


def start_clock(scenario: Scenario, real_now: datetime, calendar: SchoolCalendar) -> ScenarioClock:
    """The clock for a run started at `real_now`: the call comes in at the clock's "now"."""
    return ScenarioClock(call_moment(scenario, real_now, calendar) - as_utc(real_now))


def call_moment(scenario: Scenario, real_now: datetime, calendar: SchoolCalendar) -> datetime:
    """When a run started at `real_now` takes its call, in UTC."""
    real_now = as_utc(real_now)
    if scenario.clock is None:
        return real_now
    local_zone = calendar.zone
    today = real_now.astimezone(local_zone).date()
    day = today - timedelta(days=(today.weekday() - scenario.clock.weekday) % 7)
    latest = datetime.combine(day, scenario.clock.at, tzinfo=local_zone)
    if latest > real_now:
        latest -= timedelta(days=7)
    for weeks in range(_WEEKS_TO_SEARCH):
        moment = _same_wall_clock(latest, -weeks * 7)
        if not _holiday_before_next_school_day(moment, calendar):
            return as_utc(moment)
    return as_utc(latest)


def _same_wall_clock(moment: datetime, days: int) -> datetime:
    # Moving by calendar days on the wall clock keeps 21:40 at 21:40 across
    # a change between GMT and BST.
    return datetime.combine(moment.date() + timedelta(days=days), moment.timetz())


def _holiday_before_next_school_day(moment: datetime, calendar: SchoolCalendar) -> bool:
    due = next_school_day_start(moment, calendar).astimezone(calendar.zone).date()
    day: date = moment.date()
    while day <= due:
        if day.weekday() < 5 and day in calendar.holidays:
            return True
        day += timedelta(days=1)
    return False
