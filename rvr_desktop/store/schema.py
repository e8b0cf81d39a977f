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


MIGRATIONS: Sequence[Step] = (_v0_to_v1,)
LATEST_VERSION = len(MIGRATIONS)
