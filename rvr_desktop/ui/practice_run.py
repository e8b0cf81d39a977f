"""A practice run: a scenario, its simulated caller, the trainer's console and the debrief.

The trainee works an ordinary case; the run only watches (which steps were
opened when, which scripted events fired), plays the caller (a simulated
phone joins the call when the link is texted; the caller's words are shown
here), and at the end scores the case against the scenario.
"""

from __future__ import annotations

import html
import logging
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from rvr_desktop.qt import QtCore, QtWidgets, Qt, Signal
from rvr_desktop.store.case_files import CaseFileKind
from rvr_desktop.ui.background import run_in_background, when_done
from rvr_desktop.ui.case_session import CaseSession
from rvr_desktop.ui.form import heading, show_notice

log = logging.getLogger(__name__)


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

    NO_TRAINER_NETWORK = ("For a trainer on another device, start the workstation with --trainer-network and this "
                          "computer's address on the training room's network (see the README).")

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
            self.about.setText(f"<p>{html.escape(scenario.summary)}</p><ul>{teaches}</ul>")

    def _start(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.scenarios):
            self.accept()
            self.chosen.emit(self.scenarios[row], self.by_trainer.isChecked())


def start_case(scenario, policy, received):
    """A new case with the control room's hand-over from the scenario filled in; the call came in at `received`."""
    from rvr_desktop.workflow.case import new_case
    from rvr_desktop.workflow.intake import enter_safe_phone
    from rvr_desktop.training.scenario import InterpreterNeed

    case = new_case(policy, received)
    intake = case.intake
    intake.incident_reference = f"{scenario.handover.incident_reference}-{received:%H%M}"
    intake.caller_name = scenario.caller.name
    enter_safe_phone(intake, scenario.caller.phone, policy.phone)
    intake.safe_time_to_call = scenario.handover.safe_time_to_call
    intake.language = scenario.caller.language
    intake.interpreter_needed = scenario.caller.interpreter is not InterpreterNeed.NONE
    intake.accessibility_needs = scenario.caller.accessibility
    intake.call_received_at = received
    return case


