"""Video sessions and their links, held in memory only.

Nothing here is written to disk: when a session is forgotten (or the service
stops) its links, uploads and events are gone. A session knows only an
opaque case reference from the workstation, never a name or a number except
the phone number a text was sent to, which stays in memory for re-sending.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import codes, tokens
from .events import SessionEvents
from .links import LinkInvite, Role
from .uploads import CallerUpload

if TYPE_CHECKING:
    from .service import Participant
    from .signing import SigningRequest

CASE_REF_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/_.:-]{0,63}$")


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
    signing: dict[Role, SigningRequest] = field(default_factory=dict)  # open requests to sign (signing.py)

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


class SessionBook:
    """Every session this service holds, and the way from a link token to its invite."""

    def __init__(self, clock=time.time) -> None:
        self.clock = clock
        # Each event's kind is also told here, for the service's metrics (which count kinds, never sessions).
        self.count_event: Callable[[str], None] = lambda kind: None
        self._sessions: dict[str, VideoSession] = {}
        self._invites_by_digest: dict[str, LinkInvite] = {}
        self._invites_by_code: dict[str, LinkInvite] = {}  # by the code's digest, until its first opening

    def __len__(self) -> int:
        return len(self._sessions)

    def all(self) -> list[VideoSession]:
        return list(self._sessions.values())

    def open_session(self, case_ref: str) -> VideoSession:
        session = VideoSession(tokens.new_id(), case_ref, self.clock(),
                               SessionEvents(self.clock, counted=lambda kind: self.count_event(kind)))
        self._sessions[session.session_id] = session
        return session

    def session(self, session_id: str) -> VideoSession:
        try:
            return self._sessions[session_id]
        except KeyError:
            raise UnknownSession(session_id) from None

    def issue(self, session: VideoSession, role: Role, valid_seconds: float, language: str = "en",
              phone_number: str = "") -> tuple[LinkInvite, str]:
        """A new link for `role`, revoking any earlier live one: one link per seat opens the call."""
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
        return self._invites_by_digest.get(tokens.digest(token))

    def find_by_code(self, typed: object) -> LinkInvite | None:
        """The invite a typed spoken code opens, while the code is unused and in time; None for anything else
        (an expired code answers as a wrong one does)."""
        code = codes.normalise(typed)
        invite = self._invites_by_code.get(tokens.digest(code)) if code else None
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
        self._invites_by_digest.pop(invite.token_digest, None)
        invite.token_digest = tokens.digest(token)
        self._invites_by_digest[invite.token_digest] = invite
        return token

    def end(self, session: VideoSession) -> None:
        if session.ended_at is None:
            session.ended_at = self.clock()
            for invite in session.invites.values():
                self.revoke(invite, "the call has ended")
                invite.connected = False

    def forget(self, session: VideoSession) -> None:
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

    def sweep(self, ended_for: float, oldest: float) -> int:
        """Forget sessions ended more than `ended_for` seconds ago or opened more than `oldest` seconds ago,
        so a service left running does not hold calls (and their uploads) the workstation never cleared."""
        now = self.clock()
        stale = [s for s in self._sessions.values()
                 if (s.ended_at is not None and now - s.ended_at > ended_for) or now - s.created_at > oldest]
        for session in stale:
            self.forget(session)
        return len(stale)
