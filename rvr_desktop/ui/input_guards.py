"""Application-wide guards on input the officer did not mean for a field.

Two things went wrong under time pressure, both because a widget took input
meant for something else:

- `KeysNoFieldTakes`: before a shortcut fires, Qt offers the key to the
  widget with focus as a ShortcutOverride event, and a widget that accepts it
  gets the key as typing, so the shortcut never fires. With X11's key
  bindings a one-line field accepts Ctrl+E (move to the end of the line): the
  escalation key failed in the very fields where the officer's cursor
  usually is. This filter sees the offer before any widget and refuses it
  for the keys it keeps, whatever has focus.
- `WheelOnlyScrolls`: a drop-down, spin box or slider under the pointer takes
  the wheel and changes its value, though the officer only meant to scroll
  the page (a child's "present at the incident" flipped from Yes to No). The
  wheel now changes such a control only once the officer has put focus in
  it; otherwise it scrolls the page around it.

Both are event filters on the application, so no page can forget them.
"""

from __future__ import annotations

from collections.abc import Iterable

from rvr_desktop.qt import QtCore, QtGui, QtWidgets

# Controls whose value the wheel changes; a scroll bar is a slider too, but scrolling is what it is for.
_CHANGED_BY_WHEEL = (QtWidgets.QComboBox, QtWidgets.QAbstractSpinBox, QtWidgets.QAbstractSlider)


class KeysNoFieldTakes(QtCore.QObject):
    """Refuse every widget's claim on `keys`, so their shortcuts fire wherever the focus is.

    Install it on the application; it stops working when its parent is destroyed.
    """

    def __init__(self, keys: Iterable[str], parent: QtCore.QObject):
        super().__init__(parent)
        self._keys = {_portable(QtGui.QKeySequence(sequence)) for sequence in keys}

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if event.type() is QtCore.QEvent.Type.ShortcutOverride and isinstance(event, QtGui.QKeyEvent):
            pressed = event.keyCombination()
            # The number pad's keys count as the same keys, as they do for shortcuts.
            modifiers = pressed.keyboardModifiers() & ~QtCore.Qt.KeyboardModifier.KeypadModifier
            if _portable(QtGui.QKeySequence(QtCore.QKeyCombination(modifiers, pressed.key()))) in self._keys:
                # Not accepted: Qt then asks its shortcut map, which holds the application's shortcut.
                event.ignore()
                return True
        return False


def _portable(keys: QtGui.QKeySequence) -> str:
    return keys.toString(QtGui.QKeySequence.SequenceFormat.PortableText)


class WheelOnlyScrolls(QtCore.QObject):
    """The wheel over a control without focus scrolls the page instead of changing the control."""

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if event.type() is not QtCore.QEvent.Type.Wheel or not isinstance(event, QtGui.QWheelEvent):
            return False
        if not isinstance(watched, _CHANGED_BY_WHEEL) or isinstance(watched, QtWidgets.QScrollBar):
            return False
        focus = QtWidgets.QApplication.focusWidget()
        if watched.hasFocus() or (focus is not None and watched.isAncestorOf(focus)):
            return False  # the officer chose this control: the wheel is theirs to use on it
        area = _scroll_area_around(watched)
        if area is not None:
            viewport = area.viewport()
            scroll = QtGui.QWheelEvent(watched.mapTo(viewport, event.position()), event.globalPosition(),
                                       event.pixelDelta(), event.angleDelta(), event.buttons(), event.modifiers(),
                                       event.phase(), event.inverted(), event.source())
            QtCore.QCoreApplication.sendEvent(viewport, scroll)
        return True


def _scroll_area_around(widget: QtWidgets.QWidget) -> QtWidgets.QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QtWidgets.QAbstractScrollArea):
        parent = parent.parentWidget()
    return parent


def guard_the_wheel(owner: QtCore.QObject) -> None:
    """Install `WheelOnlyScrolls` on the application for as long as `owner` lives (the main window)."""
    application = QtWidgets.QApplication.instance()
    if application is not None:
        application.installEventFilter(WheelOnlyScrolls(owner))
