"""The video call end to end: the practice link service as a child process, and real headless Chromium
as the officer's browser, the caller's phone and an interpreter, with fake cameras, over loopback."""

from __future__ import annotations

import base64
import hashlib
import json
import time

import pytest
from selenium.webdriver.common.by import By

from tests.helpers.chromium import console, wait_for
from tests.unit.linkservice.harness import png_image

pytestmark = pytest.mark.slow
CALLER_NUMBER = "+447700900123"


def open_officer_page(browsers, officer_api, case_ref: str):
    session = officer_api.open_session(case_ref)
    officer = browsers.start()
    officer.get(session.officer_page_url)
    wait_for(officer, "window.rvrOfficer && window.rvrOfficer.status().joined", what="the officer's page joined")
    assert "#" not in officer.current_url  # the one-time token left the address bar
    return session, officer


def tap_link_on_phone(phone, link_service, number: str) -> None:
    """The trainer's way in: the simulated phone's texts, then the link in the newest one."""
    phone.get(link_service.simulated_phone_url)
    selector = f"section[data-number='{number}'] a"
    wait_for(phone, f"document.querySelector(\"{selector}\")", what=f"a text to {number}")
    phone.find_element(By.CSS_SELECTOR, selector).click()


def consent_and_join(phone) -> None:
    wait_for(phone, "!document.getElementById('screen-consent').hidden", what="the consent screen")
    phone.find_element(By.ID, "agree").click()
    wait_for(phone, "!document.getElementById('join').hidden", what="the camera check")
    # The preview must show before joining, as a caller sees themselves first.
    wait_for(phone, "document.getElementById('preview').videoWidth > 0", what="the camera preview")
    phone.find_element(By.ID, "join").click()
    wait_for(phone, "!document.getElementById('screen-call').hidden", what="the call screen after Join")


def sees(driver, video_id: str, what: str, other=None) -> None:
    """Wait for `driver` to show video in `video_id`; on failure also report the `other` side's page."""
    try:
        wait_for(driver, f"document.getElementById('{video_id}').videoWidth > 0", timeout=30, what=what)
    except AssertionError as failure:
        if other is None:
            raise
        raise AssertionError(f"{failure}\nthe other side:\n{other.execute_script('return document.body.innerText')}"
                             f"\n{console(other)}") from None


def test_three_way_call_with_photo_still_and_quick_exit(link_service, officer_api, browsers, tmp_path,
                                                         weather_site, screenshots_dir):
    session, officer = open_officer_page(browsers, officer_api, "CASE-E2E-1")
    invitation = officer_api.invite(session.session_id, "caller", phone_number=CALLER_NUMBER)
    assert invitation.text_status == "sent"

    phone = browsers.start(phone=True)
    tap_link_on_phone(phone, link_service, CALLER_NUMBER)
    consent_and_join(phone)
    sees(phone, "remote-officer", "the caller seeing the officer")
    sees(officer, "remote-caller", "the officer seeing the caller")
    if screenshots_dir:
        phone.save_screenshot(str(screenshots_dir / "caller-call.png"))

    # The caller sends a photo; the officer's side gets it with the digest the caller was shown.
    photo = tmp_path / "bruise.png"
    photo.write_bytes(png_image(320, 240))
    expected = hashlib.sha256(photo.read_bytes()).hexdigest()
    phone.find_element(By.ID, "photo").send_keys(str(photo))
    shown = wait_for(phone, "document.querySelector('#uploads li[data-sha256]')?.dataset.sha256",
                     what="the caller's receipt for the photo")
    assert shown == expected
    assert expected[:8] in phone.find_element(By.ID, "uploads").text
    [info] = officer_api.uploads(session.session_id)
    assert officer_api.fetch_upload(session.session_id, info).info.sha256 == expected

    # The officer takes a still of the caller's video: lossless, with its digest.
    still = officer.execute_async_script(
        "const done = arguments[arguments.length - 1]; rvrOfficer.takeStill('caller').then(done, e => done(String(e)));")
    assert isinstance(still, dict), still
    assert hashlib.sha256(base64.b64decode(still["base64"])).hexdigest() == still["sha256"]
    assert still["width"] > 0 and still["media_type"] == "image/png"
    kinds = [e["kind"] for e in officer.execute_script("return rvrOfficer.drainEvents()")]
    assert "still_taken" in kinds and "remote_video" in kinds

    # An interpreter joins as the third party and sees and is seen by both.
    interpreter_link = officer_api.invite(session.session_id, "interpreter").url
    interpreter = browsers.start()
    interpreter.get(interpreter_link)
    consent_and_join(interpreter)
    sees(interpreter, "remote-officer", "the interpreter seeing the officer")
    sees(interpreter, "remote-caller", "the interpreter seeing the caller")
    sees(officer, "remote-interpreter", "the officer seeing the interpreter")
    sees(phone, "remote-interpreter", "the caller seeing the interpreter")

    # Quick exit: gone at once to the neutral site, with this page replaced in the history.
    history_before = phone.execute_script("return history.length")
    phone.find_element(By.ID, "quick-exit").click()
    wait_for(phone, f"location.href === '{weather_site}'", what="the quick exit")
    assert phone.execute_script("return history.length") == history_before
    wait_for(officer, "rvrOfficer.status().peers.caller.state === 'left'", what="the officer told the caller left")
    left = [e for e in officer_api.session(session.session_id)["invites"] if e["role"] == "caller"]
    assert left and not left[0]["connected"]
    officer.find_element(By.ID, "end").click()
    wait_for(interpreter, "!document.getElementById('screen-ended').hidden", what="the interpreter told it ended")


