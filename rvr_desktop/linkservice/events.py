"""What happened in one session (or one trainer's console), in order, for the officer's workstation.

Each event has a sequence number so a workstation whose stream dropped asks
for everything after the last one it saw and misses nothing. Subscribers are
only ever given their own log: a session's or a console's.
"""

from __future__ import annotations

import asyncio
import time
from typing import Protocol
from collections import deque
from collections.abc import Callable
from datetime import datetime, UTC

from aiohttp import WSMsgType, web

# Kinds the workstation can rely on (see docs in rvr_desktop/video/events.py).
KINDS = frozenset({
    "text_sent", "text_delivered", "text_failed", "link_opened", "link_refused", "link_revoked",
    "joined", "left", "ended", "quality", "upload_received", "location_shared", "phone_call_requested",
    "admission_requested", "admission_decided", "quick_exit", "signing_asked", "signing_withdrawn", "statement_signed",
})
KEPT = 2000  # a long call with quality reports every few seconds stays well inside this
# The close code telling a follower its log is gone (session forgotten, console closed). The workstation's
# follower stops on it: it must equal rvr_desktop.video.events.LOG_GONE (a test checks they agree).
GONE = 4404
# The close code telling a follower the log moved to another instance of the service (hosting.py): the
# workstation's follower connects again, as after any dropped stream, and is given what it missed.
MOVED_CODE = 1012  # "service restart" in RFC 6455's registry
_MOVED = {"moved": True}  # what a follower's queue is given when the log moves


class SessionEvents:
    """An event log and the streams following it. `kinds` are the only kinds it may record, so a
    session's log and a console's never mix (a typo in a kind fails in the tests, not in the field).

    A log that is `changed` (a session's, kept in the store) tells its followers an event only once the
    store holds it (`kept_up_to`): a workstation is never told an event that a restart, or another
    instance taking the call up, would number again as something else."""

    def __init__(self, clock=time.time, kinds: frozenset[str] = KINDS,
                 counted: Callable[[str], None] | None = None, changed: Callable[[], None] | None = None) -> None:
        self._clock = clock
        self._kinds = kinds
        self._counted = counted  # told each event's kind only (the service's metrics)
        self._changed = changed  # told that there is something new to keep (the session store, store.py)
        self._log: deque[dict] = deque(maxlen=KEPT)
        self._next = 1
        self._followers: set[asyncio.Queue] = set()
        self._closed = False
        self._told = 0  # the last event followers were told (a kept log tells them once the store has it)

    def record(self, kind: str, **fields) -> dict:
        assert kind in self._kinds, kind
        at = datetime.fromtimestamp(self._clock(), UTC).isoformat(timespec="milliseconds")
        event = {"seq": self._next, "kind": kind, "at": at, **fields}
        self._next += 1
        self._log.append(event)
        if self._counted is not None:
            self._counted(kind)
        if self._changed is not None:
            self._changed()
        else:
            self._tell(event)
        return event

    def kept_up_to(self, seq: int) -> None:
        """The store holds every event up to `seq`: tell the followers those they have not been told."""
        for event in self.after(self._told):
            if event["seq"] > seq:
                break
            self._tell(event)

    def _tell(self, event: dict) -> None:
        self._told = event["seq"]
        for queue in self._followers:
            queue.put_nowait(event)

    def restore(self, kept: list[dict]) -> None:
        """Take back the events a store kept (after a restart), so numbering goes on where it stopped and a
        workstation asking for what came after its last one misses nothing and sees nothing twice."""
        self._log.extend(kept)
        if kept:
            self._next = kept[-1]["seq"] + 1
            self._told = kept[-1]["seq"]

    @property
    def first_kept(self) -> int:
        return self._log[0]["seq"] if self._log else self._next

    def after(self, seq: int) -> list[dict]:
        """Every event after `seq`, kept or not yet (what the store is to be given)."""
        return [e for e in self._log if e["seq"] > seq]

    def told_after(self, seq: int) -> list[dict]:
        """The events after `seq` that followers may be told: those the store holds."""
        return [e for e in self._log if seq < e["seq"] <= self._told]

    def follow(self) -> asyncio.Queue:
        queue: asyncio.Queue = asyncio.Queue()
        if self._closed:
            # Closed while this follower was still connecting: it learns at once, rather than waiting forever.
            queue.put_nowait(None)
        else:
            self._followers.add(queue)
        return queue

    def unfollow(self, queue: asyncio.Queue) -> None:
        self._followers.discard(queue)

    def close(self, moved: bool = False) -> None:
        """Wake every follower: the log's owner is gone, or (`moved`) another instance holds it now."""
        self._closed = True
        for queue in self._followers:
            queue.put_nowait(_MOVED if moved else None)
        self._followers.clear()


class SocketHolder(Protocol):
    """Whoever wants to reach an open stream's socket from outside (revocation.py's HeldSockets)."""

    def add(self, socket: web.WebSocketResponse) -> None: ...

    def discard(self, socket: web.WebSocketResponse) -> None: ...


async def stream(request: web.Request, events: SessionEvents, gone: str,
                 held_in: SocketHolder | None = None) -> web.WebSocketResponse:
    """`events` as a WebSocket of JSON messages, from `?after=SEQ` on, until the follower leaves or the log
    is closed (then the socket closes with code GONE and the reason `gone`). The socket is in `held_in` while
    it is open, so it can be closed from outside (revocation.py)."""
    try:
        after = int(request.query.get("after", "0"))
    except ValueError:
        after = 0
    socket = web.WebSocketResponse(heartbeat=20)
    await socket.prepare(request)
    if held_in is not None:
        held_in.add(socket)
    queue = events.follow()
    reader: asyncio.Future | None = None
    try:
        for event in events.told_after(after):
            await socket.send_json(event)
        reader = asyncio.ensure_future(socket.receive())
        while True:
            getter = asyncio.ensure_future(queue.get())
            done, _ = await asyncio.wait({getter, reader}, return_when=asyncio.FIRST_COMPLETED)
            if reader in done:
                getter.cancel()
                if reader.result().type in (WSMsgType.CLOSE, WSMsgType.CLOSING, WSMsgType.CLOSED, WSMsgType.ERROR):
                    break
                reader = asyncio.ensure_future(socket.receive())  # the workstation sends nothing else; ignore it
                continue
            event = getter.result()
            if event is None:
                await socket.close(code=GONE, message=gone.encode())
                break
            if event is _MOVED:
                await socket.close(code=MOVED_CODE, message=b"the call moved to another instance")
                break
            await socket.send_json(event)
    except ConnectionError:
        pass
    finally:
        if held_in is not None:
            held_in.discard(socket)
        events.unfollow(queue)
        if reader is not None and not reader.done():
            reader.cancel()
    return socket
