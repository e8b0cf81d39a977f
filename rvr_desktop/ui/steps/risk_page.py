"""The risk assessment with the force's instrument, graded as it is answered."""

from __future__ import annotations

from rvr_desktop.qt import QtWidgets
from rvr_desktop.ui.form import heading, set_tone, show_message
from rvr_desktop.ui.input_guards import DropDown
from rvr_desktop.ui.steps.page import StepPage, status_line
from rvr_desktop.workflow.answers import Answer
from rvr_desktop.workflow.instruments import RiskGrade
from rvr_desktop.workflow.risk import assess, raise_by_judgement
from rvr_desktop.workflow.steps import Step

ANSWERS = (Answer.YES, Answer.NO, Answer.NOT_KNOWN)


class RiskPage(StepPage):
    step = Step.RISK

    def __init__(self, session):
        super().__init__(session)
        self.instrument = session.policy.instrument_for(session.case.risk)
        self.column.addWidget(QtWidgets.QLabel(f"Instrument: {self.instrument.name}"))
        self.verdict = status_line()
        self.column.addWidget(self.verdict)
        self.buttons: dict[str, dict[Answer, QtWidgets.QRadioButton]] = {}
        grid = QtWidgets.QGridLayout()
        for row, question in enumerate(self.instrument.questions):
            text = QtWidgets.QLabel(f"{row + 1}. {question.text}")
            text.setWordWrap(True)
            grid.addWidget(text, row, 0)
            group = QtWidgets.QButtonGroup(self)
            self.buttons[question.question_id] = {}
            for column, answer in enumerate(ANSWERS, start=1):
                button = QtWidgets.QRadioButton(answer.label.capitalize())
                button.setAccessibleName(f"Question {row + 1} {answer.label}")
                group.addButton(button)
                grid.addWidget(button, row, column)
                button.clicked.connect(lambda _=False, q=question.question_id, a=answer: self._answer(q, a))
                self.buttons[question.question_id][answer] = button
        grid.setColumnStretch(0, 1)
        self.column.addLayout(grid)

        self.column.addWidget(heading("Professional judgement"))
        self.prompt = QtWidgets.QLabel()
        self.prompt.setWordWrap(True)
        self.column.addWidget(self.prompt)
        form = QtWidgets.QFormLayout()
        self.raise_to = DropDown()
        self.raise_to.setAccessibleName("Raise the grade to")
        for grade in RiskGrade:
            self.raise_to.addItem(grade.value.capitalize(), grade)
        self.reason = QtWidgets.QLineEdit()
        self.reason.setAccessibleName("Why the grade is raised")
        self.raise_button = QtWidgets.QPushButton("Raise the grade")
        self.raise_button.setAccessibleName("Raise the grade")
        self.message = QtWidgets.QLabel()
        self.message.setObjectName("fieldMessage")
        self.message.hide()
        form.addRow("Raise the grade to", self.raise_to)
        form.addRow("Why", self.reason)
        form.addRow(self.raise_button)
        form.addRow(self.message)
        self.column.addLayout(form)
        self.raise_button.clicked.connect(self._raise)
        self.finish()

    def _answer(self, question_id: str, answer: Answer) -> None:
        self.session.case.risk.answers[question_id] = answer
        self.session.touch(at_once=True)

    def _raise(self) -> None:
        problem = raise_by_judgement(self.session.case.risk, self.instrument, self.raise_to.currentData(),
                                     self.reason.text(), self.session.now())
        show_message(self.message, problem)
        self.session.touch(at_once=True)

    def refresh(self) -> None:
        answers = self.session.case.risk.answers
        for question_id, buttons in self.buttons.items():
            for answer, button in buttons.items():
                button.group().setExclusive(False)
                button.setChecked(answers.get(question_id) is answer)
                button.group().setExclusive(True)
        self.on_case_changed()

    def on_case_changed(self) -> None:
        result = assess(self.session.case.risk, self.instrument)
        text = (f"{result.yes_count} “yes” of {len(self.instrument.questions)}; grade by count "
                f"{result.grade_by_count.value}; grade {result.grade.value.upper()}")
        if result.raised_by_judgement:
            text += " (raised by professional judgement)"
        if result.still_to_answer:
            text += f". {len(result.still_to_answer)} still to answer."
        self.verdict.setText(text)
        set_tone(self.verdict, "danger" if result.grade is RiskGrade.HIGH else "")
        if result.prompts_judgement:
            names = ", ".join(q.indicator or q.topic for q in result.indicators_present)
            self.prompt.setText(f"Strong indicators present ({names}): consider raising the grade.")
        else:
            self.prompt.setText("Judgement may raise the grade, never lower it.")
