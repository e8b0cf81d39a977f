"""Spoken codes: a way into the call for a caller who must not receive a text.

The officer reads the code out; the caller types it at the service's short,
neutral address. Nothing arrives on the phone and the code never travels in
an address, so neither the messages nor the browser's history hold a way
back in. A code is short enough to say and type, so it must be short-lived,
used once, and guessed only slowly (its own limit in rate_limit.py):

- 8 characters from 29 that are hard to mishear or misread for each other
  (no I, L, 1, O, 0, U or V), about 39 bits;
- valid for `CODE_MINUTES` at most, and used up by the first opening;
- a wrong code, a used one and an expired one get the same answer.
"""

from __future__ import annotations

import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTWXYZ23456789"
LENGTH = 8
CODE_MINUTES = 10.0


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(typed: object) -> str | None:
    """What the caller typed, as a code (spaces, dashes and case forgiven), or None if it cannot be one."""
    if not isinstance(typed, str) or len(typed) > 32:
        return None
    code = "".join(ch for ch in typed.upper() if ch not in " -")
    if len(code) != LENGTH or any(ch not in ALPHABET for ch in code):
        return None
    return code


def spoken(code: str) -> str:
    """The code as the officer reads it out: two groups of four."""
    return f"{code[:4]} {code[4:]}"
