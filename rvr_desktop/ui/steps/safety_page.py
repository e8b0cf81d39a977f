"""The safety gate: each question asked and answered, with its time.

An unsafe answer is not recorded on a single key press: the page asks the
officer to confirm that officers are being deployed, because that answer
closes the video path for good.
"""

from __future__ import annotations

from rvr_desktop.qt import QtWidgets
from rvr_desktop.ui.form import set_tone
from rvr_desktop.ui.steps.page import StepPage, status_line
from rvr_desktop.workflow.actions import record_safety_answer
from rvr_desktop.workflow.answers import Answer
from rvr_desktop.workflow.safety import ALL_QUESTIONS, first_unsafe_answer, safety_confirmed_at
from rvr_desktop.workflow.steps import Step

ANSWERS = (Answer.YES, Answer.NO, Answer.NOT_KNOWN)


class SafetyPage(StepPage):
    step = Step.SAFETY
    intro = ("Ask each question. Any unsafe answer ends the video path: officers are deployed instead. "
             "Add a note before choosing the answer if it needs one.")

    def __init__(self, session):
        super().__init__(session)
        self.verdict = status_line()
        self.column.addWidget(self.verdict)
        self.groups: dict[str, dict[Answer, QtWidgets.QRadioButton]] = {}
        self.notes: dict[str, QtWidgets.QLineEdit] = {}
        grid = QtWidgets.QGridLayout()
        for row, key in enumerate(session.case.safety.asked):
            self._question_row(grid, row, key)
        self.column.addLayout(grid)

        # The confirmation an unsafe answer needs before it is recorded.
        self.confirm_box = QtWidgets.QFrame()
        self.confirm_box.setObjectName("dangerPanel")
        confirm = QtWidgets.QVBoxLayout(self.confirm_box)
        self.confirm_text = QtWidgets.QLabel()
        self.confirm_text.setWordWrap(True)
        self.confirm_button = QtWidgets.QPushButton("Not safe: escalate — officers deployed")
        self.confirm_button.setAccessibleName("Confirm unsafe answer and escalate")
        self.cancel_button = QtWidgets.QPushButton("Cancel: I chose the wrong answer")
        self.cancel_button.setAccessibleName("Cancel unsafe answer")
        confirm.addWidget(self.confirm_text)
        confirm.addWidget(self.confirm_button)
        confirm.addWidget(self.cancel_button)
        self.confirm_box.hide()
        self.column.addWidget(self.confirm_box)
        self.confirm_button.clicked.connect(self._confirm_unsafe)
        self.cancel_button.clicked.connect(self._cancel_unsafe)
        self._pending: tuple[str, Answer] | None = None
        self.finish()

    def _question_row(self, grid: QtWidgets.QGridLayout, row: int, key: str) -> None:
        question = ALL_QUESTIONS[key]
        label = QtWidgets.QLabel(question.wording)
        label.setWordWrap(True)
        grid.addWidget(label, row, 0)
        group = QtWidgets.QButtonGroup(self)
        buttons = {}
        for column, answer in enumerate(ANSWERS, start=1):
            button = QtWidgets.QRadioButton(answer.label.capitalize())
            button.setAccessibleName(f"{question.wording} {answer.label}")
            group.addButton(button)
            grid.addWidget(button, row, column)
            buttons[answer] = button
            button.clicked.connect(lambda _=False, k=key, a=answer: self._answered(k, a))
        note = QtWidgets.QLineEdit(placeholderText="note (optional)")
        note.setAccessibleName(f"Note for: {question.wording}")
        grid.addWidget(note, row, len(ANSWERS) + 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(len(ANSWERS) + 1, 2)
        self.groups[key] = buttons
        self.notes[key] = note

    def _answered(self, key: str, answer: Answer) -> None:
        latest = self.session.case.safety.latest(key)
        if latest is not None and latest.answer is answer:
            return
        if ALL_QUESTIONS[key].is_unsafe(answer):
            self._pending = (key, answer)
            self.confirm_text.setText(
                f"“{ALL_QUESTIONS[key].wording}” — {answer.label}. This means the caller is not safe for a "
                "video call. Confirm to record it and escalate: the link step closes and officers are deployed.")
            self.confirm_box.show()
            self.confirm_button.setFocus()
            return
        record_safety_answer(self.session.case, self.session.policy, key, answer, self.session.now(), note=self.notes[key].text())
        self.session.touch(at_once=True)

    def _confirm_unsafe(self) -> None:
        if self._pending is None:  # the confirmation shows only while an answer waits for it
            return
        key, answer = self._pending
        self._pending = None
        self.confirm_box.hide()
        record_safety_answer(self.session.case, self.session.policy, key, answer, self.session.now(), note=self.notes[key].text())
        self.session.touch(at_once=True)

    def _cancel_unsafe(self) -> None:
        if self._pending is None:
            return
        key, _ = self._pending
        self._pending = None
        self.confirm_box.hide()
        self._show_answer(key)
        next(iter(self.groups[key].values())).setFocus()

    def _show_answer(self, key: str) -> None:
        latest = self.session.case.safety.latest(key)
        for answer, button in self.groups[key].items():
            button.group().setExclusive(False)
            button.setChecked(latest is not None and latest.answer is answer)
            button.group().setExclusive(True)

    def refresh(self) -> None:
        for key in self.groups:
            self._show_answer(key)
            latest = self.session.case.safety.latest(key)
            self.notes[key].setText(latest.note if latest else "")
        self.on_case_changed()

    def on_case_changed(self) -> None:
        case = self.session.case
        unsafe = first_unsafe_answer(case.safety)
        confirmed = safety_confirmed_at(case.safety)
        if unsafe is not None:
            # The reason is on the rail and in the summary; here, what the answer means and what comes next.
            self.verdict.setText("NOT SAFE — escalated, officers deployed. Next: the checklist and the escalation "
                                 "record on Review and submit.")
            set_tone(self.verdict, "danger")
        elif confirmed is not None:
            local = confirmed.astimezone(self.session.policy.zone)
            self.verdict.setText(f"Safe for a video call: confirmed at {local:%H:%M:%S}.")
            set_tone(self.verdict, "ok")
        else:
            self.verdict.setText("Not yet confirmed safe.")
            set_tone(self.verdict, "")
