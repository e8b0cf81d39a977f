"""Killing the workstation while it delivers, again and again, loses no case
and creates none twice: each restart picks up where the last one died."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest
from rvr_desktop.records_server.launch import launch_practice_server
from rvr_desktop.records_server.records import investigations_by_case
from rvr_desktop.store.case_store import CaseStore
from rvr_desktop.store.outbox import OutboxState
from rvr_desktop.workflow.policy import load_policy
from tests.conftest import REPO
from tests.unit.records.records_cases import submit_stored_case

CASES = 40
KILLS = 4

# What the workstation runs for delivery: the store thread and the outbox
# worker. It prints a line per delivery and "all delivered" at the end.
DELIVERER = """
import os, sys, threading
from pathlib import Path
from rvr_desktop.store.worker import StoreThread
from rvr_desktop.sync.backoff import RetryPolicy
from rvr_desktop.sync.client import RecordsClient
from rvr_desktop.sync.endpoint import practice_endpoint
from rvr_desktop.sync.worker import OutboxWorker
from rvr_desktop.workflow.policy import load_policy

store = StoreThread()
store.open(Path(sys.argv[1]), "PC 1234").result()
client = RecordsClient(practice_endpoint(sys.argv[2], os.environ["RECORDS_TOKEN"], read_timeout=2))
finished = threading.Event()

def case(delivery):
    if delivery.state == "delivered":
        print("delivered", delivery.case_id, flush=True)

def status(status):
    if status.online and status.waiting == 0:
        finished.set()

worker = OutboxWorker(store, client, load_policy(), officer="PC 1234", training=True, on_case=case,
                      on_status=status, retry=RetryPolicy(first_delay=0.01, longest_delay=0.1))
print("ready", flush=True)
worker.start()
finished.wait(120)
worker.stop()
store.shutdown()
print("all delivered", flush=True)
"""


@pytest.mark.slow
def test_killing_the_workstation_mid_queue_loses_nothing_and_sends_nothing_twice(data_dir, tmp_path):
    policy = load_policy()
    store = CaseStore(data_dir, "PC 1234")
    rng = random.Random(7)
    ids = [submit_stored_case(store, policy, exhibits=2, size=20_000, rng=rng) for _ in range(CASES)]
    store.close()
    # Latency keeps each delivery in flight long enough for a kill to land mid-exchange.
    server = launch_practice_server(tmp_path / "server-data", faults="latency=0.005-0.02,seed=3")
    delivered: list[str] = []
    runs: list[int] = []  # deliveries per run of the workstation
    try:
        for kill in range(KILLS + 1):
            proc = subprocess.Popen([sys.executable, "-c", DELIVERER, str(data_dir), server.url], cwd=REPO,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                    env={**os.environ, "RECORDS_TOKEN": server.token})
            assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
            if kill < KILLS:
                time.sleep(rng.uniform(0.3, 0.8))
                proc.send_signal(signal.SIGKILL)
                out, _ = proc.communicate(timeout=30)
            else:
                out, err = proc.communicate(timeout=120)
                assert proc.returncode == 0 and "all delivered" in out, err[-3000:]
            this_run = [line.split()[1] for line in out.splitlines() if line.startswith("delivered ")]
            runs.append(len(this_run))
            delivered += this_run
    finally:
        server.stop()

    print("deliveries per run:", runs)
    assert runs[-1] > 0, "the queue was empty before the last kill: the kills proved nothing"
    # A kill can land between a delivery being recorded and its line being
    # printed, so the lines may miss one; they must never repeat one.
    assert len(delivered) == len(set(delivered)), "a case was delivered twice"
    assert CASES - KILLS <= len(delivered) <= CASES
    filed = investigations_by_case(tmp_path / "practice-records-server" / "records.sqlite3")
    assert set(filed) == set(ids)
    assert {len(found) for found in filed.values()} == {1}, "a case was created twice"
    assert all(len(found[0]["files"]) == 2 for found in filed.values())
    store = CaseStore(data_dir, "PC 1234")
    try:
        deliveries = store.outbox.deliveries()
        assert {d.state for d in deliveries.values()} == {OutboxState.DELIVERED}
        assert sum(d.attempts for d in deliveries.values()) >= CASES
        assert store.audit.verify().ok
        assert len([e for e in store.audit.entries() if e.action == "disclosure"]) == CASES
    finally:
        store.close()
