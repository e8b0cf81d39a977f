"""Whether the service is alive (`GET /healthz`) and ready to take calls (`GET /readyz`), for the force's
load balancer and monitoring.

Alive means the process answers. Ready means what a new call needs is
there, each part with its own status, so whoever is on call sees which one
failed: the store the sessions are kept in, GOV.UK Notify (an authenticated
request with the service's own key, so a revoked key shows here and not in
an officer's failed text) and the STUN/TURN server (a STUN binding request,
which coturn answers without credentials). A service that is stopping is
not ready: the balancer sends new callers elsewhere while its calls finish.

Neither answer says anything about a session; Notify is asked at most once
every NOTIFY_CHECK_EVERY seconds however often a balancer polls, as its API
has a rate limit the force's texts need.
"""

from __future__ import annotations

import asyncio
import os
import struct
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from aiohttp import web
from notifications_python_client.notifications import NotificationsAPIClient


OK, FAILING, NOT_CONFIGURED = "ok", "failing", "not_configured"
NOTIFY_CHECK_EVERY = 30.0  # seconds
CHECK_TIMEOUT = 5.0
STUN_BINDING_REQUEST, STUN_BINDING_SUCCESS = 0x0001, 0x0101
STUN_MAGIC_COOKIE = 0x2112A442  # RFC 5389, section 6
STUN_RETRANSMIT_SECONDS = (0.5, 1.0, 2.0, 4.0)


@dataclass
class _Remembered:
    at: float
    answer: dict


class Readiness:
    """The answers of /readyz, each part checked as it needs."""

    def __init__(self, store: Callable[[], Awaitable[dict]], make_notify_client: Callable[[], NotificationsAPIClient],
                 ice_urls: Iterable[str], draining: Callable[[], bool]) -> None:
        """`ice_urls`: the relay's and the STUN servers' (the first over UDP is asked)."""
        self._store = store
        self._make_notify_client = make_notify_client
        self._stun = _first_stun_address(ice_urls)
        self._draining = draining
        self._notify: _Remembered | None = None

    async def report(self) -> tuple[bool, dict]:
        store, notify, turn = await asyncio.gather(self._store(), self._notify_status(), self._turn_status())
        parts = {"store": store, "notify": notify, "turn": turn}
        ready = not self._draining() and all(part["status"] != FAILING for part in parts.values())
        return ready, {"ready": ready, "draining": self._draining(), **parts}

    async def _notify_status(self) -> dict:
        now = time.monotonic()
        if self._notify is None or now - self._notify.at >= NOTIFY_CHECK_EVERY:
            self._notify = _Remembered(now, await self._ask_notify())
        return self._notify.answer

    async def _ask_notify(self) -> dict:
        def ask() -> None:
            self._make_notify_client().get_all_templates(template_type="sms")

        started = time.perf_counter()
        try:
            await asyncio.wait_for(asyncio.to_thread(ask), CHECK_TIMEOUT)
        except Exception as exc:  # noqa: BLE001 - whatever it is, Notify cannot send texts now; say which kind
            return {"status": FAILING, "error": type(exc).__name__}
        return {"status": OK, "seconds": round(time.perf_counter() - started, 3)}

    async def _turn_status(self) -> dict:
        if self._stun is None:
            return {"status": NOT_CONFIGURED}
        started = time.perf_counter()
        try:
            await asyncio.wait_for(stun_binding(*self._stun), CHECK_TIMEOUT)
        except (OSError, TimeoutError, ValueError) as exc:
            return {"status": FAILING, "error": type(exc).__name__}
        return {"status": OK, "seconds": round(time.perf_counter() - started, 3)}


def routes(readiness: Readiness) -> list[web.RouteDef]:
    async def alive(request: web.Request) -> web.Response:
        return web.json_response({"alive": True}, headers={"Cache-Control": "no-store"})

    async def ready(request: web.Request) -> web.Response:
        is_ready, answer = await readiness.report()
        return web.json_response(answer, status=200 if is_ready else 503, headers={"Cache-Control": "no-store"})

    return [web.get("/healthz", alive), web.get("/readyz", ready)]


def _first_stun_address(urls: Iterable[str]) -> tuple[str, int] | None:
    """Host and UDP port of the first stun: or turn: URL over UDP (RFC 7064/7065: default port 3478); coturn
    answers a binding request on its listening port without credentials."""
    for url in urls:
        scheme, _, rest = url.partition(":")
        if scheme in ("stun", "turn") and "transport=tcp" not in rest:
            parts = urlsplit(f"//{rest.split('?')[0]}")
            if parts.hostname:
                return parts.hostname, parts.port or 3478
    return None


async def stun_binding(host: str, port: int) -> None:
    """Send one STUN binding request and wait for its success answer (ValueError for any other answer)."""
    loop = asyncio.get_running_loop()
    transaction = os.urandom(12)
    answered: asyncio.Future[bytes] = loop.create_future()

    class Asking(asyncio.DatagramProtocol):
        def datagram_received(self, data: bytes, addr) -> None:
            if data[8:20] == transaction and not answered.done():
                answered.set_result(data)

        def error_received(self, exc: Exception) -> None:
            if not answered.done():
                answered.set_exception(exc)

    transport, _ = await loop.create_datagram_endpoint(Asking, remote_addr=(host, port))
    try:
        # UDP may lose a packet: ask again, as RFC 5389 (7.2.1) has clients do, until the caller's timeout.
        for wait in STUN_RETRANSMIT_SECONDS:
            transport.sendto(struct.pack("!HHI", STUN_BINDING_REQUEST, 0, STUN_MAGIC_COOKIE) + transaction)
            done, _ = await asyncio.wait({answered}, timeout=wait)
            if done:
                break
        answer = await answered
    finally:
        transport.close()
    kind, _, cookie = struct.unpack("!HHI", answer[:8])
    if kind != STUN_BINDING_SUCCESS or cookie != STUN_MAGIC_COOKIE:
        raise ValueError("not a STUN binding success")
