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

A name has one credential and at most one code waiting. Names are kept in
capitals, so "cr-04" is CR-04, never a second workstation beside it. A new
code for a name cancels any it had not used (a code left in an old ticket
cannot take the workstation over), and exchanging it revokes the earlier
credential (a rebuilt workstation). Revoking is seen by the running service
at the next request, and within REVOKED_CHECK_SECONDS (server.py) by whatever the
workstation still has open: its event streams are closed and the officer's
pages it opened are put out of their calls.

Each thread keeps its own connection: a request never waits behind another
thread's use of the file, and "last seen" is written only when it can be
at once, so an IT team's command holding the file for a moment refuses no
officer.
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
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import tokens
from .store import Transaction

if TYPE_CHECKING:
    from .config import RedisSettings
    from .redis_register import RedisWorkstationRegister

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


def kept_name(name: str) -> str:
    """The name as the register keeps it: capitals, so one workstation never becomes two by a typing slip."""
    return name.strip().upper()


def normalised_code(typed: str) -> str:
    """A code as typed (any case, with or without its dashes and spaces; O for 0, I and L for 1, as
    Crockford's alphabet reads them) in the form it was issued."""
    plain = re.sub(r"[\s-]", "", typed.upper()).translate(str.maketrans("OIL", "011"))
    return "-".join(plain[i:i + CODE_GROUP_LENGTH] for i in range(0, len(plain), CODE_GROUP_LENGTH))


def new_code() -> str:
    return "-".join("".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUP_LENGTH))
                    for _ in range(CODE_GROUPS))


def checked_issue(workstation: str) -> str:
    """The name a code is issued for, as kept; ValueError saying what a name may be."""
    if not valid_name(workstation):
        raise ValueError(f"{workstation!r} is not a workstation name: use letters, digits and . _ - (up to 64, "
                         "starting with a letter or digit), such as CR-04")
    return kept_name(workstation)


class CredentialSigner:
    """A credential's text from its id and back, under the workstation key: a register (this file's, or
    redis_register.py's) stores ids only, so a copy of it can never be made into a credential."""

    def __init__(self, key: str) -> None:
        self._key = key.encode("utf-8")

    @property
    def can_sign(self) -> bool:
        return bool(self._key)

    def credential(self, credential_id: str) -> str:
        if not self._key:
            raise RuntimeError("a register without the workstation key cannot enrol")
        return f"{CREDENTIAL_PREFIX}.{credential_id}.{self._signature(credential_id)}"

    def signed_id(self, credential: str) -> str | None:
        """The id `credential` was issued with, when its signature is right; None when forged or malformed."""
        prefix, _, rest = credential.partition(".")
        credential_id, _, signature = rest.partition(".")
        if not self._key or prefix != CREDENTIAL_PREFIX or not re.fullmatch(r"[0-9a-f]{32}", credential_id):
            return None
        if not hmac.compare_digest(signature.encode(), self._signature(credential_id).encode()):
            return None
        return credential_id

    def _signature(self, credential_id: str) -> str:
        mac = hmac.new(self._key, f"workstation credential {credential_id}".encode(), hashlib.sha256)
        return mac.hexdigest()


