"""An exception nobody caught is logged and shown, never lost on stderr.

As qutebrowser's `misc/crashsignal.py` does, the workstation replaces
`sys.excepthook` (errors in Qt's callbacks arrive there too) and
`threading.excepthook` (errors on background threads). The traceback goes to
the log file; the officer is told once per kind of fault what happened, what
was kept safe and what to do, and the open case's draft is saved again at
once, in case the window is no longer fit to work in.
"""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path

from rvr_desktop.qt import QtCore, Signal

log = logging.getLogger(__name__)


class FaultReport(QtCore.QObject):
    """Installs both hooks; `window` offers `save_open_case()` and `show_error(title, text)`."""

    raised = Signal(str)  # the fault's kind, from any thread; handled on the GUI thread

    def __init__(self, window, log_file: Path, parent: QtCore.QObject | None = None):
        super().__init__(parent)
        self.window = window
        self.log_file = log_file
        self.shown: set[str] = set()
        self._telling = False
        self._previous = (sys.excepthook, threading.excepthook)
        self.raised.connect(self._tell)

    def install(self) -> FaultReport:
        sys.excepthook = self._uncaught
        threading.excepthook = self._uncaught_in_thread
        return self

    def uninstall(self) -> None:
        sys.excepthook, threading.excepthook = self._previous

    def _uncaught(self, kind, error, trace) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self._previous[0](kind, error, trace)
            return
        log.critical("uncaught %s", kind.__name__, exc_info=(kind, error, trace))
        self.raised.emit(kind.__name__)

    def _uncaught_in_thread(self, args) -> None:
        if issubclass(args.exc_type, SystemExit):
            return
        name = args.thread.name if args.thread is not None else "?"
        log.critical("uncaught %s on thread %s", args.exc_type.__name__, name,
                     exc_info=(args.exc_type, args.exc_value, args.exc_traceback))
        self.raised.emit(args.exc_type.__name__)

    def _tell(self, kind: str) -> None:
        if self._telling:
            return
        self._telling = True
        try:
            self._save_and_show(kind)
        except Exception:  # noqa: BLE001 (reported through the hook, a fault here would report itself for ever)
            log.critical("a fault could not be told to the officer", exc_info=True)
        finally:
            self._telling = False

    def _save_and_show(self, kind: str) -> None:
        self.window.save_open_case()
        if kind in self.shown:
            return
        self.shown.add(kind)
        self.window.show_error(
            "RVR Desktop hit a fault",
            f"A fault inside RVR Desktop ({kind}) stopped one task. It has been written to the log: {self.log_file}\n"
            "Kept safe: every case draft saved so far is in the encrypted case store, and the open case has just "
            "been saved again.\n"
            "What to do: carry on if the window still works; if anything looks wrong, close the case and open it "
            "again. Send the log to IT support so the fault is fixed.")
