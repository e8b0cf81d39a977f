"""Signing an officer in for a shift (sign_in.py) against the practice OpenID provider standing in for the
force's, over TLS from the force's own authority, with real headless Chromium as the system browser the
officer types into (driven by selenium). What the provider gives is checked before anything in it is
believed: a provider gone wrong in any of the ways an attacker would want signs nobody in."""

from __future__ import annotations

import threading

import pytest
from selenium.webdriver.common.by import By

from rvr_desktop.practice_identity import PracticeIdentityProvider, PracticeOfficer
from rvr_desktop.sign_in import SignInFailed, SignInSettings, sign_in
from rvr_desktop.video.practice_certificate import make_practice_certificate
from tests.helpers.chromium import Browsers, wait_for
from tests.helpers.force_link_service import private_file
from tests.helpers.nginx import free_port

pytestmark = pytest.mark.slow

CLIENT = "rvr-desktop"
OFFICERS = {"jlive": PracticeOfficer("correct horse", {
    "sub": "5d0c7f", "preferred_username": "jlive", "name": "Jo Live", "collar_number": "4821", "rank": "PC",
    "unit": "Rapid Video Response", "force_id": "PC 4821"})}
CLAIMS = {"id": "force_id", "name": "name", "rank": "rank", "number": "collar_number", "unit": "unit"}


@pytest.fixture(scope="module")
def browsers():
    running = Browsers()
    yield running
    running.close()


@pytest.fixture
def force(tmp_path):
    authority, chain, key, _ = make_practice_certificate(["127.0.0.1"])
    tls = (private_file(tmp_path / "chain.pem", chain + authority), private_file(tmp_path / "key.pem", key))
    with PracticeIdentityProvider({CLIENT}, OFFICERS, tls=tls) as provider:
        yield provider, private_file(tmp_path / "force-ca.pem", authority)


def _settings(provider, authority, **changed) -> SignInSettings:
    return SignInSettings(**{"issuer": provider.issuer, "client_id": CLIENT, "ca_bundle": authority,
                             "claims": CLAIMS, **changed})


def _officer_types(browser, username: str, password: str, button: str = "sign-in"):
    """The officer at the system browser: the provider's page, their name and password, the button."""
    def at_the_browser(url: str) -> None:
        def type_in() -> None:
            browser.get(url)
            wait_for(browser, "document.getElementById('username')", what="the sign-in page")
            browser.find_element(By.ID, "username").send_keys(username)
            browser.find_element(By.ID, "password").send_keys(password)
            browser.find_element(By.ID, button).click()
        threading.Thread(target=type_in, daemon=True).start()  # the workstation waits meanwhile, as for a person
    return at_the_browser


def test_an_officer_signs_in_at_the_forces_page_and_is_named_by_its_claims(force, browsers):
    provider, authority = force
    browser = browsers.start(trusting=authority)
    signed_in = sign_in(_settings(provider, authority), _officer_types(browser, "jlive", "correct horse"),
                        wait_seconds=60)
    assert signed_in.officer_id == "PC 4821"
    assert signed_in.profile.describe() == "PC 4821 Jo Live" and signed_in.profile.unit == "Rapid Video Response"
    assert provider.provider.signed_in == ["jlive"]
    # The browser is told to go back to the workstation, and shown nothing of the officer or the tokens.
    wait_for(browser, "document.body.innerText.includes('go back to RVR Desktop')", what="the page after sign-in")
    assert "4821" not in browser.page_source and "code=" not in browser.page_source


@pytest.mark.parametrize("fault, told", [
    ("audience", "it was issued to another application"), ("issuer", "it came from another issuer"),
    ("nonce", "it answered another sign-in"), ("expired", "it has expired"),
    ("signature", "its signature is not the provider's")])
def test_an_id_token_that_fails_a_check_signs_nobody_in(force, browsers, fault, told):
    provider, authority = force
    provider.set_faults(fault)
    browser = browsers.start(trusting=authority)
    with pytest.raises(SignInFailed) as failed:
        sign_in(_settings(provider, authority), _officer_types(browser, "jlive", "correct horse"), wait_seconds=60)
    assert f"failed its checks ({told}), so nobody was signed in" in str(failed.value)


def test_cancelling_at_the_forces_page_is_told_as_cancelled(force, browsers):
    provider, authority = force
    browser = browsers.start(trusting=authority)
    with pytest.raises(SignInFailed, match="^Sign-in was cancelled.$"):
        sign_in(_settings(provider, authority), _officer_types(browser, "jlive", "", button="cancel"),
                wait_seconds=60)


def test_a_provider_that_cannot_be_reached_or_trusted_is_told_before_any_browser_opens(force, tmp_path):
    provider, authority = force
    opened: list[str] = []
    with pytest.raises(SignInFailed, match="could not be reached"):
        sign_in(_settings(provider, authority, issuer=f"https://127.0.0.1:{free_port()}"), opened.append)
    elsewhere, *_ = make_practice_certificate(["127.0.0.1"])
    with pytest.raises(SignInFailed, match=r"could not prove its identity.*\[sign_in\] ca_bundle"):
        sign_in(_settings(provider, private_file(tmp_path / "other.pem", elsewhere)), opened.append)
    with pytest.raises(SignInFailed, match=r"did not answer as the force's sign-in service.*\[sign_in\] issuer"):
        sign_in(_settings(provider, authority, issuer=provider.issuer + "/realms/other"), opened.append)
    assert opened == []


def test_a_sign_in_nobody_finishes_ends_with_a_message_not_a_wait_for_ever(force):
    provider, authority = force
    stop = threading.Event()
    threading.Timer(0.5, stop.set).start()
    with pytest.raises(SignInFailed, match="^Sign-in was cancelled.$"):
        sign_in(_settings(provider, authority), lambda url: None, cancelled=stop)
    with pytest.raises(SignInFailed, match="No answer came from the sign-in page"):
        sign_in(_settings(provider, authority), lambda url: None, wait_seconds=0.5)
