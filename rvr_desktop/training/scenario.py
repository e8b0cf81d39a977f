"""A practice scenario: who calls, what is really going on, and what a trainee
should do about it.

Everything in a scenario is written relative to the call, never as a calendar
date: the incident is so many minutes before the call, a child is "9 years
and 4 months" on the day of the incident, an earlier incident is so many
months before. A run anchors those to the moment its call comes in
(`facts.account_facts`), so a child is the right age for Operation Encompass
whatever year the scenario is run. A scenario may also fix the weekday and
time its call comes in (`clock`), for the teaching points that need one; see
`scenario_clock`.

Scenarios are read and checked by `scenario_files`; these classes are the
result, and are immutable so a run can never change its scenario.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import Enum
from pathlib import Path

from rvr_desktop.workflow.account import Injury, ProsecutionWish, WeaponOrObject
from rvr_desktop.workflow.answers import Answer
from rvr_desktop.workflow.instruments import RiskGrade
from rvr_desktop.workflow.referrals import ReferralKind, months_before

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class Decision(Enum):
    """The right decision for this caller, which the debrief judges the run against."""

    VIDEO_CALL = "video_call"
    ESCALATE_BEFORE_LINK = "escalate_before_link"
    ESCALATE_DURING_CALL = "escalate_during_call"

    @property
    def label(self) -> str:
        return {
            Decision.VIDEO_CALL: "take the video call through to a submitted case",
            Decision.ESCALATE_BEFORE_LINK: "escalate at the safety check, with no link sent",
            Decision.ESCALATE_DURING_CALL: "end the call and escalate when the scripted event happens",
        }[self]


class InterpreterNeed(Enum):
    NONE = "none"
    SPOKEN = "spoken"
    BSL = "bsl"


class SuspectWhereabouts(Enum):
    AWAY = "away"
    PRESENT = "present"
    DUE_BACK = "due_back"


class EventKind(Enum):
    """Something the trainer (or the timetable) makes happen during the run."""

    SUSPECT_ARRIVES = "suspect_arrives"
    CONNECTION_DROPS = "connection_drops"
    INTERPRETER_REQUESTED = "interpreter_requested"

    @property
    def label(self) -> str:
        return {
            EventKind.SUSPECT_ARRIVES: "the suspect arrives",
            EventKind.CONNECTION_DROPS: "the connection drops",
            EventKind.INTERPRETER_REQUESTED: "the caller asks for an interpreter",
        }[self]

    @property
    def expected_response(self) -> str:
        return {
            EventKind.SUSPECT_ARRIVES: "end the call and escalate",
            EventKind.CONNECTION_DROPS: "get the video back, or carry on by phone and record it",
            EventKind.INTERPRETER_REQUESTED: "bring an interpreter into the call",
        }[self]

    @property
    def usual_response_time(self) -> timedelta:
        """How long the trainee has to respond when the scenario doesn't say."""
        return {
            EventKind.SUSPECT_ARRIVES: timedelta(minutes=1),
            EventKind.CONNECTION_DROPS: timedelta(minutes=3),
            EventKind.INTERPRETER_REQUESTED: timedelta(minutes=5),
        }[self]


class EventAnchor(Enum):
    """What an event's time counts from."""

    CALL_RECEIVED = "call_received"
    VIDEO_CONNECTED = "video_connected"

    @property
    def label(self) -> str:
        return "the call came in" if self is EventAnchor.CALL_RECEIVED else "the video connected"


@dataclass(frozen=True)
class Age:
    """An age on the day of the incident; the date of birth follows from the run's date."""

    years: int
    months: int = 0
    days: int = 0

    def birth_date(self, on: date) -> date:
        return months_before(on, self.years * 12 + self.months) - timedelta(days=self.days)


@dataclass(frozen=True)
class CallerProfile:
    """The (fictitious) caller: a name, a drama-range number, language and needs."""

    name: str
    phone: str
    language: str
    interpreter: InterpreterNeed
    age: Age
    address: str
    accessibility: str = ""
    appearance: str = ""


@dataclass(frozen=True)
class Handover:
    """What the control room hands the trainee."""

    incident_reference: str
    safe_time_to_call: str = ""
    note: str = ""


