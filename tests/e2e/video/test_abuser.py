"""The person holding the victim's phone after the call, tried against the real workstation, the real link
service and real Chromium phones: what the phone keeps, and what opening the link again can do."""

from __future__ import annotations

import sqlite3
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from rvr_desktop.casework.policy_in_force import policy_for
from rvr_desktop.qt import Qt
from rvr_desktop.settings import Mode, Settings
from rvr_desktop.training.specimen_cases import CaseBuilder
from rvr_desktop.video.client import LinkServiceError
from rvr_desktop.workflow.outcome import OutcomeKind
from rvr_desktop.workflow.steps import Step
from rvr_desktop.workflow.video import VideoEventKind
from tests.e2e.video.test_video_call import consent_and_join, tap_link_on_phone
from tests.e2e.video.test_workstation_call import audit_entries
from tests.e2e.video.workstation import open_in_workstation, send_link_and_open_the_call
from tests.gui.case_steps import click
from tests.helpers.chromium import wait_for

pytestmark = pytest.mark.slow


def _workstation_with_caller_in_call(qtbot, data_dir, link_service, browsers):
    settings = Settings(Mode.PRACTICE, data_dir, "practice:tester", fake_camera=True)
    policy = policy_for(settings)
    case = CaseBuilder(policy).done_before(Step.LINK, call_at=datetime.now(UTC) - timedelta(seconds=70))
    window, view, thread = open_in_workstation(qtbot, settings, policy, case, link_service)
    phone = browsers.start(phone=True)

    def caller_joins() -> None:
        tap_link_on_phone(phone, link_service, view.session.case.intake.safe_phone)
        consent_and_join(phone)

    send_link_and_open_the_call(qtbot, view, timeout=30_000, caller_joins=caller_joins)
    return window, view, thread, phone


def _close(view, window, thread) -> None:
    view.close_case()
    window.close()
    thread.shutdown()


def _wait_until_forgotten(qtbot, link_service, session_id: str, timeout: int = 15_000) -> None:
    """Until the link service no longer holds `session_id`: nothing of the caller (number, links, photos) stays."""
    with link_service.client() as client:
        def forgotten() -> bool:
            try:
                client.session(session_id)
            except LinkServiceError as error:
                return error.code == "no_such_session"
            return False
        qtbot.waitUntil(forgotten, timeout=timeout)


def _files_holding(folder: Path, secret: str) -> list[str]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file():
            try:
                if secret.encode() in path.read_bytes():
                    found.append(str(path.relative_to(folder)))
            except OSError:
                pass
    return found


