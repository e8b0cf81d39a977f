"""Requests about a call another instance hosts, passed on to it (hosting.py), when a force runs several
link services on one Redis.

The load balancer sends each request, and each tab's socket, wherever it likes. The instance it reaches
works out which call it is about (the session in the path; the link or code in a claim or a leave; the
link an upload or a socket's hello carries, looked up by digest in Redis) and:

- serves it itself when it hosts the call, or no live instance does (it takes the call up first);
- otherwise passes it on to the host, as a reverse proxy would, adding the peer it came from to
  `X-Forwarded-For` (so the other instances must be in `[server] trusted_proxies`, as the balancer is),
  and streams the socket both ways until either side closes it.

Everything a request carries is checked again by the host: passing on grants nothing. A request passed on
is marked, so it is never passed on a second time: if the host changed meanwhile it is answered "try
again" (503), which the pages and the workstation do by themselves.

When the host stops answering (it died), the request waits for its lease to lapse and the instance it
reached takes the call up and serves it; a socket passed on is closed with 1012 (service restart), and the
tab connects again, by itself, to whichever instance takes the call up.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

import aiohttp
from aiohttp import WSMsgType, web
from . import codes, tokens
from .events import MOVED_CODE
from .replies import MAX_JSON_BYTES, PEEKED_BODY, read_at_most, refuse

if TYPE_CHECKING:
    from .redis_store import RedisStore
    from .sessions import SessionBook

log = logging.getLogger(__name__)

PASSED_ON = "X-RVR-Passed-On"
# Headers that belong to one connection, not to the request (RFC 9110 section 7.6.1), and the ones the
# client works out again for what it sends.
_NOT_PASSED = frozenset({"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
                         "trailer", "transfer-encoding", "upgrade", "host", "content-length",
                         "sec-websocket-key", "sec-websocket-version", "sec-websocket-extensions",
                         "sec-websocket-accept"})
_BODY_NAMES_THE_CALL = ("/api/claim", "/api/leave")


class HostUnreachable(Exception):
    """The instance holding the call's lease did not answer."""


