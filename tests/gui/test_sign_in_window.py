"""The live workstation's sign-in window against the practice OpenID provider: the officer presses Sign in,
the page opens in the desktop's browser (headless Chromium here, driven by selenium, standing where the
desktop's default browser stands: Qt's own URL handler for https), and the window hears who signed in."""

from __future__ import annotations

import threading

import pytest
from selenium.webdriver.common.by import By

from rvr_desktop.practice_identity import PracticeIdentityProvider, PracticeOfficer
from rvr_desktop.qt import QtCore, QtGui, Slot
from rvr_desktop.settings import Mode, load_settings
from rvr_desktop.ui.sign_in_window import SignInWindow
from rvr_desktop.video.practice_certificate import make_practice_certificate
from tests.gui.case_steps import click
from tests.helpers.chromium import Browsers, wait_for
from tests.helpers.force_link_service import private_file

pytestmark = pytest.mark.slow

OFFICER = PracticeOfficer("correct horse", {"sub": "81f2", "preferred_username": "jlive", "name": "Jo Live",
                                            "collar_number": "4821", "rank": "PC", "force_id": "PC 4821"})


class _DesktopBrowser(QtCore.QObject):
    """What the desktop opens an https address with: here, a Chromium the test types into as the officer."""

    def __init__(self, browser, password: str) -> None:
        super().__init__()
        self.browser, self.password, self.opened = browser, password, []

    @Slot(QtCore.QUrl)
    def open(self, url: QtCore.QUrl) -> None:
        self.opened.append(url.toString())

        def officer() -> None:
            self.browser.get(url.toString())
            wait_for(self.browser, "document.getElementById('username')", what="the sign-in page")
            self.browser.find_element(By.ID, "username").send_keys("jlive")
            self.browser.find_element(By.ID, "password").send_keys(self.password)
            self.browser.find_element(By.ID, "sign-in").click()

        threading.Thread(target=officer, daemon=True).start()


@pytest.fixture
def live_workstation(tmp_path, data_dir):
    authority, chain, key, _ = make_practice_certificate(["127.0.0.1"])
    tls = (private_file(tmp_path / "chain.pem", chain + authority), private_file(tmp_path / "key.pem", key))
    ca = private_file(tmp_path / "force-ca.pem", authority)
    with PracticeIdentityProvider({"rvr-desktop"}, {"jlive": OFFICER}, tls=tls) as provider:
        data_dir.mkdir(mode=0o700)
        (data_dir / "live.toml").write_text(
            '[officer]\nforce = "Anyshire Constabulary"\nstation = "Anytown Central"\n'
            f'[sign_in]\nissuer = "{provider.issuer}"\nclient_id = "rvr-desktop"\nca_bundle = "{ca}"\n'
            'lock_minutes = 5\n[sign_in.claims]\nid = "force_id"\nnumber = "collar_number"\nrank = "rank"\n'
            '[records]\nurl = "https://records.example"\ntoken_url = "https://login.example/token"\n'
            'client_id = "ws"\n[links]\nurl = "https://links.example"\n')
        browsers = Browsers()
        try:
            yield load_settings(Mode.LIVE, data_dir), browsers.start(trusting=ca)
        finally:
            browsers.close()


def test_the_officer_signs_in_at_the_forces_page_and_the_workstation_is_theirs(qtbot, live_workstation):
    settings, browser = live_workstation
    assert settings.officer == "" and settings.sign_in is not None and settings.sign_in.lock_minutes == 5
    desktop = _DesktopBrowser(browser, "correct horse")
    QtGui.QDesktopServices.setUrlHandler("https", desktop, "open")
    try:
        window = SignInWindow(settings.sign_in)
        qtbot.addWidget(window)
        window.show()
        with qtbot.waitSignal(window.signed_in, timeout=60_000) as signed:
            click(qtbot, window.button)
        who = signed.args[0]
    finally:
        QtGui.QDesktopServices.unsetUrlHandler("https")
    assert desktop.opened and desktop.opened[0].startswith(settings.sign_in.issuer + "/authorize?")
    assert window.state.text() == "Signed in as PC 4821 Jo Live."
    shift = settings.signed_in(who.officer_id, who.profile)
    # The audit log and documents name the officer the force's provider named; the force-wide details stay.
    assert shift.officer == "PC 4821" and shift.profile.describe() == "PC 4821 Jo Live"
    assert (shift.profile.force, shift.profile.station) == ("Anyshire Constabulary", "Anytown Central")


def test_a_wrong_password_keeps_the_window_waiting_and_cancel_says_so(qtbot, live_workstation):
    settings, browser = live_workstation
    desktop = _DesktopBrowser(browser, "wrong")
    QtGui.QDesktopServices.setUrlHandler("https", desktop, "open")
    try:
        window = SignInWindow(settings.sign_in)
        qtbot.addWidget(window)
        window.show()
        click(qtbot, window.button)
        qtbot.waitUntil(lambda: window.address.isVisible(), timeout=15_000)
        wait_for(browser, "document.getElementById('failed')", what="the provider refusing the password")
        assert not window.button.isEnabled()  # still waiting for the officer at the page
        click(qtbot, window.cancel)
        qtbot.waitUntil(lambda: window.button.isEnabled(), timeout=5_000)
    finally:
        QtGui.QDesktopServices.unsetUrlHandler("https")
    assert window.state.text() == "Sign-in was cancelled."
