"""Saves a case draft as the officer types, never more than a moment behind.

The first change after a save starts a short timer; further keystrokes do not
restart it, so continuous typing is still saved every half second. The save
itself runs on the store's thread: the GUI never waits for the disk.

Once the case is submitted there is nothing more to save: the store refuses
a draft over a submitted case (`CaseAlreadySubmitted`), and the saver takes
that, or being told the case has left, as the end of its work, not a fault.
"""

from __future__ import annotations

import logging
from datetime import datetime
from collections.abc import Callable

from rvr_desktop.qt import QtCore, Signal
from rvr_desktop.store.cases import CaseAlreadySubmitted, CaseHeadline
from rvr_desktop.store.failures import sort_store_error
from rvr_desktop.store.worker import StoreThread
from rvr_desktop.ui.background import Future, when_done

log = logging.getLogger(__name__)

SAVE_DELAY_MS = 500
LEFT = "Submitted: nothing more to save here."

Snapshot = Callable[[], tuple[dict, CaseHeadline]]


class DraftSaver(QtCore.QObject):
    """Debounced background saving of one case; reports its state for the UI."""

    state_changed = Signal(str)
    saved = Signal(int)

    def __init__(self, store: StoreThread, case_id: str, snapshot: Snapshot, parent: QtCore.QObject | None = None,
                 clock: Callable[[], datetime] | None = None):
        super().__init__(parent)
        # "Saved 14:02:31" is said on the case's clock (the force's zone; a practice scenario's time), the
        # same clock as every time the case records; without one, this computer's.
        self._clock = clock or (lambda: datetime.now().astimezone())
        self._store = store
        self._case_id = case_id
        self._snapshot = snapshot
        self._dirty = False
        self._in_flight = 0
        self.saved_revision = 0
        # A fault in the program fails every save alike: no more timed saves until an explicit flush succeeds.
        self._fault = False
        self.case_has_left = False
        self._timer = QtCore.QTimer(self, singleShot=True, interval=SAVE_DELAY_MS)
        self._timer.timeout.connect(self.flush)

    @property
    def has_unsaved_changes(self) -> bool:
        return self._dirty or self._in_flight > 0

    def mark_changed(self) -> None:
        """Call on every edit; the save follows within SAVE_DELAY_MS (after a fault, only on flush)."""
        if self.case_has_left:
            return
        self._dirty = True
        if not self._timer.isActive() and not self._fault:
            self._timer.start()
            self.state_changed.emit("Unsaved changes…")

    def flush(self) -> Future | None:
        """Save now if anything changed (for example when the case is closed)."""
        self._timer.stop()
        if not self._dirty or self.case_has_left:
            return None
        if self._store.closed:
            # Only after the workstation has shut its store: every earlier
            # change was flushed when the case closed.
            log.warning("a late change was not saved: the case store is already closed")
            return None
        self._dirty = False
        payload, headline = self._snapshot()
        case_id = self._case_id
        self._in_flight += 1
        self.state_changed.emit("Saving…")
        future = self._store.submit(lambda store: store.cases.save_draft(case_id, payload, headline))
        when_done(future, self._on_saved, self._on_failed)
        return future

    def case_left(self) -> None:
        """The case is in the outbox: what was submitted stands, and no draft is saved after it."""
        if self.case_has_left:
            return
        self.case_has_left = True
        self._dirty = False
        self._timer.stop()
        self.state_changed.emit(LEFT)

    def _on_saved(self, revision: int) -> None:
        self._in_flight -= 1
        self._fault = False
        self.saved_revision = max(self.saved_revision, revision)
        log.info("case draft saved at revision %d", revision)
        self.saved.emit(revision)
        if not self.has_unsaved_changes:
            self.state_changed.emit(f"Saved {self._clock():%H:%M:%S}")

    def _on_failed(self, error: BaseException) -> None:
        self._in_flight -= 1
        if isinstance(error, CaseAlreadySubmitted):
            # A save that was on its way when the case was submitted: the store kept the submitted case.
            log.info("a draft save came after the case was submitted; the submitted case stands")
            self.case_left()
            return
        # Keep the edits marked unsaved so the next change (or close) tries again.
        self._dirty = True
        failure = sort_store_error(error)
        if not failure.environment:
            # A bug fails the same way every time: retrying would only fill the log. Closing the case (or Ctrl+S)
            # tries once more.
            self._fault = True
            log.error("case draft could not be saved: a fault in the program", exc_info=error)
            self.state_changed.emit(f"Not saved: {failure.what_happened} Your typing is still on screen; everything "
                                    "saved before is safe. Copy anything important, then close the case and open it "
                                    "again, and send the log to IT support.")
            return
        log.error("case draft could not be saved: %s (%s)", failure.title, type(error).__name__)
        self.state_changed.emit(f"Not saved: {failure.what_happened} Your typing is still on screen; it will be "
                                f"saved again in a moment. What to do: {failure.what_to_do}")
        self._timer.start(2000)
