"""The statement's details: read back, confirmed, and the victim's next-step wishes."""

from __future__ import annotations

from rvr_desktop.qt import QtWidgets
from rvr_desktop.ui.form import YES_NO_UNRECORDED, enum_options, heading
from rvr_desktop.ui.steps.page import StepPage
from rvr_desktop.workflow.answers import Answer
from rvr_desktop.workflow.statement import ReadBackBy
from rvr_desktop.workflow.steps import Step

ANSWER_OR_UNRECORDED = [(None, "Not recorded"), *enum_options(Answer, {Answer.NOT_KNOWN: "Not known"})]
READ_BACK = [(None, "Not read back yet"), *enum_options(ReadBackBy, {ReadBackBy.VIDEO: "Over video",
                                                                    ReadBackBy.PHONE: "By phone"})]


class StatementPage(StepPage):
    step = Step.STATEMENT
    intro = ("The section 9 statement in the victim's words. Read it back over the call and record the "
             "confirmation. If no statement is taken, say why at the bottom.")

    def __init__(self, session):
        super().__init__(session)
        form = self.form(lambda case: case.statement)
        form.text("Maker's name", "maker_name")
        form.text("Maker's occupation", "maker_occupation")
        narrative = form.text("Statement", "narrative", multiline=True)
        assert isinstance(narrative, QtWidgets.QPlainTextEdit)  # what multiline text is edited in
        self.narrative = narrative
        self.narrative.setMinimumHeight(220)
        self.narrative.setMaximumHeight(16_777_215)
        self.copy = QtWidgets.QPushButton("Start from the account's narrative")
        self.copy.setAccessibleName("Start the statement from the account's narrative")
        self.copy.setToolTip("Copies the account's narrative into an empty statement, to edit with the victim")
        self.copy.clicked.connect(self._copy_account)
        self.column.addWidget(self.copy)

        self.column.addWidget(heading("Read back and confirmed"))
        confirm = self.form(lambda case: case.statement)
        confirm.choice("Read back", "read_back_by", READ_BACK)
        confirm.moment("Read back at", "read_back_at")
        confirm.flag("The victim confirmed it is true", "confirmed_true")

        self.column.addWidget(heading("Next steps"))
        wishes = self.form(lambda case: case.statement)
        wishes.text("Dates to avoid (write “none” if none)", "dates_to_avoid")
        wishes.choice("Special measures needed", "special_measures", ANSWER_OR_UNRECORDED)
        wishes.text("Special measures notes", "special_measures_notes")
        wishes.choice("Consent to medical records", "medical_records_consent", ANSWER_OR_UNRECORDED)
        wishes.choice("Victim Personal Statement offered", "victim_personal_statement_offered", YES_NO_UNRECORDED)
        self.column.addWidget(heading("No statement"))
        none = self.form(lambda case: case.statement)
        none.text("Why no statement was taken", "not_taken_reason")
        self.finish()

    def _copy_account(self) -> None:
        if not self.narrative.toPlainText().strip():
            self.narrative.setPlainText(self.session.case.account.narrative)