def test_after_leave_quickly_the_link_lets_nobody_in_unless_the_officer_admits_them(
        qtbot, data_dir, link_service, browsers, weather_site, screenshots_dir):
    window, view, thread, phone = _workstation_with_caller_in_call(qtbot, data_dir, link_service, browsers)
    case = view.session.case
    try:
        call = view.session.video_call()
        url = call.caller_links[case.link_invites[-1].invite_id]  # as texted
        device_key = phone.execute_script("return window.rvrCaller.page.claim.key")
        token = url.split("#", 1)[1]
        assert token not in phone.current_url and "#" not in phone.current_url  # out of the address bar at once

        phone.find_element(By.ID, "quick-exit").click()
        wait_for(phone, f"location.href === '{weather_site}'", what="the quick exit")
        # The officer is told at once, on whatever step, and the case's timeline has it.
        qtbot.waitUntil(lambda: view.alerts.quick_exit is not None and view.alerts.isVisible(), timeout=10_000)
        assert "left with Leave quickly at" in view.alerts.quick_exit.accessibleName()
        assert any(e.kind is VideoEventKind.LEFT_QUICKLY for e in case.video_events)

        # The same phone opens the link again from its history, and so does a second browser with the same
        # User-Agent: neither is let into the call; each waits, and the officer is asked about each.
        phone.get(url)
        other = browsers.start(phone=True)
        other.get(url)
        for device in (phone, other):
            wait_for(device, "!document.getElementById('screen-waiting').hidden", what="waiting for the officer")
        qtbot.waitUntil(lambda: len(view.alerts.devices) == 2, timeout=10_000)
        if screenshots_dir:
            other.save_screenshot(str(screenshots_dir / "caller-waiting.png"))
            window.resize(1360, 940)
            qtbot.wait(500)
            window.grab().save(str(screenshots_dir / "officer-quick-exit-and-device-waiting.png"))
        time.sleep(3)  # they keep asking; still neither is in the call
        for device in (phone, other):
            assert device.find_element(By.ID, "screen-waiting").is_displayed()
        assert sum(e.kind is VideoEventKind.CONNECTED for e in case.video_events) == 1
        first_request, second_request = list(view.alerts.devices)
        frames = view.alerts.devices

        # Refused: that device is told it cannot open the link here, and never sees the call.
        refuse = next(b for b in frames[second_request].findChildren(type(view.escalate_button))
                      if b.text() == "Refuse")
        click(qtbot, refuse)
        admit = next(b for b in frames[first_request].findChildren(type(view.escalate_button)) if b.text() == "Admit")
        click(qtbot, admit)
        qtbot.waitUntil(lambda: not view.alerts.devices, timeout=10_000)
        # Which browser asked first is the service's order; find each by what it shows.
        wait_for(phone, "document.getElementById('screen-waiting').hidden", what="the phone answered")
        wait_for(other, "document.getElementById('screen-waiting').hidden", what="the other browser answered")
        shown = {d: ("refused" if d.find_element(By.ID, "screen-refused").is_displayed() else "let in")
                 for d in (phone, other)}
        assert sorted(shown.values()) == ["let in", "refused"]
        admitted = next(d for d, s in shown.items() if s == "let in")
        consent_and_join(admitted)
        qtbot.waitUntil(lambda: sum(e.kind is VideoEventKind.CONNECTED for e in case.video_events) >= 2,
                        timeout=30_000)
        kinds = [e.kind for e in case.video_events]
        assert VideoEventKind.DEVICE_ADMITTED in kinds and VideoEventKind.DEVICE_REFUSED in kinds
        # The banner stays until dealt with: one key escalates with the quick exit as the reason, no pick.
        qtbot.keyClick(view.focusWidget() or view, Qt.Key.Key_F9)
        assert case.outcome.kind is OutcomeKind.ESCALATED and "Leave quickly" in case.outcome.reason
        assert view.escalation.after.isVisible() and view.alerts.quick_exit is None
    finally:
        _close(view, window, thread)
    decisions = [e for e in audit_entries(data_dir) if "/video-link:" in e.record]
    assert sorted(e.action for e in decisions) == ["alteration", "disclosure"]

    # What the phone's browser keeps: never the device key; the link's address only in the browser's own
    # history and session files, where it no longer opens anything (the call was forgotten on closing).
    phone.quit()
    folder = phone.profile_folder
    assert _files_holding(folder, device_key) == []
    history = sqlite3.connect(f"file:{folder / 'Default' / 'History'}?mode=ro", uri=True)
    try:
        urls = [row[0] for row in history.execute("SELECT url FROM urls")]
    finally:
        history.close()
    assert all(token not in u or u.endswith("/j#" + token) for u in urls), urls
    with link_service.client() as client:
        answer = client._http.post(f"{link_service.base_url}/api/claim", json={"link": token}, timeout=5)
    assert answer.status_code == 404 and answer.json()["error"] == "unknown"


