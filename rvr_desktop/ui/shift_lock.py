"""The workstation locks itself when nobody has touched it for the force's set time (live.toml's [sign_in]
lock_minutes, 10 by default): a control room is shared, and an open case left on a screen is a victim's
account in view of whoever walks past.

Any key, click, wheel or pointer movement in any of the program's windows counts as the officer being there.
A call in progress also counts (`busy`): the officer may listen for minutes without touching anything, and
must never lose sight of the caller.
"""

from __future__ import annotations

from collections.abc import Callable

from rvr_desktop.qt import QtCore, QtGui, QtWidgets, Signal

_INPUT = {QtCore.QEvent.Type.KeyPress, QtCore.QEvent.Type.MouseButtonPress, QtCore.QEvent.Type.MouseMove,
          QtCore.QEvent.Type.Wheel, QtCore.QEvent.Type.TouchBegin}


class ShiftLock(QtCore.QObject):
    """Emits `due` after `minutes` without input, unless `busy()` says the officer is in a call."""

    due = Signal()

    def __init__(self, minutes: float, busy: Callable[[], bool], parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._busy = busy
        self._timer = QtCore.QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(round(minutes * 60_000))
        self._timer.timeout.connect(self._idle)
        # Watched at each of the program's windows (QWindow), where the desktop's input arrives before any
        # widget: a filter on the whole application would be asked about every event of every object, and
        # PySide makes a Python wrapper of each (one being made asks again: a recursion that crashes).
        app = QtWidgets.QApplication.instance()
        if isinstance(app, QtWidgets.QApplication):
            app.focusWindowChanged.connect(self._watch)
            for window in app.topLevelWindows():
                self._watch(window)
        self._timer.start()

    def _watch(self, window: QtGui.QWindow | None) -> None:
        if window is not None:
            window.installEventFilter(self)  # installing it again on the same window changes nothing

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() in _INPUT:
            self._timer.start()
        return False

    def _idle(self) -> None:
        if self._busy():
            self._timer.start()
            return
        self.due.emit()

    def restart(self) -> None:
        """Count from now (after an unlock)."""
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        app = QtWidgets.QApplication.instance()
        if isinstance(app, QtWidgets.QApplication):
            app.focusWindowChanged.disconnect(self._watch)
            for window in app.topLevelWindows():
                window.removeEventFilter(self)
