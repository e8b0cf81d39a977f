"""Video sessions and their links: the working set in memory, written through to the store (store.py).

Every change to a session is written to the service's store before the answer
to whoever made it goes out (the service's middleware and `Participant.send`
call `write_through`), and anything changed in the background a moment later;
at start the service takes back what its store kept. When a session is
forgotten its links, uploads and events are gone from both. A session knows
only an opaque case reference from the workstation, never a name or a number
except the phone number a text was sent to, kept for re-sending.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import codes, links, tokens
from .events import SessionEvents
from .links import LinkInvite, Role
from .store import FencedOut, MemoryStore, SessionChange, SessionStore, StoredSession, plain, rebuilt
from .uploads import CallerUpload

if TYPE_CHECKING:
    from .service import Participant
    from .signing import SigningRequest

log = logging.getLogger(__name__)

async def _nothing_to_write() -> None:
    return None


CASE_REF_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/_.:-]{0,63}$")
# What the session's record says of tabs that were in the call when the service stopped without closing them.
RESTARTED = "the video service restarted"


@dataclass
class VideoSession:
    """One call for one case: its links, who is connected, what was sent."""

    session_id: str
    case_ref: str
    created_at: float
    events: SessionEvents
    invites: dict[str, LinkInvite] = field(default_factory=dict)
    connected: dict[Role, Participant] = field(default_factory=dict)  # each role's connected tab
    uploads: dict[str, CallerUpload] = field(default_factory=dict)
    # Every file received in this call by its SHA-256, with what was answered for it (no content), still
    # known after the workstation collected the file: the same photo sent again is recognised, never a
    # second exhibit.
    upload_digests: dict[str, dict] = field(default_factory=dict)
    ended_at: float | None = None
    workstation: str = ""  # the enrolled workstation that opened it, which alone may use it ("" in practice)
    signing: dict[Role, SigningRequest] = field(default_factory=dict)  # open requests to sign (signing.py)
    # Held while a tab joins or leaves, with what it and the others are told (signalling.py): telling waits
    # on the store, and another tab joining in between would be told a different story.
    comings_and_goings: asyncio.Lock = field(default_factory=asyncio.Lock, repr=False, compare=False)
    # Called before anything is sent to a tab of this session, so what it is told has been kept (SessionBook).
    write_through: Callable[[], Awaitable[None]] = field(default=_nothing_to_write, repr=False, compare=False)

    def live_invite(self, role: Role) -> LinkInvite | None:
        live = [i for i in self.invites.values() if i.role is role and i.revoked_at is None]
        return max(live, key=lambda i: i.created_at) if live else None

    def summary(self) -> dict:
        return {"session_id": self.session_id, "case_ref": self.case_ref, "created_at": self.created_at,
                "ended_at": self.ended_at, "connected": sorted(r.value for r in self.connected),
                "invites": [i.summary() for i in self.invites.values()],
                "uploads": [u.summary() for u in self.uploads.values()]}


class UnknownSession(LookupError):
    pass


@dataclass(frozen=True)
class _Written:
    """How far a session has been written: its last event, and the files the store holds."""

    seq: int = 0
    uploads: frozenset[str] = frozenset()


class SessionBook:
    """Every session this service holds, and the way from a link token to its invite."""

    def __init__(self, clock=time.time, store: SessionStore | None = None) -> None:
        self.clock = clock
        # Each event's kind is also told here, for the service's metrics (which count kinds, never sessions).
        self.count_event: Callable[[str], None] = lambda kind: None
        self.store: SessionStore = store if store is not None else MemoryStore()
        self._sessions: dict[str, VideoSession] = {}
        self._invites_by_digest: dict[str, LinkInvite] = {}
        self._invites_by_code: dict[str, LinkInvite] = {}  # by the code's digest, until its first opening
        self._changed: set[str] = set()  # sessions to write through
        self._written: dict[str, _Written] = {}
        self._writing_soon = False
        self._soon: asyncio.Future | None = None  # the background write, held so it is not collected mid-way
        # One write (or forgetting) at a time: two writes working out "what is new" at once would both send
        # the same events, and a write landing after a forgetting would bring the session back.
        self._writing = asyncio.Lock()
        # Told the sessions whose writes were refused because another instance hosts them now (hosting.py).
        self.taken_over: Callable[[list[str]], Awaitable[None]] | None = None
        # Told each session taken back from the store (a restart) or taken up from another instance, for what
        # was under way for it where it was to start again here (following its texts' delivery, texts.py).
        self.taken_back: Callable[[VideoSession], None] = lambda session: None

    def __len__(self) -> int:
        return len(self._sessions)

    def has(self, session_id: str) -> bool:
        return session_id in self._sessions

    def all(self) -> list[VideoSession]:
        return list(self._sessions.values())

    def open_session(self, case_ref: str, workstation: str = "") -> VideoSession:
        session = self._new_session(tokens.new_id(), case_ref, self.clock())
        session.workstation = workstation
        self.changed(session.session_id)
        return session

    def _new_session(self, session_id: str, case_ref: str, created_at: float) -> VideoSession:
        events = SessionEvents(self.clock, counted=lambda kind: self.count_event(kind),
                               changed=lambda: self.changed(session_id))
        session = VideoSession(session_id, case_ref, created_at, events, write_through=self.write_through_or_log)
        self._sessions[session_id] = session
        return session

    def session(self, session_id: str) -> VideoSession:
        """The session, taken to be changed by whoever asks (so written through once they are done)."""
        try:
            session = self._sessions[session_id]
        except KeyError:
            raise UnknownSession(session_id) from None
        self.changed(session_id)
        return session

    # -- the store --

    async def use_store(self, store: SessionStore) -> int:
        """Keep the sessions in `store` from now on, taking back every session it kept; how many it had.

        A tab that was in the call when the service stopped without closing it (killed, crashed) is let go
        now, as a dropped connection is: it may come back with its own device key for links.REJOIN_SECONDS
        (mesh.js reconnects by itself), and nobody else may. An open request to sign is withdrawn: only the
        very tab asked could answer it, and its text was never stored."""
        self.store = store
        kept = await store.load()
        for stored in kept:
            self._take_back(stored)
        return len(kept)

    def adopt(self, stored: StoredSession) -> VideoSession:
        """Take up one session another instance hosted until it stopped (hosting.py), as a restart takes
        back each of its own."""
        self._take_back(stored)
        return self._sessions[stored.state["session_id"]]

    def let_go_here(self, session_id: str) -> VideoSession | None:
        """Another instance hosts this session now: drop it from this one's memory, keeping what is stored.
        Its event streams are told it moved; the caller of this closes its tabs' sockets."""
        session = self._sessions.pop(session_id, None)
        if session is None:
            return None
        for invite in session.invites.values():
            if self._invites_by_digest.get(invite.token_digest) is invite:
                del self._invites_by_digest[invite.token_digest]
            if invite.code_digest and self._invites_by_code.get(invite.code_digest) is invite:
                del self._invites_by_code[invite.code_digest]
        session.events.close(moved=True)
        self._changed.discard(session_id)
        self._written.pop(session_id, None)
        return session

    def _take_back(self, stored: StoredSession) -> None:
        state = stored.state
        session = self._new_session(state["session_id"], state["case_ref"], state["created_at"])
        session.ended_at = state["ended_at"]
        session.workstation = state.get("workstation", "")
        session.events.restore(stored.events)
        for data in state["invites"]:
            invite = rebuilt(LinkInvite, data)
            session.invites[invite.invite_id] = invite
            self._invites_by_digest[invite.token_digest] = invite
            if invite.code_digest:
                self._invites_by_code[invite.code_digest] = invite
        session.upload_digests = state["upload_digests"]
        for summary, content in stored.uploads:
            upload = rebuilt(CallerUpload, {**summary, "content": content})
            session.uploads[upload.upload_id] = upload
        last = stored.events[-1]["seq"] if stored.events else 0
        self._written[session.session_id] = _Written(last, frozenset(session.uploads))
        now = self.clock()
        for invite in session.invites.values():
            if invite.connected:
                links.tab_let_go(invite, now)
        for role in state["in_call"]:
            session.events.record("left", role=role, reason=RESTARTED)
        for role, request_id in state["signing"].items():
            session.events.record("signing_withdrawn", role=role, request_id=request_id, reason="left")
        self.changed(session.session_id)
        self.taken_back(session)

    @staticmethod
    def state_of(session: VideoSession) -> dict:
        """What the store keeps of a session besides its events and files: never a socket, never the text of
        a statement sent to sign."""
        return {"session_id": session.session_id, "case_ref": session.case_ref, "created_at": session.created_at,
                "ended_at": session.ended_at, "workstation": session.workstation,
                "invites": [plain(i) for i in session.invites.values()],
                "upload_digests": session.upload_digests,
                "in_call": sorted(p.role.value for p in session.connected.values() if p.in_call),
                "signing": {role.value: request.request_id for role, request in session.signing.items()}}

    def changed(self, session_id: str) -> None:
        """Write this session through before the next answer, or in a moment when nothing answers."""
        self._changed.add(session_id)
        if self._writing_soon:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return  # no service running: whoever drives the book calls write_through
        self._writing_soon = True
        loop.call_soon(self._write_soon)

    def _write_soon(self) -> None:
        self._writing_soon = False
        self._soon = asyncio.ensure_future(self.write_through_or_log())

    async def write_through(self) -> None:
        """Write every changed session to the store, all in one go; raises what the store raised (and the
        sessions stay changed, to be written with the next one)."""
        async with self._writing:
            if not self._changed:
                return
            ids = [i for i in self._changed if i in self._sessions]
            self._changed.clear()  # a change made while the store answers is written by the next call
            pending = [(self._change(self._sessions[i]), i) for i in ids]
            try:
                await self.store.write([change for (change, _), _ in pending])
            except FencedOut as fenced:
                # Hosted elsewhere now: what this instance changed of those is not kept, and the other
                # instance's state stands; the rest was written. Raised on, so no answer says a change
                # was made that was not kept (server.kept_before_answering).
                lost = set(fenced.session_ids)
                for (_, written), session_id in pending:
                    if session_id not in lost:
                        self._written[session_id] = written
                        self._kept(session_id, written)
                if self.taken_over is not None:
                    await self.taken_over(fenced.session_ids)
                raise
            except BaseException:
                self._changed.update(ids)
                raise
            for (_, written), session_id in pending:
                self._written[session_id] = written
                self._kept(session_id, written)

    def _kept(self, session_id: str, written: _Written) -> None:
        session = self._sessions.get(session_id)
        if session is not None:
            session.events.kept_up_to(written.seq)

    async def write_through_or_log(self) -> None:
        """As write_through, for a write nobody waits on: a failure is logged (kept to try again with the
        next change) and the call goes on."""
        try:
            await self.write_through()
        except FencedOut:
            pass  # let go already (write_through): another instance has the call
        except Exception as exc:  # noqa: BLE001 - the store's own errors vary by kind; the call must go on
            log.error("the session store could not be written (%s); the change is held in memory and tried "
                      "again with the next one", type(exc).__name__)

    def _change(self, session: VideoSession) -> tuple[SessionChange, _Written]:
        done = self._written.get(session.session_id, _Written())
        events = session.events.after(done.seq)
        uploads = frozenset(session.uploads)
        change = SessionChange(session.session_id, self.state_of(session), events, session.events.first_kept,
                               [(u.summary(), u.content) for i, u in session.uploads.items() if i not in done.uploads],
                               sorted(done.uploads - uploads))
        return change, _Written(events[-1]["seq"] if events else done.seq, uploads)

    # -- links --

    def issue(self, session: VideoSession, role: Role, valid_seconds: float, language: str = "en",
              phone_number: str = "") -> tuple[LinkInvite, str]:
        """A new link for `role`, revoking any earlier live one: one link per seat opens the call."""
        self.changed(session.session_id)
        for earlier in [i for i in session.invites.values() if i.role is role and i.revoked_at is None]:
            self.revoke(earlier, "replaced by a new link")
        token = tokens.new_token()
        now = self.clock()
        invite = LinkInvite(tokens.new_id(), session.session_id, role, tokens.digest(token), now,
                            now + valid_seconds, language, phone_number)
        session.invites[invite.invite_id] = invite
        self._invites_by_digest[invite.token_digest] = invite
        return invite, token

    def issue_code(self, session: VideoSession, role: Role, valid_seconds: float,
                   language: str = "en") -> tuple[LinkInvite, str]:
        """A spoken code for `role` instead of a texted link (codes.py); like a link, it replaces any earlier
        one. Behind the code stands a link token that only the tab opening it is ever given."""
        invite, _token = self.issue(session, role, min(valid_seconds, codes.CODE_MINUTES * 60), language)
        invite.by_code = True
        while True:  # a clash with a live code is unlikely, but would open the wrong call
            code = codes.new_code()
            if tokens.digest(code) not in self._invites_by_code:
                break
        self._invites_by_code[tokens.digest(code)] = invite
        invite.code_digest = tokens.digest(code)
        return invite, code

    def revoke(self, invite: LinkInvite, reason: str) -> None:
        self.changed(invite.session_id)
        if invite.revoked_at is None:
            invite.revoked_at = self.clock()
            invite.revoked_reason = reason
        self.use_up_code(invite)
        # Devices still waiting on it are refused, and the officer's prompts about them come down.
        session = self._sessions.get(invite.session_id)
        for admission in invite.admissions.values():
            if admission.admitted is None:
                admission.admitted = False
                if session is not None:
                    session.events.record("admission_decided", invite_id=invite.invite_id,
                                          request_id=admission.request_id, admitted=False, by=reason)

    def find(self, token: str) -> LinkInvite | None:
        """The invite a presented link token belongs to (looked up by digest, see tokens.py)."""
        if not tokens.well_formed(token):
            return None
        return self._touched(self._invites_by_digest.get(tokens.digest(token)))

    def _touched(self, invite: LinkInvite | None) -> LinkInvite | None:
        if invite is not None:
            self.changed(invite.session_id)
        return invite

    def find_by_code(self, typed: object) -> LinkInvite | None:
        """The invite a typed spoken code opens, while the code is unused and in time; None for anything else
        (an expired code answers as a wrong one does)."""
        code = codes.normalise(typed)
        invite = self._touched(self._invites_by_code.get(tokens.digest(code)) if code else None)
        if invite is not None and self.clock() >= invite.expires_at:
            self.use_up_code(invite)
            return None
        return invite

    def use_up_code(self, invite: LinkInvite) -> None:
        """A code opens its call once: after its first opening (or when its link is revoked) it is forgotten."""
        if invite.code_digest:
            self._invites_by_code.pop(invite.code_digest, None)
            invite.code_digest = ""

    def token_for(self, invite: LinkInvite) -> str:
        """A fresh link token for `invite`, replacing the one it had: how a tab that opened the call with a
        spoken code is given the token it uses from then on (it never had a texted one)."""
        token = tokens.new_token()
        self.changed(invite.session_id)
        self._invites_by_digest.pop(invite.token_digest, None)
        invite.token_digest = tokens.digest(token)
        self._invites_by_digest[invite.token_digest] = invite
        return token

    def end(self, session: VideoSession) -> None:
        self.changed(session.session_id)
        if session.ended_at is None:
            session.ended_at = self.clock()
            for invite in session.invites.values():
                self.revoke(invite, "the call has ended")
                invite.connected = False

    async def forget(self, session: VideoSession) -> None:
        """Drop the session and everything it held (links, uploads, events)."""
        self.end(session)
        for invite in session.invites.values():
            self._invites_by_digest.pop(invite.token_digest, None)
        session.uploads.clear()
        session.upload_digests.clear()
        # Ending the call releases her tab, which drops an open request; cleared here too, so the text never
        # outlives the session whatever order the sockets close in.
        session.signing.clear()
        session.events.close()
        self._sessions.pop(session.session_id, None)
        async with self._writing:  # after any write of it already under way, so none lands after this
            self._changed.discard(session.session_id)
            self._written.pop(session.session_id, None)
            await self.store.forget(session.session_id)

    async def sweep(self, ended_for: float, oldest: float) -> int:
        """Forget sessions ended more than `ended_for` seconds ago or opened more than `oldest` seconds ago,
        so a service left running does not hold calls (and their uploads) the workstation never cleared."""
        now = self.clock()
        stale = [s for s in self._sessions.values()
                 if (s.ended_at is not None and now - s.ended_at > ended_for) or now - s.created_at > oldest]
        for session in stale:
            await self.forget(session)
        return len(stale)