class PracticeRun(QtCore.QObject):
    """Watches one trainee's case for its scenario; plays the caller, or lets a trainer play it; scores it.

    With `by_trainer`, a trainer plays the caller from their own device: the
    run opens a trainer's console on the link service (the caller's script,
    the texts to the caller's phone, and the events to fire) and follows what
    the trainer fires there, instead of starting the simulated caller.
    """

    told = Signal(str)  # a problem, or a scripted event the trainee must act on
    noted = Signal(str)  # neutral news: someone joined, a console opened
    debriefed = Signal(object)  # the Debrief

    def __init__(self, scenario, session: CaseSession, parent: QtCore.QObject | None = None,
                 by_trainer: bool = False):
        super().__init__(parent)
        from rvr_desktop.training import caller_script

        self.scenario = scenario
        self.session = session
        self.script = caller_script(scenario, session.policy, session.case.intake.call_received_at or session.now())
        self.visits: list = []
        self.fired: list = []
        self.caller = None
        self._joined_invites: set[str] = set()
        self._picture_folder: tempfile.TemporaryDirectory | None = None
        self._stopped = False
        self._voice_failed = False
        # One line at a time, in the order asked: synthesis and playing share this single thread.
        self._voice = ThreadPoolExecutor(max_workers=1, thread_name_prefix="caller-voice")
        self.console_link = None
        if by_trainer:
            from rvr_desktop.training.trainer_brief import trainer_brief
            from rvr_desktop.ui.trainer_device import TrainerConsoleLink

            self.console_link = TrainerConsoleLink(session, trainer_brief(scenario, self.script, session.policy),
                                                   scenario.caller.phone, self)
            self.console_link.told.connect(self.told)
            self.console_link.opened_on_device.connect(
                lambda: self.noted.emit("The trainer's console is open on their device."))
            self.console_link.fired.connect(self._fired_on_console)
        self._watch = QtCore.QTimer(self, interval=500)
        self._watch.timeout.connect(self._tick)
        self._watch.start()

    def visited(self, step) -> None:
        from rvr_desktop.training import StepVisit

        self.visits.append(StepVisit(step, self.session.now()))

    def fire(self, event, on_console: bool = False) -> None:
        """A scripted event happens now: fired by the trainer, or due by the scenario's timetable."""
        from rvr_desktop.training import EventKind, FiredEvent

        if any(fired.event_id == event.event_id for fired in self.fired):
            return
        self.fired.append(FiredEvent(event.event_id, self.session.now()))
        if self.console_link is not None:
            # The trainer acts it on their device; the trainee sees only what the call shows them.
            if not on_console:
                self.console_link.mark_fired(event.event_id)
            return
        if event.kind is EventKind.CONNECTION_DROPS:
            # The simulated phone really leaves the call; a new link brings it back.
            self._hang_up()
        lines = self.script.say(f"event.{event.event_id}")
        self.speak(f"event.{event.event_id}")
        said = " ".join(line.caption for line in lines) or event.note or event.kind.label
        self.told.emit(f"{event.kind.label}: {said} — expected: {event.kind.expected_response}")

    def _fired_on_console(self, event_id: str) -> None:
        try:
            event = self.scenario.event(event_id)
        except KeyError:
            return  # not this scenario's event: nothing to do
        self.fire(event, on_console=True)

    def _tick(self) -> None:
        self._fire_due_events()
        if self.console_link is not None:
            self.console_link.open_when_ready()
        else:
            self._check_link()

    def _fire_due_events(self) -> None:
        case = self.session.case
        received = case.intake.call_received_at
        connected = next((e.at for e in case.video_events if e.kind.value == "connected"), None)
        for event in self.scenario.events:
            due = event.due_at(received, connected) if received else None
            if due is not None and self.session.now() >= due:
                self.fire(event)

    def _check_link(self) -> None:
        """When the trainee texts a link, the simulated caller opens it and joins."""
        invites = [i for i in self.session.case.link_invites if i.sent_at and i.revoked_at is None]
        if not invites or invites[-1].invite_id in self._joined_invites:
            return
        call = self.session.video_call()
        if call is None or not call.service:
            return
        invite = invites[-1]
        self._joined_invites.add(invite.invite_id)
        self._join(call, invite)

    def _join(self, call, invite) -> None:
        link = call.caller_links.get(invite.invite_id, "")
        if not link:
            self.told.emit("The caller's link is not known to this run; send a new link.")
            return
        self._hang_up()
        scenario = self.scenario
        greeting = " ".join(line.caption for line in self.script.say("greeting"))
        if self._picture_folder is None:
            self._picture_folder = tempfile.TemporaryDirectory(prefix="rvr-simulated-caller-picture-")
        folder = Path(self._picture_folder.name)

        def join():
            from rvr_desktop.training.caller_picture import write_caller_video
            from rvr_desktop.video.simulated_caller import SimulatedCaller

            # The scenario's own video if it has one; otherwise a picture of
            # the caller with their first words as a caption.
            video = scenario.video or write_caller_video(folder / "caller.y4m", scenario.caller.name,
                                                         scenario.caller.appearance, greeting)
            caller = SimulatedCaller(video)
            caller.join(link)
            return caller

        when_done(run_in_background(join), self._joined,
                  lambda error: self.told.emit(str(error) or
                                               f"The simulated caller could not join ({type(error).__name__})."))

    def _joined(self, caller) -> None:
        # Taken on the GUI thread, so stop() and a dropped connection see it.
        self.caller = caller
        if self._stopped:
            self._hang_up()
            return
        if caller.problem:
            self.told.emit(caller.problem)
        else:
            # Joined is not yet connected: the call connects when the trainee's video step shows the caller.
            self.noted.emit("The simulated caller has joined the call. Open the video step to see and hear them.")
        self.speak("greeting")

    def speak(self, prompt: str) -> None:
        """The simulated caller says its lines for `prompt` aloud in the call; the panel shows them too."""
        caller = self.caller
        if caller is None or self._voice_failed:
            return
        lines = [line.says for line in self.script.say(prompt)]
        language = self.scenario.caller.language

        def say_them():
            from rvr_desktop.video.caller_voice import speak

            for line in lines:
                caller.say(speak(line, language))

        when_done(self._voice.submit(say_them), lambda _none: None, self._not_said)

    def _not_said(self, error: BaseException) -> None:
        from rvr_desktop.video.caller_voice import VoiceUnavailable

        if isinstance(error, VoiceUnavailable):
            self._voice_failed = True  # said once; the captions carry on
            self.told.emit(str(error))
        else:  # the caller left while it spoke: nothing to tell
            log.info("the simulated caller did not say its line: %s", type(error).__name__)

    def debrief(self) -> None:
        """Score the case as it stands, make the PDF and keep both with the case."""
        from rvr_desktop.training import TrainingRun, debrief_pdf, score_run
        from rvr_desktop.workflow.case import Case

        session = self.session
        session.saver.flush()
        snapshot = Case.from_dict(session.case.to_dict())
        run = TrainingRun(session.settings.officer, self.scenario, snapshot, list(self.visits), list(self.fired))
        policy, store_id, made_at = session.policy, session.store_id, session.now()

        def score():
            result = score_run(run, policy)
            return result, debrief_pdf(result, policy, made_at)

        record = run_record(run)

        def keep(scored) -> None:
            result, pdf = scored

            def store_both(s):
                # The run itself is kept too, so a trainer's cohort report can score it again.
                s.files.add(store_id, CaseFileKind.TRAINING_RUN, "training-run.json", "application/json", record)
                return s.files.add(store_id, CaseFileKind.DOCUMENT, "debrief.pdf", "application/pdf", pdf)

            when_done(session.store.submit(store_both), lambda _f: self.debriefed.emit(result),
                      lambda e: self.told.emit(f"Debrief not kept: {e}"))

        when_done(run_in_background(score), keep, lambda e: self.told.emit(f"The debrief failed: {e}"))

    def stop(self) -> None:
        self._stopped = True
        self._watch.stop()
        self._hang_up()
        self._voice.shutdown(wait=False)  # the hang-up already queued still runs
        if self.console_link is not None:
            self.console_link.close()
        if self._picture_folder is not None:
            self._picture_folder.cleanup()

    def _hang_up(self) -> None:
        # Closing Chromium waits on its driver: never on the GUI thread. After any line it is saying.
        if self.caller is not None:
            caller, self.caller = self.caller, None
            self._voice.submit(caller.hang_up)


