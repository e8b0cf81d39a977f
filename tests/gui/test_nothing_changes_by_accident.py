"""Nothing changes by accident: the wheel scrolls pages, it never changes an answer the officer has not chosen."""

from __future__ import annotations

from datetime import date, timedelta

from rvr_desktop.casework.policy_in_force import policy_for
from rvr_desktop.qt import QtCore, QtGui, QtWidgets, Qt
from rvr_desktop.training.specimen_cases import CALL_AT, CaseBuilder
from rvr_desktop.workflow.account import Child
from rvr_desktop.workflow.steps import Step
from tests.gui.case_steps import field, keep_case, message, open_listed_case, reach_account
from tests.gui.typing_in_any_script import type_text

DOWN, UP = -120, 120


def wheel(widget: QtWidgets.QWidget, notches: int) -> None:
    """Turn the mouse wheel over the middle of `widget`, as the pointer resting on it would."""
    inside = QtCore.QPointF(widget.rect().center())
    event = QtGui.QWheelEvent(inside, QtCore.QPointF(widget.mapToGlobal(inside)), QtCore.QPoint(),
                              QtCore.QPoint(0, notches), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                              Qt.ScrollPhase.NoScrollPhase, False)
    QtWidgets.QApplication.sendEvent(widget, event)


def _case_with_every_answer_open(practice):
    """A case with every step open, and a child on the account, whose answers are drop-downs."""
    build = CaseBuilder(policy_for(practice))
    case = build.done_before(Step.ACCOUNT)
    case.account.children.append(Child(name="Alex Example", date_of_birth=date(2016, 3, 1), school="Hill Primary",
                                       lives_with_victim=True, present=True))
    for step in list(Step)[list(Step).index(Step.ACCOUNT):-1]:
        build.do(step, case, CALL_AT)
    keep_case(practice, case)
    return case


def test_the_wheel_over_any_drop_down_changes_nothing_and_scrolls_the_page(qtbot, workstation, practice):
    case = _case_with_every_answer_open(practice)
    window = workstation()
    status = window.cases.status
    window.cases.search.setFocus()
    wheel(status, DOWN)
    assert status.currentIndex() == 0  # still "All cases"
    open_listed_case(qtbot, window, case.case_id)
    qtbot.waitUntil(lambda: window.case_view is not None)
    view = window.case_view
    tried = []
    for row, step in enumerate(Step):
        view.go_to(row)
        page = view.page(step)
        before = view.session.case.to_dict()
        for combo in page.widget().findChildren(QtWidgets.QComboBox):
            if not combo.isVisibleTo(page):
                continue
            view.rail.setFocus()  # the cursor is elsewhere: the pointer just rests on the drop-down
            index = combo.currentIndex()
            for notches in (DOWN, DOWN, UP, UP, UP):
                wheel(combo, notches)
                assert combo.currentIndex() == index, f"{step.label}: {combo.accessibleName()}"
            tried.append(f"{step.label}: {combo.accessibleName()}")
        assert view.session.case.to_dict() == before, step
    assert "Account: Present at the incident" in tried and "Statement: Read back" in tried, tried


def test_the_wheel_scrolls_the_page_under_a_drop_down_and_changes_one_only_once_chosen(qtbot, workstation, practice):
    case = _case_with_every_answer_open(practice)
    window = workstation()
    open_listed_case(qtbot, window, case.case_id)
    qtbot.waitUntil(lambda: window.case_view is not None)
    view = window.case_view
    view.go_to(list(Step).index(Step.ACCOUNT))
    page = view.page(Step.ACCOUNT)
    present = next(combo for combo in page.widget().findChildren(QtWidgets.QComboBox) if combo.objectName() == "present")
    bar = page.verticalScrollBar()
    assert bar.maximum() > 0  # the account is longer than the window
    bar.setValue(0)
    view.rail.setFocus()
    wheel(present, DOWN)
    assert bar.value() > 0 and present.currentText() == "Yes"
    assert view.session.case.account.children[0].present is True

    present.setFocus()  # the officer chose the drop-down: now the wheel is theirs to use on it
    scrolled = bar.value()
    wheel(present, DOWN)
    assert present.currentText() == "No" and bar.value() == scrolled
    assert view.session.case.account.children[0].present is False


def test_spin_boxes_dates_and_sliders_are_guarded_too_but_scroll_bars_still_scroll(qtbot):
    from rvr_desktop.ui.input_guards import guard_the_wheel

    area = QtWidgets.QScrollArea()
    body = QtWidgets.QWidget()
    column = QtWidgets.QVBoxLayout(body)
    spin, day, slider = QtWidgets.QSpinBox(), QtWidgets.QDateEdit(QtCore.QDate(2025, 11, 4)), QtWidgets.QSlider()
    spin.setValue(5)
    slider.setValue(50)
    elsewhere = QtWidgets.QLineEdit()  # where the cursor is
    for widget in (elsewhere, spin, day, slider):
        column.addWidget(widget)
    column.addSpacing(3000)
    area.setWidget(body)
    area.resize(300, 300)
    qtbot.addWidget(area)
    guard_the_wheel(area)
    area.show()
    area.activateWindow()
    qtbot.waitUntil(area.isActiveWindow)
    elsewhere.setFocus()
    bar = area.verticalScrollBar()
    for widget in (spin, day, slider):
        bar.setValue(0)
        wheel(widget, DOWN)
        assert bar.value() > 0, type(widget).__name__  # the page scrolled instead
        wheel(widget, UP)
    assert (spin.value(), day.date(), slider.value()) == (5, QtCore.QDate(2025, 11, 4), 50)
    bar.setValue(0)
    wheel(bar, DOWN)
    assert bar.value() > 0
    spin.setFocus()
    assert spin.hasFocus()
    wheel(spin, UP)
    assert spin.value() == 6


