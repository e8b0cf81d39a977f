"""A practice run's debrief in a window of its own: the score, then each criterion with its verdict, why, and
the particulars (which step, which answer, which referral).

A view only: the verdicts and their words are the debrief's (training/debrief.py), the same words its PDF
prints (training/debrief_pdf.py). Not modal, so the trainee can read it beside the case it scores.
"""

from __future__ import annotations

from rvr_desktop.qt import QtWidgets, Qt
from rvr_desktop.training import Criterion, Debrief, Verdict

_TONE = {Verdict.PASSED: "ok", Verdict.FAILED: "danger", Verdict.NOT_APPLICABLE: ""}


class CriterionRow:
    """One criterion as the window shows it: its name, verdict, reason and particulars (labels)."""

    def __init__(self, criterion: Criterion, verdict: QtWidgets.QLabel, reason: QtWidgets.QLabel,
                 details: QtWidgets.QLabel):
        self.criterion = criterion
        self.verdict = verdict
        self.reason = reason
        self.details = details


class DebriefWindow(QtWidgets.QDialog):
    """The debrief of one run, criterion by criterion. Opened with `show()`; `rows[criterion]` for each one."""

    def __init__(self, debrief: Debrief, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.debrief = debrief
        self.setWindowTitle(f"Debrief: {debrief.scenario_title}")
        self.setModal(False)
        self.resize(800, 720)
        heading = QtWidgets.QLabel(f"Score: {debrief.passed} of {debrief.out_of} criteria passed")
        heading.setObjectName("pageTitle")
        heading.setAccessibleName("Debrief score")
        self.about = about = QtWidgets.QLabel(f"Trainee: {debrief.trainee or 'not recorded'}\n"
                                 f"Scenario: {debrief.scenario_title}\n"
                                 f"The right decision: {debrief.right_decision.label}")
        about.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.rows: dict[Criterion, CriterionRow] = {}
        grid_holder = QtWidgets.QWidget()
        grid = QtWidgets.QGridLayout(grid_holder)
        grid.setColumnStretch(2, 1)
        for line, result in enumerate(debrief.results):
            self.rows[result.criterion] = row = self._row(result.criterion, result.verdict, result.reason,
                                                          result.details)
            name = QtWidgets.QLabel(result.criterion.label)
            bold = name.font()
            bold.setBold(True)
            name.setFont(bold)  # not a section heading: its margin would set it off the row's verdict
            name.setWordWrap(True)
            grid.addWidget(name, 2 * line, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(row.verdict, 2 * line, 1, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(row.reason, 2 * line, 2, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(row.details, 2 * line + 1, 2)
        grid.setRowStretch(2 * len(debrief.results), 1)
        scroll = QtWidgets.QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(grid_holder)
        where = QtWidgets.QLabel("The debrief PDF is kept with the case's documents (Ctrl+D).")
        where.setWordWrap(True)
        close = QtWidgets.QPushButton("Close")
        close.clicked.connect(self.close)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(about)
        layout.addWidget(scroll, 1)
        layout.addWidget(where)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)

    @staticmethod
    def _row(criterion: Criterion, verdict: Verdict, reason: str, details: tuple[str, ...]) -> CriterionRow:
        shown = QtWidgets.QLabel(verdict.label)
        shown.setProperty("tone", _TONE[verdict])
        shown.setAccessibleName(f"{criterion.label}: result")
        why = QtWidgets.QLabel(reason)
        why.setWordWrap(True)
        why.setAccessibleName(f"{criterion.label}: why")
        why.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        particulars = QtWidgets.QLabel("\n".join(f"\u2022 {detail}" for detail in details))
        particulars.setWordWrap(True)
        particulars.setAccessibleName(f"{criterion.label}: the particulars")
        particulars.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        particulars.setVisible(bool(details))
        return CriterionRow(criterion, shown, why, particulars)
