"""Ctrl+E and F9 escalate from the call's own window too: on a second screen, the pop-out may have the keyboard
when the suspect comes back. The link service is real; nobody needs to join for the pane to be there."""

from __future__ import annotations

from rvr_desktop.qt import QtWidgets, Qt
from rvr_desktop.workflow.escalation_reasons import ESCALATION_REASONS
from rvr_desktop.workflow.outcome import OutcomeKind
from tests.e2e.video.workstation import open_case_with_the_call_beside
from tests.gui.case_steps import click

ESCALATE = ((Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier), (Qt.Key.Key_F9, Qt.KeyboardModifier.NoModifier))


def _focus() -> QtWidgets.QWidget:
    return QtWidgets.QApplication.focusWidget()


def _activate(qtbot, window: QtWidgets.QWidget) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def test_escalation_keys_work_from_every_control_of_the_popped_out_call(qtbot, data_dir, link_service):
    window, view, thread = open_case_with_the_call_beside(qtbot, data_dir, link_service)
    pane = view.call_pane
    try:
        pane.raise_flag("The caller joined the call")  # its "Seen" button is in the window too
        click(qtbot, pane.pop_button)
        popped = pane.window()
        assert pane.popped_out and popped is not window
        pane.raise_flag("The caller joined the call")
        controls = [widget for widget in popped.findChildren(QtWidgets.QAbstractButton)
                    if widget.isVisible() and widget.isEnabled() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus]
        assert {pane.pop_button, pane.seen, pane.panel.mute, pane.panel.end} <= set(controls)
        _activate(qtbot, popped)
        for tried, control in enumerate(controls):
            control.setFocus()
            assert _focus() is control, control.accessibleName()
            key, modifiers = ESCALATE[tried % 2]
            qtbot.keyClick(control, key, modifiers)
            # The reasons are in the case's window: it comes forward with the first reason under the cursor,
            # so the one key that picks a reason reaches it.
            assert view.escalation.isVisible() and view.escalation.pick.isVisible(), (
                f"{control.accessibleName()!r} kept {key.name}")
            qtbot.waitUntil(window.isActiveWindow)
            assert _focus() is view.escalation.reasons["1"], control.accessibleName()
            qtbot.keyClick(_focus(), Qt.Key.Key_Escape)
            assert not view.escalation.isVisible() and view.session.case.outcome is None
            # Nothing recorded, and the cursor is back where it was, in the call's window.
            qtbot.waitUntil(popped.isActiveWindow)
            assert _focus() is control, control.accessibleName()
        assert pane.popped_out and view.call_pane is pane

        # And once more, picking the reason on its key: the case is escalated from the call's window.
        _activate(qtbot, popped)
        pane.panel.mute.setFocus()
        qtbot.keyClick(pane.panel.mute, Qt.Key.Key_F9)
        qtbot.waitUntil(window.isActiveWindow)
        qtbot.keyClick(_focus(), Qt.Key.Key_1)
        outcome = view.session.case.outcome
        assert outcome is not None and outcome.kind is OutcomeKind.ESCALATED
        assert outcome.reason == ESCALATION_REASONS[0].words
    finally:
        view.close_case()
        window.close()
        thread.shutdown()
