"""Guards on input the officer did not mean for a field.

Two things went wrong under time pressure, both because a widget took input
meant for something else:

- `KeysNoFieldTakes`: before a shortcut fires, Qt offers the key to the
  widget with focus as a ShortcutOverride event, and a widget that accepts it
  gets the key as typing, so the shortcut never fires. With X11's key
  bindings a one-line field accepts Ctrl+E (move to the end of the line): the
  escalation key failed in the very fields where the officer's cursor
  usually is. The guard sits on whichever widget has the focus and refuses
  the offer for the keys it keeps.
- `DropDown`: a drop-down under the pointer took the wheel and changed its
  answer, though the officer only meant to scroll the page (a child's
  "present at the incident" flipped from Yes to No). The wheel changes a
  `DropDown` only once the officer has put the focus in it; otherwise the
  page around it scrolls. Every drop-down in the workstation is one (a test
  walks every step); there are no spin boxes or sliders, and one added must
  ignore an unchosen wheel the same way.

Why not one event filter on the whole application: PySide 6.11 crashes in
such a filter the first time it meets some of QtWebEngine's objects
(wrapping the object sets a property, whose change event re-enters the
filter for the same object), and the video call is a QtWebEngine view.
"""

from __future__ import annotations

from collections.abc import Iterable

from rvr_desktop.qt import QtCore, QtGui, QtWidgets


class KeysNoFieldTakes(QtCore.QObject):
    """Refuse the focused widget's claim on `keys`, so their shortcuts fire wherever the focus is.

    It follows the focus from widget to widget until `stop()` or until its parent is destroyed.
    """

    def __init__(self, keys: Iterable[str], parent: QtCore.QObject):
        super().__init__(parent)
        self._keys = {_portable(QtGui.QKeySequence(sequence)) for sequence in keys}
        application = QtWidgets.QApplication.instance()
        if isinstance(application, QtWidgets.QApplication):
            application.focusChanged.connect(self._follow)
        self._follow(None, QtWidgets.QApplication.focusWidget())

    def _follow(self, old: QtWidgets.QWidget | None, new: QtWidgets.QWidget | None) -> None:
        if old is not None:
            old.removeEventFilter(self)
        if new is not None:
            new.installEventFilter(self)

    def stop(self) -> None:
        """Leave the focused widget, and follow the focus no more."""
        application = QtWidgets.QApplication.instance()
        if isinstance(application, QtWidgets.QApplication):
            application.focusChanged.disconnect(self._follow)
        self._follow(QtWidgets.QApplication.focusWidget(), None)

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


class DropDown(QtWidgets.QComboBox):
    """A drop-down the wheel changes only once the officer has chosen it; otherwise the wheel scrolls the page."""

    def __init__(self, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        # A drop-down's own policy (WheelFocus) lets the wheel itself give it the focus, and so the answer.
        self.setFocusPolicy(QtCore.Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, e: QtGui.QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(e)
        else:
            e.ignore()  # Qt passes it on to the widgets around: the page's scroll area scrolls
