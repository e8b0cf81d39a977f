"""The debrief of a safe caller's scenario (standard risk): a correct run and a wrong one."""

from __future__ import annotations

from datetime import timedelta

from training_runs import NARRATIVE, STANDARD_RISK_YES, Trainee, correct_run

from rvr_desktop.training import Criterion, StepVisit, Verdict, score_run
from rvr_desktop.workflow.answers import Answer
from rvr_desktop.workflow.steps import Step


def test_a_correct_run_passes_every_criterion_that_applies(scenarios, policy):
    debrief = score_run(correct_run(scenarios["standard-risk"], policy), policy)
    verdicts = {result.criterion: result.verdict for result in debrief.results}
    assert verdicts == {
        Criterion.SAFETY: Verdict.PASSED, Criterion.LINK_TIME: Verdict.PASSED, Criterion.VIDEO_TIME: Verdict.PASSED,
        Criterion.RISK_ANSWERS: Verdict.PASSED, Criterion.RISK_GRADE: Verdict.PASSED,
        Criterion.REFERRALS: Verdict.PASSED, Criterion.STATEMENT: Verdict.PASSED,
        Criterion.STEPS_IN_ORDER: Verdict.PASSED, Criterion.EVENTS: Verdict.NOT_APPLICABLE,
        Criterion.CALL_ENDED: Verdict.NOT_APPLICABLE, Criterion.CALLER_NEEDS: Verdict.NOT_APPLICABLE,
    }
    assert (debrief.passed, debrief.out_of, debrief.score) == (8, 8, "8 of 8")
    assert debrief.result(Criterion.LINK_TIME).reason == (
        "Link sent 1 min 10 s after the call came in (target 1 min 30 s).")
    assert debrief.result(Criterion.VIDEO_TIME).reason == (
        "Video connected 2 min 30 s after the call came in (target 3 min 00 s).")
    assert debrief.trainee == "PC Trainee" and debrief.scenario_id == "standard-risk"


def test_a_wrong_run_fails_with_the_reasons_in_plain_words(scenarios, policy):
    # Late link and video; risk answers with one missing and a run of wrong
    # "yes" that grades it medium; every referral declined; a statement never
    # read back.
    wrong_yes = STANDARD_RISK_YES - {"separation"} | {"injury", "very_frightened", "fear_of_what", "isolated",
                                                      "controlling", "weapons", "criminal_history", "low_or_suicidal",
                                                      "harmed_animals"}
    run = (Trainee(scenarios["standard-risk"], policy).hands_over().records_safety().sends_link(100)
           .connects_video(240)
           .takes_account(minutes_ago=35, place="Her flat", narrative=NARRATIVE)
           .assesses_risk(wrong_yes, unanswered={"criminal_history"})
           .decides_referrals(set()).takes_statement(read_back=False))
    debrief = score_run(run.run, policy)
    result = debrief.result
    assert result(Criterion.SAFETY).verdict is Verdict.PASSED
    assert result(Criterion.LINK_TIME).verdict is Verdict.FAILED
    assert result(Criterion.LINK_TIME).reason == "Link sent 1 min 40 s after the call came in (target 1 min 30 s)."
    assert result(Criterion.VIDEO_TIME).reason == (
        "Video connected 4 min 00 s after the call came in (target 3 min 00 s).")
    answers = result(Criterion.RISK_ANSWERS)
    assert answers.verdict is Verdict.FAILED
    assert answers.reason == "1 not answered and 9 recorded differently from the caller's answers."
    assert "Not answered: Their criminal history." in answers.details
    assert "Separation: the caller said yes, no was recorded." in answers.details
    assert "Isolation: the caller said no, yes was recorded." in answers.details
    grade = result(Criterion.RISK_GRADE)
    assert grade.verdict is Verdict.FAILED
    assert grade.reason == "Graded medium from 10 \u201cyes\u201d answers; the right grade is standard."
    referrals = result(Criterion.REFERRALS)
    assert referrals.verdict is Verdict.FAILED
    assert referrals.reason == "1 missing and 0 not called for."
    assert referrals.details == ("Missing: Victim support services.",)
    statement = result(Criterion.STATEMENT)
    assert statement.verdict is Verdict.FAILED
    assert statement.reason == ("Still missing: how and when it was read back, "
                                "the victim's confirmation that it is true.")
    assert (debrief.passed, debrief.out_of) == (2, 8)


def test_a_safe_caller_escalated_at_the_safety_check_fails_safety(scenarios, policy):
    run = Trainee(scenarios["standard-risk"], policy).hands_over().records_safety({"own_phone": Answer.NOT_KNOWN}).run
    result = score_run(run, policy).result(Criterion.SAFETY)
    assert result.verdict is Verdict.FAILED
    assert "an answer recorded at the safety check ended the video path" in result.reason
    assert result.details == ("\u201cIs this phone your own, and safe for us to send a text to?\u201d: the caller "
                              "said yes, not known was recorded.",)


def test_steps_opened_out_of_order_are_named(scenarios, policy):
    run = correct_run(scenarios["standard-risk"], policy)
    run.visits.insert(2, StepVisit(Step.ACCOUNT, run.visits[1].at))
    result = score_run(run, policy).result(Criterion.STEPS_IN_ORDER)
    assert result.verdict is Verdict.FAILED
    assert result.details == ("The Account step was opened before the Send link step.",
                              "The Account step was opened before the Video call step.")
    # The reason itself names the first step out of order: a one-line view of the debrief says which.
    assert result.reason == ("The Account step was opened before the Send link step (1 more below, from the "
                             "case's times and the 10 steps the trainee opened).")


def test_times_out_of_step_order_are_named_without_step_visits(scenarios, policy):
    run = correct_run(scenarios["standard-risk"], policy)
    run.visits.clear()
    run.case.statement.read_back_at = run.case.intake.call_received_at + timedelta(seconds=200)
    result = score_run(run, policy).result(Criterion.STEPS_IN_ORDER)
    assert result.verdict is Verdict.FAILED
    assert result.reason == ("Statement read back (3 min 20 s after the call came in) came before safeguarding "
                             "advice recorded (20 min 50 s after the call came in) (from the case's times).")
    assert result.details == ("Statement read back (3 min 20 s after the call came in) came before safeguarding "
                              "advice recorded (20 min 50 s after the call came in).",)
