"""Cases in the encrypted store: drafts saved as the officer types.

A case is kept as one JSON document (the workflow's own serialised form) plus
the few columns the case list needs. Every save is one transaction holding the
new document and its audit entry, so the log and the data never disagree.

Once a case is in the outbox (`store.outbox`) it is no longer a draft: what
was submitted is what the records system gets, so a draft save queued before
the submission, or racing it, is refused with `CaseAlreadySubmitted`.
"""

from __future__ import annotations

import dataclasses
import json
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlcipher3

from rvr_desktop.store.audit import Action, AuditLog, utc_now_text
from rvr_desktop.store.transaction import transaction


@dataclass(frozen=True)
class CaseHeadline:
    """What the case list shows of a case."""

    title: str
    caller: str
    status: str
    # How far the case's clock runs from real time (a practice scenario's; 0 for a real call): the list says
    # the case's last change on that clock, as the case itself says every time it records.
    clock_offset_seconds: int = 0


@dataclass(frozen=True)
class CaseSummary:
    case_id: str
    headline: CaseHeadline
    created_utc: str
    updated_utc: str
    revision: int


@dataclass(frozen=True)
class StoredCase:
    summary: CaseSummary
    payload: dict


class CaseNotFound(LookupError):
    pass


class CaseAlreadySubmitted(Exception):
    """A draft save for a case already in the outbox: refused, so nothing replaces what was submitted.

    Not a fault: the draft saver takes it as "the case has left, nothing more
    to save".
    """

    title = "The case has already been submitted"
    kept_safe = "The case was kept exactly as it was submitted."

    def __init__(self, case_id: str):
        self.case_id = case_id
        self.what_happened = f"Case {case_id} is in the outbox; a later draft was not saved over it."
        self.what_to_do = "nothing: the submitted case is on its way to the records system."
        super().__init__(self.what_happened)

    def message(self) -> str:
        return f"{self.title}.\n{self.what_happened}\n{self.kept_safe}\nWhat to do: {self.what_to_do}"


def changed_fields(old: object, new: object, prefix: str = "") -> set[str]:
    """Paths of the fields that differ, e.g. {"account.narrative"}; never values."""
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        paths: set[str] = set()
        for key in old.keys() | new.keys():
            path = f"{prefix}.{key}" if prefix else str(key)
            if key not in old:
                paths |= field_paths(new[key], path)
            elif key not in new:
                paths |= field_paths(old[key], path)
            else:
                paths |= changed_fields(old[key], new[key], path)
        return paths
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        paths = set()
        for i, (a, b) in enumerate(zip(old, new)):
            paths |= changed_fields(a, b, f"{prefix}[{i}]")
        return paths
    return set() if old == new else {prefix or "(whole case)"}


def field_paths(value: object, prefix: str) -> set[str]:
    """Every leaf path below `value` (a new or removed part of a case)."""
    if isinstance(value, Mapping) and value:
        return set().union(*(field_paths(v, f"{prefix}.{k}") for k, v in value.items()))
    return {prefix}


def _record(case_id: str) -> str:
    return f"case:{case_id}"


