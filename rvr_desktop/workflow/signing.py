"""The witness's (and an interpreter's) signature on the statement, given on their own device over the call.

Section 9 of the Criminal Justice Act 1967 asks for a statement that purports to be signed by its maker, and
CrimPR 16.2(d) for the witness's signature; neither asks for ink. The CPS's legal guidance "Electronic
Signatures and Statements Obtained Over the Telephone" (cps.gov.uk/legal-guidance/electronic-signatures-and-
statements-obtained-over-telephone, updated 3 February 2023) lists the forms it accepts, among them a typed
name and an "I accept" style confirmation. So the signature taken here is the name she types on her own phone
and her tap on "I sign this statement", with a record of who, when and how, and the SHA-256 of exactly what
she was shown.

What is signed is the statement's narrative followed by the declaration, normalised by `signed_text` so that
nothing a reader could not see (line-ending style, spaces at a line's end, blank lines at either end, Unicode
composed or decomposed) changes the digest, and everything a reader could see does. Any change to either
after signing voids the signature: `standing` compares the digest kept with the one of the text as it is now,
every time it is asked, so no stored flag can say "signed" over a changed text.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

# How the signature was given, as the document prints it (CPS guidance: a typed name and a confirmation).
HOW_SIGNED = "typed name and confirmation on her own device over the video call"
HOW_SIGNED_BY_INTERPRETER = "typed name and confirmation on their own device over the video call"
# Between the narrative and the declaration in the signed text: the link service and the caller's page
# join the two parts the same way (linkservice/signing.py, caller-page/signing.js).
PART_BREAK = "\n\n"
NAME_MAX = 200


class Signer(Enum):
    """Who signs: the statement's maker, or the interpreter who interpreted it to them (by their call role)."""

    WITNESS = "caller"
    INTERPRETER = "interpreter"


class Standing(Enum):
    SIGNED = "signed"
    VOID = "void"  # signed, but the text has changed since
    NOT_SIGNED = "not_signed"


VOID_MESSAGE = "Signature void: the statement changed after it was signed \u2014 ask her to sign again."


@dataclass
class StatementSignature:
    """One signature on the statement: the typed name, when (case clock), how, and the digest of what was signed.

    `reference` is what an interpreter gives besides their name (their register number, say); `request_id`
    is the link service's request it answered, kept so the same answer is never recorded twice; `declaration`
    is the declaration it was given under, as signed, so the case alone says whether it still stands for the
    narrative (`stands_for`). Signatures kept before it was recorded have none, and are asked for again.
    `language` is, for an interpreter's, the language the case recorded when they signed: their declaration
    names it, so a language corrected afterwards leaves the signature standing for nothing.
    """

    signer: Signer
    name: str
    signed_at: datetime
    how: str
    digest: str
    reference: str = ""
    request_id: str = ""
    declaration: str = ""
    language: str = ""


def normalised(text: str) -> str:
    """`text` as it is signed and hashed: composed Unicode (NFC), \\n line endings, no spaces at line ends, no
    blank lines at either end. Nothing else changes: words, spacing within a line and blank lines between
    paragraphs are signed as typed."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def signed_text(narrative: str, declaration: str) -> str:
    """The exact text a signer is shown and signs: the narrative, a blank line, the declaration."""
    return normalised(narrative) + PART_BREAK + normalised(declaration)


def text_digest(narrative: str, declaration: str) -> str:
    """The SHA-256 (hex) of `signed_text`, over its UTF-8 bytes."""
    return hashlib.sha256(signed_text(narrative, declaration).encode("utf-8")).hexdigest()


def latest(signatures: list[StatementSignature], signer: Signer) -> StatementSignature | None:
    """The most recent signature by `signer`: a new one after a change replaces the void one."""
    theirs = [s for s in signatures if s.signer is signer]
    return max(theirs, key=lambda s: s.signed_at) if theirs else None


def standing(signature: StatementSignature | None, narrative: str, declaration: str) -> Standing:
    """Whether `signature` stands for the text as it is now."""
    if signature is None:
        return Standing.NOT_SIGNED
    return Standing.SIGNED if signature.digest == text_digest(narrative, declaration) else Standing.VOID


def stands_for(signature: StatementSignature | None, narrative: str) -> bool:
    """Whether `signature` stands for `narrative` as it is now, under the declaration it was signed with."""
    return (signature is not None and bool(signature.declaration)
            and signature.digest == text_digest(narrative, signature.declaration))


def typed_name(value: object) -> str | None:
    """A signer's typed name, tidied (inner runs of spaces to one); None when it is not a name at all."""
    if not isinstance(value, str):
        return None
    name = " ".join(value.split())
    return name if 2 <= len(name) <= NAME_MAX else None
