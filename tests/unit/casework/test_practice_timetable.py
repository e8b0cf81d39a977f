"""A practice run's timetable (casework/practice_run.py) on a clock the test moves by hand: no window, no timer."""

from __future__ import annotations

from dataclasses import replace

import pytest

from rvr_desktop.casework.call_events import record_call_event, record_link_made
from rvr_desktop.casework.practice_run import ScenarioRun
from rvr_desktop.settings import OfficerProfile
from rvr_desktop.training import FiredEvent, StepVisit, practice_policy
from rvr_desktop.training.specimen_cases import CaseBuilder
from rvr_desktop.workflow.policy import load_policy
from rvr_desktop.workflow.steps import Step
from rvr_desktop.workflow.video import VideoEventKind
from tests.unit.casework.practice_cases import CALL_AT, HandClock, shipped_scenario


@pytest.fixture(scope="module")
def policy():
    return practice_policy(load_policy())


@pytest.fixture
def clock():
    return HandClock()


def _run(policy, clock, scenario_id, by_trainer=False):
    return ScenarioRun(shipped_scenario(policy, scenario_id), policy, clock, CALL_AT, by_trainer=by_trainer)


def _connected_case(policy, clock, after_minutes: float):
    """The caller's link texted, and the video connected `after_minutes` after the call came in."""
    case = CaseBuilder(policy).done_before(Step.LINK, call_at=CALL_AT)
    record_link_made(case, policy, CALL_AT)
    assert record_call_event(case, policy, VideoEventKind.CONNECTED, clock.advance(minutes=after_minutes))
    return case


def test_an_event_timed_from_the_video_fires_at_its_time_and_never_before(policy, clock):
    run = _run(policy, clock, "suspect-returns")  # he comes back 7 minutes after the video connects
    case = CaseBuilder(policy).done_before(Step.LINK, call_at=CALL_AT)
    clock.advance(minutes=30)
    assert run.due(case) == [] and run.tick(case) == []  # never due while the video has not connected

    record_link_made(case, policy, clock())
    assert record_call_event(case, policy, VideoEventKind.CONNECTED, clock())
    clock.advance(minutes=6, seconds=59)
    assert run.tick(case) == [] and run.fired == []
    clock.advance(seconds=1)
    [news] = run.tick(case)
    assert run.fired == [FiredEvent("he-is-back", clock())] and news.at == clock()
    assert news.told == ("the suspect arrives: (whispering) That's his car. He's back. I have to go. "
                         "— expected: end the call and escalate, within 1 min 00 s")
    assert (news.caller_says, news.caller_leaves, news.show_on_console) == ("event.he-is-back", False, False)

    # Once only: later ticks, and the trainee's own console button, fire nothing more.
    clock.advance(minutes=5)
    assert run.tick(case) == [] and run.fire(run.scenario.event("he-is-back")) is None
    assert run.fired == [FiredEvent("he-is-back", news.at)]


def test_when_the_connection_drops_the_simulated_caller_leaves_the_call(policy, clock):
    run = _run(policy, clock, "medium-risk")  # the signal goes 9 minutes into the video
    case = _connected_case(policy, clock, after_minutes=2)
    clock.advance(minutes=9)
    [news] = run.tick(case)
    assert news.caller_leaves and news.caller_says == "event.signal-lost"
    assert news.told.startswith("the connection drops: ") and news.told.endswith(
        "— expected: get the video back, or carry on by phone and record it, within 3 min 00 s")


def test_with_no_words_scripted_for_an_event_the_trainee_is_told_its_note(policy, clock):
    scenario = shipped_scenario(policy, "suspect-returns")
    silent = replace(scenario, script=tuple(line for line in scenario.script if line.prompt != "event.he-is-back"))
    run = ScenarioRun(silent, policy, clock, CALL_AT)
    news = run.fire(silent.event("he-is-back"))
    assert news is not None and news.told == (f"the suspect arrives: {scenario.event('he-is-back').note} "
                                              "— expected: end the call and escalate, within 1 min 00 s")


