"""The records client against the real practice server: every kind of answer is
sorted into success, a temporary failure, a refused case or a paused outbox,
and practice mode cannot send anywhere but this computer."""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import UTC, datetime

import pytest

from rvr_desktop.records_server.serve import PRACTICE_TOKEN, PracticeServerThread
from rvr_desktop.sync.client import RecordsClient
from rvr_desktop.sync.endpoint import EndpointRefused, RecordsEndpoint, practice_endpoint
from rvr_desktop.sync.failures import CaseRefused, DeliveryPaused, TemporaryFailure
from rvr_desktop.sync.pole import Submission, investigation_from_case
from rvr_desktop.training.specimen_cases import finished_case

STILL = b"a still of the injury"


@pytest.fixture
def body(policy) -> bytes:
    case = finished_case(policy, [STILL])
    request = investigation_from_case(case, policy, Submission("case-9", "PC 1234", datetime.now(UTC), True, "0"))
    return json.dumps(request).encode()


def test_a_case_and_its_exhibit_go_through(client, body):
    key = str(uuid.uuid4())
    created = client.create_investigation(body, key)
    assert not created.replayed and created.investigation["state"] == "awaiting-exhibits"
    investigation_id = created.investigation["investigation_id"]
    receipt = client.upload_exhibit(investigation_id, hashlib.sha256(STILL).hexdigest(), "image/jpeg", STILL,
                                    str(uuid.uuid4()))
    assert receipt["size"] == len(STILL)
    assert client.investigation(investigation_id)["state"] == "complete"
    assert client.create_investigation(body, key).replayed
    assert client.service()["training"] is True


def test_practice_mode_sends_only_to_loopback_addresses():
    for url in ("http://records.example", "https://localhost:8765", "http://10.1.2.3:8765",
                "http://user:pw@127.0.0.1:8765", "ftp://127.0.0.1"):
        with pytest.raises(EndpointRefused, match="only to the practice records server on this computer"):
            practice_endpoint(url, PRACTICE_TOKEN)
    assert practice_endpoint("http://127.0.0.1:8765/", "t").url == "http://127.0.0.1:8765"
    assert practice_endpoint("http://[::1]:8765", "t").host == "::1"


def test_a_practice_client_refuses_at_the_moment_of_sending_too(body):
    # Built by hand, past the checks in practice_endpoint: the client itself
    # still refuses before any connection is made (192.0.2.1 would hang).
    stray = RecordsClient(RecordsEndpoint("http://192.0.2.1:9", lambda: "t", practice=True, connect_timeout=30))
    try:
        with pytest.raises(DeliveryPaused, match="Practice mode stopped a request"):
            stray.create_investigation(body, str(uuid.uuid4()))
    finally:
        stray.close()


def test_practice_mode_ignores_proxy_settings(client, monkeypatch):
    # A proxy would carry the request off this computer; this one does not exist.
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("http_proxy", "http://127.0.0.1:9")
    assert client.service()["training"] is True


def test_an_expired_token_pauses_delivery_with_the_servers_words(server, client):
    server.set_faults("token=expired")
    with pytest.raises(DeliveryPaused) as paused:
        client.service()
    assert "access token for the records system has expired" in paused.value.message
    assert "renew" in paused.value.message and "Retry now" in paused.value.message


def test_a_refused_case_carries_the_records_systems_own_message(client, body):
    broken = json.loads(body)
    broken["persons"][0]["date_of_birth"] = "not a date"
    with pytest.raises(CaseRefused) as refused:
        client.create_investigation(json.dumps(broken).encode(), str(uuid.uuid4()))
    assert "(422)" in refused.value.message and "/persons/0/date_of_birth" in refused.value.message


def test_server_errors_and_time_outs_are_temporary(server, client, body):
    server.set_faults("error=1,retry_after=7")
    answers = set()
    for _ in range(12):
        with pytest.raises(TemporaryFailure) as failure:
            client.service()
        answers.add(failure.value.retry_after)
    assert answers == {None, 7.0}  # 500 has no Retry-After; 503 asks for 7 s
    server.set_faults("timeout=1,hang=1")
    with pytest.raises(TemporaryFailure, match="did not answer within 0.25 seconds"):
        client.create_investigation(body, str(uuid.uuid4()))
    server.set_faults("conflict=1,retry_after=0")
    with pytest.raises(TemporaryFailure, match="409") as busy:
        client.create_investigation(body, str(uuid.uuid4()))
    assert busy.value.retry_after == 0
    server.set_faults("drop=1")
    with pytest.raises(TemporaryFailure, match="lost before its answer arrived"):
        client.service()


def test_retry_after_is_read_on_the_servers_clock(server, client):
    server.set_faults("error=1,retry_after=5,clock=86400")
    asked = set()
    for _ in range(12):
        with pytest.raises(TemporaryFailure) as failure:
            client.service()
        asked.add(failure.value.retry_after)
    asked.discard(None)  # the 500s
    (seconds,) = asked
    assert 3 <= seconds <= 6  # not a day


def test_a_server_that_cannot_be_reached_is_offline(tmp_path):
    with PracticeServerThread(tmp_path / "gone.sqlite3") as gone:
        url = gone.url
    stopped = RecordsClient(practice_endpoint(url, PRACTICE_TOKEN))
    try:
        with pytest.raises(TemporaryFailure) as failure:
            stopped.service()
        assert failure.value.reachable is False and "could not be reached" in failure.value.message
    finally:
        stopped.close()


@pytest.mark.parametrize(("fault", "says"), [
    ("malformed=1", "not readable JSON"),
    ("off_contract=1", "breaks the agreed contract ((whole answer): \"crime_reference\" is a required"),
])
def test_a_success_that_breaks_the_contract_is_not_believed(server, client, body, fault, says):
    server.set_faults(fault)
    with pytest.raises(CaseRefused) as refused:
        client.create_investigation(body, str(uuid.uuid4()))
    assert says in refused.value.message
