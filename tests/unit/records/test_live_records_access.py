"""The live records client against a force's records API as it meets one: the practice records server over
TLS from an authority of the force's own, its access tokens only from its own OAuth 2.0 token endpoint, the
client secret in the keyring. Each way the access can go wrong is told in its own words and sorted as the
outbox needs it (failures.py), and nothing from the environment replaces what live.toml says."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import replace
from datetime import UTC, datetime

import keyring
import pytest

from rvr_desktop.sync.access_tokens import KEYRING_SECRET_ACCOUNT, KEYRING_SERVICE, AccessTokens
from rvr_desktop.sync.client import RecordsClient, records_session
from rvr_desktop.sync.endpoint import EndpointRefused, live_endpoint
from rvr_desktop.sync.failures import DeliveryPaused, TemporaryFailure
from rvr_desktop.sync.pole import Submission, investigation_from_case
from rvr_desktop.training.specimen_cases import finished_case
from tests.helpers.force_records import CLIENT_ID, SCOPE, SECRET_EXTRAS, force_records, other_authority
from tests.helpers.nginx import free_port

STILL = b"a still of the injury"


@pytest.fixture
def body(policy) -> bytes:
    case = finished_case(policy, [STILL])
    request = investigation_from_case(case, policy, Submission("case-7", "PC 1234", datetime.now(UTC), False, "0"))
    return json.dumps(request).encode()


@pytest.fixture
def force(tmp_path):
    with force_records(tmp_path / "force") as running:
        yield running


def _client(access) -> RecordsClient:
    return RecordsClient(live_endpoint(access, read_timeout=5))


def _asking_refused(access, failure: type[Exception], match: str = ""):
    """What asking the records system whether it is there, as the outbox worker does, fails with."""
    client = _client(access)
    try:
        with pytest.raises(failure, match=match or None) as raised:
            client.service()
    finally:
        client.close()
    return raised.value


def test_a_case_goes_through_on_one_token_from_the_forces_token_endpoint(force, body):
    assert force.secret.endswith(SECRET_EXTRAS)  # sent form-encoded, as RFC 6749 s.2.3.1 asks, and taken
    client = _client(force.access)
    try:
        created = client.create_investigation(body, str(uuid.uuid4()))
        investigation_id = created.investigation["investigation_id"]
        client.upload_exhibit(investigation_id, hashlib.sha256(STILL).hexdigest(), "image/jpeg", STILL,
                              str(uuid.uuid4()))
        assert client.investigation(investigation_id)["state"] == "complete"
        assert client.service()["training"] is True  # the practice server, standing in
    finally:
        client.close()
    assert force.server.issuer.issued_count == 1  # kept for every request while it lasts


def test_a_token_near_its_end_is_replaced_before_it_is_used_again(force):
    now = [0.0]
    with records_session(live_endpoint(force.access)) as session:
        tokens = AccessTokens(force.server.token_url, CLIENT_ID, session, (5, 5), scope=SCOPE,
                              clock=lambda: now[0])
        first = tokens.token()
        now[0] = 300 - 31  # 300 s is the server's lifetime; renewed a tenth of it before its end
        assert tokens.token() == first
        now[0] = 300 - 29
        assert tokens.token() != first
    assert force.server.issuer.issued_count == 2


def test_a_refused_token_is_replaced_once_and_the_request_goes_through(force, body):
    client = _client(force.access)
    try:
        client.service()
        force.server.forget_tokens()  # as when the force's identity service is reset mid-shift
        created = client.create_investigation(body, str(uuid.uuid4()))
        assert created.investigation["state"] == "awaiting-exhibits"
    finally:
        client.close()
    assert force.server.issuer.issued_count == 2


def test_a_token_refused_again_after_a_fresh_one_pauses_with_the_records_systems_words(force):
    force.server.set_faults("token=expired")  # every token refused, however new
    paused = _asking_refused(force.access, DeliveryPaused)
    assert "access token for the records system has expired" in paused.message and "Retry now" in paused.message
    assert force.server.issuer.issued_count == 2  # one fresh token, not a loop


def test_a_token_endpoint_that_is_down_is_temporary_and_says_which_service(force, body):
    gone = replace(force.access, token_url=f"https://127.0.0.1:{free_port()}/oauth2/token")
    client = _client(gone)
    try:
        with pytest.raises(TemporaryFailure) as failure:
            client.create_investigation(body, str(uuid.uuid4()))
    finally:
        client.close()
    assert failure.value.reachable is False
    assert "sign-in service for the records system (127.0.0.1) could not be reached" in failure.value.message


def test_a_wrong_client_secret_pauses_with_the_endpoints_own_words(force):
    keyring.set_password(KEYRING_SERVICE, KEYRING_SECRET_ACCOUNT, "not-the-secret")
    message = _asking_refused(force.access, DeliveryPaused).message
    assert "refused the workstation (401: invalid_client The client id or secret was not recognised.)" in message
    assert f"'{KEYRING_SERVICE}' / '{KEYRING_SECRET_ACCOUNT}'" in message and force.secret not in message


def test_no_client_secret_in_the_keyring_pauses_and_says_where_it_goes(force):
    keyring.delete_password(KEYRING_SERVICE, KEYRING_SECRET_ACCOUNT)
    _asking_refused(force.access, DeliveryPaused, "keyring holds no client secret for the records system")
    assert force.server.issuer.issued_count == 0


def test_a_records_system_signed_by_another_authority_is_not_trusted(force, tmp_path):
    _asking_refused(replace(force.access, ca_bundle=other_authority(tmp_path)), DeliveryPaused,
                    r"could not prove its identity.*ca_bundle")
    assert force.server.issuer.issued_count == 0  # the secret never went to a server it could not trust


def test_the_environment_cannot_replace_the_forces_authority_or_proxy(force, tmp_path, monkeypatch):
    # What another program on the workstation, or someone at it, may have set: a bundle that trusts another
    # server, and a proxy that would see every case.
    elsewhere = str(other_authority(tmp_path))
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        monkeypatch.setenv(name, elsewhere)
    for name in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY"):
        monkeypatch.setenv(name, f"http://127.0.0.1:{free_port()}")
    client = _client(force.access)
    try:
        assert client.service()["api_version"]
    finally:
        client.close()


def test_live_tomls_proxy_is_the_one_used(force):
    # A proxy that is not listening: the request goes to it, not straight to the records system.
    _asking_refused(replace(force.access, proxy=f"http://127.0.0.1:{free_port()}"), TemporaryFailure,
                    "could not be reached")
    assert force.server.issuer.issued_count == 0


def test_live_mode_needs_https_for_both_addresses_and_a_real_bundle(force, tmp_path):
    with pytest.raises(EndpointRefused, match=r"url must start with https://.*\[records\] url"):
        live_endpoint(replace(force.access, url="http://records.force.example"))
    with pytest.raises(EndpointRefused, match=r"\[records\] token_url"):
        live_endpoint(replace(force.access, token_url="http://login.force.example/token"))
    with pytest.raises(EndpointRefused, match="does not exist"):
        live_endpoint(replace(force.access, ca_bundle=tmp_path / "missing.pem"))


def test_a_scope_the_endpoint_refuses_says_to_check_the_scope(force):
    message = _asking_refused(replace(force.access, scope="records.everything"), DeliveryPaused).message
    assert "(400: invalid_scope" in message and "check [records] scope in live.toml" in message


def test_odd_lifetimes_are_read_as_a_provider_means_them():
    from rvr_desktop.sync.access_tokens import MAX_TRUSTED_LIFETIME, _renew_at

    assert _renew_at(0, "3599") == 3599 - 60  # Entra ID's v1 endpoint sends a string of digits
    assert _renew_at(0, 10**400) == MAX_TRUSTED_LIFETIME - 60  # no overflow: asked for again within a day
    for never in (None, 0, -5, "soon", True, float("nan"), float("inf")):
        assert _renew_at(0, never) == float("inf")  # used until it is refused, then replaced once
