"""The debrief checks the call was ended when the case was escalated, and scores only times the trainee was
told (the practice panel shows `targets_told`; a fired event's notice says `response_told`)."""

from __future__ import annotations

import re

import pytest
from training_runs import Trainee, correct_run

from rvr_desktop.training import Criterion, Verdict, response_told, score_run, targets_told
from rvr_desktop.training.call_criteria import ENDING_TAKES
from rvr_desktop.workflow.answers import Answer


def _escalated_mid_call(scenarios, policy) -> Trainee:
    """Suspect returns: video at 2:20, the suspect back at 9:20, escalated at 9:35."""
    return (Trainee(scenarios["suspect-returns"], policy).hands_over().records_safety().sends_link(60)
            .connects_video(140).event_fires("he-is-back", 560).escalates(575))


def test_escalating_and_ending_the_call_passes(scenarios, policy):
    run = _escalated_mid_call(scenarios, policy).call_ended(577).run
    result = score_run(run, policy).result(Criterion.CALL_ENDED)
    assert result.verdict is Verdict.PASSED
    assert result.reason == ("The case was escalated 9 min 35 s after the call came in, and the video call was "
                             "ended with it.")


def test_ending_the_call_just_before_escalating_passes_too(scenarios, policy):
    run = _escalated_mid_call(scenarios, policy).call_ended(570).run
    assert score_run(run, policy).result(Criterion.CALL_ENDED).verdict is Verdict.PASSED


def test_escalating_with_the_call_left_connected_fails_though_the_event_was_handled(scenarios, policy):
    debrief = score_run(_escalated_mid_call(scenarios, policy).run, policy)
    assert debrief.result(Criterion.EVENTS).verdict is Verdict.PASSED  # the escalation came in time
    result = debrief.result(Criterion.CALL_ENDED)
    assert result.verdict is Verdict.FAILED
    assert result.reason == ("The case was escalated 9 min 35 s after the call came in, but the video call was "
                             "never ended: the caller's link stayed live. Leave \u201cEnd the video call now\u201d "
                             "ticked when you escalate.")
    assert debrief.passed < debrief.out_of


def test_a_call_ended_only_when_the_case_was_closed_later_fails(scenarios, policy):
    late = 575 + ENDING_TAKES.total_seconds() + 270
    result = score_run(_escalated_mid_call(scenarios, policy).call_ended(late).run, policy).result(
        Criterion.CALL_ENDED)
    assert result.verdict is Verdict.FAILED
    assert result.reason.endswith("but the video call was left open until 5 min 00 s later.")


def test_an_ending_of_an_earlier_call_does_not_count_for_the_one_left_open(scenarios, policy):
    trainee = (Trainee(scenarios["suspect-returns"], policy).hands_over().records_safety().sends_link(60)
               .connects_video(140).call_ended(200).sends_link(260).connects_video(300).escalates(575))
    assert score_run(trainee.run, policy).result(Criterion.CALL_ENDED).verdict is Verdict.FAILED


def test_no_escalation_or_no_link_means_no_call_to_end(scenarios, policy):
    submitted = score_run(correct_run(scenarios["standard-risk"], policy), policy).result(Criterion.CALL_ENDED)
    assert (submitted.verdict, submitted.reason) == (Verdict.NOT_APPLICABLE, "The case was not escalated.")
    unsafe = Trainee(scenarios["not-safe-at-start"], policy).hands_over()
    unsafe.records_safety(dict(scenarios["not-safe-at-start"].safety.answers))
    if unsafe.case.outcome is None:
        unsafe.escalates(60, "Not safe to talk.")
    before_link = score_run(unsafe.run, policy).result(Criterion.CALL_ENDED)
    assert before_link.verdict is Verdict.NOT_APPLICABLE and "before any link" in before_link.reason


def test_a_safe_caller_escalated_at_the_safety_check_has_no_call_to_end(scenarios, policy):
    run = Trainee(scenarios["standard-risk"], policy).hands_over().records_safety(
        {"own_phone": Answer.NOT_KNOWN}).run
    assert score_run(run, policy).result(Criterion.CALL_ENDED).verdict is Verdict.NOT_APPLICABLE


@pytest.mark.parametrize("scenario_id", ["standard-risk", "suspect-returns", "friday-children", "deaf-caller-bsl"])
def test_every_target_the_debrief_scores_is_one_the_trainee_was_told(scenario_id, scenarios, policy):
    scenario = scenarios[scenario_id]
    told = targets_told(scenario)
    run = (Trainee(scenario, policy).hands_over().records_safety().sends_link(70).connects_video(150).run)
    debrief = score_run(run, policy)
    for criterion in (Criterion.LINK_TIME, Criterion.VIDEO_TIME):
        [target] = re.findall(r"\(target ([^)]+)\)", debrief.result(criterion).reason)
        assert f"within {target}" in told, (criterion, told)
    for event in scenario.events:
        notice = response_told(event)
        for detail in debrief.result(Criterion.EVENTS).details:
            if detail.startswith(event.kind.label.capitalize()) and " within " in detail:
                allowed = detail.split(" within ")[1].split(";")[0]
                assert notice.endswith(f"within {allowed}"), (detail, notice)


def test_the_targets_are_told_in_plain_words(scenarios):
    assert targets_told(scenarios["standard-risk"]) == (
        "Your targets, from the call coming in: link sent within 1 min 30 s, video connected within 3 min 00 s.")
    assert response_told(scenarios["suspect-returns"].event("he-is-back")) == (
        "end the call and escalate, within 1 min 00 s")
