"""Starting the practice records server as a child process, as the practice
workstation (and the tests and benchmarks) do.

Light on purpose: it imports neither aiohttp nor the server, so the
workstation pays nothing for it at start-up. The child gets a fresh random
token through its environment, never its command line, and reports its
address on its first line of output.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from rvr_desktop.process_safety import start_child_kwargs

TOKEN_VARIABLE = "RVR_PRACTICE_RECORDS_TOKEN"
_READY = "practice records server listening on "


class PracticeServerDidNotStart(RuntimeError):
    """The child exited or stayed silent; the message says what it printed."""


@dataclass
class PracticeServerProcess:
    """A running practice records server: where it listens and the token it accepts."""

    process: subprocess.Popen
    url: str
    token: str

    def request_stop(self) -> None:
        """Ask it to stop (SIGTERM) without waiting (`stop` waits)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)

    def stop(self, timeout: float = 30.0) -> int | None:
        """Ask it to stop (SIGTERM) and wait; returns its exit code."""
        if self.process.poll() is None:
            self.request_stop()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout)
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None:
                pipe.close()
        return self.process.returncode


def launch_practice_server(data_dir: Path, *, faults: str = "", port: int = 0, token: str | None = None,
                           timeout: float = 30.0, stderr=None) -> PracticeServerProcess:
    """Start `rvr-desktop records-server` on loopback beside `data_dir` and wait until it listens."""
    token = token or secrets.token_urlsafe(32)
    command = [sys.executable, "-m", "rvr_desktop", "records-server", "--data-dir", str(data_dir),
               "--port", str(port), "--faults", faults, "--stop-with-stdin"]
    # Its standard input stays open as long as this process lives: if we die,
    # it closes and the server stops, so no orphan keeps the port.
    # A pipe's end is noticed only when the server next reads; the kernel's signal on our death is at once.
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr, text=True,
                               env={**os.environ, TOKEN_VARIABLE: token}, **start_child_kwargs(signal.SIGTERM))
    first: list[str] = []
    stdout = process.stdout
    assert stdout is not None  # stdout=PIPE above
    # readline() has no time-out of its own; a reader thread gives it one.
    reader = threading.Thread(target=lambda: first.append(stdout.readline()), daemon=True)
    reader.start()
    reader.join(timeout)
    line = first[0] if first else ""
    if _READY not in line:
        process.kill()
        process.wait(timeout)
        raise PracticeServerDidNotStart(
            f"The practice records server did not start (it printed {line.strip()!r}, exit code "
            f"{process.returncode}). Practice cases stay in the outbox; see the log for why.")
    return PracticeServerProcess(process, line.split(_READY, 1)[1].split()[0], token)
