"""The safeguarding advice given to the victim on the call."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .answers import Answer


@dataclass
class SafeguardingAdvice:
    """What was covered; `recorded_at` is set when the officer confirms the advice was given."""

    safety_plan: bool = False
    emergency_and_silent_call: bool = False
    local_services: bool = False
    notes: str = ""
    # What the referral forms must say before they are sent: the victim's
    # consent to share, or the officer's grounds for sharing without it.
    consent_to_share: Answer | None = None
    grounds_to_share_without_consent: str = ""
    # Whether the victim knows a MARAC referral is made and, if not, why not
    # (SafeLives' referral form asks both): the coordinator must know before
    # an agency contacts her about it.
    victim_aware_of_referral: Answer | None = None
    why_not_aware: str = ""
    recorded_at: datetime | None = None

    def started(self) -> bool:
        return self != SafeguardingAdvice()
