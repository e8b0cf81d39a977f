"""A real link service on loopback for a test, run on a thread of the test process with a clock the
test can move, and helpers to be a participant's tab over its real WebSocket.

A service may also have its network-facing socket (link-service --network). Tests never bind or reach a
real network: that socket is bound to 127.0.0.2, another loopback address, with a practice certificate."""

from __future__ import annotations

import asyncio
import json
import struct
import threading
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import requests
from rvr_desktop.video.practice_certificate import make_practice_certificate
from rvr_desktop.linkservice import server, tokens
from rvr_desktop.linkservice.config import LinkServiceConfig
from rvr_desktop.linkservice.sessions import SessionBook
from rvr_desktop.linkservice.simulated_phone import SimulatedPhones
from rvr_desktop.linkservice.trainer_console import ConsoleBook
from rvr_desktop.video.client import LinkServiceClient

TOKEN = "officer-token-for-tests-0123456789abcdefghij"
NETWORK_HOST = "127.0.0.2"  # still loopback: tests never touch a real network
PHONE_UA = "Mozilla/5.0 (Linux; Android 14; Pixel 8) Mobile"


class MovableClock:
    """Wall-clock time the test can push forward (link expiry, rejoin grace)."""

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.time() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += seconds


@dataclass(frozen=True)
class PracticeTLS:
    """A practice certificate for NETWORK_HOST: the chain and key the service uses, the authority clients trust."""

    authority: Path
    chain: Path
    key: Path


def practice_tls(folder: Path) -> PracticeTLS:
    ca_pem, cert_pem, key_pem, _ = make_practice_certificate([NETWORK_HOST])
    folder.mkdir(parents=True, exist_ok=True)
    tls = PracticeTLS(folder / "ca.pem", folder / "chain.pem", folder / "key.pem")
    tls.authority.write_bytes(ca_pem)
    tls.chain.write_bytes(cert_pem + ca_pem)
    tls.key.write_bytes(key_pem)
    return tls


@dataclass
class RunningService:
    base_url: str
    book: SessionBook
    clock: MovableClock
    phones: SimulatedPhones
    thread: threading.Thread
    loop: asyncio.AbstractEventLoop
    stop: asyncio.Event
    clients: list = field(default_factory=list)
    network_url: str = ""  # https://127.0.0.2:PORT with a network socket
    consoles: ConsoleBook = field(default_factory=ConsoleBook)

    def officer(self, token: str = TOKEN) -> LinkServiceClient:
        client = LinkServiceClient(self.base_url, token, timeout=10)
        self.clients.append(client)
        return client

    @property
    def ws_url(self) -> str:
        return self.base_url.replace("http://", "ws://") + "/ws"


def start_service(config: LinkServiceConfig, network_tls: PracticeTLS | None = None,
                  mode: str = "practice") -> RunningService:
    """With `network_tls`, texted links point at the network socket, as `link-service --network` does."""
    clock = MovableClock()
    book = SessionBook(clock=clock)
    consoles = ConsoleBook(clock=clock)
    phones = SimulatedPhones(delivery_delay=config.practice_delivery_seconds)
    loop = asyncio.new_event_loop()
    stop = asyncio.Event()
    ready = threading.Event()
    sock = server.bind("127.0.0.1", 0)
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    network_sock = server.bind(NETWORK_HOST, 0) if network_tls else None
    network_url = f"https://{NETWORK_HOST}:{network_sock.getsockname()[1]}" if network_sock else ""
    tls = server.tls_context(network_tls.chain, network_tls.key) if network_tls else None

    def run() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(server.serve(config, mode, TOKEN, None, sock, None, network_url or url,
                                             lambda listening: ready.set(), stop, book=book,
                                             phones=phones, network_sock=network_sock, network_tls=tls,
                                             consoles=consoles))
        loop.close()

    thread = threading.Thread(target=run, name="link-service-under-test", daemon=True)
    thread.start()
    assert ready.wait(10), "the link service did not start"
    return RunningService(url, book, clock, phones, thread, loop, stop, network_url=network_url, consoles=consoles)


def stop_service(running: RunningService) -> None:
    for client in running.clients:
        client.close()
    running.loop.call_soon_threadsafe(running.stop.set)
    running.thread.join(10)


