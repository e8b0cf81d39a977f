"""Why a statement is not signed over the call: the reasons a force accepts, and what the statement step asks.

The statement step is done only when each signature the statement needs (hers, and the interpreter's when
one interpreted it) stands for the statement as it is now, or the officer has recorded why it is not signed
(`resources/policy/unsigned_statement.json`, each reason with its source: section 9 of the Criminal Justice
Act 1967, CrimPR 16.2(d), and the CPS's "Electronic Signatures and Statements Obtained Over the Telephone").
The MG11 then prints "Not signed:" and the reason in place of the signature, so a reviewing lawyer never meets
a blank where a signature should be, and never a signature over a text she did not see.

Whether a signature stands is decided on the case alone: a signature records the declaration it was signed
with, and stands for the narrative when its digest is that of the narrative now and that declaration
(`signing.stands_for`). Pure: no Qt, no network, no database.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .policy_files import read_policy_file
from .signing import Signer, StatementSignature, latest, stands_for
from .statement import StatementDetails
from .video import VideoEventKind

if TYPE_CHECKING:
    from .case import Case


@dataclass(frozen=True)
class NotSignedReason:
    """One reason a signature was not given over the call: `label` for the officer, `printed` for the MG11."""

    key: str
    label: str
    printed: str
    source: str


@dataclass(frozen=True)
class NotSignedReasons:
    """The reasons a force accepts, and how the statement step asks for a signature or a reason."""

    reasons: tuple[NotSignedReason, ...]
    step_needs_witness: str
    step_needs_interpreter: str

    def get(self, key: str) -> NotSignedReason | None:
        return next((reason for reason in self.reasons if reason.key == key), None)


def load_not_signed_reasons(path: Path) -> NotSignedReasons:
    """Read and check `policy/unsigned_statement.json`; a broken file stops with a `PolicyFileError`."""
    fields = read_policy_file(path)
    reasons = []
    for entry in fields.sections("reasons", at_least=1):
        reasons.append(NotSignedReason(entry.text("key"), entry.text("label"), entry.text("printed"),
                                       entry.text("source")))
        entry.finish()
    keys = [reason.key for reason in reasons]
    repeated = sorted({key for key in keys if keys.count(key) > 1})
    if repeated:
        raise fields.error("reasons", f"each reason needs its own key; repeated: {repeated}")
    words = fields.section("words")
    loaded = NotSignedReasons(tuple(reasons), words.text("step_needs_witness"), words.text("step_needs_interpreter"))
    words.finish()
    fields.finish()
    return loaded


def reason_given(statement: StatementDetails, signer: Signer, reasons: NotSignedReasons) -> NotSignedReason | None:
    """The reason the officer recorded for `signer` not signing, if it is one the force accepts."""
    key = statement.interpreter_not_signed_reason if signer is Signer.INTERPRETER else statement.not_signed_reason
    return reasons.get(key) if key else None


def interpreter_used(case: Case) -> bool:
    """The call records an interpreter joining, or an interpreter has signed: their declaration is needed."""
    return (any(e.kind is VideoEventKind.INTERPRETER_JOINED for e in case.video_events)
            or latest(case.statement.signatures, Signer.INTERPRETER) is not None)


def signing_gaps(case: Case, reasons: NotSignedReasons) -> list[str]:
    """What the statement step still needs of its signatures: for each signer the statement needs, a signature
    standing for the narrative as it is now, or a recorded reason it is not signed."""
    statement = case.statement
    if statement.not_taken_reason.strip() or not statement.narrative.strip():
        return []  # no statement, or nothing yet to sign (the narrative is asked for on its own)
    needed = [(Signer.WITNESS, reasons.step_needs_witness)]
    if interpreter_used(case):
        needed.append((Signer.INTERPRETER, reasons.step_needs_interpreter))
    return [what for signer, what in needed
            if not _stands(case, latest(statement.signatures, signer)) and reason_given(statement, signer, reasons) is None]


def _stands(case: Case, signature: StatementSignature | None) -> bool:
    # An interpreter's declaration names the language: corrected since, the MG11 prints another declaration.
    if signature is not None and signature.signer is Signer.INTERPRETER \
            and signature.language != case.intake.language.strip():
        return False
    return stands_for(signature, case.statement.narrative)
