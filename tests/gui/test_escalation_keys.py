"""Escalation cannot be swallowed: Ctrl+E or F9 from any field, a reason on one key, Escape cancels."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from datetime import date

import pytest

from rvr_desktop.casework.policy_in_force import policy_for
from rvr_desktop.qt import QtWidgets, Qt
from rvr_desktop.training.specimen_cases import CALL_AT, CaseBuilder
from rvr_desktop.workflow.account import Child, Injury
from rvr_desktop.workflow.escalation_reasons import ESCALATION_REASONS
from rvr_desktop.workflow.outcome import OutcomeKind
from rvr_desktop.workflow.steps import Step
from tests.gui.case_steps import keep_case, open_listed_case
from tests.gui.typing_in_any_script import type_text

INPUTS = (QtWidgets.QLineEdit, QtWidgets.QPlainTextEdit, QtWidgets.QComboBox, QtWidgets.QAbstractButton)
ESCALATE = ((Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier), (Qt.Key.Key_F9, Qt.KeyboardModifier.NoModifier))


def _focus() -> QtWidgets.QWidget:
    return QtWidgets.QApplication.focusWidget()


def _new_case(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.case_view is not None)
    return window.case_view


def _value(widget: QtWidgets.QWidget):
    if isinstance(widget, QtWidgets.QLineEdit):
        return widget.text()
    if isinstance(widget, QtWidgets.QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QtWidgets.QComboBox):
        return widget.currentIndex()
    if isinstance(widget, QtWidgets.QAbstractButton):
        return widget.isChecked()
    return None


def test_escalation_keys_open_the_reasons_from_every_field_of_every_step_and_escape_puts_the_cursor_back(
        qtbot, workstation, practice):
    build = CaseBuilder(policy_for(practice))
    case = build.done_before(Step.ACCOUNT)
    # Rows added to the account are fields too.
    case.account.children.append(Child(name="Alex Example", date_of_birth=date(2016, 3, 1), school="Hill Primary"))
    case.account.injuries.append(Injury(body_location="left arm"))
    for step in list(Step)[list(Step).index(Step.ACCOUNT):-1]:
        build.do(step, case, CALL_AT)
    keep_case(practice, case)
    window = workstation()
    open_listed_case(qtbot, window, case.case_id)
    qtbot.waitUntil(lambda: window.case_view is not None)
    view = window.case_view
    tried = 0
    for row, step in enumerate(Step):
        view.go_to(row)
        assert view.current_step() is step
        page = view.page(step)
        fields = [widget for widget in page.widget().findChildren(QtWidgets.QWidget)
                  if isinstance(widget, INPUTS) and widget.isVisibleTo(page) and widget.isEnabled()
                  and widget.focusPolicy() & Qt.FocusPolicy.TabFocus]
        assert fields, step
        for widget in (*fields, view.rail, view.back):
            widget.setFocus()
            assert _focus() is widget, f"{step.label}: {widget.accessibleName()}"
            before = _value(widget)
            key, modifiers = ESCALATE[tried % 2]
            qtbot.keyClick(widget, key, modifiers)
            tried += 1
            assert view.escalation.isVisible() and view.escalation.pick.isVisible(), (
                f"{step.label}: {type(widget).__name__} {widget.accessibleName()!r} kept {key.name}")
            assert _focus() is view.escalation.reasons["1"]
            qtbot.keyClick(_focus(), Qt.Key.Key_Escape)
            assert not view.escalation.isVisible()
            assert _focus() is widget and _value(widget) == before, f"{step.label}: {widget.accessibleName()}"
    assert view.session.case.outcome is None and tried > 100


def test_a_reason_on_one_key_escalates_at_once_and_details_follow(qtbot, workstation):
    window = workstation()
    view = _new_case(qtbot, window)
    caller = view.page(Step.INTAKE).caller
    type_text(qtbot, caller, "Sam")
    qtbot.keyClick(caller, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert [button.text().split()[0] for button in view.escalation.reasons.values()] == [
        reason.key for reason in ESCALATION_REASONS]
    qtbot.keyClick(_focus(), Qt.Key.Key_1)
    outcome = view.session.case.outcome
    assert outcome is not None and outcome.kind is OutcomeKind.ESCALATED
    assert outcome.reason == ESCALATION_REASONS[0].words
    assert view.escalation.after.isVisible() and not view.escalation.pick.isVisible()
    assert "Escalated at" in view.escalation.done.text() and _focus() is view.escalation.details

    type_text(qtbot, view.escalation.details, "He is at the front door 2 minutes away")
    qtbot.keyClick(view.escalation.details, Qt.Key.Key_Return)
    assert outcome.reason == f"{ESCALATION_REASONS[0].words}. Details: He is at the front door 2 minutes away"
    assert view.escalation.details.text() == "" and "Added" in view.escalation.details_message.text()
    qtbot.keyClick(view.escalation.details, Qt.Key.Key_Escape)
    assert not view.escalation.isVisible()
    qtbot.keyClick(_focus(), Qt.Key.Key_F9)  # an ended case escalates no more
    assert not view.escalation.isVisible()


def test_escape_cancels_before_the_pick_and_digits_typed_in_a_field_stay_digits(qtbot, workstation):
    window = workstation()
    view = _new_case(qtbot, window)
    notes = next(w for w in view.page(Step.INTAKE).widget().findChildren(QtWidgets.QPlainTextEdit))
    type_text(qtbot, notes, "Uses a wheelchair")
    qtbot.keyClick(notes, Qt.Key.Key_F9)
    assert view.escalation.isVisible()
    qtbot.keyClick(_focus(), Qt.Key.Key_Escape)
    assert not view.escalation.isVisible() and _focus() is notes
    qtbot.keyClicks(notes, " 2")
    assert notes.toPlainText() == "Uses a wheelchair 2" and view.session.case.outcome is None
    qtbot.mouseClick(view.escalate_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.escalation.reasons["4"], Qt.MouseButton.LeftButton)
    assert view.session.case.outcome.reason == ESCALATION_REASONS[3].words


_LINE_EDIT_ON_X11 = textwrap.dedent("""
    from rvr_desktop.qt import QtGui, QtWidgets, Qt
    from PySide6.QtTest import QTest
    from rvr_desktop.ui.input_guards import KeysNoFieldTakes

    app = QtWidgets.QApplication([])
    window = QtWidgets.QWidget()
    field = QtWidgets.QLineEdit(window)
    fired = []
    shortcut = QtGui.QShortcut(QtGui.QKeySequence("Ctrl+E"), window)
    shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
    shortcut.activated.connect(lambda: fired.append("Ctrl+E"))
    window.show()
    window.activateWindow()
    field.setFocus()
    QTest.qWaitForWindowActive(window)
    QTest.keyClick(field, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    unguarded = len(fired)
    app.installEventFilter(KeysNoFieldTakes(["Ctrl+E"], window))
    QTest.keyClick(field, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    print(app.platformName(), unguarded, len(fired) - unguarded)
""")


def test_under_x11_a_one_line_field_takes_ctrl_e_unless_the_guard_refuses_it():
    # X11's key bindings (not the offscreen platform's) make Ctrl+E "end of line" in a QLineEdit: the
    # bug the officers met. Run a real X server to see the field take the key, then the guard stop it.
    if shutil.which("xvfb-run") is None:
        # installer/setup installs Xvfb with the suite: missing, it is a broken set-up, never a pass.
        pytest.fail("this test needs xvfb-run; installer/setup test installs it")
    result = subprocess.run(["xvfb-run", "-a", sys.executable, "-c", _LINE_EDIT_ON_X11], capture_output=True,
                            text=True, timeout=120, env={**_environment(), "QT_QPA_PLATFORM": "xcb"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["xcb", "0", "1"], result.stdout + result.stderr


def _environment() -> dict[str, str]:
    import os

    return {key: value for key, value in os.environ.items() if key != "QT_QPA_PLATFORM"}
