"""Where the force records calls: the caller is told so before consenting, and
the call is recorded on the workstation, kept encrypted as an exhibit with
its digest."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from rvr_desktop.casework.policy_in_force import policy_for
from rvr_desktop.settings import Mode, Settings
from rvr_desktop.training.specimen_cases import CaseBuilder
from rvr_desktop.video.practice_service import start_practice_link_service
from rvr_desktop.workflow.steps import Step
from tests.e2e.video.test_video_call import consent_and_join, tap_link_on_phone
from tests.e2e.video.workstation import open_in_workstation, send_link_and_open_the_call
from tests.gui.case_steps import click
from tests.helpers.chromium import wait_for


@pytest.fixture
def recording_service(tmp_path):
    config = tmp_path / "links.toml"
    config.write_text("[calls]\nrecorded = true\n")
    running = start_practice_link_service(config=config)
    yield running
    running.stop()


@pytest.mark.slow
def test_a_recorded_call_is_announced_to_the_caller_and_kept_as_an_exhibit(qtbot, data_dir, recording_service,
                                                                          browsers):
    settings = Settings(Mode.PRACTICE, data_dir, "practice:tester", fake_camera=True)
    policy = policy_for(settings)
    policy = replace(policy, video_call=replace(policy.video_call, records_video_calls=True))
    case = CaseBuilder(policy).done_before(Step.LINK, call_at=datetime.now(UTC) - timedelta(seconds=30))
    assert "consents_to_recording" in case.safety.asked
    window, view, thread = open_in_workstation(qtbot, settings, policy, case, recording_service)
    opened = view.session.case
    try:
        phone = browsers.start(phone=True)

        def caller_joins() -> None:
            tap_link_on_phone(phone, recording_service, opened.intake.safe_phone)
            wait_for(phone, "!document.getElementById('screen-consent').hidden", what="the consent screen")
            assert "record" in phone.execute_script("return document.getElementById('recording').innerText").lower()
            consent_and_join(phone)

        panel = send_link_and_open_the_call(qtbot, view, timeout=30_000, caller_joins=caller_joins)
        qtbot.waitUntil(lambda: panel.recording_started, timeout=30_000)
        qtbot.wait(3000)
        click(qtbot, panel.end)
        qtbot.waitUntil(lambda: any(e.file_name.endswith(".webm") for e in opened.exhibits), timeout=20_000)
        recording = next(e for e in opened.exhibits if e.file_name.endswith(".webm"))
        files = thread.submit(lambda s: s.files.list_for_case(case.case_id, "exhibit")).result()
        kept = next(f for f in files if f.sha256 == recording.sha256)
        _, content = thread.submit(lambda s: s.files.get(kept.file_id)).result()
        assert hashlib.sha256(content).hexdigest() == recording.sha256
        assert kept.media_type == "video/webm" and content[:4] == b"\x1a\x45\xdf\xa3"  # a WebM (EBML) file
        assert recording.description == "Recording of the video call"
    finally:
        view.close_case()
        window.close()
        thread.shutdown()
