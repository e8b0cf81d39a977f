"""Secrets in links and pages: how they are made, kept and compared.

A link token carries 256 bits from the operating system's generator. The
service keeps only its SHA-256, so a memory dump or a log line cannot be
turned back into a working link, and finding a link costs one dictionary
look-up by digest: the time taken says nothing about how close a guess was.
Every comparison of a presented secret with a stored one goes through
`hmac.compare_digest`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

TOKEN_BYTES = 32
# token_urlsafe(32) gives 43 characters of [A-Za-z0-9_-].
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{43}$")


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def new_id() -> str:
    """An identifier that is not a secret but must not be guessable either (128 bits)."""
    return secrets.token_hex(16)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def derived(secret: str, purpose: str) -> str:
    """A second secret made from `secret` for one `purpose` (HMAC-SHA256), in a token's form: whoever holds
    it can do that one thing and cannot work back to `secret`."""
    mac = hmac.new(secret.encode(), purpose.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).decode().rstrip("=")


def phone_key(officer_token: str) -> str:
    """A practice run's key to its simulated phone's texts, made from its officer token: the workstation and
    the service each work it out, so it never travels except to the phone page the workstation opens."""
    return derived(officer_token, "practice simulated phone")


def well_formed(token: object) -> bool:
    return isinstance(token, str) and TOKEN_PATTERN.match(token) is not None


def same_secret(presented: str, stored_digest: str) -> bool:
    """Whether `presented` is the secret whose digest is stored, in constant time."""
    return hmac.compare_digest(digest(presented), stored_digest)


def bearer_matches(header: str | None, expected: str) -> bool:
    """Whether an Authorization header carries `expected` as its bearer token."""
    scheme, _, presented = (header or "").partition(" ")
    # Compare even when the scheme is wrong, so both failures take the same time.
    matches = hmac.compare_digest(presented.strip().encode(), expected.encode())
    return scheme.lower() == "bearer" and matches
