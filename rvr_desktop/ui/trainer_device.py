"""A trainer playing the caller from their own device: the console on the link service, and its panel.

`TrainerConsoleLink` opens the trainer's console on the link service once
the service is up (again, after a failure), follows what the trainer fires
there (through the background helper's follower), marks on the console the events the scenario's
timetable fired by itself (so the trainer acts them), and closes the console
when the run ends. `TrainerDevicePanel` is what the trainee's window shows
instead of the caller's script: a QR code for the trainer to scan, and the
practice authority their device must trust.
"""

from __future__ import annotations

import logging
import time

from rvr_desktop.qt import Qt, QtCore, QtGui, QtWidgets, Signal
from rvr_desktop.ui.background import Follower, follow, run_in_background, when_done
from rvr_desktop.ui.form import heading

log = logging.getLogger(__name__)
RETRY_SECONDS = 10


class TrainerConsoleLink(QtCore.QObject):
    """One run's console on the link service, from opening to closing."""

    ready = Signal(str)  # the console's address, for the trainer's device
    opened_on_device = Signal()
    fired = Signal(str)  # an event id the trainer fired
    told = Signal(str)

    def __init__(self, session, brief: dict, phone_number: str, parent: QtCore.QObject | None = None):
        super().__init__(parent)
        self.session = session
        self.brief = brief
        self.phone_number = phone_number
        self.console = None
        self._service = None
        self._pending = False
        self._retry_at = 0.0
        self._closed = False
        self._follower: Follower | None = None

    def open_when_ready(self) -> None:
        """Called now and then: opens the console once the link service is up with a trainer network."""
        service = self.session.services.links
        if (self._closed or self.console is not None or self._pending or service is None
                or not service.network_url or time.monotonic() < self._retry_at):
            return
        self._pending = True
        brief, phone = self.brief, self.phone_number

        def open_it():
            with service.client() as client:
                return client.open_trainer_console(brief, phone)

        when_done(run_in_background(open_it), lambda console: self._opened(service, console), self._not_opened)

    def _opened(self, service, console) -> None:
        from rvr_desktop.video.events import follow_console

        self._pending = False
        self.console, self._service = console, service
        if self._closed:
            self.close()
            return
        self._follower = follow(
            lambda emit, stopped: follow_console(service.base_url, service.token, console.console_id, emit, stopped),
            self._hear, what="the trainer's console", tell=self.told.emit, on_end=self._not_heard)
        self.ready.emit(console.url)

    def _not_opened(self, error: BaseException) -> None:
        self._pending = False
        if self._closed:
            return
        self._retry_at = time.monotonic() + RETRY_SECONDS
        self.told.emit(f"The trainer's console could not be opened; trying again in {RETRY_SECONDS} seconds. "
                       f"({error})")

    def _hear(self, said: dict) -> None:
        kind = said.get("kind")
        if kind == "console_opened":
            self.opened_on_device.emit()
        elif kind == "fired" and said.get("by") != "timetable":  # the timetable's came from this run
            self.fired.emit(str(said.get("event_id", "")))

    def _not_heard(self) -> None:
        # The stream was refused or is gone (the service restarted): the trainee must know.
        if not self._closed:
            self.told.emit("This workstation no longer hears the trainer's console (the link service stopped or "
                           "restarted), so events fired there will not reach this run. The case is safe; close it "
                           "and start the scenario again.")

    def mark_fired(self, event_id: str) -> None:
        """The timetable fired `event_id`: show it on the console, so the trainer acts it now."""
        console, service = self.console, self._service
        if console is None or service is None or self._closed:
            return

        def mark():
            with service.client() as client:
                client.mark_console_event_fired(console.console_id, event_id)

        when_done(run_in_background(mark), tell=self.told.emit, what="The trainer's console was not told the event is due")

    def close(self) -> None:
        """The run has ended: the console's page says so, and nothing more is followed."""
        self._closed = True
        if self._follower is not None:
            self._follower.stop()
        console, service, self.console = self.console, self._service, None
        if console is None or service is None:
            return

        def close_it():
            with service.client() as client:
                client.close_trainer_console(console.console_id)

        # If the service has gone, so has the console; nothing to tell anyone.
        when_done(run_in_background(close_it),
                  on_failure=lambda error: log.info("trainer's console not closed: %s", type(error).__name__))


class TrainerDevicePanel(QtWidgets.QWidget):
    """How the trainer's device opens its console: a QR code to scan, and the certificate it must trust.

    The code (and the address) hold the console's key; once the trainer's
    device has opened the console they are hidden, so the trainee does not
    scan the caller's hidden truth by accident."""

    def __init__(self, link: TrainerConsoleLink, certificate=None, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.code = QtWidgets.QLabel()
        self.code.setAccessibleName("QR code of the trainer's console")
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.address = QtWidgets.QLabel("Opening the trainer's console…")
        self.address.setWordWrap(True)
        self.address.setAccessibleName("Trainer's console address")
        self.address.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.show_again = QtWidgets.QPushButton("Show the trainer's code again")
        self.show_again.setAccessibleName("Show the trainer's code again")
        self.show_again.hide()
        self.show_again.clicked.connect(lambda: self._reveal(True))
        explain = QtWidgets.QLabel("The trainer scans this code with their phone or laptop. Their console shows the "
                                   "caller's script, the texts sent to the caller's phone (tap the link to join as "
                                   "the caller) and the events to fire.")
        explain.setWordWrap(True)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading("The trainer plays the caller"))
        layout.addWidget(explain)
        layout.addWidget(self.code)
        layout.addWidget(self.address)
        layout.addWidget(self.show_again)
        if certificate is not None:
            trust = QtWidgets.QLabel(f"The first time, the trainer's device must trust this computer's practice "
                                     f"authority, {certificate.authority}. Check the fingerprint it shows is:")
            trust.setWordWrap(True)
            trust.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.fingerprint = QtWidgets.QLabel(grouped(certificate.fingerprint))
            self.fingerprint.setAccessibleName("SHA-256 fingerprint of the practice authority")
            self.fingerprint.setFont(QtGui.QFontDatabase.systemFont(QtGui.QFontDatabase.SystemFont.FixedFont))
            self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(trust)
            layout.addWidget(self.fingerprint)
        layout.addStretch(1)
        link.ready.connect(self.show_console)
        link.opened_on_device.connect(lambda: self._reveal(False))

    def show_console(self, url: str) -> None:
        self.address.setText(url)
        self.code.setPixmap(qr_pixmap(url, self.devicePixelRatioF()))

    def _reveal(self, shown: bool) -> None:
        self.code.setVisible(shown)
        self.address.setVisible(shown)
        self.show_again.setVisible(not shown)


def grouped(fingerprint: str) -> str:
    """A SHA-256 fingerprint in four lines of eight bytes, as it can be read aloud and compared."""
    pairs = fingerprint.split(":")
    return "\n".join(":".join(pairs[i:i + 8]) for i in range(0, len(pairs), 8))


def qr_pixmap(text: str, pixel_ratio: float = 1.0) -> QtGui.QPixmap:
    """`text` as a QR code, sized for a phone's camera a metre or so from the screen."""
    import io

    import segno

    png = io.BytesIO()
    segno.make(text, error="m").save(png, kind="png", scale=max(2, round(4 * pixel_ratio)), border=4)
    pixmap = QtGui.QPixmap()
    pixmap.loadFromData(png.getvalue(), "PNG")
    pixmap.setDevicePixelRatio(pixel_ratio)
    return pixmap
