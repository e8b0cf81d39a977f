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
    # The caller pressed Leave quickly: they may not be safe (the link service locked the link).
    LEFT_QUICKLY = "left_quickly"
    # The link was opened again on a device that was not the caller's tab; the officer decided.
    DEVICE_ADMITTED = "device_admitted"
    DEVICE_REFUSED = "device_refused"
    ENDED = "ended"

    @property
    def label(self) -> str:
        return _LABELS.get(self, self.value.replace("_", " "))


_LABELS = {
    VideoEventKind.LEFT_QUICKLY: "caller left with Leave quickly",
    VideoEventKind.DEVICE_ADMITTED: "another device admitted to the caller's link",
    VideoEventKind.DEVICE_REFUSED: "another device refused the caller's link",
}


@dataclass
class VideoEvent:
    """One moment on the call, with a note in the officer's words."""

    kind: VideoEventKind
    at: datetime
    note: str = ""


def first_event(events: list[VideoEvent], kind: VideoEventKind) -> VideoEvent | None:
    matching = [event for event in events if event.kind is kind]
    return min(matching, key=lambda event: event.at) if matching else None
