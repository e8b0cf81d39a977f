"""Debian's redis-server with the force's example configuration (installer/link-service/redis.conf), on a
loopback port and a folder of the test's own, with a password as a force's would have.

Only what a force changes in it anyway is changed: the port, the folder and the file with the password.
Each change must find its text, so a test notices when the example moves on."""

from __future__ import annotations

import secrets
import shutil
import subprocess
import time
from pathlib import Path

import redis

from tests.conftest import REPO
from tests.helpers.nginx import free_port
from tests.helpers.stopping import stop

EXAMPLE = REPO / "installer" / "link-service" / "redis.conf"


def _changed(text: str, old: str, new: str) -> str:
    assert old in text, f"the example Redis configuration no longer has {old!r}"
    return text.replace(old, new)


def _answering(command: list[str], port: int, password: str, log: Path) -> subprocess.Popen:
    """`command` started, once it answers a PING with `password` on `port` (within 10 s)."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while True:
        try:
            with redis.Redis(port=port, password=password, socket_timeout=1) as probe:
                if probe.ping():
                    return process
        except redis.RedisError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"{command[0]} did not start: {log.read_text() if log.exists() else ''}")
        time.sleep(0.05)


class RunningRedis:
    """A redis-server process the test may stop, kill and start again on the same port and files."""

    def __init__(self, folder: Path, password: str | None = None, extra: str = "") -> None:
        """`password`: Redis's (a new one if None); `extra`: lines added to what the force includes."""
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        if not Path(binary).exists():
            raise AssertionError("these tests start Debian's redis-server: run installer/setup test, which installs it")
        folder.mkdir(parents=True, exist_ok=True)
        self.folder, self._binary = folder, binary
        self.port = free_port()
        self.password = password or secrets.token_urlsafe(24)
        self.password_file = folder / "redis-password"
        self.password_file.write_text(self.password)
        self.password_file.chmod(0o600)
        (folder / "password.conf").write_text(f"requirepass {self.password}\n{extra}")
        config = EXAMPLE.read_text(encoding="utf-8")
        for old, new in (("port 6379", f"port {self.port}"), ("dir /var/lib/redis", f"dir {folder}"),
                         ("include /etc/redis/rvr-password.conf", f"include {folder / 'password.conf'}")):
            config = _changed(config, old, new)
        self.config = folder / "redis.conf"
        self.config.write_text(config + f"logfile {folder / 'redis.log'}\n", encoding="utf-8")
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = self._start()

    def _start(self) -> subprocess.Popen:
        return _answering([self._binary, str(self.config)], self.port, self.password, self.folder / "redis.log")

    def restart(self) -> None:
        """Stopped as systemctl restart stops it, and started again on the same files."""
        stop(self.process)
        self.process = self._start()

    def stop(self) -> None:
        if self.process.poll() is None:
            stop(self.process)


def replica_of(primary: RunningRedis, folder: Path) -> RunningRedis:
    """A second redis-server with the example configuration, replicating `primary` (with its password)."""
    return RunningRedis(folder, password=primary.password,
                        extra=f"masterauth {primary.password}\nreplicaof 127.0.0.1 {primary.port}\n")


class RunningSentinel:
    """Debian's redis-server as a Redis Sentinel watching `primary` under MASTER, quick to fail over (a
    second without an answer), with the same password as Redis, as docs/deploy.md asks."""

    MASTER = "rvr"

    def __init__(self, primary: RunningRedis, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.port, self._password = free_port(), primary.password
        config = folder / "sentinel.conf"
        config.write_text(
            f"port {self.port}\nbind 127.0.0.1\ndir {folder}\nlogfile {folder / 'sentinel.log'}\n"
            f"requirepass {primary.password}\nsentinel monitor {self.MASTER} 127.0.0.1 {primary.port} 1\n"
            f"sentinel auth-pass {self.MASTER} {primary.password}\n"
            f"sentinel down-after-milliseconds {self.MASTER} 1000\nsentinel failover-timeout {self.MASTER} 5000\n",
            encoding="utf-8")
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.process = _answering([binary, str(config), "--sentinel"], self.port, primary.password,
                                  folder / "sentinel.log")

    def primary_port(self) -> int:
        """The port of the Redis the Sentinel takes for the primary now."""
        with redis.Redis(port=self.port, socket_timeout=1, password=self._password) as client:
            return int(client.sentinel_get_master_addr_by_name(self.MASTER)[1])

    def stop(self) -> None:
        if self.process.poll() is None:
            stop(self.process)
