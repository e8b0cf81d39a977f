"""Practice mode's simulated GOV.UK Notify, spoken to by Notify's own client, checks JWTs as Notify does."""

from __future__ import annotations

import time
import uuid

import jwt
import pytest
import requests
from notifications_python_client.errors import HTTPError
from notifications_python_client.notifications import NotificationsAPIClient

from rvr_desktop.linkservice.simulated_phone import SimulatedPhones

CALLER_EN = "f4e46277-d93e-436e-a7b2-81cdff37fb31"


@pytest.fixture
def phones(service) -> SimulatedPhones:
    return service.phones


def _client(service, phones: SimulatedPhones, api_key: str | None = None) -> NotificationsAPIClient:
    return NotificationsAPIClient(api_key or phones.api_key, base_url=service.base_url, timeout=5)


def test_the_real_client_sends_and_reads_back_a_text(service, phones):
    client = _client(service, phones)
    sent = client.send_sms_notification("+447700900123", CALLER_EN,
                                        personalisation={"link": "http://127.0.0.1/j/x", "minutes": "15"},
                                        reference="rvr-0123")
    assert sent["content"]["body"].startswith("Hello, here is the link") and "http://127.0.0.1/j/x" in \
        sent["content"]["body"]
    first = client.get_notification_by_id(sent["id"])
    assert first["status"] == "sending" and first["reference"] == "rvr-0123"
    time.sleep(0.3)
    assert client.get_notification_by_id(sent["id"])["status"] == "delivered"


@pytest.mark.parametrize("mangle", ["wrong secret", "wrong service", "old token", "future token", "none alg"])
def test_tokens_notify_would_refuse_are_refused(service, phones, mangle):
    secret, issuer, issued = phones.secret, phones.service_id, int(time.time())
    if mangle == "wrong secret":
        secret = str(uuid.uuid4())
    elif mangle == "wrong service":
        issuer = str(uuid.uuid4())
    elif mangle == "old token":
        issued -= 120
    elif mangle == "future token":
        issued += 120
    algorithm = "none" if mangle == "none alg" else "HS256"
    token = jwt.encode({"iss": issuer, "iat": issued}, None if algorithm == "none" else secret, algorithm=algorithm)
    response = requests.get(f"{service.base_url}/v2/notifications/{uuid.uuid4()}",
                            headers={"Authorization": f"Bearer {token}"}, timeout=5)
    assert response.status_code == 403
    assert response.json()["errors"][0]["error"] == "AuthError"


def test_missing_auth_bad_templates_and_missing_fields_get_notify_errors(service, phones):
    assert requests.post(f"{service.base_url}/v2/notifications/sms", json={}, timeout=5).status_code == 401
    client = _client(service, phones)
    for template, personalisation, words in ((str(uuid.uuid4()), {}, "Template not found"),
                                             (CALLER_EN, {"link": "x"}, "Missing personalisation: minutes")):
        with pytest.raises(HTTPError) as refused:
            client.send_sms_notification("+447700900123", template, personalisation=personalisation)
        assert refused.value.status_code == 400 and words in str(refused.value.message)
    with pytest.raises(HTTPError) as not_found:
        client.get_notification_by_id(str(uuid.uuid4()))
    assert not_found.value.status_code == 404
