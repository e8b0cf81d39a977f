"""Fictitious cases walked to any step, as an officer would walk them.

A trainer shows a case half done; the screenshots for docs/, the benches and
the tests start from one. Each step is done through the workflow's own
actions, so every guard applies, and every person and number is invented
(`documents/specimen.py` is the one case that fills every field).
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from rvr_desktop.casework.statement_signing import signed_as_shown
from rvr_desktop.workflow import actions
from rvr_desktop.workflow.account import ProsecutionWish
from rvr_desktop.workflow.answers import Answer
from rvr_desktop.workflow.case import Case, new_case
from rvr_desktop.workflow.exhibits import Exhibit
from rvr_desktop.workflow.intake import enter_safe_phone
from rvr_desktop.workflow.not_signed import interpreter_used
from rvr_desktop.workflow.policy import Policy
from rvr_desktop.workflow.referrals import decide_referral, undecided
from rvr_desktop.workflow.safety import ALL_QUESTIONS
from rvr_desktop.workflow.signing import Signer
from rvr_desktop.workflow.statement import VictimPersonalStatement, WitnessCare, fill_finished_statement
from rvr_desktop.workflow.steps import Step
from rvr_desktop.workflow.video import VideoEventKind

# A Tuesday afternoon in term time, well away from any clock change.
CALL_AT = datetime(2025, 11, 4, 14, 0, tzinfo=ZoneInfo("Europe/London"))
# phonenumbers calls this a UK mobile; Ofcom's drama range (07700 900xxx) it
# calls invalid outside practice mode, so an ordinary allocated range.
MOBILE = "07911 123456"


class CaseBuilder:
    """Walks a fresh case through every step before a given one, as an officer would."""

    def __init__(self, policy: Policy):
        self.policy = policy

    def done_before(self, step: Step, *, call_at: datetime = CALL_AT) -> Case:
        case = new_case(self.policy, call_at)
        for earlier in Step:
            if earlier is step:
                break
            self.do(earlier, case, call_at)
        return case

    def submitted(self, *, call_at: datetime = CALL_AT) -> Case:
        case = self.done_before(Step.REVIEW, call_at=call_at)
        _accepted(actions.submit_case(case, self.policy, call_at + timedelta(minutes=45)))
        return case

    def do(self, step: Step, case: Case, call_at: datetime) -> None:
        """Does one step of `case`, on the timetable of a call received at `call_at`."""
        getattr(self, f"_{step.value}")(case, call_at)

    def _intake(self, case: Case, at: datetime) -> None:
        case.intake.incident_reference = "CAD-0412-2025"
        case.intake.caller_name = "Sam Example"
        enter_safe_phone(case.intake, MOBILE, self.policy.phone)
        case.intake.call_received_at = at

    def _safety(self, case: Case, at: datetime) -> None:
        for key in case.safety.asked:
            safe = ALL_QUESTIONS[key].safe_answer
            actions.record_safety_answer(case, self.policy, key, safe, at + timedelta(seconds=20))

    def _link(self, case: Case, at: datetime) -> None:
        invite = actions.issue_link_invite(case, self.policy, at + timedelta(seconds=40))
        invite.sent_at = at + timedelta(seconds=41)

    def _video(self, case: Case, at: datetime) -> None:
        actions.record_video_event(case, self.policy, VideoEventKind.CONNECTED, at + timedelta(seconds=150))

    def _account(self, case: Case, at: datetime) -> None:
        account = case.account
        account.incident_at = at - timedelta(minutes=20)
        account.place = "Home address"
        account.narrative = "He shouted and pushed me against the door."
        account.prosecution_wish = ProsecutionWish.SUPPORTS
        _accepted(actions.mark_account_complete(case, self.policy, at + timedelta(minutes=15)))

    def _risk(self, case: Case, at: datetime) -> None:
        instrument = self.policy.instrument_for(case.risk)
        case.risk.answers = {question.question_id: Answer.NO for question in instrument.questions}

    def _safeguarding(self, case: Case, at: datetime) -> None:
        case.safeguarding.safety_plan = True
        case.safeguarding.recorded_at = at + timedelta(minutes=30)
        for proposal in undecided(case, self.policy):
            _accepted(decide_referral(case, proposal, confirmed=True, reason="", at=at + timedelta(minutes=31)))

    def _statement(self, case: Case, at: datetime) -> None:
        statement = case.statement
        fill_finished_statement(statement, maker_name=case.intake.caller_name, narrative=case.account.narrative,
                                started_at=at + timedelta(minutes=25), finished_at=at + timedelta(minutes=41),
                                read_back=(at + timedelta(minutes=30), at + timedelta(minutes=40)),
                                care=WitnessCare(victim_personal_statement=VictimPersonalStatement.MADE))
        statement.maker_over_18 = True  # this walk's account records no date of birth
        _signed(case, at + timedelta(minutes=42))


def _signed(case: Case, at: datetime) -> None:
    # Signed on her page after the read-back (and by the interpreter, when one joined), as over a real call.
    signed_as_shown(case, Signer.WITNESS, case.intake.caller_name, at)
    if interpreter_used(case):
        signed_as_shown(case, Signer.INTERPRETER, "Interpreter Specimen", at, "INT-0000")


def finished_case(policy: Policy, exhibit_contents: list[bytes]) -> Case:
    """A case walked through every step, with a photograph for each of `exhibit_contents`, then submitted."""
    case = CaseBuilder(policy).done_before(Step.REVIEW)
    case.exhibits = [
        Exhibit(f"JS/{n}", f"Photograph {n} of the bruising", "PC J Smith", CALL_AT + timedelta(minutes=10 + n),
                "still taken from the video call", hashlib.sha256(content).hexdigest(), f"still-{n}.jpg")
        for n, content in enumerate(exhibit_contents, start=1)
    ]
    _accepted(actions.submit_case(case, policy, CALL_AT + timedelta(minutes=45)))
    return case


def _accepted(refusal: object) -> None:
    # A refusal here means the workflow's rules moved on and this walk did not:
    # say so loudly rather than hand on a case no officer could have made.
    if refusal:
        raise ValueError(f"The workflow refused a step of the specimen case: {refusal}")
