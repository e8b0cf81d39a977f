"""What a force's link service costs on one Redis, and what a second instance adds: signalling p99 and the CPU,
memory and Redis each part uses per 100 concurrent calls, with one instance and with two.

Every instance is a force's (started from its own configuration file with `[store] kind = "redis"`), with
Debian's redis-server and the example's configuration (every write synced), emptied before each. The services are pinned to
core 0; this script, which plays every tab, and Redis to core 1.

- one instance: every officer's and caller's tab on it (the baseline);
- two instances, round robin: each call opened at one of them, and each tab sent to either, as a balancer
  that knows nothing of ?via= sends them; a tab away from its call's host is passed on to it (passing_on.py);
- two instances, routed: the same, but each tab's socket sent to the instance its claim's answer names
  (`via`), as the example nginx site routes it (docs/deploy.md, "The balancer"); only the claim may be
  passed on.

On a machine with two cores both instances share core 0, so the figures say what a call costs, not how
many calls two machines hold. Two instances on machines of their own hold 2 x (CPU a call on one) / (CPU a
call on two, both instances together) times what one holds, and that is the figure printed against the
target of 1.8.

Each session's officer trickles SIGNALS signalling messages to its caller, one every PACE seconds, the
sessions starting at random moments over STAGGER seconds. BENCH_SESSIONS changes the number (300).
"""

from __future__ import annotations

import asyncio
import os
import random
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
import redis
from common import machine, percentile, verdict
from force_sessions import _drain, _private, _start
from link_service import participant, rss_kib, trickle

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from rvr_desktop.video.client import LinkServiceClient  # noqa: E402
from tests.helpers.enrolment import OFFICER, enrolled_credential  # noqa: E402
from tests.helpers.nginx import free_port  # noqa: E402
from tests.helpers.redis_server import RunningRedis  # noqa: E402

SESSIONS = int(os.environ.get("BENCH_SESSIONS", "300"))
SIGNALS, PACE, STAGGER = 20, 0.2, 4.0
CLIENT_CORE = 1
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User and system CPU time the process has used."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def instance(folder: Path, name: str, redis_server: RunningRedis, key: Path) -> tuple[subprocess.Popen, str, Path]:
    """An instance started from its own file; named `name` for the balancer's ?via= routes."""
    port = free_port()
    store = folder / name
    store.mkdir(mode=0o700)
    config = folder / f"{name}.toml"
    config.write_text(
        f'[server]\nlisten = "127.0.0.1:{port}"\npublic_url = "https://video.force.example"\n'
        f'trusted_proxies = ["127.0.0.1"]\ninstance_url = "http://127.0.0.1:{port}"\ninstance_name = "{name}"\n'
        f'workstation_key_file = "{key}"\n'
        f'[store]\nkind = "redis"\ndirectory = "{store}"\nurl = "{redis_server.url}"\n'
        f'password_file = "{redis_server.password_file}"\n'
        f'[notify]\napi_key_file = "{_private(folder / (name + "-notify"), "bench-" + secrets.token_hex(32))}"\n'
        'base_url = "http://127.0.0.1:9"\ntemplates = { caller = { en = "bench-template" } }\n', encoding="utf-8")
    process, announced = _start([sys.executable, "-m", "rvr_desktop", "--log-json", "link-service", "--config",
                                 str(config)], folder)
    return process, announced["url"], config


async def load(bases: dict[str, str], credential: str, routed: bool) -> list[float]:
    """SESSIONS calls, each opened at a random instance, each tab's claim at a random one, its socket at a
    random one or (`routed`) at the one the claim's answer names; the signals' latencies."""
    via = bases if routed else None
    anywhere = list(bases.values())
    calls = []
    for n in range(SESSIONS):
        home = random.choice(anywhere)
        with LinkServiceClient(home, credential, timeout=30, officer=OFFICER) as api:
            session = await asyncio.to_thread(api.open_session, f"LOAD-{n}")
            caller = await asyncio.to_thread(api.invite, session.session_id, "caller")
        calls.append((session.officer_page_url.rsplit("#", 1)[1], caller.url.rsplit("#", 1)[1]))
    latencies: list[float] = []
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:
        # Joined 25 calls at a time, so every socket is read again within the services' heartbeat (20 s: a
        # socket that does not answer its ping is closed, as a tab that went away is).
        officers, callers = [], []
        for start in range(0, len(calls), 25):
            batch = calls[start:start + 25]
            joined = await asyncio.gather(*(participant(http, random.choice(anywhere), link, via)
                                            for call in batch for link in call))
            officers += joined[0::2]
            callers += joined[1::2]
        await asyncio.sleep(1)
        await _drain(officers + callers)
        await asyncio.gather(*(trickle(o, c, latencies, SIGNALS, PACE, STAGGER) for o, c in zip(officers, callers)))
        await asyncio.gather(*(s.close() for s in officers + callers))
    return latencies


