"""The practice records server keeps the contract: idempotency, digests, problem
details, authentication and faults, seen by a plain HTTP client."""

from __future__ import annotations

import hashlib
import json
import threading
import time
import uuid
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import pytest
import requests

from rvr_desktop.records_server.faults import FaultSpecError, parse_faults
from rvr_desktop.records_server.records import investigations_by_case
from rvr_desktop.records_server.serve import PRACTICE_TOKEN, NotLoopback, require_loopback
from rvr_desktop.sync.pole import Submission, investigation_from_case
from rvr_desktop.training.specimen_cases import finished_case

AUTH = {"Authorization": f"Bearer {PRACTICE_TOKEN}"}
STILL = b"\xff\xd8 a still of the bruising \xff\xd9"


@pytest.fixture
def request_body(policy) -> dict:
    case = finished_case(policy, [STILL])
    return investigation_from_case(case, policy, Submission("case-1", "PC 1234", datetime.now(UTC), True, "0.1.0"))


def _create(server, body: dict, key: str | None = None, **kwargs) -> requests.Response:
    headers = {**AUTH, "Idempotency-Key": key or str(uuid.uuid4())}
    return requests.post(f"{server.url}/v1/investigations", json=body, headers=headers, timeout=5, **kwargs)


def _upload(server, investigation_id: str, sha256: str, content: bytes, key: str | None = None):
    headers = {**AUTH, "Idempotency-Key": key or str(uuid.uuid4()), "Content-Type": "image/jpeg"}
    return requests.put(f"{server.url}/v1/investigations/{investigation_id}/exhibits/{sha256}", data=content,
                        headers=headers, timeout=5)


def test_an_investigation_is_created_once_per_key_and_exhibits_are_checked(server, request_body):
    key = str(uuid.uuid4())
    first = _create(server, request_body, key)
    assert first.status_code == 201, first.text
    made = first.json()
    assert made["crime_reference"].startswith("PRAC/") and made["state"] == "awaiting-exhibits"
    assert first.headers["Location"] == f"/v1/investigations/{made['investigation_id']}"
    again = _create(server, request_body, key)
    assert again.status_code == 201 and again.json() == made and again.headers["Idempotent-Replayed"] == "true"

    changed = {**request_body, "classification": "OFFICIAL"}
    reused = _create(server, changed, key)
    assert reused.status_code == 422 and reused.json()["type"] == "/problems/idempotency-key-reused"

    sha = hashlib.sha256(STILL).hexdigest()
    damaged = _upload(server, made["investigation_id"], sha, STILL[:-1])
    assert damaged.status_code == 422 and damaged.json()["type"] == "/problems/digest-mismatch"
    assert damaged.headers["Content-Type"].startswith("application/problem+json")
    stranger = hashlib.sha256(b"other").hexdigest()
    assert _upload(server, made["investigation_id"], stranger, b"other").json()["type"] == "/problems/not-an-exhibit"
    assert _upload(server, "no-such-investigation", sha, STILL).status_code == 404

    received = _upload(server, made["investigation_id"], sha, STILL)
    assert received.status_code == 201 and received.json()["size"] == len(STILL)
    assert _upload(server, made["investigation_id"], sha, STILL).status_code == 200  # already held
    status = requests.get(f"{server.url}/v1/investigations/{made['investigation_id']}", headers=AUTH, timeout=5)
    assert status.json()["state"] == "complete" and status.json()["exhibits"][0]["received"] is True

    (only,) = investigations_by_case(server.database)["case-1"]
    assert only["files"] == {sha: STILL}


def test_a_response_dropped_after_commit_is_answered_again_on_retry(server, request_body):
    key = str(uuid.uuid4())
    server.set_faults("drop=1")
    with pytest.raises(requests.ConnectionError):
        _create(server, request_body, key)
    server.set_faults("")
    retried = _create(server, request_body, key)
    assert retried.status_code == 201 and retried.headers["Idempotent-Replayed"] == "true"
    assert len(investigations_by_case(server.database)["case-1"]) == 1


def test_a_repeat_while_the_first_is_still_working_gets_409(server, request_body):
    key = str(uuid.uuid4())
    server.set_faults("timeout=1,hang=1,retry_after=0")
    answers: list[requests.Response] = []
    first = threading.Thread(target=lambda: answers.append(_create(server, request_body, key)))
    first.start()
    time.sleep(0.4)  # the first has claimed the key and is hanging for a second
    repeat = _create(server, request_body, key)
    first.join()
    assert repeat.status_code == 409 and repeat.headers["Retry-After"] == "0"
    assert answers[0].status_code == 201
    assert len(investigations_by_case(server.database)["case-1"]) == 1


