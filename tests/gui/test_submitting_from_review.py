"""Submitting from the review page: a refusal leaves the case a draft the
officer can still work on, with nothing to undo; once the store has queued it,
the case on screen is submitted and read-only."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from rvr_desktop.casework.policy_in_force import policy_for
from rvr_desktop.qt import Qt
from rvr_desktop.store.case_store import CaseStore
from rvr_desktop.training.specimen_cases import CALL_AT, CaseBuilder
from rvr_desktop.workflow.exhibits import Exhibit
from rvr_desktop.workflow.outcome import OutcomeKind
from rvr_desktop.workflow.steps import Step
from tests.gui.case_steps import click, confirm_submission, keep_case, open_at_review, open_listed_case, submit

PHOTO = b"\xff\xd8a still from the call\xff\xd9"


def _stored(settings, case_id: str):
    store = CaseStore(settings.data_dir, "reader")
    try:
        return store.cases.open_case(case_id), store.outbox.delivery_of(case_id)
    finally:
        store.close()


def test_a_refused_submission_changes_nothing_and_the_officer_can_submit_once_it_is_put_right(qtbot, practice,
                                                                                                workstation):
    case = CaseBuilder(policy_for(practice)).done_before(Step.REVIEW)
    case.exhibits = [Exhibit("JS/1", "Photograph of the bruising", "PC J Smith", CALL_AT + timedelta(minutes=10),
                             "still taken from the video call", hashlib.sha256(PHOTO).hexdigest(), "still-1.jpg")]
    keep_case(practice, case)  # the exhibit's file is not stored with it
    window = workstation()
    open_listed_case(qtbot, window, case.case_id)
    qtbot.waitUntil(lambda: window.case_view is not None)
    view = window.case_view
    view.go_to(view.rail.count() - 1)
    review = view.page(Step.REVIEW)
    on_screen = view.session.case.to_dict()

    click(qtbot, review.submit)
    confirm_submission(qtbot, review)
    qtbot.waitUntil(lambda: "no stored file for exhibit JS/1" in review.message.text())
    assert review.submit.isEnabled() and review.verdict.text() == "Not submitted yet."
    assert view.session.case.to_dict() == on_screen  # nothing to undo: the case was never changed
    assert view.page(Step.INTAKE).widget().isEnabled()  # still a draft the officer can work on
    stored, delivery = _stored(practice, case.case_id)
    assert stored.summary.headline.status == "draft" and delivery is None

    # The file is filed (as attaching it again would), and the officer submits again.
    window.store.submit(lambda s: s.files.add(case.case_id, "exhibit", "still-1.jpg", "image/jpeg", PHOTO)).result()
    submit(qtbot, view)
    assert view.session.case.outcome.kind is OutcomeKind.SUBMITTED
    assert not view.page(Step.INTAKE).widget().isEnabled()  # submitted: read-only
    assert view.session.saver.case_has_left and not view.session.saver.has_unsaved_changes
    stored, delivery = _stored(practice, case.case_id)
    assert stored.summary.headline.status == "submitted" and delivery is not None
    assert stored.payload == view.session.case.to_dict()  # the screen shows exactly what was submitted


def test_nothing_can_be_typed_while_the_store_is_still_queuing_the_case(qtbot, practice, workstation):
    import threading

    case = CaseBuilder(policy_for(practice)).done_before(Step.REVIEW)
    keep_case(practice, case)
    window = workstation()
    open_listed_case(qtbot, window, case.case_id)
    qtbot.waitUntil(lambda: window.case_view is not None)
    view = window.case_view
    view.go_to(view.rail.count() - 1)
    review = view.page(Step.REVIEW)
    # The store's thread is busy (a long save, a slow disk): the submission waits its turn.
    busy = threading.Event()
    window.store.submit(lambda _s: busy.wait(10))
    click(qtbot, review.submit)
    confirm_submission(qtbot, review)
    assert not view.page(Step.INTAKE).widget().isEnabled()  # what is typed now would not be in what is submitted
    busy.set()
    qtbot.waitUntil(lambda: view.session.case.outcome is not None)
    assert view.session.case.outcome.kind is OutcomeKind.SUBMITTED
    assert not view.page(Step.INTAKE).widget().isEnabled()


def test_an_evidence_plan_line_done_on_the_call_is_recorded_and_kept(qtbot, practice, workstation):
    view = open_at_review(qtbot, workstation, practice, CaseBuilder(policy_for(practice)).done_before(Step.REVIEW))
    review = view.page(Step.REVIEW)
    assert review.plan.isVisibleTo(view) and "call_recording" in review.plan_fields  # every case's first line
    note = review.plan_fields["call_recording"]
    note.setFocus()
    qtbot.keyClicks(note, "Asked the control room to keep it, log 1234")
    done = view.session.case.investigation.done_on_call["call_recording"]
    assert done.note == "Asked the control room to keep it, log 1234" and done.recorded_at is not None
    view.session.saver.flush()
    qtbot.waitUntil(lambda: "call_recording" in _stored(practice, view.session.store_id)[0].payload[
        "investigation"]["done_on_call"], timeout=5000)

    # Emptied, the line is still to do.
    note.selectAll()
    qtbot.keyClick(note, Qt.Key.Key_Delete)
    assert "call_recording" not in view.session.case.investigation.done_on_call
