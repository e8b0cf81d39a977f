"""Keyboard first, accessible names, inline messages, and the two themes."""

from __future__ import annotations

from rvr_desktop.qt import QtWidgets, Qt
from rvr_desktop.workflow.steps import Step
from tests.gui.case_steps import field, fill_intake, message, reach_account
from tests.gui.typing_in_any_script import type_text

INPUTS = (QtWidgets.QLineEdit, QtWidgets.QPlainTextEdit, QtWidgets.QComboBox, QtWidgets.QAbstractButton)


def _new_case(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.case_view is not None)
    return window.case_view


def test_every_input_on_every_step_has_an_accessible_name(qtbot, workstation):
    window = workstation()
    view = _new_case(qtbot, window)
    unnamed = []
    for page in (view.page(step) for step in Step):
        for widget in page.widget().findChildren(QtWidgets.QWidget):
            if isinstance(widget, INPUTS) and not widget.accessibleName().strip():
                unnamed.append(f"{page.step.label}: {type(widget).__name__} {widget.objectName()!r}")
    for widget in (view.rail, view.previous, view.next, view.back, view.escalate_button, window.cases.search,
                   window.cases.table, window.new_case_button):
        if not widget.accessibleName().strip():
            unnamed.append(type(widget).__name__)
    assert unnamed == []


def test_tab_order_follows_the_hand_over_page(qtbot, workstation):
    window = workstation()
    view = _new_case(qtbot, window)
    page = view.page(Step.INTAKE)
    assert QtWidgets.QApplication.focusWidget() is page.reference  # ready to type at once
    seen = []
    for _ in range(9):
        seen.append(QtWidgets.QApplication.focusWidget().accessibleName())
        qtbot.keyClick(QtWidgets.QApplication.focusWidget(), Qt.Key.Key_Tab)
    # The Now button is not a stop: Ctrl+T in the field stamps the time instead.
    assert seen == ["Incident (CAD) reference", "Caller's name", "Safe mobile number", "Safe time to call",
                    "Safe to leave a message", "Language", "Interpreter needed", "Accessibility needs", "Call received"]
    assert QtWidgets.QApplication.focusWidget().accessibleName() != "Call received: now"


def test_steps_are_reached_by_shortcuts_and_blocked_ones_say_why(qtbot, workstation):
    window = workstation()
    view = _new_case(qtbot, window)
    assert "Ctrl+PgDown" in view.next.toolTip() and "Ctrl+E" in view.escalate_button.toolTip()
    qtbot.keyClick(view.page(Step.INTAKE).reference, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    assert view.current_step() is Step.INTAKE  # blocked: the hand-over is not done
    assert view.notice.isVisible() and "Finish hand-over first" in view.notice.text()
    fill_intake(qtbot, view, "REF-1", "A Caller", "07911 123456", None)
    qtbot.keyClick(view.page(Step.INTAKE).reference, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert view.current_step() is Step.SAFETY
    qtbot.keyClick(view.focusWidget(), Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert view.current_step() is Step.INTAKE
    qtbot.keyClick(view.focusWidget(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.case_view is None)
    qtbot.waitUntil(lambda: len(window.cases.visible_case_ids()) == 1)


def test_bad_input_is_explained_inline_and_free_text_kept_exactly(qtbot, workstation):
    window = workstation()
    view = _new_case(qtbot, window)
    intake = view.page(Step.INTAKE)
    type_text(qtbot, intake.phone, "0121 496 0000")
    phone_message = message(intake, "safe_phone_typed")
    assert phone_message.isVisible() and "landline" in phone_message.text()
    assert view.session.case.intake.safe_phone == ""
    intake.phone.clear()
    type_text(qtbot, intake.phone, "07911 123456")
    assert not phone_message.isVisible()
    assert view.session.case.intake.safe_phone == "+447911123456"

    type_text(qtbot, intake.received, "01/01/2099 10:00")
    received_message = message(intake, "call_received_at")
    assert received_message.isVisible() and "future" in received_message.text()
    assert view.session.case.intake.call_received_at is None
    intake.received.clear()

    text = "שלום — مرحبا — 🙂\u200f   trailing spaces   "
    type_text(qtbot, intake.caller, text)
    assert view.session.case.intake.caller_name == text
    intake.caller.clear()

    reach_account(qtbot, view)
    account = view.page(Step.ACCOUNT)
    type_text(qtbot, field(account, "date_of_birth"), "01/01/1899")
    assert "before 1900" in message(account, "date_of_birth").text()
    assert view.session.case.account.victim.date_of_birth is None
    type_text(qtbot, account.incident_at, "31/12/2098 23:00")
    assert "future" in message(account, "incident_at").text()


def test_theme_switches_between_day_and_night_and_help_lists_shortcuts(qtbot, workstation):
    window = workstation()
    app = QtWidgets.QApplication.instance()
    before = app.palette().color(app.palette().ColorRole.Window).lightness()
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    after = app.palette().color(app.palette().ColorRole.Window).lightness()
    assert (before > 128) != (after > 128)
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert app.palette().color(app.palette().ColorRole.Window).lightness() == before

    qtbot.keyClick(window, Qt.Key.Key_F1)
    dialog = window.findChild(QtWidgets.QDialog)
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible())
    text = dialog.findChild(QtWidgets.QLabel).text()
    for keys in ("Ctrl+N", "Ctrl+PgDown", "Ctrl+E", "F9", "Ctrl+T", "Alt+1"):
        assert keys in text
