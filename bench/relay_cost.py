"""What the relay (Debian's coturn, as a force runs it beside its link service) costs in CPU and memory per 100
concurrent relayed calls, against the same packets answered without it.

A relay-only call (the example's `relay_only = true`) puts both sides' media through the relay: two
allocations a call, each carrying the side's picture and sound both ways. Here coturn's own load client,
`turnutils_uclient`, makes CALLS x 2 allocations through a turnserver started as the tests start it (shared
secret, the shipped example's peer rules), each sending PACKET-byte packets every INTERVAL ms for SECONDS to
`turnutils_peer`, which echoes them back through the relay: about the rate of a call's video at
BITRATE kbit/s each way. The baseline is the same packets sent straight to the peer with no relay, the
peer's own CPU: a ratio travels between machines where an absolute figure does not.

turnserver is pinned to core 0, the load client and the peer to core 1. BENCH_CALLS changes the number (25).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import machine
from link_service import rss_kib
from several_instances import cpu_seconds

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.helpers.coturn import coturn, example_peer_rules, free_udp_port  # noqa: E402

CALLS = int(os.environ.get("BENCH_CALLS", "25"))
PACKET, INTERVAL, SECONDS = 1000, 10, 20  # 100 packets a second of 1,000 bytes: 800 kbit/s each way
BITRATE = PACKET * 8 * (1000 // INTERVAL) // 1000
LOAD_CORE, RELAY_CORE = 1, 0


def _peer(port: int) -> subprocess.Popen:
    peer = subprocess.Popen(["turnutils_peer", "-L", "127.0.0.1", "-p", str(port)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    os.sched_setaffinity(peer.pid, {LOAD_CORE})
    time.sleep(0.5)
    return peer


def _load(arguments: list[str]) -> None:
    done = subprocess.run(["taskset", "-c", str(LOAD_CORE), "turnutils_uclient", "-m", str(CALLS * 2),
                           "-n", str(SECONDS * 1000 // INTERVAL), "-l", str(PACKET), "-z", str(INTERVAL),
                           "-e", "127.0.0.1", *arguments], capture_output=True, text=True, timeout=SECONDS * 10)
    if done.returncode != 0:
        raise RuntimeError(f"turnutils_uclient failed: {done.stdout[-2000:]} {done.stderr[-2000:]}")
    lost = [line for line in done.stdout.splitlines() if "Total lost packets" in line]
    if lost:
        print(f"  load client: {lost[-1].strip()}")


def baseline(port: int) -> float:
    """The peer's CPU answering the same datagrams, at the same rate, sent straight to it with plain UDP."""
    import socket

    peer = _peer(port)
    try:
        started = cpu_seconds(peer.pid)
        sockets = [socket.socket(socket.AF_INET, socket.SOCK_DGRAM) for _ in range(CALLS * 2)]
        payload = b"\0" * PACKET
        deadline = time.monotonic() + SECONDS
        tick = time.monotonic()
        while time.monotonic() < deadline:
            for sock in sockets:
                sock.sendto(payload, ("127.0.0.1", port))
            tick += INTERVAL / 1000
            pause = tick - time.monotonic()
            if pause > 0:
                time.sleep(pause)
        time.sleep(0.5)
        used = cpu_seconds(peer.pid) - started
        for sock in sockets:
            sock.close()
        return used
    finally:
        peer.terminate()
        peer.wait(10)


def relayed(folder: Path, port: int) -> tuple[float, float, float]:
    """turnserver's CPU seconds and its memory before and after, relaying the load."""
    peer = _peer(port)
    relay_port = free_udp_port()
    try:
        with coturn(folder, port=relay_port, extra=(*example_peer_rules("127.0.0.1"), "min-port=40000",
                                                    "max-port=49000", "user-quota=0", "total-quota=0")) \
                as (_url, secret, _log):
            pid = int((folder / "turnserver.pid").read_text().strip())
            os.sched_setaffinity(pid, {RELAY_CORE})
            idle_kib = rss_kib(pid)[0]
            started = cpu_seconds(pid)
            _load(["-p", str(relay_port), "-r", str(port), "-W", secret.decode(), "-u", "bench", "127.0.0.1"])
            used = cpu_seconds(pid) - started
            peak_kib = rss_kib(pid)[1]
        return used, idle_kib / 1024, peak_kib / 1024
    finally:
        peer.terminate()
        peer.wait(10)


def main() -> None:
    print(f"machine: {machine()}")
    print(f"{CALLS} relay-only calls ({CALLS * 2} allocations), {PACKET}-byte packets every {INTERVAL} ms each "
          f"way for {SECONDS} s (about {BITRATE} kbit/s each way per side)")
    with tempfile.TemporaryDirectory(prefix="rvr-bench-relay-") as temp:
        port = free_udp_port()
        straight = baseline(port)
        cpu, idle, peak = relayed(Path(temp), port)
    hundreds = CALLS / 100
    per_minute = 60 / SECONDS
    print(f"baseline, the peer answering the same packets straight: {straight / hundreds * per_minute:.2f} CPU s "
          "per 100 calls per minute")
    print(f"relay: {cpu / hundreds * per_minute:.2f} CPU s per 100 calls per minute "
          f"({cpu / hundreds * per_minute / 60:.2f} of a core), memory {idle:.1f} MiB idle, "
          f"{(peak - idle) / hundreds:.1f} MiB more per 100 calls")
    print(f"ratio to the baseline: CPU {cpu / straight:.1f}x")


if __name__ == "__main__":
    main()
