"""Checks on the dates and times an officer types.

They return a plain-words message when something is wrong and None when it
is fine: a mistyped date is normal input, not an exception.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from .times import as_utc

EARLIEST_BIRTH = date(1900, 1, 1)
# Times are typed to the minute, so a time in the current minute can be up to
# a minute ahead of the clock without being "in the future".
TYPING_TOLERANCE = timedelta(minutes=1)

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


def age_on(born: date, day: date) -> int:
    """Age in whole years on `day`; someone born on 29 February turns a year older on 1 March."""
    had_birthday = (day.month, day.day) >= (born.month, born.day)
    return day.year - born.year - (0 if had_birthday else 1)