@dataclass(frozen=True)
class SafetyTruth:
    """What is really so, whatever the caller says."""

    caller_safe: bool
    suspect: SuspectWhereabouts
    children_present: bool
    suspect_note: str = ""


@dataclass(frozen=True)
class SafetyScript:
    """The caller's answer to each safety question (by key), and the truth."""

    answers: Mapping[str, Answer]
    truth: SafetyTruth


@dataclass(frozen=True)
class SuspectFacts:
    name: str
    relationship: str
    age: Age | None = None
    description: str = ""
    address: str = ""


@dataclass(frozen=True)
class ChildFacts:
    """A child of the household; `key` names the child in script placeholders ({born:key})."""

    key: str
    name: str
    age: Age
    lives_with_victim: bool
    present: bool
    school: str = ""
    where_during_incident: str = ""
    what_seen_or_said: str = ""


@dataclass(frozen=True)
class EarlierIncident:
    months_before: int
    description: str


@dataclass(frozen=True)
class AccountFacts:
    """What the caller can tell the trainee for the account, relative to the call."""

    minutes_before_call: int
    place: str
    narrative: tuple[str, ...]
    suspect: SuspectFacts
    prosecution_wish: ProsecutionWish
    who_they_fear: str = ""
    injuries: tuple[Injury, ...] = ()
    weapons: tuple[WeaponOrObject, ...] = ()
    children: tuple[ChildFacts, ...] = ()
    previous_incidents: tuple[EarlierIncident, ...] = ()
    last_marac_referral_months_before: int | None = None
    substances: str = ""
    victim_wishes: str = ""


@dataclass(frozen=True)
class RiskScript:
    """The caller's answers to the risk questions (which the trainee should record) and the right grade."""

    instrument_id: str
    answers: Mapping[str, Answer]
    grade: RiskGrade
    judgement: str = ""
    # The model answer when a strong single indicator prompts judgement and the
    # grade stays as counted: why judgement is not used (the risk step is not
    # done until the officer says, either way).
    judgement_not_used: str = ""


@dataclass(frozen=True)
class Expected:
    decision: Decision
    referrals: tuple[ReferralKind, ...] = ()
    statement_taken: bool = True
    encompass_due_weekday: str | None = None
    escalation_reason: str = ""


@dataclass(frozen=True)
class Targets:
    """From the call coming in."""

    link_sent: timedelta
    video_connected: timedelta


@dataclass(frozen=True)
class ScriptedEvent:
    """Something that happens at a set time in the run, unless the trainer fires it sooner."""

    event_id: str
    kind: EventKind
    after: EventAnchor
    at: timedelta
    respond_within: timedelta
    note: str = ""

    def due_at(self, call_received: datetime, video_connected: datetime | None) -> datetime | None:
        """When the timetable fires it; None while the video it counts from has not connected."""
        start = call_received if self.after is EventAnchor.CALL_RECEIVED else video_connected
        return start + self.at if start is not None else None


@dataclass(frozen=True)
class ScriptLine:
    """Something the caller says at a prompt; `english` when they say it in another language."""

    prompt: str
    says: str
    english: str = ""


@dataclass(frozen=True)
class CallClock:
    """The weekday and wall-clock time the scenario's call comes in."""

    weekday: int  # Monday is 0, as in `date.weekday()`
    at: time

    @property
    def label(self) -> str:
        return f"{WEEKDAYS[self.weekday].capitalize()} {self.at:%H:%M}"


@dataclass(frozen=True)
class Scenario:
    """One practice scenario, as read from its file."""

    scenario_id: str
    title: str
    summary: str
    source: Path
    caller: CallerProfile
    handover: Handover
    safety: SafetyScript
    expected: Expected
    targets: Targets
    time_limit: timedelta
    account: AccountFacts | None = None
    risk: RiskScript | None = None
    clock: CallClock | None = None
    events: tuple[ScriptedEvent, ...] = ()
    script: tuple[ScriptLine, ...] = ()
    teaches: tuple[str, ...] = ()
    trainer_notes: str = ""
    video: Path | None = None

    def event(self, event_id: str) -> ScriptedEvent:
        for event in self.events:
            if event.event_id == event_id:
                return event
        raise KeyError(event_id)
