"""The safeguarding advice given to the victim on the call."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass
class SafeguardingAdvice:
    """What was covered; `recorded_at` is set when the officer confirms the advice was given."""

    safety_plan: bool = False
    emergency_and_silent_call: bool = False
    local_services: bool = False
    notes: str = ""
    recorded_at: datetime | None = None

    def started(self) -> bool:
        return self != SafeguardingAdvice()
