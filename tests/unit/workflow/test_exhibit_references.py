"""Exhibit references (JS/1) and the continuity record."""

from __future__ import annotations

import hashlib

import pytest

from rvr_desktop.training.specimen_cases import CALL_AT
from rvr_desktop.workflow.exhibits import Exhibit, check_exhibit, file_exhibit, next_reference, producer_initials

DIGEST = hashlib.sha256(b"still of bruising to left forearm").hexdigest()


def exhibit(reference: str = "JS/1", **changes) -> Exhibit:
    fields = dict(description="Still: bruising, left forearm", captured_by="PC 1234 J Smith",
                  captured_at=CALL_AT, how_captured="Still taken from the video call", sha256=DIGEST)
    fields.update(changes)
    return Exhibit(reference, **fields)


@pytest.mark.parametrize(
    ("existing", "initials", "expected"),
    [
        ([], "js", "JS/1"),
        (["JS/1", "JS/2"], "JS", "JS/3"),
        (["JS/1", "JS/7"], "JS", "JS/8"),
        (["AB/4"], "JS", "JS/1"),
        (["JS/1", "JSX/9"], "JS", "JS/2"),
    ],
)
def test_next_reference(existing, initials, expected):
    assert next_reference([exhibit(reference) for reference in existing], initials) == expected


@pytest.mark.parametrize("initials", ["", "J.S.", "ABCDE", "J5"])
def test_initials_must_be_letters(initials):
    with pytest.raises(ValueError, match="initials"):
        next_reference([], initials)


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({}, None),
        ({"reference": "JS1"}, "like JS/1"),
        ({"reference": "JS/0"}, "like JS/1"),
        ({"description": " "}, "Describe"),
        ({"captured_by": ""}, "who captured"),
        ({"how_captured": ""}, "how the exhibit"),
        ({"sha256": DIGEST.upper()}, "SHA-256"),
        ({"sha256": DIGEST[:-1]}, "SHA-256"),
    ],
)
def test_check_exhibit(changes, says):
    problems = check_exhibit(exhibit(**changes), [])
    assert problems == [] if says is None else any(says in problem for problem in problems)


def test_a_reference_can_not_be_used_twice():
    first, second = exhibit("JS/1"), exhibit("JS/1")
    assert any("already used" in problem for problem in check_exhibit(second, [first, second]))
    assert check_exhibit(first, [first]) == []


@pytest.mark.parametrize(("name", "officer", "expected"), [
    ("Zofia Wiśniewska", "JS", "ZW"),
    ("Amira Haddad", "JS", "AH"),
    ("Ștefan Țurcanu", "JS", "ST"),            # marks dropped: labels are plain capitals
    ("Łucja Żak", "JS", "LZ"),                 # Ł has no decomposition; it is written L
    ("Mary Anne Jones-Clark", "JS", "MJ"),     # first and last name
    ("Jane Smith", "JS", "JSM"),               # never the officer's own: the surname gives more letters
    ("Jo Sa", "JS", "JSA"),
    ("Cher", "JS", "C"),
    ("   ", "JS", "W"),                        # nothing to use: "W", for witness
    ("李", "JS", "W"),
])
def test_a_producer_other_than_the_officer_has_initials_of_their_own(name, officer, expected):
    assert producer_initials(name, officer) == expected


def test_each_producer_numbers_their_own_exhibits_and_references_given_stay():
    exhibits: list[Exhibit] = []

    def filed(initials: str, content: bytes) -> str:
        made, _new = file_exhibit(exhibits, initials=initials, description="d", captured_by="PC 1234 J Smith",
                                  captured_at=CALL_AT, how_captured="h", sha256=hashlib.sha256(content).hexdigest())
        return made.reference

    # A case kept before the caller's exhibits had her initials: its JS/2 (her photo) is never renumbered.
    assert [filed("JS", b"still"), filed("JS", b"her old photo")] == ["JS/1", "JS/2"]
    assert filed("ZW", b"her new photo") == "ZW/1"
    assert filed("JS", b"another still") == "JS/3"
    assert filed("ZW", b"her second photo") == "ZW/2"
    assert [e.reference for e in exhibits] == ["JS/1", "JS/2", "ZW/1", "JS/3", "ZW/2"]
