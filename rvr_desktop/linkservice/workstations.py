"""The force's register of enrolled workstations: who may use the officer's API of a force's link service.

A force's IT team enrols each control-room workstation once:

    link-service enrol --config FILE --workstation CR-04    prints a one-time enrolment code (24 hours)
    rvr-desktop enrol https://video.force.example CODE      on CR-04: the code becomes its credential

and cuts one off with `link-service revoke CR-04`, at once: the register is
read afresh for every officer request, so the running service sees a
revocation made by the command in another process straight away.

What is kept, in `<[store] directory>/workstations.sqlite3` (0600, WAL, so
the commands and the service share it safely):

- for each enrolment code, only its SHA-256, the workstation it is for, when
  it stops working and when it was used. A code works once: the second
  exchange is refused, however soon it comes.
- for each credential, only its id, the workstation's name and when it was
  enrolled, revoked and last seen. The credential itself,
  `rvrw1.<id>.<HMAC-SHA256 of the id under the workstation key>`, never
  touches the disk here: a copy of this file (a backup, say) cannot be made
  into one, and a forged credential is turned away by its signature before
  the file is read. Replacing the workstation key cuts off every workstation
  at once.

Enrolling a name again (a rebuilt workstation) revokes its earlier
credential when the new code is exchanged, so one name has one credential.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import tokens
from .store import Transaction

FILE_NAME = "workstations.sqlite3"
CODE_HOURS = 24.0  # issue 16: an enrolment code is valid 24 hours
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
CREDENTIAL_PREFIX = "rvrw1"
# Typed by hand from a ticket or a phone call: Crockford's base-32 letters, which leave out I, L, O and U,
# in five groups of five. 25 characters carry 125 bits, beyond guessing even with no limit on tries.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_GROUPS, CODE_GROUP_LENGTH = 5, 5
SEEN_EVERY = 60.0  # seconds: "last seen" is written at most this often for each workstation

_SCHEMA = """
CREATE TABLE IF NOT EXISTS codes (
    digest TEXT PRIMARY KEY, workstation TEXT NOT NULL, issued_at REAL NOT NULL, expires_at REAL NOT NULL,
    used_at REAL, revoked_at REAL);
CREATE TABLE IF NOT EXISTS credentials (
    id TEXT PRIMARY KEY, workstation TEXT NOT NULL, enrolled_at REAL NOT NULL, revoked_at REAL,
    last_seen REAL);
CREATE INDEX IF NOT EXISTS credentials_by_workstation ON credentials (workstation);
"""


class EnrolmentRefused(Exception):
    """An enrolment code that cannot be exchanged: `reason` is "unknown", "used", "expired" or "revoked"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Workstation:
    """One enrolled workstation, as the register lists it."""

    name: str
    enrolled_at: float | None  # None: a code was issued but has not been exchanged yet
    revoked_at: float | None = None
    last_seen: float | None = None
    code_expires_at: float | None = None  # an unused code is waiting, until then


@dataclass(frozen=True)
class Admitted:
    """The workstation an officer request came from."""

    credential_id: str
    workstation: str


def valid_name(name: str) -> bool:
    return NAME_PATTERN.match(name) is not None


def normalised_code(typed: str) -> str:
    """A code as typed (any case, with or without its dashes and spaces; O for 0, I and L for 1, as
    Crockford's alphabet reads them) in the form it was issued."""
    plain = re.sub(r"[\s-]", "", typed.upper()).translate(str.maketrans("OIL", "011"))
    return "-".join(plain[i:i + CODE_GROUP_LENGTH] for i in range(0, len(plain), CODE_GROUP_LENGTH))


def new_code() -> str:
    return "-".join("".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUP_LENGTH))
                    for _ in range(CODE_GROUPS))


