"""Typing any script into a real widget.

QTest's key clicks only know Latin-1 (it asserts on anything else), so other
scripts and emoji arrive the way an input method delivers them: as a
committed input-method event, which the widget handles like real typing.
"""

from __future__ import annotations

from rvr_desktop.qt import QtCore, QtGui, QtWidgets


def type_text(qtbot, widget: QtWidgets.QWidget, text: str) -> None:
    widget.setFocus()
    run = ""
    for ch in text:
        if ch.isascii() and ch.isprintable():
            run += ch
            continue
        if run:
            qtbot.keyClicks(widget, run)
            run = ""
        if ch == "\n":
            qtbot.keyClick(widget, QtCore.Qt.Key.Key_Return)
        else:
            event = QtGui.QInputMethodEvent()
            event.setCommitString(ch)
            QtWidgets.QApplication.sendEvent(widget, event)
    if run:
        qtbot.keyClicks(widget, run)
