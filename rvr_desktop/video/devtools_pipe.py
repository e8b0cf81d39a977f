"""Driving a headless Chromium over the DevTools protocol on a pipe, with no port at all.

The simulated caller's browser holds a working link to a call. A WebDriver
or DevTools port on loopback would let any program of any user on this
computer take that browser over (WebDriver has no authentication), so the
browser is started with `--remote-debugging-pipe`: Chromium reads commands
from its file descriptor 3 and writes answers to descriptor 4, each a JSON
message ended by a NUL byte, and only this process holds the other ends.
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future

from rvr_desktop.process_safety import end_process_group, start_child_kwargs


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _above_nine(fd: int) -> int:
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return moved


class DevToolsError(RuntimeError):
    """The browser refused a command, went away, or did not answer in time."""


class PipedChromium:
    """One Chromium and one page in it, commanded over the pipe."""

    def __init__(self, chromium: str, flags: Sequence[str], answer_seconds: float = 20) -> None:
        to_browser_read, self._to_browser = os.pipe()
        self._from_browser, from_browser_write = os.pipe()
        # Chromium wants its ends as descriptors 3 and 4 exactly. Moved above 9 first, so putting one in place
        # in the child can never overwrite the other.
        ends = [_above_nine(to_browser_read), _above_nine(from_browser_write)]
        dies_with_us = start_child_kwargs()
        die_with_parent = dies_with_us.pop("preexec_fn", None)

        def in_the_child() -> None:  # between fork and exec: only async-signal-safe calls
            if die_with_parent is not None:
                die_with_parent()
            os.dup2(ends[0], 3)  # dup2's copies are inheritable: they survive the exec, the originals do not
            os.dup2(ends[1], 4)

        # close_fds=False: the two copies must stay open; every other descriptor of ours is close-on-exec.
        self.process = subprocess.Popen([chromium, *flags, "--remote-debugging-pipe"], preexec_fn=in_the_child,
                                        close_fds=False, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, **dies_with_us)
        for fd in ends:
            os.close(fd)
        self._answer_seconds = answer_seconds
        self._next = 0
        self._waiting: dict[int, Future] = {}
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, name="devtools-pipe", daemon=True)
        self._reader.start()
        target = self.command("Target.createTarget", url="about:blank")["targetId"]
        self._session = self.command("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]

    def command(self, method: str, session: bool = False, wait: float | None = None, **params) -> dict:
        """Send one command (to the page, with `session`) and wait for its answer (`wait` seconds at most)."""
        answer: Future = Future()
        with self._lock:  # one message at a time on the pipe: a long one is written in several pieces
            self._next += 1
            self._waiting[self._next] = answer
            message = {"id": self._next, "method": method, "params": params}
            if session:
                message["sessionId"] = self._session
            try:
                _write_all(self._to_browser, json.dumps(message).encode() + b"\0")
            except OSError as error:
                raise DevToolsError(f"the browser has gone ({error.strerror})") from None
        try:
            reply = answer.result(timeout=self._answer_seconds if wait is None else wait)
        except TimeoutError:
            raise DevToolsError(f"the browser did not answer {method} in time") from None
        if "error" in reply:
            raise DevToolsError(f"{method}: {reply['error'].get('message', 'refused')}")
        return reply.get("result", {})

    def page(self, method: str, **params) -> dict:
        return self.command(method, session=True, **params)

    def evaluate(self, expression: str, *, gesture: bool = False, wait: bool = False):
        """The value of a JavaScript expression in the page (awaited when `wait`), as if tapped with `gesture`."""
        result = self.page("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=wait,
                           userGesture=gesture)
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            raise DevToolsError(f"the page raised: {details.get('exception', {}).get('description') or details.get('text')}")
        return result.get("result", {}).get("value")

    def tap_when_shown(self, element_id: str, seconds: float) -> None:
        """Tap the button `element_id` as soon as it is on screen and enabled, as a person would."""
        script = (f"(() => {{ const b = document.getElementById({json.dumps(element_id)});"
                  " if (!b || b.disabled || b.offsetParent === null) return false; b.click(); return true; })()")
        deadline = time.monotonic() + seconds
        while not self.evaluate(script, gesture=True):
            if time.monotonic() > deadline:
                raise DevToolsError(f"{element_id} was not shown within {seconds:.0f} s")
            time.sleep(0.1)

    def close(self) -> None:
        """Ask the browser to close, then make sure it and everything it started are gone."""
        try:
            self.command("Browser.close", wait=2)
        except DevToolsError:
            pass
        end_process_group(self.process, grace=0.5)
        for fd in (self._to_browser, self._from_browser):
            try:
                os.close(fd)
            except OSError:
                pass

    def _read(self) -> None:
        buffered = b""
        while True:
            try:
                chunk = os.read(self._from_browser, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                break
            buffered += chunk
            while b"\0" in buffered:
                raw, buffered = buffered.split(b"\0", 1)
                message = json.loads(raw)
                answer = self._waiting.pop(message.get("id"), None) if "id" in message else None
                if answer is not None:
                    answer.set_result(message)
        # The browser has gone: nobody waits for ever.
        for answer in list(self._waiting.values()):
            if not answer.done():
                answer.set_result({"error": {"message": "the browser has gone"}})
