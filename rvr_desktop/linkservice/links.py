"""One-time links, the one device each admits, and the officer's say over any other.

Think of the person who picks up the victim's phone after the call: the
texted link, the browser's history and a second browser on the same phone
all hold the link. So a link admits one device, once, by itself:

- The tab that first opens a link is handed a device key that it keeps in a
  JavaScript variable only (no cookie, no storage: closing the tab forgets
  it). That tab may reconnect with its key while it is connected or within
  `REJOIN_SECONDS` of losing its connection or ending the call (a dropped
  signal, a Rejoin pressed at once), even after the link's opening time has
  passed. A tab left on the phone longer than that is treated as any other
  device: whoever picks the phone up later cannot rejoin by a tap.
- Any other claim (another browser, the same browser from its history, a tab
  opened after Leave quickly) is never let in by a rule: it waits as an
  `Admission` until the officer admits or refuses it. No User-Agent or
  address rule decides, because the abuser's browser can copy both.
- Leave quickly locks the link: the tab's key stops working at once, and
  every later opening needs the officer.

A short spoken code (see `codes.py`) opens a link in the same way; it is
used up by its first opening.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from . import tokens

ADMISSION_WAIT_SECONDS = 180.0  # an opening the officer has not answered by then is refused
REJOIN_SECONDS = 120.0  # how long a caller's tab that lost the call may come back with its key alone
MAX_WAITING = 3  # openings waiting for the officer at once, per link


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
    NOT_ADMITTED = "not_admitted"


class Why(StrEnum):
    """Why an opening waits for the officer: what the workstation tells them."""

    OTHER_DEVICE = "other_device"  # the link's own tab still holds it
    AFTER_QUICK_EXIT = "after_quick_exit"


@dataclass
class Admission:
    """Another device asking to open a link already held: it waits for the officer's answer."""

    request_id: str  # shown to the officer's workstation, which answers by it
    secret_digest: str  # the waiting tab proves it is the one that asked with the secret it was given
    asked_at: float
    why: Why
    admitted: bool | None = None
    device_key: str = field(default="", repr=False)  # handed to the waiting tab once, when admitted


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
    # Kept with the call (in the store too, so a re-send after a restart or a move needs no second entry)
    # until the call is forgotten; never logged, never shown to the workstation (summary()).
    phone_number: str = field(default="", repr=False)
    revoked_at: float | None = None
    revoked_reason: str = ""
    opened_at: float | None = None
    device_digest: str = ""
    connected: bool = False
    released_at: float | None = None  # when the holding tab was last let go (bound, dropped or left)
    quick_exit_at: float | None = None  # locked by Leave quickly at this time
    admissions: dict[str, Admission] = field(default_factory=dict)
    notification_id: str = ""
    delivery_status: str = ""
    by_code: bool = False  # opened with a spoken code rather than a texted link
    refusals_told: dict[str, float] = field(default_factory=dict)  # reason -> when the officer was last told
    code_digest: str = field(default="", repr=False)  # until the code's first opening
    # An officer's page: the enrolled workstation's credential that asked for it (its id, never the secret),
    # kept with the call so whichever instance hosts it puts the page out when that credential is revoked.
    credential_id: str = ""

    def summary(self) -> dict:
        """What the officer's workstation may see: no token, no phone number."""
        return {"invite_id": self.invite_id, "role": self.role.value, "language": self.language,
                "created_at": self.created_at, "expires_at": self.expires_at,
                "revoked_at": self.revoked_at, "revoked_reason": self.revoked_reason,
                "opened_at": self.opened_at, "connected": self.connected, "quick_exit_at": self.quick_exit_at,
                "by_code": self.by_code, "notification_id": self.notification_id,
                "delivery_status": self.delivery_status,
                "waiting": [a.request_id for a in self.admissions.values() if a.admitted is None]}


@dataclass(frozen=True)
class Claim:
    """The outcome of opening a link: a device key, a wait for the officer, or the reason it was refused."""

    device_key: str = ""
    refusal: Refusal | None = None
    waiting: Admission | None = None
    waiting_secret: str = field(default="", repr=False)  # for the waiting tab only, on its first answer
    first_opening: bool = False

    @property
    def ok(self) -> bool:
        return self.refusal is None and self.waiting is None


