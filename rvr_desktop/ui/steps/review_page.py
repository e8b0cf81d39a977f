"""Review and submit: the case at a glance, then it leaves the workstation."""

from __future__ import annotations

import html
import logging
from dataclasses import fields

from rvr_desktop.casework.submitting import NotSubmitted, Queued, why_not_submit
from rvr_desktop.qt import QtWidgets, Qt
from rvr_desktop.store.failures import sort_store_error
from rvr_desktop.ui.form import show_message
from rvr_desktop.ui.steps.page import StepPage, status_line
from rvr_desktop.workflow.outcome import OutcomeKind
from rvr_desktop.workflow.referrals import decision_for, propose_referrals
from rvr_desktop.workflow.response_clock import read_response_clock
from rvr_desktop.workflow.risk import assess
from rvr_desktop.workflow.steps import Step, step_statuses

log = logging.getLogger(__name__)


class ReviewPage(StepPage):
    step = Step.REVIEW
    intro = "Check the case. Submitting sends it to the records system; it can no longer be changed here."

    def __init__(self, session):
        super().__init__(session)
        self.summary = QtWidgets.QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setAccessibleName("Case summary")
        self.column.addWidget(self.summary)
        self.verdict = status_line()
        self.message = QtWidgets.QLabel()
        self.message.setObjectName("fieldMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        self.submit = QtWidgets.QPushButton("Submit the case")
        self.submit.setAccessibleName("Submit the case")
        self.column.addWidget(self.verdict)
        self.column.addWidget(self.message)
        self.column.addWidget(self.submit)
        self.submit.clicked.connect(self._submit)
        self.finish()

    def _submit(self) -> None:
        call = self.session.video_call()
        unfiled = call.unfiled_photos("submitting") if call is not None else None
        problem = unfiled or why_not_submit(self.session.case, self.session.policy)
        show_message(self.message, problem)
        if problem:
            return
        self.submit.setEnabled(False)
        self.session.queue_for_records(self._answered, self._failed)

    def _answered(self, answer: Queued | NotSubmitted) -> None:
        if isinstance(answer, NotSubmitted):
            self._not_submitted(answer.why)
            return
        self.session.touch(at_once=True)  # the case is read-only now: every page shows it

    def _failed(self, error: BaseException) -> None:
        failure = sort_store_error(error)
        if not failure.environment:
            log.error("a fault stopped a submission", exc_info=error)
        self._not_submitted(f"The case was not submitted, and is unchanged. {failure.what_happened} "
                            f"What to do: {failure.what_to_do}")

    def _not_submitted(self, why: str) -> None:
        # The store changed nothing and neither did the page: the case is the draft it was.
        self.submit.setEnabled(True)
        show_message(self.message, why)

    def on_case_changed(self) -> None:
        case, policy = self.session.case, self.session.policy
        local = policy.zone

        def when(moment) -> str:
            return moment.astimezone(local).strftime("%d/%m/%Y %H:%M:%S") if moment else "—"

        clock = read_response_clock(case, policy.video_call.response_target, self.session.now())
        risk = assess(case.risk, policy.instrument_for(case.risk))
        timeline = case.timeline
        rows = [f"<tr><td>{f.name.replace('_', ' ').capitalize()}</td><td>{when(getattr(timeline, f.name))}</td></tr>"
                for f in fields(timeline)]
        referrals = []
        for proposal in propose_referrals(case, policy):
            decided = decision_for(case, proposal.key)
            state = "undecided" if decided is None else ("confirmed" if decided.confirmed else
                                                         f"not made: {decided.reason}")
            due = f" — due {when(proposal.due_at)}" if proposal.due_at else ""
            referrals.append(f"<li>{html.escape(proposal.kind.label)}: {html.escape(state)}{html.escape(due)}</li>")
        steps = "".join(f"<li>{s.step.label}: {s.state.value}</li>" for s in step_statuses(case, policy))
        self.summary.setText(
            f"<p><b>{html.escape(case.intake.incident_reference or 'No incident reference')}</b> — "
            f"{html.escape(case.intake.caller_name)}</p>"
            f"<p>Response clock: {clock.state.value}, {int(clock.elapsed.total_seconds())} s "
            f"(target {int(clock.target.total_seconds())} s)</p>"
            f"<p>Risk: {risk.grade.value} ({risk.yes_count} “yes”)"
            f"{' — raised by judgement' if risk.raised_by_judgement else ''}</p>"
            f"<table>{''.join(rows)}</table><p>Referrals:</p><ul>{''.join(referrals)}</ul>"
            f"<p>Steps:</p><ul>{steps}</ul>")
        self.verdict.setText(self._where_it_stands())

    def _where_it_stands(self) -> str:
        # Said from the case's state each time, so any later change (the call ending, say) keeps it true.
        outcome = self.session.case.outcome
        if self.session.submitting:
            return "Submitting…"
        if outcome is not None and outcome.kind is OutcomeKind.SUBMITTED:
            return ("Submitted: it waits in the encrypted outbox until the records system holds it. "
                    "Its progress shows in the case list.")
        return outcome.describe() if outcome else "Not submitted yet."
