"""The times a practice run is scored against, in the words the trainee is shown.

The debrief scores the time to link and to video against the scenario's
targets, and each scripted event against the time it allows. A trainer
expects those times to be scored (they are what the team is measured on in
earnest), so rather than leave them out of the score the trainee is told
each one: the practice panel shows `targets_told` from the moment the run
starts, and an event's notice says the time it allows (`response_told`). The
debrief's reasons quote the same durations.
"""

from __future__ import annotations

from rvr_desktop.documents.context import duration

from .scenario import Scenario, ScriptedEvent


def targets_told(scenario: Scenario) -> str:
    """'Your targets, from the call coming in: link sent within 1 min 30 s, video connected within 3 min 00 s.'"""
    targets = scenario.targets
    return (f"Your targets, from the call coming in: link sent within {duration(targets.link_sent)}, video "
            f"connected within {duration(targets.video_connected)}.")


def response_told(event: ScriptedEvent) -> str:
    """'end the call and escalate, within 1 min 00 s': what the event calls for, and how soon."""
    return f"{event.kind.expected_response}, within {duration(event.respond_within)}"