def claim(invite: LinkInvite, now: float, presented_key: str) -> Claim:
    """Open `invite` from a tab, applying the rule in the module docstring. Call `expire_admissions` first,
    so openings left unanswered too long do not count as waiting."""
    if invite.revoked_at is not None:
        return Claim(refusal=Refusal.REVOKED)
    if holds_now(invite, presented_key, now):
        return Claim(device_key=presented_key)
    if now >= invite.expires_at:
        return Claim(refusal=Refusal.EXPIRED)
    if not invite.device_digest and invite.quick_exit_at is None:
        key = _bind_new_device(invite, now)
        invite.opened_at = invite.opened_at or now
        return Claim(device_key=key, first_opening=True)
    if sum(1 for a in invite.admissions.values() if a.admitted is None) >= MAX_WAITING:
        return Claim(refusal=Refusal.IN_USE)
    secret = tokens.new_token()
    why = Why.AFTER_QUICK_EXIT if invite.quick_exit_at is not None else Why.OTHER_DEVICE
    admission = Admission(tokens.new_id(), tokens.digest(secret), now, why)
    invite.admissions[admission.request_id] = admission
    return Claim(waiting=admission, waiting_secret=secret)


def follow_up(invite: LinkInvite, now: float, secret: str) -> Claim:
    """A waiting tab asks again: still waiting, admitted (its device key, handed over once), or refused."""
    admission = _admission_by_secret(invite, secret)
    if admission is None:
        return Claim(refusal=Refusal.NOT_ADMITTED)
    if invite.revoked_at is not None:
        return Claim(refusal=Refusal.REVOKED)
    if admission.admitted is None:
        return Claim(waiting=admission)
    if admission.admitted and admission.device_key:
        key, admission.device_key = admission.device_key, ""
        return Claim(device_key=key)
    return Claim(refusal=Refusal.NOT_ADMITTED)


def decide(invite: LinkInvite, request_id: str, admit: bool, now: float) -> list[Admission]:
    """The officer's answer to a waiting opening: the openings it settles, that one first (none if it was
    not waiting). Admitting moves the link to that device: the key any earlier tab held stops working, the
    lock of a quick exit is lifted for this device alone, and every other waiting opening is refused."""
    admission = invite.admissions.get(request_id)
    if admission is None or admission.admitted is not None:
        return []
    admission.admitted = admit
    settled = [admission]
    if admit:
        admission.device_key = _bind_new_device(invite, now)
        invite.quick_exit_at = None
        for other in invite.admissions.values():  # one device holds a link
            if other is not admission and other.admitted is None:
                other.admitted = False
                settled.append(other)
    return settled


def expire_admissions(invite: LinkInvite, now: float) -> list[Admission]:
    """Refuse openings the officer has not answered in time; the ones refused now."""
    lapsed = [a for a in invite.admissions.values()
              if a.admitted is None and now - a.asked_at > ADMISSION_WAIT_SECONDS]
    for admission in lapsed:
        admission.admitted = False
    return lapsed


def lock_after_quick_exit(invite: LinkInvite, now: float) -> bool:
    """Leave quickly was pressed on the tab holding `invite`: its key stops working and every later
    opening waits for the officer. True the first time (so the officer is told once)."""
    if invite.quick_exit_at is not None:
        return False
    invite.quick_exit_at = now
    invite.device_digest = ""
    invite.connected = False
    return True


def holds(invite: LinkInvite, presented_key: str) -> bool:
    """Whether a tab presenting `presented_key` is the device this link is bound to (a leaving beacon, an
    upload from the tab in the call); opening the call again also needs `holds_now`."""
    return bool(invite.device_digest and presented_key) and tokens.same_secret(presented_key, invite.device_digest)


def holds_now(invite: LinkInvite, presented_key: str, now: float) -> bool:
    """Whether that tab may (re)connect by its key alone: it is connected, or let go of the call less than
    `REJOIN_SECONDS` ago. The officer's own page is the workstation's and always may."""
    if not holds(invite, presented_key):
        return False
    recent = invite.released_at is None or now - invite.released_at < REJOIN_SECONDS
    return invite.role is Role.OFFICER or invite.connected or recent


def tab_connected(invite: LinkInvite) -> None:
    invite.connected, invite.released_at = True, None


def tab_let_go(invite: LinkInvite, now: float) -> None:
    """The holding tab's connection closed (dropped, ended, closed): its window to come back starts."""
    invite.connected, invite.released_at = False, now


def _bind_new_device(invite: LinkInvite, now: float) -> str:
    key = tokens.new_token()
    invite.device_digest = tokens.digest(key)
    invite.released_at = now  # not yet connected: a tab that never connects loses its place in time
    return key


def _admission_by_secret(invite: LinkInvite, secret: str) -> Admission | None:
    if not tokens.well_formed(secret):
        return None
    return next((a for a in invite.admissions.values() if tokens.same_secret(secret, a.secret_digest)), None)
