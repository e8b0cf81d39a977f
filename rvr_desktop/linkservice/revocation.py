"""What each enrolled workstation still has open, so that revoking it closes that too (workstations.py).

A revoked credential is refused at its next request, but a workstation may
hold more than requests: the event streams it follows and the officer's
pages it opened, which stay in their calls by their own links. Every few
seconds the service asks the register which of the credentials holding
anything were revoked (by `link-service revoke`, in another process), and
closes those streams and puts those pages out of their calls, so someone
who took a workstation's credential is not left watching a call once the
IT team has cut it off.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from aiohttp import web

from .sessions import UnknownSession

if TYPE_CHECKING:
    from .service import LinkService
    from .sessions import VideoSession

log = logging.getLogger(__name__)
REVOKED_CHECK_SECONDS = 2.0
REVOKED_CLOSE_CODE = 4401


@dataclass
class Held:
    sockets: set[web.WebSocketResponse] = field(default_factory=set)
    officer_pages: set[tuple[str, str]] = field(default_factory=set)  # (session id, invite id)


class HeldSockets:
    """One credential's event streams, looked up afresh at each add: an entry the watch let go of while a
    stream was still opening is made again, so no stream can end up where a revocation would not find it."""

    def __init__(self, holdings: Holdings, credential_id: str) -> None:
        self._holdings, self._credential_id = holdings, credential_id

    def add(self, socket: web.WebSocketResponse) -> None:
        self._holdings._held.setdefault(self._credential_id, Held()).sockets.add(socket)

    def discard(self, socket: web.WebSocketResponse) -> None:
        held = self._holdings._held.get(self._credential_id)
        if held is not None:
            held.sockets.discard(socket)


class Holdings:
    """By credential id, what it holds open."""

    def __init__(self) -> None:
        self._held: dict[str, Held] = {}

    def sockets(self, credential_id: str) -> HeldSockets:
        """Where an event stream opened with this credential adds itself while it lasts."""
        return HeldSockets(self, credential_id)

    def officer_page(self, credential_id: str, session_id: str, invite_id: str) -> None:
        self._held.setdefault(credential_id, Held()).officer_pages.add((session_id, invite_id))

    def taken_back(self, session: VideoSession) -> None:
        """A call this service hosts now, after a restart or another instance's death: its officers' pages
        are held again by the credentials that asked for them."""
        for invite in session.invites.values():
            if invite.credential_id and invite.revoked_at is None:
                self.officer_page(invite.credential_id, session.session_id, invite.invite_id)

    async def watch(self, service: LinkService) -> None:
        """Until cancelled: cut off whatever a revoked credential holds, within REVOKED_CHECK_SECONDS."""
        assert service.workstations is not None
        while True:
            await asyncio.sleep(REVOKED_CHECK_SECONDS)
            self._forget_what_is_gone(service)
            if not self._held:
                continue
            try:
                revoked = await asyncio.to_thread(service.workstations.revoked, list(self._held))
            except Exception:  # the register busy or unreadable for a moment: ask again next time
                log.warning("could not read the register of workstations; revocations are checked again shortly",
                            exc_info=True)
                continue
            for credential_id in revoked:
                await self._cut_off(service, self._held.pop(credential_id))

    def _forget_what_is_gone(self, service: LinkService) -> None:
        for credential_id, held in list(self._held.items()):
            held.officer_pages = {(s, i) for s, i in held.officer_pages if service.book.has(s)}
            if not held.sockets and not held.officer_pages:
                del self._held[credential_id]

    @staticmethod
    async def _cut_off(service: LinkService, held: Held) -> None:
        for socket in list(held.sockets):
            await socket.close(code=REVOKED_CLOSE_CODE, message=b"workstation revoked")
        for session_id, invite_id in held.officer_pages:
            try:
                session = service.book.session(session_id)
            except UnknownSession:
                continue
            invite = session.invites.get(invite_id)
            if invite is None or invite.revoked_at is not None:
                continue
            service.book.revoke(invite, "its workstation was revoked")
            session.events.record("link_revoked", invite_id=invite_id, role=invite.role.value,
                                  reason="its workstation was revoked")
            await service.put_out(invite, {"type": "revoked"}, "revoked")
        log.info("a revoked workstation's open event streams and officer's pages were closed")