class CaseRepository:
    """Reads and writes cases on behalf of one officer; audits every access."""

    def __init__(self, conn: sqlcipher3.Connection, audit: AuditLog, officer: str):
        self._conn = conn
        self._audit = audit
        self._officer = officer

    def create(self, payload: dict, headline: CaseHeadline, case_id: str | None = None) -> CaseSummary:
        """Store a new case, under the workflow's own id when it has one."""
        case_id = case_id or str(uuid.uuid4())
        now = utc_now_text()
        with transaction(self._conn):
            self._conn.execute(
                "INSERT INTO cases (id, created_utc, updated_utc, status, title, caller, clock_offset_seconds,"
                " revision, payload) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?)",
                (case_id, now, now, headline.status, headline.title, headline.caller, headline.clock_offset_seconds,
                 _dump(payload)),
            )
            self._audit.append(self._officer, Action.COLLECTION, _record(case_id),
                               changed_fields({}, payload) or {"(new case)"})
        return CaseSummary(case_id, headline, now, now, 1)

    def save_draft(self, case_id: str, payload: dict, headline: CaseHeadline, *, justification: str = "") -> int:
        """Save the whole case; returns the revision now on disk.

        An unchanged case writes nothing, so an idle form adds no audit noise.
        `justification` says why, when the change is not the officer's typing.
        Raises `CaseAlreadySubmitted` (nothing written) once the case is in the outbox.
        """
        with transaction(self._conn):
            row = self._conn.execute(
                "SELECT revision, payload, status, title, caller, clock_offset_seconds FROM cases WHERE id = ?",
                (case_id,),
            ).fetchone()
            if row is None:
                raise CaseNotFound(case_id)
            # Asked inside the write transaction: a submission cannot slip in between the question and the save.
            if self._conn.execute("SELECT 1 FROM outbox WHERE case_id = ?", (case_id,)).fetchone():
                raise CaseAlreadySubmitted(case_id)
            revision, old_text = row[0], row[1]
            fields = changed_fields(json.loads(old_text), payload)
            stored_headline = CaseHeadline(status=row[2], title=row[3], caller=row[4], clock_offset_seconds=row[5])
            fields |= {f"headline.{name}" for name in _HEADLINE_FIELDS
                       if getattr(stored_headline, name) != getattr(headline, name)}
            if not fields:
                return revision
            revision += 1
            self._conn.execute(
                "UPDATE cases SET payload = ?, status = ?, title = ?, caller = ?, clock_offset_seconds = ?,"
                " revision = ?, updated_utc = ? WHERE id = ?",
                (_dump(payload), headline.status, headline.title, headline.caller, headline.clock_offset_seconds,
                 revision, utc_now_text(), case_id),
            )
            self._audit.append(self._officer, Action.ALTERATION, _record(case_id), fields, justification=justification)
        return revision

    def open_case(self, case_id: str, *, justification: str = "") -> StoredCase:
        """Read a case for the officer to see: a consultation in the log."""
        with transaction(self._conn):
            stored = self._read(case_id)
            self._audit.append(self._officer, Action.CONSULTATION, _record(case_id), ("(whole case)",),
                               justification=justification)
        return stored

    def list_cases(self, search: str = "", status: str | None = None) -> list[CaseSummary]:
        """The case list, newest first, optionally filtered; logged as one consultation."""
        query = f"SELECT {_SUMMARY_COLUMNS} FROM cases"
        where, args = [], []
        if search:
            where.append("(title LIKE ? ESCAPE '\\' OR caller LIKE ? ESCAPE '\\')")
            pattern = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            args += [pattern, pattern]
        if status:
            where.append("status = ?")
            args.append(status)
        if where:
            query += " WHERE " + " AND ".join(where)
        query += " ORDER BY updated_utc DESC"
        with transaction(self._conn):
            rows = self._conn.execute(query, args).fetchall()
            self._audit.append(self._officer, Action.CONSULTATION, "case-list", ("caller", "status", "title"))
        return [_summary(r) for r in rows]

    def erase(self, case_id: str, justification: str) -> None:
        """Delete a case for good; the log records that and why, not what."""
        with transaction(self._conn):
            if self._conn.execute("DELETE FROM cases WHERE id = ?", (case_id,)).rowcount != 1:
                raise CaseNotFound(case_id)
            self._audit.append(self._officer, Action.ERASURE, _record(case_id), ("(whole case)",),
                               justification=justification)

    def revision(self, case_id: str) -> int:
        row = self._conn.execute("SELECT revision FROM cases WHERE id = ?", (case_id,)).fetchone()
        if row is None:
            raise CaseNotFound(case_id)
        return row[0]

    def iter_ids(self) -> Iterator[str]:
        for (case_id,) in self._conn.execute("SELECT id FROM cases"):
            yield case_id

    def _read(self, case_id: str) -> StoredCase:
        row = self._conn.execute(
            f"SELECT {_SUMMARY_COLUMNS}, payload FROM cases WHERE id = ?", (case_id,)
        ).fetchone()
        if row is None:
            raise CaseNotFound(case_id)
        return StoredCase(_summary(row), json.loads(row[8]))


_HEADLINE_FIELDS = tuple(field.name for field in dataclasses.fields(CaseHeadline))
_SUMMARY_COLUMNS = "id, title, caller, status, clock_offset_seconds, created_utc, updated_utc, revision"


def _summary(row) -> CaseSummary:
    headline = CaseHeadline(title=row[1], caller=row[2], status=row[3], clock_offset_seconds=row[4])
    return CaseSummary(row[0], headline, row[5], row[6], row[7])


def _dump(payload: dict) -> str:
    # ensure_ascii=False keeps every script exactly as typed, and smaller.
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
