"""What every document is made from, and how its values are written out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import Enum

from rvr_desktop.settings import OfficerProfile
from rvr_desktop.workflow.answers import Answer
from rvr_desktop.workflow.case import Case
from rvr_desktop.workflow.date_checks import age_on
from rvr_desktop.workflow.phone import shown_number
from rvr_desktop.workflow.policy import Policy
from rvr_desktop.workflow.times import as_utc, spoken_date

from .wording import Wording, shipped_wording


# The officer the documents name as their maker: the workstation's own
# profile of whoever is signed in, so there is one definition of it.
Officer = OfficerProfile


@dataclass(frozen=True)
class Marks:
    """Marks beyond the security classification: practice-mode and specimen documents."""

    training: bool = False
    specimen: bool = False


class DeliveryState(Enum):
    QUEUED = "queued"
    NEEDS_ATTENTION = "needs_attention"
    DELIVERED = "delivered"


@dataclass(frozen=True)
class RecordsDelivery:
    """Where the submitted case stands on its way to the force's records system, as the outbox holds it.

    Delivery hands every exhibit to the records system, so the exhibit list
    prints it as the last event of each exhibit's continuity.
    """

    state: DeliveryState
    submitted_at: datetime | None = None
    delivered_at: datetime | None = None
    crime_reference: str = ""


@dataclass(frozen=True)
class SentDocument:
    """A document exported for someone, as the audit log records the disclosure: what, to whom, when, by whom.

    Exporting is how a document leaves the workstation to be sent (by secure e-mail, a partnership portal), so
    it is the nearest the workstation knows to "sent" and the documents print it as "exported for"."""

    file_name: str
    recipient: str
    reason: str
    officer: str
    at: datetime


@dataclass(frozen=True)
class DocumentInput:
    """One case, the force's policy, the officer and the moment the document is made.

    `delivery` is the case's place in the outbox once it has been submitted
    (None: not submitted, or not known to whoever makes the documents).
    """

    case: Case
    policy: Policy
    officer: Officer
    now: datetime
    marks: Marks = Marks()
    wording: Wording = field(default_factory=shipped_wording)
    delivery: RecordsDelivery | None = None
    # Documents of this case already exported, oldest first: the case summary prints each referral's.
    sent: tuple[SentDocument, ...] = ()

    @property
    def words(self):
        return self.wording.common

    def when(self, moment: datetime | None) -> str:
        """'Tuesday 4 November 2025 at 14:02' on the force's wall clock."""
        if moment is None:
            return self.words["not_recorded"]
        local = as_utc(moment).astimezone(self.policy.zone)
        return f"{spoken_date(local.date())} at {local:%H:%M}"

    def span(self, start: datetime | None, end: datetime | None) -> str:
        """'Tuesday 4 November 2025 from 14:38 to 14:50'; one end unknown, the other as `when` prints it."""
        if start is None or end is None:
            return self.when(end if start is None else start)
        first, last = (as_utc(moment).astimezone(self.policy.zone) for moment in (start, end))
        if first.date() == last.date():
            return f"{spoken_date(first.date())} from {first:%H:%M} to {last:%H:%M}"
        return f"{self.when(start)} until {self.when(end)}"

    def stamp(self, moment: datetime | None) -> str:
        """'Tue 4 Nov 2025 14:02:31' on the force's wall clock, for a timeline to the second."""
        if moment is None:
            return self.words["not_recorded"]
        local = as_utc(moment).astimezone(self.policy.zone)
        return f"{local:%a} {local.day} {local:%b %Y %H:%M:%S}"

    def day(self, value: date | None) -> str:
        return spoken_date(value) if value is not None else self.words["not_recorded"]

    def birth(self, born: date | None) -> str:
        """A date of birth with the age today: 'Monday 3 March 2014 (11)'."""
        if born is None:
            return self.words["not_recorded"]
        today = as_utc(self.now).astimezone(self.policy.zone).date()
        return f"{spoken_date(born)} ({age_on(born, today)})"

    def text(self, value: str) -> str:
        return value if value.strip() else self.words["not_recorded"]

    def answer(self, value: Answer | None) -> str:
        if value is None:
            return self.words["not_recorded"]
        return {Answer.YES: self.words["yes"], Answer.NO: self.words["no"], Answer.NOT_KNOWN: self.words["not_known"]}[value]

    def phone(self, number: str) -> str:
        """A phone number written one way on every document, as the officer reads it aloud: '07700 900123' at
        home, '+48 501 234 567' abroad; as typed when it cannot be read, 'not recorded' when blank."""
        if not number.strip():
            return self.words["not_recorded"]
        return shown_number(number.strip(), self.policy.phone)

    def yes_no(self, value: bool | None) -> str:
        if value is None:
            return self.words["not_recorded"]
        return self.words["yes"] if value else self.words["no"]


def duration(span: timedelta) -> str:
    """'2 min 31 s', '1 h 05 min'."""
    seconds = max(int(span.total_seconds()), 0)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    return f"{minutes} min {seconds:02d} s" if minutes else f"{seconds} s"
