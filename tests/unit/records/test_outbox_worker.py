"""The outbox worker with the real store, client and practice server: what the
officer sees when the records system refuses, pauses, loses or mangles things."""

from __future__ import annotations

import random
import threading

import pytest
from records_cases import submit_stored_case, wait_until

from rvr_desktop.records_server.records import investigations_by_case
from rvr_desktop.store.cases import CaseHeadline
from rvr_desktop.store.outbox import OutboxState
from rvr_desktop.sync.backoff import RetryPolicy
from rvr_desktop.sync.retention import RetentionPolicy, load_retention_policy
from rvr_desktop.sync.worker import OutboxWorker
from rvr_desktop.training.specimen_cases import finished_case

FAST = RetryPolicy(first_delay=0.01, longest_delay=0.05, tries_per_step=2)


class Seen:
    """What the worker told the workstation, in order, from its own thread."""

    def __init__(self):
        self.cases, self.statuses, self.erased = [], [], []
        self.threads = set()

    def case(self, delivery):
        self.threads.add(threading.current_thread().name)
        self.cases.append(delivery)

    def status(self, status):
        self.statuses.append(status)

    def erase(self, ids):
        self.erased += ids


@pytest.fixture
def seen():
    return Seen()


@pytest.fixture
def start_worker(store, client, policy, seen):
    workers = []

    def start(**kwargs):
        worker = OutboxWorker(store, client, policy, officer="PC 1234", training=True,
                              retry=kwargs.pop("retry", FAST), on_case=seen.case, on_status=seen.status,
                              on_erased=seen.erase, rng=random.Random(5), **kwargs)
        worker.start()
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        assert worker.stop(10)


def _deliveries(store):
    return store.submit(lambda s: s.outbox.deliveries()).result()


def _submit(store, policy, n=1, **kwargs):
    return [store.submit(lambda s: submit_stored_case(s, policy, **kwargs)).result() for _ in range(n)]


def test_cases_are_delivered_and_each_delivery_is_a_disclosure(store, server, policy, start_worker, seen):
    ids = _submit(store, policy, 3)
    worker = start_worker()
    wait_until(lambda: worker.status.waiting == 0 and worker.status.last_delivered_utc)
    deliveries = _deliveries(store)
    assert [deliveries[i].state for i in ids] == [OutboxState.DELIVERED] * 3
    assert all(deliveries[i].crime_reference.startswith("PRAC/") for i in ids)
    assert worker.status.online is True and worker.status.problem == ""
    # Each case went queued -> sending -> delivered, reported from the worker's thread.
    assert [d.state for d in seen.cases if d.case_id == ids[0]] == [OutboxState.SENDING, OutboxState.DELIVERED]
    assert seen.threads == {"records-outbox"}
    entries = store.submit(lambda s: list(s.audit.entries())).result()
    disclosures = [e for e in entries if e.action == "disclosure"]
    assert sorted(e.record for e in disclosures) == sorted(f"case:{i}" for i in ids)
    assert "exhibit file JS/1" in disclosures[0].fields and "persons" in disclosures[0].fields
    assert disclosures[0].recipient.startswith("practice records server at 127.0.0.1")
    # In submission order.
    filed = investigations_by_case(server.database)
    order = sorted(ids, key=lambda i: filed[i][0]["crime_reference"])
    assert order == ids


def test_a_refused_case_waits_for_a_person_with_the_servers_message(store, server, policy, start_worker, seen):
    server.set_faults("invalid=1")
    first, second = _submit(store, policy, 2)
    worker = start_worker()
    wait_until(lambda: worker.status.needs_attention == 2)
    refused = _deliveries(store)[first]
    assert refused.state is OutboxState.NEEDS_ATTENTION
    assert "The records system refused this request (a practice fault)" in refused.last_error
    assert "kept safe in the encrypted outbox" in refused.last_error and "Retry now" in refused.last_error
    assert investigations_by_case(server.database) == {}
    server.set_faults("")
    worker.retry_now(first)
    wait_until(lambda: _deliveries(store)[first].state is OutboxState.DELIVERED)
    assert _deliveries(store)[second].state is OutboxState.NEEDS_ATTENTION  # only the one named
    worker.retry_now()
    wait_until(lambda: worker.status.needs_attention == 0 and worker.status.waiting == 0)
    assert {k: len(v) for k, v in investigations_by_case(server.database).items()} == {first: 1, second: 1}


