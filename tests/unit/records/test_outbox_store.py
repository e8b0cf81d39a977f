"""The outbox in the encrypted store: submitting, states, recovery, retention."""

from __future__ import annotations

import json
import random
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import keyring
import pytest
from records_cases import submit_stored_case

from rvr_desktop.store.case_files import CaseFileKind
from rvr_desktop.store.case_store import CaseStore
from rvr_desktop.store.cases import CaseHeadline
from rvr_desktop.store.outbox import AlreadySubmitted, ExhibitFilesMissing, OutboxState
from rvr_desktop.training.specimen_cases import finished_case

FIXTURES = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture
def opened(data_dir):
    store = CaseStore(data_dir, "PC 1234")
    yield store
    store.close()


def test_submitting_saves_the_case_queues_it_and_logs_it_in_one_go(opened, policy):
    case_id = submit_stored_case(opened, policy, rng=random.Random(1))
    last = list(opened.audit.entries())[-1]
    assert last.action == "alteration" and "(submitted to outbox)" in last.fields
    assert "headline.status" in last.fields
    summary = opened.cases.list_cases()[0]
    assert summary.headline.status == "submitted"
    delivery = opened.outbox.delivery_of(case_id)
    assert delivery.state is OutboxState.QUEUED and delivery.attempts == 0 and delivery.crime_reference == ""
    item = opened.outbox.next_due(datetime.now(UTC) + timedelta(seconds=1))
    assert item.case_id == case_id and item.payload["outcome"]["kind"] == "submitted"
    assert len(item.idempotency_key) == 36
    assert opened.outbox.summary().waiting == 1


def test_a_case_is_submitted_once_and_only_with_its_exhibit_files(opened, policy):
    case_id = submit_stored_case(opened, policy)
    with pytest.raises(AlreadySubmitted):
        opened.outbox.submit(case_id, opened.outbox.next_due(datetime.now(UTC)).payload)

    case = finished_case(policy, [b"a photograph"])
    stored = opened.cases.create(case.to_dict(), CaseHeadline("INC-9", "", "draft"))
    before = list(opened.audit.entries())
    with pytest.raises(ExhibitFilesMissing, match="no stored file for exhibit JS/1.*kept as a draft"):
        opened.outbox.submit(stored.case_id, case.to_dict())
    # Nothing changed: still a draft, nothing queued, nothing logged.
    assert opened.outbox.delivery_of(stored.case_id) is None
    assert opened.cases.open_case(stored.case_id).summary.headline.status == "draft"
    assert list(opened.audit.entries())[: len(before)] == before and len(list(opened.audit.entries())) == len(
        before) + 1  # the consultation just made


def test_a_case_waiting_in_the_outbox_cannot_be_erased_by_accident(opened, policy):
    case_id = submit_stored_case(opened, policy)
    with pytest.raises(Exception, match="FOREIGN KEY"):
        opened.cases.erase(case_id, "tidying up")
    assert opened.outbox.delivery_of(case_id) is not None


def test_states_retry_and_recovery(opened, policy):
    first = submit_stored_case(opened, policy)
    second = submit_stored_case(opened, policy)
    now = datetime.now(UTC) + timedelta(seconds=1)
    item = opened.outbox.next_due(now)
    assert item.case_id == first  # oldest first
    filing = item.request_body
    assert json.loads(filing)["source"]["case_id"] == first  # made when it was submitted
    sending = opened.outbox.start_sending(item.seq, filing)
    assert sending.state is OutboxState.SENDING and sending.attempts == 1
    # A crash now leaves it 'sending'; the next start puts it back first in line.
    assert opened.outbox.recover_interrupted() == 1
    again = opened.outbox.next_due(now)
    assert again.case_id == first and again.request_body == filing
    opened.outbox.start_sending(again.seq, '{"body": "different"}')
    assert opened.outbox.next_due(now).case_id == second  # the first is being sent
    later = now + timedelta(minutes=5)
    waiting = opened.outbox.record_retry(again.seq, "The records system did not answer.", later)
    assert waiting.state is OutboxState.QUEUED and waiting.last_error.startswith("The records system")
    assert opened.outbox.next_due(now).case_id == second
    assert opened.outbox.next_attempt_time() <= now
    refused = opened.outbox.record_needs_attention(opened.outbox.next_due(now).seq, "Refused: a field is wrong.")
    assert refused.state is OutboxState.NEEDS_ATTENTION
    assert opened.outbox.next_due(now) is None
    assert opened.outbox.summary().needs_attention == 1
    assert opened.outbox.retry_now(second) == 1
    assert opened.outbox.next_due(now).case_id == second
    assert opened.outbox.retry_now() == 2
    assert opened.outbox.next_due(now).case_id == first
    # The body first kept is the body sent for ever after.
    assert opened.outbox.next_due(now).request_body == filing


