"""The caller's page on a phone-sized headless Chromium: accessible (axe-core), light, asking nothing of
any other site, leaving nothing on the phone, and helpful when the camera is refused."""

from __future__ import annotations

import threading

import pytest
from selenium.webdriver.common.by import By

from rvr_desktop.video.events import follow_events
from tests.helpers.chromium import axe_source, wait_for

pytestmark = pytest.mark.slow
LEFT_BEHIND = """
const done = arguments[arguments.length - 1];
Promise.all([
  navigator.serviceWorker ? navigator.serviceWorker.getRegistrations() : Promise.resolve([]),
  indexedDB.databases ? indexedDB.databases() : Promise.resolve([]),
  caches.keys(),
]).then(([workers, databases, cacheNames]) => done({
  cookie: document.cookie, local: localStorage.length, session: sessionStorage.length,
  workers: workers.length, databases: databases.length, caches: cacheNames.length,
}), (e) => done(String(e)));
"""
NOTHING = {"cookie": "", "local": 0, "session": 0, "workers": 0, "databases": 0, "caches": 0}


def serious_accessibility_problems(driver) -> list[str]:
    driver.execute_script(axe_source() + "; return true;")
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations), e => done(String(e)));")
    assert isinstance(result, list), result
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']]}"
            for v in result if v["impact"] in ("serious", "critical")]


def test_the_caller_page_is_accessible_light_and_leaves_nothing(link_service, officer_api, browsers,
                                                                screenshots_dir):
    session = officer_api.open_session("CASE-PAGE-1")
    url = officer_api.invite(session.session_id, "caller").url
    phone = browsers.start(phone=True)
    phone.get(url)
    wait_for(phone, "!document.getElementById('screen-consent').hidden", what="the consent screen")
    assert phone.title == "Video appointment"
    assert "not recorded" in phone.find_element(By.ID, "recording").text
    assert phone.find_element(By.ID, "quick-exit").is_displayed()
    assert serious_accessibility_problems(phone) == []
    if screenshots_dir:
        phone.save_screenshot(str(screenshots_dir / "caller-consent.png"))

    # Everything loaded before the camera starts: the link service's own origin only, well under 150 KB.
    entries = phone.execute_script(
        "return performance.getEntries().filter(e => e.name.startsWith('http'))"
        ".map(e => ({name: e.name, size: e.transferSize}))")
    origin = link_service.base_url
    assert all(e["name"].startswith(origin) for e in entries), entries
    weight = sum(e["size"] for e in entries)
    assert 0 < weight < 150 * 1024, weight

    phone.find_element(By.ID, "language").click()
    wait_for(phone, "document.documentElement.lang === 'cy'", what="Welsh")
    assert phone.title == "Apwyntiad fideo" and "Gadael yn gyflym" in phone.find_element(By.ID, "quick-exit").text
    assert serious_accessibility_problems(phone) == []
    if screenshots_dir:
        phone.save_screenshot(str(screenshots_dir / "caller-consent-cy.png"))
    phone.find_element(By.ID, "language").click()

    phone.find_element(By.ID, "agree").click()
    wait_for(phone, "!document.getElementById('join').hidden", what="the camera check")
    assert serious_accessibility_problems(phone) == []
    phone.find_element(By.ID, "join").click()
    wait_for(phone, "!document.getElementById('screen-call').hidden", what="the call screen")
    assert serious_accessibility_problems(phone) == []
    assert phone.execute_async_script(LEFT_BEHIND) == NOTHING
    assert phone.get_cookies() == []
    phone.find_element(By.ID, "end").click()
    wait_for(phone, "!document.getElementById('screen-ended').hidden", what="the end screen")
    assert "delete the text message" in phone.find_element(By.ID, "screen-ended").text
    assert serious_accessibility_problems(phone) == []
    assert phone.execute_async_script(LEFT_BEHIND) == NOTHING
    if screenshots_dir:
        phone.save_screenshot(str(screenshots_dir / "caller-ended.png"))
    [caller] = [i for i in officer_api.session(session.session_id)["invites"] if i["role"] == "caller"]
    assert caller["opened_at"] and not caller["connected"]


def test_a_refused_camera_gets_help_and_a_way_to_ask_for_a_phone_call(link_service, officer_api, browsers,
                                                                      screenshots_dir):
    session = officer_api.open_session("CASE-PAGE-2")
    url = officer_api.invite(session.session_id, "caller", language="cy").url
    phone = browsers.start(phone=True, without=("--use-fake-ui-for-media-stream",))
    for permission in ("camera", "microphone"):
        phone.execute_cdp_cmd("Browser.setPermission", {"permission": {"name": permission}, "setting": "denied",
                                                         "origin": link_service.base_url})
    phone.get(url)
    wait_for(phone, "!document.getElementById('screen-consent').hidden", what="the consent screen")
    assert phone.title == "Apwyntiad fideo"  # the invite's language
    phone.find_element(By.ID, "language").click()
    wait_for(phone, "document.documentElement.lang === 'en'", what="English")
    phone.find_element(By.ID, "agree").click()
    wait_for(phone, "!document.getElementById('camera-help').hidden", what="the camera help")
    assert "blocked" in phone.find_element(By.ID, "camera-message").text
    assert "Website Settings" in phone.find_element(By.ID, "camera-help").text
    assert phone.find_element(By.ID, "retry-camera").is_displayed()
    assert serious_accessibility_problems(phone) == []
    if screenshots_dir:
        phone.save_screenshot(str(screenshots_dir / "caller-camera-refused.png"))
    phone.find_element(By.ID, "phone-instead-camera").click()
    wait_for(phone, "document.getElementById('status').textContent.includes('phone you instead')",
             what="the phone-call request acknowledged")
    kinds: list[str] = []
    stop = threading.Event()

    def on_event(event: dict) -> None:
        kinds.append(event["kind"])
        if event["kind"] == "phone_call_requested":
            stop.set()
    give_up = threading.Timer(10, stop.set)
    give_up.start()
    try:
        follow_events(link_service.base_url, link_service.token, session.session_id, on_event, stop)
    finally:
        give_up.cancel()
    assert "phone_call_requested" in kinds and "link_opened" in kinds
