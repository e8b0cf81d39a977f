"""The practice workstation as one would run it: it starts the practice records
server and link service itself, and delivers a queued case exactly once."""

from __future__ import annotations

import signal
import sqlite3
import subprocess

import pytest

from rvr_desktop.casework.policy_in_force import policy_for
from rvr_desktop.casework.starting import headline_of
from rvr_desktop.settings import Mode, Settings
from rvr_desktop.store.case_store import CaseStore
from rvr_desktop.store.outbox import OutboxState
from rvr_desktop.sync.submission import submit_case
from rvr_desktop.training.specimen_cases import CaseBuilder


@pytest.mark.slow
def test_practice_workstation_delivers_a_submitted_case_to_its_practice_records_server(data_dir,
                                                                                       workstation_process):
    settings = Settings(Mode.PRACTICE, data_dir, "practice:tester")
    case = CaseBuilder(policy_for(settings)).submitted()
    # A live configuration beside the practice data changes nothing: practice
    # delivers only to its own records server on loopback.
    data_dir.mkdir(mode=0o700)
    (data_dir / "live.toml").write_text('[officer]\nid = "PC 1"\nname = "A Officer"\n'
                                        '[records]\nurl = "https://records.force.example/v1"\ntoken_url = "https://login.force.example/oauth2/token"\nclient_id = "rvr-ws-1"\n'
                                        '[links]\nurl = "https://links.force.example"\n')
    store = CaseStore(data_dir, settings.officer)
    store.cases.create(case.to_dict(), headline_of(case), case.case_id)
    submit_case(store, case.case_id, case, policy_for(settings), officer=settings.officer, training=True)
    store.close()

    workstation = workstation_process()
    workstation.wait_for("outbox worker started against the practice records server", timeout=90)
    workstation.wait_for("outbox entry 1 delivered")
    assert workstation.stop() == 0, workstation.transcript()

    store = CaseStore(data_dir, "auditor")
    try:
        delivery = store.outbox.deliveries()[case.case_id]
        disclosures = [e for e in store.audit.entries() if e.action == "disclosure"]
        assert store.audit.verify().ok
    finally:
        store.close()
    assert delivery.state is OutboxState.DELIVERED
    assert delivery.crime_reference
    assert len(disclosures) == 1 and disclosures[0].record == f"case:{case.case_id}"
    # The practice services were children of the workstation and went with it.
    leftovers = subprocess.run(["pgrep", "-f", f"records-server --data-dir {data_dir}"], capture_output=True)
    assert leftovers.returncode == 1, leftovers.stdout


def _queue_cases(data_dir, settings, count: int) -> list[str]:
    policy = policy_for(settings)
    store = CaseStore(data_dir, settings.officer)
    ids = []
    try:
        for _ in range(count):
            case = CaseBuilder(policy).submitted()
            store.cases.create(case.to_dict(), headline_of(case), case.case_id)
            submit_case(store, case.case_id, case, policy, officer=settings.officer, training=True)
            ids.append(case.case_id)
    finally:
        store.close()
    return ids


@pytest.mark.slow
def test_killing_the_workstation_mid_queue_loses_nothing_and_sends_nothing_twice(data_dir, workstation_process):
    settings = Settings(Mode.PRACTICE, data_dir, "practice:tester")
    count = 40
    ids = _queue_cases(data_dir, settings, count)

    first = workstation_process()
    first.wait_for("outbox entry 3 delivered", timeout=90)
    first.stop(signal.SIGKILL)  # a power cut, as far as the workstation knows

    store = CaseStore(data_dir, "auditor")
    try:
        delivered_before = sum(d.state is OutboxState.DELIVERED for d in store.outbox.deliveries().values())
    finally:
        store.close()
    assert 3 <= delivered_before < count, "the kill did not land mid-queue"

    second = workstation_process()
    second.wait_for(f"outbox entry {count} delivered", timeout=120)
    assert second.stop() == 0, second.transcript()

    store = CaseStore(data_dir, "auditor")
    try:
        deliveries = store.outbox.deliveries()
        assert store.audit.verify().ok
    finally:
        store.close()
    assert {case_id: d.state for case_id, d in deliveries.items()} == {i: OutboxState.DELIVERED for i in ids}
    records = sqlite3.connect(data_dir.parent / "practice-records-server" / "records.sqlite3")
    try:
        rows = records.execute("SELECT case_id, count(*) FROM investigations GROUP BY case_id").fetchall()
    finally:
        records.close()
    assert sorted(rows) == sorted((i, 1) for i in ids), "a case is missing or was created twice"
    assert {d.crime_reference for d in deliveries.values()} == set(
        r for r in _crime_references(data_dir))


def _crime_references(data_dir):
    records = sqlite3.connect(data_dir.parent / "practice-records-server" / "records.sqlite3")
    try:
        return [r[0] for r in records.execute("SELECT crime_reference FROM investigations")]
    finally:
        records.close()
