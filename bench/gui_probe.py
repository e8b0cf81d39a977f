"""Measuring the GUI thread's stalls: shared by the benchmarks that drive a window."""

from __future__ import annotations

import time

from rvr_desktop.qt import QtCore, Qt

PROBE_MS = 5


class LagProbe(QtCore.QObject):
    """Records how late a 5 ms timer fires: the GUI thread's stalls."""

    def __init__(self):
        super().__init__()
        self.lags: list[float] = []
        self._last = time.perf_counter()
        self._timer = QtCore.QTimer(self, interval=PROBE_MS, timerType=Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._tick)

    def start(self):
        self.lags = []
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self):
        self._timer.stop()

    def _tick(self):
        now = time.perf_counter()
        self.lags.append(max(0.0, (now - self._last) * 1000 - PROBE_MS))
        self._last = now


def run_for(app, seconds: float, each_100ms=None):
    loop = QtCore.QEventLoop()
    if each_100ms:
        typer = QtCore.QTimer(interval=100)
        typer.timeout.connect(each_100ms)
        typer.start()
    QtCore.QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()
    if each_100ms:
        typer.stop()


def practice_workstation(prefix: str):
    """A Qt application and a practice workstation in a fresh folder, built as `rvr-desktop` builds it, its store
    open and its policy read; no services started (`workstation.start_services` starts them)."""
    import sys
    import tempfile
    from pathlib import Path

    from rvr_desktop.app import Workstation
    from rvr_desktop.qt import QtWidgets
    from rvr_desktop.settings import Mode, Settings

    app = QtWidgets.QApplication(sys.argv[:1])
    folder = Path(tempfile.mkdtemp(prefix=prefix)) / "data"
    workstation = Workstation(Settings(Mode.PRACTICE, folder, "bench"), services=None)
    workstation.start()
    deadline = time.monotonic() + 60
    while not workstation.ready_for_cases:
        if time.monotonic() > deadline:
            raise TimeoutError("the practice workstation did not open its store and policy within 60 s")
        app.processEvents(QtCore.QEventLoop.ProcessEventsFlag.AllEvents, 50)
    return app, workstation


def main_window(workstation):
    """The workstation's main window, shown, as start-up leaves it."""
    from rvr_desktop.ui.main_window import MainWindow

    window = MainWindow(workstation)
    window.show()
    return window
