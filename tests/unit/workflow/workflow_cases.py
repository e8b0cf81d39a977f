"""Helpers shared by the workflow tests: London times, and a builder that walks
a case through the steps the way an officer would."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from rvr_desktop.workflow import actions
from rvr_desktop.workflow.account import ProsecutionWish
from rvr_desktop.workflow.answers import Answer
from rvr_desktop.workflow.case import Case, new_case
from rvr_desktop.workflow.intake import enter_safe_phone
from rvr_desktop.workflow.policy import Policy
from rvr_desktop.workflow.referrals import decide_referral, undecided
from rvr_desktop.workflow.safety import ALL_QUESTIONS
from rvr_desktop.workflow.statement import ReadBackBy
from rvr_desktop.workflow.steps import Step
from rvr_desktop.workflow.video import VideoEventKind

LONDON = ZoneInfo("Europe/London")
# A Tuesday afternoon in term time, well away from any clock change.
CALL_AT = datetime(2025, 11, 4, 14, 0, tzinfo=LONDON)
# phonenumbers calls this a UK mobile; Ofcom's drama range (07700 900xxx) it
# calls invalid, so tests use an ordinary allocated range.
MOBILE = "07911 123456"


def london(*parts: int) -> datetime:
    """A wall-clock time in London, as an aware datetime."""
    return datetime(*parts, tzinfo=LONDON)


class CaseBuilder:
    """Walks a fresh case through every step before a given one, as an officer would."""

    def __init__(self, policy: Policy):
        self.policy = policy

    def done_before(self, step: Step, *, call_at: datetime = CALL_AT) -> Case:
        case = new_case(self.policy, call_at)
        for earlier in Step:
            if earlier is step:
                break
            getattr(self, f"_{earlier.value}")(case, call_at)
        return case

    def submitted(self, *, call_at: datetime = CALL_AT) -> Case:
        case = self.done_before(Step.REVIEW, call_at=call_at)
        assert actions.submit_case(case, self.policy, call_at + timedelta(minutes=45)) is None
        return case

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
        assert actions.mark_account_complete(case, self.policy, at + timedelta(minutes=15)) == []

    def _risk(self, case: Case, at: datetime) -> None:
        instrument = self.policy.instrument_for(case.risk)
        case.risk.answers = {question.question_id: Answer.NO for question in instrument.questions}

    def _safeguarding(self, case: Case, at: datetime) -> None:
        case.safeguarding.safety_plan = True
        case.safeguarding.recorded_at = at + timedelta(minutes=30)
        for proposal in undecided(case, self.policy):
            assert decide_referral(case, proposal, confirmed=True, reason="", at=at + timedelta(minutes=31)) is None

    def _statement(self, case: Case, at: datetime) -> None:
        statement = case.statement
        statement.maker_name = case.intake.caller_name
        statement.narrative = case.account.narrative
        statement.read_back_by = ReadBackBy.VIDEO
        statement.read_back_at = at + timedelta(minutes=40)
        statement.confirmed_true = True
        statement.dates_to_avoid = "none"
        statement.special_measures = Answer.NO
        statement.medical_records_consent = Answer.YES
        statement.victim_personal_statement_offered = True