def _tab_names(qtbot, count: int, backwards: bool = False) -> list[str]:
    """The accessible names Tab (or Shift+Tab) visits from the focus, the focus's own first."""
    names = []
    for _ in range(count):
        focus = QtWidgets.QApplication.focusWidget()
        names.append(focus.accessibleName())
        qtbot.keyClick(focus, Qt.Key.Key_Backtab if backwards else Qt.Key.Key_Tab,
                       Qt.KeyboardModifier.ShiftModifier if backwards else Qt.KeyboardModifier.NoModifier)
    return names


def _new_case_at_the_account(qtbot, workstation):
    window = workstation()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.case_view is not None)
    view = window.case_view
    reach_account(qtbot, view)
    return view, view.page(Step.ACCOUNT)


def test_tab_after_a_typed_time_reaches_the_next_field_and_keeps_the_time(qtbot, workstation):
    view, account = _new_case_at_the_account(qtbot, workstation)
    typed = f"{view.session.now().astimezone(view.session.policy.zone) - timedelta(hours=1):%d/%m/%Y %H:%M}"
    type_text(qtbot, account.incident_at, typed)
    qtbot.keyClick(account.incident_at, Qt.Key.Key_Tab)
    place = field(account, "place")
    assert QtWidgets.QApplication.focusWidget() is place  # not the Now button
    qtbot.keyClicks(place, " Home address")
    assert account.incident_at.text() == typed and place.text() == " Home address"
    assert f"{view.session.case.account.incident_at.astimezone(view.session.policy.zone):%d/%m/%Y %H:%M}" == typed
    now = field(account, "incident_at_now")
    assert now.focusPolicy() == Qt.FocusPolicy.NoFocus and "Ctrl+T" in now.toolTip()
    assert "Ctrl+T" in account.incident_at.accessibleDescription()


def test_the_time_now_on_its_key_and_a_typed_time_it_replaced_comes_back_with_undo(qtbot, workstation):
    view, account = _new_case_at_the_account(qtbot, workstation)
    editor, zone = account.incident_at, view.session.policy.zone
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    stamped = view.session.case.account.incident_at
    assert stamped is not None and editor.text() == f"{stamped.astimezone(zone):%d/%m/%Y %H:%M}"
    assert not message(account, "incident_at").isVisible()

    editor.clear()
    typed = f"{view.session.now().astimezone(zone) - timedelta(hours=2):%d/%m/%Y %H:%M}"
    type_text(qtbot, editor, typed)
    qtbot.mouseClick(field(account, "incident_at_now"), Qt.MouseButton.LeftButton)
    assert editor.text() != typed and view.session.case.account.incident_at > stamped - timedelta(seconds=1)
    notice = message(account, "incident_at")
    assert notice.isVisible() and typed in notice.text() and "Ctrl+Z" in notice.text()
    assert QtWidgets.QApplication.focusWidget() is editor
    qtbot.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.text() == typed
    assert f"{view.session.case.account.incident_at.astimezone(zone):%d/%m/%Y %H:%M}" == typed


def test_added_rows_join_the_tab_order_where_they_appear(qtbot, workstation):
    view, account = _new_case_at_the_account(qtbot, workstation)
    injuries = account.lists[0]
    injuries.add_button.setFocus()
    qtbot.keyClick(injuries.add_button, Qt.Key.Key_Space)
    assert QtWidgets.QApplication.focusWidget().accessibleName() == "Where on the body"
    assert _tab_names(qtbot, 6) == ["Where on the body", "Description", "How it was caused", "Remove injury 1",
                                    "Add injury", "Add weapon or object"]
    injuries.add_button.setFocus()
    qtbot.keyClick(injuries.add_button, Qt.Key.Key_Space)
    assert _tab_names(qtbot, 3) == ["Where on the body", "Description", "How it was caused"]
    assert _tab_names(qtbot, 3)[-2:] == ["Add injury", "Add weapon or object"]
    injuries._tab_stops[0][0].setFocus()
    assert _tab_names(qtbot, 2, backwards=True) == ["Where on the body", "Address"]  # the suspect's, just above

    children = account.child_list
    children.add_button.setFocus()
    qtbot.keyClick(children.add_button, Qt.Key.Key_Space)
    names = _tab_names(qtbot, 10)
    assert names[:5] == ["Name", "Date of birth", "School", "Lives with the victim", "Present at the incident"]
    assert names[-3:] == ["Remove child 1", "Add child", "Add dependant"], names
