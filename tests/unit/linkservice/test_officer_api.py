"""The officer's API through the workstation's own client (rvr_desktop.video), against a real service."""

from __future__ import annotations

import threading
import uuid
import time

import pytest
import requests

from rvr_desktop.linkservice.texts import failure_advice, text_reference
from rvr_desktop.video.client import LinkServiceError
from rvr_desktop.video.events import follow_events

from tests.unit.linkservice.harness import TOKEN, follow_until, link_token, phone_messages


def _events_until(service, session_id: str, wanted: set[str], timeout: float = 10, after: int = 0) -> list[dict]:
    seen = follow_until(follow_events, service, session_id, lambda seen: wanted <= {e["kind"] for e in seen},
                        timeout, after)
    assert wanted <= {e["kind"] for e in seen}, seen
    return seen


def test_every_officer_route_needs_the_token(service):
    for token in ("", "wrong-token", TOKEN[:-1]):
        with pytest.raises(LinkServiceError) as refused:
            service.officer(token).open_session("CASE-1")
        assert refused.value.status == 401 and "officer token" in refused.value.message
    response = requests.post(f"{service.base_url}/api/officer/sessions", json={"case_ref": "C"}, timeout=5)
    assert response.status_code == 401 and "set-cookie" not in {h.lower() for h in response.headers}


def test_wrong_tokens_are_rate_limited_per_address_but_the_right_one_still_works(service):
    def status(token: str) -> requests.Response:
        return requests.get(f"{service.base_url}/api/officer/status", headers={"Authorization": f"Bearer {token}"},
                            timeout=5)
    assert [status("guess").status_code for _ in range(20)] == [401] * 20
    slowed = status("guess")
    assert slowed.status_code == 429 and "Wait" in slowed.json()["message"]
    assert 1 <= int(slowed.headers["Retry-After"]) <= 61
    assert status(TOKEN).status_code == 200


def test_a_caller_link_is_texted_through_notify_and_its_delivery_followed(service):
    officer = service.officer()
    session = officer.open_session("CASE-42")
    invitation = officer.invite(session.session_id, "caller", phone_number="+447700900123", language="cy")
    assert invitation.text_status == "sent" and invitation.notification_id
    assert invitation.url.startswith(service.base_url + "/j#")
    assert len(link_token(invitation.url)) == 43
    assert 14 * 60 < invitation.expires_at - time.time() <= 15 * 60  # the default life
    events = _events_until(service, session.session_id, {"text_sent", "text_delivered"})
    assert [e["seq"] for e in events] == sorted(e["seq"] for e in events)
    # The simulated phone got the Welsh wording, with the link, and no word that gives the call away.
    phones = phone_messages(service.base_url)["phones"]
    text = phones[0]["texts"][0]["body"]
    assert phones[0]["number"] == "+447700900123" and invitation.url in text
    assert "apwyntiad" in text and "police" not in text.lower() and "heddlu" not in text.lower()


def test_the_notify_reference_and_the_officer_view_hold_nothing_personal(service):
    officer = service.officer()
    session = officer.open_session("CASE-7")
    invitation = officer.invite(session.session_id, "caller", phone_number="+447700900456")
    assert "447700900456" not in str(officer.session(session.session_id))
    invite = service.book.session(session.session_id).invites[invitation.invite_id]
    assert text_reference(invite) == f"rvr-{invitation.invite_id[:16]}"


def test_a_failed_text_is_reported_with_what_to_do(service):
    officer = service.officer()
    session = officer.open_session("CASE-8")
    officer.invite(session.session_id, "caller", phone_number="+447700900000")
    failed = [e for e in _events_until(service, session.session_id, {"text_failed"}) if e["kind"] == "text_failed"]
    assert failed[0]["status"] == "permanent-failure" and "re-send" in failed[0]["message"]


