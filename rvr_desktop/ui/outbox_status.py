"""Where submitted cases stand: the status-bar indicator and each case's state in words.

The outbox worker reports from its own thread through plain callbacks; the
composition root (`app.Workstation`) re-emits them as its own Qt signals,
which Qt queues to the GUI thread, so the indicator is only ever touched
there.
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

from rvr_desktop.qt import QtWidgets, Qt, Signal
from rvr_desktop.store.outbox import CaseDelivery, OutboxState, from_utc_text
from rvr_desktop.sync.status import OutboxStatus


def _clock(moment: datetime, now: datetime, zone: tzinfo | None) -> str:
    # The force's zone once its policy is loaded (before that, this computer's): the one clock on every screen.
    local, today = moment.astimezone(zone), now.astimezone(zone)
    return f"{local:%H:%M}" if local.date() == today.date() else f"{local:%d %b %H:%M}"


def case_state_text(delivery: CaseDelivery | None, now: datetime | None = None, zone: tzinfo | None = None) -> str:
    """One line for the case list: queued, sending, delivered (with crime reference) or needs attention."""
    if delivery is None:
        return ""
    now = now or datetime.now(UTC)
    if delivery.state is OutboxState.DELIVERED:
        return f"Delivered — crime reference {delivery.crime_reference}"
    if delivery.state is OutboxState.SENDING:
        return "Sending to the records system…"
    if delivery.state is OutboxState.NEEDS_ATTENTION:
        return "Needs attention — the records system refused it (see details)"
    if delivery.attempts:
        return f"Queued — trying again at {_clock(from_utc_text(delivery.next_attempt_utc), now, zone)}"
    return "Queued — waiting to send"


def case_state_details(delivery: CaseDelivery | None) -> str:
    """The full message behind the one-line state: what happened, what is safe, what to do."""
    if delivery is None:
        return "Not submitted: the case is a draft on this workstation."
    if delivery.state is OutboxState.DELIVERED:
        return (f"The records system holds this case and all its exhibits as crime reference "
                f"{delivery.crime_reference}. Give the victim this reference as written acknowledgement.")
    return delivery.last_error or "Waiting its turn; nothing has gone wrong."


def status_text(status: OutboxStatus, now: datetime | None = None, zone: tzinfo | None = None) -> str:
    """The indicator's words: online or offline, queue length, last success."""
    now = now or datetime.now(UTC)
    if status.paused:
        where = "Sending paused (see details)"
    elif status.online is None:
        where = "Records system: not contacted yet"
    elif status.online:
        where = "Records system online"
    else:
        where = "Records system offline"
    parts = [where]
    if status.waiting:
        parts.append(f"{status.waiting} case{'s' * (status.waiting != 1)} waiting")
    else:
        parts.append("nothing waiting")
    if status.needs_attention:
        parts.append(f"{status.needs_attention} need{'s' * (status.needs_attention == 1)} attention")
    if status.last_delivered_utc:
        parts.append(f"last sent {_clock(from_utc_text(status.last_delivered_utc), now, zone)}")
    if status.online is False and status.waiting and status.next_attempt_at is not None:
        parts.append(f"next try {_clock(status.next_attempt_at, now, zone)}")
    return " · ".join(parts)


class OutboxIndicator(QtWidgets.QWidget):
    """The status-bar indicator, with "Retry now". Updated by `show_status` on the GUI thread."""

    retry_requested = Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.light = QtWidgets.QLabel("●")
        self.light.setAccessibleName("Records system connection")
        self.text = QtWidgets.QLabel()
        self.text.setAccessibleName("Outbox state")
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.retry = QtWidgets.QPushButton("Retry now")
        self.retry.setAccessibleName("Retry sending now")
        self.retry.setToolTip("Try the records system again at once, without waiting for the next automatic try.")
        self.retry.clicked.connect(self.retry_requested)
        self.zone: tzinfo | None = None  # the force's, set when its policy is loaded
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.light)
        layout.addWidget(self.text)
        layout.addWidget(self.retry)
        self.show_status(OutboxStatus(None, False, 0, 0, None, None, ""))

    def set_zone(self, zone: tzinfo) -> None:
        self.zone = zone
        self.show_status(self.status)

    def show_status(self, status: OutboxStatus) -> None:
        self.status = status
        self.text.setText(status_text(status, zone=self.zone))
        # Colour is never the only signal: the words say the same thing.
        colour = "#ef6c00" if status.paused else {None: "#777777", True: "#2e7d32", False: "#c62828"}[status.online]
        self.light.setStyleSheet(f"color: {colour};")
        tip = status.problem or "Submitted cases are kept in the encrypted outbox until the records system holds them."
        self.setToolTip(tip)
        self.text.setToolTip(tip)
        self.retry.setVisible(bool(status.waiting or status.needs_attention or status.paused))
