"""After escalating: the force's checklist, the note for the attending officers, and what to pass on.

A view of `workflow.escalation`: each tick and each keystroke goes through
`actions.record_escalation_step` / `write_note_for_attending`, which keep the
time an item was done and refuse once the record has been submitted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rvr_desktop.qt import QtWidgets, Qt
from rvr_desktop.workflow.actions import record_escalation_step, write_note_for_attending
from rvr_desktop.workflow.escalation import risk_answers_for_attending, tick_of

if TYPE_CHECKING:
    from rvr_desktop.ui.case_session import CaseSession


class EscalationChecklist(QtWidgets.QFrame):
    """What the officer does once officers are deployed, before the escalation record goes."""

    def __init__(self, session: CaseSession, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setObjectName("dangerPanel")
        column = QtWidgets.QVBoxLayout(self)
        heading = QtWidgets.QLabel("Escalated: officers are on their way. Before you submit the escalation record:")
        heading.setWordWrap(True)
        heading.setObjectName("stepVerdict")
        column.addWidget(heading)
        self.boxes: dict[str, QtWidgets.QCheckBox] = {}
        for item in session.policy.escalation.items:
            box = QtWidgets.QCheckBox(item.label)
            box.setAccessibleName(item.label)
            box.setToolTip(f"Guidance: {item.source}")
            box.toggled.connect(lambda done, key=item.key: self._ticked(key, done))
            # A check box does not wrap its text: the full wording sits under it.
            wording = QtWidgets.QLabel(item.wording)
            wording.setWordWrap(True)
            wording.setContentsMargins(24, 0, 0, 4)
            wording.setToolTip(box.toolTip())
            column.addWidget(box)
            column.addWidget(wording)
            self.boxes[item.key] = box
        column.addWidget(QtWidgets.QLabel("Note for the attending officers (children, weapons, injuries, the "
                                          "suspect's description, how to get in):"))
        self.note = QtWidgets.QPlainTextEdit()
        self.note.setAccessibleName("Note for the attending officers")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(90)
        self.note.textChanged.connect(self._typed)
        column.addWidget(self.note)
        self.risk_answers = QtWidgets.QLabel()
        self.risk_answers.setWordWrap(True)
        self.risk_answers.setAccessibleName("Risk answers for the attending officers")
        self.risk_answers.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.risk_answers)
        self._filling = False

    def refresh(self) -> None:
        """Show what the case holds (when it is opened), without recording anything."""
        case = self.session.case
        self._filling = True
        try:
            for key, box in self.boxes.items():
                box.setChecked(tick_of(case, key) is not None)
            if self.note.toPlainText() != case.escalation.notes_for_attending:
                self.note.setPlainText(case.escalation.notes_for_attending)
        finally:
            self._filling = False
        self.on_case_changed()

    def on_case_changed(self) -> None:
        case, policy, local = self.session.case, self.session.policy, self.session.policy.zone
        for key, box in self.boxes.items():
            tick = tick_of(case, key)
            box.setStatusTip(f"Done at {tick.at.astimezone(local):%H:%M:%S}" if tick else "")
        answers = risk_answers_for_attending(case, policy.instrument_for(case.risk))
        self.risk_answers.setText("Risk questions answered \u201cyes\u201d so far, to pass on: " + "; ".join(answers)
                                  if answers else "No risk question answered \u201cyes\u201d before the escalation.")

    def _ticked(self, key: str, done: bool) -> None:
        if self._filling:
            return
        record_escalation_step(self.session.case, self.session.policy, key, done, self.session.now())
        self.session.touch(at_once=True)

    def _typed(self) -> None:
        if self._filling:
            return
        write_note_for_attending(self.session.case, self.session.policy, self.note.toPlainText())
        self.session.touch()
