"""Opening a case for the officer: a draft with one file as two exhibits is
mended as it opens, saved and audited; nothing else is changed by opening."""

from __future__ import annotations


from rvr_desktop.casework.opening import open_case_for_officer
from rvr_desktop.store.case_store import CaseStore
from rvr_desktop.store.cases import CaseHeadline
from rvr_desktop.training.specimen_cases import CaseBuilder, finished_case
from rvr_desktop.workflow.case import Case
from rvr_desktop.workflow.steps import Step
from tests.unit.records.records_cases import submit_stored_case

PHOTO = b"\xff\xd8one photo, sent twice\xff\xd9"


def _draft_with_the_photo_twice(store: CaseStore, policy) -> str:
    case = CaseBuilder(policy).done_before(Step.REVIEW)
    case.exhibits = finished_case(policy, [PHOTO, PHOTO]).exhibits
    summary = store.cases.create(case.to_dict(), CaseHeadline("CAD-1", "Sam Example", "draft"))
    for exhibit in case.exhibits:
        store.files.add(summary.case_id, "exhibit", exhibit.file_name, "image/jpeg", PHOTO)
    return summary.case_id


def test_a_draft_with_one_file_as_two_exhibits_is_mended_as_it_opens(store, policy):
    case_id = _draft_with_the_photo_twice(store, policy)
    revision = store.cases.revision(case_id)

    first = open_case_for_officer(store, case_id)
    (exhibit,) = Case.from_dict(first.payload).exhibits
    assert exhibit.reference == "JS/1" and exhibit.also_received[0].withdrawn_reference == "JS/2"
    assert "JS/2 merged into JS/1" in first.notice and "nothing is lost" in first.notice
    # Saved at once, as an alteration with its reason; the files stay as they were.
    assert store.cases.revision(case_id) == revision + 1
    assert Case.from_dict(store.cases.open_case(case_id).payload).exhibits == [exhibit]
    consultation, alteration = [e for e in store.audit.entries()][-3:-1]
    assert consultation.action == "consultation" and alteration.action == "alteration"
    assert "JS/2 merged into JS/1" in alteration.justification and "exhibits" in alteration.fields
    assert len(store.files.list_for_case(case_id)) == 2

    again = open_case_for_officer(store, case_id)
    assert again.merged == () and again.notice == "" and store.cases.revision(case_id) == revision + 1
    assert store.audit.verify().ok


def test_opening_changes_no_submitted_case_and_no_case_it_cannot_read(store, policy):
    submitted = submit_stored_case(store, policy, contents=[PHOTO, PHOTO])
    unreadable = store.cases.create({"narrative": "from another program"}, CaseHeadline("X", "", "draft")).case_id
    for case_id in (submitted, unreadable):
        revision = store.cases.revision(case_id)
        stored = store.cases.open_case(case_id).payload
        result = open_case_for_officer(store, case_id)
        assert (result.payload, result.merged, store.cases.revision(case_id)) == (stored, (), revision)
    # The submitted case is the outbox's to mend (sync.repeat_exhibits), with its filing.
    assert len(Case.from_dict(store.cases.open_case(submitted).payload).exhibits) == 2
