"""After the video path ends early (escalated, caller unreachable): the force's checklist for that ending, the
note for whoever responds, and what to pass on.

A view of `workflow.escalation`: each tick and each keystroke goes through
`actions.record_escalation_step` / `write_note_for_attending`, which keep the
time an item was done and refuse once the record has been submitted. The
boxes are made for the checklist of the way the case ended, when it ends.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rvr_desktop.qt import QtWidgets, Qt
from rvr_desktop.workflow.actions import record_escalation_step, write_note_for_attending
from rvr_desktop.workflow.escalation import EscalationChecklist as Checklist
from rvr_desktop.workflow.escalation import checklist_for, risk_answers_for_attending, tick_of

if TYPE_CHECKING:
    from rvr_desktop.ui.case_session import CaseSession


class EscalationChecklist(QtWidgets.QFrame):
    """What the officer does once the video path ended early, before the record of it goes."""

    def __init__(self, session: CaseSession, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setObjectName("dangerPanel")
        column = QtWidgets.QVBoxLayout(self)
        self.heading = QtWidgets.QLabel()
        self.heading.setWordWrap(True)
        self.heading.setObjectName("stepVerdict")
        column.addWidget(self.heading)
        self.items = QtWidgets.QVBoxLayout()
        column.addLayout(self.items)
        self.boxes: dict[str, QtWidgets.QCheckBox] = {}
        self.built_for: Checklist | None = None
        self.note_label = QtWidgets.QLabel()
        self.note_label.setWordWrap(True)
        column.addWidget(self.note_label)
        self.note = QtWidgets.QPlainTextEdit()
        self.note.setAccessibleName("Note for whoever responds")  # named for the ending once the case ends
        self.note_label.setBuddy(self.note)
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

    def _build(self, checklist: Checklist) -> None:
        """The boxes and words for this ending's checklist (made once the case has ended, and so known)."""
        while self.items.count():
            taken = self.items.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.deleteLater()
        self.boxes = {}
        self.heading.setText(checklist.heading)
        for item in checklist.items:
            box = QtWidgets.QCheckBox(item.label)
            box.setAccessibleName(item.label)
            box.setToolTip(f"Guidance: {item.source}")
            box.toggled.connect(lambda done, key=item.key: self._ticked(key, done))
            # A check box does not wrap its text: the full wording sits under it.
            wording = QtWidgets.QLabel(item.wording)
            wording.setWordWrap(True)
            wording.setContentsMargins(24, 0, 0, 4)
            wording.setToolTip(box.toolTip())
            self.items.addWidget(box)
            self.items.addWidget(wording)
            self.boxes[item.key] = box
        self.note_label.setText(checklist.note_label)
        self.note.setAccessibleName(checklist.note_label.split(" (")[0])  # the label without its examples
        self.built_for = checklist

    def _ensure_built(self) -> bool:
        checklist = checklist_for(self.session.case, self.session.policy)
        if checklist is not None and checklist is not self.built_for:
            self._build(checklist)
        return checklist is not None

    def refresh(self) -> None:
        """Show what the case holds (when it is opened), without recording anything."""
        case = self.session.case
        if not self._ensure_built():
            return
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
        if checklist_for(self.session.case, self.session.policy) is not self.built_for:
            self.refresh()  # the case has just ended early: its boxes are made and filled from it
            return
        if self.built_for is None:
            return
        case, policy, local = self.session.case, self.session.policy, self.session.policy.zone
        for key, box in self.boxes.items():
            tick = tick_of(case, key)
            box.setStatusTip(f"Done at {tick.at.astimezone(local):%H:%M:%S}" if tick else "")
        answers = risk_answers_for_attending(case, policy.instrument_for(case.risk))
        self.risk_answers.setText("Risk questions answered \u201cyes\u201d so far, to pass on: " + "; ".join(answers)
                                  if answers else "No risk question answered \u201cyes\u201d yet.")

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
