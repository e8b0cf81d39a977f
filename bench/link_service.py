"""The video link service: time to media after the caller presses join, signalling latency with 200
calls at once, and the caller's page weight before the camera starts.

Targets: join to media both ways under 2 s (median of 10); p99 relay latency under 50 ms with 200
concurrent sessions; the caller's page under 150 KB before the camera. Everything runs on 127.0.0.1:
the practice link service as a child process, real headless Chromium with fake cameras.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

import aiohttp
from common import machine, median, percentile, verdict

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from rvr_desktop.video.devtools_pipe import PipedChromium  # noqa: E402
from rvr_desktop.video.practice_service import RunningLinkService, start_practice_link_service  # noqa: E402
from rvr_desktop.video.simulated_caller import CHROMIUM  # noqa: E402

JOIN_RUNS = 10
SESSIONS = 200
SIGNALS_PER_SESSION = 20


def rss_kib(pid: int) -> tuple[int, int]:
    """Resident and peak resident memory of a process, in KiB."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])


def _browser(folders: ExitStack, width: int, height: int) -> PipedChromium:
    """A headless Chromium with a fake camera that grants it unasked, driven as the simulated caller is."""
    profile = folders.enter_context(tempfile.TemporaryDirectory(prefix="rvr-bench-chromium-"))
    flags = ["--headless=new", "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
             "--autoplay-policy=no-user-gesture-required", "--mute-audio", "--disable-gpu", "--no-first-run",
             f"--window-size={width},{height}", f"--user-data-dir={profile}"]
    if os.geteuid() == 0:
        flags.append("--no-sandbox")  # Chromium refuses to run as root with its sandbox
    browser = PipedChromium(CHROMIUM, flags)
    folders.callback(browser.close)
    return browser


def _open(browser: PipedChromium, url: str) -> None:
    """Go to `url` and wait until the page has loaded, as a WebDriver's get() does."""
    browser.page("Page.navigate", url=url)
    _until(browser, "document.readyState === 'complete'")


def _until(browser: PipedChromium, expression: str, timeout: float = 20):
    """The value of `expression` once it is truthy."""
    deadline = time.monotonic() + timeout
    while not (value := browser.evaluate(expression)):
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {timeout} s for {expression}")
        time.sleep(0.05)
    return value


def join_to_media(service: RunningLinkService) -> tuple[list[float], int, list[tuple[str, int]]]:
    """Seconds from the caller pressing join to video arriving on both sides, and the page's weight."""
    times: list[float] = []
    weight, resources = 0, []
    with ExitStack() as browsers, service.client() as api:
        officer, phone = _browser(browsers, 1280, 800), _browser(browsers, 390, 844)
        for run in range(JOIN_RUNS):
            session = api.open_session(f"BENCH-{run}")
            _open(officer, session.officer_page_url)
            _until(officer, "window.rvrOfficer && rvrOfficer.status().joined")
            _open(phone, api.invite(session.session_id, "caller").url)
            _until(phone, "!document.getElementById('screen-consent').hidden")
            if run == 0:
                resources = phone.evaluate(
                    "performance.getEntries().filter(e => e.name.startsWith('http'))"
                    ".map(e => [e.name.replace(location.origin, '').replace(/^\\/j#.*/, '/j#<link>'),"
                    " e.transferSize])")
                weight = sum(size for _, size in resources)
            phone.tap_when_shown("agree", 20)
            phone.tap_when_shown("join", 20)
            caller_saw = _until(phone, "rvrCaller.timings.firstFrameAt.officer", timeout=30)
            officer_saw = _until(officer, "rvrOfficer.timings.firstFrameAt.caller", timeout=30)
            times.append((max(caller_saw, officer_saw) - phone.evaluate("rvrCaller.timings.joinPressedAt")) / 1000)
            api.end(session.session_id)
    return times, weight, resources


