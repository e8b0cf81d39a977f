"""The debrief of a caller who is not safe at the start: the right decision is
to escalate and send no link. A correct run, and a wrong one that records
safe answers and sends a link anyway."""

from __future__ import annotations

from training_runs import Trainee

from rvr_desktop.training import Criterion, Verdict, score_run
from rvr_desktop.workflow.answers import Answer
from rvr_desktop.workflow.outcome import OutcomeKind
from rvr_desktop.workflow.steps import Step


def test_escalating_at_the_first_unsafe_answer_is_the_right_decision(scenarios, policy):
    run = Trainee(scenarios["not-safe-at-start"], policy).hands_over().records_safety({"safe_place": Answer.NO}).run
    assert run.case.outcome.kind is OutcomeKind.ESCALATED
    debrief = score_run(run, policy)
    safety = debrief.result(Criterion.SAFETY)
    assert safety.verdict is Verdict.PASSED
    assert safety.reason == ("Right decision: the caller answered \u201cAre you somewhere safe right now?\u201d "
                             "unsafely, and the case was escalated 6 s after the call came in with no link sent.")
    assert debrief.result(Criterion.STEPS_IN_ORDER).verdict is Verdict.PASSED
    skipped = [result.criterion for result in debrief.results if result.verdict is Verdict.NOT_APPLICABLE]
    assert skipped == [Criterion.LINK_TIME, Criterion.VIDEO_TIME, Criterion.RISK_ANSWERS, Criterion.RISK_GRADE,
                       Criterion.REFERRALS, Criterion.STATEMENT, Criterion.EVENTS, Criterion.CALL_ENDED,
                       Criterion.CALLER_NEEDS]
    assert debrief.result(Criterion.LINK_TIME).reason == "No link was due: the caller was not safe."
    assert debrief.result(Criterion.STATEMENT).reason == (
        "Not reached: the right decision was to escalate at the safety check, with no link sent.")
    assert (debrief.passed, debrief.out_of) == (2, 2)


def test_sending_a_link_to_a_caller_who_is_not_safe_fails(scenarios, policy):
    # The trainee records every answer as safe, whatever the caller says, and sends a link.
    run = (Trainee(scenarios["not-safe-at-start"], policy).hands_over().records_safety().sends_link(80)
           .connects_video(160).run)
    debrief = score_run(run, policy)
    safety = debrief.result(Criterion.SAFETY)
    assert safety.verdict is Verdict.FAILED
    assert safety.reason == ("A link was sent 1 min 19 s after the call came in, but the caller answered \u201cAre "
                             "you somewhere safe right now?\u201d unsafely. The right decision was to escalate "
                             "without sending a link.")
    assert len(safety.details) == 6
    assert safety.details[0] == ("\u201cAre you somewhere safe right now?\u201d: the caller said no, yes was "
                                 "recorded.")
    assert ("\u201cIs the person you are calling about with you, or close by?\u201d: the caller said yes, no was "
            "recorded.") in safety.details
    assert debrief.result(Criterion.LINK_TIME).verdict is Verdict.NOT_APPLICABLE
    assert (debrief.passed, debrief.out_of) == (1, 2)


def test_stopping_without_escalating_fails(scenarios, policy):
    # The hand-over is taken and the safety check opened, then nothing is recorded.
    trainee = Trainee(scenarios["not-safe-at-start"], policy).hands_over()
    trainee.opens(Step.SAFETY, 1)
    debrief = score_run(trainee.run, policy)
    safety = debrief.result(Criterion.SAFETY)
    assert safety.verdict is Verdict.FAILED
    assert safety.reason.startswith("No link was sent, but the case was not escalated")