@pytest.mark.parametrize("failure", ["permanent-failure", "temporary-failure", "technical-failure"])
def test_a_text_the_trainer_said_would_fail_reaches_the_officer_and_leaves_the_link_and_code_working(service, failure):
    service.phones.fail_next_text("07700 900123", failure)
    officer = service.officer()
    session = officer.open_session("CASE-8F")
    invitation = officer.invite(session.session_id, "caller", phone_number="+447700900123")
    failed = [e for e in _events_until(service, session.session_id, {"text_failed"}) if e["kind"] == "text_failed"]
    assert failed[0]["status"] == failure and failed[0]["invite_id"] == invitation.invite_id
    assert failed[0]["message"] == failure_advice(failure) and "spoken code" in failed[0]["message"]
    # The phone holds the one text and nothing that says it failed.
    assert [t["status"] for t in service.phones.texts_to("+447700900123")] == [failure]
    assert requests.post(f"{service.base_url}/api/claim", json={"link": link_token(invitation.url)},
                         timeout=5).status_code == 200
    code = officer.spoken_code(session.session_id).code
    assert requests.post(f"{service.base_url}/api/claim", json={"code": code}, timeout=5).status_code == 200


def test_a_rehearsed_failure_is_for_the_next_text_only_and_names_only_notifys_failures(service):
    with pytest.raises(ValueError, match="permanent-failure"):
        service.phones.fail_next_text("07700 900124", "lost")
    service.phones.fail_next_text("07700 900124", "temporary-failure")
    officer = service.officer()
    session = officer.open_session("CASE-8G")
    first = officer.invite(session.session_id, "caller", phone_number="+447700900124")
    _events_until(service, session.session_id, {"text_failed"})
    officer.resend(session.session_id, first.invite_id)
    _events_until(service, session.session_id, {"text_delivered"})


def test_a_number_notify_rejects_still_leaves_a_working_link(service):
    officer = service.officer()
    session = officer.open_session("CASE-9")
    invitation = officer.invite(session.session_id, "caller", phone_number="12")
    assert invitation.text_status == "rejected" and "still works" in invitation.text_message
    assert requests.post(f"{service.base_url}/api/claim", json={"link": link_token(invitation.url)},
                         timeout=5).status_code == 200


def test_a_key_notify_refuses_tells_the_officer_to_read_out_the_code_and_call_the_administrator(service):
    service.phones.secret = str(uuid.uuid4())  # the service's key no longer matches Notify's
    officer = service.officer()
    session = officer.open_session("CASE-9K")
    invitation = officer.invite(session.session_id, "caller", phone_number="+447700900123")
    assert invitation.text_status == "bad-key" and "administrator" in invitation.text_message
    assert "spoken code" in invitation.text_message and service.phones.texts == []
    failed = [e for e in _events_until(service, session.session_id, {"text_failed"}) if e["kind"] == "text_failed"]
    assert failed[0]["status"] == "bad-key"


def test_resend_revokes_the_previous_link(service):
    officer = service.officer()
    session = officer.open_session("CASE-10")
    first = officer.invite(session.session_id, "caller", phone_number="+447700900123")
    second = officer.resend(session.session_id, first.invite_id)
    assert second.url != first.url and second.invite_id != first.invite_id
    old = requests.post(f"{service.base_url}/api/claim", json={"link": link_token(first.url)}, timeout=5)
    assert old.status_code == 410 and old.json()["error"] == "revoked"
    assert requests.post(f"{service.base_url}/api/claim", json={"link": link_token(second.url)},
                         timeout=5).status_code == 200
    kinds = [e["kind"] for e in _events_until(service, session.session_id, {"link_revoked", "link_opened"})]
    assert kinds.count("text_sent") == 2
    phones = phone_messages(service.base_url)["phones"]
    assert len(phones[0]["texts"]) == 2


