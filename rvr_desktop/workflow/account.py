"""The victim's structured account: when, where, what happened, and who.

Free text is kept exactly as the officer typed it, in any script. Unknown
answers are None rather than a guess: "not recorded" and "no" are different
things to a safeguarding lead.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum

from .answers import Answer


@dataclass
class Victim:
    """What the referral forms need about the victim beyond the intake."""

    date_of_birth: date | None = None
    address: str = ""
    who_they_fear: str = ""
    # An adult with care and support needs who can't protect themselves: the
    # officer's judgement, recorded with the reason.
    adult_at_risk: bool = False
    adult_at_risk_reason: str = ""


class CustodyStatus(Enum):
    """Where the suspect stands with the police: what a MASH, an IDVA and a supervisor first ask."""

    NOT_RECORDED = "not_recorded"
    NOT_ARRESTED = "not_arrested"  # not yet arrested: outstanding, or circulated as wanted
    IN_CUSTODY = "in_custody"
    POLICE_BAIL = "police_bail"
    RELEASED_UNDER_INVESTIGATION = "released_under_investigation"  # no bail, so no conditions
    CHARGED_COURT_BAIL = "charged_court_bail"
    REMANDED = "remanded"
    NO_FURTHER_ACTION = "no_further_action"

    @property
    def label(self) -> str:
        return _CUSTODY_LABELS[self]

    @property
    def has_conditions(self) -> bool:
        """Bail is the only state that carries conditions a victim can be protected by."""
        return self in (CustodyStatus.POLICE_BAIL, CustodyStatus.CHARGED_COURT_BAIL)


_CUSTODY_LABELS = {
    CustodyStatus.NOT_RECORDED: "not recorded",
    CustodyStatus.NOT_ARRESTED: "not arrested yet",
    CustodyStatus.IN_CUSTODY: "arrested, in custody",
    CustodyStatus.POLICE_BAIL: "on police bail",
    CustodyStatus.RELEASED_UNDER_INVESTIGATION: "released under investigation (no bail conditions)",
    CustodyStatus.CHARGED_COURT_BAIL: "charged, on court bail",
    CustodyStatus.REMANDED: "charged, remanded in custody",
    CustodyStatus.NO_FURTHER_ACTION: "released, no further action",
}


@dataclass
class Suspect:
    name: str = ""
    date_of_birth: date | None = None
    relationship: str = ""
    description: str = ""
    address: str = ""
    # Arrest and bail: cases saved before these existed read as not recorded.
    custody: CustodyStatus = CustodyStatus.NOT_RECORDED
    bail_conditions: str = ""
    bail_until: date | None = None


@dataclass
class Injury:
    body_location: str = ""
    description: str = ""
    how_caused: str = ""


@dataclass
class WeaponOrObject:
    description: str = ""
    how_used: str = ""


@dataclass
class Child:
    """A child of the household, with what Operation Encompass and MASH need."""

    child_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    name: str = ""
    date_of_birth: date | None = None
    school: str = ""
    lives_with_victim: bool | None = None
    present: bool | None = None
    where_during_incident: str = ""
    what_seen_or_said: str = ""
    # The child's relationship to each adult (daughter, stepson, no relation):
    # SafeLives' referral form asks both, and contact and parental
    # responsibility follow from them.
    relationship_to_victim: str = ""
    relationship_to_suspect: str = ""
    # Whether each adult holds parental responsibility, for children's
    # services; cases saved before these existed read as not recorded.
    victim_parental_responsibility: Answer | None = None
    suspect_parental_responsibility: Answer | None = None
    # Who the child sees and when (the suspect collects the child on
    # Saturdays, say): a field, because a MASH acts on it.
    contact_arrangement: str = ""
    # Whether police spoke to the child, and how (alone, or with which adult
    # there): the statutory Encompass guidance asks for the child's voice.
    spoken_to_by_police: bool | None = None
    spoken_to_note: str = ""

    @property
    def involved(self) -> bool:
        """Lives there, was present, or we don't yet know either way.

        Only a child recorded as neither living there nor present is left out
        of the children's referrals: an unanswered question must not drop a
        child from safeguarding.
        """
        return not (self.lives_with_victim is False and self.present is False)


@dataclass
class Dependant:
    """Another dependant (an older relative, say), with any care and support needs."""

    name: str = ""
    date_of_birth: date | None = None
    relationship: str = ""
    care_and_support_needs: str = ""


@dataclass
class Witness:
    name: str = ""
    contact: str = ""
    what_they_saw: str = ""


@dataclass
class PreviousIncident:
    """An earlier incident; one without a date can't count towards escalation."""

    occurred_on: date | None = None
    description: str = ""
    police_reference: str = ""


class ProsecutionWish(Enum):
    NOT_ASKED = "not_asked"
    SUPPORTS = "supports"
    DOES_NOT_SUPPORT = "does_not_support"
    UNDECIDED = "undecided"


@dataclass
class Account:
    """Everything the victim tells the officer about this incident and its history."""

    incident_at: datetime | None = None
    place: str = ""
    narrative: str = ""
    victim: Victim = field(default_factory=Victim)
    suspect: Suspect = field(default_factory=Suspect)
    injuries: list[Injury] = field(default_factory=list)
    weapons: list[WeaponOrObject] = field(default_factory=list)
    children: list[Child] = field(default_factory=list)
    dependants: list[Dependant] = field(default_factory=list)
    witnesses: list[Witness] = field(default_factory=list)
    previous_incidents: list[PreviousIncident] = field(default_factory=list)
    last_marac_referral_on: date | None = None
    substances: str = ""
    prosecution_wish: ProsecutionWish = ProsecutionWish.NOT_ASKED
    victim_wishes: str = ""
    completed_at: datetime | None = None


def missing_from_account(account: Account) -> list[str]:
    """What must be recorded before the account can be marked complete."""
    missing = []
    if account.incident_at is None:
        missing.append("when it happened")
    if not account.place.strip():
        missing.append("where it happened")
    if not account.narrative.strip():
        missing.append("what happened, in the victim's words")
    if account.prosecution_wish is ProsecutionWish.NOT_ASKED:
        missing.append("the victim's wishes about prosecution")
    return missing


def account_started(account: Account) -> bool:
    return account != Account()
