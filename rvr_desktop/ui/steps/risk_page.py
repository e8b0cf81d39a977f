"""The risk assessment with the force's instrument, graded as it is answered.

The grade stands in a badge at the top, reading "Not yet graded" until a
question is answered, with any strong single indicators named beside it in
plain words. Each question has a details box for what the victim said.

Below the questions: "Is professional judgement used?", yes (with the grade)
or no, and the reason either way. When a strong single indicator is present
below high the question is pressed in the danger colour and the step waits
for it, because the MARAC referral prints the answer and its reason.
"""

from __future__ import annotations

from functools import partial

from rvr_desktop.qt import QtWidgets, Qt
from rvr_desktop.ui.form import NOT_ANSWERED, enum_options, heading, set_tone, show_message
from rvr_desktop.ui.input_guards import DropDown
from rvr_desktop.ui.spelling import check_spelling
from rvr_desktop.ui.steps.page import StepPage, status_line
from rvr_desktop.workflow.answers import Answer
from rvr_desktop.workflow.instruments import RiskGrade
from rvr_desktop.workflow.investigation import GradeReviewResult
from rvr_desktop.workflow.risk import RiskResult, assess, judgement_not_used, raise_by_judgement, record_detail
from rvr_desktop.workflow.steps import Step

ANSWERS = (Answer.YES, Answer.NO, Answer.NOT_KNOWN)
REVIEW_RESULTS = {GradeReviewResult.NOT_REVIEWED: "Not reviewed yet", GradeReviewResult.AGREED: "Agreed",
                  GradeReviewResult.CHANGED: "Changed"}
CHANGED_TO = [("", NOT_ANSWERED), *((grade.value, grade.value.capitalize()) for grade in RiskGrade)]
DETAILS_HEIGHT = 40  # a line or two: a note beside an answer, not a narrative