class HostRefused(Exception):
    """The host answered a socket's opening with a refusal (its status), as it would any request."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


TRIES = 3  # a call looked for this many times (its host gone each time) before the request is told to try again


class Sharing:
    """This instance's part in a force's several: where each call is, and passing on what is not here."""

    def __init__(self, store: RedisStore, book: SessionBook, instance_id: str, instance_url: str,
                 lost: Callable[[list[str]], Awaitable[None]], count: Callable[[str], None]) -> None:
        # Imported here, with everything else of Redis (server.py), so a workstation's own service never loads it.
        from redis.exceptions import RedisError

        from .hosting import Hosting

        self.store, self.book = store, book
        self._count = count  # told "request" or "socket" for each passed on (metrics.py)
        self.hosting = Hosting(store.client, instance_id, instance_url, lost, self.held)
        self._client: aiohttp.ClientSession | None = None
        self._taking_up: dict[str, asyncio.Lock] = {}  # calls being taken up now, each taken once
        # What leaves a call's whereabouts unknown for now: Redis not answering, or the host not answering.
        self.failures: tuple[type[Exception], ...] = (RedisError, HostUnreachable)

    @property
    def client(self) -> aiohttp.ClientSession:
        if self._client is None:  # made on the service's loop, at its first use
            # No limit on connections: each tab's socket passed on holds one for as long as its call lasts,
            # and the client's default of 100 would leave the 101st tab waiting for a call to end.
            self._client = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=0), auto_decompress=False,
                timeout=aiohttp.ClientTimeout(total=None, sock_connect=2, sock_read=None))
        return self._client

    def held(self) -> set[str]:
        """The calls whose leases this instance renews: those in its book, and those it is taking up now."""
        return {session.session_id for session in self.book.all()} | set(self._taking_up)

    async def close(self) -> None:
        if self._client is not None:
            await self._client.close()

    async def host_elsewhere(self, session_id: str) -> str | None:
        """The address of the instance hosting the call, or None when this one has it: it hosts it, or took
        it up now because no live instance did (a call that is nowhere is left to the routes, which answer
        as for any unknown call)."""
        for _ in range(5):
            if session_id in self.hosting.hosted and self.book.has(session_id):
                return None
            host = await self.hosting.host_of(session_id)
            if host is not None and host.url != self.hosting.instance_url:
                return host.url
            if host is not None and host.instance_id != self.hosting.instance_id:
                # This instance's address, from before it restarted: that lease lapses soon.
                await self.hosting.wait_for_lapse(session_id)
                continue
            if not await self.hosting.take(session_id):
                continue  # another instance took it up a moment ago
            await self._take_up(session_id)
            return None
        raise HostUnreachable(session_id)

    async def _take_up(self, session_id: str) -> None:
        """Bring the call this instance now hosts into its book from Redis, once: both tabs of a call come
        back at the same moment, and two copies of it would put each in a call of its own."""
        lock = self._taking_up.setdefault(session_id, asyncio.Lock())  # held: its lease is renewed meanwhile
        try:
            async with lock:
                if self.book.has(session_id):
                    return
                stored = await self.store.load_one(session_id)
                if stored is None:
                    await self.hosting.let_go(session_id)
                    return
                self.book.adopt(stored)
                log.info("took up a call whose instance stopped")
        finally:
            if not lock.locked() and self._taking_up.get(session_id) is lock:
                del self._taking_up[session_id]

    async def session_of(self, request: web.Request) -> str | None:
        """The call a request is about, or None when it names none (or names one that does not exist)."""
        session_id = request.match_info.get("session_id")
        if session_id:
            return session_id
        if request.path == "/api/upload":
            return await self.session_of_link(request.headers.get("X-Link", ""))
        if request.path in _BODY_NAMES_THE_CALL and request.method == "POST":
            raw = await read_at_most(request, MAX_JSON_BYTES)
            if raw is None:
                return None  # too large: the route says so
            request[PEEKED_BODY] = raw
            try:
                body = json.loads(raw or b"{}")
            except (ValueError, UnicodeDecodeError):
                return None
            if not isinstance(body, dict):
                return None
            if "code" in body and "link" not in body:
                code = codes.normalise(body["code"])
                return await self.store.session_of_code(tokens.digest(code)) if code else None
            return await self.session_of_link(str(body.get("link", "")))
        return None

    async def session_of_link(self, token: str) -> str | None:
        if not tokens.well_formed(token):
            return None
        return await self.store.session_of_link(tokens.digest(token))

    async def pass_request_on(self, request: web.Request, host: str) -> web.StreamResponse:
        """The host's answer to `request`, as it gave it."""
        body = request[PEEKED_BODY] if PEEKED_BODY in request else await request.read()
        self._count("request")
        try:
            async with self.client.request(request.method, host + str(request.rel_url), data=body,
                                           headers=_passed_headers(request), allow_redirects=False) as answer:
                content = await answer.read()
                headers = {k: v for k, v in answer.headers.items() if k.lower() not in _NOT_PASSED}
                return web.Response(status=answer.status, body=content, headers=headers)
        except (TimeoutError, aiohttp.ClientConnectionError) as exc:
            raise HostUnreachable(host) from exc

    async def pass_socket_on(self, request: web.Request, tab: web.WebSocketResponse | None, host: str,
                             first: str | None = None) -> web.WebSocketResponse:
        """Join the tab's socket to one at the host, and carry messages both ways until either closes. `tab`
        is the socket already open (its hello `first` read from it), or None to open it once the host
        answers (so a host that does not answer leaves the request free to be served here)."""
        try:
            upstream = await self.client.ws_connect(_socket_address(host, request), headers=_passed_headers(request),
                                                    heartbeat=20, max_msg_size=0)
        except aiohttp.WSServerHandshakeError as refused:
            raise HostRefused(refused.status) from refused  # the host answered: its refusal stands
        except (TimeoutError, aiohttp.ClientError) as exc:
            raise HostUnreachable(host) from exc
        self._count("socket")
        if tab is None:
            tab = web.WebSocketResponse(heartbeat=20)
            await tab.prepare(request)
        try:
            if first is not None:
                await upstream.send_str(first)
            await _carry(tab, upstream)
        finally:
            await upstream.close()
        return tab


