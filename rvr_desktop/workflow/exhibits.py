"""Exhibits: references like JS/1, and the continuity record for each."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

_REFERENCE = re.compile(r"^([A-Z]{1,4})/([1-9]\d*)$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass
class Exhibit:
    """One exhibit: who captured it, when, how, and the SHA-256 of the file."""

    reference: str
    description: str
    captured_by: str
    captured_at: datetime
    how_captured: str
    sha256: str
    file_name: str = ""


def next_reference(exhibits: list[Exhibit], initials: str) -> str:
    """The next free reference for the officer with these initials: JS/1, JS/2, …"""
    prefix = initials.strip().upper()
    if not re.fullmatch(r"[A-Z]{1,4}", prefix):
        raise ValueError(f"Exhibit initials must be one to four letters, not {initials!r}.")
    numbers = [0]
    for exhibit in exhibits:
        match = _REFERENCE.match(exhibit.reference)
        if match and match[1] == prefix:
            numbers.append(int(match[2]))
    return f"{prefix}/{max(numbers) + 1}"


def exhibit_with_digest(exhibits: list[Exhibit], sha256: str) -> Exhibit | None:
    """The exhibit already holding a file with this SHA-256, if any. The same bytes are one exhibit: a
    caller who sends a photo twice has sent one piece of evidence (and the records system refuses two
    exhibits with one digest)."""
    return next((exhibit for exhibit in exhibits if exhibit.sha256 == sha256), None)


def check_exhibit(exhibit: Exhibit, others: list[Exhibit]) -> list[str]:
    """Plain-words problems with an exhibit's record; empty when it is sound."""
    problems = []
    if not _REFERENCE.match(exhibit.reference):
        problems.append("An exhibit reference is the officer's initials and a number, like JS/1.")
    if any(other.reference == exhibit.reference for other in others if other is not exhibit):
        problems.append(f"{exhibit.reference} is already used; each exhibit needs its own reference.")
    if not exhibit.description.strip():
        problems.append("Describe the exhibit.")
    if not exhibit.captured_by.strip():
        problems.append("Record who captured the exhibit.")
    if not exhibit.how_captured.strip():
        problems.append("Record how the exhibit was captured.")
    if not _SHA256.match(exhibit.sha256):
        problems.append("The file's SHA-256 digest is missing or malformed (64 lower-case hex characters).")
    return problems
