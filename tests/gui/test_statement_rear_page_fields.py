"""The statement step's MG11 answers as an officer meets them: each asked under its own field, the special
measures sent back when they name an interpreter, and drop-downs that a scrolling wheel leaves alone."""

from __future__ import annotations

from datetime import timedelta

from rvr_desktop.casework.policy_in_force import policy_for
from rvr_desktop.qt import QtCore, QtGui, Qt
from rvr_desktop.training.specimen_cases import CaseBuilder
from rvr_desktop.workflow.statement import VictimPersonalStatement, WrittenHow
from rvr_desktop.workflow.steps import Step
from tests.gui.case_steps import choose, field, keep_case, message, next_step, open_listed_case
from tests.gui.typing_in_any_script import type_text


def _open_finished_statement(qtbot, workstation, practice, change):
    case = CaseBuilder(policy_for(practice)).done_before(Step.STATEMENT)
    CaseBuilder(policy_for(practice)).do(Step.STATEMENT, case, case.intake.call_received_at)
    change(case.statement)
    keep_case(practice, case)
    window = workstation()
    open_listed_case(qtbot, window, case.case_id)
    qtbot.waitUntil(lambda: window.case_view is not None)
    return window.case_view


def test_a_vps_offered_asks_what_became_of_it_and_an_interpreter_is_no_special_measure(qtbot, workstation,
                                                                                          practice):
    def unanswered(statement):
        statement.victim_personal_statement = None
        statement.special_measures_notes = "Needs a Polish interpreter"

    view = _open_finished_statement(qtbot, workstation, practice, unanswered)
    page = view.page(Step.STATEMENT)
    assert view.current_step() is Step.STATEMENT
    vps, measures = message(page, "victim_personal_statement"), message(page, "special_measures_notes")
    assert vps.text() == ("Still needed: whether the Victim Personal Statement was made, declined or is to come "
                          "later.")
    assert "an interpreter is not a special measure" in measures.text()
    assert not view.next.isEnabled()

    choose(qtbot, field(page, "victim_personal_statement"), "Declined")
    notes = field(page, "special_measures_notes")
    notes.setFocus()
    qtbot.keyClick(notes, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, notes, "Screens")
    qtbot.waitUntil(lambda: not vps.isVisible() and not measures.isVisible())
    assert view.session.case.statement.victim_personal_statement is VictimPersonalStatement.DECLINED
    next_step(qtbot, view, Step.REVIEW)


def test_the_wheel_over_a_consent_leaves_its_answer_alone(qtbot, workstation, practice):
    view = _open_finished_statement(qtbot, workstation, practice, lambda statement: None)
    consent = field(view.page(Step.STATEMENT), "family_civil_disclosure_consent")
    before = consent.currentText()
    wheel = QtGui.QWheelEvent(QtCore.QPointF(5, 5), consent.mapToGlobal(QtCore.QPointF(5, 5)), QtCore.QPoint(0, 0),
                              QtCore.QPoint(0, -120), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                              Qt.ScrollPhase.NoScrollPhase, False)
    QtCore.QCoreApplication.sendEvent(consent, wheel)
    assert consent.currentText() == before
    assert view.session.case.statement.family_civil_disclosure_consent is not None


def test_the_rear_pages_contact_and_court_answers_are_asked_on_the_page(qtbot, workstation, practice):
    from rvr_desktop.workflow.answers import Answer

    view = _open_finished_statement(qtbot, workstation, practice, lambda statement: None)
    page = view.page(Step.STATEMENT)
    email = field(page, "witness_email")
    email.setFocus()
    type_text(qtbot, email, "zofia@example.com")
    preferred = field(page, "preferred_contact")
    preferred.setFocus()
    type_text(qtbot, preferred, "Text first")
    choose(qtbot, field(page, "willing_to_attend_court"), "No")
    statement = view.session.case.statement
    qtbot.waitUntil(lambda: (statement.witness_email, statement.preferred_contact) == ("zofia@example.com",
                                                                                        "Text first"))
    assert statement.willing_to_attend_court is Answer.NO


def test_a_read_back_asks_when_it_began_and_refuses_an_end_before_it(qtbot, workstation, practice):
    def begun_unknown(statement):
        statement.read_back_started_at = None  # as a draft saved before the start was asked

    view = _open_finished_statement(qtbot, workstation, practice, begun_unknown)
    page = view.page(Step.STATEMENT)
    began = message(page, "read_back_started_at")
    assert began.text() == "Still needed: when the read-back started."
    assert not view.next.isEnabled()

    ended = view.session.case.statement.read_back_at
    assert ended is not None

    def shown(moment):
        return moment.astimezone(view.session.policy.zone).strftime("%d/%m/%Y %H:%M")

    type_text(qtbot, field(page, "read_back_started_at"), shown(ended + timedelta(minutes=5)))
    qtbot.waitUntil(lambda: "ended before it started" in began.text())
    assert not view.next.isEnabled()
    start = field(page, "read_back_started_at")
    start.setFocus()
    qtbot.keyClick(start, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, start, shown(ended - timedelta(minutes=10)))
    qtbot.waitUntil(lambda: not began.isVisible())
    next_step(qtbot, view, Step.REVIEW)


def test_starting_from_the_account_answers_how_it_was_written(qtbot, workstation, practice):
    def blank(statement):
        statement.narrative, statement.written = "", None

    view = _open_finished_statement(qtbot, workstation, practice, blank)
    page = view.page(Step.STATEMENT)
    qtbot.mouseClick(page.copy, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.session.case.statement.written is WrittenHow.FROM_ACCOUNT)
    assert field(page, "written").currentText() == "Drafted from her account earlier on the call"
    assert view.session.case.statement.narrative == view.session.case.account.narrative

    # An answer already given is the officer's: the button does not change it.
    choose(qtbot, field(page, "written"), "Written as she spoke")
    page.narrative.clear()
    qtbot.mouseClick(page.copy, Qt.MouseButton.LeftButton)
    assert view.session.case.statement.written is WrittenHow.AS_SPOKEN
