"""The response clock: from the call coming in to video contact, against the target.

The clock stops at the first of: video connected, carrying on by phone, the
caller being unreachable, or escalation. Only video contact can meet the
target. For an escalated caller the target doesn't apply (it is for callers
who are safe), so the clock reads "not applicable" rather than "breached".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import TYPE_CHECKING

from .outcome import OutcomeKind
from .times import as_utc
from .video import VideoEventKind, first_event

if TYPE_CHECKING:
    from .case import Case


class ClockState(Enum):
    NOT_STARTED = "not started"
    RUNNING = "running"
    MET = "met"
    BREACHED = "breached"
    STOPPED_WITHOUT_VIDEO = "stopped without video"
    NOT_APPLICABLE = "not applicable"


@dataclass(frozen=True)
class ResponseClock:
    """The clock's reading at `now`, for the screen to show."""

    state: ClockState
    target: timedelta
    elapsed: timedelta = timedelta(0)
    stopped_at: datetime | None = None

    @property
    def remaining(self) -> timedelta:
        """Time left before the target; zero once it has passed."""
        return max(self.target - self.elapsed, timedelta(0))

    @property
    def met(self) -> bool:
        return self.state is ClockState.MET

    @property
    def breached(self) -> bool:
        return self.state is ClockState.BREACHED


def read_response_clock(case: Case, target: timedelta, now: datetime) -> ResponseClock:
    """Where the clock stands at `now` for this case."""
    started = case.intake.call_received_at
    if started is None:
        return ResponseClock(ClockState.NOT_STARTED, target)
    if case.outcome is not None and case.outcome.kind is OutcomeKind.ESCALATED:
        return ResponseClock(ClockState.NOT_APPLICABLE, target, stopped_at=case.outcome.at)
    stop, by_video = _stop(case)
    end = stop or as_utc(now, "current time")
    # A clock set wrong by a minute must not show time running backwards.
    elapsed = max(end - as_utc(started), timedelta(0))
    if elapsed > target:
        state = ClockState.BREACHED
    elif stop is None:
        state = ClockState.RUNNING
    else:
        state = ClockState.MET if by_video else ClockState.STOPPED_WITHOUT_VIDEO
    return ResponseClock(state, target, elapsed, stop)


def _stop(case: Case) -> tuple[datetime | None, bool]:
    """When the clock stopped, and whether it was video contact that stopped it."""
    connected = first_event(case.video_events, VideoEventKind.CONNECTED)
    by_phone = first_event(case.video_events, VideoEventKind.CONTINUED_BY_PHONE)
    unreachable = case.outcome.at if case.outcome and case.outcome.kind is OutcomeKind.CALLER_UNREACHABLE else None
    stops = [(event.at, event is connected) for event in (connected, by_phone) if event is not None]
    if unreachable is not None:
        stops.append((unreachable, False))
    # On a tie, video contact wins: the caller did get video in time.
    return min(stops, key=lambda stop: (stop[0], not stop[1])) if stops else (None, False)


def _minutes(span: timedelta) -> str:
    seconds = int(span.total_seconds())
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


# What the clock measures, in the words on screen: DOMAIN.md's target is video contact within 3 minutes of
# the hand-over, which the hand-over step records as the time the call was received.
MEASURES = "Hand-over to video"


def clock_words(reading: ResponseClock) -> str:
    """The clock's line for the officer: what it measures, how far it has run, against which target."""
    target = _minutes(reading.target)
    if reading.state is ClockState.NOT_STARTED:
        return f"{MEASURES}: starts at the call's received time (target {target})"
    if reading.state is ClockState.NOT_APPLICABLE:
        return f"{MEASURES}: not applicable (escalated)"
    return f"{MEASURES} {_minutes(reading.elapsed)} of {target} — {reading.state.value}"
