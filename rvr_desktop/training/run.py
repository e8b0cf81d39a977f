"""One trainee's run of a scenario: what the debrief is given.

The case is the trainee's own, exactly as the workstation kept it. The step
visits and the moments events fired are what the practice session saw on
the side; both are optional, and the debrief says what it could not judge
without them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from rvr_desktop.workflow.case import Case
from rvr_desktop.workflow.steps import Step

from .scenario import Scenario


@dataclass(frozen=True)
class StepVisit:
    """The trainee opened `step` at `at` (on the scenario's clock)."""

    step: Step
    at: datetime


@dataclass(frozen=True)
class FiredEvent:
    """A scripted event happened at `at`: fired by the trainer, or by the timetable."""

    event_id: str
    at: datetime


@dataclass
class TrainingRun:
    """A trainee, the scenario they ran, and the case they made of it."""

    trainee: str
    scenario: Scenario
    case: Case
    visits: list[StepVisit] = field(default_factory=list)
    fired: list[FiredEvent] = field(default_factory=list)
