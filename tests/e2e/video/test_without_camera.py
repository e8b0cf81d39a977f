"""A call where one side has no camera or microphone: the other side's picture and sound still arrive.

The officer's browser here is headless Chromium without any fake device, as
a control-room computer whose webcam is missing; the caller's phone has
Chromium's fake camera. Either may join first: whoever joins last offers,
and an offer from a side with nothing to send must still ask for media.
"""

from __future__ import annotations

import hashlib

import pytest
from selenium.webdriver.common.by import By

from tests.e2e.video.test_video_call import consent_and_join, sees
from tests.helpers.chromium import wait_for
from tests.unit.linkservice.harness import png_image

pytestmark = pytest.mark.slow
NO_DEVICES = ("--use-fake-device-for-media-stream",)
MICROPHONE_ONLY = "--use-fake-device-for-media-stream=device-count=0"  # no fake camera, a fake microphone
CARD = {"name": "PC 1234 Jo Bloggs", "role": "Rapid Video Response"}


def _officer_page(browsers, url: str, devices: bool = False):
    """The officer's page in its own browser, joined and introduced as the workstation does it; without
    `devices` that browser has no camera and no microphone."""
    officer = browsers.start() if devices else browsers.start(without=NO_DEVICES)
    officer.get(url)
    wait_for(officer, "window.rvrOfficer && window.rvrOfficer.status().joined", what="the officer's page joined")
    officer.execute_script("rvrOfficer.setNameCard(arguments[0])", CARD)
    return officer


def _hears(driver, video_id: str, what: str) -> None:
    """Sound is arriving: the remote audio track is unmuted (packets came), not merely announced."""
    wait_for(driver, f"(document.getElementById('{video_id}').srcObject?.getAudioTracks() || [])"
                     ".some(t => !t.muted && t.readyState === 'live')", timeout=30, what=what)


def _caller_sees_the_name_card(phone) -> None:
    wait_for(phone, "!document.getElementById('officer-card').hidden", what="the officer's name card")
    assert phone.find_element(By.ID, "officer-card-name").text == CARD["name"]
    assert phone.find_element(By.ID, "officer-card-role").text == CARD["role"]


def _officer_is_told_why(officer) -> None:
    note = officer.find_element(By.ID, "self-note")
    assert note.is_displayed()
    assert "No camera found — the caller sees your name card" in note.text
    assert officer.execute_script("return rvrOfficer.status().devices.camera") == "No camera found"
    kinds = [e["kind"] for e in officer.execute_script("return rvrOfficer.drainEvents()")]
    assert "devices_missing" in kinds and "remote_media" in kinds


def test_an_officer_without_a_camera_still_sees_and_hears_the_caller_who_sees_a_name_card(
        link_service, officer_api, browsers, screenshots_dir):
    session = officer_api.open_session("CASE-NOCAM-1")
    officer = _officer_page(browsers, session.officer_page_url)
    phone = browsers.start(phone=True)
    phone.get(officer_api.invite(session.session_id, "caller").url)
    consent_and_join(phone)
    sees(officer, "remote-caller", "the officer seeing the caller", other=phone)
    _hears(officer, "remote-caller", "the officer hearing the caller")
    _caller_sees_the_name_card(phone)
    _officer_is_told_why(officer)
    if screenshots_dir:
        phone.save_screenshot(str(screenshots_dir / "caller-officer-name-card.png"))


def test_an_officer_without_a_camera_who_joins_after_the_caller_still_gets_their_picture(
        link_service, officer_api, browsers):
    # The practice run's order: the caller is in the call before the officer opens the video step.
    session = officer_api.open_session("CASE-NOCAM-2")
    phone = browsers.start(phone=True)
    phone.get(officer_api.invite(session.session_id, "caller").url)
    consent_and_join(phone)
    officer = _officer_page(browsers, officer_api.officer_page_url(session.session_id))
    sees(officer, "remote-caller", "the officer, joining last, seeing the caller", other=phone)
    _hears(officer, "remote-caller", "the officer, joining last, hearing the caller")
    _caller_sees_the_name_card(phone)


def test_a_caller_without_a_camera_joins_by_voice_sees_the_officer_and_sends_a_photo(
        link_service, officer_api, browsers, tmp_path):
    session = officer_api.open_session("CASE-NOCAM-3")
    officer = _officer_page(browsers, session.officer_page_url, devices=True)
    # A phone with a microphone and no camera (Chromium's fake devices, without their camera).
    phone = browsers.start(phone=True, without=NO_DEVICES, extra_flags=(MICROPHONE_ONLY,))
    phone.get(officer_api.invite(session.session_id, "caller").url)
    wait_for(phone, "!document.getElementById('screen-consent').hidden", what="the consent screen")
    phone.find_element(By.ID, "agree").click()
    wait_for(phone, "!document.getElementById('sound-only').hidden", what="the offer to join with sound only")
    phone.find_element(By.ID, "sound-only").click()
    wait_for(phone, "!document.getElementById('join').hidden", what="the sound-only check")
    phone.find_element(By.ID, "join").click()
    sees(phone, "remote-officer", "the caller, by voice, seeing the officer", other=officer)
    _hears(phone, "remote-officer", "the caller hearing the officer")
    _hears(officer, "remote-caller", "the officer hearing the caller")
    assert officer.execute_script("return document.getElementById('remote-caller').srcObject.getVideoTracks()"
                                  ".length") == 0
    photo = tmp_path / "bruise.png"
    photo.write_bytes(png_image(320, 240))
    phone.find_element(By.ID, "photo").send_keys(str(photo))
    shown = wait_for(phone, "document.querySelector('#uploads li[data-sha256]')?.dataset.sha256",
                     what="the caller's receipt for the photo")
    assert shown == hashlib.sha256(photo.read_bytes()).hexdigest()
    [info] = officer_api.uploads(session.session_id)
    assert info.sha256 == shown
