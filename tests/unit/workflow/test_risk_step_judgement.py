"""The risk step waits for professional judgement when a strong single indicator sits below high.

SafeLives' MARAC criteria make judgement a ground of its own, given with its reasons either way, so
the step is not done (and safeguarding does not open) until the officer says whether it is used.
"""

from __future__ import annotations

from datetime import timedelta

from rvr_desktop.training.specimen_cases import CALL_AT, CaseBuilder
from rvr_desktop.workflow.answers import Answer
from rvr_desktop.workflow.instruments import RiskGrade
from rvr_desktop.workflow.risk import judgement_not_used, raise_by_judgement
from rvr_desktop.workflow.steps import Step, StepState, status_of

AT = CALL_AT + timedelta(minutes=20)


def _strangulation_alone(build: CaseBuilder, policy):
    case = build.done_before(Step.RISK)
    case.risk.answers = {question.question_id: Answer.NO for question in policy.instrument_for(case.risk).questions}
    case.risk.answers["strangulation"] = Answer.YES
    return case


def test_judgement_is_prompted_for_strangulation_alone(build, policy):
    case = _strangulation_alone(build, policy)
    risk = status_of(case, policy, Step.RISK)
    assert risk.state is StepState.IN_PROGRESS
    assert "whether professional judgement is used, and why" in risk.reason
    assert "strangling, choking or suffocating" in risk.reason
    later = status_of(case, policy, Step.SAFEGUARDING)
    assert not later.can_enter and "Finish risk assessment first" in later.reason


def test_judgement_not_used_with_a_reason_finishes_the_step(build, policy):
    case = _strangulation_alone(build, policy)
    assert judgement_not_used(case.risk, "", AT) is not None  # a bare "not used" is refused
    assert status_of(case, policy, Step.RISK).state is StepState.IN_PROGRESS
    assert judgement_not_used(case.risk, "A hand on her shoulder, not her neck, on her own account.", AT) is None
    assert status_of(case, policy, Step.RISK).state is StepState.DONE
    assert status_of(case, policy, Step.SAFEGUARDING).can_enter


def test_judgement_used_finishes_the_step_at_high(build, policy):
    case = _strangulation_alone(build, policy)
    instrument = policy.instrument_for(case.risk)
    assert raise_by_judgement(case.risk, instrument, RiskGrade.HIGH, "Non-fatal strangulation today.", AT) is None
    risk = status_of(case, policy, Step.RISK)
    assert risk.state is StepState.DONE and "Grade: high" in risk.reason


def test_no_strong_indicator_asks_nothing(build, policy):
    case = build.done_before(Step.RISK)
    case.risk.answers = {question.question_id: Answer.NO for question in policy.instrument_for(case.risk).questions}
    assert status_of(case, policy, Step.RISK).state is StepState.DONE
