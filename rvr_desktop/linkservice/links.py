"""One-time links and the device each is bound to.

The binding leaves nothing on the phone. When a link is first opened the
service hands the page a device key that the page keeps in a JavaScript
variable only: no cookie, no local or session storage, so closing the tab
forgets it. Every later request from that tab carries the key.

- While the bound tab is connected, or for a short grace after its network
  drops (it reconnects with the key it still holds), the link opens nowhere
  else: a second device is refused.
- When the tab leaves properly (end call, quick exit, tab closed: the page
  says so as it goes) or the grace has passed, the same link may be opened
  again within its life by a browser that reports the same user agent: the
  caller who closed the tab by mistake rejoins, and the officer is told the
  link was opened again. A different browser is still refused.
- A tab that holds the key keeps its place after the link's opening time has
  run out, so a call in progress is never cut off by the clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from . import tokens


class Role(StrEnum):
    OFFICER = "officer"
    CALLER = "caller"
    INTERPRETER = "interpreter"


class Refusal(StrEnum):
    """Why a link did not open; the page shows each in its own words."""

    UNKNOWN = "unknown"
    EXPIRED = "expired"
    REVOKED = "revoked"
    IN_USE = "in_use"
    ENDED = "ended"


@dataclass
class LinkInvite:
    """A one-time link for one participant of one session."""

    invite_id: str
    session_id: str
    role: Role
    token_digest: str
    created_at: float
    expires_at: float
    language: str = "en"
    # Kept in memory only so that a re-send needs no second entry; never logged.
    phone_number: str = field(default="", repr=False)
    revoked_at: float | None = None
    revoked_reason: str = ""
    opened_at: float | None = None
    device_digest: str = ""
    device_agent: str = ""
    device_connected: bool = False
    device_released_at: float | None = None  # left properly or lost its connection, at this time
    device_left_properly: bool = False
    notification_id: str = ""
    delivery_status: str = ""

    def summary(self) -> dict:
        """What the officer's workstation may see: no token, no phone number."""
        return {"invite_id": self.invite_id, "role": self.role.value, "language": self.language,
                "created_at": self.created_at, "expires_at": self.expires_at,
                "revoked_at": self.revoked_at, "revoked_reason": self.revoked_reason,
                "opened_at": self.opened_at, "connected": self.device_connected,
                "notification_id": self.notification_id, "delivery_status": self.delivery_status}


@dataclass(frozen=True)
class Claim:
    """The outcome of opening a link: a device key, or the reason it was refused."""

    device_key: str = ""
    refusal: Refusal | None = None
    reopened: bool = False

    @property
    def ok(self) -> bool:
        return self.refusal is None


def claim(invite: LinkInvite, now: float, presented_key: str, user_agent: str, grace_seconds: float) -> Claim:
    """Open `invite` from a device, applying the binding rule in the module docstring."""
    if invite.revoked_at is not None:
        return Claim(refusal=Refusal.REVOKED)
    if holds(invite, presented_key):
        return Claim(device_key=presented_key)
    if now >= invite.expires_at:
        return Claim(refusal=Refusal.EXPIRED)
    if invite.device_digest:
        released = invite.device_released_at or now
        still_held = invite.device_connected or (
            not invite.device_left_properly and now - released < grace_seconds)
        if still_held or user_agent != invite.device_agent:
            return Claim(refusal=Refusal.IN_USE)
    reopened = bool(invite.device_digest)
    key = tokens.new_token()
    invite.device_digest = tokens.digest(key)
    invite.device_agent = user_agent
    # Held as if its connection had just dropped: a tab that never connects
    # frees the link after the grace.
    invite.device_released_at = now
    invite.device_left_properly = False
    invite.opened_at = invite.opened_at or now
    return Claim(device_key=key, reopened=reopened)


def holds(invite: LinkInvite, presented_key: str) -> bool:
    """Whether a tab presenting `presented_key` is the device this link is bound to."""
    return bool(invite.device_digest and presented_key) and tokens.same_secret(presented_key, invite.device_digest)


def device_connected(invite: LinkInvite) -> None:
    invite.device_connected = True
    invite.device_released_at = None
    invite.device_left_properly = False


def device_gone(invite: LinkInvite, now: float, properly: bool) -> None:
    """The bound tab's connection closed; `properly` when it said it was leaving."""
    invite.device_connected = False
    invite.device_released_at = now
    invite.device_left_properly = properly
