"""Asking the link service for something until it confirms it, for as long as the workstation runs: to forget a
call, or to take a request to sign off a page.

A case that ends (escalated, submitted, closed, caller unreachable) has its call forgotten by the service: its
links, codes, uploads and the caller's number. Until that is confirmed her link may still open, so a refusal or
an outage is not left for the officer to notice: the request is repeated with a growing pause, on the GUI
thread's timers, by nothing that belongs to the case's window. Closing the case, or its window, does not stop
it; closing the workstation does (the service forgets an unclaimed session by itself after a while, and a link
stops opening when its time is up).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from rvr_desktop.qt import QtCore, QtWidgets
from rvr_desktop.ui.background import run_in_background, when_done

log = logging.getLogger(__name__)

# Seconds between asking again; the last is repeated.
FORGET_AGAIN_AFTER_S = (2, 5, 15, 30, 60)

_asking: set[str] = set()  # what is being asked for now: one round of asking each, however often it is started


def keep_asking(key: str, ask: Callable[[], None], done: Callable[[], None],
                first_failure: Callable[[BaseException, int], None], what: str, attempt: int = 0) -> None:
    """Run `ask` (off the GUI thread) until it returns without raising; then `done()`. The first failure is
    handed to `first_failure(error, seconds until the next try)`, for the officer. `key` names what is asked,
    so asking twice for one thing makes one round; `what` says it in the log, with no case data."""
    if attempt == 0:
        if key in _asking:
            return
        _asking.add(key)

    def succeeded(_result) -> None:
        _asking.discard(key)
        if attempt:
            log.info("the link service confirmed %s after %d attempts", what, attempt + 1)
        done()

    def failed(error: BaseException) -> None:
        delay = FORGET_AGAIN_AFTER_S[min(attempt, len(FORGET_AGAIN_AFTER_S) - 1)]
        log.error("the link service did not confirm %s (%s): asked again in %d s", what, type(error).__name__, delay)
        if attempt == 0:
            first_failure(error, delay)
        # The application as the timer's context: it outlives the case's window, and a timer never fires after
        # the application is gone.
        application = QtWidgets.QApplication.instance()
        if application is None:  # the workstation is closing
            _asking.discard(key)
            return
        QtCore.QTimer.singleShot(delay * 1000, application, lambda: keep_asking(
            key, ask, done, first_failure, what, attempt + 1))

    when_done(run_in_background(ask), succeeded, failed)


def keep_asking_to_forget(service, session_id: str, forgotten: Callable[[], None],
                          first_failure: Callable[[BaseException, int], None]) -> None:
    """Ask `service` (a running link service) to forget `session_id` until it does; then `forgotten()`."""
    def forget() -> None:
        with service.client() as own:  # a client of its own: the case's may be closed by now
            own.forget(session_id)

    keep_asking(f"forget {session_id}", forget, forgotten, first_failure, "forgetting a call")
