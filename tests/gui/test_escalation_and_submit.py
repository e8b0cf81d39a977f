"""Escalation has a path, and Submit asks first: driven through the real window as an officer does.

After an unsafe answer the officer is taken to the escalation's checklist,
works through it, writes a note for the attending officers and submits the
escalation record; a finished case is submitted only once confirmed, and
then every control is read-only, with the delivery and crime reference shown.
"""

from __future__ import annotations

import dataclasses

from rvr_desktop.casework.policy_in_force import policy_for
from rvr_desktop.qt import QtWidgets, Qt
from rvr_desktop.store.case_store import CaseStore
from rvr_desktop.store.outbox import OutboxState
from rvr_desktop.training.specimen_cases import CaseBuilder
from rvr_desktop.ui.case_view import escalated_colour
from rvr_desktop.workflow.answers import Answer
from rvr_desktop.workflow.outcome import OutcomeKind
from rvr_desktop.workflow.steps import Step
from tests.gui.case_steps import click, confirm_submission, keep_case, open_listed_case

SUBMITTED = "Submitted \u2014 read only."


def _stored(settings, case_id: str):
    store = CaseStore(settings.data_dir, "reader")
    try:
        return store.cases.open_case(case_id), store.outbox.delivery_of(case_id)
    finally:
        store.close()


def _open(qtbot, workstation, practice, case):
    keep_case(practice, case)
    window = workstation()
    open_listed_case(qtbot, window, case.case_id)
    qtbot.waitUntil(lambda: window.case_view is not None)
    return window, window.case_view


def _controls(page) -> list[QtWidgets.QWidget]:
    kinds = (QtWidgets.QLineEdit, QtWidgets.QPlainTextEdit, QtWidgets.QAbstractButton, QtWidgets.QComboBox)
    return [widget for widget in page.widget().findChildren(QtWidgets.QWidget) if isinstance(widget, kinds)]


def _everything_read_only(view) -> None:
    """No input on any step can be changed; only the review's ways back to each step still work."""
    for step in Step:
        page = view.page(step)
        links = set(getattr(page, "links", {}).values())
        live = [widget for widget in _controls(page) if widget.isEnabled() and widget not in links]
        assert live == [], f"{step.label}: {[w.accessibleName() or w.objectName() for w in live]} can still be used"


def _delivered(qtbot, window, view, delivery) -> None:
    """The outbox worker reports the case delivered, as it does once the records system holds it."""
    done = dataclasses.replace(delivery, state=OutboxState.DELIVERED, crime_reference="PRAC/2026/000042")
    window.workstation.case_delivery_changed.emit(done)
    review = view.page(Step.REVIEW)
    qtbot.waitUntil(lambda: "PRAC/2026/000042" in review.delivery.text())


def test_an_escalated_case_goes_to_its_checklist_and_its_record_is_submitted(qtbot, practice, workstation):
    window, view = _open(qtbot, workstation, practice, CaseBuilder(policy_for(practice)).done_before(Step.SAFETY))
    view.go_to(1)
    safety = view.page(Step.SAFETY)
    click(qtbot, safety.groups["suspect_present"][Answer.YES])
    click(qtbot, safety.confirm_button)

    # Where the path stopped is red, never a green tick; what to do next is open in front of the officer.
    item = view.rail.item(1)
    red = escalated_colour(view.rail)
    assert item.text().startswith("!") and item.foreground().color() == red and red.red() > 2 * red.green()
    assert view.current_step() is Step.REVIEW
    review = view.page(Step.REVIEW)
    assert review.checklist.isVisible() and review.submit.text() == "Submit the escalation record"
    assert review.first_input() is review.checklist.boxes["stay_on_line"]
    assert [section.title() for section in review.findChildren(QtWidgets.QGroupBox)][0] == "Escalation"

    # The record waits for the checklist, and says what is left.
    click(qtbot, review.submit)
    assert "CAD updated" in review.message.text() and review.confirmation is None
    for key in ("cad_updated", "location_confirmed", "note_for_attending"):
        click(qtbot, review.checklist.boxes[key])
    review.checklist.note.setFocus()
    qtbot.keyClicks(review.checklist.note, "Gate code 1942. Two children upstairs.")
    case = view.session.case
    assert {tick.item for tick in case.escalation.ticks} == {"cad_updated", "location_confirmed",
                                                            "note_for_attending"}
    assert case.escalation.notes_for_attending == "Gate code 1942. Two children upstairs."

    click(qtbot, review.submit)
    confirm_submission(qtbot, review)
    qtbot.waitUntil(lambda: review.verdict.text() == SUBMITTED)

    assert case.outcome.kind is OutcomeKind.ESCALATED and case.escalation.submitted_at is not None
    stored, delivery = _stored(practice, case.case_id)
    assert stored.summary.headline.status == "escalated" and delivery is not None
    assert stored.payload == case.to_dict()
    qtbot.waitUntil(lambda: "encrypted outbox" in review.delivery.text())
    _everything_read_only(view)
    assert not view.escalate_button.isEnabled()
    assert not review.checklist.isVisible() and not review.submit.isVisible()  # nothing left to do here
    assert "The note says: Gate code 1942. Two children upstairs." in review.findChildren(
        QtWidgets.QGroupBox)[0].findChild(QtWidgets.QLabel).text()
    _delivered(qtbot, window, view, delivery)


