"""Starting the link service as the workstation's child process in practice mode.

The officer token is made here and handed over on the child's standard
input, never on its command line or in its environment (both readable by
other programs of the same user). The pipe stays open for the child's life:
when the workstation exits, even by crashing, the pipe closes and the link
service stops with it.
"""

from __future__ import annotations

import json
import os
import queue
import secrets
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from .client import LinkServiceClient, LinkServiceError

START_SECONDS = 30


@dataclass
class RunningLinkService:
    """A link service child process, where it listens and the token to use it."""

    process: subprocess.Popen
    base_url: str
    token: str
    public_url: str

    def client(self) -> LinkServiceClient:
        return LinkServiceClient(self.base_url, self.token)

    @property
    def simulated_phone_url(self) -> str:
        return f"{self.base_url}/phone"

    def stop(self, timeout: float = 10) -> int:
        """Close its standard input (it stops itself), then terminate it if it has not."""
        process = self.process
        if process.poll() is None:
            try:
                process.stdin.close()  # type: ignore[union-attr]
                process.wait(timeout=timeout / 2)
            except (OSError, subprocess.TimeoutExpired):
                process.terminate()
                try:
                    process.wait(timeout=timeout / 2)
                except subprocess.TimeoutExpired:
                    process.kill()
        code = process.wait()
        for pipe in (process.stdin, process.stdout, process.stderr):
            if pipe is not None and not pipe.closed:
                pipe.close()
        return code

    def __enter__(self) -> RunningLinkService:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def start_practice_link_service(config: Path | None = None, extra_args: tuple[str, ...] = (),
                                stderr=None, data_dir: Path | None = None) -> RunningLinkService:
    """Start `rvr-desktop link-service` on loopback on a free port and wait until it listens."""
    token = secrets.token_urlsafe(32)
    command = [sys.executable, "-m", "rvr_desktop", "link-service", "--mode", "practice", "--host", "127.0.0.1",
               "--port", "0", "--token-stdin", *extra_args]
    if config is not None:
        command += ["--config", str(config)]
    if data_dir is not None:
        command += ["--data-dir", str(data_dir)]
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr, text=True,
                               cwd=Path(__file__).resolve().parents[2], env={**os.environ, "PYTHONUNBUFFERED": "1"})
    process.stdin.write(token + "\n")  # type: ignore[union-attr]
    process.stdin.flush()  # type: ignore[union-attr]
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: lines.put(process.stdout.readline()),  # type: ignore[union-attr]
                     name="link-service-start", daemon=True).start()
    try:
        first = lines.get(timeout=START_SECONDS)
        announced = json.loads(first)
    except (queue.Empty, ValueError):
        process.kill()
        process.wait()
        raise LinkServiceError("The practice video link service did not start. Nothing was sent to anyone; the case "
                               "is safe. Run 'rvr-desktop link-service' in a terminal to see why.") from None
    return RunningLinkService(process, announced["url"], token, announced["public_url"])
