"""The live workstation's sign-in window against the practice OpenID provider: the officer presses Sign in,
the page opens in the desktop's browser (headless Chromium here, driven by selenium, standing where the
desktop's default browser stands: Qt's own URL handler for https), and the window hears who signed in."""

from __future__ import annotations


import pytest

from rvr_desktop.practice_identity import PracticeIdentityProvider, PracticeOfficer
from rvr_desktop.settings import Mode, load_settings
from rvr_desktop.ui.sign_in_window import SignInWindow
from rvr_desktop.video.practice_certificate import make_practice_certificate
from tests.gui.case_steps import click, open_main_window
from tests.helpers.chromium import Browsers, wait_for
from tests.helpers.desktop_browser import the_desktops_browser
from tests.helpers.force_link_service import private_file

pytestmark = pytest.mark.slow

OFFICER = PracticeOfficer("correct horse", {"sub": "81f2", "preferred_username": "jlive", "name": "Jo Live",
                                            "collar_number": "4821", "rank": "PC", "force_id": "PC 4821"})
NEXT_OFFICER = PracticeOfficer("battery staple", {"sub": "93a0", "preferred_username": "snext", "name": "Sam Next",
                                                  "collar_number": "5102", "rank": "DC", "force_id": "DC 5102"})


@pytest.fixture
def live_workstation(tmp_path, data_dir):
    authority, chain, key, _ = make_practice_certificate(["127.0.0.1"])
    tls = (private_file(tmp_path / "chain.pem", chain + authority), private_file(tmp_path / "key.pem", key))
    ca = private_file(tmp_path / "force-ca.pem", authority)
    with PracticeIdentityProvider({"rvr-desktop"}, {"jlive": OFFICER, "snext": NEXT_OFFICER}, tls=tls) as provider:
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
    with the_desktops_browser(browser, "jlive", "correct horse") as desktop:
        window = SignInWindow(settings.sign_in)
        qtbot.addWidget(window)
        window.show()
        with qtbot.waitSignal(window.signed_in, timeout=60_000) as signed:
            click(qtbot, window.button)
        who = signed.args[0]
    assert desktop.opened and desktop.opened[0].startswith(settings.sign_in.issuer + "/authorize?")
    assert window.state.text() == "Signed in as PC 4821 Jo Live."
    shift = settings.signed_in(who.officer_id, who.profile)
    # The audit log and documents name the officer the force's provider named; the force-wide details stay.
    assert shift.officer == "PC 4821" and shift.profile.describe() == "PC 4821 Jo Live"
    assert (shift.profile.force, shift.profile.station) == ("Anyshire Constabulary", "Anytown Central")


def test_a_wrong_password_keeps_the_window_waiting_and_cancel_says_so(qtbot, live_workstation):
    settings, browser = live_workstation
    with the_desktops_browser(browser, "jlive", "wrong"):
        window = SignInWindow(settings.sign_in)
        qtbot.addWidget(window)
        window.show()
        click(qtbot, window.button)
        qtbot.waitUntil(lambda: window.address.isVisible(), timeout=15_000)
        wait_for(browser, "document.getElementById('failed')", what="the provider refusing the password")
        assert not window.button.isEnabled()  # still waiting for the officer at the page
        click(qtbot, window.cancel)
        qtbot.waitUntil(lambda: window.button.isEnabled(), timeout=5_000)
    assert window.state.text() == "Sign-in was cancelled."


def _handed_to_the_next_officer(qtbot, window, browser):
    """Sam Next signs in at the locked window: who the window hands over to (it is stopped after)."""
    try:
        with the_desktops_browser(browser, "snext", "battery staple") as desktop, \
                qtbot.waitSignal(window.handed_over, timeout=60_000) as handed:
            click(qtbot, window.lock_page.button)
    finally:
        window.workstation.stop()
    assert desktop.opened
    return handed.args[0]


def _locked_with_a_case_open(qtbot, settings):
    """The first officer's shift, a new case open in it, then the window locked."""
    shift = settings.signed_in("PC 4821", settings.profile)
    window = open_main_window(qtbot, shift)
    qtbot.waitUntil(lambda: window.new_case_button.isEnabled(), timeout=30_000)
    click(qtbot, window.new_case_button)
    qtbot.waitUntil(lambda: window.case_view is not None, timeout=15_000)
    window.lock()
    assert window.locked and not window.case_view.isVisible() and not window.cases.isVisible()
    assert not any(action.isEnabled() for action in window.actions())  # Ctrl+N and the rest do nothing
    return window


