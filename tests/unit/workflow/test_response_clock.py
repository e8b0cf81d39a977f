"""The three-minute clock from the call coming in to video contact."""

from __future__ import annotations

from datetime import timedelta

import pytest

from rvr_desktop.training.specimen_cases import CALL_AT
from rvr_desktop.workflow.case import new_case
from rvr_desktop.workflow.outcome import Outcome, OutcomeKind
from rvr_desktop.workflow.response_clock import ClockState, read_response_clock
from rvr_desktop.workflow.video import VideoEvent, VideoEventKind

TARGET = timedelta(minutes=3)


def seconds(count: int) -> timedelta:
    return timedelta(seconds=count)


@pytest.fixture
def case(policy):
    case = new_case(policy, CALL_AT)
    case.intake.call_received_at = CALL_AT
    return case


def test_the_clock_waits_for_the_call_time(policy):
    reading = read_response_clock(new_case(policy, CALL_AT), TARGET, CALL_AT)
    assert (reading.state, reading.elapsed, reading.remaining) == (ClockState.NOT_STARTED, timedelta(0), TARGET)


@pytest.mark.parametrize(
    ("now", "state", "remaining"),
    [
        (seconds(0), ClockState.RUNNING, seconds(180)),
        (seconds(179), ClockState.RUNNING, seconds(1)),
        (seconds(180), ClockState.RUNNING, seconds(0)),
        (seconds(181), ClockState.BREACHED, seconds(0)),
        (seconds(-30), ClockState.RUNNING, seconds(180)),  # a workstation clock a little behind
    ],
)
def test_a_running_clock(case, now, state, remaining):
    reading = read_response_clock(case, TARGET, CALL_AT + now)
    assert (reading.state, reading.remaining) == (state, remaining)
    assert reading.breached is (state is ClockState.BREACHED) and not reading.met


@pytest.mark.parametrize(
    ("connected", "state"),
    [(seconds(150), ClockState.MET), (seconds(180), ClockState.MET), (seconds(181), ClockState.BREACHED)],
)
def test_video_contact_stops_the_clock(case, connected, state):
    case.video_events.append(VideoEvent(VideoEventKind.CONNECTED, CALL_AT + connected))
    reading = read_response_clock(case, TARGET, CALL_AT + timedelta(hours=1))
    assert (reading.state, reading.elapsed, reading.stopped_at) == (state, connected, CALL_AT + connected)
    assert reading.met is (state is ClockState.MET)


@pytest.mark.parametrize(
    ("event", "at", "state"),
    [
        (VideoEventKind.CONTINUED_BY_PHONE, seconds(60), ClockState.STOPPED_WITHOUT_VIDEO),
        (VideoEventKind.CONTINUED_BY_PHONE, seconds(240), ClockState.BREACHED),
        (VideoEventKind.FAILED, seconds(60), ClockState.RUNNING),  # a failure alone stops nothing
    ],
)
def test_carrying_on_by_phone_stops_the_clock_without_meeting_the_target(case, event, at, state):
    case.video_events.append(VideoEvent(event, CALL_AT + at))
    assert read_response_clock(case, TARGET, CALL_AT + seconds(90)).state is state


def test_reconnecting_after_a_phone_fallback_does_not_restart_the_clock(case):
    case.video_events += [
        VideoEvent(VideoEventKind.CONTINUED_BY_PHONE, CALL_AT + seconds(60)),
        VideoEvent(VideoEventKind.CONNECTED, CALL_AT + seconds(120)),
    ]
    assert read_response_clock(case, TARGET, CALL_AT + seconds(300)).state is ClockState.STOPPED_WITHOUT_VIDEO


def test_an_unreachable_caller_stops_the_clock(case):
    case.outcome = Outcome(OutcomeKind.CALLER_UNREACHABLE, CALL_AT + seconds(120), "No answer.")
    reading = read_response_clock(case, TARGET, CALL_AT + seconds(600))
    assert (reading.state, reading.elapsed) == (ClockState.STOPPED_WITHOUT_VIDEO, seconds(120))


def test_the_target_does_not_apply_to_an_escalated_caller(case):
    case.outcome = Outcome(OutcomeKind.ESCALATED, CALL_AT + seconds(40), "Suspect present.")
    reading = read_response_clock(case, TARGET, CALL_AT + seconds(600))
    assert reading.state is ClockState.NOT_APPLICABLE and not reading.breached


def test_the_target_is_policy(case, policy):
    assert policy.video_call.response_target == TARGET
    assert read_response_clock(case, timedelta(minutes=5), CALL_AT + seconds(240)).state is ClockState.RUNNING


def test_now_must_have_a_time_zone(case):
    with pytest.raises(ValueError, match="time zone"):
        read_response_clock(case, TARGET, CALL_AT.replace(tzinfo=None))


def test_the_clock_says_what_it_measures_and_against_which_target(policy, case):
    from rvr_desktop.workflow.response_clock import clock_words

    waiting = read_response_clock(new_case(policy, CALL_AT), TARGET, CALL_AT)
    assert clock_words(waiting) == "Hand-over to video: starts at the call's received time (target 03:00)"
    running = read_response_clock(case, TARGET, CALL_AT + seconds(74))
    assert clock_words(running) == "Hand-over to video 01:14 of 03:00 — running"
    case.outcome = Outcome(OutcomeKind.ESCALATED, CALL_AT + seconds(30), "the suspect came back")
    assert clock_words(read_response_clock(case, TARGET, CALL_AT + seconds(90))) == \
        "Hand-over to video: not applicable (escalated)"