def run(coroutine):
    """Run one test's async part on its own loop (the tests have no async plugin)."""
    return asyncio.run(coroutine)


@dataclass
class Tab:
    """One participant's browser tab, speaking the page's protocol."""

    http: aiohttp.ClientSession
    base_url: str
    link: str
    key: str = ""
    socket: aiohttp.ClientWebSocketResponse | None = None
    agent: str = PHONE_UA

    async def claim(self) -> tuple[int, dict]:
        async with self.http.post(f"{self.base_url}/api/claim", json={"link": self.link, "key": self.key},
                                  headers={"User-Agent": self.agent}) as response:
            body = await response.json()
            if response.status == 200:
                self.key = body["key"]
            return response.status, body

    async def connect(self, key: str | None = None) -> dict:
        self.socket = await self.http.ws_connect(self.base_url.replace("http", "ws", 1) + "/ws",
                                                 headers={"User-Agent": self.agent})
        await self.socket.send_str(json.dumps({"type": "hello", "link": self.link,
                                               "key": self.key if key is None else key}))
        return await self.receive()

    async def send(self, message: dict) -> None:
        assert self.socket is not None
        await self.socket.send_str(json.dumps(message))

    async def receive(self, timeout: float = 5) -> dict:
        assert self.socket is not None
        frame = await self.socket.receive(timeout=timeout)
        if frame.type != aiohttp.WSMsgType.TEXT:
            return {"type": "closed", "code": self.socket.close_code}
        return json.loads(frame.data)

    async def receive_until(self, kind: str, timeout: float = 5, **fields) -> dict:
        """The next message of `kind` (with `fields`, when given), skipping others; or the socket's close."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            message = await self.receive(max(0.05, deadline - asyncio.get_running_loop().time()))
            if message["type"] == "closed" or (
                    message["type"] == kind and all(message.get(k) == v for k, v in fields.items())):
                return message

    async def join(self) -> dict:
        await self.send({"type": "join"})
        return await self.receive_until("joined")

    async def leave(self, reason: str) -> None:
        async with self.http.post(f"{self.base_url}/api/leave",
                                  json={"link": self.link, "key": self.key, "reason": reason}) as response:
            assert response.status == 204
        if self.socket is not None:
            await self.socket.close()

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()


def phone_messages(base_url: str) -> dict:
    """The simulated phones' texts, as the practice phone page the workstation opens reads them."""
    answer = requests.get(f"{base_url}/phone/messages", timeout=5,
                          headers={"Authorization": f"Bearer {tokens.phone_key(TOKEN)}"})
    assert answer.status_code == 200, answer.text
    return answer.json()


def link_token(url: str) -> str:
    return url.rsplit("/", 1)[1].split("#")[-1]


def claimed_caller_link(service: RunningService, case_ref: str) -> tuple[str, str, str]:
    """A new session whose caller has opened their link: (session id, link, device key)."""
    officer = service.officer()
    session = officer.open_session(case_ref)
    link = link_token(officer.invite(session.session_id, "caller").url)
    response = requests.post(f"{service.base_url}/api/claim", json={"link": link}, headers={"User-Agent": PHONE_UA},
                             timeout=5)
    return session.session_id, link, response.json()["key"]


def png_image(width: int = 1, height: int = 1) -> bytes:
    """A real PNG (a red and green gradient), made here so no test needs an image file."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"".join(bytes((x * 255 // max(1, width - 1), y * 255 // max(1, height - 1), 64))
                                        for x in range(width)) for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


def follow_until(follow, service, log_id: str, enough, timeout: float = 10, after: int = 0) -> list[dict]:
    """Events of a session or console through the workstation's own follower (`follow_events` or
    `follow_console`), until `enough(seen)` or `timeout` seconds."""
    seen: list[dict] = []
    stop = threading.Event()

    def on_event(event: dict) -> None:
        seen.append(event)
        if enough(seen):
            stop.set()

    timer = threading.Timer(timeout, stop.set)
    timer.start()
    try:
        follow(service.base_url, TOKEN, log_id, on_event, stop, after=after)
    finally:
        timer.cancel()
    return seen
