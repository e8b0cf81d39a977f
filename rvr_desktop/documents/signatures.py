"""The statement's signatures and declarations, printed from what the case records (workflow/signing.py).

The maker's signature is the record of her typed name and confirmation on her own device (section 9 CJA
1967; CrimPR 16.2(d); CPS guidance on electronic signatures, cited in the wording's `signing.sources`),
printed only while it stands for the statement as it is now: unsigned or void, the document says plainly
"Not signed", with the reason the officer recorded when there is one (workflow/not_signed.py). The reader's declaration (CrimPR 16.2(c)) names the officer who read it to her; when the call
had an interpreter, their name, reference, language, declaration and own signature follow.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether

from rvr_desktop.casework.statement_signing import (
    declaration_for, interpreter_language, interpreter_used, signature_standing,
)
from rvr_desktop.workflow.not_signed import reason_given
from rvr_desktop.workflow.signing import Signer, Standing
from rvr_desktop.workflow.statement import ReadBackBy

from . import blocks
from .context import DocumentInput
from .script_text import ScriptText


def signatures_and_declarations(inp: DocumentInput) -> list[Flowable]:
    """The signatures block of the MG11: the maker's, the reader's declaration, and the interpreter's."""
    words = inp.wording.signing
    story = blocks.heading(words["heading"])
    story += _confirmed_by_maker(inp)
    story += _signature(inp, Signer.WITNESS, words["maker_signature"])
    if signature_standing(inp.case, Signer.WITNESS, inp.wording)[0] is Standing.SIGNED:
        story += blocks.body(words["digest_note"])
    story += blocks.plain_heading(words["reader_heading"])
    officer, read = inp.text(inp.officer.describe()), read_back(inp)
    if read is None:
        story += blocks.body(words["reader_not_read"])
    else:
        story += blocks.body(words.fill("reader", officer=officer, how=read[0], when=read[1]))
        story += blocks.body(words.fill("reader_signed", officer=officer))
    if interpreter_used(inp.case):
        _, signed = signature_standing(inp.case, Signer.INTERPRETER, inp.wording)
        story += blocks.plain_heading(words["interpreter_heading"])
        story += _labelled(words["interpreter"], signed.name if signed else words["not_given"])
        story += _labelled(words["interpreter_reference"],
                           signed.reference if signed and signed.reference else words["not_given"])
        story += _labelled(words["interpreter_language"], interpreter_language(inp.case, inp.wording))
        story += blocks.body(declaration_for(inp.case, Signer.INTERPRETER, inp.wording))
        story += _signature(inp, Signer.INTERPRETER, words["interpreter_signature"])
        if signature_standing(inp.case, Signer.INTERPRETER, inp.wording)[0] is Standing.SIGNED:
            story += blocks.body(words["interpreter_digest_note"])
    return story


def _confirmed_by_maker(inp: DocumentInput) -> list[Flowable]:
    # Her confirmation and her signature read as one record: who confirmed what, when it was read back, then
    # the signature itself. Unconfirmed, the declaration box carries the warning instead.
    statement, read = inp.case.statement, read_back(inp)
    if not statement.confirmed_true or read is None:
        return []
    return blocks.body(inp.wording.statement_taking.fill(
        "maker_confirmed", maker=inp.text(statement.maker_name or inp.case.intake.caller_name), how=read[0],
        when=read[1]))


def through_interpreter(inp: DocumentInput) -> str:
    """' through the interpreter, in Polish' when the call had an interpreter, else nothing: how it was read back."""
    if not interpreter_used(inp.case):
        return ""
    return inp.wording.statement_taking.fill("written_through", language=interpreter_language(inp.case, inp.wording))


def read_back(inp: DocumentInput) -> tuple[str, str] | None:
    """How the statement was read back ("over video") and when, from its start to its end; None if it was not."""
    statement = inp.case.statement
    if statement.read_back_by is None:
        return None
    how = inp.wording.statement["read_back_by_video" if statement.read_back_by is ReadBackBy.VIDEO
                                else "read_back_by_phone"]
    return how, inp.span(statement.read_back_started_at, statement.read_back_at)


def _labelled(label: str, value: str, *more: Flowable) -> list[Flowable]:
    # A label over its value, kept on one page: a signature line is never split from what it signs for.
    return [KeepTogether([ScriptText(label, blocks.styles().label), *blocks.body(value), *more])]


def _reason_printed(inp: DocumentInput, signer: Signer) -> str | None:
    """The recorded reason `signer` did not sign, as printed, while their signature does not stand."""
    why = reason_given(inp.case.statement, signer, inp.policy.not_signed)
    if why is None or signature_standing(inp.case, signer, inp.wording)[0] is Standing.SIGNED:
        return None
    return why.printed


def _signature(inp: DocumentInput, signer: Signer, label: str) -> list[Flowable]:
    """The signature line under `label`; a standing signature with its whole digest, monospaced in fixed groups,
    so anyone can check it against the text (a shortened digest could not be checked)."""
    words = inp.wording.signing
    state, signature = signature_standing(inp.case, signer, inp.wording)
    why = _reason_printed(inp, signer)
    if why is not None:  # the officer recorded why (policy/unsigned_statement.json)
        # One note for both signatures: printed under the first reason only.
        note = inp.case.statement.not_signed_note.strip()
        if signer is Signer.INTERPRETER and _reason_printed(inp, Signer.WITNESS) is not None:
            note = ""
        return _labelled(label, words.fill("not_signed_because", reason=why), *(blocks.body(inp.text(note)) if note
                                                                                else []))
    if signature is None or state is Standing.NOT_SIGNED:
        return _labelled(label, words["not_signed"])
    when = inp.when(signature.signed_at)
    if state is Standing.VOID:
        return _labelled(label, words.fill("void", when=when))
    return _labelled(label, words.fill("signed", name=signature.name, how=signature.how, when=when),
                     blocks.digest(signature.digest))
