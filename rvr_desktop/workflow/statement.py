"""The details around the victim's MG11 statement (the wording itself is a
document, built elsewhere from the account).

The maker's name comes from the hand-over the first time the statement is
opened, and is never written over afterwards: what the officer corrects or
clears stays as they left it. Whether the maker is 18 or over comes from the
date of birth in the account when it is there; otherwise it is asked on the
statement step, and the step is not done until it is answered.

The witness-care answers follow the rear page of the MG11 (see
resources/documents/wording.json, section "witness_details", for the source
of each). An interpreter is not a special measure: the measures are those of
the Youth Justice and Criminal Evidence Act 1999, ss.23-30 (screens, live
link, evidence in private, wigs and gowns removed, video-recorded evidence in
chief and cross-examination, an intermediary, aids to communication), so a
note that puts interpreting among them is sent back to the hand-over's
language field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from enum import Enum

from .answers import Answer
from .date_checks import age_on
from .exhibits import Exhibit
from .intake import Intake
from .signing import StatementSignature


class ReadBackBy(Enum):
    VIDEO = "video"
    PHONE = "phone"


class WrittenHow(Enum):
    """How the officer wrote the statement: a reader weighing 400 words read back in minutes needs to know."""

    FROM_ACCOUNT = "from_account"  # drafted from the account she gave earlier on the call, then read back
    AS_SPOKEN = "as_spoken"  # written down as she gave it


class VictimPersonalStatement(Enum):
    """What became of the Victim Personal Statement once offered (Victims' Code, Right 7)."""

    MADE = "made"
    DECLINED = "declined"
    LATER = "later"


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
    written: WrittenHow | None = None
    read_back_by: ReadBackBy | None = None
    read_back_at: datetime | None = None  # when the read-back ended
    # When it began: a long statement read back through an interpreter in a few minutes invites challenge, so
    # the MG11 prints both. Drafts saved before this existed read as not asked, and the step asks for it.
    read_back_started_at: datetime | None = None
    confirmed_true: bool = False
    # Dates the victim can't attend court; "none" is an answer, empty is not.
    dates_to_avoid: str = ""
    special_measures: Answer | None = None
    special_measures_notes: str = ""
    medical_records_consent: Answer | None = None
    victim_personal_statement_offered: bool | None = None
    not_taken_reason: str = ""
    # When taking the statement began and ended, and where the witness said
    # she was (printed on the disclosable statement, so in general terms:
    # "at home", "at a friend's house", never an address).
    started_at: datetime | None = None
    finished_at: datetime | None = None
    witness_location: str = ""
    # The rest of the MG11's rear page. Drafts saved before these existed read
    # as not yet answered, and the step asks for them.
    court_needs: str = ""  # help to attend court (childcare, travel, access); "none" is an answer
    victim_personal_statement: VictimPersonalStatement | None = None
    # Two answers on the MG11: the police obtaining the records, and the
    # relevant parts being disclosed to the prosecution, defence and court.
    medical_disclosure_consent: Answer | None = None
    family_civil_disclosure_consent: Answer | None = None
    witness_service_referral: Answer | None = None
    # The MG11 rear page's means of contact (guidance note 2: mobile number and e-mail address, and the
    # preferred method) and its "willing to attend court" answer. Drafts saved before these read as not asked.
    witness_email: str = ""
    preferred_contact: str = ""
    willing_to_attend_court: Answer | None = None
    # What the officer saw over video, for the officer's own draft statement.
    demeanour_seen: str = ""
    # Asked only when the account has no date of birth (which then decides).
    maker_over_18: bool | None = None
    # Set once the hand-over has filled in the maker, so it never does again.
    maker_from_handover: bool = False
    # Signatures given on the signer's own device over the call (signing.py): kept even once void, as a record.
    signatures: list[StatementSignature] = field(default_factory=list)
    # Why her (or the interpreter's) signature was not given over the call: a key of
    # policy/unsigned_statement.json, with the officer's note (workflow/not_signed.py). Drafts saved before
    # these existed read as no reason given, and the step asks for a signature or a reason.
    not_signed_reason: str = ""
    interpreter_not_signed_reason: str = ""
    not_signed_note: str = ""


@dataclass(frozen=True)
class WitnessCare:
    """The rear page's witness-care answers a finished statement carries; the defaults are a witness with no
    dates to avoid and no needs, who consents to everything and will make her VPS later."""

    dates_to_avoid: str = "none"
    court_needs: str = "none"
    willing_to_attend_court: Answer = Answer.YES
    special_measures: Answer = Answer.NO
    special_measures_notes: str = ""
    medical_records_consent: Answer = Answer.YES
    medical_disclosure_consent: Answer = Answer.YES
    family_civil_disclosure_consent: Answer = Answer.YES
    witness_service_referral: Answer = Answer.YES
    victim_personal_statement: VictimPersonalStatement = VictimPersonalStatement.LATER


def fill_finished_statement(statement: StatementDetails, *, maker_name: str, narrative: str, started_at: datetime,
                            finished_at: datetime, read_back: tuple[datetime, datetime] | None,
                            witness_location: str = "at home", care: WitnessCare = WitnessCare(),
                            written: WrittenHow = WrittenHow.FROM_ACCOUNT) -> None:
    """Fill `statement` as one taken on the call and finished: for specimen and practice cases, which differ
    only in these few answers. `read_back` is when the read-back began and ended; None leaves it not read back
    nor confirmed."""
    statement.maker_name, statement.narrative, statement.written = maker_name, narrative, written
    statement.started_at, statement.finished_at, statement.witness_location = started_at, finished_at, witness_location
    statement.read_back_by = ReadBackBy.VIDEO if read_back is not None else None
    statement.read_back_started_at, statement.read_back_at = read_back if read_back is not None else (None, None)
    statement.confirmed_true = read_back is not None
    statement.victim_personal_statement_offered = True
    for answer in fields(care):
        setattr(statement, answer.name, getattr(care, answer.name))


def _before(end: datetime | None, start: datetime | None) -> bool:
    """Whether a recorded end comes before its recorded start: a slip in typing one of the two times."""
    return end is not None and start is not None and end < start


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
        (statement.read_back_by is None or statement.read_back_started_at, "read_back_started_at",
         "when the read-back started"),
        (not _before(statement.read_back_at, statement.read_back_started_at), "read_back_started_at",
         "a read-back end after its start (the read-back ended before it started)"),
        (statement.confirmed_true, "confirmed_true", "the victim's confirmation that it is true"),
        (statement.dates_to_avoid.strip(), "dates_to_avoid", "dates to avoid (write \u201cnone\u201d if there are none)"),
        (statement.special_measures is not None, "special_measures", "whether special measures are needed"),
        (statement.started_at, "started_at", "when taking the statement started"),
        (statement.finished_at, "finished_at", "when taking the statement finished"),
        (not _before(statement.finished_at, statement.started_at), "finished_at",
         "a finish time after the start time (the statement finished before it started)"),
        (statement.witness_location.strip(), "witness_location", "where the witness was when she gave it"),
        (statement.court_needs.strip(), "court_needs",
         "what the witness needs to attend court (write \u201cnone\u201d if nothing)"),
        (not mentions_interpreting(statement.special_measures_notes), "special_measures_notes",
         "special measures without interpreting: an interpreter is not a special measure (YJCEA 1999 ss.23-30); "
         "record the language on the hand-over"),
        (statement.medical_records_consent is not None, "medical_records_consent",
         "consent to the police obtaining medical records"),
        (statement.medical_disclosure_consent is not None, "medical_disclosure_consent",
         "consent to medical records being disclosed"),
        (statement.family_civil_disclosure_consent is not None, "family_civil_disclosure_consent",
         "consent to disclosure in family or civil proceedings"),
        (statement.victim_personal_statement_offered is not None, "victim_personal_statement_offered",
         "whether a Victim Personal Statement was offered"),
        (not statement.victim_personal_statement_offered or statement.victim_personal_statement is not None,
         "victim_personal_statement", "whether the Victim Personal Statement was made, declined or is to come later"),
        (statement.witness_service_referral is not None, "witness_service_referral",
         "whether the witness agrees to a Witness Service referral"),
    ]
    return [StatementGap(name, what) for recorded, name, what in checks if not recorded]


