"""Two hundred cases with exhibits through a records system that fails 30% of
the time: errors, time-outs and answers dropped after it committed. Once it
heals, every case is there exactly once, with every exhibit intact, and the
outbox is empty."""

from __future__ import annotations

import hashlib
import random
import time

import pytest
from records_cases import submit_stored_case, wait_until

from rvr_desktop.records_server.records import investigations_by_case
from rvr_desktop.store.outbox import OutboxState
from rvr_desktop.sync.backoff import RetryPolicy
from rvr_desktop.sync.worker import OutboxWorker

CASES = 200
FAULTS = "error=0.15,timeout=0.05,drop=0.10,hang=0.3,retry_after=0,latency=0-0.002,seed=20261127"


@pytest.mark.slow
def test_every_case_arrives_exactly_once_through_faults(store, server, client, policy):
    rng = random.Random(11)

    def submit_all(s):
        return [submit_stored_case(s, policy, exhibits=2, size=3000, rng=rng) for _ in range(CASES)]

    ids = store.submit(submit_all).result()
    server.set_faults(FAULTS)

    def summary():
        return store.submit(lambda s: s.outbox.summary()).result()

    worker = OutboxWorker(store, client, policy, officer="PC 1234", training=True, rng=random.Random(3),
                          retry=RetryPolicy(first_delay=0.005, longest_delay=0.05, tries_per_step=3))
    started = time.monotonic()
    worker.start()
    try:
        # Most of the queue goes through the faults; then the records system heals.
        wait_until(lambda: summary().delivered >= CASES * 3 // 4, timeout=90, every=0.1)
        server.set_faults("")
        wait_until(lambda: summary().delivered == CASES, timeout=60, every=0.1)
    finally:
        assert worker.stop(10)
    took = time.monotonic() - started

    deliveries = store.submit(lambda s: s.outbox.deliveries()).result()
    assert {d.state for d in deliveries.values()} == {OutboxState.DELIVERED}
    assert sum(d.attempts for d in deliveries.values()) > CASES, "no fault ever made a case try again"
    filed = investigations_by_case(server.database)
    assert set(filed) == set(ids)
    assert {len(found) for found in filed.values()} == {1}, "a case was created twice"
    for case_id in ids:
        (investigation,) = filed[case_id]
        assert investigation["crime_reference"] == deliveries[case_id].crime_reference
        sent = {o["sha256"] for o in investigation["request"]["objects"] if o["kind"] == "exhibit"}
        held = investigation["files"]
        assert set(held) == sent and len(sent) == 2
        assert all(hashlib.sha256(content).hexdigest() == sha for sha, content in held.items())
    audit = store.submit(lambda s: (s.audit.verify(), [e for e in s.audit.entries() if e.action == "disclosure"]))
    verdict, disclosures = audit.result()
    assert verdict.ok and len(disclosures) == CASES
    print(f"{CASES} cases through faults in {took:.1f} s")
