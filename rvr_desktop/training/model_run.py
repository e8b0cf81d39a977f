"""The model answer: a run of a scenario as a well-trained officer would do it.

It walks a fresh case through the workflow's own actions, so every guard
applies: a scenario whose model answer the workflow refuses (a link to a
caller the scenario calls safe, a case that can't be submitted) is a broken
scenario, and `cross_checks` says so. Trainers can also show it as the
worked answer, and tests use it as the run that must earn full marks.

The times are brisk but possible: the link goes at three-quarters of its
target, the video connects at three-quarters of its target, and each step
after that takes a few minutes.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from rvr_desktop.casework.statement_signing import signed_as_shown
from rvr_desktop.workflow import actions
from rvr_desktop.workflow.actions import StepBlocked
from rvr_desktop.workflow.case import Case, new_case
from rvr_desktop.workflow.intake import enter_safe_phone
from rvr_desktop.workflow.not_signed import interpreter_used
from rvr_desktop.workflow.policy import Policy
from rvr_desktop.workflow.referrals import decide_referral, propose_referrals
from rvr_desktop.workflow.risk import assess, judgement_not_used, raise_by_judgement
from rvr_desktop.workflow.signing import Signer
from rvr_desktop.workflow.statement import fill_finished_statement
from rvr_desktop.workflow.steps import Step
from rvr_desktop.workflow.times import as_utc
from rvr_desktop.workflow.video import VideoEventKind

from .facts import account_facts, anchor
from .run import FiredEvent, StepVisit, TrainingRun
from .scenario import EventKind, InterpreterNeed, Scenario, ScriptedEvent

MODEL_TRAINEE = "Model answer"
# After the video connects: when each later step is done.
_ACCOUNT_DONE = timedelta(minutes=10)
_SAFEGUARDING_DONE = timedelta(minutes=18)
_STATEMENT_READ_BACK = timedelta(minutes=26)
_SUBMITTED = timedelta(minutes=30)


class ModelRunRefused(ValueError):
    """The workflow refused the model answer: the scenario contradicts itself. `field` names where."""

    def __init__(self, field: tuple[str, ...], problem: str):
        self.field = field
        self.problem = problem
        super().__init__(problem)


def model_run(scenario: Scenario, policy: Policy, call_at: datetime) -> TrainingRun:
    """The worked answer to `scenario` for a call coming in at `call_at`; `policy` must allow drama numbers."""
    walk = _Walk(scenario, policy, as_utc(call_at))
    try:
        walk.run()
    except StepBlocked as blocked:
        raise ModelRunRefused(("expected", "decision"), f"the workflow would not let the model answer do this: "
                                                        f"{blocked}") from None
    return walk.result


class _Walk:
    def __init__(self, scenario: Scenario, policy: Policy, call_at: datetime):
        self.scenario = scenario
        self.policy = policy
        self.t0 = call_at
        self.case: Case = new_case(policy, call_at)
        self.result = TrainingRun(MODEL_TRAINEE, scenario, self.case)

    def visit(self, step: Step, at: datetime) -> None:
        self.result.visits.append(StepVisit(step, at))

    def run(self) -> None:
        self.intake()
        if not self.safety():
            return
        video_at = self.link_and_video()
        # The video has connected, so every event has a time.
        due = {event.event_id: event.due_at(self.t0, video_at) or video_at for event in self.scenario.events}
        for event in sorted(self.scenario.events, key=lambda event: due[event.event_id]):
            if not self.respond(event, due[event.event_id]):
                return
        self.account(video_at)
        self.risk(video_at)
        self.safeguarding(video_at)
        self.statement(video_at)
        self.visit(Step.REVIEW, video_at + _SUBMITTED)
        refused = actions.submit_case(self.case, self.policy, video_at + _SUBMITTED)
        if refused:
            raise ModelRunRefused(("expected", "decision"), f"the model answer could not be submitted: {refused}")

    def intake(self) -> None:
        scenario, intake = self.scenario, self.case.intake
        self.visit(Step.INTAKE, self.t0)
        intake.incident_reference = scenario.handover.incident_reference
        intake.caller_name = scenario.caller.name
        check = enter_safe_phone(intake, scenario.caller.phone, self.policy.phone)
        if not check.ok:
            raise ModelRunRefused(("caller", "phone"), f"the workstation refuses this number: {check.message}")
        intake.safe_time_to_call = scenario.handover.safe_time_to_call
        intake.language = scenario.caller.language
        intake.interpreter_needed = scenario.caller.interpreter is not InterpreterNeed.NONE
        intake.accessibility_needs = scenario.caller.accessibility
        intake.call_received_at = self.t0

    def safety(self) -> bool:
        """Ask every question in order; False when an answer ends the video path."""
        self.visit(Step.SAFETY, self.t0 + timedelta(seconds=1))
        asked = self.case.safety.asked
        spacing = timedelta(seconds=int(self.scenario.targets.link_sent.total_seconds()) // 2 // len(asked))
        for index, key in enumerate(asked):
            answer = self.scenario.safety.answers.get(key)
            if answer is None:
                raise ModelRunRefused(("safety", "answers"), f"the force asks '{key}' and the scenario has no answer")
            actions.record_safety_answer(self.case, self.policy, key, answer, self.t0 + spacing * (index + 1))
            if self.case.outcome is not None:
                return False
        return True

    def link_and_video(self) -> datetime:
        targets = self.scenario.targets
        sent_at = self.t0 + _three_quarters(targets.link_sent)
        self.visit(Step.LINK, sent_at - timedelta(seconds=2))
        invite = actions.issue_link_invite(self.case, self.policy, sent_at - timedelta(seconds=1))
        invite.sent_at = invite.delivered_at = sent_at
        video_at = max(self.t0 + _three_quarters(targets.video_connected), sent_at + timedelta(seconds=20))
        invite.opened_at = invite.joined_at = video_at - timedelta(seconds=5)
        self.visit(Step.VIDEO, video_at - timedelta(seconds=5))
        actions.record_video_event(self.case, self.policy, VideoEventKind.CONNECTED, video_at)
        if self.scenario.caller.interpreter is not InterpreterNeed.NONE:
            actions.record_video_event(self.case, self.policy, VideoEventKind.INTERPRETER_JOINED,
                                       video_at + timedelta(seconds=30), "Interpreter joined the call.")
        return video_at

    def respond(self, event: ScriptedEvent, at: datetime) -> bool:
        """Handle a scripted event; False when it ends the run."""
        self.result.fired.append(FiredEvent(event.event_id, at))
        quick = min(event.respond_within / 2, timedelta(seconds=20))
        if event.kind is EventKind.SUSPECT_ARRIVES:
            actions.record_video_event(self.case, self.policy, VideoEventKind.ENDED, at + quick / 2,
                                       "Suspect arrived; call ended.")
            reason = self.scenario.expected.escalation_reason or "The suspect arrived during the video call."
            actions.escalate(self.case, reason, at + quick)
            return False
        if event.kind is EventKind.CONNECTION_DROPS:
            actions.record_video_event(self.case, self.policy, VideoEventKind.DISCONNECTED, at)
            actions.record_video_event(self.case, self.policy, VideoEventKind.CONNECTED, at + quick)
        else:
            actions.record_video_event(self.case, self.policy, VideoEventKind.INTERPRETER_JOINED, at + quick,
                                       "Interpreter joined at the caller's request.")
        return True

    def account(self, video_at: datetime) -> None:
        self.visit(Step.ACCOUNT, video_at + timedelta(minutes=1))
        self.case.account = account_facts(self.scenario, anchor(self.scenario, self.t0, self._zone()))
        problems = actions.mark_account_complete(self.case, self.policy, video_at + _ACCOUNT_DONE)
        if problems:
            raise ModelRunRefused(("account",), "the account can't be marked complete: " + " ".join(problems))

    def risk(self, video_at: datetime) -> None:
        self.visit(Step.RISK, video_at + _ACCOUNT_DONE + timedelta(seconds=30))
        script = self.scenario.risk
        if script is None:
            raise ModelRunRefused(("risk",), "a video call needs the caller's risk answers")
        self.case.risk.answers = dict(script.answers)
        instrument = self.policy.instrument_for(self.case.risk)
        if assess(self.case.risk, instrument).grade is not script.grade:
            refused = raise_by_judgement(self.case.risk, instrument, script.grade, script.judgement,
                                         video_at + _ACCOUNT_DONE + timedelta(minutes=4))
            if refused:
                raise ModelRunRefused(("risk", "grade"), refused)
        elif assess(self.case.risk, instrument).judgement_awaited:
            refused = judgement_not_used(self.case.risk, script.judgement_not_used,
                                         video_at + _ACCOUNT_DONE + timedelta(minutes=4))
            if refused:
                raise ModelRunRefused(("risk", "judgement_not_used"), refused)

    def safeguarding(self, video_at: datetime) -> None:
        at = video_at + _SAFEGUARDING_DONE
        self.visit(Step.SAFEGUARDING, at - timedelta(minutes=3))
        advice = self.case.safeguarding
        advice.safety_plan = advice.emergency_and_silent_call = advice.local_services = True
        advice.recorded_at = at - timedelta(minutes=1)
        expected = set(self.scenario.expected.referrals)
        for proposal in propose_referrals(self.case, self.policy):
            wanted = proposal.kind in expected
            decide_referral(self.case, proposal, confirmed=wanted, at=at,
                            reason="" if wanted else f"The scenario does not call for {proposal.kind.label}.")

    def statement(self, video_at: datetime) -> None:
        self.visit(Step.STATEMENT, video_at + _SAFEGUARDING_DONE + timedelta(minutes=1))
        statement = self.case.statement
        if not self.scenario.expected.statement_taken:
            statement.not_taken_reason = "The victim chose not to make a statement today."
            return
        read_back = video_at + _STATEMENT_READ_BACK
        fill_finished_statement(statement, maker_name=self.case.intake.caller_name,
                                narrative=self.case.account.narrative, started_at=read_back, finished_at=read_back,
                                read_back=(read_back, read_back))
        # Asked to sign after the read-back: the simulated caller signs with the scenario's name (as she does in
        # a practice run), and an interpreter who joined confirms their declaration the same way.
        signed_at = read_back + timedelta(seconds=30)
        signed_as_shown(self.case, Signer.WITNESS, self.scenario.caller.name, signed_at)
        if interpreter_used(self.case):
            signed_as_shown(self.case, Signer.INTERPRETER, "Practice interpreter", signed_at, "PRACTICE")

    def _zone(self) -> ZoneInfo:
        return self.policy.zone


def _three_quarters(target: timedelta) -> timedelta:
    return timedelta(seconds=int(target.total_seconds()) * 3 // 4)
