"""The statement's details: read back, confirmed, when and where it was taken, and the witness-care answers.

The maker's name is filled in from the hand-over the first time the page is
opened. Each answer the step still needs says so under its own field, so
"Over 18: not recorded" can't reach the MG11 unnoticed. The witness-care
answers are the MG11's restricted rear page; the special measures are only
those the law lists, so the page says where an interpreter goes instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rvr_desktop.qt import QtGui, QtWidgets
from rvr_desktop.casework.signing_requests import WhyWithdrawn
from rvr_desktop.casework.statement_signing import interpreter_used, standing_line
from rvr_desktop.ui.form import NOT_ANSWERED, YES_NO_UNRECORDED, enum_options, heading, show_message, show_notice
from rvr_desktop.ui.steps.page import StepPage
from rvr_desktop.workflow.answers import Answer
from rvr_desktop.workflow.not_signed import signing_gaps
from rvr_desktop.workflow.signing import Signer
from rvr_desktop.workflow.statement import (
    ReadBackBy,
    VictimPersonalStatement,
    WrittenHow,
    maker_is_adult,
    prefill_maker,
    statement_gaps,
)
from rvr_desktop.workflow.steps import Step
from rvr_desktop.workflow.times import local_date

if TYPE_CHECKING:
    from rvr_desktop.ui.video_call import VideoCall

ANSWER_OR_UNRECORDED = [(None, NOT_ANSWERED), *enum_options(Answer, {Answer.NOT_KNOWN: "Not known"})]
READ_BACK = [(None, "Not read back yet"), *enum_options(ReadBackBy, {ReadBackBy.VIDEO: "Over video",
                                                                    ReadBackBy.PHONE: "By phone"})]
WRITTEN = [(None, NOT_ANSWERED), *enum_options(WrittenHow, {
    WrittenHow.FROM_ACCOUNT: "Drafted from her account earlier on the call", WrittenHow.AS_SPOKEN: "Written as she spoke"})]
OVER_18 = [(None, "Not asked yet"), (True, "Yes"), (False, "No")]
VPS = [(None, NOT_ANSWERED), *enum_options(VictimPersonalStatement, {
    VictimPersonalStatement.MADE: "Made", VictimPersonalStatement.DECLINED: "Declined",
    VictimPersonalStatement.LATER: "To be made later"})]


class StatementPage(StepPage):
    step = Step.STATEMENT
    shows_call_messages = True
    intro = ("The section 9 statement in the victim's words. Read it back over the call and record the "
             "confirmation. If no statement is taken, say why at the bottom.")

    def __init__(self, session):
        super().__init__(session)
        form = self.form(lambda case: case.statement)
        form.text("Maker's name", "maker_name", hint="Filled in from the hand-over; correct it if the maker "
                                                     "is not the caller")
        self.over_18 = form.choice("Maker is 18 or over", "maker_over_18", OVER_18,
                                   hint="Asked when the account has no date of birth")
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
        self.written = confirm.choice("How you wrote it", "written", WRITTEN,
                                      hint="Drafted from the account (the button above), or written down as she spoke")
        confirm.choice("Read back", "read_back_by", READ_BACK)
        confirm.moment("Read-back started", "read_back_started_at",
                       hint="When you began reading it to her: printed with the end, so the time it took is plain")
        confirm.moment("Read-back ended", "read_back_at")
        confirm.flag("The victim confirmed it is true", "confirmed_true")
        self.times = {"started_at": confirm.moment("Statement started", "started_at"),
                      "finished_at": confirm.moment("Statement finished", "finished_at")}
        confirm.text("Where the victim was", "witness_location",
                     hint="As she put it, in general terms (\u201cat home\u201d): printed on the statement, "
                          "which is disclosed, so never an address")
        self._signing_controls()

        self.column.addWidget(heading("For the witness care unit (the restricted rear page)"))
        wishes = self.form(lambda case: case.statement)
        wishes.text("E-mail address", "witness_email", hint="Only one the suspect does not know or read")
        wishes.text("Preferred way to be contacted", "preferred_contact",
                    hint="Which number or address first, and anything to avoid (no messages left, say)")
        wishes.choice("Willing to attend court", "willing_to_attend_court", ANSWER_OR_UNRECORDED)
        wishes.text("Dates to avoid (write “none” if none)", "dates_to_avoid")
        wishes.text("Needs to attend court (write “none” if none)", "court_needs",
                    hint="Childcare, travel, access, a quiet waiting room")
        wishes.choice("Special measures wanted", "special_measures", ANSWER_OR_UNRECORDED)
        wishes.text("Special measures notes", "special_measures_notes",
                    hint="Screens, live link, evidence in private, wigs and gowns removed, video-recorded evidence, "
                         "an intermediary, aids to communication. An interpreter is not one: record the language on "
                         "the hand-over")
        wishes.choice("Consent to the police obtaining medical records", "medical_records_consent",
                      ANSWER_OR_UNRECORDED)
        wishes.choice("Consent to medical records being disclosed", "medical_disclosure_consent",
                      ANSWER_OR_UNRECORDED, hint="To the prosecution, the defence and the court: a separate answer")
        wishes.choice("Consent to disclosure in family or civil proceedings", "family_civil_disclosure_consent",
                      ANSWER_OR_UNRECORDED)
        wishes.choice("Victim Personal Statement offered", "victim_personal_statement_offered", YES_NO_UNRECORDED)
        wishes.choice("Victim Personal Statement", "victim_personal_statement", VPS,
                      hint="Asked once it is offered")
        wishes.choice("Agrees to a Witness Service referral", "witness_service_referral", ANSWER_OR_UNRECORDED)

        self.column.addWidget(heading("For your own statement"))
        own = self.form(lambda case: case.statement)
        own.text("What you saw of her manner and condition", "demeanour_seen", multiline=True,
                 hint="Goes into the draft of your own statement, for you to edit and sign")
        self.column.addWidget(heading("No statement"))
        none = self.form(lambda case: case.statement)
        none.text("Why no statement was taken", "not_taken_reason")
        # Every field a required answer is asked in, with its message line.
        self.prompts = {attr: label for each in (form, confirm, wishes) for attr, label in each.messages.items()
                        if attr != "read_back_at"}  # that line is the time's own check
        self.finish()

    def _signing_controls(self) -> None:
        # She signs on her own phone in the call (casework.statement_signing); the lines say whether each
        # signature stands for the statement as it is now.
        self.signing: dict[Signer, tuple[QtWidgets.QPushButton, QtWidgets.QLabel]] = {}
        for signer, text in ((Signer.WITNESS, "Ask her to sign"), (Signer.INTERPRETER, "Ask the interpreter to sign")):
            button, line = QtWidgets.QPushButton(text), QtWidgets.QLabel()
            button.setAccessibleName(text)
            button.setToolTip("Shows the statement and the declaration on their page in the video call, to sign "
                              "with their typed name")
            button.clicked.connect(lambda _=False, who=signer: self._ask_to_sign(who))
            line.setWordWrap(True)
            line.setAccessibleName(f"{text}: signature")
            self.column.addWidget(button)
            self.column.addWidget(line)
            self.signing[signer] = (button, line)
        # Or why a signature is not given over the call: the reasons are the force's (policy/unsigned_statement.json),
        # and the MG11 prints the one chosen in place of the signature.
        unsigned = self.form(lambda case: case.statement)
        reasons = [("", "Signed over the call, or still to ask"),
                   *((reason.key, reason.label) for reason in self.session.policy.not_signed.reasons)]
        self.not_signed = {
            Signer.WITNESS: unsigned.choice("If she does not sign over the call, why", "not_signed_reason", reasons),
            Signer.INTERPRETER: unsigned.choice("If the interpreter does not sign, why", "interpreter_not_signed_reason",
                                                reasons, hint="Only when an interpreter interpreted the statement"),
        }
        unsigned.text("About the signature", "not_signed_note",
                      hint="Printed under the reason: how and when it will be signed, say")
        self._unsigned_prompts = unsigned.messages
        self.signing_message = QtWidgets.QLabel()
        self.signing_message.setWordWrap(True)
        self.signing_message.hide()
        self._call: VideoCall | None = None  # the video call, once a signature has been asked for on it
        self.column.addWidget(self.signing_message)

    def _ask_to_sign(self, signer: Signer) -> None:
        call = self.session.video_call()
        if call is None:
            show_message(self.signing_message, "There is no video link service on this workstation, so nobody can "
                                               "sign on their own device. Record how the statement was confirmed.")
            return
        if self._call is None:
            # From now on the call's news (asked, signed, refused, withdrawn) shows here too.
            self._call = call
            call.told.connect(lambda text: show_notice(self.signing_message, text, neutral=True))
            call.changed.connect(self.on_case_changed)
        call.ask_to_sign(signer)

    def showEvent(self, event: QtGui.QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        # Opened, and open for changes (not a submitted case being read):
        # the maker comes from the hand-over, once.
        if self._body.isEnabled() and prefill_maker(self.session.case.statement, self.session.case.intake):
            for form in self.forms:
                form.refresh()
            self.session.touch(at_once=True)

    def hideEvent(self, event: QtGui.QHideEvent) -> None:  # noqa: N802 (Qt's name)
        super().hideEvent(event)
        # The officer went to another step (not the window being minimised): the statement leaves her page, so
        # nothing waits there for a signature nobody is watching for.
        if not event.spontaneous() and self._call is not None:
            self._call.withdraw_all_signing(WhyWithdrawn.LEFT_STEP)

    def on_case_changed(self) -> None:
        case = self.session.case
        for signer, (button, line) in self.signing.items():
            used = signer is Signer.WITNESS or interpreter_used(case)
            button.setVisible(used)
            line.setVisible(used)
            request = self._call.signing.line(signer) if self._call is not None else ""
            line.setText("\n".join(filter(None, (standing_line(
                case, signer, lambda at: f"{at.astimezone(self.session.policy.zone):%H:%M}"), request))))
        reasons = self.session.policy.not_signed
        needed = signing_gaps(case, reasons)
        for attr, what in (("not_signed_reason", reasons.step_needs_witness),
                           ("interpreter_not_signed_reason", reasons.step_needs_interpreter)):
            label = self._unsigned_prompts.get(attr)
            if label is not None and what in needed:
                show_notice(label, f"Still needed: {what}.", neutral=True)
            elif label is not None:
                show_message(label, None)
        born = case.account.victim.date_of_birth
        gaps = {gap.field: gap.what for gap in statement_gaps(case.statement, born)}
        for attr, label in self.prompts.items():
            if attr in self.times:
                # A typed time speaks for itself (a time it cannot read); an empty one is asked for.
                if attr in gaps and not self.times[attr].text().strip():
                    show_notice(label, f"Still needed: {gaps[attr]}.", neutral=True)
            elif attr in gaps:
                show_notice(label, f"Still needed: {gaps[attr]}.", neutral=True)
            else:
                show_message(label, None)
        self.over_18.setEnabled(born is None)
        if born is not None:
            today = local_date(self.session.now(), self.session.policy.zone)
            adult = "18 or over" if maker_is_adult(case.statement, born, today) else "under 18"
            show_notice(self.prompts["maker_over_18"], f"The account's date of birth says the maker is {adult}.",
                        neutral=True)

    def _copy_account(self) -> None:
        if not self.narrative.toPlainText().strip():
            self.narrative.setPlainText(self.session.case.account.narrative)
            # Drafted from the account is what the button did: answered for her, unless already answered.
            if self.session.case.statement.written is None:
                drafted = [i for i in range(self.written.count()) if self.written.itemData(i) is WrittenHow.FROM_ACCOUNT]
                self.written.setCurrentIndex(drafted[0])