def _passed_headers(request: web.Request) -> dict[str, str]:
    headers = {k: v for k, v in request.headers.items() if k.lower() not in _NOT_PASSED | {"x-forwarded-for"}}
    # Every X-Forwarded-For the request carried, in order, as one (a client's own may come before the
    # balancer's), and then the peer it came from: the host reads the chain from the right (asking.py).
    chain = [*request.headers.getall("X-Forwarded-For", []), request.remote or ""]
    headers["X-Forwarded-For"] = ", ".join(part for part in chain if part)
    headers[PASSED_ON] = "1"
    return headers


def _socket_address(host: str, request: web.Request) -> str:
    return host.replace("https://", "wss://", 1).replace("http://", "ws://", 1) + str(request.rel_url)


async def _carry(tab: web.WebSocketResponse, upstream: aiohttp.ClientWebSocketResponse) -> None:
    async def up() -> None:
        async for message in tab:
            if message.type == WSMsgType.TEXT:
                await upstream.send_str(message.data)
            elif message.type == WSMsgType.BINARY:
                await upstream.send_bytes(message.data)

    async def down() -> None:
        async for message in upstream:
            if message.type == WSMsgType.TEXT:
                await tab.send_str(message.data)
            elif message.type == WSMsgType.BINARY:
                await tab.send_bytes(message.data)
        # The host's own code (4001 revoked, 4002 ended, 4404 gone, 1001 going away...) reaches the tab as it
        # was given; a host that vanished leaves none (or 1006, never sent), and the tab connects again.
        code = upstream.close_code
        await tab.close(code=MOVED_CODE if code is None or code == 1006 else code)

    legs = [asyncio.ensure_future(up()), asyncio.ensure_future(down())]
    try:
        await asyncio.wait(legs, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for leg in legs:
            leg.cancel()
        await asyncio.gather(*legs, return_exceptions=True)


@web.middleware
async def to_the_calls_host(request: web.Request, handler):
    """Serve a request about a call here when this instance has the call, else pass it on to its host."""
    from .service import SERVICE  # service.py imports this module's Sharing

    sharing: Sharing | None = request.app[SERVICE].sharing
    if sharing is None:
        return await handler(request)
    try:
        session_id = await sharing.session_of(request)
        if session_id is None:
            return await handler(request)
        for _ in range(TRIES):
            host = await sharing.host_elsewhere(session_id)
            if host is None:
                return await handler(request)
            if request.headers.get(PASSED_ON):
                return call_moving()
            try:
                if request.headers.get("Upgrade", "").lower() == "websocket":
                    return await sharing.pass_socket_on(request, None, host)
                return await sharing.pass_request_on(request, host)
            except HostUnreachable:
                log.warning("the instance hosting a call did not answer; taking the call up once its lease lapses")
                await sharing.hosting.wait_for_lapse(session_id)
            except HostRefused as refused:
                return refuse(refused.status, "refused_by_host", "The video service refused this connection; "
                              "nothing was changed.")
        return call_moving()
    except sharing.failures as exc:
        log.error("could not find where a call is hosted (%s)", type(exc).__name__)
        return call_moving()


def call_moving() -> web.Response:
    # Neutral words, as every answer a phone may show: whoever holds it later learns nothing of a call.
    return refuse(503, "call_moving", "The service is busy for a moment. Try again in a few seconds; nothing "
                  "was lost.", retry_after=2)
