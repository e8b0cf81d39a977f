"""The practice workstation as one would run it: it starts the practice records
server and link service itself, and delivers a queued case exactly once."""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest

from rvr_desktop.app import policy_for
from rvr_desktop.settings import Mode, Settings
from rvr_desktop.store.case_store import CaseStore
from rvr_desktop.store.outbox import OutboxState
from rvr_desktop.sync.submission import submit_case
from rvr_desktop.ui.case_session import headline_of
from rvr_desktop.workflow.steps import Step
from tests.conftest import REPO
from tests.e2e.test_workstation_process import _wait_for_line
from tests.unit.workflow.workflow_cases import CaseBuilder


@pytest.mark.slow
def test_practice_workstation_delivers_a_submitted_case_to_its_practice_records_server(data_dir):
    settings = Settings(Mode.PRACTICE, data_dir, "practice:tester")
    case = CaseBuilder(policy_for(settings)).submitted()
    store = CaseStore(data_dir, settings.officer)
    store.cases.create(case.to_dict(), headline_of(case), case.case_id)
    submit_case(store, case.case_id, case, policy_for(settings), officer=settings.officer, training=True)
    store.close()

    proc = subprocess.Popen([sys.executable, "-m", "rvr_desktop", "--data-dir", str(data_dir), "--log-level", "INFO"],
                            cwd=REPO, stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    seen: list[str] = []
    try:
        _wait_for_line(proc, "outbox worker started against the practice records server", seen, timeout=90)
        _wait_for_line(proc, "outbox entry 1 delivered", seen, timeout=60)
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    seen.append(err)
    assert proc.returncode == 0, "".join(seen)

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
