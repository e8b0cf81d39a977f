"""The officer's side inside the workstation: the case's link step texts the
caller through the real link service, the video step embeds the call in
QtWebEngine, and a real headless Chromium plays the caller's phone."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from selenium.webdriver.common.by import By

from rvr_desktop.casework.policy_in_force import policy_for
from rvr_desktop.qt import QtCore, QtWidgets
from rvr_desktop.settings import Mode, Settings
from rvr_desktop.store.case_store import CaseStore
from rvr_desktop.training.specimen_cases import CaseBuilder
from rvr_desktop.workflow.steps import Step
from rvr_desktop.workflow.exhibits import producer_initials
from rvr_desktop.workflow.video import VideoEventKind
from tests.e2e.video.test_video_call import consent_and_join, png_image, sees, tap_link_on_phone
from tests.e2e.video.workstation import open_in_workstation, page_value, send_link_and_open_the_call
from tests.gui.case_steps import click
from tests.helpers.chromium import wait_for


def link_service_uploads(link_service, call) -> list:
    with link_service.client() as client:
        return client.uploads(call.session_id)


@pytest.mark.slow
def test_workstation_video_call_with_still_upload_and_interpreter(qtbot, data_dir, link_service, browsers,
                                                                   tmp_path, screenshots_dir):
    settings = Settings(Mode.PRACTICE, data_dir, "practice:tester", fake_camera=True)
    policy = policy_for(settings)
    case = CaseBuilder(policy).done_before(Step.LINK, call_at=datetime.now(UTC) - timedelta(seconds=70))
    window, view, thread = open_in_workstation(qtbot, settings, policy, case, link_service)
    opened = view.session.case
    try:
        assert view.current_step() is Step.LINK
        phone = browsers.start(phone=True)

        def caller_joins() -> None:
            # The caller taps the link in the simulated phone's texts, consents and joins.
            tap_link_on_phone(phone, link_service, opened.intake.safe_phone)
            consent_and_join(phone)

        panel = send_link_and_open_the_call(qtbot, view, timeout=30_000, caller_joins=caller_joins)
        invite = opened.link_invites[-1]
        assert invite.video_session_id and invite.delivery_status in ("sent", "delivered")  # by now, delivered
        assert invite.opened_at is not None
        assert panel is not None
        width = page_value(qtbot, panel, "document.getElementById('remote-caller')?.videoWidth")
        assert width > 0
        sees(phone, "remote-officer", "the caller seeing the officer in the workstation")
        # The workstation introduces its officer; the card stays hidden while the officer's video arrives.
        wait_for(phone, f"document.getElementById('officer-card-name').textContent === "
                        f"{settings.profile.describe()!r}", what="the officer's name card")
        assert not phone.find_element(By.ID, "officer-card").is_displayed()

        # A still of the caller becomes exhibit PO/1, stored encrypted with its digest.
        click(qtbot, panel.still)
        qtbot.waitUntil(lambda: len(opened.exhibits) == 1, timeout=20_000)
        still = opened.exhibits[0]
        assert still.reference == f"{settings.profile.initials}/1"
        files = thread.submit(lambda s: s.files.list_for_case(case.case_id, "exhibit")).result()
        _, content = thread.submit(lambda s: s.files.get(files[0].file_id)).result()
        assert hashlib.sha256(content).hexdigest() == still.sha256 and content.startswith(b"\x89PNG")

        # The caller's photo waits for the officer, who files it as the next exhibit, with the digest the
        # caller was shown; a second photo is declined, and sending the first again makes no second exhibit.
        call, page = view.session.video_call(), view.page(Step.VIDEO)
        photo, other = tmp_path / "injury.png", tmp_path / "other.png"
        photo.write_bytes(png_image(320, 240))
        other.write_bytes(png_image(200, 100))
        phone.find_element(By.ID, "photo").send_keys(str(photo))
        qtbot.waitUntil(lambda: len(call.pending_uploads) == 1, timeout=20_000)
        digest = hashlib.sha256(photo.read_bytes()).hexdigest()
        assert len(opened.exhibits) == 1 and digest[:8] in page.uploads_box.findChildren(QtWidgets.QLabel)[0].text()
        file_it = next(b for b in page.uploads_box.findChildren(QtWidgets.QPushButton) if b.text() == "File as exhibit")
        click(qtbot, file_it)
        qtbot.waitUntil(lambda: len(opened.exhibits) == 2, timeout=20_000)
        assert opened.exhibits[1].sha256 == digest and not call.pending_uploads
        phone.find_element(By.ID, "photo").send_keys(str(other))
        qtbot.waitUntil(lambda: len(call.pending_uploads) == 1, timeout=20_000)
        decline = next(b for b in page.uploads_box.findChildren(QtWidgets.QPushButton) if b.text() == "Decline")
        click(qtbot, decline)
        qtbot.waitUntil(lambda: not call.pending_uploads and not link_service_uploads(link_service, call), timeout=10_000)
        phone.find_element(By.ID, "photo").send_keys(str(photo))
        qtbot.waitUntil(lambda: "already exhibit" in page.message.text(), timeout=20_000)
        assert len(opened.exhibits) == 2 and not call.pending_uploads
        assert [r.how for r in opened.exhibits[1].also_received] == ["uploaded again by the caller from the call page"]
        qtbot.waitUntil(lambda: not link_service_uploads(link_service, call), timeout=10_000)

        # An interpreter joins as the third party.
        click(qtbot, panel.interpreter)
        qtbot.waitUntil(lambda: bool(view.session.video_call().interpreter_link), timeout=10_000)
        interpreter = browsers.start()
        interpreter.get(view.session.video_call().interpreter_link)
        consent_and_join(interpreter)
        qtbot.waitUntil(lambda: any(e.kind is VideoEventKind.INTERPRETER_JOINED for e in opened.video_events),
                        timeout=30_000)
        page_value(qtbot, panel, "document.getElementById('remote-interpreter')?.videoWidth")
        if screenshots_dir:
            window.resize(1360, 940)
            qtbot.wait(1500)
            window.grab().save(str(screenshots_dir / "officer-video-call.png"))
            view.go_to(2)
            qtbot.wait(300)
            window.grab().save(str(screenshots_dir / "officer-link-step.png"))
    finally:
        view.close_case()
        window.close()
        thread.shutdown()

    reopened = CaseStore(data_dir, "auditor")
    try:
        from rvr_desktop.workflow.case import Case

        saved = Case.from_dict(reopened.cases.open_case(case.case_id).payload)
    finally:
        reopened.close()
    # The still is the officer's; the photo she sent is hers to produce, under her own initials.
    hers = producer_initials(saved.intake.caller_name, settings.profile.initials)
    assert hers != settings.profile.initials
    assert [e.reference for e in saved.exhibits] == [f"{settings.profile.initials}/1", f"{hers}/1"]
    assert any(e.kind is VideoEventKind.CONNECTED for e in saved.video_events)
    declined = [e for e in audit_entries(data_dir) if e.action == "erasure" and "/upload:" in e.record]
    assert len(declined) == 1 and "declined by the officer" in declined[0].justification
    assert "image/png" in declined[0].fields[0]  # what kind of file, never its content


@pytest.mark.slow
def test_the_officer_page_pushes_what_happens_in_it_and_nothing_polls_it(qtbot, data_dir, link_service, browsers):
    settings = Settings(Mode.PRACTICE, data_dir, "practice:tester", fake_camera=True)
    policy = policy_for(settings)
    case = CaseBuilder(policy).done_before(Step.LINK, call_at=datetime.now(UTC) - timedelta(seconds=70))
    window, view, thread = open_in_workstation(qtbot, settings, policy, case, link_service)
    opened = view.session.case
    try:
        phone = browsers.start(phone=True)

        def caller_joins() -> None:
            tap_link_on_phone(phone, link_service, opened.intake.safe_phone)
            consent_and_join(phone)

        # Connected is itself pushed: the caller's first sound or picture is an event of the page.
        panel = send_link_and_open_the_call(qtbot, view, timeout=30_000, caller_joins=caller_joins)
        assert [t for t in panel.findChildren(QtCore.QTimer) if t.isActive()] == []
        # The page's status comes with its events: joined before the channel was up, the caller since.
        qtbot.waitUntil(lambda: "You are in the call; with you: caller." in panel.status.text(), timeout=20_000)

        # A still taken in the page itself, not through the panel's button, reaches the case as an exhibit.
        page_value(qtbot, panel, "document.getElementById('remote-caller')?.videoWidth")
        panel.page.runJavaScript("window.rvrOfficer.takeStill('caller')")
        qtbot.waitUntil(lambda: len(opened.exhibits) == 1, timeout=20_000)
        assert panel.stills_taken == 1 and opened.exhibits[0].sha256
        # A still that cannot be taken says why: nobody is polling for the reason either.
        told = []
        view.session.video_call().told.connect(told.append)
        panel.page.runJavaScript("window.rvrOfficer.takeStill('interpreter').catch(() => {})")
        qtbot.waitUntil(lambda: any("no picture from the interpreter" in t for t in told), timeout=10_000)

        # Muting changes no event, only the page's status, which is pushed all the same.
        click(qtbot, panel.mute)
        qtbot.waitUntil(lambda: "Your microphone is muted." in panel.status.text(), timeout=10_000)
    finally:
        view.close_case()
        window.close()
        thread.shutdown()


def audit_entries(data_dir) -> list:
    store = CaseStore(data_dir, "auditor")
    try:
        return list(store.audit.entries())
    finally:
        store.close()