class WorkstationRegister:
    """The register in `directory`, signing credentials with `key` (empty for the commands that only list,
    issue codes and revoke, which never see a credential)."""

    def __init__(self, directory: Path, key: str = "", clock: Callable[[], float] = time.time) -> None:
        self.path = directory / FILE_NAME
        self._key = key.encode("utf-8")
        self._clock = clock
        # Created 0600 before SQLite opens it, so no moment exists when another user could read it.
        os.close(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600))
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=10)
        self._lock = threading.Lock()  # the service uses the connection from its worker threads
        self._db.execute("PRAGMA journal_mode = WAL")
        self._db.execute("PRAGMA secure_delete = ON")
        self._db.executescript(_SCHEMA)
        self._seen: dict[str, float] = {}

    def close(self) -> None:
        self._db.close()

    # -- the IT team's commands --

    def issue_code(self, workstation: str) -> tuple[str, float]:
        """A new one-time code for `workstation` and when it stops working."""
        if not valid_name(workstation):
            raise ValueError(f"{workstation!r} is not a workstation name: use letters, digits and . _ - (up to 64, "
                             "starting with a letter or digit), such as CR-04")
        code, now = new_code(), self._clock()
        expires = now + CODE_HOURS * 3600
        with self._lock:
            self._db.execute("INSERT INTO codes (digest, workstation, issued_at, expires_at) VALUES (?, ?, ?, ?)",
                             (tokens.digest(code), workstation, now, expires))
        return code, expires

    def revoke(self, workstation: str) -> int:
        """Cut `workstation` off: its credentials and any code not yet used stop working now. How many there were."""
        now = self._clock()
        with self._lock, Transaction(self._db):
            done = self._db.execute("UPDATE credentials SET revoked_at = ? WHERE workstation = ? AND revoked_at IS "
                                    "NULL", (now, workstation)).rowcount
            done += self._db.execute("UPDATE codes SET revoked_at = ? WHERE workstation = ? AND used_at IS NULL AND "
                                     "revoked_at IS NULL AND expires_at > ?", (now, workstation, now)).rowcount
        return done

    def workstations(self) -> list[Workstation]:
        """Every workstation enrolled or waiting to enrol, by name: its newest credential, and a code not yet used."""
        now = self._clock()
        with self._lock:
            credentials = self._db.execute(
                "SELECT workstation, enrolled_at, revoked_at, last_seen FROM credentials ORDER BY enrolled_at"
            ).fetchall()
            waiting = self._db.execute("SELECT workstation, MAX(expires_at) FROM codes WHERE used_at IS NULL AND "
                                       "revoked_at IS NULL AND expires_at > ? GROUP BY workstation", (now,)).fetchall()
        found: dict[str, Workstation] = {name: Workstation(name, enrolled, revoked, seen)
                                         for name, enrolled, revoked, seen in credentials}
        for name, expires in waiting:
            known = found.get(name, Workstation(name, None))
            found[name] = Workstation(known.name, known.enrolled_at, known.revoked_at, known.last_seen, expires)
        return [found[name] for name in sorted(found)]

    # -- the service --

    def exchange(self, code: str) -> tuple[str, str]:
        """(workstation name, credential) for an enrolment code, once; EnrolmentRefused otherwise."""
        if not self._key:
            raise RuntimeError("a register without the workstation key cannot enrol")
        now = self._clock()
        credential_id = tokens.new_id()
        code_digest = tokens.digest(normalised_code(code))
        with self._lock, Transaction(self._db):
            row = self._db.execute("SELECT workstation, expires_at, used_at, revoked_at FROM codes WHERE digest = ?",
                                   (code_digest,)).fetchone()
            if row is None:
                raise EnrolmentRefused("unknown")
            workstation, expires, used, revoked = row
            if used is not None:
                raise EnrolmentRefused("used")
            if revoked is not None:
                raise EnrolmentRefused("revoked")
            if expires <= now:
                raise EnrolmentRefused("expired")
            self._db.execute("UPDATE codes SET used_at = ? WHERE digest = ?", (now, code_digest))
            self._db.execute("UPDATE credentials SET revoked_at = ? WHERE workstation = ? AND revoked_at IS NULL",
                             (now, workstation))
            self._db.execute("INSERT INTO credentials (id, workstation, enrolled_at) VALUES (?, ?, ?)",
                             (credential_id, workstation, now))
        return workstation, f"{CREDENTIAL_PREFIX}.{credential_id}.{self._signature(credential_id)}"

    def admit(self, credential: str) -> Admitted | None:
        """The workstation holding `credential`, or None when it is forged, malformed or revoked."""
        prefix, _, rest = credential.partition(".")
        credential_id, _, signature = rest.partition(".")
        if not self._key or prefix != CREDENTIAL_PREFIX or not re.fullmatch(r"[0-9a-f]{32}", credential_id):
            return None
        if not hmac.compare_digest(signature.encode(), self._signature(credential_id).encode()):
            return None
        with self._lock:
            row = self._db.execute("SELECT workstation FROM credentials WHERE id = ? AND revoked_at IS NULL",
                                   (credential_id,)).fetchone()
        if row is None:
            return None
        self._note_seen(credential_id)
        return Admitted(credential_id, row[0])

    def _note_seen(self, credential_id: str) -> None:
        now = self._clock()
        if now - self._seen.get(credential_id, float("-inf")) < SEEN_EVERY:
            return
        self._seen[credential_id] = now
        with self._lock:
            self._db.execute("UPDATE credentials SET last_seen = ? WHERE id = ?", (now, credential_id))

    def _signature(self, credential_id: str) -> str:
        mac = hmac.new(self._key, f"workstation credential {credential_id}".encode(), hashlib.sha256)
        return mac.hexdigest()

