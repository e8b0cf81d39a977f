"""The details around the victim's MG11 statement (the wording itself is a
document, built elsewhere from the account).

The maker's name comes from the hand-over the first time the statement is
opened, and is never written over afterwards: what the officer corrects or
clears stays as they left it. Whether the maker is 18 or over comes from the
date of birth in the account when it is there; otherwise it is asked on the
statement step, and the step is not done until it is answered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum

from .answers import Answer
from .date_checks import age_on
from .intake import Intake
from .signing import StatementSignature


class ReadBackBy(Enum):
    VIDEO = "video"
    PHONE = "phone"


ADULT_AGE = 18


@dataclass
class StatementDetails:
    """How the statement was confirmed, and what the victim said about the next steps.

    If no statement is taken (the victim declines, say), `not_taken_reason`
    records why and the rest may stay empty.
    """

    maker_name: str = ""
    maker_occupation: str = ""
    narrative: str = ""
    read_back_by: ReadBackBy | None = None
    read_back_at: datetime | None = None
    confirmed_true: bool = False
    # Dates the victim can't attend court; "none" is an answer, empty is not.
    dates_to_avoid: str = ""
    special_measures: Answer | None = None
    special_measures_notes: str = ""
    medical_records_consent: Answer | None = None
    victim_personal_statement_offered: bool | None = None
    not_taken_reason: str = ""
    # Asked only when the account has no date of birth (which then decides).
    maker_over_18: bool | None = None
    # Set once the hand-over has filled in the maker, so it never does again.
    maker_from_handover: bool = False
    # Signatures given on the signer's own device over the call (signing.py): kept even once void, as a record.
    signatures: list[StatementSignature] = field(default_factory=list)


@dataclass(frozen=True)
class StatementGap:
    """One answer the statement step still needs: the field it is asked in, and what it is in plain words."""

    field: str
    what: str


def prefill_maker(statement: StatementDetails, intake: Intake) -> bool:
    """Fill the maker's name from the hand-over, once, and only into an empty field; True if anything changed."""
    if statement.maker_from_handover:
        return False
    statement.maker_from_handover = True
    if not statement.maker_name.strip():
        statement.maker_name = intake.caller_name
    return True


def maker_is_adult(statement: StatementDetails, born: date | None, today: date) -> bool | None:
    """Whether the maker is 18 or over: by the date of birth when recorded, else as asked; None if neither."""
    if born is not None:
        return age_on(born, today) >= ADULT_AGE
    return statement.maker_over_18


def statement_gaps(statement: StatementDetails, born: date | None) -> list[StatementGap]:
    """What must be recorded before the statement step is done, each with the field that asks it."""
    if statement.not_taken_reason.strip():
        return []
    checks = [
        (statement.maker_name.strip(), "maker_name", "the maker's name"),
        (born is not None or statement.maker_over_18 is not None, "maker_over_18",
         "whether the maker is 18 or over (the account has no date of birth)"),
        (statement.narrative.strip(), "narrative", "the statement itself"),
        (statement.read_back_by and statement.read_back_at, "read_back_by", "how and when it was read back"),
        (statement.confirmed_true, "confirmed_true", "the victim's confirmation that it is true"),
        (statement.dates_to_avoid.strip(), "dates_to_avoid", "dates to avoid (write \u201cnone\u201d if there are none)"),
        (statement.special_measures is not None, "special_measures", "whether special measures are needed"),
        (statement.medical_records_consent is not None, "medical_records_consent", "consent to medical records"),
        (statement.victim_personal_statement_offered is not None, "victim_personal_statement_offered",
         "whether a Victim Personal Statement was offered"),
    ]
    return [StatementGap(name, what) for recorded, name, what in checks if not recorded]


def missing_from_statement(statement: StatementDetails, born: date | None) -> list[str]:
    """What must be recorded before the statement step is done, in plain words."""
    return [gap.what for gap in statement_gaps(statement, born)]


def statement_started(statement: StatementDetails) -> bool:
    """Anything recorded beyond what the hand-over filled in by itself."""
    handed_over = StatementDetails(maker_name=statement.maker_name, maker_from_handover=True)
    return statement not in (StatementDetails(), handed_over)
