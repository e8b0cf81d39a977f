"""A submitted case stays as it was submitted: no draft save replaces it, in
whatever order the saves reach the store."""

from __future__ import annotations

import pytest

from rvr_desktop.store.case_store import CaseStore
from rvr_desktop.store.cases import CaseAlreadySubmitted, CaseHeadline
from rvr_desktop.store.worker import StoreThread
from rvr_desktop.training.specimen_cases import finished_case
from rvr_desktop.workflow.policy import load_policy
from tests.unit.records.records_cases import submit_stored_case

DRAFT = CaseHeadline("INC-1", "Sam Example", "draft")


@pytest.fixture(scope="module")
def policy():
    return load_policy()


@pytest.fixture
def opened(data_dir):
    store = CaseStore(data_dir, "PC 1234")
    yield store
    store.close()


def test_a_draft_save_after_submission_is_refused_and_changes_nothing(opened, policy):
    case_id = submit_stored_case(opened, policy, exhibits=0)
    submitted = opened.cases.open_case(case_id).payload
    revision = opened.cases.revision(case_id)
    entries = len(list(opened.audit.entries()))

    stale = {**submitted, "outcome": None, "narrative": "typed a moment before submitting"}
    with pytest.raises(CaseAlreadySubmitted) as refused:
        opened.cases.save_draft(case_id, stale, DRAFT)
    # Even the very case that was submitted is not "saved again": nothing after submission is a draft.
    with pytest.raises(CaseAlreadySubmitted):
        opened.cases.save_draft(case_id, submitted, CaseHeadline("INC-1", "", "submitted"))

    assert refused.value.case_id == case_id
    assert "kept exactly as it was submitted" in refused.value.message()
    assert len(list(opened.audit.entries())) == entries  # no alteration logged for either refusal
    assert opened.cases.revision(case_id) == revision
    assert opened.cases.open_case(case_id).payload == submitted
    assert opened.cases.list_cases()[0].headline.status == "submitted"
    assert opened.audit.verify().ok


def test_a_save_queued_behind_the_submission_does_not_replace_it(data_dir, policy):
    """The draft saver's save and the submission share the store's one thread: whichever is queued
    second, the outbox's copy is what stays on disk."""
    thread = StoreThread()
    try:
        thread.open(data_dir, "PC 1234").result()
        case = finished_case(policy, [])
        draft = {**case.to_dict(), "outcome": None}
        case_id = thread.submit(lambda s: s.cases.create(draft, DRAFT).case_id).result()

        saved_before = thread.submit(lambda s: s.cases.save_draft(case_id, {**draft, "note": "before"}, DRAFT))
        submitted = thread.submit(lambda s: s.outbox.submit(case_id, case.to_dict()))
        saved_after = thread.submit(lambda s: s.cases.save_draft(case_id, {**draft, "note": "after"}, DRAFT))

        assert saved_before.result() == 2
        assert submitted.result().case_id == case_id
        with pytest.raises(CaseAlreadySubmitted):
            saved_after.result()
        stored = thread.submit(lambda s: s.cases.open_case(case_id).payload).result()
        assert stored == case.to_dict() and stored["outcome"]["kind"] == "submitted"
    finally:
        thread.shutdown()


def test_another_connection_cannot_save_a_draft_over_a_submitted_case(data_dir, policy):
    # The refusal is the database's answer, not something one connection remembers.
    first = CaseStore(data_dir, "PC 1234")
    try:
        case_id = submit_stored_case(first, policy, exhibits=0)
    finally:
        first.close()
    second = CaseStore(data_dir, "PC 5678")
    try:
        with pytest.raises(CaseAlreadySubmitted):
            second.cases.save_draft(case_id, {"narrative": "a stale window"}, DRAFT)
        # Drafts that were never submitted still save as before.
        other = second.cases.create({"narrative": "x"}, DRAFT).case_id
        assert second.cases.save_draft(other, {"narrative": "y"}, DRAFT) == 2
    finally:
        second.close()
