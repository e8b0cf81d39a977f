"""Where the link service keeps its sessions, so a restart or an upgrade loses no link that was sent.

One small interface (`SessionStore`) with three kinds behind it:

- `memory`: nothing leaves the process (a restart forgets every session);
- `sqlite`: one embedded SQLite file, `<[store] directory>/sessions.sqlite3`;
- `redis`: the force's Redis, which several instances share (redis_store.py).

The sessions in memory (sessions.py) stay the working set; the store only
keeps a copy. SessionBook writes each change through before the answer to
the request that made it goes out, and loads what was stored at start.
What is kept is a session's state (its links with their admissions and the
device each is bound to, spoken codes by digest, what was answered for each
file received, the ids of open requests to sign), its events and the files
the workstation has not yet taken. A connected tab, its socket and the text
of a statement sent to sign are never stored: they live only as long as the
tab (signing.py).

When a session is forgotten its rows go at once, and nothing about the
caller stays in the file: `secure_delete` overwrites deleted rows with
zeros, and a checkpoint that truncates the write-ahead log follows every
forgetting, so the log holds no older copy either. The file and its log
are created mode 0600 in a directory only the service's user may enter
(config.py checks it is 0700 and the service's).
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import sqlite3
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, get_args, get_origin, get_type_hints

if TYPE_CHECKING:
    from .config import LinkServiceConfig

log = logging.getLogger(__name__)

FILE_NAME = "sessions.sqlite3"


@dataclass
class SessionChange:
    """What changed in one session since it was last written: its whole state, and what is new since."""

    session_id: str
    state: dict  # JSON-able: everything but its events and the bytes of files (SessionBook.state_of)
    new_events: list[dict] = field(default_factory=list)
    first_kept_seq: int = 1  # events before this one fell out of the session's log
    new_uploads: list[tuple[dict, bytes]] = field(default_factory=list)  # (summary, content)
    taken_uploads: list[str] = field(default_factory=list)  # ids the workstation took (or that were dropped)


class FencedOut(Exception):
    """Another instance now hosts sessions this one tried to write (hosting.py): nothing of those was written,
    and the others in the same write were."""

    def __init__(self, session_ids: list[str]) -> None:
        super().__init__(f"{len(session_ids)} sessions are hosted elsewhere now")
        self.session_ids = session_ids


@dataclass
class StoredSession:
    state: dict
    events: list[dict]
    uploads: list[tuple[dict, bytes]]


class SessionStore(Protocol):
    """Every method is a coroutine: a store across the network (redis_store.py) must never hold up the
    service's loop, and with it every other call's signalling, while it answers."""

    kind: str

    async def load(self) -> list[StoredSession]:
        """Every session stored, with its events in order and its files."""
        ...

    async def write(self, changes: list[SessionChange]) -> None:
        """Keep `changes`, all or none."""
        ...

    async def forget(self, session_id: str) -> None:
        """Drop everything stored for the session, leaving no copy behind."""
        ...

    async def status(self) -> dict:
        """For /readyz: {"status": "ok" | "failing", "kind": ...}; never a session's data."""
        ...

    async def close(self) -> None:
        ...


class MemoryStore:
    """A store that is gone with the process; what `[store] kind = "memory"` and the tests' services use."""

    kind = "memory"

    def __init__(self) -> None:
        self._sessions: dict[str, StoredSession] = {}

    async def load(self) -> list[StoredSession]:
        return [StoredSession(dict(s.state), list(s.events), list(s.uploads)) for s in self._sessions.values()]

    async def write(self, changes: list[SessionChange]) -> None:
        for change in changes:
            stored = self._sessions.setdefault(change.session_id, StoredSession({}, [], []))
            stored.state = change.state
            stored.events = [e for e in stored.events if e["seq"] >= change.first_kept_seq] + change.new_events
            taken = set(change.taken_uploads)
            stored.uploads = [u for u in stored.uploads if u[0]["upload_id"] not in taken] + change.new_uploads

    async def forget(self, session_id: str) -> None:
        self._sessions.pop(session_id, None)

    async def status(self) -> dict:
        return {"status": "ok", "kind": self.kind}

    async def close(self) -> None:
        pass


_SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (session_id TEXT PRIMARY KEY, state TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (session_id TEXT NOT NULL, seq INTEGER NOT NULL, event TEXT NOT NULL,
                                   PRIMARY KEY (session_id, seq));
CREATE TABLE IF NOT EXISTS uploads (session_id TEXT NOT NULL, upload_id TEXT NOT NULL, summary TEXT NOT NULL,
                                    content BLOB NOT NULL, PRIMARY KEY (session_id, upload_id));
"""


class SqliteStore:
    """Sessions in one SQLite file, in write-ahead-log mode so a write costs one append.

    `synchronous = NORMAL`: every write survives the process being killed or restarted (what an upgrade
    does); only a power cut in the same instant may lose the last one, never the file."""

    kind = "sqlite"

    def __init__(self, directory: Path) -> None:
        self.path = directory / FILE_NAME
        # Made 0600 before SQLite opens it: SQLite gives its -wal and -shm files the database file's mode.
        os.close(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600))
        os.chmod(self.path, 0o600)
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode = WAL")
        self._db.execute("PRAGMA synchronous = NORMAL")
        self._db.execute("PRAGMA secure_delete = ON")
        self._db.executescript(_SCHEMA)

    # A local file answers in well under a millisecond (write-ahead log, no fsync per write), so these run
    # on the loop itself, as one write's worth of waiting costs less than a hop to a thread.
    async def load(self) -> list[StoredSession]:
        found = []
        for session_id, state in self._db.execute("SELECT session_id, state FROM sessions ORDER BY rowid"):
            events = [json.loads(e) for (e,) in self._db.execute(
                "SELECT event FROM events WHERE session_id = ? ORDER BY seq", (session_id,))]
            uploads = [(json.loads(s), bytes(c)) for s, c in self._db.execute(
                "SELECT summary, content FROM uploads WHERE session_id = ? ORDER BY rowid", (session_id,))]
            found.append(StoredSession(json.loads(state), events, uploads))
        return found

    async def write(self, changes: list[SessionChange]) -> None:
        with self._transaction():
            for change in changes:
                self._db.execute("INSERT INTO sessions (session_id, state) VALUES (?, ?) ON CONFLICT (session_id) "
                                 "DO UPDATE SET state = excluded.state", (change.session_id, json.dumps(change.state)))
                self._db.executemany("INSERT OR REPLACE INTO events (session_id, seq, event) VALUES (?, ?, ?)",
                                     [(change.session_id, e["seq"], json.dumps(e)) for e in change.new_events])
                if change.first_kept_seq > 1:
                    self._db.execute("DELETE FROM events WHERE session_id = ? AND seq < ?",
                                     (change.session_id, change.first_kept_seq))
                self._db.executemany("INSERT OR REPLACE INTO uploads (session_id, upload_id, summary, content) "
                                     "VALUES (?, ?, ?, ?)", [(change.session_id, s["upload_id"], json.dumps(s), c)
                                                             for s, c in change.new_uploads])
                self._db.executemany("DELETE FROM uploads WHERE session_id = ? AND upload_id = ?",
                                     [(change.session_id, u) for u in change.taken_uploads])

    async def forget(self, session_id: str) -> None:
        with self._transaction():
            for table in ("events", "uploads", "sessions"):
                self._db.execute(f"DELETE FROM {table} WHERE session_id = ?", (session_id,))  # noqa: S608 - fixed names
        # The log still holds the pages as they were before the deletion: copy the zeroed ones into the file
        # and empty the log, so no older copy of the caller's rows is left in either.
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    async def status(self) -> dict:
        try:
            self._db.execute("SELECT count(*) FROM sessions").fetchone()
        except sqlite3.Error as exc:
            return {"status": "failing", "kind": self.kind, "error": type(exc).__name__}
        return {"status": "ok", "kind": self.kind}

    async def close(self) -> None:
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self._db.close()

    def _transaction(self):
        return Transaction(self._db)


class Transaction:
    """`with Transaction(db):` one immediate transaction, committed unless the block raises."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind, value, traceback) -> None:
        self._db.execute("COMMIT" if kind is None else "ROLLBACK")


def open_store(config: LinkServiceConfig, host: str = "") -> SessionStore:
    """The store `[store]` names; config.py has checked `directory` for kind sqlite and the address for
    kind redis. `host` is this instance's id, for kind redis (hosting.py)."""
    if config.store_kind == SqliteStore.kind:
        assert config.store_directory is not None
        return SqliteStore(config.store_directory)
    if config.store_kind == "redis":
        from . import redis_store  # not at the top: store.py is imported by redis_store.py

        assert config.redis is not None
        return redis_store.RedisStore(redis_store.connect(config.redis), config.keep_ended_hours * 3600,
                                      config.keep_any_hours * 3600, host)
    return MemoryStore()


# The mapping between the domain's dataclasses (links.py, uploads.py) and plain JSON, from their own field
# types, so a field added to one is stored without a line here.

def plain(record: Any) -> dict:
    """A dataclass as JSON-able values (enums are text: every enum here is a StrEnum)."""
    return dataclasses.asdict(record)


def rebuilt(cls: type, data: dict) -> Any:
    """The dataclass `cls` again from `plain`'s output; a field it no longer has is left out, a new one takes
    its default (so a store written by the previous version loads after an upgrade)."""
    hints = get_type_hints(cls)
    known = {f.name for f in dataclasses.fields(cls)}
    return cls(**{name: _value(hints[name], value) for name, value in data.items() if name in known})


def _value(hint: Any, value: Any) -> Any:
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint(value)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return rebuilt(hint, value)
    if get_origin(hint) is dict:
        inner = get_args(hint)[1]
        return {key: _value(inner, item) for key, item in value.items()}
    return value
