"""What happened on the call: connected, failed, interpreter in, carried on by phone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum


class VideoEventKind(Enum):
    CONNECTED = "connected"
    DISCONNECTED = "disconnected"
    FAILED = "failed"
    CONTINUED_BY_PHONE = "continued_by_phone"
    INTERPRETER_JOINED = "interpreter_joined"
    INTERPRETER_LEFT = "interpreter_left"
    LOCATION_SHARED = "location_shared"
    ENDED = "ended"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


@dataclass
class VideoEvent:
    """One moment on the call, with a note in the officer's words."""

    kind: VideoEventKind
    at: datetime
    note: str = ""


def first_event(events: list[VideoEvent], kind: VideoEventKind) -> VideoEvent | None:
    matching = [event for event in events if event.kind is kind]
    return min(matching, key=lambda event: event.at) if matching else None
