"""Exhibits: references like JS/1, and the continuity record for each.

A reference is its producer's initials and that producer's own running number: the officer's stills are
JS/1, JS/2; the photos the caller sends through the call page are hers to produce in her statement, ZW/1,
ZW/2. That is the convention of the courts of England and Wales: an exhibit mark is its producer's
initials and a serial number, so each witness's exhibits are told apart (described, for one, in John
Antell's "About Exhibits", johnantell.co.uk; the convention often takes three initials to keep two
witnesses apart, which `producer_initials` does only on a clash). References already given never change.

An exhibit is one file, known by its SHA-256. The same file received again
(a caller who sends one photo twice) is the same exhibit: its reference
stands, and the repeat arrival joins its continuity record, so nothing a
court may ask about is lost and the records system never sees two exhibits
with one digest (it refuses such a filing).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from .times import as_utc, spoken_date

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
    # Later arrivals of the same file, oldest first. Cases saved before this
    # field existed read as having none.
    also_received: list[RepeatArrival] = field(default_factory=list)
    # What the exhibit list needs for continuity; cases saved before these
    # existed read as not recorded.
    media_type: str = ""
    size_bytes: int | None = None
    place_captured: str = ""
    # True: the workstation made this file (a still, the recording); False: a
    # copy of a file whose original stays where it was made (the caller's
    # phone); None: not recorded.
    original: bool | None = None
    # The files inside an archive (a .zip of screenshots), each with its own digest, so one screenshot can be
    # checked and produced on its own. Empty for a single file, and in cases saved before this existed.
    contents: list[ExhibitFile] = field(default_factory=list)


@dataclass
class ExhibitFile:
    """One file inside an exhibit that is an archive: its name, size and SHA-256."""

    name: str
    size_bytes: int
    sha256: str


@dataclass
class RepeatArrival:
    """The same file received again: part of the first exhibit's continuity, never an exhibit of its own."""

    received_at: datetime
    received_by: str
    how: str
    file_name: str = ""
    description: str = ""
    # The reference a repeat was given before the workstation recognised it
    # (cases made by earlier versions); kept so a statement or note that
    # names it can still be traced to the exhibit that stands.
    withdrawn_reference: str = ""


@dataclass(frozen=True)
class MergedExhibit:
    """One repeat folded into the exhibit it repeats: what a mend reports."""

    kept: str
    withdrawn: str
    sha256: str


def file_exhibit(exhibits: list[Exhibit], *, initials: str, description: str, captured_by: str,
                 captured_at: datetime, how_captured: str, sha256: str, file_name: str = "",
                 media_type: str = "", size_bytes: int | None = None, place_captured: str = "",
                 original: bool | None = None) -> tuple[Exhibit, bool]:
    """File a received file as an exhibit, once per digest: returns (the exhibit, whether it is new).

    A file whose digest an exhibit already has is recorded on that exhibit as
    received again, and that exhibit is returned with False; otherwise a new
    exhibit with the next reference is added to `exhibits`.
    """
    existing = exhibit_with_digest(exhibits, sha256)
    if existing is not None:
        existing.also_received.append(RepeatArrival(as_utc(captured_at), captured_by, how_captured, file_name,
                                                    description))
        return existing, False
    exhibit = Exhibit(next_reference(exhibits, initials), description, captured_by, as_utc(captured_at),
                      how_captured, sha256, file_name, media_type=media_type, size_bytes=size_bytes,
                      place_captured=place_captured, original=original)
    exhibits.append(exhibit)
    return exhibit, True


def merge_duplicate_exhibits(exhibits: list[Exhibit]) -> list[MergedExhibit]:
    """Fold exhibits that share a digest into the first received; returns what was merged (empty: nothing).

    The first received (earliest capture, then earliest in the list) keeps its
    place and reference; each later one leaves the list and is kept on it as a
    repeat arrival naming its withdrawn reference, with its own repeats after it.
    """
    first: dict[str, Exhibit] = {}
    for exhibit in sorted(exhibits, key=lambda e: as_utc(e.captured_at)):  # stable: ties keep list order
        first.setdefault(exhibit.sha256, exhibit)
    merged = []
    for exhibit in list(exhibits):
        kept = first[exhibit.sha256]
        if kept is exhibit:
            continue
        kept.also_received.append(RepeatArrival(exhibit.captured_at, exhibit.captured_by, exhibit.how_captured,
                                                exhibit.file_name, exhibit.description, exhibit.reference))
        kept.also_received.extend(exhibit.also_received)
        kept.also_received.sort(key=lambda arrival: as_utc(arrival.received_at))
        exhibits.remove(exhibit)
        merged.append(MergedExhibit(kept.reference, exhibit.reference, exhibit.sha256))
    return merged