def waiting_openings(officer_api, session_id: str) -> list[str]:
    """The request ids of devices waiting for the officer to admit them to the caller's link."""
    invites = officer_api.session(session_id)["invites"]
    return [request for invite in invites if invite["role"] == "caller" for request in invite["waiting"]]


def test_a_second_browser_opening_the_same_link_waits_and_is_let_in_only_by_the_officer(link_service, officer_api,
                                                                                          browsers):
    session = officer_api.open_session("CASE-E2E-2")
    invitation = officer_api.invite(session.session_id, "caller")
    first, second = browsers.start(phone=True), browsers.start(phone=True)
    first.get(invitation.url)
    wait_for(first, "!document.getElementById('screen-consent').hidden", what="the first phone's consent screen")
    second.get(invitation.url)
    wait_for(second, "!document.getElementById('screen-waiting').hidden", what="the second phone waiting")
    assert "police" not in second.find_element(By.TAG_NAME, "body").text.lower()  # whoever holds it learns nothing
    [request] = waiting_openings(officer_api, session.session_id)
    officer_api.answer_admission(session.session_id, invitation.invite_id, request, False)
    wait_for(second, "!document.getElementById('screen-refused').hidden", what="the second phone refused")
    assert "cannot be opened here" in second.find_element(By.ID, "refused-reason").text
    assert first.find_element(By.ID, "screen-consent").is_displayed()


def test_an_expired_link_shows_the_expiry_page(link_service, officer_api, browsers, screenshots_dir):
    session = officer_api.open_session("CASE-E2E-3")
    url = officer_api.invite(session.session_id, "caller", valid_minutes=0.02).url
    time.sleep(1.5)
    phone = browsers.start(phone=True)
    phone.get(url)
    wait_for(phone, "!document.getElementById('screen-refused').hidden", what="the expiry page")
    assert "This link has expired" in phone.find_element(By.ID, "refused-reason").text
    assert phone.find_element(By.ID, "quick-exit").is_displayed()
    if screenshots_dir:
        phone.save_screenshot(str(screenshots_dir / "caller-link-expired.png"))


def test_a_caller_who_ends_the_call_rejoins_from_the_same_tab_and_a_reopened_link_needs_the_officer(
        link_service, officer_api, browsers):
    session, officer = open_officer_page(browsers, officer_api, "CASE-E2E-4")
    invitation = officer_api.invite(session.session_id, "caller")
    phone = browsers.start(phone=True)
    phone.get(invitation.url)
    assert "#" not in phone.current_url and invitation.url.split("#")[1] not in phone.current_url
    consent_and_join(phone)
    sees(officer, "remote-caller", "the officer seeing the caller", other=phone)
    # Ended by mistake: Rejoin in the same tab comes straight back with the key the tab still holds.
    phone.find_element(By.ID, "end").click()
    wait_for(officer, "rvrOfficer.status().peers.caller.state === 'left'", what="the officer told the caller left")
    phone.find_element(By.ID, "rejoin").click()
    # The camera screen itself, not only its button: Join keeps its state from the first check while hidden.
    wait_for(phone, "!document.getElementById('screen-camera').hidden && !document.getElementById('join').hidden",
             what="the camera check again")
    phone.find_element(By.ID, "join").click()
    sees(officer, "remote-caller", "the officer seeing the caller again", other=phone)
    # The tab closed, then the link opened again from the message: it waits until the officer admits it.
    phone.get("about:blank")
    wait_for(officer, "rvrOfficer.status().peers.caller.state === 'left'", what="the officer told the caller left")
    phone.get(invitation.url)
    wait_for(phone, "!document.getElementById('screen-waiting').hidden", what="the reopened link waiting")
    [request] = waiting_openings(officer_api, session.session_id)
    officer_api.answer_admission(session.session_id, invitation.invite_id, request, True)
    consent_and_join(phone)
    sees(officer, "remote-caller", "the officer seeing the caller once admitted", other=phone)
    sees(phone, "remote-officer", "the caller seeing the officer again")
    events = officer_api.session(session.session_id)
    assert events["connected"] == ["caller", "officer"]
    assert json.dumps(events).count('"role": "caller"') == 1  # still the one link, reopened


def test_a_spoken_code_typed_at_the_plain_address_joins_the_call(link_service, officer_api, browsers,
                                                                 screenshots_dir):
    session, officer = open_officer_page(browsers, officer_api, "CASE-E2E-5")
    code = officer_api.spoken_code(session.session_id)
    phone = browsers.start(phone=True)
    phone.get(code.address)
    wait_for(phone, "!document.getElementById('screen-code').hidden", what="the code screen")
    box = phone.find_element(By.ID, "code")
    box.send_keys("ABCD 2345\n")  # a wrong code: said plainly, and the caller can try again
    wait_for(phone, "document.getElementById('code-problem').textContent.includes('did not work')",
             what="the wrong code refused")
    if screenshots_dir:
        phone.save_screenshot(str(screenshots_dir / "caller-spoken-code.png"))
    box.clear()
    box.send_keys(code.spoken.lower() + "\n")
    consent_and_join(phone)
    sees(officer, "remote-caller", "the officer seeing the caller who typed the code", other=phone)
    assert phone.current_url == code.address  # the code never entered an address
