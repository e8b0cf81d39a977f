"""The outbox: submitted cases waiting to reach the force's records system.

Submitting writes the case's final form, its 'submitted' status and its
outbox entry in one transaction, so a case is either submitted and queued or
neither, whatever happens to the process. Each entry carries an idempotency
key made once, here: every attempt to deliver it, before or after a restart,
uses the same key, so the records system can recognise a repeat and the case
is created there exactly once.

States: queued → sending → delivered, or needs attention (the records system
refused the case and a person must look). An entry found 'sending' when the
workstation starts was interrupted; it goes back to the queue and is sent
again under its own key. Delivery is a disclosure in the audit log; the
retention period then runs, and the local copy is erased with an entry that
records that and why, never what.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from rvr_desktop.store.audit import Action, AuditLog
from rvr_desktop.store.cases import CaseNotFound, changed_fields
from rvr_desktop.store.transaction import transaction
from rvr_desktop.workflow.outcome import CaseStatus

if TYPE_CHECKING:
    import sqlcipher3

class OutboxState(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    DELIVERED = "delivered"
    NEEDS_ATTENTION = "needs_attention"


@dataclass(frozen=True)
class CaseDelivery:
    """Where one submitted case stands on its way to the records system."""

    case_id: str
    state: OutboxState
    attempts: int
    last_error: str
    crime_reference: str
    submitted_utc: str
    next_attempt_utc: str
    delivered_utc: str | None


@dataclass(frozen=True)
class OutboxItem:
    """An entry as the delivery worker needs it."""

    seq: int
    idempotency_key: str
    payload: dict
    request_body: str | None
    delivery: CaseDelivery

    @property
    def case_id(self) -> str:
        return self.delivery.case_id


@dataclass(frozen=True)
class OutboxSummary:
    """What the status bar shows: how many wait, how many need a person, the last success."""

    waiting: int
    needs_attention: int
    delivered: int
    last_delivered_utc: str | None


class AlreadySubmitted(Exception):
    """The case is in the outbox already; submitting twice would risk a duplicate."""


class ExhibitFilesMissing(Exception):
    """Exhibits named in the case have no stored file, so they could not be delivered."""

    def __init__(self, references: list[str]):
        self.references = references
        super().__init__(
            f"The case was not submitted: no stored file for exhibit {', '.join(references)}. The case is kept as "
            "a draft, unchanged. Capture or attach the exhibit again, or remove it from the case, then submit."
        )


def utc_text(moment: datetime) -> str:
    """The audit log's time format, so times compare as text in SQL."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def from_utc_text(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


_DELIVERY_COLUMNS = ("case_id, state, attempts, last_error, crime_reference, submitted_utc, next_attempt_utc, "
                     "delivered_utc")


def _delivery(row) -> CaseDelivery:
    return CaseDelivery(row[0], OutboxState(row[1]), *row[2:8])


def _record(case_id: str) -> str:
    return f"case:{case_id}"


