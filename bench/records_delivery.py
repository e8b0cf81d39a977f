"""Delivering the outbox: 1,000 submitted cases, each with two 200 KB exhibits,
from the encrypted store to the practice records server on loopback.

Target: at least 50 cases a second. Baseline in the same run: the same HTTP
exchanges per case (create, two uploads, status) sent straight from memory
by a bare requests session, with no store, outbox, audit or contract checks,
to the same server process: the floor set by the server and the network.

Run with `bench/run records_delivery` (a throw-away keyring, like the tests).
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

import requests
from common import machine, verdict

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from rvr_desktop.records_server.launch import launch_practice_server  # noqa: E402
from rvr_desktop.store.case_files import CaseFileKind  # noqa: E402
from rvr_desktop.store.cases import CaseHeadline  # noqa: E402
from rvr_desktop.store.worker import StoreThread  # noqa: E402
from rvr_desktop.sync.client import RecordsClient  # noqa: E402
from rvr_desktop.sync.endpoint import practice_endpoint  # noqa: E402
from rvr_desktop.sync.pole import Submission, investigation_from_case  # noqa: E402
from rvr_desktop.sync.submission import submit_case  # noqa: E402
from rvr_desktop.sync.worker import OutboxWorker  # noqa: E402
from rvr_desktop.training.specimen_cases import finished_case  # noqa: E402
from rvr_desktop.workflow.outcome import CaseStatus  # noqa: E402
from rvr_desktop.workflow.policy import load_policy  # noqa: E402

CASES = 1000
BASELINE_CASES = 300
EXHIBIT_BYTES = 200 * 1024


def submit_cases(store: StoreThread, policy, rng: random.Random, count: int = CASES) -> None:
    def submit_one(s) -> None:
        contents = [rng.randbytes(EXHIBIT_BYTES) for _ in range(2)]
        case = finished_case(policy, contents)
        stored = s.cases.create(case.to_dict(), CaseHeadline(case.intake.incident_reference, "", CaseStatus.DRAFT))
        for exhibit, content in zip(case.exhibits, contents):
            s.files.add(stored.case_id, CaseFileKind.EXHIBIT, exhibit.file_name, "image/jpeg", content)
        submit_case(s, stored.case_id, case, policy, officer="bench", training=True)

    for _ in range(count):
        store.submit(submit_one).result()


def baseline(url: str, token: str, policy, rng: random.Random) -> float:
    """Cases per second for the bare exchanges, bodies built before the clock starts."""
    headers = {"Authorization": f"Bearer {token}"}
    prepared = []
    for n in range(BASELINE_CASES):
        contents = [rng.randbytes(EXHIBIT_BYTES) for _ in range(2)]
        case = finished_case(policy, contents)
        body = investigation_from_case(case, policy, Submission(f"baseline-{n}", "bench", case.created_at, True, "0"))
        prepared.append((json.dumps(body).encode(), [(hashlib.sha256(c).hexdigest(), c) for c in contents]))
    session = requests.Session()
    started = time.perf_counter()
    for body, exhibits in prepared:
        made = session.post(f"{url}/v1/investigations", data=body, timeout=30,
                            headers={**headers, "Idempotency-Key": str(uuid.uuid4()),
                                     "Content-Type": "application/json"}).json()
        for sha, content in exhibits:
            session.put(f"{url}/v1/investigations/{made['investigation_id']}/exhibits/{sha}", data=content,
                        timeout=30, headers={**headers, "Idempotency-Key": str(uuid.uuid4()),
                                             "Content-Type": "image/jpeg"}).raise_for_status()
        assert session.get(f"{url}/v1/investigations/{made['investigation_id']}", headers=headers,
                           timeout=30).json()["state"] == "complete"
    took = time.perf_counter() - started
    session.close()
    return BASELINE_CASES / took


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="rvr-bench-delivery-"))
    policy = load_policy()
    rng = random.Random(20261128)
    store = StoreThread()
    store.open(work / "data", "bench").result()
    print(f"machine: {machine()}")
    started = time.perf_counter()
    submit_cases(store, policy, rng)
    print(f"set-up: {CASES} cases with two {EXHIBIT_BYTES // 1024} KB exhibits submitted in "
          f"{time.perf_counter() - started:.1f} s (not timed)")
    server = launch_practice_server(work / "server-data")
    try:
        floor = baseline(server.url, server.token, policy, rng)
        client = RecordsClient(practice_endpoint(server.url, server.token))
        worker = OutboxWorker(store, client, policy, officer="bench", training=True, check_every=3600)
        started = time.perf_counter()
        worker.start()
        while store.submit(lambda s: s.outbox.summary()).result().delivered < CASES:
            time.sleep(0.05)
        took = time.perf_counter() - started
        worker.stop()
        client.close()
    finally:
        server.stop()
        store.shutdown()
    rate = CASES / took
    print(f"outbox delivery, encrypted store to practice server: {rate:.0f} cases/s "
          f"({CASES} cases in {took:.1f} s; target >= 50: {verdict(rate >= 50)})")
    print(f"baseline, the same exchanges from memory with bare requests: {floor:.0f} cases/s "
          f"({BASELINE_CASES} cases)")
    print(f"ratio outbox / baseline: {rate / floor:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
