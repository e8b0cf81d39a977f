"""How many calls one force's link service process holds: 1,000 sessions at once (2,000 WebSockets, an
officer and a caller each) on ONE core, with signalling p99 under 50 ms, and its memory per session.

The service is a force's, started from its own configuration file (`link-service --config`) as systemd
would start it, with JSON logging and metrics on. It is pinned to core 0; this script, which plays every
tab, to core 1, so the client's own work is not counted against the service.

Baseline in the same run: a bare aiohttp WebSocket relay, the least a signalling service can do (it pairs
two sockets and passes each text message on), also on core 0, with the same sockets and the same messages.

Each session's officer trickles SIGNALS signalling messages to its caller, one every PACE seconds, the
sessions starting at random moments over STAGGER seconds: about 1,000 messages a second at the peak, as if
every one of the 1,000 calls were setting up its media at once. BENCH_SESSIONS changes the number.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import secrets
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import aiohttp
from common import machine, percentile, verdict
from link_service import participant, rss_kib, trickle

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from rvr_desktop.video.client import LinkServiceClient  # noqa: E402
from tests.helpers.enrolment import OFFICER, enrolled_credential  # noqa: E402

SESSIONS = int(os.environ.get("BENCH_SESSIONS", "1000"))
SIGNALS, PACE, STAGGER = 20, 0.2, 4.0
SERVICE_CORE, CLIENT_CORE = 0, 1

# The baseline: two sockets per pair id, each text passed to the other one, nothing else.
BARE_RELAY = textwrap.dedent("""
    import asyncio, json, sys
    from aiohttp import web
    pairs = {}
    async def socket(request):
        ws = web.WebSocketResponse(heartbeat=20)
        await ws.prepare(request)
        pair = request.query["pair"]
        pairs.setdefault(pair, []).append(ws)
        async for message in ws:
            for other in pairs[pair]:
                if other is not ws:
                    await other.send_str(message.data)
        return ws
    app = web.Application()
    app.add_routes([web.get("/ws", socket)])
    async def main():
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        print(json.dumps({"url": "http://127.0.0.1:%d" % site._server.sockets[0].getsockname()[1]}), flush=True)
        await asyncio.Event().wait()
    asyncio.run(main())
""")


def _pinned() -> None:
    os.sched_setaffinity(0, {SERVICE_CORE})


def _start(command: list[str], folder: Path) -> tuple[subprocess.Popen, dict]:
    log = (folder / f"{command[-1].rsplit('/', 1)[-1]}.log").open("w")
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=log, stdin=subprocess.DEVNULL,
                               text=True, preexec_fn=_pinned, env={**os.environ, "CREDENTIALS_DIRECTORY": ""})
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line:
        raise SystemExit(f"{command} did not start; see {log.name}")
    return process, json.loads(line)


def _private(path: Path, text: str) -> Path:
    path.write_text(text + "\n", encoding="utf-8")
    path.chmod(0o600)
    return path


def force_service(folder: Path) -> tuple[subprocess.Popen, str, Path]:
    """The force's service from its configuration file; Notify is never asked (no text is sent)."""
    config = folder / "link-service.toml"
    store = folder / "store"
    store.mkdir(mode=0o700, exist_ok=True)
    config.write_text(
        f'[store]\ndirectory = "{store}"\n'
        '[server]\nlisten = "127.0.0.1:0"\nmetrics_listen = "127.0.0.1:0"\npublic_url = "https://video.force.example"\n'
        f'workstation_key_file = "{_private(folder / "workstation-key", secrets.token_hex(32))}"\n'
        f'[notify]\napi_key_file = "{_private(folder / "notify-key", "bench-" + secrets.token_hex(32))}"\n'
        'base_url = "http://127.0.0.1:9"\ntemplates = { caller = { en = "bench-template" } }\n'
        f'[calls]\nmax_minutes = 120\n', encoding="utf-8")
    process, announced = _start([sys.executable, "-m", "rvr_desktop", "--log-json", "--log-level", "INFO",
                                 "link-service", "--config", str(config)], folder)
    return process, announced["url"], config


