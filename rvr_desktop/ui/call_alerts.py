"""What the officer must see at once about the caller's link, on whatever step they are.

Two things the person holding the victim's phone can cause are shown here,
above the steps, until the officer deals with them:

- the caller pressed Leave quickly: they may not be safe. One key (Ctrl+E or
  F9, or the banner's button) escalates with that as the reason, no pick
  needed; the officer adds details afterwards;
- the caller's link was opened again on a device that is not the caller's
  tab: it waits, not in the call, until the officer admits or refuses it.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from rvr_desktop.qt import QtWidgets, Signal
from rvr_desktop.casework.call_events import WaitingDevice
from rvr_desktop.ui.video_call import VideoCall


class CallAlerts(QtWidgets.QWidget):
    """The banners of one case's call; `escalate` asks the case view to escalate with this reason."""

    escalate = Signal(str)

    def __init__(self, call: VideoCall, local: ZoneInfo, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.call = call
        self._zone = local
        self._layout = QtWidgets.QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.quick_exit: QtWidgets.QFrame | None = None
        self.quick_exit_reason = ""
        self.devices: dict[str, QtWidgets.QFrame] = {}
        call.left_quickly.connect(self.caller_left_quickly)
        call.admission_asked.connect(self.device_waiting)
        call.admission_settled.connect(self.device_settled)
        for waiting in list(call.waiting_devices.values()):  # asked before this view was made
            self.device_waiting(waiting)
        self.setVisible(False)

    def _time(self, moment: datetime) -> str:
        return f"{moment.astimezone(self._zone):%H:%M:%S}"

    def _banner(self, text: str, name: str) -> tuple[QtWidgets.QFrame, QtWidgets.QHBoxLayout]:
        frame = QtWidgets.QFrame()
        frame.setObjectName("dangerPanel")
        row = QtWidgets.QHBoxLayout(frame)
        label = QtWidgets.QLabel(text)
        label.setWordWrap(True)
        label.setObjectName(name)
        row.addWidget(label, 1)
        frame.setAccessibleName(text)
        self._layout.addWidget(frame)
        self.setVisible(True)
        return frame, row

    def caller_left_quickly(self, at: datetime) -> None:
        self.quick_exit_reason = f"The caller left with Leave quickly at {self._time(at)}: they may not be safe."
        if self.quick_exit is not None:
            self.quick_exit.deleteLater()
        text = (f"{self.quick_exit_reason} Their link is locked: it opens again only if you admit the device. "
                "Escalate if you cannot confirm they are safe.")
        self.quick_exit, row = self._banner(text, "quickExitNotice")
        escalate = QtWidgets.QPushButton("Escalate now — officers deployed (Ctrl+E or F9)")
        escalate.setAccessibleName("Escalate now")
        escalate.clicked.connect(lambda: self.escalate.emit(self.quick_exit_reason))
        noted = QtWidgets.QPushButton("Noted: the caller is safe")
        noted.setAccessibleName("Noted, the caller is safe")
        noted.clicked.connect(self.dismiss_quick_exit)
        row.addWidget(escalate)
        row.addWidget(noted)

    def dismiss_quick_exit(self) -> None:
        if self.quick_exit is not None:
            self.quick_exit.deleteLater()
            self.quick_exit = None
        self.quick_exit_reason = ""
        self._hide_if_empty()

    def device_waiting(self, waiting: WaitingDevice) -> None:
        if waiting.request_id in self.devices:
            return
        frame, row = self._banner(waiting.question(self._time(waiting.asked_at)), "deviceWaiting")
        admit = QtWidgets.QPushButton(f"Admit, disconnecting the {waiting.role}" if waiting.holder_in_call else "Admit")
        admit.setAccessibleName(admit.text())
        refuse = QtWidgets.QPushButton("Refuse")
        refuse.setAccessibleName("Refuse the device")
        for button, answer in ((admit, True), (refuse, False)):
            button.clicked.connect(lambda _=False, a=answer: self._answer(waiting.request_id, a))
            row.addWidget(button)
        self.devices[waiting.request_id] = frame

    def _answer(self, request_id: str, admit: bool) -> None:
        frame = self.devices.get(request_id)
        if frame is not None:
            frame.setEnabled(False)  # answered: the service's reply takes the banner down
        self.call.answer_device(request_id, admit)

    def device_settled(self, request_id: str) -> None:
        frame = self.devices.pop(request_id, None)
        if frame is not None:
            frame.deleteLater()
        self._hide_if_empty()

    def _hide_if_empty(self) -> None:
        self.setVisible(self.quick_exit is not None or bool(self.devices))
