"""Safeguarding advice given, and the referrals the rules propose.

The proposals are worked out from the case each time it changes, so a child
added to the account appears here at once, with its school's deadline.
"""

from __future__ import annotations

from rvr_desktop.qt import QtWidgets
from rvr_desktop.ui.form import YES_NO_NOT_KNOWN, heading, show_message
from rvr_desktop.ui.steps.page import StepPage, status_line
from rvr_desktop.workflow.referrals import decide_referral, decision_for, propose_referrals
from rvr_desktop.workflow.steps import Step


class ProposalBox(QtWidgets.QFrame):
    """One proposed referral: why, by when, and the officer's decision."""

    def __init__(self, page: SafeguardingPage, proposal):
        super().__init__()
        self.setObjectName("listItem")
        self.setFrameShape(QtWidgets.QFrame.Shape.StyledPanel)
        self.page = page
        self.proposal = proposal
        name = proposal.kind.label
        layout = QtWidgets.QVBoxLayout(self)
        title = QtWidgets.QLabel(f"<b>{name}</b>")
        reason = QtWidgets.QLabel(proposal.reason)
        reason.setWordWrap(True)
        self.state = status_line()
        self.decline_reason = QtWidgets.QLineEdit(placeholderText="reason, if not making this referral")
        self.decline_reason.setAccessibleName(f"Reason for not referring: {name}")
        self.confirm = QtWidgets.QPushButton("Confirm referral")
        self.confirm.setAccessibleName(f"Confirm referral: {name}")
        self.decline = QtWidgets.QPushButton("Do not refer")
        self.decline.setAccessibleName(f"Do not refer: {name}")
        self.message = QtWidgets.QLabel()
        self.message.setObjectName("fieldMessage")
        self.message.hide()
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.confirm)
        row.addWidget(self.decline_reason, 1)
        row.addWidget(self.decline)
        for widget in (title, reason, self.state):
            layout.addWidget(widget)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self.confirm.clicked.connect(lambda: self._decide(True))
        self.decline.clicked.connect(lambda: self._decide(False))
        decided = decision_for(page.session.case, proposal.key)
        if decided is not None:
            self.state.setText("Confirmed." if decided.confirmed else f"Not referred: {decided.reason}")
            if not decided.confirmed:
                self.decline_reason.setText(decided.reason)

    def _decide(self, confirmed: bool) -> None:
        problem = decide_referral(self.page.session.case, self.proposal, confirmed=confirmed,
                                  reason=self.decline_reason.text(), at=self.page.session.now())
        show_message(self.message, problem)
        if problem is None:
            self.page.session.touch(at_once=True)


class SafeguardingPage(StepPage):
    step = Step.SAFEGUARDING
    intro = "Record the advice given, then confirm each proposed referral or say why it is not made."

    def __init__(self, session):
        super().__init__(session)
        advice = self.form(lambda case: case.safeguarding)
        advice.flag("Safety plan agreed", "safety_plan")
        advice.flag("999 and the silent-call route explained", "emergency_and_silent_call")
        advice.flag("Local support services given", "local_services")
        advice.text("Advice notes", "notes", multiline=True,
                    hint="Printed on the supervisor's case summary, which is for police use only and never served")
        advice.choice("Consent to share with the agencies", "consent_to_share", YES_NO_NOT_KNOWN)
        advice.text("Grounds for sharing without consent", "grounds_to_share_without_consent",
                    hint="For example: high risk of serious harm; the MARAC needs it to protect the victim")
        advice.choice("Victim knows of the MARAC referral", "victim_aware_of_referral", YES_NO_NOT_KNOWN)
        advice.text("If not, why not", "why_not_aware",
                    hint="For example: not safe to tell her while he may see her phone")
        self.advice_given = QtWidgets.QPushButton("Record the advice as given")
        self.advice_given.setAccessibleName("Record the advice as given")
        self.advice_state = status_line()
        self.column.addWidget(self.advice_given)
        self.column.addWidget(self.advice_state)
        self.advice_given.clicked.connect(self._advice_given)
        self.column.addWidget(heading("Proposed referrals"))
        self.proposals = QtWidgets.QVBoxLayout()
        self.column.addLayout(self.proposals)
        self.boxes: list[ProposalBox] = []
        self._shown: list[tuple] = []
        self.finish()

    def _advice_given(self) -> None:
        self.session.case.safeguarding.recorded_at = self.session.now()
        self.session.touch(at_once=True)

    def on_case_changed(self) -> None:
        case = self.session.case
        self.advice_state.setText("Advice recorded as given." if case.safeguarding.recorded_at else "")
        proposals = propose_referrals(case, self.session.policy)
        shown = [(p, decision_for(case, p.key)) for p in proposals]
        if shown == self._shown:
            return  # Rebuilding would move the officer's focus for nothing.
        self._shown = shown
        focused = self.focusWidget()
        keep_focus = focused is not None and any(box.isAncestorOf(focused) for box in self.boxes)
        for box in self.boxes:
            box.setParent(None)
            box.deleteLater()
        self.boxes = [ProposalBox(self, p) for p in proposals]
        for box in self.boxes:
            self.proposals.addWidget(box)
        if keep_focus and self.boxes:
            self.boxes[0].confirm.setFocus()

    def box_for(self, kind_value: str) -> list[ProposalBox]:
        return [box for box in self.boxes if box.proposal.kind.value == kind_value]
