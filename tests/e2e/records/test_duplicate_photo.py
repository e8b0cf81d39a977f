"""The duplicate-photo case delivers: a caller who sends one photo twice gives
one exhibit, and a case an earlier release left stuck on it (two exhibits with
one SHA-256, refused by the records system) is mended when the workstation
starts. Both arrive at the real practice records server exactly once."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest

from rvr_desktop.casework.policy_in_force import policy_for
from rvr_desktop.casework.starting import headline_of
from rvr_desktop.records_server.records import investigations_by_case
from rvr_desktop.records_server.serve import PRACTICE_TOKEN, PracticeServerThread
from rvr_desktop.settings import Mode, Settings
from rvr_desktop.store.case_store import CaseStore
from rvr_desktop.store.outbox import OutboxState
from rvr_desktop.sync.client import RecordsClient
from rvr_desktop.sync.endpoint import practice_endpoint
from rvr_desktop.sync.submission import submit_case
from rvr_desktop.training.specimen_cases import CALL_AT, CaseBuilder
from rvr_desktop.workflow import actions
from rvr_desktop.workflow.exhibits import file_exhibit
from rvr_desktop.workflow.steps import Step
from tests.unit.records.records_cases import filed_as_before_repeats_were_recognised, refused_once, submit_stored_case

OLD_PHOTO = b"\xff\xd8sent twice to an earlier release\xff\xd9"
NEW_PHOTO = b"\xff\xd8sent twice today\xff\xd9"


@pytest.mark.slow
def test_the_duplicate_photo_case_delivers(data_dir, workstation_process):
    settings = Settings(Mode.PRACTICE, data_dir, "practice:tester")
    policy = policy_for(settings)
    records_file = data_dir.parent / "practice-records-server" / "records.sqlite3"
    store = CaseStore(data_dir, settings.officer)
    try:
        # An earlier release filed the photo twice; its records system refused the case.
        with filed_as_before_repeats_were_recognised():
            stuck = submit_stored_case(store, policy, contents=[OLD_PHOTO, OLD_PHOTO])
        with PracticeServerThread(records_file) as server:
            client = RecordsClient(practice_endpoint(server.url, PRACTICE_TOKEN))
            try:
                refused = refused_once(store, client, stuck)
            finally:
                client.close()
        assert refused.state is OutboxState.NEEDS_ATTENTION

        # Today the second upload is recognised as the exhibit it repeats.
        case = CaseBuilder(policy).done_before(Step.REVIEW)
        for minutes in (10, 14):
            exhibit, _ = file_exhibit(case.exhibits, initials="JS", description="Photo sent by the caller",
                                      captured_by="PC 1234", captured_at=CALL_AT + timedelta(minutes=minutes),
                                      how_captured="uploaded by the caller on the call page",
                                      sha256=hashlib.sha256(NEW_PHOTO).hexdigest())
        assert len(case.exhibits) == 1 and len(exhibit.also_received) == 1
        assert actions.submit_case(case, policy, CALL_AT + timedelta(minutes=45)) is None
        store.cases.create(case.to_dict(), headline_of(case), case.case_id)
        store.files.add(case.case_id, "exhibit", "photo.jpg", "image/jpeg", NEW_PHOTO)
        submit_case(store, case.case_id, case, policy, officer=settings.officer, training=True)
    finally:
        store.close()

    workstation = workstation_process()
    workstation.wait_for("outbox entry 1 mended: 1 repeated exhibit(s) merged", timeout=90)
    workstation.wait_for("outbox entry 1 delivered")
    workstation.wait_for("outbox entry 2 delivered")
    assert workstation.stop() == 0, workstation.transcript()

    held = investigations_by_case(records_file)
    assert sorted(held) == sorted([stuck, case.case_id]), "a case is missing or another arrived"
    for case_id, photo in ((stuck, OLD_PHOTO), (case.case_id, NEW_PHOTO)):
        (investigation,) = held[case_id]  # exactly once
        (exhibit_object,) = [o for o in investigation["request"]["objects"] if o["kind"] == "exhibit"]
        assert exhibit_object["reference"] == "JS/1" and "Received again at" in exhibit_object["how_captured"]
        assert investigation["files"] == {exhibit_object["sha256"]: photo}

    store = CaseStore(data_dir, "auditor")
    try:
        deliveries = store.outbox.deliveries()
        mends = [e for e in store.audit.entries() if "JS/2 merged into JS/1" in e.justification]
        assert store.audit.verify().ok
    finally:
        store.close()
    assert {d.state for d in deliveries.values()} == {OutboxState.DELIVERED}
    assert [e.record for e in mends] == [f"case:{stuck}"]
