"""Files kept encrypted with a case, by kind (`CaseFileKind`): exhibits, documents, practice runs.

The SHA-256 digest is computed here when a file is added, never taken from
the caller, and checked again on every read: an exhibit whose bytes changed
on disk must be caught before it is shown or sent as evidence. Adding a file
is a collection and opening one a consultation in the audit log; the log
names the file, never its content.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from rvr_desktop.store.audit import Action, AuditLog, utc_now_text
from rvr_desktop.store.cases import CaseNotFound
from rvr_desktop.store.transaction import transaction

if TYPE_CHECKING:
    import sqlcipher3

_MEDIA_TYPE = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*$")


class CaseFileKind(StrEnum):
    """What a stored file is to the case; the values are what `case_files.kind` holds.

    A fixed list rather than any word: a file added under a misspelt kind
    would never be listed where it is looked for (an exhibit missing from a
    submission, a run missing from the cohort report).
    """

    EXHIBIT = "exhibit"  # evidence: stills, the caller's uploads, recordings of the call
    DOCUMENT = "document"  # PDFs made from the case: MG11, referrals, a practice run's debrief
    TRAINING_RUN = "training-run"  # a practice run's record, which the trainer's cohort report reads


@dataclass(frozen=True)
class CaseFile:
    """A stored file's description (its content is read separately)."""

    file_id: str
    case_id: str
    kind: str
    name: str
    media_type: str
    sha256: str
    size: int
    created_utc: str


class CaseFileDamaged(Exception):
    """A stored file no longer matches the digest taken when it was added."""

    def __init__(self, file: CaseFile):
        self.file = file
        super().__init__(
            f"The stored file {file.name!r} ({file.kind}) no longer matches the SHA-256 digest recorded when it "
            "was added, so it cannot be used as evidence. The damaged copy has been left as it is; tell your "
            "supervisor and IT support, and recapture the item if you still can."
        )


class CaseFileNotFound(LookupError):
    pass


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _record(case_id: str, file_id: str) -> str:
    return f"case:{case_id}/file:{file_id}"


_COLUMNS = "id, case_id, kind, name, media_type, sha256, size, created_utc"


class CaseFileRepository:
    """Adds, lists and reads a case's files on behalf of one officer."""

    def __init__(self, conn: sqlcipher3.Connection, audit: AuditLog, officer: str):
        self._conn = conn
        self._audit = audit
        self._officer = officer

    def add(self, case_id: str, kind: CaseFileKind, name: str, media_type: str, content: bytes) -> CaseFile:
        """Keep `content` with the case; returns its description with the digest taken here."""
        if kind not in set(CaseFileKind):
            raise ValueError(f"A file kind is one of {', '.join(CaseFileKind)}, not {kind!r}.")
        if not _MEDIA_TYPE.match(media_type):
            raise ValueError(f"{media_type!r} is not a media type such as 'image/jpeg'.")
        stored = CaseFile(str(uuid.uuid4()), case_id, kind, name, media_type, sha256_of(content), len(content),
                          utc_now_text())
        with transaction(self._conn):
            if self._conn.execute("SELECT 1 FROM cases WHERE id = ?", (case_id,)).fetchone() is None:
                raise CaseNotFound(case_id)
            self._conn.execute(
                f"INSERT INTO case_files ({_COLUMNS}, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (stored.file_id, case_id, kind, name, media_type, stored.sha256, stored.size, stored.created_utc,
                 content),
            )
            self._audit.append(self._officer, Action.COLLECTION, _record(case_id, stored.file_id),
                               ("content", "kind", "media_type", "name"))
        return stored

    def list_for_case(self, case_id: str, kind: CaseFileKind | None = None) -> list[CaseFile]:
        """The case's files in the order they were added (descriptions only)."""
        query = f"SELECT {_COLUMNS} FROM case_files WHERE case_id = ?"
        args = [case_id]
        if kind is not None:
            query += " AND kind = ?"
            args.append(kind)
        # Two files added within the same millisecond keep the order they were added in (rowid), not their
        # random ids' order.
        return [CaseFile(*row) for row in self._conn.execute(query + " ORDER BY created_utc, rowid", args)]

    def get(self, file_id: str, *, justification: str = "") -> tuple[CaseFile, bytes]:
        """Open a file for the officer to see: a consultation in the log; digest checked."""
        with transaction(self._conn):
            file, content = self._checked(file_id)
            self._audit.append(self._officer, Action.CONSULTATION, _record(file.case_id, file_id), ("content",),
                               justification=justification)
        return file, content

    def content_for_disclosure(self, case_id: str, sha256: str) -> tuple[CaseFile, bytes]:
        """A file's checked content for sending; the caller logs the disclosure when it is made."""
        row = self._conn.execute(
            "SELECT id FROM case_files WHERE case_id = ? AND sha256 = ? ORDER BY created_utc LIMIT 1",
            (case_id, sha256),
        ).fetchone()
        if row is None:
            raise CaseFileNotFound(f"case {case_id} has no file with SHA-256 {sha256}")
        return self._checked(row[0])

    def _checked(self, file_id: str) -> tuple[CaseFile, bytes]:
        row = self._conn.execute(f"SELECT {_COLUMNS}, content FROM case_files WHERE id = ?", (file_id,)).fetchone()
        if row is None:
            raise CaseFileNotFound(file_id)
        file, content = CaseFile(*row[:8]), bytes(row[8])
        if sha256_of(content) != file.sha256 or len(content) != file.size:
            raise CaseFileDamaged(file)
        return file, content
