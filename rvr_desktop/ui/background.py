"""Results of background work, delivered on the GUI thread.

`when_done(future, on_success, on_failure)` is the one way the windows wait
for disk or network: the work runs elsewhere and the callbacks run on the GUI
thread, through a queued signal, once it has finished.

One long-lived relay object, made on first use, carries every result: no
QObject is created or connected per call.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from rvr_desktop.qt import QtCore, QtWidgets, Signal

# For work that is not the store's: reading policy files, making documents.
_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="background")


class _Relay(QtCore.QObject):
    finished = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        # Auto connection: queued when emitted from a worker thread, because
        # this object lives on the GUI thread.
        self.finished.connect(self._deliver)

    @staticmethod
    def _deliver(delivery: tuple) -> None:
        future, on_success, on_failure = delivery
        error = future.exception()
        if error is None:
            on_success(future.result())
        else:
            on_failure(error)


_relay: _Relay | None = None


def _the_relay() -> _Relay:
    global _relay
    if _relay is None:
        _relay = _Relay()
        app = QtWidgets.QApplication.instance()
        if app is None:
            raise RuntimeError("results reach the GUI thread only once the application exists")
        _relay.moveToThread(app.thread())
    return _relay


def when_done(future: Future, on_success: Callable[[Any], None],
              on_failure: Callable[[BaseException], None]) -> None:
    """Call one of the callbacks on the GUI thread when `future` finishes."""
    relay = _the_relay()
    future.add_done_callback(lambda done: relay.finished.emit((done, on_success, on_failure)))


def run_in_background(fn: Callable[[], Any]) -> Future:
    """Run `fn` on the background pool; pair with `when_done` for the result."""
    return _pool.submit(fn)
