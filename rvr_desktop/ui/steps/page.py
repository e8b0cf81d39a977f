"""What every step page shares: a scrolling column, a title, and two hooks.

`refresh()` fills every input from the case (when a case is opened);
`on_case_changed()` updates only what is derived from the case (grades,
proposals, states), so typing is never interrupted by a refill.
"""

from __future__ import annotations

from rvr_desktop.qt import QtWidgets, Qt, Signal
from rvr_desktop.ui.case_session import CaseSession
from rvr_desktop.ui.form import CaseForm
from rvr_desktop.workflow.steps import Step


class StepPage(QtWidgets.QScrollArea):
    step: Step
    intro = ""
    # Whether the page shows the call's messages itself; on other pages the case view shows them.
    shows_call_messages = False
    open_step = Signal(object)  # a page asks the case view to open another step (a Step)

    def __init__(self, session: CaseSession):
        super().__init__()
        self.session = session
        self.setWidgetResizable(True)
        self.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        body = QtWidgets.QWidget()
        self.column = QtWidgets.QVBoxLayout(body)
        title = QtWidgets.QLabel(self.step.label)
        title.setObjectName("pageTitle")
        self.column.addWidget(title)
        if self.intro:
            intro = QtWidgets.QLabel(self.intro)
            intro.setWordWrap(True)
            self.column.addWidget(intro)
        self.forms: list[CaseForm] = []
        self.lists: list = []
        self._body = body  # what widget() returns, kept typed as never None
        self.setWidget(body)

    def form(self, root) -> CaseForm:
        """A new form rooted at part of the case, added to the page."""
        form = CaseForm(self.session, root)
        self.column.addLayout(form.layout)
        self.forms.append(form)
        return form

    def finish(self) -> None:
        self.column.addStretch(1)

    def refresh(self) -> None:
        for form in self.forms:
            form.refresh()
        for item_list in self.lists:
            item_list.refresh()
        self.on_case_changed()

    def on_case_changed(self) -> None:
        """Recompute what is derived from the case; override where needed."""

    def set_editable(self, editable: bool) -> None:
        """A closed step shows what was recorded but cannot be changed."""
        self._body.setEnabled(editable)

    def first_input(self) -> QtWidgets.QWidget | None:
        inputs = (QtWidgets.QLineEdit, QtWidgets.QPlainTextEdit, QtWidgets.QAbstractButton, QtWidgets.QComboBox)
        for widget in self._body.findChildren(QtWidgets.QWidget):
            # Visible too: a part hidden for this case (the review's escalation checklist) takes no cursor.
            if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isEnabled() and \
                    widget.isVisibleTo(self._body) and isinstance(widget, inputs):
                return widget
        return None


def status_line() -> QtWidgets.QLabel:
    """A line for the page's own verdict (confirmed safe, grade, submitted…)."""
    label = QtWidgets.QLabel()
    label.setObjectName("stepVerdict")
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                  | Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
