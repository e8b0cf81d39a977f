"""The WebSocket each tab keeps open: presence, WebRTC signalling, and the
caller's location and requests.

A message can only ever be addressed to a role (officer, caller,
interpreter) and is looked up in the sender's own session, so there is no
way to name, let alone reach, a participant of another call.

Protocol (JSON text frames):

  tab -> service: hello {link, key} first; then join; signal {to, data};
                  quality {peer, rtt_ms, loss_pct, fps, bitrate_kbps, width, height};
                  location {latitude, longitude, accuracy_m}; phone-instead; end (officer only);
                  sign {request_id, name, digest[, reference]}; sign-show {request_id};
                  sign-away {request_id} (signing.py);
                  bye {reason}; ping
  service -> tab: welcome {you, ice_servers, ice_transport_policy[, via]};
                  joined {peers, ice_servers (with the relay's credential), ice_transport_policy}; peer-joined {role};
                  peer-left {role, reason}; signal {from, data}; ack {what}; ended {by};
                  revoked; refused {reason[, retry_after]}; error {code, message}; pong;
                  sign-request {request_id, statement, declaration, role}; sign-withdrawn {request_id}

A hello whose link is unknown and one whose link is real but whose key is not
the tab's get the same refusal (`unknown`): whoever holds a texted link but
not the tab that opened it learns nothing from the socket, not even whether a
call is going on. Only the tab holding the key hears that its call ended or
its link was revoked. Wrong hellos count in their own bucket (rate_limit.py).
"""

from __future__ import annotations

import asyncio
import json
import logging
import math

from aiohttp import WSMsgType, web

from . import links, signing
from .links import Role
from .events import MOVED_CODE
from .passing_on import PASSED_ON, TRIES, HostUnreachable, Sharing
from .rate_limit import Bucket
from .service import SERVICE, LinkService, Participant
from .sessions import UnknownSession

log = logging.getLogger(__name__)

HELLO_SECONDS = 10
CLOSE_SECONDS = 2  # how long a closing handshake may take before the socket is simply dropped
MAX_MESSAGE_BYTES = 64 * 1024  # an SDP offer with three media sections is under 10 KB
MESSAGES_PER_10_SECONDS = 300  # trickle ICE sends bursts, but not this many
LEAVE_REASONS = {"ended": "ended the call", "quick_exit": "quick exit", "closed": "closed the page",
                 "reloaded": "reloaded the page"}


async def participant_socket(request: web.Request) -> web.WebSocketResponse:
    service: LinkService = request.app[SERVICE]
    socket = web.WebSocketResponse(max_msg_size=MAX_MESSAGE_BYTES, heartbeat=20, timeout=CLOSE_SECONDS)
    await socket.prepare(request)
    hello = await _hello(socket)
    if hello is None:
        await socket.close()
        return socket
    if service.sharing is not None:
        try:
            if await _passed_on(service.sharing, request, socket, hello):
                return socket
        except service.sharing.failures as exc:  # where the call is cannot be known now: the tab tries again shortly
            log.error("could not find where a call is hosted (%s)", type(exc).__name__)
            await socket.close(code=MOVED_CODE, message=b"try again")
            return socket
    participant = await _greet(service, socket, service.asker(request), hello[0])
    if participant is None:
        await socket.close()
        return socket
    try:
        await _converse(service, participant)
    finally:
        # Free the seat and tell the others first: closing waits for the tab's reply.
        await service.release(participant, service.book.clock())
        await socket.close()
    return socket


async def _hello(socket: web.WebSocketResponse) -> tuple[dict, str] | None:
    """The tab's first message, which must be its hello, and its text; None (the tab told why) otherwise."""
    try:
        first = await socket.receive(timeout=HELLO_SECONDS)
    except TimeoutError:
        await _error(socket, "no_hello", "The page did not identify itself in time. Reload the page.")
        return None
    message = _parse(first)
    if not isinstance(message, dict) or message.get("type") != "hello":
        await _error(socket, "no_hello", "The page must say hello first. Reload the page.")
        return None
    return message, first.data


async def _passed_on(sharing: Sharing, request: web.Request, socket: web.WebSocketResponse,
                     hello: tuple[dict, str]) -> bool:
    """True when the call the hello names is hosted by another instance and the tab's socket was carried
    there until it closed (passing_on.py), or closed for the tab to try again; False to greet the tab here."""
    session_id = await sharing.session_of_link(str(hello[0].get("link", "")))
    if session_id is None:
        return False
    for _ in range(TRIES):
        host = await sharing.host_elsewhere(session_id)
        if host is None:
            return False
        if request.headers.get(PASSED_ON):
            break  # passed on here, and the call moved meanwhile: the tab tries again, never told "unknown"
        try:
            await sharing.pass_socket_on(request, socket, host, first=hello[1])
            return True
        except HostUnreachable:
            await sharing.hosting.wait_for_lapse(session_id)
    await socket.close(code=MOVED_CODE, message=b"try again")
    return True


