"""The one way the windows leave the GUI thread, and the one way back.

Disk, network and PDF work never runs on the GUI thread. Work that leaves it
gives a `Future` (from `run_in_background`, from the store thread's `submit`,
or from an `InOrder` lane for work that must happen one at a time in order),
and `when_done(future, on_done, ...)` brings its result back to the GUI
thread. An event stream that blocks (a video session's events, a trainer's
console) is read by a `Follower`, made with `follow`, whose items arrive on
the GUI thread. A worker that must hand something to the windows uses
`run_on_gui`.

No failure is dropped: without a handler of its own, `when_done` takes the
default path, which logs the error's type (never its message: it may carry a
caller's details) and tells the officer in plain words through the `tell`
the caller gives (a `told` signal's emit, a status line).

One long-lived relay object, made on first use, carries everything back: no
QObject is created or connected per call.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from rvr_desktop.qt import QtCore, QtWidgets, Signal

log = logging.getLogger(__name__)

# For work that is not the store's: the link service, reading policy files, making documents.
_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="background")
# For work that waits on a person somewhere else for minutes (an officer at the force's sign-in page), so it
# never holds one of the pool's two threads from the work above.
_waiting = ThreadPoolExecutor(max_workers=1, thread_name_prefix="waiting on a person")

Tell = Callable[[str], None]  # tells the officer something, in plain words


class _Relay(QtCore.QObject):
    call = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        # Auto connection: queued when emitted from a worker thread, because
        # this object lives on the GUI thread.
        self.call.connect(self._run)

    @staticmethod
    def _run(fn: Callable[[], None]) -> None:
        fn()


_relay: _Relay | None = None


def _the_relay() -> _Relay:
    global _relay
    if _relay is None:
        app = QtWidgets.QApplication.instance()
        if app is None:
            raise RuntimeError("results reach the GUI thread only once the application exists")
        _relay = _Relay()
        _relay.moveToThread(app.thread())
    return _relay


def run_on_gui(fn: Callable[[], None]) -> None:
    """Run `fn` on the GUI thread: later if called from a worker, at once if called on the GUI thread."""
    _the_relay().call.emit(fn)


def run_in_background(fn: Callable[[], Any]) -> Future:
    """Run `fn` on the background pool; `when_done` brings its result back."""
    return _pool.submit(fn)


def run_waiting(fn: Callable[[], Any]) -> Future:
    """Run `fn`, which waits on a person elsewhere (sign-in), on a thread of its own; `when_done` brings its
    result back."""
    return _waiting.submit(fn)


def when_done(future: Future, on_done: Callable[[Any], None] | None = None,
              on_failure: Callable[[BaseException], None] | None = None, *,
              tell: Tell | None = None, what: str = "That did not work") -> None:
    """Call `on_done(result)` or, on an error, `on_failure(error)` on the GUI thread once `future` finishes.

    Without `on_failure` the default failure path runs: `what` (what did not
    happen, in the officer's words) and the error's type are logged, and
    `tell` is given `what` with the plain-words way on. A failure with
    nowhere to go is refused at once, not found out later.
    """
    if on_failure is None:
        if tell is None:
            raise TypeError("when_done needs on_failure or tell: a failure must reach someone")
        on_failure = told_officer(tell, what)
    handler: Callable[[BaseException], None] = on_failure
    relay = _the_relay()

    def deliver(done: Future) -> None:
        error = done.exception()
        if error is not None:
            handler(error)
        elif on_done is not None:
            on_done(done.result())

    future.add_done_callback(lambda done: relay.call.emit(lambda: deliver(done)))


def told_officer(tell: Tell, what: str) -> Callable[[BaseException], None]:
    """The default failure path: log `what` with the error's type, and tell the officer what to do."""

    def failed(error: BaseException) -> None:
        log.error("%s: %s", what, type(error).__name__)
        tell(f"{what} ({type(error).__name__}). The case is saved; try again, or tell IT support if it "
             "happens again.")

    return failed


class StopFlag:
    """A flag the GUI thread sets (a call ended, say) and work already in the background reads at its last
    moment, so it can stop before doing what is no longer wanted."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def set(self) -> None:
        self._event.set()

    def is_set(self) -> bool:
        return self._event.is_set()


class InOrder:
    """A lane for work that must happen one piece at a time, in the order asked (the simulated caller's
    lines: each is spoken only once the one before has finished)."""

    def __init__(self, name: str):
        self._lane = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self.closed = False

    def submit(self, fn: Callable[[], Any]) -> Future:
        """Queue `fn` after everything already asked; `when_done` brings its result back."""
        return self._lane.submit(fn)

    def close(self) -> None:
        """Take nothing more; what is already queued still runs, and nobody waits for it."""
        self.closed = True
        self._lane.shutdown(wait=False)


Stream = Callable[[Callable[[Any], None], threading.Event], object]


class Follower:
    """Reads one blocking event stream on a daemon thread of its own; each item reaches `on_item` on the GUI
    thread, in order. Nothing arrives once `stop()` has been called, even an item already on its way."""

    def __init__(self, stream: Stream, on_item: Callable[[Any], None], *, what: str, tell: Tell,
                 on_end: Callable[[], None] | None = None):
        self.what = what
        self._stopped = threading.Event()
        self._on_item, self._on_end, self._tell = on_item, on_end, tell
        _the_relay()  # made here, on the GUI thread, before the thread needs it
        threading.Thread(target=self._read, args=(stream,), name=f"following {what}", daemon=True).start()

    @property
    def stopped(self) -> bool:
        return self._stopped.is_set()

    def stop(self) -> None:
        """Stop reading: the stream sees it within its own polling interval, and nothing more is delivered."""
        self._stopped.set()

    def _read(self, stream: Stream) -> None:
        try:
            stream(lambda item: run_on_gui(lambda: self._deliver(item)), self._stopped)
        except Exception as error:  # noqa: BLE001 (a follower that dies must say so, on the GUI thread)
            kind = type(error).__name__
            run_on_gui(lambda: self._failed(kind))
            return
        run_on_gui(self._ended)

    def _deliver(self, item: Any) -> None:
        if not self.stopped:
            self._on_item(item)

    def _ended(self) -> None:
        # The stream gave up by itself (refused, or its owner is gone): only its user knows what that means.
        if not self.stopped and self._on_end is not None:
            self._on_end()

    def _failed(self, kind: str) -> None:
        log.error("following %s stopped: %s", self.what, kind)
        if self.stopped:
            return
        self._stopped.set()
        self._tell(f"This workstation stopped hearing {self.what} ({kind}). The case is saved; close it and open "
                   "it again.")


def follow(stream: Stream, on_item: Callable[[Any], None], *, what: str, tell: Tell,
           on_end: Callable[[], None] | None = None) -> Follower:
    """Start following `stream(emit, stopped)`, which calls `emit(item)` for each item and returns once
    `stopped` is set or it has nothing more. `what` names the stream in the officer's words ("the trainer's
    console"); `on_end` runs if the stream returns by itself; if it crashes, the officer is told through
    `tell`."""
    return Follower(stream, on_item, what=what, tell=tell, on_end=on_end)
