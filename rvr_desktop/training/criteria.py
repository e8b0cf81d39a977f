"""The debrief's criteria, and what each one is judged with.

Each criterion is passed or failed with a reason in plain words, or is "not
applicable" when the scenario's right decision means the trainee should
never have got that far (no risk assessment for a caller who was not safe).
Only applicable criteria count towards the score.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from functools import cached_property

from rvr_desktop.documents.context import duration
from rvr_desktop.workflow.account import Account
from rvr_desktop.workflow.case import Case
from rvr_desktop.workflow.policy import Policy
from rvr_desktop.workflow.timeline import Timeline
from rvr_desktop.workflow.times import as_utc

from .facts import account_facts, anchor
from .run import TrainingRun
from .scenario import Scenario


class Criterion(Enum):
    """What the debrief judges, in the order it reports them. The values are the CSV's column names."""

    SAFETY = "safety"
    LINK_TIME = "time_to_link"
    VIDEO_TIME = "time_to_video"
    RISK_ANSWERS = "risk_answers"
    RISK_GRADE = "risk_grade"
    REFERRALS = "referrals"
    STATEMENT = "statement"
    STEPS_IN_ORDER = "steps_in_order"
    EVENTS = "scripted_events"
    CALL_ENDED = "call_ended_on_escalation"
    CALLER_NEEDS = "language_and_access"

    @property
    def label(self) -> str:
        return {
            Criterion.SAFETY: "Safety confirmed before any link",
            Criterion.LINK_TIME: "Time to link",
            Criterion.VIDEO_TIME: "Time to video",
            Criterion.RISK_ANSWERS: "Risk answers complete and right",
            Criterion.RISK_GRADE: "Risk grade right",
            Criterion.REFERRALS: "Referrals right",
            Criterion.STATEMENT: "Statement complete",
            Criterion.STEPS_IN_ORDER: "Steps in order",
            Criterion.EVENTS: "Scripted events handled",
            Criterion.CALL_ENDED: "Call ended on escalation",
            Criterion.CALLER_NEEDS: "Language and access needs met",
        }[self]


class Verdict(Enum):
    PASSED = "passed"
    FAILED = "failed"
    NOT_APPLICABLE = "not applicable"

    @property
    def label(self) -> str:
        """'Passed', 'Failed', 'Not applicable': as the debrief window and its PDF both show it."""
        return self.value.capitalize()


@dataclass(frozen=True)
class CriterionResult:
    """One criterion's verdict, why, and the particulars (which answers, which referrals)."""

    criterion: Criterion
    verdict: Verdict
    reason: str
    details: tuple[str, ...] = ()

    @property
    def counts(self) -> bool:
        return self.verdict is not Verdict.NOT_APPLICABLE


def passed(criterion: Criterion, reason: str, details: list[str] | None = None) -> CriterionResult:
    return CriterionResult(criterion, Verdict.PASSED, reason, tuple(details or ()))


def failed(criterion: Criterion, reason: str, details: list[str] | None = None) -> CriterionResult:
    return CriterionResult(criterion, Verdict.FAILED, reason, tuple(details or ()))


def not_applicable(criterion: Criterion, reason: str) -> CriterionResult:
    return CriterionResult(criterion, Verdict.NOT_APPLICABLE, reason)


class Marking:
    """A run, the policy, and what the criteria work out from them, worked out once."""

    def __init__(self, run: TrainingRun, policy: Policy):
        self.run = run
        self.policy = policy

    @property
    def scenario(self) -> Scenario:
        return self.run.scenario

    @property
    def case(self) -> Case:
        return self.run.case

    @cached_property
    def timeline(self) -> Timeline:
        return self.case.timeline

    @cached_property
    def call_at(self) -> datetime:
        """When the run's call came in (when the case was opened, if the trainee never recorded it)."""
        return as_utc(self.case.intake.call_received_at or self.case.created_at)

    @cached_property
    def facts(self) -> Account:
        """The scenario's facts, anchored to this run's call: what a model trainee would record."""
        return account_facts(self.scenario, anchor(self.scenario, self.call_at, self.policy.zone))

    def after_call(self, moment: datetime) -> str:
        """'2 min 31 s after the call came in'."""
        return f"{duration(as_utc(moment) - self.call_at)} after the call came in"

    @staticmethod
    def span(length: timedelta) -> str:
        return duration(length)