def test_a_trainer_fires_on_their_console_and_the_timetable_does_not_fire_it_again(policy, clock):
    run = _run(policy, clock, "suspect-returns", by_trainer=True)
    case = _connected_case(policy, clock, after_minutes=1)
    fired_at = clock.advance(minutes=2)
    news = run.fire_from_console("he-is-back")
    # The trainer acts it on their device: the trainee is told nothing, the console already shows it.
    assert news is not None and (news.told, news.caller_says, news.caller_leaves, news.show_on_console) == (
        "", "", False, False)
    assert run.fire_from_console("he-is-back") is None and run.fire_from_console("not-this-scenarios") is None
    clock.advance(minutes=10)  # well past the timetable's moment
    assert run.tick(case) == [] and run.fired == [FiredEvent("he-is-back", fired_at)]


def test_with_a_trainer_the_timetable_shows_its_event_on_their_console_and_tells_the_trainee_nothing(policy, clock):
    run = _run(policy, clock, "suspect-returns", by_trainer=True)
    case = _connected_case(policy, clock, after_minutes=1)
    clock.advance(minutes=7)
    [news] = run.tick(case)
    assert news.show_on_console and (news.told, news.caller_says) == ("", "")


def test_the_simulated_caller_joins_each_texted_link_once_and_never_a_revoked_or_unsent_one(policy, clock):
    run = _run(policy, clock, "standard-risk")
    case = CaseBuilder(policy).done_before(Step.LINK, call_at=CALL_AT)
    assert run.link_to_join(case) is None  # no link yet

    record_link_made(case, policy, clock.advance(minutes=1), text_status="The number could not be reached.")
    assert run.link_to_join(case) is None  # its text never went: the caller has no link to open

    first = record_link_made(case, policy, clock.advance(minutes=1))
    assert run.link_to_join(case) is first
    assert run.link_to_join(case) is first  # asked again until the caller is on its way (the call may not be up)
    run.caller_joins(first)
    assert run.link_to_join(case) is None

    second = record_link_made(case, policy, clock.advance(minutes=1))  # a new link revokes the first
    assert first.revoked_at is not None and run.link_to_join(case) is second
    run.caller_joins(second)
    assert run.link_to_join(case) is None
    assert run.why_caller_cannot_open(second) is None

    # A spoken code is for a person to hear: the simulated caller says it cannot, rather than that it is lost.
    code = record_link_made(case, policy, clock.advance(minutes=1), by_code=True)
    assert run.link_to_join(case) is code
    assert "cannot hear a spoken code" in (run.why_caller_cannot_open(code) or "")

    trainers = _run(policy, clock, "standard-risk", by_trainer=True)
    assert trainers.link_to_join(case) is None  # the trainer opens the link on their own phone


def test_each_step_opened_is_kept_at_the_cases_time_and_the_snapshot_is_a_copy(policy, clock):
    run = _run(policy, clock, "standard-risk")
    case = CaseBuilder(policy).done_before(Step.LINK, call_at=CALL_AT)
    run.visited(Step.SAFETY)
    clock.advance(seconds=95)
    run.visited(Step.LINK)
    assert run.visits == [StepVisit(Step.SAFETY, CALL_AT), StepVisit(Step.LINK, clock())]

    snapshot = run.snapshot(case, OfficerProfile("Jo Bloggs", "PC", "1234"))
    # Named as the officer's documents name them, not by the account's id ("practice:root").
    assert (snapshot.trainee, snapshot.scenario, snapshot.case.to_dict()) == ("PC 1234 Jo Bloggs", run.scenario,
                                                                              case.to_dict())
    # The trainee carries on typing while the debrief is scored: the score is of the case as it was.
    case.intake.caller_name = "changed after the debrief began"
    run.visited(Step.VIDEO)
    assert snapshot.case.intake.caller_name == "Sam Example" and len(snapshot.visits) == 2