async def _greet(service: LinkService, socket: web.WebSocketResponse, asker: str,
                 message: dict) -> Participant | None:
    """Check the hello names a link and the device key this tab was given for it."""
    invite = service.book.find(str(message.get("link", "")))
    if invite is None or not links.holds_now(invite, str(message.get("key", "")), service.book.clock()):
        # Only the tab that opened this link (and so holds its device key), and lately, may connect.
        wait = await service.limits.wrong(Bucket.HELLOS, asker)
        if wait:
            await _refuse(socket, "too_many_attempts", retry_after=wait)
        else:
            await _refuse(socket, links.Refusal.UNKNOWN)
        return None
    session = service.book.session(invite.session_id)
    if session.ended_at is not None:
        await _refuse(socket, links.Refusal.ENDED)
        return None
    if invite.revoked_at is not None:
        await _refuse(socket, links.Refusal.REVOKED)
        return None
    earlier = service.participant(session, invite.role)
    if earlier is not None:
        # The same tab reconnecting (its network dropped): the new socket replaces the stale one.
        earlier.leaving_reason = "reconnected"
        await earlier.socket.close(code=4003)
        await service.release(earlier, service.book.clock())
    participant = Participant(session, invite, socket)
    session.connected[invite.role] = participant
    links.tab_connected(invite)
    await participant.send({"type": "welcome", "you": invite.role.value, "ice_servers": service.ice_servers(),
                            "ice_transport_policy": service.ice_transport_policy, **service.via})
    return participant


async def _converse(service: LinkService, participant: Participant) -> None:
    recent: list[float] = []
    loop = asyncio.get_running_loop()
    async for frame in participant.socket:
        if frame.type != WSMsgType.TEXT:
            await _error(participant.socket, "not_text", "Only JSON text messages are understood.")
            continue
        now = loop.time()
        recent = [t for t in recent if now - t < 10] + [now]
        if len(recent) > MESSAGES_PER_10_SECONDS:
            await _error(participant.socket, "flooding", "Too many messages; this connection was closed. "
                                                         "The call can be joined again.")
            break
        message = _parse(frame)
        if not isinstance(message, dict) or not isinstance(message.get("type"), str):
            await _error(participant.socket, "malformed_json", "That message was not a JSON object with a type; "
                                                               "it was ignored and the call goes on.")
            continue
        handler = _HANDLERS.get(message["type"])
        if handler is None:
            await _error(participant.socket, "unknown_type", f"'{message['type'][:40]}' is not a message this "
                                                             "service knows; it was ignored.")
            continue
        if not participant.in_call and message["type"] not in _BEFORE_JOINING:
            await _error(participant.socket, "not_joined", "Join the call first.")
            continue
        if await handler(service, participant, message) is False:
            break


async def _join(service: LinkService, participant: Participant, message: dict) -> None:
    # One tab joins (or leaves) at a time, answers and all: two tabs back at the same moment must never both
    # hear the other is already in, or both that it joined after, or each waits for the other to offer.
    async with participant.session.comings_and_goings:
        await _join_now(service, participant)


async def _join_now(service: LinkService, participant: Participant) -> None:
    session = participant.session
    if not participant.in_call:
        participant.in_call = True
        session.events.record("joined", role=participant.role.value)
    # Everyone already in the call waits for the newcomer's offer; the newcomer
    # offers to each of them. One side always offers, so offers never cross.
    peers = [p.role.value for p in session.connected.values() if p is not participant and p.in_call]
    # The relay's credential only now, fresh at every join: a tab back after a dropped network joins again
    # and is not left with an expired one.
    await participant.send({"type": "joined", "peers": peers, "ice_servers": service.ice_servers(with_relay=True),
                            "ice_transport_policy": service.ice_transport_policy})
    await service.tell_call(session, {"type": "peer-joined", "role": participant.role.value}, but=participant)


async def _signal(service: LinkService, participant: Participant, message: dict) -> None:
    to, data = message.get("to"), message.get("data")
    if not isinstance(to, str) or to not in Role._value2member_map_ or to == participant.role.value \
            or not isinstance(data, dict):
        await _error(participant.socket, "bad_signal", "A signal must name another participant of this call "
                                                       "(officer, caller or interpreter) and carry an object.")
        return
    target = service.participant(participant.session, Role(to))
    if target is None or not target.in_call:
        await _error(participant.socket, "peer_absent", f"The {to} is not in the call now.")
        return
    await target.send({"type": "signal", "from": participant.role.value, "data": data})


