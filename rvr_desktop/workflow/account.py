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
class Diversity:
    """The diversity data SafeLives' MARAC referral form asks for, as the victim describes themselves.

    Each is the victim's own words, or blank when not asked: the referral
    prints "not asked" rather than a guess. The MARAC uses them for its
    equality monitoring and to find services that fit (an interpreter, a
    specialist service for a disabled or LGBT+ victim, a by-and-for service).
    """

    gender: str = ""
    ethnicity: str = ""
    disability: str = ""
    sexual_orientation: str = ""
    trans_or_gender_identity: str = ""


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
    # The people the victim says it is safe, and not safe, to talk to, and
    # how (SafeLives' MARAC referral form asks both): an agency that rings
    # the wrong one can tell the perpetrator of the referral.
    safe_to_talk_to: str = ""
    not_safe_to_talk_to: str = ""
    diversity: Diversity = field(default_factory=Diversity)


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
    # Whether the officer saw it on the video (True), or only heard of it from her (False); None: not recorded,
    # which the officer's statement treats as not seen: it describes only what the officer saw.
    seen_on_video: bool | None = None


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
    # The next time the child is due to be handed to the suspect (Saturday at
    # 10:00, say): the MASH and the IDVA plan around it.
    next_handover: str = ""
    # A parent who is neither the victim nor the suspect (the father of her
    # daughter, say): who, and whether they hold parental responsibility
    # (Children Act 1989 s.3), which children's services need to decide what
    # to do with a referral (Working Together to Safeguard Children 2023).
    other_parent: str = ""
    other_parent_responsibility: Answer | None = None
    # Whether police spoke to the child, and how (alone, or with which adult
    # there): the statutory Encompass guidance asks for the child's voice.
    spoken_to_by_police: bool | None = None
    spoken_to_note: str = ""
    # A first talk with a child witness is recorded in full: when, who else was there, each question as asked
    # and the child's answers in the child's own words (Achieving Best Evidence in Criminal Proceedings, 2022,
    # on early contact with a child witness, 2.4-2.7, and its full written record, 2.72, as the NCA's PIPPA
    # child witness aide-memoire lists them), so that a later ABE interview can rely on it and nobody asks
    # the child to tell it again.
    spoken_to_at: datetime | None = None
    spoken_to_present: str = ""
    spoken_to_questions: str = ""
    # The language the talk was in (a child of a family that speaks Polish at home may answer in English): a
    # court weighing the child's first words needs it, and an ABE interview is planned in the child's language.
    spoken_to_language: str = ""

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
    """An earlier incident; one without a date, or not known to have been
    reported to the police, can't count towards escalation.

    `reported_to_police` is None until asked (and in drafts saved before it
    was asked): unknown, which the escalation count leaves out and the
    referral says so, as it does for "not known".
    """

    occurred_on: date | None = None
    description: str = ""
    police_reference: str = ""
    reported_to_police: Answer | None = None

    @property
    def reported(self) -> bool:
        return self.reported_to_police is Answer.YES


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
    # A few sentences for the referrals (a MARAC coordinator reads dozens a
    # week); the narrative stays the victim's own words, for the statement.
    incident_summary: str = ""
    victim: Victim = field(default_factory=Victim)
    suspect: Suspect = field(default_factory=Suspect)
    injuries: list[Injury] = field(default_factory=list)
    weapons: list[WeaponOrObject] = field(default_factory=list)
    children: list[Child] = field(default_factory=list)
    dependants: list[Dependant] = field(default_factory=list)
    witnesses: list[Witness] = field(default_factory=list)
    previous_incidents: list[PreviousIncident] = field(default_factory=list)
    # Has the victim been referred to a MARAC before (any MARAC, anywhere)?
    # None until asked. When known: which MARAC and when, for the coordinator
    # to find the earlier case; the date also drives the repeat ground.
    previous_marac: Answer | None = None
    previous_marac_where: str = ""
    last_marac_referral_on: date | None = None
    # The police records check behind the MARAC's escalation ground: SafeLives counts incidents reported to the
    # police, which the police's own records show, not only the ones the victim remembers reporting. When the
    # officer searched, and what was searched and found (the systems in the officer's words); until it is
    # recorded the escalation ground says the count rests on what the victim said.
    police_records_checked_at: datetime | None = None
    police_records_note: str = ""
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
