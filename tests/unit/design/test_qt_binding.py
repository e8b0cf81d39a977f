"""The Qt binding must not lose references to Python's singletons.

PySide6 6.12.0 decrements None on every call that returns nothing and True
on every emit; on Python 3.11 the workstation then aborts after a few
thousand such calls ("deallocating None"). Ten thousand of each here would
abort or show the drift.
"""

from __future__ import annotations

import sys

from rvr_desktop.qt import QtCore, QtWidgets, Signal

CALLS = 10_000


class _Emitter(QtCore.QObject):
    fired = Signal(object)


def test_calls_and_emits_keep_none_true_and_false_alive(qapp):
    emitter = _Emitter()
    received = []
    emitter.fired.connect(received.append)
    label = QtWidgets.QLabel()
    before = [sys.getrefcount(x) for x in (None, True, False)]
    for n in range(CALLS):
        label.setText("x")
        emitter.fired.emit(n)
        qapp.processEvents()
    after = [sys.getrefcount(x) for x in (None, True, False)]
    assert len(received) == CALLS
    # A few references come and go with the interpreter's own work; a leak
    # would be thousands.
    assert [abs(a - b) < 100 for a, b in zip(after, before)] == [True, True, True], (before, after)
