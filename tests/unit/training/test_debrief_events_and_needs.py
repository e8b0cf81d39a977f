"""Scripted events (the suspect comes back, the video drops, an interpreter is
asked for), children's referrals, and a caller's language and access needs."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from training_runs import TERM_TIME_NOON, Trainee

from rvr_desktop.training import Criterion, Verdict, model_run, score_run
from rvr_desktop.training.scenario_clock import call_moment
from rvr_desktop.workflow.account import Child
from rvr_desktop.workflow.answers import Answer
from rvr_desktop.workflow.referrals import ReferralKind, propose_referrals
from rvr_desktop.workflow.video import VideoEventKind

SHIPPED = ["standard-risk", "medium-risk", "high-risk-marac-idva", "not-safe-at-start", "suspect-returns",
           "friday-children", "interpreter-polish", "deaf-caller-bsl"]


@pytest.mark.parametrize("scenario_id", SHIPPED)
def test_each_scenarios_model_answer_earns_every_criterion_that_applies(scenario_id, scenarios, policy):
    scenario = scenarios[scenario_id]
    debrief = score_run(model_run(scenario, policy, call_moment(scenario, TERM_TIME_NOON, policy.encompass.calendar)),
                        policy)
    assert debrief.passed == debrief.out_of > 0, [(r.criterion, r.reason, r.details) for r in debrief.results]


def _suspect_returns(scenarios, policy) -> Trainee:
    return (Trainee(scenarios["suspect-returns"], policy).hands_over().records_safety().sends_link(60)
            .connects_video(140))


def test_ending_the_call_and_escalating_when_the_suspect_arrives_passes(scenarios, policy):
    trainee = _suspect_returns(scenarios, policy).event_fires("he-is-back", 560)
    trainee.records_on_call(VideoEventKind.ENDED, 575).escalates(590)
    debrief = score_run(trainee.run, policy)
    events = debrief.result(Criterion.EVENTS)
    assert events.verdict is Verdict.PASSED
    assert events.details == ("The suspect arrives (9 min 20 s after the call came in): expected to end the call "
                              "and escalate within 1 min 00 s; escalated 30 s later.",)
    assert debrief.result(Criterion.RISK_ANSWERS).verdict is Verdict.NOT_APPLICABLE
    assert debrief.result(Criterion.CALL_ENDED).verdict is Verdict.PASSED
    assert (debrief.passed, debrief.out_of) == (6, 6)


def test_carrying_on_after_the_suspect_arrives_fails(scenarios, policy):
    # No event was recorded as fired: the debrief uses the timetable (7:00 after the video connected).
    trainee = _suspect_returns(scenarios, policy)
    debrief = score_run(trainee.run, policy)
    events = debrief.result(Criterion.EVENTS)
    assert events.verdict is Verdict.FAILED
    assert events.reason == "0 of 1 scripted event handled as expected."
    assert events.details == ("The suspect arrives (9 min 20 s after the call came in): expected to end the call "
                              "and escalate within 1 min 00 s; not done.",)


def test_escalating_too_slowly_fails(scenarios, policy):
    trainee = _suspect_returns(scenarios, policy).event_fires("he-is-back", 560).escalates(700)
    events = score_run(trainee.run, policy).result(Criterion.EVENTS)
    assert events.verdict is Verdict.FAILED
    assert events.details[0].endswith("within 1 min 00 s; escalated 2 min 20 s later.")


def test_an_event_that_never_came_is_not_held_against_the_trainee(scenarios, policy):
    # The trainee never got the video connected, so the suspect never arrived on it.
    trainee = Trainee(scenarios["suspect-returns"], policy).hands_over().records_safety().sends_link(60)
    debrief = score_run(trainee.run, policy)
    assert debrief.result(Criterion.EVENTS).verdict is Verdict.NOT_APPLICABLE
    assert debrief.result(Criterion.VIDEO_TIME).reason == "The video call never connected."


def test_getting_the_video_back_after_it_drops(scenarios, policy):
    trainee = (Trainee(scenarios["medium-risk"], policy).hands_over().records_safety().sends_link(60)
               .connects_video(150).event_fires("signal-lost", 690)
               .records_on_call(VideoEventKind.DISCONNECTED, 690))
    late = score_run(trainee.run, policy).result(Criterion.EVENTS)
    assert late.verdict is Verdict.FAILED and late.details[0].endswith("; not done.")
    trainee.records_on_call(VideoEventKind.CONNECTED, 750)
    result = score_run(trainee.run, policy).result(Criterion.EVENTS)
    assert result.verdict is Verdict.PASSED
    assert result.details[0].endswith("within 3 min 00 s; reconnected or carried on by phone 1 min 00 s later.")


def _friday(scenarios, policy) -> Trainee:
    scenario = scenarios["friday-children"]
    call_at = call_moment(scenario, TERM_TIME_NOON, policy.encompass.calendar)
    incident_day = date(2025, 11, 7)
    children = [Child(name="Maisie Brook", date_of_birth=incident_day - timedelta(days=365 * 9 + 120),
                      school="Anytown Primary School", lives_with_victim=True, present=True),
                Child(name="Theo Brook", date_of_birth=incident_day - timedelta(days=365 * 6 + 60),
                      school="Anytown Primary School", lives_with_victim=True, present=True)]
    return (Trainee(scenario, policy, call_at).hands_over().records_safety({"children_present": Answer.YES})
            .sends_link(60).connects_video(150)
            .takes_account(minutes_ago=30, place="Living room", narrative="He threw a chair.", children=children)
            .assesses_risk({"injury", "very_frightened", "fear_of_what", "weapons", "money_worries",
                            "suspect_substances"}))


def test_the_friday_scenario_runs_on_a_friday_evening_in_term(scenarios, policy):
    scenario = scenarios["friday-children"]
    call_at = call_moment(scenario, TERM_TIME_NOON, policy.encompass.calendar)
    assert call_at.isoformat() == "2025-11-07T21:40:00+00:00"  # Friday; GMT in November
    case = _friday(scenarios, policy).case
    due = [proposal.due_at for proposal in propose_referrals(case, policy)
           if proposal.kind is ReferralKind.OPERATION_ENCOMPASS]
    assert [moment.isoformat() for moment in due] == ["2025-11-10T08:30:00+00:00"] * 2  # Monday, before school


def test_a_school_not_told_is_a_missing_referral(scenarios, policy):
    everything = {ReferralKind.CHILDRENS_SOCIAL_CARE, ReferralKind.OPERATION_ENCOMPASS, ReferralKind.SUPPORT_SERVICES}
    right = _friday(scenarios, policy).decides_referrals(everything).takes_statement().submits()
    assert score_run(right, policy).result(Criterion.REFERRALS).verdict is Verdict.PASSED
    wrong = _friday(scenarios, policy).decides_referrals(everything, decline_children={"Theo Brook"})
    result = score_run(wrong.run, policy).result(Criterion.REFERRALS)
    assert result.verdict is Verdict.FAILED
    assert result.details == ("Missing: Operation Encompass (the child's school), for 1 of 2 children.",)


def test_no_interpreter_for_a_caller_who_speaks_no_english_fails(scenarios, policy):
    trainee = (Trainee(scenarios["interpreter-polish"], policy).hands_over().records_safety().sends_link(60)
               .connects_video(150))
    result = score_run(trainee.run, policy).result(Criterion.CALLER_NEEDS)
    assert result.verdict is Verdict.FAILED
    assert result.reason == ("The hand-over did not record that the caller needs a Polish interpreter. No "
                             "interpreter joined the video call; the caller needed a Polish interpreter.")
    good = (Trainee(scenarios["interpreter-polish"], policy).hands_over(interpreter=True).records_safety()
            .sends_link(60).connects_video(150).records_on_call(VideoEventKind.INTERPRETER_JOINED, 200))
    result = score_run(good.run, policy).result(Criterion.CALLER_NEEDS)
    assert result.verdict is Verdict.PASSED
    assert result.reason == ("The need for a Polish interpreter was recorded at hand-over. The interpreter joined "
                             "3 min 20 s after the call came in.")


def test_a_deaf_callers_request_for_a_bsl_interpreter(scenarios, policy):
    trainee = (Trainee(scenarios["deaf-caller-bsl"], policy)
               .hands_over(interpreter=True, access="Deaf, BSL; text or video only").records_safety()
               .sends_link(60).connects_video(150).event_fires("asks-for-bsl", 180)
               .records_on_call(VideoEventKind.INTERPRETER_JOINED, 600))
    debrief = score_run(trainee.run, policy)
    events = debrief.result(Criterion.EVENTS)
    assert events.verdict is Verdict.FAILED
    assert events.details[0].endswith("within 5 min 00 s; interpreter joined 7 min 00 s later.")
    assert debrief.result(Criterion.CALLER_NEEDS).verdict is Verdict.PASSED
