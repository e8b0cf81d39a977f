"""The safety gate: RVR is only for a caller who is safe now.

Judgement calls, written down:

- For every gate question only the safe answer passes. "Not known" is unsafe
  wherever it is asked: if we can't say the suspect is away, or that the
  phone is the caller's own, we must not send a link to it.
- Answers are kept as a history, never overwritten. Once any gate question
  has had an unsafe answer the video path is over, even if the answer is
  later changed: officers have been sent, and a corrected answer must not
  quietly reopen the link step. (A mis-keyed answer is dealt with outside
  the workstation, with the deployment.)
- Whether children are present is recorded here but is not part of the gate.
- The questions asked are written into the case when it is opened, so a
  case is always judged against the questions that were actually asked,
  even if the force later changes its policy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .answers import Answer


@dataclass(frozen=True)
class SafetyQuestion:
    """One question of the gate, worded for the officer to ask."""

    key: str
    wording: str
    safe_answer: Answer
    gate: bool = True

    def is_unsafe(self, answer: Answer) -> bool:
        return self.gate and answer is not self.safe_answer


GATE_QUESTIONS = (
    SafetyQuestion("safe_place", "Are you somewhere safe right now?", Answer.YES),
    SafetyQuestion("suspect_present", "Is the person you are calling about with you, or close by?", Answer.NO),
    SafetyQuestion("suspect_expected_back", "Do you expect them to come back soon?", Answer.NO),
    SafetyQuestion("medical_help_needed", "Does anyone there need a doctor or an ambulance now?", Answer.NO),
    SafetyQuestion(
        "immediate_threat",
        "Officer's THRIVE view: is anyone under an immediate threat of harm?",
        Answer.NO,
    ),
    SafetyQuestion("own_phone", "Is this phone your own, and safe for us to send a text to?", Answer.YES),
    SafetyQuestion("can_talk_privately", "Can you talk now without being overheard?", Answer.YES),
    SafetyQuestion("consents_to_video", "Are you happy to talk to an officer on a video call?", Answer.YES),
)
RECORDING_CONSENT = SafetyQuestion(
    "consents_to_recording", "The video call is recorded. Are you happy for it to be recorded?", Answer.YES
)
CHILDREN_PRESENT = SafetyQuestion(
    "children_present", "Are any children with you, or in the home, right now?", Answer.NO, gate=False
)
ALL_QUESTIONS = {question.key: question for question in (*GATE_QUESTIONS, RECORDING_CONSENT, CHILDREN_PRESENT)}


def questions_to_ask(records_video_calls: bool) -> list[str]:
    """The keys of the questions this force asks, in the order to ask them."""
    recording = [RECORDING_CONSENT] if records_video_calls else []
    return [question.key for question in (*GATE_QUESTIONS, *recording, CHILDREN_PRESENT)]


@dataclass
class SafetyAnswer:
    """One answer, with the time it was given and any note the officer added."""

    question: str
    answer: Answer
    answered_at: datetime
    note: str = ""


@dataclass
class SafetyCheck:
    """The questions asked of this caller and every answer given, in order."""

    asked: list[str] = field(default_factory=list)
    answers: list[SafetyAnswer] = field(default_factory=list)

    def latest(self, key: str) -> SafetyAnswer | None:
        for given in reversed(self.answers):
            if given.question == key:
                return given
        return None

    def gate_questions(self) -> list[SafetyQuestion]:
        return [ALL_QUESTIONS[key] for key in self.asked if ALL_QUESTIONS[key].gate]


def first_unsafe_answer(check: SafetyCheck) -> SafetyAnswer | None:
    """The first unsafe answer ever given, even if later changed (see module notes)."""
    for given in check.answers:
        if ALL_QUESTIONS[given.question].is_unsafe(given.answer):
            return given
    return None


def still_to_ask(check: SafetyCheck) -> list[SafetyQuestion]:
    return [ALL_QUESTIONS[key] for key in check.asked if check.latest(key) is None]


def safety_confirmed_at(check: SafetyCheck) -> datetime | None:
    """When the last gate question was answered safely, if every one has been and none was ever unsafe."""
    gate = check.gate_questions()
    if not gate or first_unsafe_answer(check) is not None:
        return None
    latest = [check.latest(question.key) for question in gate]
    if any(given is None for given in latest):
        return None
    return max(given.answered_at for given in latest if given is not None)


def unsafe_reason(given: SafetyAnswer) -> str:
    """The reason recorded on the escalation, in plain words."""
    question = ALL_QUESTIONS[given.question]
    reason = f"Safety check: asked \u201c{question.wording}\u201d, answer was {given.answer.label}."
    return f"{reason} {given.note}" if given.note.strip() else reason
