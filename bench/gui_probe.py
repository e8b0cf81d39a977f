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
