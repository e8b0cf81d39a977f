"""What the simulated caller says, prompt by prompt.

A prompt is what the trainee asks or does, named by the step it belongs to:

    greeting                      the video connects
    safety.<question>             a safety question, e.g. safety.safe_place
    account.<topic>               when, where, what_happened, suspect, injuries, weapons,
                                  children, witnesses, previous_incidents, substances,
                                  prosecution, wishes
    risk.<question id>            a question of the scenario's risk instrument, e.g. risk.injury
    safeguarding.<topic>          advice, consent_to_share
    statement.<topic>             read_back, dates_to_avoid, special_measures,
                                  medical_records, victim_personal_statement
    closing                       the officer ends the call
    event.<event id>              a scripted event happens (the suspect arrives…)

The scenario's script gives the caller's words. Where it gives none, the
caller answers from the scenario itself: a plain yes, no or "I don't know"
to a safety or risk question, and the facts for the account (the narrative
line by line, the children with their dates of birth). Lines the script
gives in another language carry their English, for the captions and for the
trainer playing the interpreter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rvr_desktop.workflow.account import ProsecutionWish
from rvr_desktop.workflow.answers import Answer
from rvr_desktop.workflow.policy import Policy
from rvr_desktop.workflow.safety import ALL_QUESTIONS
from rvr_desktop.workflow.steps import Step

from .facts import AnchoredFacts, anchor, fill
from .scenario import InterpreterNeed, Scenario

ACCOUNT_TOPICS = ("when", "where", "what_happened", "suspect", "injuries", "weapons", "children", "witnesses",
                  "previous_incidents", "substances", "prosecution", "wishes")
SAFEGUARDING_TOPICS = ("advice", "consent_to_share")
STATEMENT_TOPICS = ("read_back", "dates_to_avoid", "special_measures", "medical_records", "victim_personal_statement")

_PLAIN_ANSWER = {Answer.YES: "Yes.", Answer.NO: "No.", Answer.NOT_KNOWN: "I don't know."}
_PROSECUTION = {
    ProsecutionWish.SUPPORTS: "Yes. I want this to go to court.",
    ProsecutionWish.DOES_NOT_SUPPORT: "No. I don't want it to go to court.",
    ProsecutionWish.UNDECIDED: "I don't know yet. I need to think about it.",
    ProsecutionWish.NOT_ASKED: "",
}


@dataclass(frozen=True)
class CallerLine:
    """One thing the caller says (or signs)."""

    prompt: str
    says: str
    english: str = ""
    signed: bool = False
    # Made by the program from the scenario's answers and facts, not written in the script.
    from_facts: bool = False

    @property
    def caption(self) -> str:
        """The caption the simulated caller's picture shows for this line."""
        text = f"{self.says}\n({self.english})" if self.english else self.says
        return f"[signing] {text}" if self.signed else text


def prompts_by_step(scenario: Scenario, risk_question_ids: tuple[str, ...]) -> dict[str, Step | None]:
    """Every prompt this scenario can use, in the order a call meets them, with its step (None for events)."""
    prompts: dict[str, Step | None] = {f"safety.{key}": Step.SAFETY for key in ALL_QUESTIONS}
    prompts["greeting"] = Step.VIDEO
    prompts.update({f"account.{topic}": Step.ACCOUNT for topic in ACCOUNT_TOPICS})
    prompts.update({f"risk.{question}": Step.RISK for question in risk_question_ids})
    prompts.update({f"safeguarding.{topic}": Step.SAFEGUARDING for topic in SAFEGUARDING_TOPICS})
    prompts.update({f"statement.{topic}": Step.STATEMENT for topic in STATEMENT_TOPICS})
    prompts["closing"] = Step.REVIEW
    prompts.update({f"event.{event.event_id}": None for event in scenario.events})
    return prompts


def caller_script(scenario: Scenario, policy: Policy, call_at: datetime) -> CallerScript:
    """The caller's lines for a run whose call comes in at `call_at` (on the scenario's clock)."""
    instrument = policy.instruments.get(scenario.risk.instrument_id) if scenario.risk else None
    questions = tuple(question.question_id for question in instrument.questions) if instrument else ()
    return CallerScript(scenario, anchor(scenario, call_at, policy.zone), questions)


