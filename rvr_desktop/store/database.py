"""Opening the encrypted case database: key, checks, migrations.

Every way the environment can stop us (no keyring, locked keyring, missing or
wrong key, damaged file, newer schema, unwritable folder) is told apart
before anything is written, so none of them can harm the existing file.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlcipher3

from rvr_desktop.store import keyring_key
from rvr_desktop.store.errors import (
    CorruptDatabaseError,
    KeyMissingError,
    NewerDatabaseError,
    WrongKeyError,
)
from rvr_desktop.store.folder import (
    DATABASE_FILE,
    FILE_MODE,
    FolderIdentity,
    ensure_private_folder,
    key_check_value,
    read_identity,
    write_identity,
    write_private_file,
)
from rvr_desktop.store.schema import MIGRATIONS, Step
from rvr_desktop.store.transaction import transaction

log = logging.getLogger(__name__)

_PLAIN_SQLITE_HEADER = b"SQLite format 3\x00"


@dataclass(frozen=True)
class OpenedDatabase:
    """A keyed, checked, up-to-date connection and what we learnt opening it."""

    connection: sqlcipher3.Connection
    path: Path
    identity: FolderIdentity
    created: bool
    migrated_from: int | None


def database_path(folder: Path) -> Path:
    return folder / DATABASE_FILE


def connect_with_key(path: Path, key: bytes) -> sqlcipher3.Connection:
    """A connection with the raw key applied: no key derivation on open."""
    conn = sqlcipher3.connect(str(path), isolation_level=None, timeout=5.0)
    # SQLCipher writes its own diagnostics to stderr; our messages say more.
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    return conn


def _configure(conn: sqlcipher3.Connection) -> None:
    conn.execute("PRAGMA journal_mode = WAL")
    # FULL: a commit the officer was told about survives a power cut too.
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")


def open_database(folder: Path, *, steps: Sequence[Step] = MIGRATIONS) -> OpenedDatabase:
    """Open (or on first run create) the folder's encrypted case database."""
    ensure_private_folder(folder)
    keyring_key.require_system_keyring()
    path = database_path(folder)
    identity = read_identity(folder)
    if path.exists():
        return _open_existing(path, identity, steps)
    return _create(folder, path, identity, steps)


def _open_existing(path: Path, identity: FolderIdentity | None, steps: Sequence[Step]) -> OpenedDatabase:
    if identity is None:
        raise KeyMissingError(
            f"The database {path} exists but the folder's identity file (rvr-folder.json) is missing, "
            "so its key cannot be found in the keyring.",
            "Restore rvr-folder.json from a backup of this data folder, or ask IT support; do not delete the database.",
        )
    _refuse_plain_sqlite(path)
    key = keyring_key.read_key(identity.folder_id)
    if key is None:
        raise KeyMissingError(
            f"The keyring has no key for the case database in {path.parent} (keyring entry "
            f"'{keyring_key.SERVICE}' / 'database-key/{identity.folder_id}').",
            "Log in as the account that created this data folder, or restore that keyring entry from a backup. "
            "Without it the cases cannot be read.",
        )
    if key_check_value(key) != identity.key_check:
        raise WrongKeyError(
            f"The key in the keyring for {path.parent} is not the key this database was made with.",
            "Restore the original keyring entry from a backup; do not delete the database.",
        )
    conn = connect_with_key(path, key)
    try:
        version = _read_version(conn, path)
        if version > len(steps):
            raise NewerDatabaseError(
                f"The database is at schema version {version}; this program understands up to {len(steps)}.",
                "Use the newer version of RVR Desktop that made it, or ask IT to update this workstation.",
            )
        if 0 < version < len(steps):
            # Before anything else touches the file, even the journal mode.
            backup_before_migrating(conn, path, version)
        _configure(conn)
        migrated_from = _migrate(conn, version, steps)
    except BaseException:
        conn.close()
        raise
    return OpenedDatabase(conn, path, identity, created=False, migrated_from=migrated_from)


def _create(folder: Path, path: Path, identity: FolderIdentity | None, steps: Sequence[Step]) -> OpenedDatabase:
    key = keyring_key.read_key(identity.folder_id) if identity else None
    if identity is None or key is None or key_check_value(key) != identity.key_check:
        # Key first, then the identity, then the database: a crash between
        # them leaves at worst an unused keyring entry, never a database
        # without its key.
        folder_id = str(uuid.uuid4())
        key = keyring_key.create_key(folder_id)
        identity = FolderIdentity(folder_id, key_check_value(key))
        write_identity(folder, identity)
    else:
        log.warning("database file missing beside an existing identity: creating an empty database")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    os.close(fd)
    conn = connect_with_key(path, key)
    try:
        _configure(conn)
        _migrate(conn, 0, steps)
    except BaseException:
        conn.close()
        raise
    log.info("created a new encrypted case database at schema version %d", len(steps))
    return OpenedDatabase(conn, path, identity, created=True, migrated_from=None)


def _refuse_plain_sqlite(path: Path) -> None:
    try:
        with path.open("rb") as fh:
            header = fh.read(len(_PLAIN_SQLITE_HEADER))
    except OSError as exc:
        raise CorruptDatabaseError(
            f"The database file {path} cannot be read ({exc.strerror}).",
            "Check the disk and the file's permissions, then try again.",
        ) from exc
    if header == _PLAIN_SQLITE_HEADER:
        raise CorruptDatabaseError(
            f"{path} is an unencrypted SQLite file, not an RVR Desktop case database.",
            "Move that file out of the data folder and tell IT support how it got there; "
            "RVR Desktop never stores cases unencrypted.",
        )


def _read_version(conn: sqlcipher3.Connection, path: Path) -> int:
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlcipher3.DatabaseError as exc:
        # The key check matched, so a refusal to decrypt means damage.
        raise CorruptDatabaseError(
            f"The database {path} could not be read with its correct key ({exc}).",
            "Restore the data folder from its latest backup, or send the file to IT support for recovery. "
            "Do not delete it.",
        ) from exc


def _migrate(conn: sqlcipher3.Connection, version: int, steps: Sequence[Step]) -> int | None:
    target = len(steps)
    if version == target:
        return None
    for step_version in range(version, target):
        with transaction(conn):
            steps[step_version](conn)
            conn.execute(f"PRAGMA user_version = {step_version + 1}")
        log.info("migrated the case database from schema version %d to %d", step_version, step_version + 1)
    return version


def backup_before_migrating(conn: sqlcipher3.Connection, path: Path, version: int) -> Path:
    """Copy the database (still encrypted with the same key) before changing it."""
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    backups = path.parent / "backups"
    backups.mkdir(mode=0o700, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = backups / f"cases-schema{version}-{stamp}.db"
    write_private_file(target, path.read_bytes())
    log.info("backed up the case database at schema version %d before migrating", version)
    return target
