"""Times in the workflow.

Every time held in a case is timezone-aware and kept in UTC, so an instant
means the same thing on every machine and across the clock changes. Rules that
depend on the wall clock (the start of the school day, the date of an
incident) convert to the force's zone only where they need to.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["UTC", "as_utc", "local_date", "spoken_date", "zone"]


def as_utc(moment: datetime, what: str = "time") -> datetime:
    """`moment` in UTC; a time without a zone is a programming error.

    A naive time would be read differently on a machine set to another zone,
    so it is refused rather than guessed.
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"The {what} has no time zone; the workflow only accepts timezone-aware times.")
    return moment.astimezone(UTC)


def zone(name: str) -> ZoneInfo:
    """The time zone called `name`, or a clear error if this computer has no data for it.

    Python reads zone data from the operating system, or from the `tzdata`
    package where the system has none (Windows).
    """
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(
            f"No time zone called {name!r} is known on this computer; check the name "
            "(and where the system has no zone data, as on Windows, install the 'tzdata' package)."
        ) from error


def local_date(moment: datetime, local: ZoneInfo) -> date:
    """The calendar date on the wall clock in `local` at `moment`."""
    return as_utc(moment).astimezone(local).date()


def spoken_date(day: date) -> str:
    """A date as an officer would say it: 'Monday 3 November 2025'."""
    return f"{day:%A} {day.day} {day:%B %Y}"
