"""Debian's coturn, started for a test with a shared secret, as a force runs it for its link service."""

from __future__ import annotations

import secrets
import socket
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

from tests.helpers.stopping import stop

TURNSERVER = "/usr/bin/turnserver"
EXAMPLE = Path(__file__).resolve().parents[2] / "installer" / "link-service" / "turnserver.conf"


def example_peer_rules(relay_ip: str = "") -> tuple[str, ...]:
    """The shipped example configuration's rules on where the relay may send (internal ranges refused, quotas),
    with `relay_ip` allowed as the example allows its own relay address."""
    rules = tuple(line for line in EXAMPLE.read_text(encoding="utf-8").splitlines()
                  if line.startswith(("denied-peer-ip=", "no-multicast-peers", "no-tcp-relay", "user-quota=")))
    return rules + ((f"allowed-peer-ip={relay_ip}",) if relay_ip else ())


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def coturn(folder: Path, listen: str = "127.0.0.1", port: int = 0, extra: tuple[str, ...] = ()):
    """A running turnserver on `listen` (and `port`, or a free one): yields (turn URL, shared secret bytes, log
    file). Stopped after."""
    port = port or free_udp_port()
    secret = secrets.token_hex(32)
    log = folder / "turnserver.log"
    conf = folder / "turnserver.conf"
    conf.write_text("\n".join([
        f"listening-ip={listen}", f"relay-ip={listen}", f"listening-port={port}",
        "min-port=49160", "max-port=49200",
        "use-auth-secret", f"static-auth-secret={secret}", "realm=rvr.test", "fingerprint",
        "no-tls", "no-dtls", "no-cli", "no-multicast-peers", "allow-loopback-peers",
        f"log-file={log}", "simple-log", "verbose", f"pidfile={folder / 'turnserver.pid'}",
        f"userdb={folder / 'turndb'}",
        *extra, "",
    ]), encoding="utf-8")
    process = subprocess.Popen([TURNSERVER, "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
                               start_new_session=True)
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if log.exists() and "listener opened on" in log.read_text(errors="replace").lower():
                break
            if process.poll() is not None:
                raise RuntimeError(f"turnserver exited: {log.read_text(errors='replace') if log.exists() else ''}")
            time.sleep(0.1)
        else:
            raise RuntimeError("turnserver did not start listening within 10 s")
        yield f"turn:{listen}:{port}?transport=udp", secret.encode("ascii"), log
    finally:
        stop(process, 5)