def test_an_answer_that_breaks_the_contract_is_set_aside_then_sent_once(store, server, policy, start_worker):
    server.set_faults("malformed=1")
    (case_id,) = _submit(store, policy)
    worker = start_worker()
    wait_until(lambda: worker.status.needs_attention == 1)
    assert "not readable JSON" in _deliveries(store)[case_id].last_error
    # The records system did create it; the retry must find it, not make another.
    assert len(investigations_by_case(server.database)[case_id]) == 1
    server.set_faults("")
    worker.retry_now()
    wait_until(lambda: _deliveries(store)[case_id].state is OutboxState.DELIVERED)
    (filed,) = investigations_by_case(server.database)[case_id]
    assert filed["crime_reference"] == _deliveries(store)[case_id].crime_reference
    assert len(filed["files"]) == 2


def test_an_expired_token_pauses_the_outbox_with_one_message(store, server, policy, start_worker):
    server.set_faults("token=expired")
    ids = _submit(store, policy, 3)
    worker = start_worker()
    wait_until(lambda: worker.status.paused)
    assert "access token for the records system has expired" in worker.status.problem
    threading.Event().wait(0.5)  # no retry loop meanwhile
    attempts = sum(d.attempts for d in _deliveries(store).values())
    assert attempts <= 1 and worker.status.paused and worker.status.waiting == 3
    server.set_faults("")
    worker.retry_now()
    wait_until(lambda: worker.status.waiting == 0 and not worker.status.paused)
    assert all(_deliveries(store)[i].state is OutboxState.DELIVERED for i in ids)


def test_an_exhibit_the_records_system_lost_is_sent_again(store, server, policy, start_worker):
    server.set_faults("lose=1")
    (case_id,) = _submit(store, policy)
    start_worker(retry=RetryPolicy(first_delay=0.3, longest_delay=0.3, tries_per_step=1))
    wait_until(lambda: _deliveries(store)[case_id].attempts >= 1
               and _deliveries(store)[case_id].state is OutboxState.QUEUED)
    assert "does not hold exhibit JS/1, JS/2" in _deliveries(store)[case_id].last_error
    server.set_faults("")
    wait_until(lambda: _deliveries(store)[case_id].state is OutboxState.DELIVERED)
    (filed,) = investigations_by_case(server.database)[case_id]
    assert len(filed["files"]) == 2


def test_a_damaged_local_exhibit_is_not_sent(store, server, policy, start_worker):
    (case_id,) = _submit(store, policy)
    store.submit(lambda s: s._conn.execute("UPDATE case_files SET content = x'00' WHERE case_id = ?",
                                           (case_id,))).result()
    worker = start_worker()
    wait_until(lambda: worker.status.needs_attention == 1)
    message = _deliveries(store)[case_id].last_error
    assert message.startswith("Exhibit JS/1: The stored file") and "cannot be used as evidence" in message
    assert investigations_by_case(server.database)[case_id][0]["files"] == {}


def test_an_unreachable_records_system_shows_offline_and_keeps_the_case(tmp_path, store, policy, seen):
    from rvr_desktop.records_server.serve import PRACTICE_TOKEN, PracticeServerThread
    from rvr_desktop.sync.client import RecordsClient
    from rvr_desktop.sync.endpoint import practice_endpoint

    with PracticeServerThread(tmp_path / "gone.sqlite3") as gone:
        url = gone.url
    client = RecordsClient(practice_endpoint(url, PRACTICE_TOKEN))
    (case_id,) = _submit(store, policy)
    worker = OutboxWorker(store, client, policy, officer="PC 1234", training=True, on_status=seen.status,
                          retry=RetryPolicy(first_delay=5, longest_delay=5, tries_per_step=1))
    worker.start()
    try:
        # The status can say "offline" from the worker's first look at the service, before its try is settled.
        wait_until(lambda: worker.status.online is False and _deliveries(store)[case_id].attempts >= 1
                   and _deliveries(store)[case_id].state is not OutboxState.SENDING)
        waiting = _deliveries(store)[case_id]
        assert waiting.state is OutboxState.QUEUED and "could not be reached" in waiting.last_error
        assert "will be sent again automatically at" in waiting.last_error
        assert worker.status.next_attempt_at is not None  # the status bar says when it tries again
    finally:
        assert worker.stop(10)
        client.close()


