"""The case: everything recorded about one call, as a tree of dataclasses.

`Case.to_dict()` gives plain JSON-able data with a format number, and
`Case.from_dict()` rebuilds the same case from it; the store keeps that. What
can be worked out from the case (its timeline, grade, proposed referrals and
step states) is never stored, so it can never be stale.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from .account import Account
from .escalation import EscalationRecord
from .exhibits import Exhibit
from .intake import Intake
from .investigation import Investigation
from .link import LinkInvite
from .outcome import Outcome
from .plain_data import CaseFormatError, from_plain, to_plain
from .referrals import ReferralDecision
from .risk import RiskAssessment
from .safeguarding import SafeguardingAdvice
from .safety import ALL_QUESTIONS, SafetyCheck, questions_to_ask
from .statement import StatementDetails
from .timeline import Timeline, timeline_of
from .times import as_utc
from .video import VideoEvent

if TYPE_CHECKING:
    from .policy import Policy

CASE_FORMAT = 1


@dataclass
class PracticeTrainee:
    """Who did a practice run, as they said before it started: kept with its case, so the run's documents
    name them even when the case is reopened later, in another session."""

    name: str = ""
    rank: str = ""
    number: str = ""  # collar or staff number
    unit: str = ""


@dataclass
class Case:
    """One RVR case from hand-over to submission."""

    created_at: datetime
    case_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    intake: Intake = field(default_factory=Intake)
    safety: SafetyCheck = field(default_factory=SafetyCheck)
    link_invites: list[LinkInvite] = field(default_factory=list)
    video_events: list[VideoEvent] = field(default_factory=list)
    account: Account = field(default_factory=Account)
    risk: RiskAssessment = field(default_factory=RiskAssessment)
    safeguarding: SafeguardingAdvice = field(default_factory=SafeguardingAdvice)
    referral_decisions: list[ReferralDecision] = field(default_factory=list)
    statement: StatementDetails = field(default_factory=StatementDetails)
    exhibits: list[Exhibit] = field(default_factory=list)
    outcome: Outcome | None = None
    # Offences, outstanding actions, the supervisor's review of the grade (for the case summary).
    investigation: Investigation = field(default_factory=Investigation)
    # After an escalation: the checklist, the note for the attending officers.
    escalation: EscalationRecord = field(default_factory=EscalationRecord)
    # A practice scenario's clock runs this many seconds from real time (its call on a Friday night, say),
    # kept with the case so a run reopened later goes on at the scenario's time. Always 0 for a real call.
    practice_clock_offset_seconds: int = 0
    # The trainee who ran a practice scenario's case; None for a real call (and for a practice case begun
    # without a scenario, which is in the practice officer's name).
    practice_trainee: PracticeTrainee | None = None

    @property
    def timeline(self) -> Timeline:
        return timeline_of(self)

    def to_dict(self) -> dict[str, Any]:
        """Plain data (dicts, lists, text, numbers, booleans, None) with `"format": 1`."""
        return {"format": CASE_FORMAT, **to_plain(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Case:
        """Rebuild a case from `to_dict()` output; `CaseFormatError` says where it doesn't fit."""
        if not isinstance(data, dict):
            raise CaseFormatError("case", "expected an object")
        found = data.get("format")
        if found != CASE_FORMAT:
            newer = isinstance(found, int) and not isinstance(found, bool) and found > CASE_FORMAT
            problem = "was saved by a newer version of RVR Desktop" if newer else f"has an unknown format {found!r}"
            raise CaseFormatError("case.format", problem)
        fields = {key: value for key, value in data.items() if key != "format"}
        case: Case = from_plain(cls, fields, "case")
        _check_safety_questions(case.safety)
        return case


def _check_safety_questions(check: SafetyCheck) -> None:
    # Question keys are code, not data: an unknown one means the data was
    # written by something else, and the gate can't be judged.
    for index, key in enumerate(check.asked):
        if key not in ALL_QUESTIONS:
            raise CaseFormatError(f"case.safety.asked[{index}]", f"{key!r} is not a safety question")
    for index, given in enumerate(check.answers):
        if given.question not in check.asked:
            raise CaseFormatError(f"case.safety.answers[{index}]", f"{given.question!r} was not asked")


def new_case(policy: Policy, now: datetime) -> Case:
    """An empty case, with this force's safety questions and risk instrument written in."""
    case = Case(created_at=as_utc(now))
    case.safety.asked = questions_to_ask(policy.video_call.records_video_calls)
    case.risk.instrument_id = policy.instrument_id
    return case