class WorkstationRegister:
    """The register in `directory`, signing credentials with `key` (empty for the commands that only list,
    issue codes and revoke, which never see a credential)."""

    def __init__(self, directory: Path, key: str = "", clock: Callable[[], float] = time.time) -> None:
        self.path = directory / FILE_NAME
        self._signer = CredentialSigner(key)
        self._clock = clock
        self._local = threading.local()
        self._opened: list[sqlite3.Connection] = []
        self._opened_lock = threading.Lock()
        # Created 0600 before SQLite opens it, so no moment exists when another user could read it.
        os.close(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600))
        db = self._db()
        db.execute("PRAGMA journal_mode = WAL")
        db.executescript(_SCHEMA)
        self._seen: dict[str, float] = {}

    def _db(self) -> sqlite3.Connection:
        """This thread's connection to the file."""
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=10)
            db.execute("PRAGMA secure_delete = ON")
            self._local.db = db
            with self._opened_lock:
                self._opened.append(db)
        return db

    def close(self) -> None:
        with self._opened_lock:
            for db in self._opened:
                db.close()
            self._opened.clear()

    # -- the IT team's commands --

    def issue_code(self, workstation: str) -> tuple[str, float, int]:
        """A new one-time code for `workstation`, when it stops working, and how many earlier codes for the
        name it cancelled (they had not been used)."""
        name, code, now = checked_issue(workstation), new_code(), self._clock()
        expires = now + CODE_HOURS * 3600
        db = self._db()
        with Transaction(db):
            cancelled = self._cancel_codes(db, name, now)
            db.execute("INSERT INTO codes (digest, workstation, issued_at, expires_at) VALUES (?, ?, ?, ?)",
                       (tokens.digest(code), name, now, expires))
        return code, expires, cancelled

    def revoke(self, workstation: str) -> int:
        """Cut `workstation` off: its credentials and any code not yet used stop working now. How many there were."""
        name, now = kept_name(workstation), self._clock()
        db = self._db()
        with Transaction(db):
            done = db.execute("UPDATE credentials SET revoked_at = ? WHERE workstation = ? AND revoked_at IS NULL",
                              (now, name)).rowcount
            done += self._cancel_codes(db, name, now)
        return done

    @staticmethod
    def _cancel_codes(db: sqlite3.Connection, name: str, now: float) -> int:
        return db.execute("UPDATE codes SET revoked_at = ? WHERE workstation = ? AND used_at IS NULL AND revoked_at IS "
                          "NULL AND expires_at > ?", (now, name, now)).rowcount

    def workstations(self) -> list[Workstation]:
        """Every workstation enrolled or waiting to enrol, by name: its newest credential, and a code not yet used."""
        now = self._clock()
        db = self._db()
        credentials = db.execute("SELECT workstation, enrolled_at, revoked_at, last_seen FROM credentials ORDER BY "
                                 "enrolled_at").fetchall()
        waiting = db.execute("SELECT workstation, MAX(expires_at) FROM codes WHERE used_at IS NULL AND revoked_at IS "
                             "NULL AND expires_at > ? GROUP BY workstation", (now,)).fetchall()
        found: dict[str, Workstation] = {name: Workstation(name, enrolled, revoked, seen)
                                         for name, enrolled, revoked, seen in credentials}
        for name, expires in waiting:
            known = found.get(name, Workstation(name, None))
            found[name] = Workstation(known.name, known.enrolled_at, known.revoked_at, known.last_seen, expires)
        return [found[name] for name in sorted(found)]

    def enrolled(self, workstation: str) -> bool:
        """Whether `workstation` holds a credential that works now."""
        return self._db().execute("SELECT 1 FROM credentials WHERE workstation = ? AND revoked_at IS NULL",
                                  (kept_name(workstation),)).fetchone() is not None

    # -- the service --

    def exchange(self, code: str) -> tuple[str, str]:
        """(workstation name, credential) for an enrolment code, once; EnrolmentRefused otherwise."""
        if not self._signer.can_sign:
            raise RuntimeError("a register without the workstation key cannot enrol")
        code_digest = tokens.digest(normalised_code(code))
        db = self._db()
        # A plain look-up first: a wrong code (the common case from a stranger) never takes the write lock.
        if db.execute("SELECT 1 FROM codes WHERE digest = ?", (code_digest,)).fetchone() is None:
            raise EnrolmentRefused("unknown")
        now = self._clock()
        credential_id = tokens.new_id()
        with Transaction(db):
            workstation, expires, used, revoked = db.execute(
                "SELECT workstation, expires_at, used_at, revoked_at FROM codes WHERE digest = ?", (code_digest,)
            ).fetchone()
            if used is not None:
                raise EnrolmentRefused("used")
            if revoked is not None:
                raise EnrolmentRefused("revoked")
            if expires <= now:
                raise EnrolmentRefused("expired")
            db.execute("UPDATE codes SET used_at = ? WHERE digest = ?", (now, code_digest))
            db.execute("UPDATE credentials SET revoked_at = ? WHERE workstation = ? AND revoked_at IS NULL",
                       (now, workstation))
            db.execute("INSERT INTO credentials (id, workstation, enrolled_at) VALUES (?, ?, ?)",
                       (credential_id, workstation, now))
        return workstation, self._signer.credential(credential_id)

    def admit(self, credential: str) -> Admitted | None:
        """The workstation holding `credential`, or None when it is forged, malformed or revoked."""
        credential_id = self._signer.signed_id(credential)
        if credential_id is None:
            return None
        row = self._db().execute("SELECT workstation FROM credentials WHERE id = ? AND revoked_at IS NULL",
                                 (credential_id,)).fetchone()
        if row is None:
            return None
        self._note_seen(credential_id)
        return Admitted(credential_id, row[0])

    def revoked(self, credential_ids: Iterable[str]) -> set[str]:
        """Which of `credential_ids` no longer work."""
        wanted = list(credential_ids)
        if not wanted:
            return set()
        still = {row[0] for row in self._db().execute(
            f"SELECT id FROM credentials WHERE revoked_at IS NULL AND id IN ({','.join('?' * len(wanted))})", wanted)}
        return set(wanted) - still

    def _note_seen(self, credential_id: str) -> None:
        now = self._clock()
        if now - self._seen.get(credential_id, float("-inf")) < SEEN_EVERY:
            return
        self._seen[credential_id] = now
        db = self._db()
        db.execute("PRAGMA busy_timeout = 0")  # only when it can be written at once: never a reason to refuse
        try:
            db.execute("UPDATE credentials SET last_seen = ? WHERE id = ?", (now, credential_id))
        except sqlite3.OperationalError:
            self._seen.pop(credential_id, None)  # next time, then
        finally:
            db.execute("PRAGMA busy_timeout = 10000")


def open_register(folder: Path, redis_settings: RedisSettings | None = None, key: str = "",
                  clock: Callable[[], float] = time.time) -> WorkstationRegister | RedisWorkstationRegister:
    """The force's register: its SQLite file in `folder`, or, for several instances, in the force's Redis."""
    if redis_settings is None:
        return WorkstationRegister(folder, key, clock)
    from .redis_register import RedisWorkstationRegister, blocking_client  # Redis's client, only where it is used

    return RedisWorkstationRegister(blocking_client(redis_settings), key, clock)
