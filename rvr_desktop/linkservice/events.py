"""What happened in one session, in order, for the officer's workstation.

Each event has a sequence number so a workstation whose stream dropped asks
for everything after the last one it saw and misses nothing. Subscribers are
only ever given their own session's log.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from datetime import datetime, timezone

# Kinds the workstation can rely on (see docs in rvr_desktop/video/events.py).
KINDS = frozenset({
    "text_sent", "text_delivered", "text_failed", "link_opened", "link_refused", "link_revoked",
    "joined", "left", "ended", "quality", "upload_received", "location_shared", "phone_call_requested",
})
KEPT = 2000  # a long call with quality reports every few seconds stays well inside this


class SessionEvents:
    """The event log of one session and the streams following it."""

    def __init__(self, clock=time.time) -> None:
        self._clock = clock
        self._log: deque[dict] = deque(maxlen=KEPT)
        self._next = 1
        self._followers: set[asyncio.Queue] = set()

    def record(self, kind: str, **fields) -> dict:
        assert kind in KINDS, kind
        at = datetime.fromtimestamp(self._clock(), timezone.utc).isoformat(timespec="milliseconds")
        event = {"seq": self._next, "kind": kind, "at": at, **fields}
        self._next += 1
        self._log.append(event)
        for queue in self._followers:
            queue.put_nowait(event)
        return event

    def after(self, seq: int) -> list[dict]:
        return [e for e in self._log if e["seq"] > seq]

    def follow(self) -> asyncio.Queue:
        queue: asyncio.Queue = asyncio.Queue()
        self._followers.add(queue)
        return queue

    def unfollow(self, queue: asyncio.Queue) -> None:
        self._followers.discard(queue)

    def close(self) -> None:
        """Wake every follower with None: the session is gone."""
        for queue in self._followers:
            queue.put_nowait(None)
        self._followers.clear()
