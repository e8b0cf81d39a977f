"""Review and submit: the case as a readable summary, then, once confirmed, it leaves the workstation.

The summary comes from `workflow.case_summary`, one section per part of the
case, each with a button back to the step where it is changed
(`open_step`). An escalated case shows its checklist here and goes as an
escalation record. Submitting asks first (a dialog opened, never waited on);
afterwards the page says "Submitted — read only", with where the delivery
stands and, once the records system holds it, the crime reference.
"""

from __future__ import annotations

import logging
from dataclasses import fields

from rvr_desktop.casework.submitting import NotSubmitted, Queued, why_not_submit
from rvr_desktop.qt import QtWidgets, Qt
from rvr_desktop.store.failures import sort_store_error
from rvr_desktop.store.outbox import CaseDelivery
from rvr_desktop.ui.background import when_done
from rvr_desktop.ui.escalation_checklist import EscalationChecklist
from rvr_desktop.ui.form import heading, set_tone, show_message
from rvr_desktop.ui.outbox_status import case_state_text
from rvr_desktop.ui.steps.page import StepPage, status_line
from rvr_desktop.workflow.case_summary import SummarySection, case_summary
from rvr_desktop.workflow.escalation import checklist_for, is_escalated, is_submitted, record_is_open
from rvr_desktop.workflow.investigation import record_done_on_call, the_evidence_plan
from rvr_desktop.workflow.response_clock import read_response_clock
from rvr_desktop.workflow.steps import Step

log = logging.getLogger(__name__)

SUBMITTED = "Submitted \u2014 read only."