def test_delivered_cases_are_erased_when_their_retention_ends(store, server, policy, start_worker, seen):
    assert load_retention_policy().keep_for.days == 7
    (case_id,) = _submit(store, policy)
    worker = start_worker(retention=RetentionPolicy(keep_for=load_retention_policy().keep_for * 0),
                          check_every=0.2)
    wait_until(lambda: seen.erased == [case_id])
    assert store.submit(lambda s: s.cases.list_cases()).result() == []
    erasure = store.submit(lambda s: [e for e in s.audit.entries() if e.action == "erasure"]).result()
    assert len(erasure) == 1 and "retention period ended" in erasure[0].justification
    assert worker.status.waiting == 0


def test_an_entry_queued_without_a_filing_is_filed_by_the_worker(store, server, policy, start_worker):
    case = finished_case(policy, [])

    def queue_bare(s):
        stored = s.cases.create(case.to_dict(), CaseHeadline("INC-7", "", "draft"))
        s.outbox.submit(stored.case_id, case.to_dict())
        broken = s.cases.create({"format": 99}, CaseHeadline("INC-8", "", "draft"))
        s.outbox.submit(broken.case_id, {"format": 99})
        return stored.case_id, broken.case_id

    good, unreadable = store.submit(queue_bare).result()
    worker = start_worker()
    wait_until(lambda: worker.status.waiting == 0 and worker.status.needs_attention == 1)
    assert _deliveries(store)[good].state is OutboxState.DELIVERED
    (filed,) = investigations_by_case(server.database)[good]
    assert filed["request"]["source"]["submitted_by"] == "PC 1234"
    assert "cannot be turned into a records system filing" in _deliveries(store)[unreadable].last_error


def test_only_a_case_the_workflow_submitted_can_be_queued(store, policy):
    from rvr_desktop.sync.submission import submit_case
    from rvr_desktop.training.specimen_cases import CaseBuilder
    from rvr_desktop.workflow.steps import Step

    draft = CaseBuilder(policy).done_before(Step.REVIEW)
    with pytest.raises(ValueError, match="Only a case the workflow has submitted"):
        store.submit(lambda s: submit_case(s, "any", draft, policy, officer="PC 1", training=True)).result()


def test_an_escalation_record_is_delivered_once_with_a_crime_reference(store, server, policy, start_worker):
    from rvr_desktop.casework.submitting import Queued, submit_for_records
    from rvr_desktop.training.specimen_cases import CALL_AT, CaseBuilder
    from rvr_desktop.workflow import actions
    from rvr_desktop.workflow.steps import Step

    case = CaseBuilder(policy).done_before(Step.LINK)  # the caller was not safe: no call, no account
    actions.escalate(case, "Suspect is in the house.", CALL_AT)
    for item in policy.escalation.items:
        actions.record_escalation_step(case, policy, item.key, True, CALL_AT)

    def queue(s):
        stored = s.cases.create(case.to_dict(), CaseHeadline("INC-9", "", "escalated"))
        return submit_for_records(s, stored.case_id, case.to_dict(), policy, officer="PC 1234", training=True,
                                  at=CALL_AT)

    queued = store.submit(queue).result()
    assert isinstance(queued, Queued)
    worker = start_worker()
    wait_until(lambda: worker.status.waiting == 0 and worker.status.last_delivered_utc)
    delivered = _deliveries(store)[queued.delivery.case_id]
    assert delivered.state is OutboxState.DELIVERED and delivered.crime_reference.startswith("PRAC/")
    (filed,) = investigations_by_case(server.database)[queued.delivery.case_id]
    assert filed["crime_reference"] == delivered.crime_reference
    assert filed["request"]["escalation"]["reason"] == "Suspect is in the house."
