"""The data folder: private permissions, atomic writes and its identity.

The identity file names the folder's key in the keyring (so a moved or copied
folder still finds its key) and holds a one-way check value of the key, which
lets us tell "the keyring holds a different key" apart from "the file is
damaged" without ever trying to decrypt anything with a guess.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from rvr_desktop.store.errors import FolderNotWritableError, KeyMissingError

IDENTITY_FILE = "rvr-folder.json"
DATABASE_FILE = "cases.db"
FOLDER_MODE = 0o700
FILE_MODE = 0o600


@dataclass(frozen=True)
class FolderIdentity:
    folder_id: str
    key_check: str


def key_check_value(key: bytes) -> str:
    """A value that shows whether a key is the right one without revealing it.

    SHA-256 of a fixed label and a 256-bit random key cannot be reversed; it
    only lets us compare.
    """
    return hashlib.sha256(b"rvr-desktop database key check\0" + key).hexdigest()[:32]


def ensure_private_folder(path: Path) -> None:
    """Create the folder 0700 (or tighten it) and prove we can write in it."""
    try:
        path.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    except OSError as exc:
        raise FolderNotWritableError(
            f"The data folder {path} could not be created ({exc.strerror}).",
            "Choose a folder you can write to with --data-dir, or ask IT to fix its permissions.",
        ) from exc
    if not path.is_dir():
        raise FolderNotWritableError(
            f"{path} exists but is not a folder.",
            "Choose another data folder with --data-dir.",
        )
    try:
        if path.stat().st_mode & 0o077:
            path.chmod(FOLDER_MODE)
        probe = path / f".write-check-{os.getpid()}"
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        os.close(fd)
        probe.unlink()
    except OSError as exc:
        raise FolderNotWritableError(
            f"RVR Desktop cannot write in the data folder {path} ({exc.strerror}).",
            "Check that the disk is not full or read-only and that this account owns the folder, then try again.",
        ) from exc


def write_private_file(path: Path, data: bytes) -> None:
    """Write a file atomically with mode 0600: temp file, fsync, rename.

    A crash leaves either the old file or the new one, never half of each.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def read_identity(folder: Path) -> FolderIdentity | None:
    path = folder / IDENTITY_FILE
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    try:
        doc = json.loads(raw)
        return FolderIdentity(folder_id=str(uuid.UUID(doc["folder_id"])), key_check=str(doc["key_check"]))
    except (ValueError, KeyError, TypeError) as exc:
        raise KeyMissingError(
            f"The folder identity file {path} is damaged, so the database key cannot be found in the keyring.",
            "Restore rvr-folder.json from a backup of this data folder, or ask IT support; "
            "do not delete the database.",
        ) from exc


def write_identity(folder: Path, identity: FolderIdentity) -> None:
    doc = {
        "folder_id": identity.folder_id,
        "key_check": identity.key_check,
        "created_utc": datetime.now(UTC).isoformat(timespec="seconds"),
        "about": "Names this folder's database key in the system keyring. Holds no secret.",
    }
    write_private_file(folder / IDENTITY_FILE, json.dumps(doc, indent=2).encode())