def test_the_locked_window_hides_the_case_and_the_same_officer_finds_it_as_they_left_it(qtbot, live_workstation):
    settings, browser = live_workstation
    window = _locked_with_a_case_open(qtbot, settings)
    view = window.case_view
    try:
        with the_desktops_browser(browser, "jlive", "correct horse") as desktop:
            click(qtbot, window.lock_page.button)
            qtbot.waitUntil(lambda: not window.locked, timeout=60_000)
    finally:
        window.workstation.stop()
    assert desktop.opened
    assert window.case_view is view and view.isVisible()
    assert all(action.isEnabled() for action in window.actions())


def test_another_officer_at_the_locked_window_is_handed_the_workstation_without_the_open_case(qtbot,
                                                                                           live_workstation):
    settings, browser = live_workstation
    window = _locked_with_a_case_open(qtbot, settings)
    assert _handed_to_the_next_officer(qtbot, window, browser).officer_id == "DC 5102"
    assert window.case_view is None  # closed and saved: the next officer opens it from the list, in their name
    assert window.locked  # and this window stays locked until the workstation opens again for them


def test_the_lock_falls_due_after_the_set_time_without_input_but_not_in_a_call(qtbot):
    from rvr_desktop.qt import Qt, QtWidgets
    from rvr_desktop.ui.shift_lock import ShiftLock

    in_a_call = [True]
    target = QtWidgets.QLineEdit()
    qtbot.addWidget(target)
    target.show()
    qtbot.waitExposed(target)
    lock = ShiftLock(0.5 / 60, lambda: in_a_call[0])  # half a second, for the test
    try:
        fell_due = []
        lock.due.connect(lambda: fell_due.append(True))
        qtbot.wait(800)
        assert not fell_due  # the officer is with the caller: no lock, however long
        in_a_call[0] = False
        for _ in range(4):  # typing every 0.3 s keeps it open: keys as the desktop delivers them, to the window
            qtbot.keyClick(target.windowHandle(), Qt.Key.Key_A)
            qtbot.wait(300)
        assert not fell_due
        qtbot.waitUntil(lambda: bool(fell_due), timeout=3_000)
    finally:
        lock.stop()


def test_signing_out_at_the_end_of_the_shift_hides_everything_until_the_next_officer_signs_in(qtbot,
                                                                                              live_workstation):
    settings, browser = live_workstation
    window = open_main_window(qtbot, settings.signed_in("PC 4821", settings.profile))
    qtbot.waitUntil(lambda: window.new_case_button.isEnabled(), timeout=30_000)
    click(qtbot, window.new_case_button)
    qtbot.waitUntil(lambda: window.case_view is not None, timeout=15_000)
    click(qtbot, window.sign_out_button)
    assert window.locked and not window.case_view.isVisible()
    assert window.lock_page.heading.text() == "Signed out. The next officer signs in here."
    assert _handed_to_the_next_officer(qtbot, window, browser).officer_id == "DC 5102"
    assert window.case_view is None


def test_the_doctor_checks_the_forces_identity_provider_as_sign_in_will_ask_it(live_workstation):
    from tests.conftest import run_cli

    settings, _browser = live_workstation
    done = run_cli("doctor", "--mode", "live", "--data-dir", str(settings.data_dir))
    [line] = [line for line in done.stdout.splitlines() if " sign-in:" in line]
    assert line == f"ok sign-in: {settings.sign_in.issuer} answers as an OpenID provider, signing in rvr-desktop"


def test_when_the_sign_in_runs_out_mid_shift_the_window_locks_and_says_why(qtbot, live_workstation):
    import time

    settings, _browser = live_workstation
    window = open_main_window(qtbot, settings.signed_in("PC 4821", settings.profile, until=time.time() + 1.5))
    try:
        qtbot.waitUntil(lambda: window.new_case_button.isEnabled(), timeout=30_000)
        assert not window.locked
        qtbot.waitUntil(lambda: window.locked, timeout=10_000)
    finally:
        window.workstation.stop()
    assert window.lock_page.heading.text() == "Your sign-in for this shift has run out. Sign in again to go on."
