"""School days, and the start of the next one, on the wall clock in England."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .times import UTC, as_utc, zone

# Long enough to cross the summer holiday; a calendar with no school day in a
# year is a broken policy file, not a long holiday.
_SEARCH_DAYS = 366


@dataclass(frozen=True)
class SchoolCalendar:
    """When school days start, and which weekdays are holidays.

    Holidays vary by local authority and by school; the force keeps the list.
    A missing holiday only makes a deadline earlier than it need be, never
    later, so an out-of-date list errs on the safe side.
    """

    zone_name: str = "Europe/London"
    day_starts_at: time = time(8, 30)
    holidays: frozenset[date] = field(default_factory=frozenset)

    @property
    def zone(self) -> ZoneInfo:
        """The force's wall clock, which school days and every local date in a case are read on."""
        return zone(self.zone_name)

    def is_school_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.holidays


def next_school_day_start(after: datetime, calendar: SchoolCalendar) -> datetime:
    """The start of the first school day that begins strictly after `after`, in UTC.

    The rule: take the wall-clock date of `after`; if it is a school day whose
    start is still to come, that is the answer (an incident at 07:00 on a
    Tuesday is due before 08:30 that Tuesday). Otherwise move a day at a time,
    skipping weekends and holidays. An incident exactly at the start time, or
    during the school day, is due before the next school day: the school is
    already open and the notice can't reach it "before the start".

    The start is worked out on the wall clock, so 08:30 stays 08:30 across
    the change between GMT and BST.
    """
    after = as_utc(after)
    local_zone = calendar.zone
    day = after.astimezone(local_zone).date()
    for _ in range(_SEARCH_DAYS):
        if calendar.is_school_day(day):
            start = datetime.combine(day, calendar.day_starts_at, tzinfo=local_zone).astimezone(UTC)
            if start > after:
                return start
        day += timedelta(days=1)
    raise ValueError("The school calendar has no school day in the coming year; check the holiday list.")
