"""The s.62 audit log (Data Protection Act 2018, Part 3): append-only, chained.

Each entry records who did what to which record and which fields, never the
values, so an erasure entry keeps nothing of what was erased. Each entry's
hash covers its contents and the previous entry's hash, and the newest hash
is also kept in `audit_head`: editing, deleting, inserting or reordering any
entry, or cutting entries off the end, breaks the chain at a named entry.

Someone holding the key could rewrite the whole chain; the head hash written
to the program's log at each start is an outside witness against that.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlcipher3

from rvr_desktop.spreadsheet import csv_bytes

GENESIS_HASH = "0" * 64


class Action(StrEnum):
    """The kinds of processing s.62 says must be logged."""

    COLLECTION = "collection"
    ALTERATION = "alteration"
    CONSULTATION = "consultation"
    DISCLOSURE = "disclosure"
    COMBINATION = "combination"
    ERASURE = "erasure"


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at_utc: str
    officer: str
    action: str
    record: str
    fields: tuple[str, ...]
    justification: str
    recipient: str
    prev_hash: str
    hash: str

    def computed_hash(self) -> str:
        return entry_hash(
            self.seq, self.at_utc, self.officer, self.action, self.record,
            self.fields, self.justification, self.recipient, self.prev_hash,
        )


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    entries: int
    problem: str = ""


def entry_hash(seq, at_utc, officer, action, record, fields, justification, recipient, prev_hash) -> str:
    canonical = json.dumps(
        [seq, at_utc, officer, action, record, list(fields), justification, recipient, prev_hash],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def utc_now_text() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class AuditLog:
    """Appends to and reads the log. Appends join the caller's transaction."""

    def __init__(self, conn: sqlcipher3.Connection):
        self._conn = conn

    def append(
        self,
        officer: str,
        action: Action,
        record: str,
        fields: Iterable[str] = (),
        *,
        justification: str = "",
        recipient: str = "",
    ) -> AuditEntry:
        """Add one entry. Call inside a transaction with the change it records."""
        if not self._conn.in_transaction:
            raise RuntimeError("audit entries must be written in the same transaction as the change")
        head = self._conn.execute("SELECT seq, hash FROM audit_head WHERE one = 1").fetchone()
        seq, prev = (head[0] + 1, head[1]) if head else (1, GENESIS_HASH)
        at = utc_now_text()
        # Any iterable of field names: each kept once, in order, so the hash does not depend on a set's order.
        named = tuple(sorted(set(fields)))
        digest = entry_hash(seq, at, officer, str(action), record, named, justification, recipient, prev)
        self._conn.execute(
            "INSERT INTO audit_log (seq, at_utc, officer, action, record, fields, justification, recipient,"
            " prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (seq, at, officer, str(action), record, json.dumps(list(named)), justification, recipient, prev, digest),
        )
        self._conn.execute(
            "INSERT INTO audit_head (one, seq, hash) VALUES (1, ?, ?)"
            " ON CONFLICT (one) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
            (seq, digest),
        )
        return AuditEntry(seq, at, officer, str(action), record, named, justification, recipient, prev, digest)

    def entries(self, start_utc: str | None = None, end_utc: str | None = None) -> Iterator[AuditEntry]:
        query = "SELECT seq, at_utc, officer, action, record, fields, justification, recipient, prev_hash, hash"
        query += " FROM audit_log"
        args: list[str] = []
        if start_utc is not None:
            query += " WHERE at_utc >= ? AND at_utc < ?"
            args = [start_utc, end_utc or "9999"]
        for row in self._conn.execute(query + " ORDER BY seq", args):
            yield _entry_from_row(row)

    def disclosures_of(self, record_prefix: str) -> list[AuditEntry]:
        """The disclosures logged against records starting `record_prefix` ("case:ID/file:"), oldest first."""
        query = ("SELECT seq, at_utc, officer, action, record, fields, justification, recipient, prev_hash, hash"
                 " FROM audit_log WHERE action = ? AND substr(record, 1, ?) = ? ORDER BY seq")
        return [_entry_from_row(row) for row in self._conn.execute(
            query, (str(Action.DISCLOSURE), len(record_prefix), record_prefix))]

    def head(self) -> tuple[int, str]:
        row = self._conn.execute("SELECT seq, hash FROM audit_head WHERE one = 1").fetchone()
        return (row[0], row[1]) if row else (0, GENESIS_HASH)

    def verify(self) -> VerifyResult:
        """Walk the chain from the first entry; name the first that fails."""
        expected_prev = GENESIS_HASH
        count = 0
        for count, entry in enumerate(self.entries(), start=1):
            where = f"entry {count} (stored as number {entry.seq}, {entry.at_utc})"
            if entry.seq != count:
                return VerifyResult(False, count - 1, f"{where} is out of sequence: an entry before it was "
                                    "deleted, or one was inserted")
            if entry.prev_hash != expected_prev:
                return VerifyResult(False, count - 1, f"{where} does not follow the entry before it: entries "
                                    "were deleted, inserted or reordered here")
            if entry.computed_hash() != entry.hash:
                return VerifyResult(False, count - 1, f"{where} was altered after it was written")
            expected_prev = entry.hash
        head_seq, head_hash = self.head()
        if (head_seq, head_hash) != (count, expected_prev):
            return VerifyResult(False, count, f"the log ends at entry {count} but entry {head_seq} was written: "
                                f"entries after entry {count} were deleted")
        return VerifyResult(True, count)


def _entry_from_row(row) -> AuditEntry:
    try:
        fields = tuple(json.loads(row[5]))
    except (ValueError, TypeError):
        fields = (str(row[5]),)  # Kept as found so verify reports the alteration.
    return AuditEntry(row[0], row[1], row[2], row[3], row[4], fields, row[6], row[7], row[8], row[9])


def period_bounds(first: date, last: date) -> tuple[str, str]:
    """UTC text bounds covering whole days from `first` to `last` inclusive."""
    start = datetime.combine(first, time.min, UTC)
    end = datetime.combine(last + timedelta(days=1), time.min, UTC)
    fmt = "%Y-%m-%dT%H:%M:%S.000Z"
    return start.strftime(fmt), end.strftime(fmt)


EXPORT_COLUMNS = ("entry", "time_utc", "officer", "action", "record", "fields", "justification", "recipient",
                  "entry_hash")


def entries_as_csv(entries: Iterable[AuditEntry], *, marking: str = "") -> bytes:
    """The export a regulator reads in a spreadsheet; cells cannot run formulas."""
    return csv_bytes(EXPORT_COLUMNS, ((e.seq, e.at_utc, e.officer, e.action, e.record, "; ".join(e.fields),
                                       e.justification, e.recipient, e.hash) for e in entries), marking=marking)
