"""The practice records system's own database: investigations, exhibit files,
and the answer kept under each idempotency key.

A plain SQLite file (the stdlib's sqlite3): this stands in for the force's
system, which keeps its own data its own way; it holds training cases only.
Every write keeps its answer under its idempotency key in the same
transaction as the change, so a repeat can never find the change without the
answer or the answer without the change. Answers to failed writes are not
kept, so a corrected retry can succeed.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS investigations (
    seq             INTEGER PRIMARY KEY,
    id              TEXT NOT NULL UNIQUE,
    crime_reference TEXT NOT NULL UNIQUE,
    case_id         TEXT NOT NULL,
    training        INTEGER NOT NULL,
    received_at     TEXT NOT NULL,
    body            TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS investigations_by_case ON investigations (case_id);
CREATE TABLE IF NOT EXISTS expected_exhibits (
    investigation_id TEXT NOT NULL REFERENCES investigations (id),
    sha256           TEXT NOT NULL,
    reference        TEXT NOT NULL,
    PRIMARY KEY (investigation_id, sha256)
);
CREATE TABLE IF NOT EXISTS exhibit_files (
    investigation_id TEXT NOT NULL,
    sha256           TEXT NOT NULL,
    media_type       TEXT NOT NULL,
    size             INTEGER NOT NULL,
    received_at      TEXT NOT NULL,
    content          BLOB NOT NULL,
    PRIMARY KEY (investigation_id, sha256),
    FOREIGN KEY (investigation_id, sha256) REFERENCES expected_exhibits (investigation_id, sha256)
);
CREATE TABLE IF NOT EXISTS idempotency (
    key         TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    status      INTEGER NOT NULL,
    body        TEXT NOT NULL,
    location    TEXT NOT NULL DEFAULT '',
    kept_at     TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class KeptAnswer:
    """The answer given to a successful write, kept under its idempotency key."""

    fingerprint: str
    status: int
    body: dict
    location: str


class PracticeRecords:
    """One connection, used only by the server's event-loop thread."""

    def __init__(self, path: Path):
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.path = path
        self._conn = sqlite3.connect(path, isolation_level=None)
        self._conn.execute("PRAGMA journal_mode = WAL")
        # NORMAL, not FULL: a power cut may lose the last practice write,
        # which a practice server can afford; the workstation simply resends.
        self._conn.execute("PRAGMA synchronous = NORMAL")
        self._conn.execute("PRAGMA foreign_keys = ON")
        for statement in _SCHEMA.split(";"):
            if statement.strip():
                self._conn.execute(statement)

    def close(self) -> None:
        self._conn.close()

    def kept_answer(self, key: str) -> KeptAnswer | None:
        row = self._conn.execute("SELECT fingerprint, status, body, location FROM idempotency WHERE key = ?",
                                 (key,)).fetchone()
        return KeptAnswer(row[0], row[1], json.loads(row[2]), row[3]) if row else None

    def create_investigation(self, request: dict, *, key: str, fingerprint: str, now: datetime) -> KeptAnswer:
        """File a new investigation and keep the answer under `key`, in one transaction."""
        investigation_id = str(uuid.uuid4())
        received_at = now.isoformat()
        exhibits = [o for o in request["objects"] if o["kind"] == "exhibit"]
        with self._conn:
            self._conn.execute("BEGIN IMMEDIATE")
            seq = self._conn.execute("SELECT coalesce(max(seq), 0) + 1 FROM investigations").fetchone()[0]
            crime_reference = f"PRAC/{now.year}/{seq:06d}"
            self._conn.execute(
                "INSERT INTO investigations (seq, id, crime_reference, case_id, training, received_at, body)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (seq, investigation_id, crime_reference, request["source"]["case_id"],
                 int(request["source"]["training"]), received_at, json.dumps(request, ensure_ascii=False)),
            )
            self._conn.executemany(
                "INSERT INTO expected_exhibits (investigation_id, sha256, reference) VALUES (?, ?, ?)",
                [(investigation_id, e["sha256"], e["reference"]) for e in exhibits],
            )
            answer = KeptAnswer(fingerprint, 201, self.investigation(investigation_id) or {},
                                f"/v1/investigations/{investigation_id}")
            self._keep(key, answer, received_at)
        return answer

    def investigation(self, investigation_id: str) -> dict | None:
        """The investigation's status as the contract's `Investigation`."""
        row = self._conn.execute("SELECT crime_reference, received_at, training FROM investigations WHERE id = ?",
                                 (investigation_id,)).fetchone()
        if row is None:
            return None
        exhibits = [
            {"reference": reference, "sha256": sha256, "received": bool(received)}
            for reference, sha256, received in self._conn.execute(
                "SELECT e.reference, e.sha256, f.sha256 IS NOT NULL FROM expected_exhibits e"
                " LEFT JOIN exhibit_files f USING (investigation_id, sha256)"
                " WHERE e.investigation_id = ? ORDER BY e.reference, e.sha256", (investigation_id,))
        ]
        complete = all(e["received"] for e in exhibits)
        return {"investigation_id": investigation_id, "crime_reference": row[0],
                "state": "complete" if complete else "awaiting-exhibits", "received_at": row[1],
                "training": bool(row[2]), "exhibits": exhibits}

    def expected_exhibit(self, investigation_id: str, sha256: str) -> str | None:
        """The exhibit reference the investigation lists for this digest, if any."""
        row = self._conn.execute("SELECT reference FROM expected_exhibits WHERE investigation_id = ? AND sha256 = ?",
                                 (investigation_id, sha256)).fetchone()
        return row[0] if row else None

    def exhibit_receipt(self, investigation_id: str, sha256: str) -> dict | None:
        row = self._conn.execute(
            "SELECT e.reference, f.size, f.media_type, f.received_at FROM exhibit_files f"
            " JOIN expected_exhibits e USING (investigation_id, sha256)"
            " WHERE f.investigation_id = ? AND f.sha256 = ?", (investigation_id, sha256)).fetchone()
        if row is None:
            return None
        return {"investigation_id": investigation_id, "reference": row[0], "sha256": sha256, "size": row[1],
                "media_type": row[2], "received_at": row[3]}

    def keep_exhibit(self, investigation_id: str, sha256: str, media_type: str, content: bytes, *, key: str,
                     fingerprint: str, now: datetime, lose: bool = False) -> KeptAnswer:
        """Store a checked exhibit file and keep the answer under `key`, in one transaction.

        `lose` is the practice fault: the answer is given and kept, the file is not.
        """
        received_at = now.isoformat()
        reference = self.expected_exhibit(investigation_id, sha256) or ""
        with self._conn:
            self._conn.execute("BEGIN IMMEDIATE")
            if not lose:
                self._conn.execute(
                    "INSERT OR IGNORE INTO exhibit_files (investigation_id, sha256, media_type, size, received_at,"
                    " content) VALUES (?, ?, ?, ?, ?, ?)",
                    (investigation_id, sha256, media_type, len(content), received_at, content))
            receipt = self.exhibit_receipt(investigation_id, sha256) or {
                "investigation_id": investigation_id, "reference": reference, "sha256": sha256,
                "size": len(content), "media_type": media_type, "received_at": received_at}
            answer = KeptAnswer(fingerprint, 201, receipt, "")
            self._keep(key, answer, received_at)
        return answer

    def _keep(self, key: str, answer: KeptAnswer, at: str) -> None:
        self._conn.execute(
            "INSERT INTO idempotency (key, fingerprint, status, body, location, kept_at) VALUES (?, ?, ?, ?, ?, ?)",
            (key, answer.fingerprint, answer.status, json.dumps(answer.body, ensure_ascii=False), answer.location,
             at))


def investigations_by_case(path: Path) -> dict[str, list[dict]]:
    """Every investigation in a practice records file, by the workstation's case id.

    Opened read-only beside the running server: how a trainer (or a test)
    checks that each case arrived exactly once with its exhibits.
    """
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        found: dict[str, list[dict]] = {}
        rows = conn.execute("SELECT id, case_id, crime_reference, body FROM investigations ORDER BY seq").fetchall()
        for investigation_id, case_id, crime_reference, body in rows:
            files = dict(conn.execute("SELECT sha256, content FROM exhibit_files WHERE investigation_id = ?",
                                      (investigation_id,)).fetchall())
            found.setdefault(case_id, []).append({
                "investigation_id": investigation_id, "crime_reference": crime_reference,
                "request": json.loads(body), "files": {sha: bytes(content) for sha, content in files.items()}})
        return found
    finally:
        conn.close()
