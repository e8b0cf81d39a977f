"""What the link service's events mean for a case (casework/call_events.py), with no window and no service."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from rvr_desktop.casework.call_events import (
    DEAD_LINK_TRIED,
    TOO_MANY_WAITING,
    apply_call_event,
    officer_ended_call,
    record_link_made,
    service_moment,
)
from rvr_desktop.training.specimen_cases import CaseBuilder
from rvr_desktop.workflow.actions import escalate, issue_link_invite
from rvr_desktop.workflow.steps import Step
from rvr_desktop.workflow.video import VideoEventKind

AT = datetime(2026, 3, 6, 21, 42, 5, tzinfo=UTC)


@pytest.fixture
def case(policy):
    case = CaseBuilder(policy).done_before(Step.VIDEO, call_at=AT - timedelta(minutes=3))
    invite = issue_link_invite(case, policy, AT - timedelta(seconds=30))
    invite.invite_id, invite.video_session_id = "inv-1", "sess-1"
    return case


def test_a_links_times_are_the_services_and_never_before_it_was_sent(case, policy):
    invite = case.link_invites[-1]
    for kind, offset in (("text_sent", 0), ("text_delivered", 2), ("link_opened", 9), ("link_opened", 20)):
        news = apply_call_event(case, policy, {"kind": kind, "invite_id": "inv-1"}, AT + timedelta(seconds=offset))
        assert news.case_changed
    assert (invite.sent_at, invite.delivered_at, invite.opened_at) == (AT, AT + timedelta(seconds=2),
                                                                       AT + timedelta(seconds=9))
    assert invite.delivery_status == "delivered"
    failed = apply_call_event(case, policy, {"kind": "text_failed", "invite_id": "inv-1",
                                             "status": "permanent-failure", "message": "No such number."}, AT)
    assert failed.notice == "The text did not arrive: No such number." and invite.delivery_status == "permanent-failure"


def test_a_quick_exit_is_on_the_timeline_and_in_front_of_the_officer(case, policy):
    news = apply_call_event(case, policy, {"kind": "quick_exit", "role": "caller", "invite_id": "inv-1"}, AT)
    assert news.left_quickly_at == AT and news.caller_gone and news.case_changed
    assert [e.kind for e in case.video_events] == [VideoEventKind.LEFT_QUICKLY]
    # An interpreter's quick exit is theirs to make: the caller is not thought unsafe for it.
    assert apply_call_event(case, policy, {"kind": "quick_exit", "role": "interpreter"}, AT).left_quickly_at is None


def test_a_device_reopening_the_link_waits_and_its_question_says_what_admitting_does(case, policy):
    asked = apply_call_event(case, policy, {"kind": "admission_requested", "request_id": "r1", "invite_id": "inv-1",
                                            "role": "caller", "why": "after_quick_exit", "holder_connected": False},
                             AT)
    assert not asked.case_changed and asked.waiting.request_id == "r1"
    assert asked.waiting.question("21:42:05").startswith("After the caller left with Leave quickly")
    in_call = apply_call_event(case, policy, {"kind": "admission_requested", "request_id": "r2",
                                              "invite_id": "inv-1", "role": "caller", "why": "other_device",
                                              "holder_connected": True}, AT)
    assert "admitting this device disconnects the caller's tab" in in_call.waiting.question("21:42:05")
    assert apply_call_event(case, policy, {"kind": "admission_decided", "request_id": "r2"}, AT).settled == "r2"


def test_refused_openings_are_told_never_saved(case, policy):
    before = case.to_dict()
    for reason, notice in (("too_many_waiting", TOO_MANY_WAITING), ("expired", DEAD_LINK_TRIED),
                           ("revoked", DEAD_LINK_TRIED), ("not_admitted", "")):
        news = apply_call_event(case, policy, {"kind": "link_refused", "reason": reason, "invite_id": "inv-1"}, AT)
        assert (news.notice, news.case_changed) == (notice, False)
    assert case.to_dict() == before


def test_presence_is_recorded_but_joining_is_not_yet_connected(case, policy):
    apply_call_event(case, policy, {"kind": "joined", "role": "caller"}, AT)
    assert case.link_invites[-1].joined_at == AT and case.video_events == []  # connected waits for the media
    for kind, role in (("joined", "interpreter"), ("left", "interpreter"), ("left", "caller")):
        apply_call_event(case, policy, {"kind": kind, "role": role}, AT)
    assert [e.kind for e in case.video_events] == [VideoEventKind.INTERPRETER_JOINED, VideoEventKind.INTERPRETER_LEFT,
                                                   VideoEventKind.DISCONNECTED]


def test_after_escalation_the_call_is_no_longer_part_of_the_case(case, policy):
    assert escalate(case, "The suspect has come back", AT) is None
    news = apply_call_event(case, policy, {"kind": "ended", "by": "officer"}, AT)
    assert news.case_changed and case.video_events == []


def test_the_call_ended_on_escalation_is_on_the_record_once(case, policy):
    # The service's own "ended" is dropped once the case has ended (above): the officer's ending the call is
    # what shows it was ended, and when.
    assert escalate(case, "The suspect has come back", AT) is None
    assert officer_ended_call(case, AT + timedelta(seconds=2), "escalated")
    assert not officer_ended_call(case, AT + timedelta(seconds=5), "closed")  # already ended
    [ended] = case.video_events
    assert (ended.kind, ended.at) == (VideoEventKind.ENDED, AT + timedelta(seconds=2)) and "escalated" in ended.note


def test_a_submitted_case_stands_as_it_was_sent_when_its_call_is_ended(policy):
    case = CaseBuilder(policy).submitted(call_at=AT - timedelta(minutes=40))
    before = case.to_dict()
    assert not officer_ended_call(case, AT, "submitted") and case.to_dict() == before


def test_photos_and_unknown_kinds(case, policy):
    photo = {"kind": "upload_received", "upload_id": "u1", "sha256": "0" * 64}
    assert apply_call_event(case, policy, photo, AT).photo is photo
    assert apply_call_event(case, policy, {"kind": "something_new"}, AT) == type(
        apply_call_event(case, policy, {"kind": "something_new"}, AT))()


def test_service_moments_move_onto_a_practice_scenarios_clock():
    offset = timedelta(days=-3, hours=2)
    assert service_moment("2026-12-01T20:00:00.000Z", offset, AT) == datetime(2026, 11, 28, 22, 0, tzinfo=UTC)
    assert service_moment(None, offset, AT) == AT


def test_a_link_is_sent_when_asked_for_a_code_when_shown_and_an_unsent_text_never(policy):
    case = CaseBuilder(policy).done_before(Step.LINK, call_at=AT - timedelta(minutes=3))
    expiry = AT + timedelta(minutes=30)
    texted = record_link_made(case, policy, AT, text_status="sent", invite_id="a", session_id="s", expires_at=expiry)
    assert (texted.sent_at, texted.expires_at, texted.delivery_status, texted.sent_to) == (
        AT, expiry, "sent", case.intake.safe_phone)
    unsent = record_link_made(case, policy, AT, text_status="rejected", invite_id="b", session_id="s")
    assert unsent.sent_at is None and texted.revoked_at is not None  # one live link at a time
    code = record_link_made(case, policy, AT, by_code=True, invite_id="c", session_id="s")
    assert code.by_code and code.sent_at == AT and code.sent_to == "" and code.delivery_status == ""
    by_hand = record_link_made(case, policy, AT)
    assert by_hand.delivery_status == "sending" and by_hand.expires_at == AT + policy.video_call.link_valid_for
