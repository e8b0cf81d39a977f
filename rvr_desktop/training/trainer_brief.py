"""What a trainer playing the caller needs on their own device.

When a trainer plays the caller from a phone or laptop on the local network,
the trainee's window no longer shows the caller's script: the trainer has
it instead, with who the caller is, what is really going on (which the
caller may not say), the caller's words for each thing the trainee may ask,
and the scripted events to fire. This makes that brief as plain data for
the link service's trainer console, which shows it as text.
"""

from __future__ import annotations

from rvr_desktop.workflow.policy import Policy
from rvr_desktop.workflow.steps import Step

from .caller_script import CallerScript, prompt_label, scenario_instrument
from .scenario import (
    EventKind,
    InterpreterNeed,
    Scenario,
    ScriptedEvent,
    SuspectWhereabouts,
)

_INTERPRETER = {InterpreterNeed.NONE: "none needed", InterpreterNeed.SPOKEN: "a spoken-language interpreter",
                InterpreterNeed.BSL: "a BSL interpreter (the caller signs)"}
_SUSPECT = {SuspectWhereabouts.AWAY: "away", SuspectWhereabouts.PRESENT: "there with the caller",
            SuspectWhereabouts.DUE_BACK: "due back"}
# The order a call meets the steps, as the trainer reads them.
_STEPS = (Step.SAFETY, Step.VIDEO, Step.ACCOUNT, Step.RISK, Step.SAFEGUARDING, Step.STATEMENT, Step.REVIEW)


def trainer_brief(scenario: Scenario, script: CallerScript, policy: Policy) -> dict:
    """The brief for the trainer's console: title, facts, the script by step, and the events to fire."""
    return {
        "title": f"TRAINING — {scenario.title}",
        "summary": scenario.summary,
        "facts": _facts(scenario),
        "script": [section for step in _STEPS if (section := _section(step, script, policy))["lines"]],
        "events": [{"event_id": event.event_id, "label": event.kind.label.capitalize(), "expected": _expected(event)}
                   for event in scenario.events],
    }


def _expected(event: ScriptedEvent) -> str:
    said = f"The trainee should {event.kind.expected_response}." + (f" {event.note}" if event.note else "")
    if event.kind is EventKind.CONNECTION_DROPS:
        # The simulated caller really leaves the call; a trainer's device has to do it by hand.
        said += " When you fire it, close the caller's tab so the call really drops."
    return said


def _facts(scenario: Scenario) -> list[list[str]]:
    caller, truth = scenario.caller, scenario.safety.truth
    facts = [
        ["You play", caller.name],
        ["Phone", caller.phone],
        ["Language", caller.language],
        ["Interpreter", _INTERPRETER[caller.interpreter]],
        ["Accessibility", caller.accessibility],
        ["How you look", caller.appearance],
        ["Really safe now?", "yes" if truth.caller_safe else "NO"],
        ["The suspect is", _SUSPECT[truth.suspect] + (f": {truth.suspect_note}" if truth.suspect_note else "")],
        ["Children present", "yes" if truth.children_present else "no"],
        ["The right decision", scenario.expected.decision.label],
        ["Notes for the trainer", scenario.trainer_notes],
    ]
    return [[label, value] for label, value in facts if value]


def _section(step: Step, script: CallerScript, policy: Policy) -> dict:
    instrument = scenario_instrument(script.scenario, policy)
    return {"heading": step.label,
            "lines": [{"prompt": prompt_label(prompt, instrument), "says": [line.caption for line in script.say(prompt)]}
                      for prompt in script.prompts(step)]}