def arrangement(name: str, count: int, folder: Path, redis_server: RunningRedis, routed: bool = False) -> dict:
    """Run the load over `count` instances; what it cost each part."""
    run = folder / name
    run.mkdir()
    key = _private(run / "workstation-key", secrets.token_hex(32))
    with redis.Redis(port=redis_server.port, password=redis_server.password) as client:
        client.flushall()  # each arrangement starts from an empty Redis
    started = [instance(run, f"instance-{i}", redis_server, key) for i in range(count)]
    bases = {f"instance-{i}": base for i, (_, base, _) in enumerate(started)}
    try:
        for process, _, _ in started:
            os.sched_setaffinity(process.pid, {0})
        credential = enrolled_credential(started[0][2], started[0][1], "BENCH-01")
        time.sleep(1)
        before = [(cpu_seconds(p.pid), rss_kib(p.pid)[0]) for p, _, _ in started]
        redis_before = (cpu_seconds(redis_server.process.pid), rss_kib(redis_server.process.pid)[0])
        try:
            latencies = asyncio.run(load(bases, credential, routed))
        except Exception:
            for log in sorted(run.glob("*.log")):  # what the services said, before their folder goes
                print(f"--- {log.name}:\n{log.read_text()[-3000:]}", file=sys.stderr)
            raise
        after = [(cpu_seconds(p.pid), rss_kib(p.pid)[1]) for p, _, _ in started]
        redis_after = (cpu_seconds(redis_server.process.pid), rss_kib(redis_server.process.pid)[1])
    finally:
        for process, _, _ in started:
            process.terminate()
            process.wait(30)
    hundreds = SESSIONS / 100
    figures = {
        "p50": percentile(latencies, 50) * 1000, "p99": percentile(latencies, 99) * 1000,
        "cpu": sum(a[0] - b[0] for a, b in zip(after, before)) / hundreds,
        "memory": sum(a[1] - b[1] for a, b in zip(after, before)) / 1024 / hundreds,
        "redis_cpu": (redis_after[0] - redis_before[0]) / hundreds,
        "redis_memory": (redis_after[1] - redis_before[1]) / 1024 / hundreds,
    }
    print(f"{name}: {SESSIONS} calls ({2 * SESSIONS} sockets, {len(latencies)} signals): p50 {figures['p50']:.1f} ms, "
          f"p99 {figures['p99']:.1f} ms; per 100 calls: link services {figures['cpu']:.2f} CPU s and "
          f"{figures['memory']:.1f} MiB, Redis {figures['redis_cpu']:.2f} CPU s and {figures['redis_memory']:.1f} MiB")
    return figures


def main() -> int:
    print(f"machine: {machine()}")
    if (os.cpu_count() or 1) < 2:
        raise SystemExit("this benchmark pins the services and their callers to two different cores")
    os.sched_setaffinity(0, {CLIENT_CORE})
    random.seed(17)
    with tempfile.TemporaryDirectory(prefix="rvr-bench-several-") as name:
        folder = Path(name)
        folder.chmod(0o700)
        redis_server = RunningRedis(folder / "redis")
        os.sched_setaffinity(redis_server.process.pid, {CLIENT_CORE})
        try:
            one = arrangement("one instance (baseline)", 1, folder, redis_server)
            spread = arrangement("two instances, round robin", 2, folder, redis_server)
            two = arrangement("two instances, routed by ?via=", 2, folder, redis_server, routed=True)
        finally:
            redis_server.stop()
    for name, figures in (("round robin", spread), ("routed", two)):
        print(f"ratio to one instance, {name}: p99 {figures['p99'] / one['p99']:.1f}x, "
              f"CPU a call {figures['cpu'] / one['cpu']:.2f}x; two on machines of their own hold "
              f"{2 * one['cpu'] / figures['cpu']:.2f} times what one holds")
    print(f"target: p99 < 50 ms with one instance and with two: "
          f"{verdict(max(one['p99'], spread['p99'], two['p99']) < 50)}")
    held = 2 * one["cpu"] / two["cpu"]
    print(f"target: two instances routed as the example site routes them hold {held:.2f} times what one holds "
          f"(>= 1.8): {verdict(held >= 1.8)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