class RiskPage(StepPage):
    step = Step.RISK

    def __init__(self, session):
        super().__init__(session)
        self.instrument = session.policy.instrument_for(session.case.risk)
        self.column.addWidget(QtWidgets.QLabel(f"Instrument: {self.instrument.name}"))
        self.column.addLayout(self._grade_row())
        self.verdict = status_line()
        self.column.addWidget(self.verdict)
        self.buttons: dict[str, dict[Answer, QtWidgets.QRadioButton]] = {}
        self.details: dict[str, QtWidgets.QPlainTextEdit] = {}
        grid = QtWidgets.QGridLayout()
        for number, question in enumerate(self.instrument.questions, start=1):
            row = 2 * (number - 1)
            text = QtWidgets.QLabel(f"{number}. {question.text}")
            text.setWordWrap(True)
            grid.addWidget(text, row, 0)
            group = QtWidgets.QButtonGroup(self)
            self.buttons[question.question_id] = {}
            for column, answer in enumerate(ANSWERS, start=1):
                button = QtWidgets.QRadioButton(answer.label.capitalize())
                button.setAccessibleName(f"Question {number} {answer.label}")
                group.addButton(button)
                grid.addWidget(button, row, column)
                button.clicked.connect(lambda _=False, q=question.question_id, a=answer: self._answer(q, a))
                self.buttons[question.question_id][answer] = button
            details = self._details_box(number, question.question_id)
            grid.addWidget(details, row + 1, 0, 1, len(ANSWERS) + 1)
        grid.setColumnStretch(0, 1)
        self.column.addLayout(grid)

        self.column.addWidget(heading("Professional judgement"))
        self.prompt = QtWidgets.QLabel()
        self.prompt.setWordWrap(True)
        self.column.addWidget(self.prompt)
        self.column.addLayout(self._judgement_form())

        # Recorded as done by a named supervisor; the case summary says "not reviewed yet" until then.
        self.column.addWidget(heading("Supervisor's review of the grade"))
        review = self.form(lambda case: case.investigation.grade_review)
        review.choice("Review", "result", enum_options(GradeReviewResult, REVIEW_RESULTS))
        review.text("Reviewed by", "reviewed_by", hint="Rank, number and name of the supervisor")
        review.moment("When reviewed", "reviewed_at")
        review.choice("Changed the grade to", "changed_to", CHANGED_TO)
        review.text("Reason", "reason")
        self.finish()

    def _judgement_form(self) -> QtWidgets.QFormLayout:
        """"Is professional judgement used?": yes with the grade, or no; a reason either way."""
        form = QtWidgets.QFormLayout()
        self.used_yes = QtWidgets.QRadioButton("Yes: raise the grade")
        self.used_no = QtWidgets.QRadioButton("No: considered, not used")
        self.used_yes.setAccessibleName("Professional judgement used: yes")
        self.used_no.setAccessibleName("Professional judgement used: no")
        used = QtWidgets.QButtonGroup(self)
        row = QtWidgets.QHBoxLayout()
        for button in (self.used_yes, self.used_no):
            used.addButton(button)
            row.addWidget(button)
            button.toggled.connect(self._show_choice)
        row.addStretch(1)
        self.raise_to = DropDown()
        self.raise_to.setAccessibleName("Raise the grade to")
        for grade in RiskGrade:
            self.raise_to.addItem(grade.value.capitalize(), grade)
        self.reason = QtWidgets.QPlainTextEdit()
        self.reason.setAccessibleName("Why professional judgement is or is not used")
        self.reason.setPlaceholderText("The reason goes on the MARAC referral, whichever the answer")
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(DETAILS_HEIGHT * 2)
        check_spelling(self.reason)
        self.record_button = QtWidgets.QPushButton("Record the answer")
        self.record_button.setAccessibleName("Record the professional judgement answer")
        self.recorded = status_line()
        self.message = QtWidgets.QLabel()
        self.message.setObjectName("fieldMessage")
        self.message.hide()
        form.addRow("Is professional judgement used?", row)
        form.addRow("Raise the grade to", self.raise_to)
        form.addRow("Why", self.reason)
        form.addRow(self.record_button)
        form.addRow(self.recorded)
        form.addRow(self.message)
        self.record_button.clicked.connect(self._record_judgement)
        self._show_choice()
        return form

    def _show_choice(self) -> None:
        # The grade to raise to means nothing when judgement is not used.
        self.raise_to.setEnabled(not self.used_no.isChecked())

    def _grade_row(self) -> QtWidgets.QHBoxLayout:
        self.badge = QtWidgets.QLabel()
        self.badge.setObjectName("riskGrade")
        self.badge.setAccessibleName("Risk grade")
        self.badge.setFrameShape(QtWidgets.QFrame.Shape.Box)
        self.badge.setMargin(6)
        font = self.badge.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.badge.setFont(font)
        self.indicators = QtWidgets.QLabel()
        self.indicators.setObjectName("strongIndicators")
        self.indicators.setAccessibleName("Strong single indicators")
        self.indicators.setWordWrap(True)
        font = self.indicators.font()
        font.setBold(True)
        self.indicators.setFont(font)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.indicators, 1)
        return row

    def _details_box(self, number: int, question_id: str) -> QtWidgets.QPlainTextEdit:
        box = QtWidgets.QPlainTextEdit()
        box.setObjectName(f"details_{question_id}")
        box.setAccessibleName(f"Question {number} details")
        box.setPlaceholderText("Details, if the victim gives any (what, when, how often)")
        box.setTabChangesFocus(True)
        box.setFixedHeight(DETAILS_HEIGHT)
        check_spelling(box)
        box.textChanged.connect(partial(self._detail_typed, question_id, box))
        self.details[question_id] = box
        return box

    def _answer(self, question_id: str, answer: Answer) -> None:
        self.session.case.risk.answers[question_id] = answer
        self.session.touch(at_once=True)

    def _detail_typed(self, question_id: str, box: QtWidgets.QPlainTextEdit) -> None:
        record_detail(self.session.case.risk, question_id, box.toPlainText())
        self.session.touch()

    def _record_judgement(self) -> None:
        risk, reason, now = self.session.case.risk, self.reason.toPlainText(), self.session.now()
        if self.used_yes.isChecked():
            problem = raise_by_judgement(risk, self.instrument, self.raise_to.currentData(), reason, now)
        elif self.used_no.isChecked():
            problem = judgement_not_used(risk, reason, now)
        else:
            problem = "Say whether professional judgement is used: yes or no, with the reason."
        show_message(self.message, problem)
        self.session.touch(at_once=True)

    def _show_judgement(self) -> None:
        """The answer as recorded, in the radio buttons, the grade, the reason box and a line under them."""
        risk = self.session.case.risk
        chosen = self.used_yes if risk.judgement else self.used_no if risk.judgement_not_used else None
        group = self.used_yes.group()
        group.setExclusive(False)
        for button in (self.used_yes, self.used_no):
            button.setChecked(button is chosen)
        group.setExclusive(True)
        if risk.judgement is not None:
            self.raise_to.setCurrentIndex(self.raise_to.findData(risk.judgement.raised_to))
        recorded = risk.judgement or risk.judgement_not_used
        if recorded is not None:
            self.reason.blockSignals(True)
            self.reason.setPlainText(recorded.reason)
            self.reason.blockSignals(False)
        self._show_choice()

    def refresh(self) -> None:
        risk = self.session.case.risk
        for question_id, buttons in self.buttons.items():
            for answer, button in buttons.items():
                button.group().setExclusive(False)
                button.setChecked(risk.answers.get(question_id) is answer)
                button.group().setExclusive(True)
        for question_id, box in self.details.items():
            box.blockSignals(True)
            box.setPlainText(risk.details.get(question_id, ""))
            box.blockSignals(False)
        for form in self.forms:  # the supervisor's review
            form.refresh()
        self._show_judgement()
        self.on_case_changed()

    def on_case_changed(self) -> None:
        result = assess(self.session.case.risk, self.instrument)
        self.badge.setText(result.grade_in_words.upper() if result.graded else "Not yet graded")
        set_tone(self.badge, "danger" if result.graded and result.grade is RiskGrade.HIGH else "")
        self._show_indicators(result)
        self.verdict.setText(self._verdict(result))
        if result.judgement_awaited:
            self.prompt.setText("A strong single indicator is present: consider raising the grade. Is professional "
                                "judgement used? Answer yes or no, with the reason: it goes on the MARAC referral.")
        elif result.prompts_judgement:
            self.prompt.setText("A strong single indicator is present: consider raising the grade. "
                                "The answer below is recorded.")
        else:
            self.prompt.setText("Judgement may raise the grade, never lower it.")
        set_tone(self.prompt, "danger" if result.judgement_awaited else "")
        self.recorded.setText(self._recorded_answer())

    def _recorded_answer(self) -> str:
        risk = self.session.case.risk
        if risk.judgement is not None:
            return f"Recorded: used, raising the grade to {risk.judgement.raised_to.value}."
        if risk.judgement_not_used is not None:
            return "Recorded: considered, not used."
        return "Not answered yet."

    def _show_indicators(self, result: RiskResult) -> None:
        labels = [indicator.label for indicator in result.strong_indicators]
        self.indicators.setText(f"Strong single indicators: {'; '.join(labels)}." if labels else
                                "No strong single indicator so far.")
        self.indicators.setToolTip("\n\n".join(f"{i.label}: {i.meaning}" for i in result.strong_indicators))
        set_tone(self.indicators, "danger" if labels else "")

    def _verdict(self, result: RiskResult) -> str:
        total = len(self.instrument.questions)
        if not result.graded:
            return f"Not yet graded: no question answered yet ({total} to ask)."
        text = f"Risk grade {result.grade_in_words.upper()}: {result.yes_count} \u201cyes\u201d of {total}"
        if result.raised_by_judgement:
            text += f"; the count gives {result.grade_by_count.value}, raised by professional judgement"
        if result.still_to_answer:
            text += f"; {len(result.still_to_answer)} still to answer"
        return text + "."
