"""The escalation panel: a reason on one key first, details afterwards.

When the suspect comes back the officer must deploy officers before typing
anything, so the panel offers the reasons (`workflow.escalation`) each on a
number key; Escape cancels and puts the cursor back where it was. Once the
case view has escalated, the panel asks for details of what happened, which
are added to the recorded reason (`add_escalation_details`).
"""

from __future__ import annotations

from datetime import datetime

from rvr_desktop.qt import QtGui, QtWidgets, Qt, Signal
from rvr_desktop.ui.case_session import CaseSession
from rvr_desktop.ui.form import message_line, show_message, show_notice
from rvr_desktop.workflow.actions import add_escalation_details
from rvr_desktop.workflow.escalation_reasons import ESCALATION_REASONS, EscalationReason

# Escalation must work from any field: F9 is used by neither Qt's widgets (F2 edits a cell, F4 opens a
# drop-down), the help (F1), nor Orca, whose commands all take its own modifier key.
ESCALATE_KEYS = ("Ctrl+E", "F9")


def _part_key(keys: str, part: QtWidgets.QWidget, action) -> None:
    # Only while the focus is in that part of the panel: a digit typed in a field must stay a digit.
    shortcut = QtGui.QShortcut(QtGui.QKeySequence(keys), part)
    shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    shortcut.activated.connect(action)


class EscalationPanel(QtWidgets.QFrame):
    """`picked(reason, end_call)` asks the case view to escalate; it answers with `escalated`.

    `finished` when the panel closes with no field to give the cursor back to.
    """

    picked = Signal(str, bool)
    finished = Signal()

    def __init__(self, session: CaseSession, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setObjectName("dangerPanel")
        self.setAccessibleName("Escalate: officers deployed")
        self._focus_before: QtWidgets.QWidget | None = None  # where the cursor goes back to on Escape
        layout = QtWidgets.QVBoxLayout(self)
        self.pick = self._pick_part()
        self.after = self._details_part()
        layout.addWidget(self.pick)
        layout.addWidget(self.after)
        self.hide()

    def _pick_part(self) -> QtWidgets.QWidget:
        pick = QtWidgets.QWidget()
        prompt = QtWidgets.QLabel("Escalate — officers deployed. Press the number of the reason (Esc cancels):")
        prompt.setWordWrap(True)
        reasons = QtWidgets.QGridLayout()
        self.reasons: dict[str, QtWidgets.QPushButton] = {}
        for index, reason in enumerate(ESCALATION_REASONS):
            button = QtWidgets.QPushButton(f"{reason.key} \u2014 {reason.words}")
            button.setObjectName("escalationReason")
            button.setAccessibleName(reason.words)
            button.setAccessibleDescription(f"Key {reason.key}")
            button.setStyleSheet("text-align: left")
            button.clicked.connect(lambda _=False, r=reason: self._picked(r))
            reasons.addWidget(button, index // 2, index % 2)
            self.reasons[reason.key] = button
            _part_key(reason.key, pick, lambda r=reason: self._picked(r))
        # Asked here rather than in a dialog, answered yes unless the officer says otherwise: the caller's page
        # must stop showing a live call the moment officers are on their way.
        self.ends_call = QtWidgets.QCheckBox("&End the video call now")
        self.ends_call.setChecked(True)
        self.ends_call.setAccessibleName("End the video call now")
        self.message = message_line()
        cancel = QtWidgets.QPushButton("Cancel (Esc)")
        cancel.setAccessibleName("Cancel escalation")
        cancel.clicked.connect(self.cancel)
        _part_key("Escape", pick, self.cancel)
        below = QtWidgets.QHBoxLayout()
        below.addWidget(self.ends_call)
        below.addStretch(1)
        below.addWidget(cancel)
        column = QtWidgets.QVBoxLayout(pick)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(prompt)
        column.addLayout(reasons)
        column.addLayout(below)
        column.addWidget(self.message)
        return pick

    def _details_part(self) -> QtWidgets.QWidget:
        after = QtWidgets.QWidget()
        self.done = QtWidgets.QLabel()
        self.done.setObjectName("escalationDone")
        self.done.setWordWrap(True)
        self.details = QtWidgets.QLineEdit(placeholderText="what happened, e.g. he is at the front door")
        self.details.setAccessibleName("Details of the escalation")
        add = QtWidgets.QPushButton("Add to the case")
        add.setAccessibleName("Add the details to the case")
        close = QtWidgets.QPushButton("Done (Esc)")
        close.setAccessibleName("Close the escalation panel")
        self.details_message = message_line()
        add.clicked.connect(self._add_details)
        self.details.returnPressed.connect(self._add_details)
        close.clicked.connect(self.close_panel)
        _part_key("Escape", after, self.close_panel)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.details, 1)
        row.addWidget(add)
        row.addWidget(close)
        column = QtWidgets.QVBoxLayout(after)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.done)
        column.addLayout(row)
        column.addWidget(self.details_message)
        return after

    def ask(self, call_live: bool, photos_waiting: int) -> None:
        """Offer the reasons, the first one under the cursor."""
        if not self.isVisible():
            # Perhaps in another window: the call popped out on a second screen.
            self._focus_before = QtWidgets.QApplication.focusWidget()
            if self._focus_before is not None:
                self._focus_before.destroyed.connect(self._forget_focus)
        self.ends_call.setChecked(True)
        self.ends_call.setVisible(call_live)
        show_message(self.message, f"{photos_waiting} photo{'s' if photos_waiting > 1 else ''} from the caller not "
                     "yet filed would be discarded with the call: untick to keep the call and file them first."
                     if photos_waiting else None)
        self.after.hide()
        self.pick.show()
        self.show()
        # Asked from another window, this one comes forward: the key that picks a reason must reach it.
        self.window().raise_()
        self.window().activateWindow()
        self.reasons[ESCALATION_REASONS[0].key].setFocus()

    def _picked(self, reason: EscalationReason) -> None:
        self.picked.emit(reason.words, self.ends_call.isChecked())

    def refused(self, problem: str) -> None:
        """The workflow did not escalate: say why where the officer is looking."""
        show_message(self.message, problem)

    def escalated(self, reason: str, at: datetime) -> None:
        """Officers are deployed: now ask for details, the cursor in the details field."""
        self._focus_before = None
        self.done.setText(f"Escalated at {at.astimezone(self.session.policy.zone):%H:%M} — officers deployed: "
                          f"{reason}. Add details of what happened if there are any; they go on the "
                          "record with the reason (Enter adds them; Esc closes).")
        self.pick.hide()
        show_message(self.details_message, None)
        self.after.show()
        self.show()
        self.details.setFocus()

    def cancel(self) -> None:
        """Nothing recorded: the panel closes and the cursor goes back where it was."""
        self.hide()
        before, self._focus_before = self._focus_before, None
        if before is not None and before.isVisible() and before.isEnabled():
            before.window().activateWindow()
            before.setFocus()
        else:
            self.finished.emit()

    def _forget_focus(self) -> None:
        self._focus_before = None

    def _add_details(self) -> None:
        problem = add_escalation_details(self.session.case, self.details.text())
        if problem is None:
            self.details.clear()
            self.session.touch(at_once=True)
        show_notice(self.details_message, problem or "Added to the case.", neutral=problem is None)

    def close_panel(self) -> None:
        self.hide()
        self.finished.emit()