def test_submit_asks_first_then_everything_is_read_only_with_its_delivery(qtbot, practice, workstation):
    window, view = _open(qtbot, workstation, practice, CaseBuilder(policy_for(practice)).done_before(Step.REVIEW))
    case = view.session.case
    view.go_to(view.rail.count() - 1)
    review = view.page(Step.REVIEW)
    titles = [section.title() for section in review.findChildren(QtWidgets.QGroupBox)]
    assert titles == ["Victim", "Suspect", "Children", "Risk", "Referrals", "Statement", "Exhibits"]
    assert not review.checklist.isVisible()
    assert review.first_input() is review.submit  # the cursor is ready on Submit, not on a link

    # One click only asks; Escape, or Enter on the question, leaves the case a draft.
    click(qtbot, review.submit)
    qtbot.waitUntil(lambda: review.confirmation is not None and review.confirmation.isVisible())
    assert case.outcome is None
    qtbot.keyClick(review.confirmation, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: review.confirmation is None)
    click(qtbot, review.submit)
    qtbot.waitUntil(lambda: review.confirmation is not None and review.confirmation.isVisible())
    qtbot.keyClick(review.confirmation, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: review.confirmation is None)
    assert case.outcome is None and review.verdict.text() == "Not submitted yet."
    assert _stored(practice, case.case_id)[1] is None

    click(qtbot, review.submit)
    confirm_submission(qtbot, review)
    qtbot.waitUntil(lambda: review.verdict.text() == SUBMITTED)
    assert case.outcome.kind is OutcomeKind.SUBMITTED
    qtbot.waitUntil(lambda: review.delivery.text().startswith("Queued"))
    _everything_read_only(view)

    # The summary's links still lead back to each step, to read what was sent.
    click(qtbot, review.links["Statement"])
    assert view.current_step() is Step.STATEMENT
    view.go_to(view.rail.count() - 1)
    _, delivery = _stored(practice, case.case_id)
    _delivered(qtbot, window, view, delivery)
    assert review.delivery.text() == "Delivered \u2014 crime reference PRAC/2026/000042."


def test_a_submitted_case_opened_later_shows_how_its_delivery_stands(qtbot, practice, workstation):
    window, view = _open(qtbot, workstation, practice, CaseBuilder(policy_for(practice)).done_before(Step.REVIEW))
    view.go_to(view.rail.count() - 1)
    review = view.page(Step.REVIEW)
    click(qtbot, review.submit)
    confirm_submission(qtbot, review)
    qtbot.waitUntil(lambda: review.verdict.text() == SUBMITTED)
    case_id = view.session.store_id
    view.close_case()
    qtbot.waitUntil(lambda: window.case_view is None)

    open_listed_case(qtbot, window, case_id)
    qtbot.waitUntil(lambda: window.case_view is not None)
    again = window.case_view.page(Step.REVIEW)
    assert again.verdict.text() == SUBMITTED
    qtbot.waitUntil(lambda: again.delivery.text().startswith("Queued"))
    _everything_read_only(window.case_view)


def test_an_unreachable_caller_goes_back_to_the_control_room_with_its_record(qtbot, practice, workstation):
    """Not a dead end: marked unreachable on the link step, the officer is taken to the force's checklist for it
    (returned to the control room, no more links, a note for whoever responds), and the record of the attempts
    is submitted like any case."""
    case = CaseBuilder(policy_for(practice)).done_before(Step.VIDEO)
    window, view = _open(qtbot, workstation, practice, case)
    view.go_to(2)
    link = view.page(Step.LINK)
    click(qtbot, link.unreachable)  # no reason typed: nothing happens but a prompt
    assert "Record why" in link.message.text() and view.session.case.outcome is None
    link.reason.setFocus()
    qtbot.keyClicks(link.reason, "No answer to the link after three tries.")
    click(qtbot, link.unreachable)

    case = view.session.case
    assert case.outcome.kind is OutcomeKind.CALLER_UNREACHABLE
    assert all(invite.revoked_at is not None for invite in case.link_invites)
    assert view.current_step() is Step.REVIEW
    review = view.page(Step.REVIEW)
    assert review.checklist.isVisible() and review.submit.text() == "Submit the record of the attempts"
    assert "back to the control room" in review.checklist.heading.text()
    assert list(review.checklist.boxes) == ["returned_to_control_room", "no_more_links", "note_for_response"]
    assert review.first_input() is review.checklist.boxes["returned_to_control_room"]
    assert [section.title() for section in review.findChildren(QtWidgets.QGroupBox)][0] == "Caller unreachable"
    assert review.verdict.text() == "Caller unreachable: not submitted yet."

    for key in review.checklist.boxes:
        click(qtbot, review.checklist.boxes[key])
    review.checklist.note.setFocus()
    qtbot.keyClicks(review.checklist.note, "Safe to call after 6pm on the same number.")
    click(qtbot, review.submit)
    assert "no video contact was made" in review.confirmation.informativeText()
    confirm_submission(qtbot, review)
    qtbot.waitUntil(lambda: review.verdict.text() == SUBMITTED)
    assert case.escalation.submitted_at is not None
    assert case.escalation.notes_for_attending == "Safe to call after 6pm on the same number."
    stored, delivery = _stored(practice, case.case_id)
    assert stored.summary.headline.status == "unreachable" and delivery is not None
    _everything_read_only(view)