async def _drain(sockets) -> None:
    """Drop what the joins said (welcome, joined, peer-joined) so only signals are timed."""
    for socket in sockets:
        while True:
            try:
                await socket.receive(timeout=0.01)
            except TimeoutError:
                break


async def load_force_service(base: str, credential: str, pid: int) -> tuple[list[float], int]:
    api = LinkServiceClient(base, credential, timeout=30, officer=OFFICER)
    calls = []
    for n in range(SESSIONS):
        session = await asyncio.to_thread(api.open_session, f"LOAD-{n}")
        caller = await asyncio.to_thread(api.invite, session.session_id, "caller")
        calls.append((session.officer_page_url.rsplit("#", 1)[1], caller.url.rsplit("#", 1)[1]))
    api.close()
    latencies: list[float] = []
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:
        officers, callers = [], []
        for officer, caller in calls:  # one call at a time, as calls begin in a control room
            officers.append(await participant(http, base, officer))
            callers.append(await participant(http, base, caller))
        await asyncio.sleep(1)
        await _drain(officers + callers)
        loaded = rss_kib(pid)[0]
        await asyncio.gather(*(trickle(o, c, latencies, SIGNALS, PACE, STAGGER) for o, c in zip(officers, callers)))
        await asyncio.gather(*(s.close() for s in officers + callers))
    return latencies, loaded


async def load_bare_relay(base: str, pid: int) -> tuple[list[float], int]:
    latencies: list[float] = []
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:
        pairs = []
        for n in range(SESSIONS):
            pairs.append((await http.ws_connect(f"{base.replace('http', 'ws', 1)}/ws?pair={n}"),
                          await http.ws_connect(f"{base.replace('http', 'ws', 1)}/ws?pair={n}")))
        await asyncio.sleep(1)
        loaded = rss_kib(pid)[0]
        await asyncio.gather(*(trickle(a, b, latencies, SIGNALS, PACE, STAGGER) for a, b in pairs))
        await asyncio.gather(*(s.close() for pair in pairs for s in pair))
    return latencies, loaded


def _report(name: str, latencies: list[float], idle: int, loaded: int) -> tuple[float, float]:
    p50, p99 = percentile(latencies, 50) * 1000, percentile(latencies, 99) * 1000
    per_session = (loaded - idle) / SESSIONS
    print(f"{name}: {SESSIONS} sessions ({2 * SESSIONS} sockets, {len(latencies)} messages): p50 {p50:.1f} ms, "
          f"p99 {p99:.1f} ms; memory idle {idle / 1024:.1f} MiB, loaded {loaded / 1024:.1f} MiB, "
          f"{per_session:.1f} KiB a session")
    return p99, per_session


def main() -> int:
    print(f"machine: {machine()}")
    if (os.cpu_count() or 1) < 2:
        raise SystemExit("this benchmark pins the service and its callers to two different cores")
    os.sched_setaffinity(0, {CLIENT_CORE})
    random.seed(16)
    with tempfile.TemporaryDirectory(prefix="rvr-bench-force-") as name:
        folder = Path(name)
        folder.chmod(0o700)
        relay_script = folder / "bare_relay.py"
        relay_script.write_text(BARE_RELAY, encoding="utf-8")
        relay, announced = _start([sys.executable, str(relay_script)], folder)
        try:
            time.sleep(1)
            idle = rss_kib(relay.pid)[0]
            latencies, loaded = asyncio.run(load_bare_relay(announced["url"], relay.pid))
            bare = _report("bare aiohttp relay (baseline)", latencies, idle, loaded)
        finally:
            relay.terminate()
            relay.wait(10)
        service, base, config = force_service(folder)
        try:
            credential = enrolled_credential(config, base, "BENCH-01")  # as a workstation enrols
            time.sleep(1)
            idle = rss_kib(service.pid)[0]
            latencies, loaded = asyncio.run(load_force_service(base, credential, service.pid))
            ours = _report("force's link service", latencies, idle, loaded)
        finally:
            service.terminate()
            service.wait(30)
    print(f"ratio to the bare relay: p99 {ours[0] / bare[0]:.1f}x, memory a session {ours[1] / max(bare[1], 0.1):.1f}x")
    print(f"target: {SESSIONS} sessions on one core with signalling p99 < 50 ms: {verdict(ours[0] < 50)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
