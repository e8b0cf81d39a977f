"""Submitting a case: the case in the officer's hands is never changed to try;
the stored case becomes 'submitted' only with its outbox entry, and a refusal
leaves everything exactly as it was."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from rvr_desktop.casework.starting import headline_of
from rvr_desktop.casework.submitting import ALREADY_QUEUED, NotSubmitted, Queued, submit_for_records, why_not_submit
from rvr_desktop.store.case_store import CaseStore
from rvr_desktop.store.cases import CaseNotFound
from rvr_desktop.store.outbox import OutboxState
from rvr_desktop.training.specimen_cases import CALL_AT, CaseBuilder
from rvr_desktop.workflow import actions
from rvr_desktop.workflow.case import Case
from rvr_desktop.workflow.exhibits import Exhibit
from rvr_desktop.workflow.outcome import OutcomeKind
from rvr_desktop.workflow.steps import Step

AT = CALL_AT + timedelta(minutes=50)


def _stored_draft(store: CaseStore, case: Case) -> None:
    store.cases.create(case.to_dict(), headline_of(case), case.case_id)


def _submit(store: CaseStore, case: Case, policy):
    return submit_for_records(store, case.case_id, case.to_dict(), policy, officer="PC 1234", training=True, at=AT)


def _as_stored(store: CaseStore, case_id: str):
    """Everything a refusal must leave alone, read without logging a consultation: the draft (every write to it
    raises its revision), the outbox and the end of the audit log."""
    return store.cases.revision(case_id), store.outbox.delivery_of(case_id), store.audit.head()


def test_a_finished_case_is_queued_and_only_then_takes_its_outcome(store, policy):
    case = CaseBuilder(policy).done_before(Step.REVIEW)
    _stored_draft(store, case)
    on_screen = case.to_dict()

    answer = _submit(store, case, policy)

    assert isinstance(answer, Queued)
    assert case.outcome is None and case.to_dict() == on_screen  # the screen's case is untouched until it is told
    assert answer.outcome.kind is OutcomeKind.SUBMITTED and answer.outcome.at == AT
    assert answer.delivery.state is OutboxState.QUEUED and answer.delivery.case_id == case.case_id

    stored = store.cases.open_case(case.case_id)
    assert stored.summary.headline.status == "submitted"
    assert Case.from_dict(stored.payload).outcome == answer.outcome
    item = store.outbox.undelivered()[0]
    assert item.payload == stored.payload  # the outbox holds exactly the case saved as submitted
    assert json.loads(item.request_body)["source"]["case_id"] == case.case_id  # its filing, made at submission
    # One alteration says it was submitted, as before.
    submission = [e for e in store.audit.entries() if e.action == "alteration"][-1]
    assert "(submitted to outbox)" in submission.fields and "headline.status" in submission.fields
    assert submission.justification == "case submitted for an investigation to be created"

    answer.apply_to(case)
    assert case.to_dict() == stored.payload  # the screen now shows what was submitted, and is read-only
    assert why_not_submit(case, policy) is not None
    assert store.audit.verify().ok


def _exhibit_without_its_file() -> Exhibit:
    return Exhibit("JS/1", "Photograph of the bruising", "PC J Smith", CALL_AT + timedelta(minutes=10),
                   "still taken from the video call", "ab" * 32, "still-1.jpg")


@pytest.mark.parametrize("what", ["not finished", "escalated", "exhibit without its file"])
def test_a_refusal_leaves_the_case_and_the_store_exactly_as_they_were(store, policy, what):
    build = CaseBuilder(policy)
    if what == "not finished":
        case, says = build.done_before(Step.STATEMENT), "Not done: Statement"
    elif what == "escalated":
        case, says = build.done_before(Step.ACCOUNT), "Still to do: CAD updated"
        actions.escalate(case, "Suspect returned.", CALL_AT)
    else:
        case, says = build.done_before(Step.REVIEW), "no stored file for exhibit JS/1"
        case.exhibits = [_exhibit_without_its_file()]
    _stored_draft(store, case)
    on_screen, before = case.to_dict(), _as_stored(store, case.case_id)

    answer = _submit(store, case, policy)

    assert isinstance(answer, NotSubmitted) and says in answer.why
    assert case.to_dict() == on_screen
    assert _as_stored(store, case.case_id) == before
    assert store.outbox.summary().waiting == 0


def test_an_escalated_case_is_queued_as_an_escalation_record_and_stays_escalated(store, policy):
    case = CaseBuilder(policy).done_before(Step.ACCOUNT)
    actions.escalate(case, "Suspect returned.", CALL_AT)
    for item in policy.escalation.items:
        actions.record_escalation_step(case, policy, item.key, True, CALL_AT)
    actions.write_note_for_attending(case, policy, "Two children upstairs.")
    _stored_draft(store, case)
    on_screen = case.to_dict()

    answer = _submit(store, case, policy)

    assert isinstance(answer, Queued) and case.to_dict() == on_screen
    assert answer.outcome == case.outcome and answer.escalation_submitted_at == AT
    stored = store.cases.open_case(case.case_id)
    assert stored.summary.headline.status == "escalated"  # the case list still says what it was
    filing = json.loads(store.outbox.undelivered()[0].request_body)
    assert filing["escalation"]["reason"] == "Suspect returned."
    assert filing["escalation"]["notes_for_attending"] == "Two children upstairs."
    answer.apply_to(case)
    assert case.to_dict() == stored.payload
    assert "already been submitted" in why_not_submit(case, policy)
    assert isinstance(_submit(store, Case.from_dict(on_screen), policy), NotSubmitted)  # exactly once
    assert store.outbox.summary().waiting == 1


def test_a_case_already_in_the_outbox_is_not_sent_twice(store, policy):
    case = CaseBuilder(policy).done_before(Step.REVIEW)
    _stored_draft(store, case)
    first = _submit(store, case, policy)
    assert isinstance(first, Queued)
    before = _as_stored(store, case.case_id)

    # A second window (or a second click) still holds the draft: it asks again.
    again = _submit(store, case, policy)

    assert again == NotSubmitted(ALREADY_QUEUED)
    assert _as_stored(store, case.case_id) == before


def test_a_fault_in_the_store_is_raised_with_nothing_queued(store, policy):
    case = CaseBuilder(policy).done_before(Step.REVIEW)  # never stored: the store has no such case
    with pytest.raises(CaseNotFound):
        _submit(store, case, policy)
    assert store.outbox.summary().waiting == 0 and case.outcome is None
