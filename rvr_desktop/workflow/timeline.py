"""The case's timeline: when each milestone happened.

Worked out from the case rather than stored beside it, so it can never
disagree with the answers, invites and events it summarises.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from .outcome import OutcomeKind
from .safety import safety_confirmed_at
from .video import VideoEventKind, first_event

if TYPE_CHECKING:
    from .case import Case


@dataclass(frozen=True)
class Timeline:
    call_received: datetime | None = None
    safety_confirmed: datetime | None = None
    link_sent: datetime | None = None
    link_opened: datetime | None = None
    video_connected: datetime | None = None
    account_complete: datetime | None = None
    submitted: datetime | None = None


def timeline_of(case: Case) -> Timeline:
    connected = first_event(case.video_events, VideoEventKind.CONNECTED)
    outcome = case.outcome
    return Timeline(
        call_received=case.intake.call_received_at,
        safety_confirmed=safety_confirmed_at(case.safety),
        link_sent=_earliest(invite.sent_at for invite in case.link_invites),
        link_opened=_earliest(invite.opened_at for invite in case.link_invites),
        video_connected=connected.at if connected else None,
        account_complete=case.account.completed_at,
        submitted=outcome.at if outcome and outcome.kind is OutcomeKind.SUBMITTED else None,
    )


def _earliest(moments: Iterable[datetime | None]) -> datetime | None:
    known = [moment for moment in moments if moment is not None]
    return min(known) if known else None