def repeat_words(arrival: RepeatArrival, local: ZoneInfo) -> str:
    """A repeat arrival in one sentence, on the force's wall clock, for the continuity record."""
    at = as_utc(arrival.received_at).astimezone(local)
    words = (f"Received again at {at:%H:%M:%S %Z} on {spoken_date(at.date())}"
             f"{f' by {arrival.received_by}' if arrival.received_by.strip() else ''}"
             f"{f' ({arrival.how.strip()})' if arrival.how.strip() else ''}"
             f"{f' as {arrival.file_name}' if arrival.file_name else ''}"
             f"{f', described as “{arrival.description.strip()}”' if arrival.description.strip() else ''}"
             ": the same file (identical SHA-256)")
    if arrival.withdrawn_reference:
        words += f", first recorded as {arrival.withdrawn_reference}, a reference now withdrawn"
    return words + "."


def merge_words(merged: list[MergedExhibit]) -> str:
    """What a mend did, for the officer and the audit log: 'JS/2 merged into JS/1'."""
    return "; ".join(f"{m.withdrawn} merged into {m.kept}" for m in merged)


def next_reference(exhibits: list[Exhibit], initials: str) -> str:
    """The next free reference for the producer with these initials: JS/1, JS/2, … (each producer's own)."""
    prefix = initials.strip().upper()
    if not re.fullmatch(r"[A-Z]{1,4}", prefix):
        raise ValueError(f"Exhibit initials must be one to four letters, not {initials!r}.")
    numbers = [0]
    for exhibit in exhibits:
        match = _REFERENCE.match(exhibit.reference)
        if match and match[1] == prefix:
            numbers.append(int(match[2]))
    return f"{prefix}/{max(numbers) + 1}"


# Letters with no decomposition into a plain letter and a mark (Polish Ł, Danish Ø...), as police exhibit
# labels write them.
_PLAIN_LETTERS = str.maketrans({"Ł": "L", "Ø": "O", "Đ": "D", "Æ": "A", "Œ": "O", "Þ": "T", "ß": "S"})


def _plain_letters(word: str) -> str:
    spelled = unicodedata.normalize("NFKD", word.upper().translate(_PLAIN_LETTERS))
    return "".join(ch for ch in spelled if "A" <= ch <= "Z")


def producer_initials(name: str, officer_initials: str) -> str:
    """The initials a producer other than the officer labels exhibits with: first and last name's first
    letters in plain A-Z (Zofia Wiśniewska: ZW). Never the officer's own, so the two sets never mix: on a
    clash the surname gives further letters (Jane Smith beside PC Jo Sample, JS: JSM), and a name with no
    letters to use is "W", for witness."""
    words = [plain for plain in (_plain_letters(w) for w in name.split()) if plain]
    if not words:
        return "W" if officer_initials.strip().upper() != "W" else "WI"
    first, last = words[0], words[-1]
    initials = first[0] + (last[0] if len(words) > 1 else "")
    surname_letters = iter(last[1:] if len(words) > 1 else first[1:])
    while initials == officer_initials.strip().upper() and len(initials) < 4:
        initials += next(surname_letters, "X")
    return initials


def exhibit_with_digest(exhibits: list[Exhibit], sha256: str) -> Exhibit | None:
    """The exhibit already holding a file with this SHA-256, if any. The same bytes are one exhibit: a
    caller who sends a photo twice has sent one piece of evidence (and the records system refuses two
    exhibits with one digest)."""
    return next((exhibit for exhibit in exhibits if exhibit.sha256 == sha256), None)


def check_exhibit(exhibit: Exhibit, others: list[Exhibit]) -> list[str]:
    """Plain-words problems with an exhibit's record; empty when it is sound."""
    problems = []
    if not _REFERENCE.match(exhibit.reference):
        problems.append("An exhibit reference is its producer's initials and a number, like JS/1.")
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