def test_an_entry_without_a_filing_gets_one_at_its_first_attempt(opened, policy):
    case = finished_case(policy, [])
    stored = opened.cases.create(case.to_dict(), CaseHeadline("INC-5", "", "draft"))
    opened.outbox.submit(stored.case_id, case.to_dict())
    item = opened.outbox.next_due(datetime.now(UTC) + timedelta(seconds=1))
    assert item.request_body is None
    opened.outbox.start_sending(item.seq, '{"made": "now"}')
    opened.outbox.start_sending(item.seq, '{"made": "again"}')
    assert opened.outbox.recover_interrupted() == 1
    assert opened.outbox.next_due(datetime.now(UTC) + timedelta(seconds=1)).request_body == '{"made": "now"}'


def test_delivery_is_a_disclosure_and_retention_erases_without_keeping_values(opened, policy):
    case_id = submit_stored_case(opened, policy)
    item = opened.outbox.next_due(datetime.now(UTC) + timedelta(seconds=1))
    opened.outbox.start_sending(item.seq, "{}")
    delivered_at = datetime(2026, 1, 1, 12, tzinfo=UTC)
    delivery = opened.outbox.record_delivered(item.seq, "PRAC/2026/000001", "inv-1", recipient="practice server",
                                              fields=("event", "persons"), now=delivered_at)
    assert delivery.state is OutboxState.DELIVERED and delivery.crime_reference == "PRAC/2026/000001"
    disclosure = list(opened.audit.entries())[-1]
    assert disclosure.action == "disclosure" and disclosure.recipient == "practice server"
    assert "PRAC/2026/000001" in disclosure.justification and disclosure.fields == ("event", "persons")

    keep = timedelta(days=7)
    assert opened.outbox.erase_after_retention(keep, now=delivered_at + timedelta(days=6)) == []
    assert opened.outbox.erase_after_retention(keep, now=delivered_at + timedelta(days=7)) == [case_id]
    assert opened.outbox.delivery_of(case_id) is None
    assert opened.cases.list_cases() == []
    assert opened._conn.execute("SELECT count(*) FROM case_files").fetchone()[0] == 0
    erasure = [e for e in opened.audit.entries() if e.action == "erasure"]
    assert len(erasure) == 1 and erasure[0].record == f"case:{case_id}"
    assert "7 days after delivery" in erasure[0].justification
    assert "PRAC/2026" not in erasure[0].justification + " ".join(erasure[0].fields)
    assert opened.audit.verify().ok


def test_the_released_schema_2_database_keeps_its_outbox_and_files(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(FIXTURES / "schema-v2", folder)
    key_hex = (folder / "test-key.hex").read_text().strip()
    (folder / "test-key.hex").unlink()
    folder_id = json.loads((folder / "rvr-folder.json").read_text())["folder_id"]
    keyring.set_password("rvr-desktop", f"database-key/{folder_id}", key_hex)
    store = CaseStore(folder, "officer")
    try:
        (delivery,) = store.outbox.deliveries().values()
        assert delivery.state is OutboxState.QUEUED
        (file,) = store.files.list_for_case(delivery.case_id)
        # Stored before the kinds were a fixed list, and still found under the vocabulary's word.
        assert store.files.list_for_case(delivery.case_id, CaseFileKind.EXHIBIT) == [file]
        _, content = store.files.get(file.file_id)
        assert content == b"\xff\xd8fixture still\xff\xd9"
        assert store.audit.verify().ok
    finally:
        store.close()