def test_escalating_mid_call_ends_the_call_on_the_callers_page(qtbot, data_dir, link_service, browsers):
    window, view, thread, phone = _workstation_with_caller_in_call(qtbot, data_dir, link_service, browsers)
    try:
        field = view.page(Step.LINK).first_input() or view
        qtbot.keyClick(field, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
        assert view.escalation.isVisible() and view.escalation.ends_call.isChecked()
        qtbot.keyClick(view.escalation.reasons["1"], Qt.Key.Key_1)  # the suspect is back
        assert view.session.case.outcome.kind is OutcomeKind.ESCALATED
        wait_for(phone, "!document.getElementById('screen-ended').hidden", timeout=2,
                 what="the caller's page showing the call ended")
        assert not phone.find_element(By.ID, "rejoin").is_displayed()
    finally:
        _close(view, window, thread)


def test_closing_a_case_mid_call_ends_the_call_and_forgets_it_and_reopened_it_texts_on_a_new_session(
        qtbot, data_dir, link_service, browsers):
    window, view, thread, phone = _workstation_with_caller_in_call(qtbot, data_dir, link_service, browsers)
    case_id, first = view.session.store_id, view.session.case.link_invites[-1].video_session_id
    try:
        view.close_case()
        wait_for(phone, "!document.getElementById('screen-ended').hidden", what="the caller's call ended")
        _wait_until_forgotten(qtbot, link_service, first, timeout=10_000)
        window.open_case(case_id)
        qtbot.waitUntil(lambda: window.case_view is not None)
        view = window.case_view
        view.go_to(2)
        click(qtbot, view.page(Step.LINK).send)
        invites = view.session.case.link_invites
        qtbot.waitUntil(lambda: len(invites) == 2 and invites[-1].sent_at is not None, timeout=15_000)
        assert invites[-1].video_session_id not in ("", first) and invites[0].revoked_at is not None
    finally:
        _close(view, window, thread)


def test_a_link_still_being_made_when_the_caller_is_marked_unreachable_is_closed_at_once(
        qtbot, data_dir, link_service, monkeypatch):
    """The officer asked for a link, then marked the caller unreachable before the service answered (its text was
    still going). The link made after that must not open on a phone that may be in someone else's hands: the case
    cannot record it, so the service is told to forget it there and then."""
    settings = Settings(Mode.PRACTICE, data_dir, "practice:tester", fake_camera=True)
    policy = policy_for(settings)
    window, view, thread = open_in_workstation(qtbot, settings, policy, CaseBuilder(policy).done_before(Step.LINK),
                                               link_service)
    link = view.page(Step.LINK)
    go_on, made_on = threading.Event(), []
    real_invite = link.call.client.invite

    def slow_invite(session_id, *args, **kwargs):
        made_on.append(session_id)
        assert go_on.wait(10), "the test never let the link be made"
        return real_invite(session_id, *args, **kwargs)

    monkeypatch.setattr(link.call.client, "invite", slow_invite)
    try:
        click(qtbot, link.send)
        qtbot.waitUntil(lambda: bool(made_on), timeout=10_000)
        link.reason.setFocus()
        qtbot.keyClicks(link.reason, "The number rings out; no answer to three calls.")
        click(qtbot, link.unreachable)
        assert view.session.case.outcome.kind is OutcomeKind.CALLER_UNREACHABLE
        go_on.set()  # the service makes the link and texts it now, after the case ended
        _wait_until_forgotten(qtbot, link_service, made_on[0], timeout=15_000)
        assert view.session.case.link_invites == []  # nothing recorded for a case that had ended
    finally:
        go_on.set()
        _close(view, window, thread)


def test_a_link_not_yet_asked_for_when_the_caller_is_marked_unreachable_is_never_texted(
        qtbot, data_dir, link_service, monkeypatch):
    """The officer pressed send, and marked the caller unreachable while the service was still opening the call's
    session. No text may go after that: a phone the officer has stopped trusting must receive nothing. While the
    first text is on its way the send button cannot be pressed again."""
    settings = Settings(Mode.PRACTICE, data_dir, "practice:tester", fake_camera=True)
    policy = policy_for(settings)
    window, view, thread = open_in_workstation(qtbot, settings, policy, CaseBuilder(policy).done_before(Step.LINK),
                                               link_service)
    link = view.page(Step.LINK)
    go_on, opened, texted = threading.Event(), [], []
    real_open, real_invite = link.call.client.open_session, link.call.client.invite

    def slow_open(*args, **kwargs):
        assert go_on.wait(10), "the test never let the session open"
        opened.append(real_open(*args, **kwargs))
        return opened[-1]

    def counted_invite(*args, **kwargs):
        texted.append(args)
        return real_invite(*args, **kwargs)

    monkeypatch.setattr(link.call.client, "open_session", slow_open)
    monkeypatch.setattr(link.call.client, "invite", counted_invite)
    try:
        click(qtbot, link.send)
        qtbot.waitUntil(lambda: not link.send.isEnabled(), timeout=5_000)
        assert link.send.text() == "Texting the link\u2026"
        link.reason.setFocus()
        qtbot.keyClicks(link.reason, "The number rings out; no answer to three calls.")
        click(qtbot, link.unreachable)
        assert view.session.case.outcome.kind is OutcomeKind.CALLER_UNREACHABLE
        go_on.set()
        qtbot.waitUntil(lambda: not link.call.sending, timeout=15_000)
        assert texted == []
        assert view.session.case.link_invites == []
        assert "no text was sent" in link.message.text()
        # The background worker may not have started on it before the case ended (then no session is opened
        # at all); a session opened for it is let go at once.
        if opened:
            _wait_until_forgotten(qtbot, link_service, opened[0].session_id, timeout=15_000)
    finally:
        go_on.set()
        _close(view, window, thread)


def test_a_tab_that_never_joined_learns_only_that_the_link_does_not_work(qtbot, data_dir, link_service, browsers):
    """The link opened and left at the consent screen (on her phone, or on one somebody else holds) when the officer
    escalates: that tab must not say a call took place or that there is a text to delete."""
    settings = Settings(Mode.PRACTICE, data_dir, "practice:tester", fake_camera=True)
    policy = policy_for(settings)
    window, view, thread = open_in_workstation(qtbot, settings, policy, CaseBuilder(policy).done_before(Step.LINK),
                                               link_service)
    phone = browsers.start(phone=True)
    try:
        link = view.page(Step.LINK)
        click(qtbot, link.send)
        qtbot.waitUntil(lambda: bool(view.session.case.link_invites), timeout=15_000)
        tap_link_on_phone(phone, link_service, view.session.case.intake.safe_phone)
        wait_for(phone, "!document.getElementById('screen-consent').hidden", what="the consent screen")
        view.escalate_now("The suspect is back at the address.")
        wait_for(phone, "!document.getElementById('screen-refused').hidden", what="the link refused")
        shown = phone.find_element(By.TAG_NAME, "body").text
        assert "no longer works" in shown
        assert "delete" not in shown.lower() and "call" not in shown.lower()
    finally:
        _close(view, window, thread)


def test_a_forget_the_service_did_not_confirm_is_asked_again_by_itself(
        qtbot, data_dir, link_service, browsers, monkeypatch):
    """The officer escalates mid-call and the link service fails to answer the first two requests to forget the
    call. The workstation asks again by itself, so the caller's link stops opening without anyone noticing it
    had not; the officer is told meanwhile, and closing the case does not stop the asking."""
    from rvr_desktop.video.client import LinkServiceClient

    window, view, thread, phone = _workstation_with_caller_in_call(qtbot, data_dir, link_service, browsers)
    session_id = view.session.case.link_invites[-1].video_session_id
    real_forget, refusals = LinkServiceClient.forget, []

    def unreliable_forget(client, session):
        if len(refusals) < 2:
            refusals.append(session)
            raise LinkServiceError("The link service did not answer.", status=503)
        return real_forget(client, session)

    monkeypatch.setattr(LinkServiceClient, "forget", unreliable_forget)
    try:
        view.go_to(list(Step).index(Step.ACCOUNT))  # a step that shows nothing of the call: the case view tells
        view.escalate_now("The suspect is back at the address.")
        qtbot.waitUntil(lambda: len(refusals) == 1, timeout=10_000)
        qtbot.waitUntil(lambda: "asks it again" in view.notice.text() and view.notice.isVisible(), timeout=5_000)
        call = view.call
        view.close_case()  # before the service has confirmed anything
        _wait_until_forgotten(qtbot, link_service, session_id, timeout=20_000)
        assert refusals == [session_id, session_id] and call.forgotten
    finally:
        window.close()
        thread.shutdown()