def run_record(run) -> bytes:
    """What a run adds to its case: the scenario, the trainee, the steps opened, the events fired."""
    import json

    return json.dumps({
        "format": 1, "scenario": run.scenario.scenario_id, "trainee": run.trainee,
        "visits": [[visit.step.value, visit.at.isoformat()] for visit in run.visits],
        "fired": [[event.event_id, event.at.isoformat()] for event in run.fired],
    }).encode()


class TrainingPanel(QtWidgets.QWidget):
    """The caller's words for the current step, the trainer's console, and the debrief."""

    ASK = "Choose what you ask: once the caller has joined they answer in the call, and their words show here."

    def __init__(self, run: PracticeRun, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.run = run
        self.setMinimumWidth(320)
        self.setMaximumWidth(420)
        title = QtWidgets.QLabel(f"Practice: {run.scenario.title}")
        title.setWordWrap(True)
        title.setObjectName("sectionHeading")
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
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(title)
        self.event_buttons = []
        if run.console_link is not None:
            from rvr_desktop.ui.trainer_device import TrainerDevicePanel

            # The trainer has the caller's script and the events on their own device.
            self.device = TrainerDevicePanel(run.console_link, getattr(run.session.link_service, "certificate", None))
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
        self.debrief_button.setEnabled(False)
        self.result.setText("Scoring the run…")
        self.run.debrief()

    def _show_debrief(self, debrief) -> None:
        self.debrief_button.setEnabled(True)
        lines = [f"{r.criterion.label}: {r.verdict.value} — {r.reason}" for r in debrief.results]
        self.result.setText(f"Score {debrief.passed} of {debrief.out_of}. The debrief PDF is in the case's "
                            "documents (Ctrl+D).\n" + "\n".join(lines))

