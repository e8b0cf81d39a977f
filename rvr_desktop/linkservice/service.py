"""The running link service: its sessions, limits and texts, and the few
things several routes do alike (end a call, put someone out of it)."""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from aiohttp import web

from .config import LinkServiceConfig
from . import links, signing
from .asking import who_is_asking
from .image_check import ImageChecks
from .links import LinkInvite, Role
from .metrics import ServiceMetrics
from .events import MOVED_CODE
from .passing_on import Sharing
from .rate_limit import GuessLimits, SharedGuessLimits
from .revocation import Holdings
from .sessions import SessionBook, VideoSession
from .simulated_phone import SimulatedPhones
from .texts import LinkTexts
from .trainer_console import ConsoleBook
from .turn import ice_transport_policy
from .workstations import WorkstationRegister

if TYPE_CHECKING:
    from .redis_register import RedisWorkstationRegister

log = logging.getLogger(__name__)
REFUSALS_TOLD_EVERY = 60.0  # seconds


@dataclass
class Participant:
    """One connected tab: the officer's page, the caller's or the interpreter's."""

    session: VideoSession
    invite: LinkInvite
    socket: web.WebSocketResponse
    in_call: bool = False
    leaving_reason: str = ""  # set when the tab said why it is going

    @property
    def role(self) -> Role:
        return self.invite.role

    async def send(self, message: dict) -> None:
        await self.session.write_through()  # what the tab is told has been kept first (sessions.py)
        if not self.socket.closed:
            try:
                await self.socket.send_str(json.dumps(message))
            except ConnectionError:  # the tab went while we spoke; its close is handled by its own loop
                pass