@pytest.mark.parametrize(("headers", "body", "status", "kind"), [
    ({"Content-Type": "application/json"}, b'{"source": ', 400, "/problems/malformed"),
    ({"Content-Type": "application/json"}, b'{"n": NaN}', 400, "/problems/malformed"),
    ({"Content-Type": "application/json"}, b"\xff\xfe", 400, "/problems/malformed"),
    ({"Content-Type": "text/plain"}, b"{}", 415, "/problems/unsupported-media-type"),
    ({"Content-Type": "application/json"}, b" " * (1024 * 1024 + 1), 413, "/problems/too-large"),
    ({"Content-Type": "application/json"}, b"[]", 422, "/problems/contract"),
])
def test_bad_input_is_refused_with_problem_details(server, headers, body, status, kind):
    answer = requests.post(f"{server.url}/v1/investigations", data=body, timeout=5,
                           headers={**AUTH, **headers, "Idempotency-Key": str(uuid.uuid4())})
    assert answer.status_code == status
    assert answer.headers["Content-Type"].startswith("application/problem+json")
    problem = answer.json()
    assert problem["type"] == kind and problem["status"] == status and problem["title"]


def test_broken_references_are_named_by_pointer(server, request_body):
    request_body["links"].append({"from": "P1", "to": "L99", "kind": "lives-at"})
    request_body["persons"].append({"ref": "P1", "role": "witness", "name": "same ref"})
    problem = _create(server, request_body).json()
    pointers = {e["pointer"] for e in problem["errors"]}
    assert pointers == {f"/links/{len(request_body['links']) - 1}/to",
                        f"/persons/{len(request_body['persons']) - 1}/ref"}
    # Two victims break the schema itself.
    request_body["persons"][-1] = {"ref": "P9", "role": "victim", "name": "second victim"}
    assert _create(server, request_body).json()["errors"][0]["pointer"] == "/persons"


def test_writes_need_a_key_and_everything_needs_the_token(server, request_body):
    no_key = requests.post(f"{server.url}/v1/investigations", json=request_body, headers=AUTH, timeout=5)
    assert no_key.status_code == 400 and no_key.json()["type"] == "/problems/idempotency-key"
    anonymous = requests.get(f"{server.url}/v1/service", timeout=5)
    assert anonymous.status_code == 401 and anonymous.headers["WWW-Authenticate"].startswith("Bearer")
    wrong = requests.get(f"{server.url}/v1/service", headers={"Authorization": "Bearer nope"}, timeout=5)
    assert wrong.status_code == 401 and 'error="invalid_token"' in wrong.headers["WWW-Authenticate"]
    server.set_faults("token=expired")
    expired = requests.get(f"{server.url}/v1/service", headers=AUTH, timeout=5)
    assert expired.status_code == 401 and expired.json()["type"] == "/problems/token-expired"
    # The trainer can still heal it.
    healed = requests.put(f"{server.url}/practice/faults", data="", headers=AUTH, timeout=5)
    assert healed.status_code == 200
    assert requests.get(f"{server.url}/v1/service", headers=AUTH, timeout=5).status_code == 200


def test_the_server_clock_can_be_set_far_from_ours(server):
    server.set_faults("clock=86400")
    answer = requests.get(f"{server.url}/v1/service", headers=AUTH, timeout=5)
    their_time = datetime.fromisoformat(answer.json()["time"])
    assert 86000 < (their_time - datetime.now(UTC)).total_seconds() < 86800
    assert parsedate_to_datetime(answer.headers["Date"]).date() == their_time.date()


def test_fault_specifications_are_read_strictly():
    faults = parse_faults("error=0.3, drop=0.1,latency=0.01-0.02,token=expired,seed=4")
    assert faults.error == 0.3 and faults.latency_max == 0.02 and faults.token_expired
    assert parse_faults(faults.describe()) == faults
    assert parse_faults("").healthy
    for bad, says in [("error=2", "fraction"), ("errors=0.1", "not a fault"), ("drop", "name=value"),
                      ("latency=0.2-0.1", "backwards"), ("token=fresh", "expired")]:
        with pytest.raises(FaultSpecError, match=says):
            parse_faults(bad)


def test_the_server_listens_on_loopback_only():
    assert require_loopback("127.0.0.1") == "127.0.0.1" and require_loopback("::1") == "::1"
    for host in ("0.0.0.0", "192.0.2.7", "localhost", "records.example"):
        with pytest.raises(NotLoopback, match="only on this computer"):
            require_loopback(host)


def test_problem_documents_say_what_to_do(server):
    server.set_faults("error=1,retry_after=3")
    problem = requests.get(f"{server.url}/v1/service", headers=AUTH, timeout=5).json()
    assert "Nothing was done" in problem["detail"] and "tries again" in problem["detail"]
    assert json.dumps(problem)  # plain JSON