async def participant(http: aiohttp.ClientSession, base: str, link: str,
                      via: dict[str, str] | None = None) -> aiohttp.ClientWebSocketResponse:
    """A tab that opened `link` and joined its call, over the service's real WebSocket: at `base`, or where
    `via` (a balancer's routes, by instance name) sends the instance the claim's answer names, as the pages do."""
    async with http.post(f"{base}/api/claim", json={"link": link}) as response:
        answer = await response.json()
    key, path = answer["key"], "/ws"
    if via is not None and "via" in answer:
        base, path = via[answer["via"]], f"/ws?via={answer['via']}"
    socket = await http.ws_connect(base.replace("http", "ws", 1) + path)
    await socket.send_str(json.dumps({"type": "hello", "link": link, "key": key}))
    await socket.receive()  # welcome
    await socket.send_str(json.dumps({"type": "join"}))
    return socket


async def trickle(sender, receiver, latencies: list[float], count: int = SIGNALS_PER_SESSION, pace: float = 0.05,
                  start_within: float = 0.0) -> None:
    """`sender` trickles `count` candidates to `receiver` (about the pace of trickled ICE, after a random wait
    of up to `start_within` seconds); `receiver` notes how long each took."""
    async def listen() -> None:
        received = 0
        while received < count:
            message = json.loads((await receiver.receive()).data)
            if message.get("type") == "signal":
                latencies.append(time.perf_counter() - message["data"]["sent"])
                received += 1
    listener = asyncio.ensure_future(listen())
    await asyncio.sleep(random.uniform(0, start_within))
    for _ in range(count):
        await sender.send_str(json.dumps({"type": "signal", "to": "caller", "data": {
            "sent": time.perf_counter(),
            "candidate": {"candidate": "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host", "sdpMid": "0"}}}))
        await asyncio.sleep(pace)
    await asyncio.wait_for(listener, 60)


async def _exchange(officer, caller, latencies: list[float]) -> None:
    await trickle(officer, caller, latencies)
    await officer.close()
    await caller.close()


async def signalling_latency(service: RunningLinkService) -> list[float]:
    with service.client() as api:
        calls = []
        for n in range(SESSIONS):
            session = api.open_session(f"LOAD-{n}")
            caller = api.invite(session.session_id, "caller").url
            calls.append((session.officer_page_url.rsplit("#", 1)[1], caller.rsplit("#", 1)[1]))
    latencies: list[float] = []
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:
        base = service.base_url
        officers = await asyncio.gather(*(participant(http, base, officer) for officer, _ in calls))
        callers = await asyncio.gather(*(participant(http, base, caller) for _, caller in calls))
        await asyncio.sleep(1)  # the joins' own messages settle
        for socket in callers:  # drop "joined"/"peer-joined" so only signals are timed
            while True:
                try:
                    await socket.receive(timeout=0.01)
                except TimeoutError:
                    break
        await asyncio.gather(*(_exchange(o, c, latencies) for o, c in zip(officers, callers)))
    return latencies


def main() -> int:
    print(f"machine: {machine()}")
    service = start_practice_link_service()
    try:
        idle_rss, _ = rss_kib(service.process.pid)
        times, weight, resources = join_to_media(service)
        print(f"caller presses join -> video both ways: median {median(times):.2f} s, max {max(times):.2f} s "
              f"of {len(times)}  (target < 2 s: {verdict(median(times) < 2)})")
        print(f"caller's page before the camera: {weight / 1024:.1f} KB transferred in {len(resources)} requests "
              f"(target < 150 KB: {verdict(weight < 150 * 1024)})")
        for name, size in resources:
            print(f"    {size:7d} B  {name[:70]}")
        latencies = asyncio.run(signalling_latency(service))
        rss, peak = rss_kib(service.process.pid)
        p50, p99 = percentile(latencies, 50) * 1000, percentile(latencies, 99) * 1000
        print(f"signalling relay, {SESSIONS} concurrent sessions ({2 * SESSIONS} sockets, {len(latencies)} messages): "
              f"p50 {p50:.1f} ms, p99 {p99:.1f} ms  (target p99 < 50 ms: {verdict(p99 < 50)})")
        print(f"link service memory: idle {idle_rss / 1024:.1f} MiB; after {SESSIONS} sessions {rss / 1024:.1f} MiB "
              f"(peak {peak / 1024:.1f} MiB)")
    finally:
        service.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
