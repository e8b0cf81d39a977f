"""A trainee walking a practice case through the workflow, step by step, the
way an officer does at the workstation (compare tests/unit/workflow/
workflow_cases.py). Each test says what the trainee types; nothing is copied
from the scenario's expectations, so the debrief is judged against an
independent run."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rvr_desktop.casework.statement_signing import signed_as_shown
from rvr_desktop.training import FiredEvent, Scenario, StepVisit, TrainingRun
from rvr_desktop.workflow import actions
from rvr_desktop.workflow.account import Child, ProsecutionWish
from rvr_desktop.workflow.answers import Answer
from rvr_desktop.workflow.case import Case, new_case
from rvr_desktop.workflow.intake import enter_safe_phone
from rvr_desktop.workflow.policy import Policy
from rvr_desktop.workflow.referrals import ReferralKind, decide_referral, propose_referrals
from rvr_desktop.workflow.risk import assess, judgement_not_used
from rvr_desktop.workflow.safety import ALL_QUESTIONS
from rvr_desktop.workflow.signing import Signer
from rvr_desktop.workflow.statement import fill_finished_statement
from rvr_desktop.workflow.steps import Step
from rvr_desktop.workflow.video import VideoEvent, VideoEventKind

# A Wednesday in term time (12 November 2025), midday in London (GMT).
TERM_TIME_NOON = datetime(2025, 11, 12, 12, 0, tzinfo=UTC)


class Trainee:
    """One trainee's run of one scenario; `at(seconds)` is that long after the call came in."""

    def __init__(self, scenario: Scenario, policy: Policy, call_at: datetime = TERM_TIME_NOON,
                 name: str = "PC Trainee"):
        self.scenario = scenario
        self.policy = policy
        self.call_at = call_at
        self.case: Case = new_case(policy, call_at)
        self.run = TrainingRun(name, scenario, self.case)

    def at(self, seconds: float) -> datetime:
        return self.call_at + timedelta(seconds=seconds)

    def opens(self, step: Step, seconds: float) -> None:
        self.run.visits.append(StepVisit(step, self.at(seconds)))

    def hands_over(self, *, interpreter: bool = False, access: str = "") -> Trainee:
        self.opens(Step.INTAKE, 0)
        intake = self.case.intake
        intake.incident_reference = self.scenario.handover.incident_reference
        intake.caller_name = self.scenario.caller.name
        assert enter_safe_phone(intake, self.scenario.caller.phone, self.policy.phone).ok
        intake.language = self.scenario.caller.language
        intake.interpreter_needed = interpreter
        intake.accessibility_needs = access
        intake.call_received_at = self.call_at
        return self

    def records_safety(self, answers: dict[str, Answer] | None = None, *, every: float = 6) -> Trainee:
        """Asks each question in order and records `answers` (default: the safe answer) until one ends the path."""
        self.opens(Step.SAFETY, 2)
        for index, key in enumerate(self.case.safety.asked, start=1):
            answer = (answers or {}).get(key, ALL_QUESTIONS[key].safe_answer)
            actions.record_safety_answer(self.case, self.policy, key, answer, self.at(index * every))
            if self.case.outcome is not None:
                break
        return self

    def sends_link(self, seconds: float) -> Trainee:
        self.opens(Step.LINK, seconds - 5)
        invite = actions.issue_link_invite(self.case, self.policy, self.at(seconds - 1))
        invite.sent_at = self.at(seconds)
        return self

    def connects_video(self, seconds: float) -> Trainee:
        self.opens(Step.VIDEO, seconds - 10)
        actions.record_video_event(self.case, self.policy, VideoEventKind.CONNECTED, self.at(seconds))
        return self

    def records_on_call(self, kind: VideoEventKind, seconds: float) -> Trainee:
        actions.record_video_event(self.case, self.policy, kind, self.at(seconds))
        return self

    def event_fires(self, event_id: str, seconds: float) -> Trainee:
        self.run.fired.append(FiredEvent(event_id, self.at(seconds)))
        return self

    def call_ended(self, seconds: float) -> Trainee:
        """The trainee ended the call: recorded whatever step the case is at, as the workstation records it
        (casework.call_events.officer_ended_call), escalated or not."""
        self.case.video_events.append(VideoEvent(VideoEventKind.ENDED, self.at(seconds)))
        return self

    def escalates(self, seconds: float, reason: str = "Suspect came back during the call.") -> Trainee:
        assert actions.escalate(self.case, reason, self.at(seconds)) is None
        return self

    def takes_account(self, *, minutes_ago: int, place: str, narrative: str, children: list[Child] = (),
                      done_at: float = 900) -> Trainee:
        self.opens(Step.ACCOUNT, done_at - 600)
        account = self.case.account
        account.incident_at = self.call_at - timedelta(minutes=minutes_ago)
        account.place = place
        account.narrative = narrative
        account.children = list(children)
        account.prosecution_wish = ProsecutionWish.UNDECIDED
        assert actions.mark_account_complete(self.case, self.policy, self.at(done_at)) == []
        return self

    def assesses_risk(self, yes: set[str], *, unanswered: set[str] = frozenset()) -> Trainee:
        self.opens(Step.RISK, 960)
        instrument = self.policy.instrument_for(self.case.risk)
        self.case.risk.answers = {question.question_id: Answer.YES if question.question_id in yes else Answer.NO
                                  for question in instrument.questions if question.question_id not in unanswered}
        if assess(self.case.risk, instrument).judgement_awaited:
            # A strong single indicator asks whether judgement is used: the trainee answers as the model does.
            script = self.scenario.risk
            assert script is not None and judgement_not_used(self.case.risk, script.judgement_not_used,
                                                             self.at(1000)) is None
        return self

    def decides_referrals(self, confirm: set[ReferralKind], *, decline_children: set[str] = frozenset()) -> Trainee:
        """Confirms proposals of the kinds in `confirm` (except Encompass for the named children); declines the rest."""
        self.opens(Step.SAFEGUARDING, 1200)
        self.case.safeguarding.safety_plan = True
        self.case.safeguarding.recorded_at = self.at(1250)
        names = {child.child_id: child.name for child in self.case.account.children}
        for proposal in propose_referrals(self.case, self.policy):
            wanted = proposal.kind in confirm and names.get(proposal.child_id or "") not in decline_children
            assert decide_referral(self.case, proposal, confirmed=wanted, reason="" if wanted else "Not needed.",
                                   at=self.at(1260)) is None
        return self

    def takes_statement(self, *, read_back: bool = True) -> Trainee:
        self.opens(Step.STATEMENT, 1300)
        statement = self.case.statement
        fill_finished_statement(statement, maker_name=self.case.intake.caller_name,
                                narrative=self.case.account.narrative, started_at=self.at(1700),
                                finished_at=self.at(1700), read_back=(self.at(1700), self.at(1700)) if read_back else None)
        statement.maker_over_18 = True  # asked: the trainee's account records no date of birth
        signed_as_shown(self.case, Signer.WITNESS, self.case.intake.caller_name, self.at(1710))  # on her page
        return self

    def submits(self) -> TrainingRun:
        self.opens(Step.REVIEW, 1750)
        assert actions.submit_case(self.case, self.policy, self.at(1800)) is None
        return self.run


NARRATIVE = "Craig came round drunk, argued about money and shoved me against the wall."
STANDARD_RISK_YES = {"separation", "money_worries", "suspect_substances"}


def correct_run(scenario: Scenario, policy: Policy) -> TrainingRun:
    """The standard-risk scenario done right, typed in by hand."""
    return (Trainee(scenario, policy).hands_over().records_safety().sends_link(70).connects_video(150)
            .takes_account(minutes_ago=35, place="Her flat", narrative=NARRATIVE)
            .assesses_risk(STANDARD_RISK_YES).decides_referrals({ReferralKind.SUPPORT_SERVICES}).takes_statement()
            .submits())
