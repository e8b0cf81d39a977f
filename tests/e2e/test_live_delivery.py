"""The workstation started in live mode from its live.toml delivers a submitted case to a force's records API
as a force runs one: over TLS from the force's own authority, with access tokens from the force's token
endpoint for the workstation's client id and the secret IT put in the keyring."""

from __future__ import annotations

import pytest

from rvr_desktop.casework.policy_in_force import policy_for
from rvr_desktop.casework.starting import headline_of
from rvr_desktop.records_server.records import investigations_by_case
from rvr_desktop.settings import Mode, load_settings
from rvr_desktop.store.case_store import CaseStore
from rvr_desktop.store.outbox import OutboxState
from rvr_desktop.sync.submission import submit_case
from rvr_desktop.training.specimen_cases import CaseBuilder
from tests.helpers.force_records import force_records

pytestmark = pytest.mark.slow

LIVE_OFFICER = '[officer]\nid = "PC 4821"\nname = "Jo Live"\n[links]\nurl = "https://links.force.example"\n'


def test_a_live_workstation_delivers_a_submitted_case_once_with_a_token_from_the_forces_endpoint(
        data_dir, workstation_process, tmp_path):
    with force_records(tmp_path / "force") as force:
        data_dir.mkdir(mode=0o700)
        (data_dir / "live.toml").write_text(LIVE_OFFICER + force.live_toml())
        settings = load_settings(Mode.LIVE, data_dir)
        case = CaseBuilder(policy_for(settings)).submitted()
        store = CaseStore(data_dir, settings.officer)
        store.cases.create(case.to_dict(), headline_of(case), case.case_id)
        submit_case(store, case.case_id, case, policy_for(settings), officer=settings.officer, training=False)
        store.close()

        workstation = workstation_process("--mode", "live")
        workstation.wait_for("outbox worker started against the records system", timeout=90)
        workstation.wait_for("outbox entry 1 delivered")
        assert workstation.stop() == 0, workstation.transcript()
        assert force.server.issuer.issued_count == 1

    [filed] = investigations_by_case(force.server.database)[case.case_id]  # exactly once
    assert filed["request"]["source"]["submitted_by"] == "PC 4821"
    assert filed["request"]["source"]["training"] is False
    store = CaseStore(data_dir, "auditor")
    try:
        delivery = store.outbox.deliveries()[case.case_id]
    finally:
        store.close()
    assert delivery.state is OutboxState.DELIVERED and delivery.crime_reference == filed["crime_reference"]
