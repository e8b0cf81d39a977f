"""Following a video session's events, or a trainer's console's, from the workstation.

`follow_events` and `follow_console` block, so run them on a background
thread; each calls `on_event(dict)` for each event in order and reconnects by
itself after a drop, asking for everything after the last event it saw, so
none is missed or repeated. Each returns when `stop` is set or the session is
forgotten (the console closed).

Event kinds, each with "seq", "kind" and "at" (UTC ISO time):
  text_sent {invite_id, role, notification_id}   text_delivered {invite_id, role}
  text_failed {invite_id, role, status, message}  link_opened {invite_id, role, by_code}
  link_refused {invite_id, role, reason: in_use|expired|revoked|not_admitted}
  admission_requested {invite_id, role, request_id, why: other_device|after_quick_exit, holder_connected}
      (a device that is not the link's own tab opened it: it waits for the officer's answer; admitting it
      puts the link's own tab out of the call, which `holder_connected` says it is in now)
  admission_decided {invite_id, request_id, admitted, by: officer|timeout|another device admitted|...}
  link_refused also says reason too_many_waiting (three devices wait already); each link and reason is
      reported at most once a minute
  quick_exit {invite_id, role}  (Leave quickly was pressed: the link is locked)
  link_revoked {invite_id, role, reason}
  joined {role}  left {role, reason}  ended {by}
  quality {reporter, peer, rating: good|fair|poor, rtt_ms, loss_pct, fps, bitrate_kbps, width, height}
  upload_received {upload_id, from_role, media_type, sha256, size, received_at, repeated?}
      (repeated: the same bytes arrived again; same upload_id, held once, fetchable again if let go)
  location_shared {role, latitude, longitude, accuracy_m}
  phone_call_requested {role}
  signing_asked {role, request_id}  signing_withdrawn {role, request_id, reason}
  statement_signed {role, request_id, name, reference, digest}  (signed on that role's own page)

A trainer's console's kinds (practice mode):
  console_opened {}  (the trainer's page first loaded it)   fired {event_id, by: trainer|timetable}
"""

from __future__ import annotations

import asyncio
import logging
import ssl
import threading
from collections.abc import Callable, Coroutine
from urllib.parse import quote

import aiohttp

from .client import OFFICER_HEADER

log = logging.getLogger(__name__)
# The service closes a stream with this when its log is gone (session forgotten, console closed); it must
# equal rvr_desktop.linkservice.events.GONE (a test checks).
LOG_GONE = 4404


def follow_events(base_url: str, token: str, session_id: str, on_event: Callable[[dict], None],
                  stop: threading.Event, after: int = 0, verify: str | bool = True, officer: str = "") -> int:
    """Deliver events until `stop` is set or the session is forgotten; returns the last sequence number seen.
    `officer` names who is signed in on an enrolled workstation, as LinkServiceClient does."""
    url = _events_url(base_url, "sessions", session_id)
    return asyncio.run(_closing_gracefully(_follow(url, token, on_event, stop, after, verify, officer), url))


def follow_console(base_url: str, token: str, console_id: str, on_event: Callable[[dict], None],
                   stop: threading.Event, after: int = 0, verify: str | bool = True) -> int:
    """Deliver a trainer's console's events until `stop` is set or the console is closed; returns the last
    sequence number seen."""
    url = _events_url(base_url, "trainer-consoles", console_id)
    return asyncio.run(_closing_gracefully(_follow(url, token, on_event, stop, after, verify), url))


async def _closing_gracefully(following: Coroutine[None, None, int], url: str) -> int:
    try:
        return await following
    finally:
        if url.startswith("https://"):
            # aiohttp closes a TLS connection without waiting for its close to finish (aio-libs/aiohttp#1925,
            # and its client documentation's "Graceful Shutdown"): asyncio.run would close the loop under it and
            # leave the socket open. The stream runs on a thread of its own, so the moment costs nobody a wait.
            await asyncio.sleep(0.25)


def _events_url(base_url: str, collection: str, owner_id: str) -> str:
    return f"{base_url.rstrip('/')}/api/officer/{collection}/{quote(owner_id, safe='')}/events"


async def _follow(url: str, token: str, on_event, stop: threading.Event, after: int, verify: str | bool,
                  officer: str = "") -> int:
    ssl_option: ssl.SSLContext | bool = ssl.create_default_context(cafile=verify) if isinstance(verify, str) else verify
    pause = 0.5
    headers = {"Authorization": f"Bearer {token}", **({OFFICER_HEADER: officer} if officer else {})}
    async with aiohttp.ClientSession(headers=headers) as http:
        while not stop.is_set():
            try:
                async with http.ws_connect(url, params={"after": str(after)}, ssl=ssl_option, heartbeat=20) as socket:
                    pause = 0.5
                    closed_with = None
                    while not stop.is_set():
                        try:
                            message = await socket.receive(timeout=0.25)
                        except TimeoutError:
                            continue
                        if message.type == aiohttp.WSMsgType.TEXT:
                            event = message.json()
                            after = max(after, int(event.get("seq", after)))
                            on_event(event)
                        elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED,
                                              aiohttp.WSMsgType.ERROR):
                            # The service's own code is in its CLOSE frame; the socket's close_code can read 1006
                            # when the service drops the connection before our closing reply reaches it.
                            closed_with = message.data if message.type is aiohttp.WSMsgType.CLOSE else None
                            break
                    if LOG_GONE in (closed_with, socket.close_code):
                        return after
            except aiohttp.WSServerHandshakeError as exc:
                if exc.status in (401, 404):
                    log.warning("event stream refused (HTTP %s); not following", exc.status)
                    return after
            except (aiohttp.ClientError, OSError) as exc:
                log.info("event stream dropped (%s); reconnecting", type(exc).__name__)
            waited = 0.0
            while waited < pause and not stop.is_set():
                await asyncio.sleep(0.1)
                waited += 0.1
            pause = min(pause * 2, 5.0)
    return after
