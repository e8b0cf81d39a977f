"""The details around the victim's MG11 statement (the wording itself is a
document, built elsewhere from the account)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from .answers import Answer


class ReadBackBy(Enum):
    VIDEO = "video"
    PHONE = "phone"


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


def missing_from_statement(statement: StatementDetails) -> list[str]:
    """What must be recorded before the statement step is done."""
    if statement.not_taken_reason.strip():
        return []
    checks = [
        (statement.narrative.strip(), "the statement itself"),
        (statement.read_back_by and statement.read_back_at, "how and when it was read back"),
        (statement.confirmed_true, "the victim's confirmation that it is true"),
        (statement.dates_to_avoid.strip(), "dates to avoid (write \u201cnone\u201d if there are none)"),
        (statement.special_measures is not None, "whether special measures are needed"),
        (statement.medical_records_consent is not None, "consent to medical records"),
        (statement.victim_personal_statement_offered is not None, "whether a Victim Personal Statement was offered"),
    ]
    return [what for recorded, what in checks if not recorded]


def statement_started(statement: StatementDetails) -> bool:
    return statement != StatementDetails()
