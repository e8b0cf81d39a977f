"""Schema versions of the case database, one migration step per version.

`PRAGMA user_version` records the version. Step N takes a database from
version N to N+1 inside one transaction. Never edit a released step: add a
new one, and commit a database made by the released version under
`tests/data/` so the upgrade is tested for ever after.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import sqlcipher3

Step = Callable[[sqlcipher3.Connection], None]


def run_script(conn: sqlcipher3.Connection, script: str) -> None:
    """Run statements one by one so they stay inside the caller's transaction.

    `executescript` would commit first, and a failed step must roll back whole.
    """
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlcipher3.complete_statement(pending):
            conn.execute(pending)
            pending = ""
    if pending.strip():
        raise ValueError("migration script ends with an incomplete statement")


def _v0_to_v1(conn: sqlcipher3.Connection) -> None:
    run_script(
        conn,
        """
        CREATE TABLE cases (
            id          TEXT PRIMARY KEY,
            created_utc TEXT NOT NULL,
            updated_utc TEXT NOT NULL,
            status      TEXT NOT NULL,
            title       TEXT NOT NULL DEFAULT '',
            caller      TEXT NOT NULL DEFAULT '',
            revision    INTEGER NOT NULL,
            payload     TEXT NOT NULL
        );
        CREATE INDEX cases_by_update ON cases (updated_utc DESC);

        CREATE TABLE audit_log (
            seq           INTEGER PRIMARY KEY,
            at_utc        TEXT NOT NULL,
            officer       TEXT NOT NULL,
            action        TEXT NOT NULL CHECK (action IN
                ('collection', 'alteration', 'consultation', 'disclosure', 'combination', 'erasure')),
            record        TEXT NOT NULL,
            fields        TEXT NOT NULL,
            justification TEXT NOT NULL DEFAULT '',
            recipient     TEXT NOT NULL DEFAULT '',
            prev_hash     TEXT NOT NULL,
            hash          TEXT NOT NULL
        );
        CREATE INDEX audit_by_time ON audit_log (at_utc);

        -- The newest entry, kept beside the chain so that removing entries
        -- from the end of the log is detected too.
        CREATE TABLE audit_head (
            one  INTEGER PRIMARY KEY CHECK (one = 1),
            seq  INTEGER NOT NULL,
            hash TEXT NOT NULL
        );

        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        """
    )


def _v1_to_v2(conn: sqlcipher3.Connection) -> None:
    run_script(
        conn,
        """
        -- Binary content kept encrypted with its case: exhibits, documents,
        -- recordings. The digest is taken when the file is added and checked
        -- whenever it is read, so damage is found before anything is sent.
        -- Erasing a case erases its files with it.
        CREATE TABLE case_files (
            id          TEXT PRIMARY KEY,
            case_id     TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
            kind        TEXT NOT NULL,
            name        TEXT NOT NULL,
            media_type  TEXT NOT NULL,
            sha256      TEXT NOT NULL CHECK (length(sha256) = 64),
            size        INTEGER NOT NULL CHECK (size >= 0),
            created_utc TEXT NOT NULL,
            content     BLOB NOT NULL
        );
        CREATE INDEX case_files_by_case ON case_files (case_id, created_utc);

        -- What must reach the records system, in submission order (seq). The
        -- case reference has no ON DELETE action: a case still waiting here
        -- cannot be erased by accident. `payload` is the case as submitted,
        -- `request_body` its filing for the records system, made once (at
        -- submission or the first attempt), so every retry sends the same.
        CREATE TABLE outbox (
            seq              INTEGER PRIMARY KEY,
            case_id          TEXT NOT NULL UNIQUE REFERENCES cases (id),
            idempotency_key  TEXT NOT NULL UNIQUE,
            state            TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'delivered', 'needs_attention')),
            attempts         INTEGER NOT NULL DEFAULT 0,
            next_attempt_utc TEXT NOT NULL,
            last_error       TEXT NOT NULL DEFAULT '',
            crime_reference  TEXT NOT NULL DEFAULT '',
            investigation_id TEXT NOT NULL DEFAULT '',
            submitted_utc    TEXT NOT NULL,
            delivered_utc    TEXT,
            payload          TEXT NOT NULL,
            request_body     TEXT
        );
        CREATE INDEX outbox_due ON outbox (state, next_attempt_utc, seq);
        """
    )


def _v2_to_v3(conn: sqlcipher3.Connection) -> None:
    run_script(
        conn,
        """
        -- How far the case's clock runs from real time, in seconds: a practice
        -- scenario's (its call on a Friday night, say), 0 for a real call. The
        -- case list says each case's last change on the case's own clock
        -- without opening (and auditing) every case.
        ALTER TABLE cases ADD COLUMN clock_offset_seconds INTEGER NOT NULL DEFAULT 0;

        -- Practice cases saved before this version keep their offset in the
        -- case itself: copied here once. Anything that is not a whole number
        -- there (or a case that is not readable JSON) reads 0, as a real call.
        -- CASE rather than AND: only CASE is sure to skip json_type on text
        -- that is not JSON, which would fail the whole step.
        UPDATE cases SET clock_offset_seconds = json_extract(payload, '$.practice_clock_offset_seconds')
        WHERE CASE WHEN json_valid(payload) THEN json_type(payload, '$.practice_clock_offset_seconds') END = 'integer';
        """
    )


MIGRATIONS: Sequence[Step] = (_v0_to_v1, _v1_to_v2, _v2_to_v3)
LATEST_VERSION = len(MIGRATIONS)
