"""The call, beside every step: the officer writes the account while watching the caller.

From the moment the caller's link is made until the call is ended and
forgotten, the case view keeps this pane next to whatever step is open. It
holds the video view (made once, so the call never drops as the officer moves
between steps), a line naming who is in the call, and a flag that cannot be
missed when someone joins or leaves, the caller leaves quickly, or the trainer
fires an event: a coloured banner, a sound (rising for someone joining, an
insistent one for the rest: `ui/alert_sound.py`), the window's title and,
where the desktop has one, the taskbar's attention mark. The flag stays until
the officer presses "Seen".

"Pop out" moves the pane into a window of its own, for a second screen;
"Put back" (or closing that window) returns it beside the steps.
"""

from __future__ import annotations

import logging

from rvr_desktop.qt import QtCore, QtGui, QtWidgets, Qt
from rvr_desktop.ui.alert_sound import AlertSound, Chime
from rvr_desktop.ui.video_call import VideoCall

log = logging.getLogger(__name__)

FLAG_MARK = "● "  # before the window's title while a flag waits to be seen


class CallPane(QtWidgets.QWidget):
    """The case's live call, docked beside the steps or popped out."""

    def __init__(self, call: VideoCall, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        from rvr_desktop.ui.video_panel import VideoPanel  # QtWebEngine loads with the first call, not at start

        self.call = call
        self.heading = QtWidgets.QLabel("Video call")
        self.heading.setObjectName("sectionHeading")
        self.pop_button = QtWidgets.QPushButton("Pop out")
        self.pop_button.setToolTip("Show the call in a window of its own, for a second screen")
        self.pop_button.setAccessibleName("Pop out the video call")
        self.pop_button.clicked.connect(self.toggle_pop_out)
        top = QtWidgets.QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.pop_button)

        self.flag = QtWidgets.QFrame()
        self.flag.setObjectName("callFlag")
        self.flag_text = QtWidgets.QLabel()
        self.flag_text.setWordWrap(True)
        self.flag_text.setAccessibleName("Call news")
        self.seen = QtWidgets.QPushButton("Seen")
        self.seen.setAccessibleName("Seen: clear the call news")
        self.seen.clicked.connect(self.clear_flag)
        flag_row = QtWidgets.QHBoxLayout(self.flag)
        flag_row.addWidget(self.flag_text, 1)
        flag_row.addWidget(self.seen)
        self.flag.hide()

        self.alert_sound = AlertSound(self)  # loaded now, so the first alert is heard at once
        self.panel = VideoPanel(call)
        self.panel.peer_joined.connect(lambda news: self.raise_flag(news, Chime.JOINED))
        self.panel.peer_left.connect(self.raise_flag)
        call.left_quickly.connect(lambda _at: self.raise_flag("The caller left with Leave quickly"))
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.flag)
        layout.addWidget(self.panel, 1)
        self.setMinimumWidth(320)
        self._home: QtWidgets.QSplitter | None = None
        self._window: _PaneWindow | None = None
        self._titled: QtWidgets.QWidget | None = None  # the window whose title carries the flag

    # -- flags -----------------------------------------------------------------

    def raise_flag(self, news: str, chime: Chime = Chime.URGENT) -> None:
        """Something happened in the call the officer must notice, whatever they are typing."""
        stamp = self.call.session.now().astimezone(self.call.session.policy.zone)
        self.flag_text.setText(f"{stamp:%H:%M:%S} {news}.")
        self.flag.show()
        log.info("call news shown to the officer")
        self.alert_sound.play(chime)
        window = self.window()
        QtWidgets.QApplication.alert(window, 0)
        title = window.windowTitle()
        if not title.startswith(FLAG_MARK):
            window.setWindowTitle(FLAG_MARK + title)
            self._titled = window

    def clear_flag(self) -> None:
        self.flag.hide()
        window, self._titled = self._titled, None
        if window is not None and window.windowTitle().startswith(FLAG_MARK):
            window.setWindowTitle(window.windowTitle().removeprefix(FLAG_MARK))

    @property
    def flag_shown(self) -> str:
        """The news waiting to be seen; empty when there is none."""
        return self.flag_text.text() if not self.flag.isHidden() else ""

    # -- docked or popped out ------------------------------------------------------------

    def dock_in(self, splitter: QtWidgets.QSplitter) -> None:
        """Beside the steps: the splitter lets the officer give the call more or less room."""
        self._home = splitter
        splitter.addWidget(self)
        splitter.setStretchFactor(splitter.indexOf(self), 1)

    @property
    def popped_out(self) -> bool:
        return self._window is not None

    def toggle_pop_out(self) -> None:
        if self._window is None:
            self._pop_out()
        else:
            self.put_back()

    def _pop_out(self) -> None:
        self.clear_flag()  # the flag moves with the pane: its title mark belongs to the window it is in
        window = _PaneWindow(self)
        reference = self.call.session.case.intake.incident_reference or "new case"
        window.setWindowTitle(f"Video call — {reference} — RVR Desktop")
        self._window = window
        window.layout().addWidget(self)  # type: ignore[union-attr]
        window.resize(max(self.width(), 640), max(self.height(), 520))
        window.show()
        self.pop_button.setText("Put back")
        self.pop_button.setAccessibleName("Put the video call back beside the steps")

    def put_back(self) -> None:
        window, self._window = self._window, None
        if window is None:
            return
        self.clear_flag()
        if self._home is not None:
            self._home.addWidget(self)
        window.release()
        window.close()
        window.deleteLater()
        self.pop_button.setText("Pop out")
        self.pop_button.setAccessibleName("Pop out the video call")

    def close_pane(self) -> None:
        """The call is over for this case: its window, if popped out, goes too."""
        if self._window is not None:
            self.put_back()


class _PaneWindow(QtWidgets.QWidget):
    """The pane's own window; closing it puts the pane back beside the steps rather than ending the call."""

    def __init__(self, pane: CallPane):
        super().__init__(None, Qt.WindowType.Window)
        self._pane: CallPane | None = pane
        QtWidgets.QVBoxLayout(self).setContentsMargins(4, 4, 4, 4)

    def release(self) -> None:
        self._pane = None

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        pane, self._pane = self._pane, None
        if pane is not None:
            QtCore.QTimer.singleShot(0, pane.put_back)
        super().closeEvent(event)
