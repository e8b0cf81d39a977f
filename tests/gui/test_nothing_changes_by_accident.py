"""Nothing changes by accident: the wheel scrolls pages, it never changes an answer the officer has not chosen."""

from __future__ import annotations

from datetime import date, timedelta

from pytestqt.qt_compat import qt_api

from rvr_desktop.casework.policy_in_force import policy_for
from rvr_desktop.qt import QtCore, QtWidgets, Qt
from rvr_desktop.training.specimen_cases import CALL_AT, CaseBuilder
from rvr_desktop.workflow.account import Child
from rvr_desktop.workflow.steps import Step
from tests.gui.case_steps import field, keep_case, message, open_listed_case, reach_account
from tests.gui.typing_in_any_script import type_text

DOWN, UP = -120, 120


def wheel(widget: QtWidgets.QWidget, notches: int) -> None:
    """Turn the mouse wheel with the pointer resting on the middle of `widget`, as the window system delivers it."""
    window = widget.window()
    handle = window.windowHandle()
    assert handle is not None
    under_pointer = QtCore.QPointF(widget.mapTo(window, widget.rect().center()))
    qt_api.QtTest.QTest.wheelEvent(handle, under_pointer, QtCore.QPoint(0, notches))


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


def test_the_wheel_over_any_drop_down_on_any_step_changes_nothing(qtbot, workstation, practice):
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
        # No spin box, date box or slider either: one added must ignore an unchosen wheel like a drop-down.
        assert not page.widget().findChildren(QtWidgets.QAbstractSpinBox), step
        assert not [slider for slider in page.widget().findChildren(QtWidgets.QAbstractSlider)
                    if not isinstance(slider, QtWidgets.QScrollBar)], step
        for combo in page.widget().findChildren(QtWidgets.QComboBox):
            if not combo.isVisibleTo(page):
                continue
            page.ensureWidgetVisible(combo, 0, 200)
            view.rail.setFocus()  # the cursor is elsewhere: the pointer just rests on the drop-down
            index = combo.currentIndex()
            for notches in (DOWN, UP, UP, DOWN):
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
    page.ensureWidgetVisible(present, 0, 100)
    shown = bar.value()
    assert shown < bar.maximum()  # more of the account below
    view.rail.setFocus()
    wheel(present, DOWN)
    assert bar.value() > shown and present.currentText() == "Yes"
    assert view.session.case.account.children[0].present is True

    present.setFocus()  # the officer chose the drop-down: now the wheel is theirs to use on it
    scrolled = bar.value()
    wheel(present, DOWN)
    assert present.currentText() == "No" and bar.value() == scrolled
    assert view.session.case.account.children[0].present is False


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
    assert _tab_names(qtbot, 7) == ["Where on the body", "Description", "How it was caused", "Seen on the video",
                                    "Remove injury 1", "Add injury", "Add weapon or object"]
    injuries.add_button.setFocus()
    qtbot.keyClick(injuries.add_button, Qt.Key.Key_Space)
    assert _tab_names(qtbot, 3) == ["Where on the body", "Description", "How it was caused"]
    assert _tab_names(qtbot, 4)[-2:] == ["Add injury", "Add weapon or object"]
    injuries._tab_stops[0][0].setFocus()
    assert _tab_names(qtbot, 2, backwards=True) == ["Where on the body", "Bail until"]  # the suspect's, just above

    children = account.child_list
    children.add_button.setFocus()
    qtbot.keyClick(children.add_button, Qt.Key.Key_Space)
    names = _tab_names(qtbot, 24)
    assert names[:5] == ["Name", "Date of birth", "School or nursery", "Lives with the victim", "Present at the incident"]
    assert names[-3:] == ["Remove child 1", "Add child", "Add dependant"], names
