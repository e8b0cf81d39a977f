"""Before a practice run: the trainee says who they are, so the debrief and the cohort report name them.

The last trainee's details on this workstation come filled in (read off the
GUI thread by the main window, `casework.practice_trainee.read_last_trainee`), so the
same person starts the next run with Enter; another types over them. A
missing name or number is said under its field and nothing typed is lost.
"""

from __future__ import annotations

from rvr_desktop.qt import QtWidgets, Signal
from rvr_desktop.settings import OfficerProfile
from rvr_desktop.casework.practice_trainee import trainee_from_form, trainee_problems
from rvr_desktop.ui.form import message_line, show_message, show_notice

_LONGEST = 80  # a name or a number longer than this is a slip of the keyboard, not a person


class TraineeForm(QtWidgets.QDialog):
    """`confirmed(OfficerProfile)` once a name and a number are given; Cancel or Escape starts nothing."""

    confirmed = Signal(object)

    def __init__(self, last: OfficerProfile | None, parent: QtWidgets.QWidget | None = None, problem: str = ""):
        """`last`: the last trainee's details, filled in; `problem`: why they could not be read, said at the top."""
        super().__init__(parent)
        self.setWindowTitle("Who is doing this run?")
        intro = ("Your details name you in the debrief, the run's documents and the trainer's cohort report.")
        if last is not None:
            intro += " The last trainee's details are filled in: press Enter if they are yours."
        self.intro = QtWidgets.QLabel(intro)
        self.intro.setWordWrap(True)
        self.problem = message_line()
        if problem:
            show_notice(self.problem, problem)
        self.fields: dict[str, QtWidgets.QLineEdit] = {}
        self.messages: dict[str, QtWidgets.QLabel] = {}
        rows = QtWidgets.QFormLayout()
        shown = last or OfficerProfile("")
        for attr, label in (("name", "Name"), ("rank", "Rank"), ("number", "Collar or staff number"),
                            ("unit", "Unit (optional)")):
            field = QtWidgets.QLineEdit(getattr(shown, attr))
            field.setMaxLength(_LONGEST)
            field.setAccessibleName(label)
            field.textEdited.connect(lambda _text, attr=attr: self._clear_message(attr))
            self.fields[attr] = field
            rows.addRow(label, field)
            if attr in ("name", "number"):
                self.messages[attr] = message_line()
                rows.addRow("", self.messages[attr])
        self.fields["rank"].setPlaceholderText("PC, DC, or leave it blank for police staff")
        self.start = QtWidgets.QPushButton("Start the run")
        self.start.setAccessibleName("Start the run")
        self.start.setDefault(True)  # Enter in any field starts the run
        self.start.clicked.connect(self._start)
        self.cancel = QtWidgets.QPushButton("Cancel")
        self.cancel.clicked.connect(self.reject)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.start)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.problem)
        layout.addLayout(rows)
        layout.addLayout(buttons)
        # The name with its text selected: Enter keeps it, typing replaces it.
        self.fields["name"].setFocus()
        self.fields["name"].selectAll()

    def trainee(self) -> OfficerProfile:
        """The details as typed now."""
        return trainee_from_form(*(self.fields[attr].text() for attr in ("name", "rank", "number", "unit")))

    def _start(self) -> None:
        trainee = self.trainee()
        problems = trainee_problems(trainee)
        for attr, line in self.messages.items():
            show_message(line, problems.get(attr))
        if problems:
            self.fields[next(iter(problems))].setFocus()
            return
        self.accept()
        self.confirmed.emit(trainee)

    def _clear_message(self, attr: str) -> None:
        if attr in self.messages:
            show_message(self.messages[attr], None)
