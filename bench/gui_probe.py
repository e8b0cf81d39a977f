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
    """A Qt application, practice settings, policy and an open store in a fresh folder."""
    import sys
    import tempfile
    from pathlib import Path

    from rvr_desktop.casework.policy_in_force import policy_for
    from rvr_desktop.qt import QtWidgets
    from rvr_desktop.settings import Mode, Settings
    from rvr_desktop.store.worker import StoreThread

    app = QtWidgets.QApplication(sys.argv[:1])
    folder = Path(tempfile.mkdtemp(prefix=prefix)) / "data"
    settings = Settings(Mode.PRACTICE, folder, "bench")
    store = StoreThread()
    store.open(folder, settings.officer).result()
    return app, settings, policy_for(settings), store


def main_window(settings, store, policy):
    """The workstation's main window over `store`, shown, as start-up leaves it."""
    from rvr_desktop.ui.main_window import MainWindow

    window = MainWindow(settings, store)
    window.store_opened(None)
    window.policy_loaded(policy)
    window.show()
    return window
