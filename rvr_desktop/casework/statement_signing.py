"""Signing the statement over the call, for the case: what each signer is sent, and what their answer records.

The witness signs the narrative with the section 9 declaration (the statement wording's `declaration`, the
same text the MG11 prints); an interpreter signs the narrative with the interpreter's declaration, naming
the language the case records. Both texts are made here, once, so what the phone shows, what the digest
covers and what the document prints cannot drift apart. A signature arriving from the link service is
recorded with the service's moment on the case clock; whether it still stands is decided every time it is
asked (`workflow.signing.standing`), so an edit after signing voids it. No Qt, no network, no database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from rvr_desktop.workflow.case import Case
from rvr_desktop.workflow.not_signed import interpreter_used as interpreter_used  # the rule is the step's own
from rvr_desktop.workflow.signing import (
    HOW_SIGNED, HOW_SIGNED_BY_INTERPRETER, VOID_MESSAGE, Signer, Standing, StatementSignature, latest, normalised,
    standing, text_digest, typed_name,
)
from rvr_desktop.workflow.times import as_utc

if TYPE_CHECKING:
    from rvr_desktop.documents.wording import Wording

ASK_FIRST = "Write the statement first: there is nothing for her to sign yet."


@dataclass(frozen=True)
class ToSign:
    """What one signer's page is sent: the statement and the declaration, as they are signed."""

    signer: Signer
    statement: str
    declaration: str

    @property
    def digest(self) -> str:
        return text_digest(self.statement, self.declaration)


def _words(wording: Wording | None) -> Wording:
    if wording is not None:
        return wording
    # Loaded when first needed: the documents package brings reportlab, which following a call does not need.
    from rvr_desktop.documents.wording import shipped_wording

    return shipped_wording()


def interpreter_language(case: Case, wording: Wording | None = None) -> str:
    words = _words(wording).common
    return case.intake.language.strip() or words["not_recorded"]


def declaration_for(case: Case, signer: Signer, wording: Wording | None = None) -> str:
    """The declaration `signer` signs beneath the statement."""
    wording = _words(wording)
    if signer is Signer.INTERPRETER:
        return wording.signing.fill("interpreter_declaration", language=interpreter_language(case, wording))
    return wording.statement["declaration"]


def to_sign(case: Case, signer: Signer, wording: Wording | None = None) -> ToSign | None:
    """What `signer` is asked to sign now; None while there is no statement to sign."""
    narrative = normalised(case.statement.narrative)
    if not narrative:
        return None
    return ToSign(signer, narrative, normalised(declaration_for(case, signer, wording)))


def signature_standing(case: Case, signer: Signer, wording: Wording | None = None
                       ) -> tuple[Standing, StatementSignature | None]:
    """Whether `signer`'s latest signature stands for the statement as it is now, and that signature."""
    signature = latest(case.statement.signatures, signer)
    return standing(signature, case.statement.narrative, declaration_for(case, signer, wording)), signature


def record_signature(case: Case, event: dict, at: datetime, wording: Wording | None = None) -> str:
    """Keep a `statement_signed` event from the link service on the case; what to tell the officer ("" for an
    event already kept or not a signature at all)."""
    if case.outcome is not None:
        return ""  # an ended case stands as it was sent or handed on
    try:
        signer = Signer(event.get("role"))
    except ValueError:
        return ""
    name, digest, request_id = typed_name(event.get("name")), event.get("digest"), str(event.get("request_id", ""))
    if name is None or not isinstance(digest, str) or len(digest) != 64:
        return ""
    if request_id and any(s.request_id == request_id for s in case.statement.signatures):
        return ""  # the stream resent it after a reconnect
    reference = event.get("reference") if isinstance(event.get("reference"), str) else ""
    _keep(case, signer, name, as_utc(at), digest, str(reference), request_id, wording)
    who = "The interpreter" if signer is Signer.INTERPRETER else "The witness"
    if signature_standing(case, signer, wording)[0] is Standing.VOID:
        return f"{who} signed, as {name}, a statement that has changed since: {VOID_MESSAGE}"
    return f"{who} signed the statement on their own device, as {name}."


def _keep(case: Case, signer: Signer, name: str, at: datetime, digest: str, reference: str, request_id: str,
          wording: Wording | None) -> StatementSignature:
    how = HOW_SIGNED_BY_INTERPRETER if signer is Signer.INTERPRETER else HOW_SIGNED
    # The declaration she was sent now: had it changed since asking, her digest no longer matches, and the
    # signature is void from the start.
    declaration = normalised(declaration_for(case, signer, wording))
    language = case.intake.language.strip() if signer is Signer.INTERPRETER else ""
    signature = StatementSignature(signer, name, at, how, digest, " ".join(reference.split()), request_id, declaration,
                                   language)
    case.statement.signatures.append(signature)
    return signature


def signed_as_shown(case: Case, signer: Signer, name: str, at: datetime, reference: str = "", request_id: str = "",
                    wording: Wording | None = None) -> StatementSignature:
    """Keep a signature for the statement exactly as it is now, as if `signer` had signed it on their page: for
    the specimen and the training walks, which have no phone to sign on."""
    asked = to_sign(case, signer, wording)
    if asked is None:
        raise ValueError("there is no statement to sign")
    return _keep(case, signer, name, as_utc(at), asked.digest, reference, request_id, wording)


def standing_line(case: Case, signer: Signer, when, wording: Wording | None = None) -> str:
    """One line for the officer's page: signed (by whom, when), void, or not signed. `when` writes a moment."""
    state, signature = signature_standing(case, signer, wording)
    if state is Standing.SIGNED and signature is not None:
        return f"Signed by {signature.name}, {when(signature.signed_at)}, on their own device over the call."
    if state is Standing.VOID:
        return VOID_MESSAGE if signer is Signer.WITNESS else VOID_MESSAGE.replace("ask her", "ask the interpreter")
    return "Not signed yet."
