"""The real workstation as a child process, followed through its JSON log lines.

Modelled on qutebrowser's tests/end2end/fixtures/testprocess.py: the program
is started as a user starts it, with `--log-json`, so each stderr line is a
record to match rather than text to search; `wait_for(message=...)` waits for
one, and the `workstation_process` fixture (tests/e2e/conftest.py) fails the
test on any ERROR line it was not told to expect.
"""

from __future__ import annotations

import fnmatch
import json
import queue
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import REPO

SERIOUS = ("ERROR", "CRITICAL")


@dataclass(frozen=True)
class LogLine:
    """One line of output: a log record, or (level "") text that was not one, such as Chromium's."""

    level: str
    logger: str
    message: str
    raw: str

    @classmethod
    def parse(cls, raw: str) -> LogLine:
        try:
            record = json.loads(raw)
        except json.JSONDecodeError:
            return cls("", "", raw.rstrip("\n"), raw)
        if not isinstance(record, dict):
            return cls("", "", raw.rstrip("\n"), raw)
        message = record["message"] + (f"\n{record['traceback']}" if "traceback" in record else "")
        return cls(record["level"], record["logger"], message, raw)


class WorkstationProcess:
    """`python -m rvr_desktop --data-dir DIR --log-level INFO --log-json ARGS`, read line by line."""

    def __init__(self, data_dir: Path, *args: str):
        self.args = [sys.executable, "-m", "rvr_desktop", "--data-dir", str(data_dir), "--log-level", "INFO",
                     "--log-json", *args]
        self.lines: list[LogLine] = []
        self._unread: queue.Queue[LogLine | None] = queue.Queue()
        self._expected_errors: list[str] = []
        # stdout joins stderr, so whatever the program prints is read (and can be searched) too.
        self.proc = subprocess.Popen(self.args, cwd=REPO, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True)
        # readline() has no time-out; a reader thread lets wait_for give up.
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    @property
    def pid(self) -> int:
        return self.proc.pid

    def _read(self) -> None:
        for raw in self.proc.stdout:  # type: ignore[union-attr]
            line = LogLine.parse(raw)
            self.lines.append(line)
            self._unread.put(line)
        self._unread.put(None)

    def wait_for(self, message: str, *, level: str = "", timeout: float = 60) -> LogLine:
        """The next log record whose message matches `message` (fnmatch wildcards allowed).

        Lines before it are passed over, as qutebrowser's wait_for does; a
        later wait starts after this one, so two waits read in order.
        """
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self._unread.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                raise AssertionError(f"the workstation ended (exit {self.proc.wait()}) before logging "
                                     f"{message!r}:\n{self.transcript()}")
            if line.level and (not level or line.level == level) and fnmatch.fnmatchcase(line.message, message):
                return line
        raise AssertionError(f"waited {timeout} s for the workstation to log {message!r}:\n{self.transcript()}")

    def expect_error(self, message: str) -> None:
        """An ERROR line matching `message` is what the test is about, not a failure of it."""
        self._expected_errors.append(message)

    def unexpected_errors(self) -> list[LogLine]:
        return [line for line in self.lines if line.level in SERIOUS
                and not any(fnmatch.fnmatchcase(line.message, pattern) for pattern in self._expected_errors)]

    def stop(self, how: signal.Signals = signal.SIGTERM, timeout: float = 60) -> int:
        """Send `how` (SIGTERM closes it as the desktop would; SIGKILL is a power cut); its exit code."""
        if self.proc.poll() is None:
            self.proc.send_signal(how)
        code = self.proc.wait(timeout=timeout)
        self._reader.join(timeout=10)
        self.proc.stdout.close()  # type: ignore[union-attr]
        return code

    def transcript(self) -> str:
        return "".join(line.raw for line in self.lines)
