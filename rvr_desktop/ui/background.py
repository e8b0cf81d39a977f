"""Results of background work, delivered on the GUI thread.

`when_done(future, on_success, on_failure)` is the one way the windows wait
for disk or network: the work runs elsewhere and the callbacks run on the GUI
thread, through a queued signal, once it has finished.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from rvr_desktop.qt import QtCore, Qt, Signal

_pending: set["_Relay"] = set()
# For work that is not the store's: reading policy files, making documents.
_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="background")


class _Relay(QtCore.QObject):
    finished = Signal(object)

    def __init__(self, on_success: Callable[[Any], None], on_failure: Callable[[BaseException], None]):
        super().__init__()
        self._on_success = on_success
        self._on_failure = on_failure
        self.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def _deliver(self, future: Future) -> None:
        _pending.discard(self)
        error = future.exception()
        if error is None:
            self._on_success(future.result())
        else:
            self._on_failure(error)


def when_done(future: Future, on_success: Callable[[Any], None],
              on_failure: Callable[[BaseException], None]) -> None:
    """Call one of the callbacks on the GUI thread when `future` finishes."""
    relay = _Relay(on_success, on_failure)
    _pending.add(relay)  # Kept alive until delivered.
    future.add_done_callback(relay.finished.emit)


def run_in_background(fn: Callable[[], Any]) -> Future:
    """Run `fn` on the background pool; pair with `when_done` for the result."""
    return _pool.submit(fn)
