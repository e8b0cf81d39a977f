"""After the video path ends early: the officer's checklist, the note for whoever responds, and the record.

A case that ends before its video response is not a dead end, whichever way
it ends:

- **Escalated**: officers are on their way. The RVR officer works through the
  force's checklist (`resources/policy/escalation.json`), writes a note for
  the attending officers, and the escalation record goes to the records
  system like any case.
- **Caller unreachable**: no video contact could be made. The call goes back
  to the control room for its grading to be reassessed and the usual response
  sent (`resources/policy/caller_unreachable.json`), and the record of the
  attempts goes the same way.

Each checklist item names the guidance it follows. The outcome stays what it
was ("escalated", "caller unreachable"): the record says why there was no
video response. `EscalationRecord.submitted_at` is set only on the copy the
outbox holds (see `actions.submit_case`), as a submitted case's outcome is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .answers import Answer
from .outcome import OutcomeKind
from .policy_files import read_policy_file
from .times import as_utc

if TYPE_CHECKING:
    from .case import Case
    from .instruments import RiskInstrument
    from .policy import Policy


@dataclass(frozen=True)
class ChecklistItem:
    """One thing to do once officers are deployed, and the guidance behind it."""

    key: str
    label: str  # a few words, for the list of what is still to do
    wording: str
    required: bool
    source: str


@dataclass(frozen=True)
class EscalationChecklist:
    """The force's checklist for one way of ending early, in the order the officer works through it, with the
    words the officer reads around it."""

    items: tuple[ChecklistItem, ...]
    record: str = "escalation record"  # what is submitted: "the escalation record can't be submitted yet"
    title: str = "Escalation"  # the review's section on it
    heading: str = ""  # above the checklist on Review and submit
    note_label: str = ""  # the note for whoever responds
    no_note: str = ""  # said while that note is empty
    confirm: str = ""  # what submitting tells the records system, asked before it goes

    def item(self, key: str) -> ChecklistItem:
        for item in self.items:
            if item.key == key:
                return item
        raise KeyError(key)


@dataclass
class ChecklistTick:
    """An item the officer has done, and when."""

    item: str
    at: datetime


@dataclass
class EscalationRecord:
    """What the officer did after escalating. Cases saved before this existed read as an empty record."""

    ticks: list[ChecklistTick] = field(default_factory=list)
    notes_for_attending: str = ""  # for the attending officers, or after an unreachable caller whoever responds
    submitted_at: datetime | None = None


def is_escalated(case: Case) -> bool:
    return case.outcome is not None and case.outcome.kind is OutcomeKind.ESCALATED


def ended_early(case: Case) -> bool:
    """The video path ended before its response (escalated, or the caller could not be reached): the case goes
    as a record of that, once its checklist is done."""
    return case.outcome is not None and case.outcome.kind in (OutcomeKind.ESCALATED, OutcomeKind.CALLER_UNREACHABLE)


def record_is_open(case: Case) -> bool:
    """Ended early, and its record not submitted yet: the checklist and the note can still be worked on."""
    return ended_early(case) and case.escalation.submitted_at is None


def checklist_for(case: Case, policy: Policy) -> EscalationChecklist | None:
    """The force's checklist for the way this case ended early; None for a case that did not."""
    if case.outcome is None:
        return None
    return {OutcomeKind.ESCALATED: policy.escalation,
            OutcomeKind.CALLER_UNREACHABLE: policy.caller_unreachable}.get(case.outcome.kind)


def is_submitted(case: Case) -> bool:
    """The case has gone to the outbox: a finished case, or the record of one that ended early. Read-only
    from then on."""
    if case.outcome is None:
        return False
    return case.outcome.kind is OutcomeKind.SUBMITTED or (ended_early(case)
                                                          and case.escalation.submitted_at is not None)


def tick_of(case: Case, key: str) -> ChecklistTick | None:
    return next((tick for tick in case.escalation.ticks if tick.item == key), None)


def set_ticked(case: Case, key: str, done: bool, at: datetime) -> None:
    """Tick an item (keeping the time it was first done) or untick it."""
    already = tick_of(case, key)
    if done and already is None:
        case.escalation.ticks.append(ChecklistTick(key, as_utc(at)))
    elif not done and already is not None:
        case.escalation.ticks.remove(already)


def still_to_do(case: Case, checklist: EscalationChecklist) -> list[ChecklistItem]:
    """The required items not yet ticked: the escalation record waits for them."""
    return [item for item in checklist.items if item.required and tick_of(case, item.key) is None]


def risk_answers_for_attending(case: Case, instrument: RiskInstrument) -> list[str]:
    """The DASH questions answered "yes" so far, in plain words, for the officers on their way.

    A case escalated mid-assessment has only some answers; each "yes" is worth
    passing on, strong single indicators first.
    """
    yes = [question for question in instrument.questions
           if case.risk.answers.get(question.question_id) is Answer.YES]
    yes.sort(key=lambda question: question.indicator is None)
    return [question.topic for question in yes]


def load_escalation_checklist(path: Path) -> EscalationChecklist:
    """Read and check `policy/escalation.json` or `policy/caller_unreachable.json`; a broken file stops with a
    `PolicyFileError`."""
    fields = read_policy_file(path)
    items = []
    for entry in fields.sections("checklist", at_least=1):
        items.append(ChecklistItem(key=entry.text("key"), label=entry.text("label"), wording=entry.text("wording"),
                                   required=entry.boolean("required"), source=entry.text("source")))
        entry.finish()
    keys = [item.key for item in items]
    repeated = sorted({key for key in keys if keys.count(key) > 1})
    if repeated:
        raise fields.error("checklist", f"each item needs its own key; repeated: {repeated}")
    words = fields.section("words")
    checklist = EscalationChecklist(tuple(items), **{key: words.text(key) for key in
                                                     ("record", "title", "heading", "note_label", "no_note", "confirm")})
    words.finish()
    fields.finish()
    return checklist