class OutboxRepository:
    """The outbox table, for the officer who submits and the worker who delivers."""

    def __init__(self, conn: sqlcipher3.Connection, audit: AuditLog, officer: str):
        self._conn = conn
        self._audit = audit
        self._officer = officer

    # The officer's side.

    def submit(self, case_id: str, payload: dict, *, request_body: str | None = None,
               now: datetime | None = None, status: CaseStatus = CaseStatus.SUBMITTED) -> CaseDelivery:
        """Save the case as submitted and queue it for delivery, in one transaction.

        Each exhibit in `payload["exhibits"]` (by its `sha256`) must have a file
        stored with the case, or nothing changes and `ExhibitFilesMissing` says which.
        `request_body`, when given, is the filing made at the moment of
        submission (see `sync.submission`); otherwise the worker makes it at
        the first attempt. `status` is what the case list shows from now on
        (an escalation record stays "escalated").
        """
        now_text = utc_text(now or datetime.now(UTC))
        with transaction(self._conn):
            row = self._conn.execute("SELECT payload, status, revision FROM cases WHERE id = ?",
                                     (case_id,)).fetchone()
            if row is None:
                raise CaseNotFound(case_id)
            if self._conn.execute("SELECT 1 FROM outbox WHERE case_id = ?", (case_id,)).fetchone():
                raise AlreadySubmitted(f"case {case_id} has already been submitted")
            self._require_exhibit_files(case_id, payload.get("exhibits") or [])
            text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
            self._conn.execute(
                "UPDATE cases SET payload = ?, status = ?, revision = ?, updated_utc = ? WHERE id = ?",
                (text, status, row[2] + 1, now_text, case_id),
            )
            self._conn.execute(
                "INSERT INTO outbox (case_id, idempotency_key, state, next_attempt_utc, submitted_utc, payload,"
                " request_body) VALUES (?, ?, 'queued', ?, ?, ?, ?)",
                (case_id, str(uuid.uuid4()), now_text, now_text, text, request_body),
            )
            fields = changed_fields(json.loads(row[0]), payload)
            if row[1] != status:
                fields.add("headline.status")
            self._audit.append(self._officer, Action.ALTERATION, _record(case_id), fields | {"(submitted to outbox)"},
                               justification="case submitted for an investigation to be created")
        delivery = self.delivery_of(case_id)
        assert delivery is not None  # its outbox row was written just above
        return delivery

    def _require_exhibit_files(self, case_id: str, exhibits: Iterable[dict]) -> None:
        stored = {r[0] for r in self._conn.execute("SELECT sha256 FROM case_files WHERE case_id = ?", (case_id,))}
        missing = [str(e.get("reference") or "(no reference)") for e in exhibits if e.get("sha256") not in stored]
        if missing:
            raise ExhibitFilesMissing(missing)

    def retry_now(self, case_id: str | None = None, *, now: datetime | None = None) -> int:
        """Make entries due at once, re-queueing any that need attention: all, or one case's.

        Re-sending is always safe (the same idempotency key). Returns how many entries were made due.
        """
        query = "UPDATE outbox SET state = 'queued', next_attempt_utc = ? WHERE state IN ('queued', 'needs_attention')"
        args = [utc_text(now or datetime.now(UTC))]
        if case_id is not None:
            query += " AND case_id = ?"
            args.append(case_id)
        with transaction(self._conn):
            return self._conn.execute(query, args).rowcount

    def delivery_of(self, case_id: str) -> CaseDelivery | None:
        row = self._conn.execute(f"SELECT {_DELIVERY_COLUMNS} FROM outbox WHERE case_id = ?", (case_id,)).fetchone()
        return _delivery(row) if row else None

    def deliveries(self) -> dict[str, CaseDelivery]:
        """Every submitted case still held here, by case id (for the case list's state column)."""
        rows = self._conn.execute(f"SELECT {_DELIVERY_COLUMNS} FROM outbox ORDER BY seq")
        return {row[0]: _delivery(row) for row in rows}

    def summary(self) -> OutboxSummary:
        counts = dict(self._conn.execute("SELECT state, count(*) FROM outbox GROUP BY state").fetchall())
        last = self._conn.execute("SELECT max(delivered_utc) FROM outbox").fetchone()[0]
        return OutboxSummary(
            waiting=counts.get("queued", 0) + counts.get("sending", 0),
            needs_attention=counts.get("needs_attention", 0),
            delivered=counts.get("delivered", 0),
            last_delivered_utc=last,
        )

    # The delivery worker's side.

    def recover_interrupted(self) -> int:
        """Entries left 'sending' by a process that stopped go back to the queue, first in line."""
        with transaction(self._conn):
            return self._conn.execute("UPDATE outbox SET state = 'queued' WHERE state = 'sending'").rowcount

    def next_due(self, now: datetime) -> OutboxItem | None:
        """The oldest queued entry whose next attempt is due, or None."""
        row = self._conn.execute(
            f"SELECT seq, idempotency_key, payload, request_body, {_DELIVERY_COLUMNS} FROM outbox"
            " WHERE state = 'queued' AND next_attempt_utc <= ? ORDER BY seq LIMIT 1",
            (utc_text(now),),
        ).fetchone()
        if row is None:
            return None
        return OutboxItem(row[0], row[1], json.loads(row[2]), row[3], _delivery(row[4:]))

    def next_attempt_time(self) -> datetime | None:
        """When the earliest queued entry falls due (None: nothing is queued)."""
        row = self._conn.execute("SELECT min(next_attempt_utc) FROM outbox WHERE state = 'queued'").fetchone()
        return from_utc_text(row[0]) if row[0] else None

    def start_sending(self, seq: int, request_body: str) -> CaseDelivery:
        """Mark an attempt as begun; the first attempt's body is kept for every retry."""
        with transaction(self._conn):
            self._conn.execute(
                "UPDATE outbox SET state = 'sending', attempts = attempts + 1,"
                " request_body = coalesce(request_body, ?) WHERE seq = ?", (request_body, seq))
        return self._delivery_by_seq(seq)

    def record_delivered(self, seq: int, crime_reference: str, investigation_id: str, *, recipient: str,
                         fields: Iterable[str], now: datetime | None = None) -> CaseDelivery:
        """The records system holds the case: mark it delivered and log the disclosure together."""
        with transaction(self._conn):
            case_id = self._case_id(seq)
            self._conn.execute(
                "UPDATE outbox SET state = 'delivered', crime_reference = ?, investigation_id = ?, last_error = '',"
                " delivered_utc = ? WHERE seq = ?",
                (crime_reference, investigation_id, utc_text(now or datetime.now(UTC)), seq))
            self._audit.append(self._officer, Action.DISCLOSURE, _record(case_id), fields,
                               justification=f"investigation created in the force records system "
                                             f"(crime reference {crime_reference})",
                               recipient=recipient)
        return self._delivery_by_seq(seq)

    def record_retry(self, seq: int, message: str, next_attempt: datetime) -> CaseDelivery:
        """A temporary failure: back in the queue until `next_attempt`, with what went wrong."""
        with transaction(self._conn):
            self._conn.execute(
                "UPDATE outbox SET state = 'queued', last_error = ?, next_attempt_utc = ? WHERE seq = ?",
                (message, utc_text(next_attempt), seq))
        return self._delivery_by_seq(seq)

    def record_needs_attention(self, seq: int, message: str) -> CaseDelivery:
        """The records system refused the case: held until a person looks and retries."""
        with transaction(self._conn):
            self._conn.execute("UPDATE outbox SET state = 'needs_attention', last_error = ? WHERE seq = ?",
                               (message, seq))
        return self._delivery_by_seq(seq)

    def erase_after_retention(self, keep_for: timedelta, *, now: datetime | None = None,
                              policy: str = "resources/policy/retention.json") -> list[str]:
        """Erase delivered cases whose retention period has ended: the case, its files, its outbox copy.

        One transaction and one erasure entry per case, naming the rule, not the data.
        """
        cutoff = utc_text((now or datetime.now(UTC)) - keep_for)
        due = [r[0] for r in self._conn.execute(
            "SELECT case_id FROM outbox WHERE state = 'delivered' AND delivered_utc <= ? ORDER BY seq", (cutoff,))]
        days = keep_for / timedelta(days=1)
        for case_id in due:
            with transaction(self._conn):
                self._conn.execute("DELETE FROM outbox WHERE case_id = ?", (case_id,))
                files = self._conn.execute("DELETE FROM case_files WHERE case_id = ?", (case_id,)).rowcount
                self._conn.execute("DELETE FROM cases WHERE id = ?", (case_id,))
                self._audit.append(
                    self._officer, Action.ERASURE, _record(case_id),
                    ("(whole case)", "(outbox copy)", *(["(stored files)"] if files else [])),
                    justification=f"retention period ended: {days:g} days after delivery to the records system "
                                  f"({policy})")
        return due

    # Mending a filing the records system could never accept.

    def undelivered(self) -> list[OutboxItem]:
        """Every entry the records system has not accepted, oldest first (for a mend at start)."""
        rows = self._conn.execute(
            f"SELECT seq, idempotency_key, payload, request_body, {_DELIVERY_COLUMNS} FROM outbox"
            " WHERE state != 'delivered' AND investigation_id = '' ORDER BY seq").fetchall()
        return [OutboxItem(r[0], r[1], json.loads(r[2]), r[3], _delivery(r[4:])) for r in rows]

    def mend_filing(self, seq: int, payload: dict, request_body: str | None, *, message: str, justification: str,
                    now: datetime | None = None) -> CaseDelivery:
        """Replace a not-yet-accepted entry's case and filing with mended ones and make it due, audited.

        The submitted case is mended with it, so what the officer sees is
        what is sent. The idempotency key stays: a refused write is not kept
        under its key, so the corrected body is accepted under it, and were
        the first ever held, the same key makes a second investigation
        impossible. `LookupError` if the entry has been delivered meanwhile.
        """
        now_text = utc_text(now or datetime.now(UTC))
        text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
        with transaction(self._conn):
            row = self._conn.execute("SELECT case_id, payload, request_body FROM outbox WHERE seq = ?"
                                     " AND state != 'delivered' AND investigation_id = ''", (seq,)).fetchone()
            if row is None:
                raise LookupError(f"outbox entry {seq} is not waiting; a delivered case is never changed")
            case_id = row[0]
            self._conn.execute(
                "UPDATE outbox SET payload = ?, request_body = ?, state = 'queued', next_attempt_utc = ?,"
                " last_error = ? WHERE seq = ?", (text, request_body, now_text, message, seq))
            fields = changed_fields(json.loads(row[1]), payload)
            if fields:
                self._conn.execute(
                    "UPDATE cases SET payload = ?, revision = revision + 1, updated_utc = ? WHERE id = ?",
                    (text, now_text, case_id))
            if request_body != row[2]:
                fields.add("(outbox filing)")
            self._audit.append(self._officer, Action.ALTERATION, _record(case_id), fields,
                               justification=justification)
        return self._delivery_by_seq(seq)

    def record_not_mended(self, seq: int, message: str) -> CaseDelivery:
        """A filing that needed mending but could not be: left exactly as it is, with what to do."""
        with transaction(self._conn):
            self._conn.execute("UPDATE outbox SET last_error = ? WHERE seq = ? AND state != 'delivered'",
                               (message, seq))
        return self._delivery_by_seq(seq)

    def _case_id(self, seq: int) -> str:
        row = self._conn.execute("SELECT case_id FROM outbox WHERE seq = ?", (seq,)).fetchone()
        if row is None:
            raise LookupError(f"no outbox entry {seq}")
        return row[0]

    def _delivery_by_seq(self, seq: int) -> CaseDelivery:
        row = self._conn.execute(f"SELECT {_DELIVERY_COLUMNS} FROM outbox WHERE seq = ?", (seq,)).fetchone()
        if row is None:
            raise LookupError(f"no outbox entry {seq}")
        return _delivery(row)