class ReviewPage(StepPage):
    step = Step.REVIEW
    intro = "Check the case. Submitting sends it to the records system; it can no longer be changed here."

    def __init__(self, session):
        super().__init__(session)
        # Where the case stands comes first: after submitting, "Submitted — read only" and its delivery.
        self.verdict = status_line()
        self.delivery = status_line()
        self.delivery.setAccessibleName("Delivery to the records system")
        self.column.addWidget(self.verdict)
        self.column.addWidget(self.delivery)
        self.checklist = EscalationChecklist(session)
        self.column.addWidget(self.checklist)
        self.sections = QtWidgets.QVBoxLayout()
        self.column.addLayout(self.sections)
        # The evidence plan's lines, each with where the officer recorded it if done on the call: the rest go to
        # the records system with the case, to be given a named officer there.
        # Below the case's sections, never among them: a plain widget, so the sections stay the page's groups.
        self.plan = QtWidgets.QWidget()
        self.plan.setAccessibleName("Evidence plan")
        plan_column = QtWidgets.QVBoxLayout(self.plan)
        plan_column.setContentsMargins(0, 0, 0, 0)
        plan_column.addWidget(heading("Evidence plan: what you did on the call"))
        # Each line's words above its field: a long line wrapped beside a field in a form layout is cut short.
        self.plan_rows = QtWidgets.QVBoxLayout()
        plan_column.addLayout(self.plan_rows)
        self.plan_fields: dict[str, QtWidgets.QLineEdit] = {}
        self.column.addWidget(self.plan)
        self._shown: list[tuple[str, QtWidgets.QLabel]] = []
        self.links: dict[str, QtWidgets.QPushButton] = {}
        self.times = QtWidgets.QLabel()
        self.times.setWordWrap(True)
        self.times.setTextFormat(Qt.TextFormat.RichText)
        self.times.setAccessibleName("Times")
        self.column.addWidget(self.times)
        self.message = QtWidgets.QLabel()
        self.message.setObjectName("fieldMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        self.submit = QtWidgets.QPushButton("Submit the case")
        self.submit.setAccessibleName("Submit the case")
        self.column.addWidget(self.message)
        self.column.addWidget(self.submit)
        self.submit.clicked.connect(self._submit)
        self.confirmation: QtWidgets.QMessageBox | None = None
        self._editable = True
        self._asked_for_delivery = False
        self.finish()

    # -- submitting ------------------------------------------------------------

    def _problem(self) -> str | None:
        call = self.session.video_call()
        unfiled = call.unfiled_photos("submitting") if call is not None else None
        return unfiled or why_not_submit(self.session.case, self.session.policy)

    def _submit(self) -> None:
        problem = self._problem()
        show_message(self.message, problem)
        if problem or self.confirmation is not None:
            return
        self._confirm()

    def _confirm(self) -> None:
        # Opened, not exec'd: the GUI thread keeps serving the call while the officer decides.
        ending = checklist_for(self.session.case, self.session.policy)
        box = QtWidgets.QMessageBox(self)
        box.setIcon(QtWidgets.QMessageBox.Icon.Question)
        box.setWindowTitle("Submit")
        box.setText(f"Submit the {ending.record}?" if ending else "Submit the case to the records system?")
        box.setInformativeText(
            (ending.confirm if ending else "The records system creates the investigation from it.")
            + " After this nothing in the case can be changed here.")
        confirm = box.addButton("Submit", QtWidgets.QMessageBox.ButtonRole.AcceptRole)
        confirm.setAccessibleName("Confirm: submit")
        cancel = box.addButton(QtWidgets.QMessageBox.StandardButton.Cancel)
        # Enter on a dialog that appears under the officer's fingers must not submit by accident.
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.finished.connect(lambda _result: self._answered_confirmation(box.clickedButton() is confirm))
        self.confirmation = box
        box.open()

    def _answered_confirmation(self, confirmed: bool) -> None:
        box, self.confirmation = self.confirmation, None
        if box is not None:
            box.deleteLater()
        if not confirmed:
            self.submit.setFocus()
            return
        problem = self._problem()  # the call may have brought a photo while the dialog was open
        show_message(self.message, problem)
        if problem:
            return
        self.submit.setEnabled(False)
        self.session.queue_for_records(self._queued, self._failed)

    def _queued(self, answer: Queued | NotSubmitted) -> None:
        if isinstance(answer, NotSubmitted):
            self._not_submitted(answer.why)
            return
        self.show_delivery(answer.delivery)
        self.session.touch(at_once=True)  # the case is read-only now: every page shows it

    def _failed(self, error: BaseException) -> None:
        failure = sort_store_error(error)
        if not failure.environment:
            log.error("a fault stopped a submission", exc_info=error)
        self._not_submitted(f"The case was not submitted, and is unchanged. {failure.what_happened} "
                            f"What to do: {failure.what_to_do}")

    def _not_submitted(self, why: str) -> None:
        # The store changed nothing and neither did the page: the case is the draft it was.
        self.submit.setEnabled(self._editable)
        show_message(self.message, why)

    def show_delivery(self, delivery: CaseDelivery | None) -> None:
        """Where the submitted case stands on its way to the records system (from the outbox)."""
        if delivery is None or delivery.case_id != self.session.store_id or self.session.closed:
            return  # another case's, or this case has left the screen
        state = case_state_text(delivery, zone=self.session.policy.zone)
        self.delivery.setText(state + "." if delivery.crime_reference else
                              f"{state}. It waits in the encrypted outbox until the records "
                              "system holds it.")

    def _ask_for_delivery(self) -> None:
        # A case opened already submitted: the outbox knows how far it has gone.
        self._asked_for_delivery = True
        store_id = self.session.store_id
        when_done(self.session.store.submit(lambda store: store.outbox.delivery_of(store_id)), self.show_delivery,
                  tell=self.delivery.setText, what="How far the case has gone could not be read")

    # -- showing the case ------------------------------------------------------------

    def set_editable(self, editable: bool) -> None:
        """Read-only: nothing can be ticked, typed or submitted; the links back to each step still work."""
        self._editable = editable
        self.checklist.setEnabled(editable)
        self.plan.setEnabled(editable)
        self.submit.setEnabled(editable and not self.session.submitting)

    def first_input(self) -> QtWidgets.QWidget | None:
        """The checklist's first item after the path ended early, else Submit: never a link back to another step."""
        if self.checklist.isVisibleTo(self) and self.checklist.isEnabled():
            return next(iter(self.checklist.boxes.values()), None)
        return self.submit if self.submit.isEnabled() and self.submit.isVisibleTo(self) else None

    def refresh(self) -> None:
        self.checklist.refresh()
        super().refresh()

    def on_case_changed(self) -> None:
        case, policy = self.session.case, self.session.policy
        escalated, ending = is_escalated(case), checklist_for(case, policy)
        # Once the record has gone the checklist is done with; the summary's section on the ending tells it.
        self.checklist.setVisible(record_is_open(case))
        self.checklist.on_case_changed()
        self._show_sections(case_summary(case, policy))
        self._show_plan()
        self.times.setText(self._times_text())
        label = f"Submit the {ending.record}" if ending else "Submit the case"
        self.submit.setText(label)
        self.submit.setAccessibleName(label)
        # Once submitted there is nothing to press: a disabled button would still look like one.
        self.submit.setHidden(is_submitted(case))
        # Said from the case's state each time, so any later change (the call ending, say) keeps it true.
        if self.session.submitting:
            self.verdict.setText("Submitting\u2026")
            set_tone(self.verdict, "")
        elif is_submitted(case):
            self.verdict.setText(SUBMITTED)
            set_tone(self.verdict, "ok")
            if not self._asked_for_delivery and not self.delivery.text():
                self._ask_for_delivery()
        else:
            ended = "Escalated" if escalated else ending.title if ending else ""
            self.verdict.setText(f"{ended}: not submitted yet." if ended else "Not submitted yet.")
            set_tone(self.verdict, "danger" if ending else "")

    def _show_sections(self, sections: list[SummarySection]) -> None:
        titles = [section.title for section in sections]
        if titles != [title for title, _ in self._shown]:
            self._build_sections(sections)
        for (_, label), section in zip(self._shown, sections, strict=True):
            label.setText("\n".join(section.lines))

    def _build_sections(self, sections: list[SummarySection]) -> None:
        while self.sections.count():
            item = self.sections.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self._shown, self.links = [], {}
        for section in sections:
            box = QtWidgets.QGroupBox(section.title)
            box.setAccessibleName(section.title)
            layout = QtWidgets.QVBoxLayout(box)
            lines = QtWidgets.QLabel()
            lines.setWordWrap(True)
            # Plain text: laying out rich text took most of the time a case with fifty exhibits needed to open.
            lines.setTextFormat(Qt.TextFormat.PlainText)
            lines.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(lines)
            if section.step is not Step.REVIEW:
                link = QtWidgets.QPushButton(f"Go to {section.step.label}")
                link.setAccessibleName(f"{section.title}: go to {section.step.label}")
                link.setFlat(True)
                link.clicked.connect(lambda _=False, step=section.step: self.open_step.emit(step))
                layout.addWidget(link, 0, Qt.AlignmentFlag.AlignLeft)
                self.links[section.title] = link
            self.sections.addWidget(box)
            self._shown.append((section.title, lines))

    def _show_plan(self) -> None:
        lines = the_evidence_plan(self.session.case, self.session.policy)
        if [line.key for line in lines] != list(self.plan_fields):
            while self.plan_rows.count():
                item = self.plan_rows.takeAt(0)
                widget = item.widget() if item is not None else None
                if widget is not None:
                    widget.deleteLater()
            self.plan_fields = {}
            for line in lines:
                note = QtWidgets.QLineEdit(placeholderText="Done on the call? Say where it is recorded, "
                                                           "e.g. in her statement")
                note.setObjectName(f"done_on_call_{line.key}")
                note.setAccessibleName(f"{line.action}: done on the call")
                note.textEdited.connect(lambda text, key=line.key: self._done_on_call(key, text))
                label = QtWidgets.QLabel(f"{line.action} ({line.who})")
                label.setWordWrap(True)
                label.setBuddy(note)
                self.plan_rows.addWidget(label)
                self.plan_rows.addWidget(note)
                self.plan_fields[line.key] = note
        self.plan.setVisible(bool(lines))
        done = self.session.case.investigation.done_on_call
        for key, note in self.plan_fields.items():
            if not note.hasFocus():  # never under the officer's cursor
                note.setText(done[key].note if key in done else "")

    def _done_on_call(self, key: str, text: str) -> None:
        record_done_on_call(self.session.case, key, text, self.session.now())
        self.session.touch()

    def _times_text(self) -> str:
        case, policy = self.session.case, self.session.policy
        local = policy.zone

        def when(moment) -> str:
            return moment.astimezone(local).strftime("%d/%m/%Y %H:%M:%S") if moment else "\u2014"

        clock = read_response_clock(case, policy.video_call.response_target, self.session.now())
        timeline = case.timeline
        rows = "".join(f"<tr><td>{f.name.replace('_', ' ').capitalize()}</td><td>{when(getattr(timeline, f.name))}"
                       f"</td></tr>" for f in fields(timeline))
        return (f"<p><b>Times</b> \u2014 response clock: {clock.state.value}, "
                f"{int(clock.elapsed.total_seconds())} s (target {int(clock.target.total_seconds())} s)</p>"
                f"<table>{rows}</table>")
