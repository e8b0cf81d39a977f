"""The debrief: a practice run scored against its scenario, criterion by criterion.

    debrief = score_run(TrainingRun(trainee, scenario, case, visits, fired), policy)
    debrief.passed, debrief.out_of        # 7 of 8
    debrief_pdf(debrief, policy, now)     # for the trainee  (debrief_pdf.py)
    cohort_csv([debrief, ...])            # for the trainer  (cohort_csv.py)

A debrief holds only what it says (text, verdicts, times), not the case, so
the trainer can keep a cohort's debriefs without keeping their practice
cases.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from rvr_desktop.workflow.policy import Policy

from . import call_criteria, record_criteria
from .criteria import Criterion, CriterionResult, Marking, Verdict
from .record_criteria import Milestone
from .run import TrainingRun
from .scenario import Decision

_JUDGED_BY: dict[Criterion, Callable[[Marking], CriterionResult]] = {
    Criterion.SAFETY: call_criteria.safety,
    Criterion.LINK_TIME: call_criteria.link_time,
    Criterion.VIDEO_TIME: call_criteria.video_time,
    Criterion.RISK_ANSWERS: record_criteria.risk_answers,
    Criterion.RISK_GRADE: record_criteria.risk_grade,
    Criterion.REFERRALS: record_criteria.referrals,
    Criterion.STATEMENT: record_criteria.statement,
    Criterion.STEPS_IN_ORDER: record_criteria.steps_in_order,
    Criterion.EVENTS: call_criteria.events,
    Criterion.CALL_ENDED: call_criteria.call_ended,
    Criterion.CALLER_NEEDS: call_criteria.caller_needs,
}


@dataclass(frozen=True)
class Debrief:
    """One run's score: every criterion with its verdict and reason, and the run's timeline."""

    trainee: str
    scenario_id: str
    scenario_title: str
    right_decision: Decision
    call_received: datetime
    results: tuple[CriterionResult, ...]
    milestones: tuple[Milestone, ...]
    teaches: tuple[str, ...] = ()

    @property
    def passed(self) -> int:
        return sum(result.verdict is Verdict.PASSED for result in self.results)

    @property
    def out_of(self) -> int:
        """How many criteria applied to this run."""
        return sum(result.counts for result in self.results)

    @property
    def score(self) -> str:
        return f"{self.passed} of {self.out_of}"

    def result(self, criterion: Criterion) -> CriterionResult:
        return next(result for result in self.results if result.criterion is criterion)


def score_run(run: TrainingRun, policy: Policy) -> Debrief:
    """Judge `run` against its scenario under the force's `policy` (the one the run was made with)."""
    marking = Marking(run, policy)
    scenario = run.scenario
    return Debrief(
        trainee=run.trainee,
        scenario_id=scenario.scenario_id,
        scenario_title=scenario.title,
        right_decision=scenario.expected.decision,
        call_received=marking.call_at,
        results=tuple(judge(marking) for judge in _JUDGED_BY.values()),
        milestones=tuple(record_criteria.milestones(marking)),
        teaches=scenario.teaches,
    )
