"""The three officer stories of the workflow, with real widgets and the real store.

Each ends by closing the workstation and re-opening the case from the
encrypted database in a new window, to show nothing typed was lost.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from rvr_desktop.qt import QtWidgets, Qt
from rvr_desktop.workflow.answers import Answer
from rvr_desktop.workflow.instruments import RiskGrade
from rvr_desktop.workflow.outcome import OutcomeKind
from rvr_desktop.workflow.referrals import ReferralKind, propose_referrals
from rvr_desktop.workflow.risk import assess
from rvr_desktop.workflow.steps import Step, StepState, step_statuses
from tests.gui.case_steps import (
    add_child,
    answer_risk,
    answer_safety,
    choose,
    click,
    field,
    fill_intake,
    fill_statement,
    next_step,
    reach_account,
    submit,
)
from tests.gui.typing_in_any_script import type_text

LONDON = ZoneInfo("Europe/London")
NARRATIVE = "He came home drunk, shouted at me and pushed me into the door. Łucja — مرحبا 🙂"


def _new_case(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.case_view is not None)
    return window.case_view


def _close_and_reopen(qtbot, window, workstation, reference: str):
    """Close the workstation, open a new one, and open the case from its list."""
    view = window.case_view
    case_id = view.session.store_id
    window.close()
    qtbot.waitUntil(lambda: not view.session.saver.has_unsaved_changes)
    again = workstation()
    qtbot.waitUntil(lambda: case_id in again.cases.visible_case_ids())
    again.cases.search.setText(reference)
    table = again.cases.table
    table.setFocus()
    table.setCurrentIndex(table.model().index(0, 0))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: again.case_view is not None)
    return again, again.case_view.session.case


def _states(view):
    return {s.step: s for s in step_statuses(view.session.case, view.session.policy)}


def test_standard_risk_case_from_intake_to_submitted(qtbot, workstation):
    window = workstation()
    view = _new_case(qtbot, window)
    fill_intake(qtbot, view, "WM-20261127-0412", "Amira Haddad", "07911 123456", None)
    next_step(qtbot, view, Step.SAFETY)
    answer_safety(qtbot, view)
    assert "Safe for a video call" in view.page(Step.SAFETY).verdict.text()

    next_step(qtbot, view, Step.LINK)
    click(qtbot, view.page(Step.LINK).send)
    click(qtbot, view.page(Step.LINK).opened)
    next_step(qtbot, view, Step.VIDEO)
    click(qtbot, view.page(Step.VIDEO).buttons[next(iter(view.page(Step.VIDEO).buttons))])
    assert "met" in view.clock.text() or "running" in view.clock.text()

    next_step(qtbot, view, Step.ACCOUNT)
    account = view.page(Step.ACCOUNT)
    type_text(qtbot, account.incident_at, "20/11/2026 19:30")
    type_text(qtbot, field(account, "place"), "Our flat, 3 Example Road")
    type_text(qtbot, account.narrative, NARRATIVE)
    choose(qtbot, field(account, "prosecution_wish"), "Supports a prosecution")
    click(qtbot, account.complete)
    assert account.verdict.text() == "Account marked complete.", account.problems.text()

    next_step(qtbot, view, Step.RISK)
    answer_risk(qtbot, view, yes=5)
    assert "grade STANDARD" in view.page(Step.RISK).verdict.text()

    next_step(qtbot, view, Step.SAFEGUARDING)
    safeguarding = view.page(Step.SAFEGUARDING)
    click(qtbot, field(safeguarding, "safety_plan"))
    click(qtbot, safeguarding.advice_given)
    qtbot.waitUntil(lambda: len(safeguarding.boxes) == 1)
    assert [b.proposal.kind for b in safeguarding.boxes] == [ReferralKind.SUPPORT_SERVICES]
    click(qtbot, safeguarding.boxes[0].confirm)

    next_step(qtbot, view, Step.STATEMENT)
    fill_statement(qtbot, view, "Amira Haddad", read_back_at="20/11/2026 20:10")

    next_step(qtbot, view, Step.REVIEW)
    submit(qtbot, view)
    assert view.session.case.outcome.kind is OutcomeKind.SUBMITTED
    assert not view.page(Step.INTAKE).widget().isEnabled()  # submitted: read-only

    window2, case = _close_and_reopen(qtbot, window, workstation, "WM-20261127-0412")
    assert case.outcome.kind is OutcomeKind.SUBMITTED
    # Queued for the records system (no records system runs in this test).
    assert window2.cases.model.index(0, 2).data().startswith("Queued")
    assert case.account.narrative == NARRATIVE
    assert case.statement.narrative == NARRATIVE
    assert case.intake.safe_phone == "+447911123456"
    assert assess(case.risk, window2.policy.instrument_for(case.risk)).grade is RiskGrade.STANDARD
    assert window2.case_view.page(Step.ACCOUNT).narrative.toPlainText() == NARRATIVE


def test_unsafe_caller_is_escalated_and_the_link_step_never_opens(qtbot, workstation):
    window = workstation()
    view = _new_case(qtbot, window)
    fill_intake(qtbot, view, "WM-20261127-0388", "Katarzyna Nowak", "+44 7700 900388", None)
    next_step(qtbot, view, Step.SAFETY)
    safety = view.page(Step.SAFETY)
    click(qtbot, safety.groups["safe_place"][Answer.YES])
    assert not _states(view)[Step.LINK].can_enter
    click(qtbot, safety.groups["suspect_present"][Answer.YES])
    # An unsafe answer waits for confirmation; until then nothing is recorded.
    assert safety.confirm_box.isVisible()
    assert view.session.case.outcome is None
    click(qtbot, safety.confirm_button)

    case = view.session.case
    assert case.outcome.kind is OutcomeKind.ESCALATED
    assert "with you, or close by" in case.outcome.reason
    assert "NOT SAFE" in safety.verdict.text()
    link_item = view.rail.item(2)
    assert not link_item.flags() & Qt.ItemFlag.ItemIsEnabled
    assert not view.next.isEnabled()
    # What to do next is shown at once: the escalation's checklist on the review step.
    assert view.current_step() is Step.REVIEW and view.page(Step.REVIEW).checklist.isVisible()
    assert view.rail.item(1).text().startswith("!") and "✓" not in view.rail.item(1).text()
    view.go_to(2)
    assert view.current_step() is Step.REVIEW
    assert "not applicable" in view.clock.text()

    window2, case = _close_and_reopen(qtbot, window, workstation, "WM-20261127-0388")
    assert case.outcome.kind is OutcomeKind.ESCALATED
    assert not case.link_invites
    assert not window2.case_view.rail.item(2).flags() & Qt.ItemFlag.ItemIsEnabled
    window2.case_view.close_case()
    qtbot.waitUntil(lambda: window2.case_view is None)
    table = window2.cases.table
    qtbot.waitUntil(lambda: table.model().rowCount() == 1)
    assert table.model().index(0, 2).data() == "Escalated"


def test_high_risk_case_with_two_children_on_a_friday_night(qtbot, workstation):
    window = workstation()
    view = _new_case(qtbot, window)
    fill_intake(qtbot, view, "WM-20261120-2101", "Jane Example", "07911 222333", "20/11/2026 21:05")
    next_step(qtbot, view, Step.SAFETY)
    answer_safety(qtbot, view, {"children_present": Answer.YES})
    next_step(qtbot, view, Step.LINK)
    click(qtbot, view.page(Step.LINK).send)
    next_step(qtbot, view, Step.VIDEO)
    click(qtbot, view.page(Step.VIDEO).buttons[next(iter(view.page(Step.VIDEO).buttons))])
    next_step(qtbot, view, Step.ACCOUNT)
    account = view.page(Step.ACCOUNT)
    type_text(qtbot, account.incident_at, "20/11/2026 21:00")
    type_text(qtbot, field(account, "place"), "Home")
    type_text(qtbot, account.narrative, "He put his hands round my neck in front of the children.")
    add_child(qtbot, view, "Tom Example", "01/05/2016", "Example Primary School")
    add_child(qtbot, view, "Lily Example", "15/03/2019", "Example Primary School")
    choose(qtbot, field(account, "prosecution_wish"), "Undecided")
    click(qtbot, account.complete)
    assert account.verdict.text() == "Account marked complete.", account.problems.text()

    next_step(qtbot, view, Step.RISK)
    answer_risk(qtbot, view, yes=15)
    assert "grade HIGH" in view.page(Step.RISK).verdict.text()

    next_step(qtbot, view, Step.SAFEGUARDING)
    safeguarding = view.page(Step.SAFEGUARDING)
    qtbot.waitUntil(lambda: len(safeguarding.boxes) >= 6)
    kinds = [box.proposal.kind for box in safeguarding.boxes]
    assert {ReferralKind.MARAC, ReferralKind.IDVA, ReferralKind.CHILDRENS_SOCIAL_CARE} <= set(kinds)
    encompass = [box.proposal for box in safeguarding.boxes if box.proposal.kind is ReferralKind.OPERATION_ENCOMPASS]
    assert len(encompass) == 2
    monday_before_school = datetime(2026, 11, 23, 8, 30, tzinfo=LONDON)
    assert {p.due_at for p in encompass} == {monday_before_school}
    assert all("Monday 23 November 2026" in p.reason for p in encompass)
    # Each decision rebuilds the list, so each box is looked up afresh.
    for kind in (ReferralKind.MARAC, ReferralKind.IDVA, ReferralKind.CHILDRENS_SOCIAL_CARE):
        click(qtbot, safeguarding.box_for(kind.value)[0].confirm)

    window2, case = _close_and_reopen(qtbot, window, workstation, "WM-20261120-2101")
    proposals = propose_referrals(case, window2.policy)
    assert {p.kind for p in proposals} >= {ReferralKind.MARAC, ReferralKind.IDVA, ReferralKind.CHILDRENS_SOCIAL_CARE,
                                           ReferralKind.OPERATION_ENCOMPASS}
    assert [c.name for c in case.account.children] == ["Tom Example", "Lily Example"]
    assert {p.due_at for p in proposals if p.kind is ReferralKind.OPERATION_ENCOMPASS} == {monday_before_school}
    confirmed = {d.kind for d in case.referral_decisions if d.confirmed}
    assert ReferralKind.MARAC in confirmed and ReferralKind.IDVA in confirmed
    assert _states(window2.case_view)[Step.SAFEGUARDING].state is not StepState.DONE  # Encompass still undecided
    assert len(window2.case_view.page(Step.ACCOUNT).child_list.findChildren(QtWidgets.QFrame, "listItem")) == 2


def test_going_back_to_add_a_child_reopens_safeguarding(qtbot, workstation):
    window = workstation()
    view = _new_case(qtbot, window)
    reach_account(qtbot, view)
    account = view.page(Step.ACCOUNT)
    type_text(qtbot, account.incident_at, "20/11/2026 18:00")
    type_text(qtbot, field(account, "place"), "Home")
    type_text(qtbot, account.narrative, "He threw my phone.")
    choose(qtbot, field(account, "prosecution_wish"), "Undecided")
    click(qtbot, account.complete)
    next_step(qtbot, view, Step.RISK)
    answer_risk(qtbot, view, yes=2)
    next_step(qtbot, view, Step.SAFEGUARDING)
    safeguarding = view.page(Step.SAFEGUARDING)
    click(qtbot, safeguarding.advice_given)
    click(qtbot, safeguarding.box_for("support_services")[0].confirm)
    assert _states(view)[Step.SAFEGUARDING].state is StepState.DONE
    assert "✓" in view.rail.item(6).text()

    view.go_to(4)  # back to the account
    assert view.current_step() is Step.ACCOUNT
    add_child(qtbot, view, "Ava Example", "03/02/2018", "Example Infant School")
    view.go_to(6)
    assert view.current_step() is Step.SAFEGUARDING
    assert _states(view)[Step.SAFEGUARDING].state is StepState.IN_PROGRESS
    assert "✓" not in view.rail.item(6).text()
    assert {b.proposal.kind for b in safeguarding.boxes} >= {ReferralKind.CHILDRENS_SOCIAL_CARE,
                                                             ReferralKind.OPERATION_ENCOMPASS}
    assert not view.next.isEnabled()  # the statement waits for the new decisions
