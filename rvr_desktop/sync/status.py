"""Where the outbox stands, for the status bar; light, so the window can import it at start-up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class OutboxStatus:
    """What the status bar shows. `online` is None until the records system has been tried;
    `paused` is True while nothing can be sent until a person acts (`problem` says why)."""

    online: bool | None
    paused: bool
    waiting: int
    needs_attention: int
    last_delivered_utc: str | None
    next_attempt_at: datetime | None
    problem: str
