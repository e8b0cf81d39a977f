"""Driving the case view as an officer does: keys into fields, clicks on buttons.

Shared by the GUI stories so each story reads as the officer's path.
"""

from __future__ import annotations

from rvr_desktop.qt import QtWidgets, Qt
from rvr_desktop.ui.case_view import CaseView
from rvr_desktop.workflow.answers import Answer
from rvr_desktop.workflow.safety import ALL_QUESTIONS
from rvr_desktop.workflow.steps import Step
from rvr_desktop.workflow.video import VideoEventKind
from tests.gui.typing_in_any_script import type_text


def open_main_window(qtbot, settings, services=None, policy=None):
    """A workstation built as `rvr-desktop` builds it, its main window shown and active.

    `services` starts the services (see `app.link_service_only`); without it
    none run, as when they have not started yet. `policy` is a changed
    policy to work under; by default the force's own is read. Stop it with
    `window.workstation.stop()`.
    """
    from rvr_desktop.app import Workstation
    from rvr_desktop.ui.main_window import MainWindow

    window = MainWindow(Workstation(settings, services=services, policy=policy))
    qtbot.addWidget(window)
    window.show()
    # Shortcuts and focus work as on a desk only in the active window.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.workstation.start()
    return window


def keep_case(settings, case) -> None:
    """Put a case in the store as if an earlier session had saved it."""
    from rvr_desktop.casework.starting import headline_of
    from rvr_desktop.store.case_store import CaseStore

    store = CaseStore(settings.data_dir, settings.officer)
    try:
        store.cases.create(case.to_dict(), headline_of(case), case.case_id)
    finally:
        store.close()


def open_listed_case(qtbot, window, case_id: str) -> None:
    """Open a case from the case list, once the list shows it, as the officer does."""
    qtbot.waitUntil(lambda: case_id in window.cases.visible_case_ids())
    window.open_case(case_id)


def open_at_review(qtbot, workstation, settings, case) -> CaseView:
    """Keep `case` as an earlier session would, open it from the list in a new window and go to its last step."""
    keep_case(settings, case)
    window = workstation()
    open_listed_case(qtbot, window, case.case_id)
    qtbot.waitUntil(lambda: window.case_view is not None)
    view = window.case_view
    view.go_to(view.rail.count() - 1)
    return view


def field(page, name: str) -> QtWidgets.QWidget:
    """The input a page shows for the attribute `name` (the first one, in page order)."""
    found = page.widget().findChildren(QtWidgets.QWidget, name)
    assert found, f"{type(page).__name__} has no input named {name}"
    return found[0]


def message(page, attr: str) -> QtWidgets.QLabel:
    """The plain-words message line under a page's field."""
    for form in page.forms:
        if attr in form.messages:
            return form.messages[attr]
    raise AssertionError(f"{type(page).__name__} has no field {attr}")