def _number(value, low: float, high: float) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return value if low <= value <= high else None


_QUALITY_FIELDS = {"rtt_ms": (0, 60000), "loss_pct": (0, 100), "fps": (0, 240), "bitrate_kbps": (0, 1e6),
                   "width": (0, 10000), "height": (0, 10000)}


async def _quality(service: LinkService, participant: Participant, message: dict) -> None:
    peer = message.get("peer")
    if peer not in Role._value2member_map_:
        await _error(participant.socket, "bad_quality", "A quality report must name the peer it is about.")
        return
    figures = {name: _number(message.get(name), *bounds) for name, bounds in _QUALITY_FIELDS.items()}
    rating = message.get("rating") if message.get("rating") in ("good", "fair", "poor") else None
    participant.session.events.record("quality", reporter=participant.role.value, peer=peer, rating=rating,
                                      **{k: v for k, v in figures.items() if v is not None})


async def _location(service: LinkService, participant: Participant, message: dict) -> None:
    latitude = _number(message.get("latitude"), -90, 90)
    longitude = _number(message.get("longitude"), -180, 180)
    accuracy = _number(message.get("accuracy_m"), 0, 1e7)
    if latitude is None or longitude is None:
        await _error(participant.socket, "bad_location", "The location could not be read; nothing was sent. "
                                                         "Try again, or tell the officer where you are.")
        return
    participant.session.events.record("location_shared", role=participant.role.value, latitude=latitude,
                                      longitude=longitude, accuracy_m=accuracy)
    await participant.send({"type": "ack", "what": "location"})


async def _phone_instead(service: LinkService, participant: Participant, message: dict) -> None:
    participant.session.events.record("phone_call_requested", role=participant.role.value)
    await participant.send({"type": "ack", "what": "phone-instead"})


async def _end(service: LinkService, participant: Participant, message: dict) -> bool | None:
    if participant.role is not Role.OFFICER:
        # A caller or interpreter ending leaves the call; only the officer ends it for everyone.
        return await _bye(service, participant, {"reason": "ended"})
    await service.end_call(participant.session, by="officer")
    return False


async def _bye(service: LinkService, participant: Participant, message: dict) -> bool:
    participant.leaving_reason = LEAVE_REASONS.get(str(message.get("reason")), "left")
    if message.get("reason") == "quick_exit":
        service.quick_exit(participant.invite)
    return False


async def _ping(service: LinkService, participant: Participant, message: dict) -> None:
    await participant.send({"type": "pong"})


async def _hello_again(service: LinkService, participant: Participant, message: dict) -> None:
    await _error(participant.socket, "already_greeted", "This connection is already identified.")


_HANDLERS = {"join": _join, "signal": _signal, "quality": _quality, "location": _location,
             "phone-instead": _phone_instead, "end": _end, "bye": _bye, "ping": _ping, "hello": _hello_again,
             "sign": signing.sign, "sign-show": signing.show_again, "sign-away": signing.away}
# A caller may ask for a phone call or leave from the consent or camera screens.
_BEFORE_JOINING = {"join", "phone-instead", "bye", "ping", "hello", "end"}


def _parse(frame) -> object:
    if frame.type != WSMsgType.TEXT:
        return None
    try:
        return json.loads(frame.data)
    except ValueError:
        return None


async def _error(socket: web.WebSocketResponse, code: str, message: str) -> None:
    if not socket.closed:
        await socket.send_str(json.dumps({"type": "error", "code": code, "message": message}))


async def _refuse(socket: web.WebSocketResponse, reason: str, **extra) -> None:
    if not socket.closed:
        await socket.send_str(json.dumps({"type": "refused", "reason": str(reason), **extra}))
    return None


async def participant_gone(service: LinkService, link: str, key: str, reason: str) -> bool:
    """A tab said, as it unloaded, that it is leaving (see caller_api.leave)."""
    invite = service.book.find(link)
    if invite is None:
        return False
    try:
        session = service.book.session(invite.session_id)
    except UnknownSession:
        return False
    if not links.holds(invite, key):
        return False
    participant = service.participant(session, invite.role)
    if reason == "quick_exit":
        # Locked before the socket closes, so not even a reconnect in between slips through.
        service.quick_exit(invite)
    if participant is not None and participant.invite is invite:
        participant.leaving_reason = participant.leaving_reason or LEAVE_REASONS.get(reason, "left")
        await participant.socket.close()
    return True
