"""Saying who the trainee is before a practice run, as a trainee does: the form the workstation opens, typed in,
Enter pressed. Every test that starts a scenario goes this way (there is no other)."""

from __future__ import annotations

from rvr_desktop.qt import QtWidgets, Qt
from rvr_desktop.ui.trainee_form import TraineeForm
from tests.gui.typing_in_any_script import type_text

JO = {"name": "Jo Bloggs", "rank": "PC", "number": "1234"}


def trainee_form(qtbot, window) -> TraineeForm:
    """The form the window opened for the run being started, once it is on screen."""
    qtbot.waitUntil(lambda: getattr(window, "trainee_form", None) is not None and window.trainee_form.isVisible(),
                    timeout=10_000)
    return window.trainee_form


def type_over(qtbot, field: QtWidgets.QLineEdit, text: str) -> None:
    """Select what the field holds and type `text` in its place, as a trainee types over the last one's details."""
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    type_text(qtbot, field, text)


def say_who_i_am(qtbot, window, **details: str) -> TraineeForm:
    """Type `details` (name, rank, number, unit; by default Jo Bloggs's) over the form's and press Enter."""
    form = trainee_form(qtbot, window)
    for attr, text in (details or JO).items():
        type_over(qtbot, form.fields[attr], text)
    qtbot.keyClick(form.focusWidget(), Qt.Key.Key_Return)
    return form