# The workstation keeps its recording of the call as a WebM exhibit; a force's
# own recording system may hand over another video format.
_VIDEO_FILES = (".webm", ".mp4", ".mov", ".mkv")


def visual_recordings(exhibits: list[Exhibit]) -> list[Exhibit]:
    """The exhibits that are video recordings of the call: the MG11's "visually recorded" answer."""
    return [exhibit for exhibit in exhibits if exhibit.file_name.lower().endswith(_VIDEO_FILES)]


def exhibits_referred_to(statement: StatementDetails, exhibits: list[Exhibit]) -> list[Exhibit]:
    """The exhibits the statement refers to: named by reference in its narrative, or produced by the maker."""
    maker = statement.maker_name.strip().casefold()
    return [exhibit for exhibit in exhibits
            if _named(exhibit, statement.narrative) or (maker and exhibit.captured_by.strip().casefold() == maker)]


def exhibits_not_named(statement: StatementDetails, exhibits: list[Exhibit]) -> list[Exhibit]:
    """Exhibits the maker produced that her narrative never names by reference (CrimPR 16.3: a statement
    identifies each exhibit it refers to): the officer adds the reference, "(exhibit JS/2)", to the text."""
    maker = statement.maker_name.strip().casefold()
    return [exhibit for exhibit in exhibits
            if maker and exhibit.captured_by.strip().casefold() == maker and not _named(exhibit, statement.narrative)]


def _named(exhibit: Exhibit, narrative: str) -> bool:
    # JS/2 but not JS/21, nor XJS/2.
    return re.search(rf"(?<![A-Z/]){re.escape(exhibit.reference)}(?!\d)", narrative) is not None


def signed_after_finish(statement: StatementDetails) -> list[StatementSignature]:
    """Signatures given after the recorded finish time: the statement is not finished until it is signed,
    so the MG11 prints the last signature as its finish and says why."""
    if statement.finished_at is None:
        return []
    return sorted((signature for signature in statement.signatures if signature.signed_at > statement.finished_at),
                  key=lambda signature: signature.signed_at)


def mentions_interpreting(notes: str) -> bool:
    """Whether special-measures notes speak of an interpreter, which is no special measure (YJCEA 1999 ss.23-30)."""
    return re.search(r"\binterpret", notes, re.IGNORECASE) is not None


def missing_from_statement(statement: StatementDetails, born: date | None) -> list[str]:
    """What must be recorded before the statement step is done, in plain words."""
    return [gap.what for gap in statement_gaps(statement, born)]


def statement_started(statement: StatementDetails) -> bool:
    """Anything recorded beyond what the hand-over filled in by itself."""
    handed_over = StatementDetails(maker_name=statement.maker_name, maker_from_handover=True)
    return statement not in (StatementDetails(), handed_over)
