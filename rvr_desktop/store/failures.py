"""Why a call to the open case store failed: the environment's fault, or a fault in the program.

As qutebrowser's `misc/sql.py` does, SQLite's result codes sort the errors
that happen while the store is in use. A full disk, a folder that became
read-only, a database another program holds, a damaged file: the officer
(or IT) can do something about those, and the message says what. Anything
else is a bug: it is logged with its traceback and reported, never dressed
up as advice. Neither means the store has closed; the case list stays.

Qt-free: the windows, the draft saver and the tests all sort the same way.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass

# SQLite's primary result codes (https://www.sqlite.org/rescode.html).
_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _PROTOCOL, _NOTADB = 5, 6, 8, 10, 11, 13, 14, 15, 26

KEPT = ("Everything saved before this moment is safe in the encrypted case store, and what you typed is still on "
        "screen.")


@dataclass(frozen=True)
class StoreFailure:
    """A sorted store error: `environment` is False for a bug."""

    environment: bool
    title: str
    what_happened: str
    what_to_do: str

    def message(self) -> str:
        return f"{self.what_happened}\n{KEPT}\nWhat to do: {self.what_to_do}"


FULL = StoreFailure(
    True, "The disk is full", "The case store could not save: the disk holding the data folder is full.",
    "free some space on that disk (or ask IT to), then carry on: the workstation saves again by itself.")
READ_ONLY = StoreFailure(
    True, "The data folder cannot be written", "The case store could not save: its folder or file has become "
    "read-only.", "ask IT to check the data folder's disk and permissions; keep this window open meanwhile, and "
    "the workstation saves again by itself.")
BUSY = StoreFailure(
    True, "The case database is busy", "Another program is holding the case database, so this change waited and "
    "then gave up.", "close any other copy of RVR Desktop or program using the data folder, then carry on: the "
    "change is tried again.")
DAMAGED = StoreFailure(
    True, "The case database reports damage", "The case store found its file damaged or unreadable while working.",
    "finish the call by the usual means, start no new case here, and run 'rvr-desktop doctor'; ask IT to restore "
    "the data folder from its backup. Nothing was deleted.")
DISK_ERROR = StoreFailure(
    True, "The disk could not be read or written", "The case store hit a disk error while working.",
    "ask IT to check the disk; keep this window open, and the workstation tries again by itself.")

_BY_SQLITE_CODE = {_FULL: FULL, _READONLY: READ_ONLY, _BUSY: BUSY, _LOCKED: BUSY, _CORRUPT: DAMAGED,
                   _NOTADB: DAMAGED, _IOERR: DISK_ERROR, _CANTOPEN: DISK_ERROR, _PROTOCOL: BUSY}
_BY_ERRNO = {errno.ENOSPC: FULL, errno.EDQUOT: FULL, errno.EROFS: READ_ONLY, errno.EACCES: READ_ONLY,
             errno.EPERM: READ_ONLY, errno.EIO: DISK_ERROR}


def sort_store_error(error: BaseException) -> StoreFailure:
    """The environment's fault (with what to do), or a bug."""
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int) and (code & 0xFF) in _BY_SQLITE_CODE:
        return _BY_SQLITE_CODE[code & 0xFF]
    if isinstance(error, OSError) and error.errno in _BY_ERRNO:
        return _BY_ERRNO[error.errno]
    return StoreFailure(
        False, "A fault in RVR Desktop", f"A fault in RVR Desktop stopped a case store task ({type(error).__name__}). "
        "It has been written to the log.", "carry on if the window still works; otherwise close the case (its draft "
        "is saved) and open it again. Send the log to IT support so the fault is fixed.")
