"""The practice run on the workstation: the casework run's timetable ticking, its simulated caller and voice,
the trainer's console, and the debrief kept; what it decides is re-emitted as Qt signals.

What happens in the run (the steps opened, the events due and fired, what the
trainee is told, when the simulated caller joins, the debrief) is decided in
casework/practice_run.py and casework/practice_debrief.py, on the case's own
clock; this adapter only calls them now and then and does what they say on
the GUI thread. The panel beside the case is ui/training_panel.py; choosing a
scenario is ui/scenario_dialog.py.
"""

from __future__ import annotations

import logging
import tempfile
from functools import partial
from pathlib import Path

from rvr_desktop.casework.practice_debrief import ScoredRun, keep_debrief, score_debrief
from rvr_desktop.casework.practice_run import FiredNews, ScenarioRun
from rvr_desktop.qt import QtCore, Signal
from rvr_desktop.training import CallerScript, FiredEvent, Scenario, ScriptedEvent
from rvr_desktop.ui.background import InOrder, run_in_background, when_done
from rvr_desktop.ui.case_session import CaseSession
from rvr_desktop.workflow.steps import Step

log = logging.getLogger(__name__)

CALLERS_LINK_UNKNOWN = "The caller's link is not known to this run; send a new link."


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
    stopped = Signal()  # the run is over (its case closed): what shows it goes with it

    def __init__(self, scenario: Scenario, session: CaseSession, parent: QtCore.QObject | None = None,
                 by_trainer: bool = False):
        super().__init__(parent)
        self.session = session
        self.scenario_run = ScenarioRun(scenario, session.policy, session.now,
                                        session.case.intake.call_received_at or session.now(), by_trainer=by_trainer)
        self.caller = None
        self._picture_folder: tempfile.TemporaryDirectory | None = None
        self._stopped = False
        self._voice_failed = False
        # One line at a time, in the order asked: synthesis and playing share this single thread.
        self._voice = InOrder("caller-voice")
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

    @property
    def scenario(self) -> Scenario:
        return self.scenario_run.scenario

    @property
    def script(self) -> CallerScript:
        return self.scenario_run.script

    @property
    def fired(self) -> list[FiredEvent]:
        return self.scenario_run.fired

    def visited(self, step: Step) -> None:
        self.scenario_run.visited(step)

    def fire(self, event: ScriptedEvent, on_console: bool = False) -> None:
        """A scripted event happens now: fired by the trainer, or due by the scenario's timetable."""
        self._happened(self.scenario_run.fire(event, on_console))

    def _fired_on_console(self, event_id: str) -> None:
        self._happened(self.scenario_run.fire_from_console(event_id))

    def _tick(self) -> None:
        for news in self.scenario_run.tick(self.session.case):
            self._happened(news)
        if self.console_link is not None:
            self.console_link.open_when_ready()
        else:
            self._check_link()

    def _happened(self, news: FiredNews | None) -> None:
        if news is None:  # it had fired already
            return
        if news.show_on_console and self.console_link is not None:
            self.console_link.mark_fired(news.event.event_id)
        if news.caller_leaves:
            self._hang_up()
        if news.caller_says:
            self.speak(news.caller_says)
        if news.told:
            self.told.emit(news.told)

    def _check_link(self) -> None:
        """When the trainee texts a link, the simulated caller opens it and joins."""
        invite = self.scenario_run.link_to_join(self.session.case)
        if invite is None:
            return
        call = self.session.video_call()
        if call is None or not call.service:
            return  # asked again at the next tick, once the call is there
        self.scenario_run.caller_joins(invite)
        self._join(call, invite)

    def _join(self, call, invite) -> None:
        cannot = self.scenario_run.why_caller_cannot_open(invite)
        if cannot:
            self.told.emit(cannot)
            return
        link = call.caller_links.get(invite.invite_id, "")
        if not link:
            self.told.emit(CALLERS_LINK_UNKNOWN)
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
            caller = SimulatedCaller(video, signs_as=scenario.caller.name)
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
            # Joined is not yet connected: the call connects once the caller's picture reaches the call pane.
            self.noted.emit("The simulated caller has joined the call: see and hear them beside the steps.")
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

        when_done(self._voice.submit(say_them), on_failure=self._not_said)

    def _not_said(self, error: BaseException) -> None:
        from rvr_desktop.video.caller_voice import VoiceUnavailable

        if isinstance(error, VoiceUnavailable):
            self._voice_failed = True  # said once; the captions carry on
            self.told.emit(str(error))
        else:  # the caller left while it spoke: nothing to tell
            log.info("the simulated caller did not say its line: %s", type(error).__name__)

    def debrief(self) -> None:
        """Score the case as it stands, make the PDF and keep both with the case."""
        session = self.session
        session.saver.flush()
        run = self.scenario_run.snapshot(session.case, session.settings.profile)
        policy, store_id, made_at = session.policy, session.store_id, session.now()

        def keep(scored: ScoredRun) -> None:
            when_done(session.store.submit(partial(keep_debrief, store_id=store_id, scored=scored)),
                      lambda _file: self.debriefed.emit(scored.debrief),
                      lambda e: self.told.emit(f"Debrief not kept: {e}"))

        when_done(run_in_background(lambda: score_debrief(run, policy, made_at)), keep,
                  lambda e: self.told.emit(f"The debrief failed: {e}"))

    def stop(self) -> None:
        self._stopped = True
        self.stopped.emit()
        self._watch.stop()
        self._hang_up()
        self._voice.close()  # the hang-up already queued still runs
        if self.console_link is not None:
            self.console_link.close()
        if self._picture_folder is not None:
            self._picture_folder.cleanup()

    def _hang_up(self) -> None:
        # Closing Chromium waits on its driver: never on the GUI thread. After any line it is saying.
        if self.caller is not None:
            caller, self.caller = self.caller, None
            if self._voice.closed:
                # The run has stopped and the caller joined only since (its browser was still starting): it
                # leaves all the same, on its own.
                run_in_background(caller.hang_up)
            else:
                self._voice.submit(caller.hang_up)
