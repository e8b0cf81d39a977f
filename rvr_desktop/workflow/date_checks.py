"""Checks on the dates and times an officer types, and reading them.

The checks return a plain-words message when something is wrong and None
when it is fine; the readers return the value or the message (never both): a
mistyped date is normal input, not an exception. Nothing typed reads as
(None, None), "not recorded", which is no mistake.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from .times import as_utc, local_date

EARLIEST_BIRTH = date(1900, 1, 1)
# Times are typed to the minute, so a time in the current minute can be up to
# a minute ahead of the clock without being "in the future".
TYPING_TOLERANCE = timedelta(minutes=1)

# How a date and a moment are typed and shown: the same form both ways, so
# what the officer sees can be typed back unchanged.
DAY_FORMAT = "%d/%m/%Y"
MOMENT_FORMAT = "%d/%m/%Y %H:%M"

_UK_DATE = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})\s*$")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")


def check_date_of_birth(born: date, today: date) -> str | None:
    """Refuse a date of birth in the future or before 1900."""
    if born > today:
        return "A date of birth can't be in the future; check the year."
    if born < EARLIEST_BIRTH:
        return "A date of birth before 1900 can't be right; check the year."
    return None


def check_past_time(moment: datetime, now: datetime, what: str = "The incident time") -> str | None:
    """Refuse an incident or call time in the future (beyond typing to the minute)."""
    if as_utc(moment, what) > as_utc(now, "current time") + TYPING_TOLERANCE:
        return f"{what} can't be in the future; check the date and the time."
    return None


def read_date(typed: str) -> tuple[date | None, str | None]:
    """Read a date typed the British way (7/11/2025, 07-11-2025) or as 2025-11-07.

    Two-digit years are refused: '25' could be 1925 or 2025, and for a date
    of birth the difference matters.
    """
    iso = _ISO_DATE.match(typed)
    uk = _UK_DATE.match(typed)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
    elif uk:
        day, month, year = (int(part) for part in uk.groups())
        if len(uk[3]) != 4:
            return None, "Write the year in full, for example 2015 rather than 15."
    else:
        return None, "Write the date as day/month/year, for example 07/11/2015."
    try:
        return date(year, month, day), None
    except ValueError:
        return None, f"There is no such date as {day}/{month}/{year}; check the day and the month."


def read_day(typed: str) -> tuple[date | None, str | None]:
    """A date the officer typed (or cleared), or what is wrong with it."""
    return read_date(typed) if typed.strip() else (None, None)


def read_date_of_birth(typed: str, now: datetime, local: ZoneInfo) -> tuple[date | None, str | None]:
    """A date of birth typed at `now`, refused in the future (the force's today) or before 1900."""
    born, problem = read_day(typed)
    if born is not None:
        problem = check_date_of_birth(born, local_date(now, local))
    return (None, problem) if problem else (born, None)


def read_moment(typed: str, now: datetime, local: ZoneInfo) -> tuple[datetime | None, str | None]:
    """A moment typed as dd/mm/yyyy hh:mm on the force's clock at `now`, refused in the future."""
    if not typed.strip():
        return None, None
    day_part, _, time_part = typed.strip().partition(" ")
    day, problem = read_date(day_part)
    if day is None:
        return None, problem
    try:
        hours, minutes = (int(part) for part in time_part.strip().split(":"))
        moment = datetime(day.year, day.month, day.day, hours, minutes, tzinfo=local)
    except ValueError:
        return None, "Add the time as hours:minutes on the 24-hour clock, e.g. 21:05."
    problem = check_past_time(moment, now)
    return (None, problem) if problem else (moment, None)


def shown_day(day: date | None) -> str:
    """A date as the officer types it; '' when not recorded."""
    return day.strftime(DAY_FORMAT) if day else ""


def shown_moment(moment: datetime | None, local: ZoneInfo) -> str:
    """A moment on the force's clock as the officer types it, to the minute; '' when not recorded."""
    return moment.astimezone(local).strftime(MOMENT_FORMAT) if moment else ""


def age_on(born: date, day: date) -> int:
    """Age in whole years on `day`; someone born on 29 February turns a year older on 1 March."""
    had_birthday = (day.month, day.day) >= (born.month, born.day)
    return day.year - born.year - (0 if had_birthday else 1)