@dataclass
class LinkService:
    """Everything the routes share."""

    config: LinkServiceConfig
    officer_token: str
    texts: LinkTexts
    mode: str = "practice"
    public_url: str = ""  # set once the port is known, unless configured
    book: SessionBook = field(default_factory=SessionBook)
    phones: SimulatedPhones | None = None  # practice mode's simulated phones, where its texts go
    consoles: ConsoleBook = field(default_factory=ConsoleBook)
    image_checks: ImageChecks = field(default_factory=ImageChecks)
    limits: GuessLimits | SharedGuessLimits = field(init=False)
    metrics: ServiceMetrics | None = None  # set by server.serve
    draining: bool = False  # stopping: no new claims (server.drain)
    # A force's service: the enrolled workstations, whose credentials replace the officer token.
    workstations: WorkstationRegister | RedisWorkstationRegister | None = None
    holdings: Holdings = field(default_factory=Holdings)  # what each enrolled workstation has open
    # A force's instances sharing one Redis: where each call is hosted (hosting.py, passing_on.py).
    sharing: Sharing | None = None

    def __post_init__(self) -> None:
        self.limits = GuessLimits(self.config.failed_attempts_per_minute, self.config.failed_codes_per_minute)
        self.book.taken_over = self.hand_over
        self.book.taken_back = self._taken_back

    def _taken_back(self, session: VideoSession) -> None:
        """A call this service hosts now, taken back after a restart or up after another instance died: what
        the service that hosted it was doing for it goes on here."""
        self.texts.follow_again(session, self.book.clock())
        self.holdings.taken_back(session)

    async def hand_over(self, session_ids: list[str]) -> None:
        """Another instance hosts these calls now (hosting.py): let them go here and close their tabs' sockets
        so each connects again, and reaches the new host."""
        for session_id in session_ids:
            session = self.book.let_go_here(session_id)
            for participant in list(session.connected.values()) if session is not None else []:
                participant.leaving_reason = "moved"
                await participant.socket.close(code=MOVED_CODE, message=b"the call moved to another instance")

    def asker(self, request: web.Request) -> str:
        """Who is asking, as the limits count them (asking.py)."""
        return who_is_asking(request, self.config.trusted_proxies)

    @property
    def practice(self) -> bool:
        return self.mode == "practice" and self.phones is not None

    def link_url(self, token: str) -> str:
        # The token rides in the fragment: browsers never send it to a server (so no proxy or access log
        # holds it) and the page takes it out of the address bar before anything else runs.
        return f"{self.public_url}/j#{token}"

    @property
    def code_address(self) -> str:
        """Where a caller types a spoken code: the service's bare address, which says nothing of the call."""
        return f"{self.public_url}/"

    def ice_servers(self, with_relay: bool = False) -> list[dict]:
        """What a tab's browser is told to connect through: the configured STUN servers and, `with_relay` where
        the force runs a relay, a TURN credential minted for this tab now that lasts as long as a call may.
        The relay is handed out only to a tab joining the call: a link opened elsewhere, which never joins,
        gets no way through the force's relay."""
        servers = [server.as_browser_config() for server in self.config.ice_servers]
        relay = self.config.turn
        if with_relay and relay is not None:
            servers.append(relay.browser_config(relay.credential(self.config.call_max_minutes * 60,
                                                                 self.book.clock())))
        return servers

    @property
    def via(self) -> dict[str, str]:
        """What a tab of a call hosted here is told of this instance, for its next requests to name: the
        balancer routes them straight here on it, not to an instance that would pass them on (docs/deploy.md,
        "The balancer"). Nothing when the force has one instance or has not named this one."""
        server = self.config.server
        if self.sharing is None or server is None or not server.instance_name:
            return {}
        return {"via": server.instance_name}

    @property
    def ice_transport_policy(self) -> str:
        return ice_transport_policy(self.config.turn)

    def participant(self, session: VideoSession, role: Role) -> Participant | None:
        return session.connected.get(role)

    async def put_out(self, invite: LinkInvite, message: dict, reason: str) -> None:
        """Close the tab holding `invite`, telling it why (revoked link, ended call)."""
        session = self.book.session(invite.session_id)
        participant = self.participant(session, invite.role)
        if participant is not None and participant.invite is invite:
            participant.leaving_reason = reason
            await participant.send(message)
            await participant.socket.close(code=4000 + (1 if reason == "revoked" else 2))

    async def end_call(self, session: VideoSession, by: str) -> None:
        """End the call for everyone; links of this session stop working."""
        if session.ended_at is not None:
            return
        self.book.end(session)
        session.events.record("ended", by=by)
        await asyncio.gather(*(self.put_out(p.invite, {"type": "ended", "by": by}, "ended")
                               for p in list(session.connected.values())))

    async def release(self, participant: Participant, now: float) -> None:
        """The participant's socket closed: free its seat and tell the others."""
        async with participant.session.comings_and_goings:  # as a tab joins (signalling.py)
            await self._release_now(participant, now)

    async def _release_now(self, participant: Participant, now: float) -> None:
        session = participant.session
        self.book.changed(session.session_id)
        if session.connected.get(participant.role) is participant:
            del session.connected[participant.role]
            links.tab_let_go(participant.invite, now)
            signing.drop(session, participant)  # the statement's text goes with the tab
        if participant.in_call:
            participant.in_call = False
            reason = participant.leaving_reason or "connection lost"
            session.events.record("left", role=participant.role.value, reason=reason)
            await self.tell_call(session, {"type": "peer-left", "role": participant.role.value, "reason": reason})

    def expire_waiting(self, session: VideoSession, invite: LinkInvite) -> None:
        """Openings the officer left unanswered too long are refused, and the workstation takes its prompt
        down (run on every claim, and now and then for tabs that stopped asking)."""
        for admission in links.expire_admissions(invite, self.book.clock()):
            session.events.record("admission_decided", invite_id=invite.invite_id, request_id=admission.request_id,
                                  admitted=False, by="timeout")

    def tell_refusal(self, session: VideoSession, invite: LinkInvite, reason: str) -> None:
        """Record a refused opening, at most once a minute for each link and reason: the officer needs to know
        it happens, not each time (a flood of them would push real events out of the session's log)."""
        now = self.book.clock()
        if now - invite.refusals_told.get(reason, float("-inf")) >= REFUSALS_TOLD_EVERY:
            invite.refusals_told[reason] = now
            session.events.record("link_refused", invite_id=invite.invite_id, role=invite.role.value, reason=reason)

    def quick_exit(self, invite: LinkInvite) -> None:
        """Leave quickly was pressed: lock the link at once (links.py) and tell the workstation, once."""
        session = self.book.session(invite.session_id)
        if links.lock_after_quick_exit(invite, self.book.clock()):
            session.events.record("quick_exit", invite_id=invite.invite_id, role=invite.role.value)

    async def tell_call(self, session: VideoSession, message: dict, but: Participant | None = None) -> None:
        """Send `message` to everyone in the call of `session` (this session only), except `but`."""
        for other in list(session.connected.values()):
            if other is not but and other.in_call:
                await other.send(message)


SERVICE = web.AppKey("service", LinkService)