def click(qtbot, button: QtWidgets.QAbstractButton) -> None:
    assert button.isEnabled(), f"{button.text()!r} is disabled"
    if isinstance(button, QtWidgets.QCheckBox):
        # A check box spans its row; the officer ticks it with the space bar.
        button.setFocus()
        qtbot.keyClick(button, Qt.Key.Key_Space)
    else:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def next_step(qtbot, view: CaseView, expected: Step) -> None:
    if not view.window().isActiveWindow():
        # A bare X server has no window manager to give the window back its
        # keyboard after the video view appears; a desktop does this itself.
        view.window().activateWindow()
        qtbot.waitUntil(view.window().isActiveWindow)
        view.focus_step()
    qtbot.keyClick(view.focusWidget() or view, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert view.current_step() is expected, (
        f"on {view.current_step()}, expected {expected}: {view.rail.item(view.rail.currentRow() + 1).toolTip()}")


def fill_intake(qtbot, view: CaseView, reference: str, caller: str, phone: str, received: str | None) -> None:
    page = view.page(Step.INTAKE)
    for editor in (page.reference, page.caller, page.phone, page.received):
        editor.clear()
    type_text(qtbot, page.reference, reference)
    qtbot.keyClick(page.reference, Qt.Key.Key_Tab)
    type_text(qtbot, page.caller, caller)
    type_text(qtbot, page.phone, phone)
    if received is None:
        click(qtbot, field(page, "call_received_at_now"))
    else:
        type_text(qtbot, page.received, received)


def answer_safety(qtbot, view: CaseView, answers: dict[str, Answer] | None = None) -> None:
    """Answer every question safely, except those in `answers`."""
    page = view.page(Step.SAFETY)
    for key, buttons in page.groups.items():
        answer = (answers or {}).get(key, ALL_QUESTIONS[key].safe_answer)
        click(qtbot, buttons[answer])


def answer_risk(qtbot, view: CaseView, yes: int) -> None:
    page = view.page(Step.RISK)
    for index, buttons in enumerate(page.buttons.values()):
        click(qtbot, buttons[Answer.YES if index < yes else Answer.NO])


def add_child(qtbot, view: CaseView, name: str, born: str, school: str) -> None:
    page = view.page(Step.ACCOUNT)
    click(qtbot, page.child_list.add_button)
    frame = page.child_list.findChildren(QtWidgets.QFrame, "listItem")[-1]
    type_text(qtbot, frame.findChild(QtWidgets.QLineEdit, "name"), name)
    type_text(qtbot, frame.findChild(QtWidgets.QLineEdit, "date_of_birth"), born)
    type_text(qtbot, frame.findChild(QtWidgets.QLineEdit, "school"), school)
    choose(qtbot, frame.findChild(QtWidgets.QComboBox, "lives_with_victim"), "Yes")


def choose(qtbot, combo: QtWidgets.QComboBox, text: str) -> None:
    """Pick an option with the arrow keys, as a keyboard user does."""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentText() == text:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    raise AssertionError(f"{combo.objectName()} has no option {text!r}")


def reach_account(qtbot, view: CaseView) -> None:
    """Hand-over, safety, link and video done: the account step is open."""
    fill_intake(qtbot, view, "REF-ACCOUNT", "A Caller", "07911 123456", None)
    next_step(qtbot, view, Step.SAFETY)
    answer_safety(qtbot, view)
    next_step(qtbot, view, Step.LINK)
    click(qtbot, view.page(Step.LINK).send)
    next_step(qtbot, view, Step.VIDEO)
    click(qtbot, view.page(Step.VIDEO).buttons[VideoEventKind.CONNECTED])
    next_step(qtbot, view, Step.ACCOUNT)


def fill_statement(qtbot, view: CaseView, maker: str, read_back_at: str | None = None,
                   not_signed: str | None = "To be signed in person") -> None:
    """A statement taken from the account, read back over video (at `read_back_at`, or now) and confirmed; with
    `not_signed`, the reason chosen for her not signing over the call (None: she is asked to sign after)."""
    statement = view.page(Step.STATEMENT)
    name = field(statement, "maker_name")
    name.setFocus()
    qtbot.keyClick(name, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # over the hand-over's name
    type_text(qtbot, name, maker)
    if field(statement, "maker_over_18").isEnabled():  # asked when the account has no date of birth
        choose(qtbot, field(statement, "maker_over_18"), "Yes")
    click(qtbot, statement.copy)
    choose(qtbot, field(statement, "read_back_by"), "Over video")
    for moment in ("read_back_started_at", "read_back_at"):
        if read_back_at is None:
            click(qtbot, field(statement, f"{moment}_now"))
        else:
            type_text(qtbot, field(statement, moment), read_back_at)
    click(qtbot, field(statement, "confirmed_true"))
    for moment in ("started_at", "finished_at"):
        if read_back_at is None:
            click(qtbot, field(statement, f"{moment}_now"))
        else:
            type_text(qtbot, field(statement, moment), read_back_at)
    type_text(qtbot, field(statement, "witness_location"), "at home")
    type_text(qtbot, field(statement, "dates_to_avoid"), "none")
    type_text(qtbot, field(statement, "court_needs"), "none")
    choose(qtbot, field(statement, "special_measures"), "No")
    choose(qtbot, field(statement, "medical_records_consent"), "Yes")
    choose(qtbot, field(statement, "medical_disclosure_consent"), "Yes")
    choose(qtbot, field(statement, "family_civil_disclosure_consent"), "No")
    choose(qtbot, field(statement, "victim_personal_statement_offered"), "Yes")
    choose(qtbot, field(statement, "victim_personal_statement"), "To be made later")
    choose(qtbot, field(statement, "witness_service_referral"), "Yes")
    if not_signed is not None:  # no phone to sign on: the officer records why it is not signed over the call
        choose(qtbot, field(statement, "not_signed_reason"), not_signed)


def confirm_submission(qtbot, review) -> None:
    """Answer "Submit" in the confirmation the review page opens."""
    qtbot.waitUntil(lambda: review.confirmation is not None and review.confirmation.isVisible())
    submit = next(button for button in review.confirmation.buttons() if button.text() == "Submit")
    qtbot.mouseClick(submit, Qt.MouseButton.LeftButton)


def submit(qtbot, view: CaseView) -> None:
    """Review and submit, confirm, and wait until the case is in the outbox."""
    review = view.page(Step.REVIEW)
    click(qtbot, review.submit)
    confirm_submission(qtbot, review)
    try:
        qtbot.waitUntil(lambda: review.verdict.text() == "Submitted \u2014 read only.")
    except qtbot.TimeoutError:
        raise AssertionError(f"not submitted: {review.verdict.text()!r}; {review.message.text()!r}") from None
