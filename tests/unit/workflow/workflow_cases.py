"""Helpers shared by the workflow tests: London times. The case builder they
walk cases with is the product's own (rvr_desktop/training/specimen_cases.py),
which the benches and screenshots use too."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def london(*parts: int) -> datetime:
    """A wall-clock time in London, as an aware datetime."""
    return datetime(*parts, tzinfo=LONDON)