class CallerScript:
    """The caller's lines for one run (dates filled in for the run's call)."""

    def __init__(self, scenario: Scenario, anchored: AnchoredFacts, risk_question_ids: tuple[str, ...]):
        self.scenario = scenario
        self.anchored = anchored
        self._prompts = prompts_by_step(scenario, risk_question_ids)

    def prompts(self, step: Step | None = None) -> list[str]:
        """Every prompt, or those of one step, that the caller has something to say to."""
        return [prompt for prompt, its_step in self._prompts.items()
                if (step is None or its_step is step) and self.say(prompt)]

    def say(self, prompt: str) -> list[CallerLine]:
        """What the caller says at `prompt`, in order; empty when they have nothing to add."""
        if prompt not in self._prompts:
            raise KeyError(f"{prompt!r} is not a prompt of scenario {self.scenario.scenario_id!r}")
        signed = self.scenario.caller.interpreter is InterpreterNeed.BSL
        written = [CallerLine(prompt, fill(line.says, self.scenario, self.anchored),
                              fill(line.english, self.scenario, self.anchored), signed)
                   for line in self.scenario.script if line.prompt == prompt]
        if written:
            return written
        return [CallerLine(prompt, text, signed=signed, from_facts=True) for text in self._from_facts(prompt) if text]

    def _from_facts(self, prompt: str) -> list[str]:
        group, _, name = prompt.partition(".")
        if group == "safety":
            answer = self.scenario.safety.answers.get(name)
            return [_PLAIN_ANSWER[answer]] if answer else []
        if group == "risk":
            answer = self.scenario.risk.answers.get(name) if self.scenario.risk else None
            return [_PLAIN_ANSWER[answer]] if answer else []
        if group == "account" and self.scenario.account is not None:
            return self._account(name)
        return []

    def _account(self, topic: str) -> list[str]:
        facts = self.scenario.account
        assert facts is not None
        suspect = facts.suspect

        def born(age) -> str:
            return f"{self.anchored.born(age):%d/%m/%Y}"

        local = fill("{incident_time} on {incident_date}", self.scenario, self.anchored)
        answers = {
            "when": [f"It happened at {local}."],
            "where": [facts.place],
            "what_happened": [fill(line, self.scenario, self.anchored) for line in facts.narrative],
            "suspect": [f"It was {suspect.name}, my {suspect.relationship}."
                        + (f" Date of birth {born(suspect.age)}." if suspect.age else "")],
            "injuries": [f"{injury.body_location}: {injury.description}." for injury in facts.injuries],
            "weapons": [f"{weapon.description}. {weapon.how_used}".strip() for weapon in facts.weapons],
            "children": [f"{child.name}, born {born(child.age)}"
                         + (f", goes to {child.school}." if child.school else ".") for child in facts.children],
            "previous_incidents": [earlier.description for earlier in facts.previous_incidents],
            "substances": [facts.substances],
            "prosecution": [_PROSECUTION[facts.prosecution_wish]],
            "wishes": [facts.victim_wishes],
        }
        return answers.get(topic, [])


def scenario_instrument(scenario: Scenario, policy: Policy):
    """The risk instrument the scenario's caller answers, if it has risk answers."""
    risk = scenario.risk
    return policy.instruments.get(risk.instrument_id) if risk else None


def prompt_label(prompt: str, instrument=None) -> str:
    """What the trainee asks or does at `prompt`, in words: the question itself where there is one."""
    group, _, name = prompt.partition(".")
    if group == "safety" and name in ALL_QUESTIONS:
        return ALL_QUESTIONS[name].wording
    if group == "risk" and instrument is not None:
        for question in instrument.questions:
            if question.question_id == name:
                return question.text
    if group == "greeting":
        return "The video connects"
    if group == "closing":
        return "The officer ends the call"
    return f"{group.capitalize()}: {name.replace('_', ' ')}" if name else group
