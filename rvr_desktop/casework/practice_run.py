"""A practice run as the workstation watches it: the steps opened, the scripted events and the caller's joining.

The trainee works an ordinary case; the run only keeps what the debrief
needs beside it (which steps were opened when, which scripted events fired
when) and decides what happens next: which events the scenario's timetable
makes due, what the trainee is told when one fires, and when the simulated
caller should open a link the trainee texted. Time is the case's own clock,
given as a callable (`CaseSession.now` in the workstation, a clock a test
moves by hand), so the whole timetable is tested without a window or a timer.
The window's adapter (ui/practice_run.py) calls `tick` now and then and acts
on what it returns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from rvr_desktop.training import (
    CallerScript,
    EventKind,
    FiredEvent,
    Scenario,
    ScriptedEvent,
    StepVisit,
    TrainingRun,
    caller_script,
    response_told,
)
from rvr_desktop.workflow.case import Case
from rvr_desktop.workflow.link import LinkInvite
from rvr_desktop.workflow.policy import Policy
from rvr_desktop.workflow.steps import Step
from rvr_desktop.workflow.video import VideoEventKind

if TYPE_CHECKING:
    from rvr_desktop.settings import OfficerProfile

Clock = Callable[[], datetime]

# The simulated caller is a browser opening its link; it has no ears for a code read out to it.
SPOKEN_CODE_IN_PRACTICE = ("The simulated caller opens texted links only: it cannot hear a spoken code. Send the "
                           "caller a text link to carry on this practice run.")


@dataclass(frozen=True)
class FiredNews:
    """A scripted event has just fired, and what follows from it on the workstation.

    When a trainer plays the caller, they act the event on their own device and
    the trainee learns of it only from the call: nothing is told, and an event
    the timetable fired is shown on the trainer's console so they act it now.
    With the simulated caller, the caller says its lines for the event, leaves
    the call if the connection drops, and the trainee is told what happened and
    what is expected of them.
    """

    event: ScriptedEvent
    at: datetime
    told: str = ""  # what the trainee is told; '' when a trainer acts it
    caller_says: str = ""  # the simulated caller's prompt to say aloud; '' when a trainer plays the caller
    caller_leaves: bool = False  # the simulated phone really leaves the call; a new link brings it back
    show_on_console: bool = False  # the timetable fired it: the trainer's console must show it


class ScenarioRun:
    """One trainee's run of `scenario` on the case's clock `now`; `by_trainer` when a trainer plays the caller."""

    def __init__(self, scenario: Scenario, policy: Policy, now: Clock, call_received: datetime,
                 by_trainer: bool = False):
        self.scenario = scenario
        self.now = now
        self.by_trainer = by_trainer
        self.script: CallerScript = caller_script(scenario, policy, call_received)
        self.visits: list[StepVisit] = []
        self.fired: list[FiredEvent] = []
        self._joined_invites: set[str] = set()

    def visited(self, step: Step) -> StepVisit:
        """The trainee opened `step` now."""
        visit = StepVisit(step, self.now())
        self.visits.append(visit)
        return visit

    def has_fired(self, event_id: str) -> bool:
        return any(fired.event_id == event_id for fired in self.fired)

    def fire(self, event: ScriptedEvent, on_console: bool = False) -> FiredNews | None:
        """`event` happens now, fired by the trainer (`on_console`: on their own device) or due by the timetable.

        None when it has already fired: each event happens once in a run, whoever fires it first.
        """
        if self.has_fired(event.event_id):
            return None
        at = self.now()
        self.fired.append(FiredEvent(event.event_id, at))
        if self.by_trainer:
            return FiredNews(event, at, show_on_console=not on_console)
        prompt = f"event.{event.event_id}"
        said = " ".join(line.caption for line in self.script.say(prompt)) or event.note or event.kind.label
        return FiredNews(event, at, told=f"{event.kind.label}: {said} — expected: {response_told(event)}",
                         caller_says=prompt, caller_leaves=event.kind is EventKind.CONNECTION_DROPS)

    def fire_from_console(self, event_id: str) -> FiredNews | None:
        """The trainer fired `event_id` on their console; None for an id that is not this scenario's."""
        try:
            event = self.scenario.event(event_id)
        except KeyError:
            return None
        return self.fire(event, on_console=True)

    def due(self, case: Case) -> list[ScriptedEvent]:
        """The scenario's events the timetable makes due by now and that have not fired yet.

        An event timed from the video connecting is never due before the call has connected.
        """
        received = case.intake.call_received_at
        if received is None:
            return []
        connected = next((e.at for e in case.video_events if e.kind is VideoEventKind.CONNECTED), None)
        now = self.now()
        due = []
        for event in self.scenario.events:
            at = event.due_at(received, connected)
            if at is not None and now >= at and not self.has_fired(event.event_id):
                due.append(event)
        return due

    def tick(self, case: Case) -> list[FiredNews]:
        """Fires every event due by now, in the scenario's order; what followed from each."""
        return [news for event in self.due(case) if (news := self.fire(event)) is not None]

    def link_to_join(self, case: Case) -> LinkInvite | None:
        """The link the simulated caller should open now: the newest texted and still valid, not joined yet.

        None when a trainer plays the caller (they open the link on their own phone).
        """
        if self.by_trainer:
            return None
        texted = [invite for invite in case.link_invites if invite.sent_at and invite.revoked_at is None]
        if not texted or texted[-1].invite_id in self._joined_invites:
            return None
        return texted[-1]

    @staticmethod
    def why_caller_cannot_open(invite: LinkInvite) -> str | None:
        """What the trainee is told when the simulated caller cannot open `invite`; None when it can."""
        return SPOKEN_CODE_IN_PRACTICE if invite.by_code else None

    def caller_joins(self, invite: LinkInvite) -> None:
        """The simulated caller is opening `invite`: it is never opened twice."""
        self._joined_invites.add(invite.invite_id)

    def snapshot(self, case: Case, trainee: OfficerProfile) -> TrainingRun:
        """The run as it stands, for the debrief: a copy of the case, so later typing does not change the score.

        The trainee is named as their documents name them ("PC 1234 Jo Bloggs"), never by the account's id.
        """
        return TrainingRun(trainee.describe(), self.scenario, Case.from_dict(case.to_dict()), list(self.visits),
                           list(self.fired))
