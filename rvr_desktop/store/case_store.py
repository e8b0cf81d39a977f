"""The case store: one encrypted database holding cases and their audit log.

A `CaseStore` belongs to the thread that opened it (SQLite's rule); the
workstation gives it a thread of its own so the GUI never waits on disk.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rvr_desktop.store.audit import Action, AuditEntry, AuditLog, entries_as_csv, period_bounds
from rvr_desktop.store.case_files import CaseFile, CaseFileRepository
from rvr_desktop.store.cases import CaseRepository
from rvr_desktop.store.database import open_database
from rvr_desktop.store.outbox import OutboxRepository
from rvr_desktop.store.transaction import transaction
from rvr_desktop.store.folder import write_private_file

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IntegrityReport:
    sqlcipher_version: str
    schema_version: int
    cipher_problems: list[str]
    sqlite_problems: list[str]

    @property
    def clean(self) -> bool:
        return not self.cipher_problems and not self.sqlite_problems


class CaseStore:
    """Opened store: `cases` and `audit`, for one officer."""

    def __init__(self, folder: Path, officer: str):
        opened = open_database(folder)
        self.folder = folder
        self.officer = officer
        self.created = opened.created
        self.migrated_from = opened.migrated_from
        self._conn = opened.connection
        self.audit = AuditLog(self._conn)
        self.cases = CaseRepository(self._conn, self.audit, officer)
        self.files = CaseFileRepository(self._conn, self.audit, officer)
        self.outbox = OutboxRepository(self._conn, self.audit, officer)
        seq, head = self.audit.head()
        # An outside witness of the log's end: the hash is no personal data.
        log.info("case store open; audit log head is entry %d, hash %s", seq, head)

    def integrity(self) -> IntegrityReport:
        version = self._conn.execute("PRAGMA cipher_version").fetchone()[0]
        schema = self._conn.execute("PRAGMA user_version").fetchone()[0]
        cipher = [r[0] for r in self._conn.execute("PRAGMA cipher_integrity_check")]
        sqlite = [r[0] for r in self._conn.execute("PRAGMA integrity_check")]
        return IntegrityReport(version, schema, cipher, [p for p in sqlite if p != "ok"])

    def export_audit(self, first: date, last: date, out: Path, *, recipient: str, justification: str,
                     marking: str = "") -> int:
        """Write the log for whole days `first`..`last` to a CSV; the export is itself logged.

        Refuses to overwrite an existing file. Returns the number of entries.
        """
        start, end = period_bounds(first, last)
        entries = list(self.audit.entries(start, end))
        self.disclose_to_file(out, entries_as_csv(entries, marking=marking), f"audit-log:{first.isoformat()}..{last.isoformat()}",
                               ("(all entries in period)",), recipient, justification)
        return len(entries)

    def export_file(self, file: CaseFile, out: Path, *, recipient: str, justification: str) -> int:
        """Write a case's file (a document, say) to disk for `recipient`: a disclosure in the log."""
        checked, content = self.files.content_for_disclosure(file.case_id, file.sha256)
        self.disclose_to_file(out, content, f"case:{checked.case_id}/file:{checked.file_id}", (checked.name,),
                               recipient, justification)
        return len(content)

    def file_disclosures(self, case_id: str) -> list[AuditEntry]:
        """Every export of one of the case's files (a referral sent, say), as the audit log records it."""
        return self.audit.disclosures_of(f"case:{case_id}/file:")

    def log_call_decision(self, case_id: str, action: str, what: str, fields: str, justification: str,
                          recipient: str = "") -> None:
        """Audit an officer's decision about the case's video call that leaves nothing in the case's own data:
        a device admitted to the caller's link (a disclosure) or refused, a caller's photo declined (an
        erasure: `fields` names it, never its content)."""
        with transaction(self._conn):
            self.audit.append(self.officer, Action(action), f"case:{case_id}/{what}", (fields,),
                              justification=justification, recipient=recipient)

    def disclose_to_file(self, out: Path, content: bytes, record: str, fields, recipient: str,
                         justification: str) -> None:
        """Write `content` to `out` (never over an existing file) as a logged disclosure."""
        if out.exists():
            raise FileExistsError(f"{out} already exists; choose a new file name so nothing is overwritten")
        with transaction(self._conn):
            self.audit.append(self.officer, Action.DISCLOSURE, record, fields, justification=justification,
                              recipient=recipient)
            # Written inside the transaction: if the file cannot be written,
            # the log does not claim a disclosure that never happened.
            write_private_file(out, content)

    def close(self) -> None:
        self._conn.close()
