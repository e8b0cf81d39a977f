"""TURN relay credentials minted for one claim, in the shared-secret scheme coturn checks (`use-auth-secret`).

Callers are on mobile networks behind carrier-grade NAT and officers behind force firewalls, so a call often
connects only through a relay. One static TURN password handed to every link holder would let whoever holds a
victim's phone after the call relay through the force's server for as long as the password lives. Instead each
claim of a link gets a credential of its own that expires with the call: coturn needs no list of users, only
the secret it shares with this service.

The scheme (coturn's `use-auth-secret` with `static-auth-secret`, after the TURN REST API draft,
draft-uberti-behave-turn-rest-00): the username is "<expiry, Unix seconds>:<tag>" and the password is the
base64 of HMAC-SHA1 over the username, keyed with the shared secret. coturn recomputes the HMAC and refuses a
username whose expiry has passed. The tag is random, never a case, a session or a phone number: coturn logs
usernames, and a force's relay log must hold nothing about a caller.

Relay only (`relay_only`): the pages are told to use relayed candidates only (`iceTransportPolicy: "relay"`), so
the caller's address never reaches the workstation and the workstation's never reaches the caller; each side
sees only the relay's.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass

# Secrets shorter than this are refused: the HMAC is only as strong as its key.
MIN_SECRET_BYTES = 32
# A credential outlives the call's planned length by this much, so a call running a little over keeps its relay.
GRACE_SECONDS = 300


@dataclass(frozen=True)
class TurnCredential:
    username: str
    password: str
    expires_at: int  # Unix seconds, the moment coturn stops accepting it


@dataclass(frozen=True)
class TurnRelay:
    """The force's coturn: where it listens (`turn:` / `turns:` URLs), the secret it shares with this service,
    and whether calls may use relayed candidates only."""

    urls: tuple[str, ...]
    secret: bytes
    relay_only: bool = False

    def __post_init__(self) -> None:
        if not self.urls or not all(url.startswith(("turn:", "turns:")) for url in self.urls):
            raise ValueError("[turn] urls must be turn: or turns: addresses, such as \"turns:relay.force.example:443\"")
        if len(self.secret) < MIN_SECRET_BYTES:
            raise ValueError(f"the TURN shared secret must be at least {MIN_SECRET_BYTES} bytes; make one with "
                             "`openssl rand -hex 32`")

    def credential(self, valid_seconds: float, now: float) -> TurnCredential:
        """A fresh credential valid from `now` (Unix seconds) for `valid_seconds` and the grace after it."""
        expires_at = int(now + valid_seconds + GRACE_SECONDS)
        username = f"{expires_at}:{secrets.token_hex(8)}"
        return TurnCredential(username, password_for(self.secret, username), expires_at)

    def browser_config(self, credential: TurnCredential) -> dict:
        """One RTCIceServer entry for a page, with `credential`."""
        return {"urls": list(self.urls), "username": credential.username, "credential": credential.password}


def password_for(secret: bytes, username: str) -> str:
    """The password coturn expects for `username` under `secret`."""
    return base64.b64encode(hmac.new(secret, username.encode("utf-8"), hashlib.sha1).digest()).decode("ascii")


def ice_transport_policy(relay: TurnRelay | None) -> str:
    """What a page passes as RTCConfiguration.iceTransportPolicy."""
    return "relay" if relay is not None and relay.relay_only else "all"