def test_each_officer_page_address_differs_before_its_fragment(service):
    """So a view loading a fresh one over the old really loads a new page."""
    officer = service.officer()
    session = officer.open_session("CASE-15")
    again = officer.officer_page_url(session.session_id)
    assert session.officer_page_url.split("#")[0] != again.split("#")[0]
    old = requests.post(f"{service.base_url}/api/claim", json={"link": link_token(session.officer_page_url)},
                        timeout=5)
    assert old.json()["error"] == "revoked"


def test_revoke_and_end_stop_links(service):
    officer = service.officer()
    session = officer.open_session("CASE-11")
    interpreter = officer.invite(session.session_id, "interpreter")
    assert interpreter.text_status == "not-sent"
    officer.revoke(session.session_id, interpreter.invite_id)
    caller = officer.invite(session.session_id, "caller", valid_minutes=5)
    officer.end(session.session_id)
    refused = requests.post(f"{service.base_url}/api/claim", json={"link": link_token(caller.url)}, timeout=5)
    assert refused.status_code == 410 and refused.json()["error"] == "ended"
    with pytest.raises(LinkServiceError) as after_end:
        officer.invite(session.session_id, "caller")
    assert after_end.value.code == "ended"


def test_expired_links_are_refused(service):
    officer = service.officer()
    session = officer.open_session("CASE-12")
    caller = officer.invite(session.session_id, "caller", valid_minutes=1)
    service.clock.advance(61)
    refused = requests.post(f"{service.base_url}/api/claim", json={"link": link_token(caller.url)}, timeout=5)
    assert refused.status_code == 410 and refused.json()["error"] == "expired"


@pytest.mark.parametrize(("body", "code"), [
    ({"role": "officer"}, "bad_role"), ({"role": "caller", "language": "fr"}, "bad_language"),
    ({"role": "caller", "valid_minutes": 0}, "bad_valid_minutes"),
    ({"role": "caller", "valid_minutes": True}, "bad_valid_minutes"),
    ({"role": "caller", "phone_number": 447700900123}, "bad_phone_number"),
])
def test_bad_invites_are_refused_clearly(service, body, code):
    session = service.officer().open_session("CASE-13")
    response = requests.post(f"{service.base_url}/api/officer/sessions/{session.session_id}/invites", json=body,
                             headers={"Authorization": f"Bearer {TOKEN}"}, timeout=5)
    assert response.status_code == 400 and response.json()["error"] == code and "no link was made" in \
        response.json()["message"]


def test_malformed_json_and_unknown_sessions_are_clear_refusals(service):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    for body in (b"{not json", b"[1, 2]", b"\xff\xfe"):
        response = requests.post(f"{service.base_url}/api/officer/sessions", data=body, headers=auth, timeout=5)
        assert response.status_code == 400 and response.json()["error"] == "malformed_json"
    response = requests.post(f"{service.base_url}/api/officer/sessions", json={"case_ref": "Jane Doe's case"},
                             headers=auth, timeout=5)
    assert response.json()["error"] == "bad_case_ref"
    with pytest.raises(LinkServiceError) as missing:
        service.officer().session("0" * 32)
    assert missing.value.status == 404 and "Start a new session" in missing.value.message


def test_the_event_stream_replays_after_a_drop_and_closes_when_the_session_is_forgotten(service):
    officer = service.officer()
    session = officer.open_session("CASE-14")
    officer.invite(session.session_id, "caller", phone_number="+447700900123")
    first = _events_until(service, session.session_id, {"text_sent"})
    later = _events_until(service, session.session_id, {"text_delivered"}, after=first[0]["seq"])
    assert all(e["seq"] > first[0]["seq"] for e in later)
    stop = threading.Event()
    forget = threading.Timer(1.0, officer.forget, args=(session.session_id,))
    give_up = threading.Timer(10, stop.set)
    forget.start()
    give_up.start()
    started = time.monotonic()
    try:
        follow_events(service.base_url, TOKEN, session.session_id, lambda e: None, stop)
    finally:
        give_up.cancel()
        forget.join()
    assert time.monotonic() - started < 8  # returned because the session was forgotten, not by the timer
