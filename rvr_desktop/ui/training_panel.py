"""The trainee's panel beside a practice case: the times the run is scored against, the caller's words for the
current step, the trainer's console, and the debrief button (the debrief opens in its own window,
ui/debrief_window.py).

A view only: what the run decides (the timetable, the score) is the practice
run's (ui/practice_run.py, over casework/practice_run.py); this panel asks it
and shows what it says.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rvr_desktop.qt import QtCore, QtWidgets, Qt
from rvr_desktop.training import targets_told
from rvr_desktop.ui.debrief_window import DebriefWindow
from rvr_desktop.ui.form import heading, show_notice

if TYPE_CHECKING:
    from rvr_desktop.ui.practice_run import PracticeRun


class TrainingPanel(QtWidgets.QWidget):
    """The targets, the caller's words for the current step, the trainer's console, and the debrief."""

    ASK = "Choose what you ask: once the caller has joined they answer in the call, and their words show here."

    def __init__(self, run: PracticeRun, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.run = run
        self.setMinimumWidth(320)
        self.setMaximumWidth(420)
        title = QtWidgets.QLabel(f"Practice: {run.scenario.title}")
        title.setWordWrap(True)
        title.setObjectName("sectionHeading")
        # Shown for the whole run: the debrief scores these times, so the trainee must know them from the start.
        self.targets = QtWidgets.QLabel(targets_told(run.scenario))
        self.targets.setWordWrap(True)
        self.targets.setAccessibleName("Your targets")
        self.prompts = QtWidgets.QListWidget()
        self.prompts.setAccessibleName("Ask the caller")
        self.says = QtWidgets.QLabel(self.ASK)
        self.says.setWordWrap(True)
        self.says.setAccessibleName("The caller says")
        self.says.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice = QtWidgets.QLabel()
        self.notice.setWordWrap(True)
        self.notice.setObjectName("fieldMessage")
        self.notice.setAccessibleName("Practice notice")
        self.debrief_button = QtWidgets.QPushButton("Debrief: score this run")
        self.debrief_button.setAccessibleName("Debrief this run")
        self.result = QtWidgets.QLabel()
        self.result.setWordWrap(True)
        self.result.setAccessibleName("Debrief result")
        self.debrief_window: DebriefWindow | None = None
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.targets)
        self.event_buttons = []
        if run.console_link is not None:
            from rvr_desktop.ui.trainer_device import TrainerDevicePanel

            # The trainer has the caller's script and the events on their own device.
            self.device = TrainerDevicePanel(run.console_link, run.session.services.trainer_certificate)
            layout.addWidget(self.device, 1)
        else:
            layout.addWidget(heading("The simulated caller"))
            layout.addWidget(self.prompts, 1)
            layout.addWidget(self.says)
            layout.addWidget(heading("Trainer's console"))
            for event in run.scenario.events:
                button = QtWidgets.QPushButton(f"Fire: {event.kind.label}")
                button.setAccessibleName(f"Fire event: {event.kind.label}")
                button.clicked.connect(lambda _=False, e=event: run.fire(e))
                layout.addWidget(button)
                self.event_buttons.append(button)
            if not run.scenario.events:
                layout.addWidget(QtWidgets.QLabel("This scenario has no scripted events."))
        layout.addWidget(self.notice)
        layout.addWidget(self.debrief_button)
        layout.addWidget(self.result)
        self.prompts.currentItemChanged.connect(lambda item, _previous: self._show(item))
        self.prompts.itemClicked.connect(self._ask)
        self.prompts.installEventFilter(self)  # Enter or Space asks the current question
        self.debrief_button.clicked.connect(self._debrief)
        run.told.connect(lambda text: show_notice(self.notice, text))
        run.noted.connect(lambda text: show_notice(self.notice, text, neutral=True))
        run.debriefed.connect(self._show_debrief)
        run.stopped.connect(self._close_debrief)

    def show_step(self, step) -> None:
        if self.run.console_link is not None:  # the trainer has the script on their device
            return
        from rvr_desktop.training.caller_script import prompt_label, scenario_instrument

        # Refilled silently: clearing moves the current row, which must not read as the trainee asking.
        blocker = QtCore.QSignalBlocker(self.prompts)
        self.prompts.clear()
        instrument = scenario_instrument(self.run.scenario, self.run.session.policy)
        for prompt in self.run.script.prompts(step):
            # The question in words, as the trainee asks it; the prompt's key stays with the item.
            item = QtWidgets.QListWidgetItem(prompt_label(prompt, instrument))
            item.setData(Qt.ItemDataRole.UserRole, prompt)
            self.prompts.addItem(item)
        blocker.unblock()
        self.says.setText(self.ASK)  # an answer from another step would read as this step's

    ASK_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if (watched is self.prompts and event.type() == QtCore.QEvent.Type.KeyPress
                and event.key() in self.ASK_KEYS and self.prompts.currentItem() is not None):
            self._ask(self.prompts.currentItem())
            return True
        return super().eventFilter(watched, event)

    def _show(self, item) -> None:
        """Moving through the list shows each answer; the caller says nothing until one is asked."""
        prompt = item.data(Qt.ItemDataRole.UserRole) if item is not None else ""
        if prompt:
            self.says.setText("\n".join(line.caption for line in self.run.script.say(prompt)))

    def _ask(self, item) -> None:
        """Clicked, or Enter pressed: the trainee asks it, and the caller answers aloud in the call."""
        self._show(item)
        prompt = item.data(Qt.ItemDataRole.UserRole) if item is not None else ""
        if prompt:
            self.run.speak(prompt)

    def _debrief(self) -> None:
        self._close_debrief()
        self.debrief_button.setEnabled(False)
        self.result.setText("Scoring the run…")
        self.run.debrief()

    def _show_debrief(self, debrief) -> None:
        """Each scoring opens a fresh window (an earlier one scored the case as it was then)."""
        self.debrief_button.setEnabled(True)
        self._close_debrief()  # scored twice at once, say
        self.debrief_window = DebriefWindow(debrief, self.window())
        self.debrief_window.show()
        self.result.setText(f"Score {debrief.passed} of {debrief.out_of}: the debrief is open in its own window, "
                            "and its PDF is in the case's documents (Ctrl+D).")

    def _close_debrief(self) -> None:
        """The window of a run scored again, or of a case closed, goes: it would score what is no longer there."""
        if self.debrief_window is not None:
            self.debrief_window.close()
            self.debrief_window.deleteLater()
            self.debrief_window = None
