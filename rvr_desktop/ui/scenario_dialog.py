"""Choosing a practice scenario, and who plays its caller (the simulated caller or a trainer's device).

The shipped scenarios are read and checked by `load_scenarios`, off the GUI
thread (each file is parsed and cross-checked); the dialog only shows them.
"""

from __future__ import annotations

import html

from rvr_desktop.qt import QtWidgets, Signal
from rvr_desktop.training.targets_told import targets_told


def load_scenarios(policy):
    """Every shipped scenario that passes its checks (run in the background)."""
    from rvr_desktop.training import check_scenarios

    return [checked.scenario for checked in check_scenarios(policy) if checked.ok]


class ScenarioDialog(QtWidgets.QDialog):
    """Pick a scenario and who plays the caller; `chosen(scenario, by_trainer)` when the trainee starts it.

    `trainer_url` is where a trainer's device reaches this workstation; empty
    when it was not started with --trainer-network, and then only the
    simulated caller can play the caller.
    """

    chosen = Signal(object, bool)

    NO_TRAINER_NETWORK = ("For a trainer on another device, the workstation must be started for the training "
                          "room's network: ask whoever runs the training (the README's \"Training from two devices\" "
                          "says how).")

    def __init__(self, scenarios, parent: QtWidgets.QWidget | None = None, trainer_url: str = "",
                 why_no_trainer: str = NO_TRAINER_NETWORK):
        super().__init__(parent)
        self.setWindowTitle("Start a practice scenario")
        self.scenarios = list(scenarios)
        self.list = QtWidgets.QListWidget()
        self.list.setAccessibleName("Practice scenarios")
        for scenario in self.scenarios:
            self.list.addItem(scenario.title)
        self.about = QtWidgets.QLabel()
        self.about.setWordWrap(True)
        self.start = QtWidgets.QPushButton("Start this scenario")
        self.start.setAccessibleName("Start this scenario")
        self.start.setDefault(True)
        self.by_simulated = QtWidgets.QRadioButton("The simulated caller, on this computer")
        self.by_trainer = QtWidgets.QRadioButton("A trainer, on their own phone or laptop"
                                                 + (f" ({trainer_url})" if trainer_url else ""))
        self.by_simulated.setChecked(True)
        self.by_trainer.setEnabled(bool(trainer_url))
        players = QtWidgets.QGroupBox("Who plays the caller")
        players_layout = QtWidgets.QVBoxLayout(players)
        players_layout.addWidget(self.by_simulated)
        players_layout.addWidget(self.by_trainer)
        if not trainer_url:
            how = QtWidgets.QLabel(why_no_trainer)
            how.setWordWrap(True)
            players_layout.addWidget(how)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addWidget(self.about)
        layout.addWidget(players)
        layout.addWidget(self.start)
        self.list.currentRowChanged.connect(self._describe)
        self.list.activated.connect(lambda _index: self._start())
        self.start.clicked.connect(self._start)
        if self.scenarios:
            self.list.setCurrentRow(0)

    def _describe(self, row: int) -> None:
        if 0 <= row < len(self.scenarios):
            scenario = self.scenarios[row]
            teaches = "".join(f"<li>{html.escape(t)}</li>" for t in scenario.teaches)
            self.about.setText(f"<p>{html.escape(scenario.summary)}</p><ul>{teaches}</ul>"
                               f"<p>{html.escape(targets_told(scenario))}</p>")  # the times the debrief scores

    def _start(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.scenarios):
            self.accept()
            self.chosen.emit(self.scenarios[row], self.by_trainer.isChecked())
