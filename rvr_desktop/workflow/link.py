"""One-time links texted to the caller's phone.

Sending a new link revokes the old one, so only one link can open the call.
The link service fills in the delivery and opening times; the workflow only
decides when a link may be issued (see `actions.issue_link_invite`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from .times import as_utc


@dataclass
class LinkInvite:
    """A link sent to the caller, and what became of it."""

    sent_to: str
    issued_at: datetime
    expires_at: datetime
    invite_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    sent_at: datetime | None = None
    # GOV.UK Notify's words: created, sending, delivered, permanent-failure, …
    delivery_status: str = ""
    delivered_at: datetime | None = None
    opened_at: datetime | None = None
    joined_at: datetime | None = None
    revoked_at: datetime | None = None
    revoked_reason: str = ""
    # The link service's session this link opens (empty when recorded by hand).
    video_session_id: str = ""
    # A code read out to the caller instead of a texted link (sent_to is then empty). The code itself is
    # never kept: it is a way into the call for its few minutes only.
    by_code: bool = False

    def is_live(self, now: datetime) -> bool:
        """Whether the link could still open the call at `now`."""
        return self.revoked_at is None and as_utc(now) < self.expires_at


def revoke_live_invites(invites: list[LinkInvite], at: datetime, reason: str) -> None:
    for invite in invites:
        if invite.revoked_at is None:
            invite.revoked_at = as_utc(at)
            invite.revoked_reason = reason
