"""The MG11's signatures, read back from the PDF: the maker's typed-name signature with the digest of exactly
the text printed, "Not signed" once the text changes, the reader's declaration and the interpreter's."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

from pdf_reading import flat, pages

from rvr_desktop.casework.statement_signing import to_sign
from rvr_desktop.documents.statement import witness_statement
from rvr_desktop.workflow.signing import HOW_SIGNED, Signer, StatementSignature, signed_text
from rvr_desktop.workflow.video import VideoEventKind


def _text(inp) -> str:
    return flat("\n".join(page for page in pages(witness_statement(inp)) if "Restricted page" not in page))


def _signed_part(text: str) -> str:
    return text[text.index("Signature of the maker"):text.index("How the statement was taken")]


def _body(page: str) -> str:
    """A page's text without its running header (marking, title, reference) and footer (page number on)."""
    lines = page.split("\n")[4:]
    footer = max(i for i, line in enumerate(lines) if re.fullmatch(r"Page \d+ of \d+", line))
    return "\n".join(lines[:footer]).strip("\n")


def test_the_signature_is_the_typed_name_record_and_its_digest_is_of_the_text_printed(inp):
    pdf_pages = [page for page in pages(witness_statement(inp)) if "Restricted page" not in page]
    text = flat("\n".join(pdf_pages))
    [witness] = [s for s in inp.case.statement.signatures if s.signer is Signer.WITNESS]
    # The text the digest was made of (the signed text, as the phone was sent it) is, word for word, what the
    # document prints as the statement and the declaration: pdftotext wraps lines, so compare word runs.
    asked = to_sign(inp.case, Signer.WITNESS)
    assert asked is not None
    signed = signed_text(asked.statement, asked.declaration)
    assert hashlib.sha256(signed.encode("utf-8")).hexdigest() == witness.digest
    body = flat("\n".join(_body(page) for page in pdf_pages))
    start = body.index(" Statement ", body.index("Declaration")) + len(" Statement ")
    assert body[start:body.index(" End of statement.")] == flat(asked.statement)
    assert flat(asked.declaration) in body[:start]
    shown = re.search(r"Signed: Zofia Wiśniewska, by typed name and confirmation on her own device over the video "
                      r"call, Tuesday 11 November 2025 at 14:52\. SHA-256 of the text signed: ((?:[0-9a-f]{8} ?){8})",
                      flat(text))
    assert shown is not None, _signed_part(text)
    # The whole digest, in eight groups of eight, so it can be checked against the text.
    assert shown.group(1).strip() == " ".join(witness.digest[i:i + 8] for i in range(0, 64, 8))


def test_a_statement_changed_after_signing_prints_not_signed(inp):
    inp.case.statement.narrative = inp.case.statement.narrative.replace("163 messages", "many messages")
    part = _signed_part(_text(inp))
    assert part.startswith("Signature of the maker Not signed (a signature given Tuesday 11 November 2025 at 14:52 is "
                           "void: the statement changed after it was signed)")
    assert "Signed: Zofia" not in part and "digest" not in part.split("Declaration of the person")[0]


def test_never_signed_says_so_plainly(inp):
    inp.case.statement.signatures.clear()
    part = _signed_part(_text(inp))
    assert part.startswith("Signature of the maker Not signed Declaration of the person who read")
    assert "Signature of the interpreter Not signed" in part and "Interpreter not given" in part


def test_the_reader_declaration_names_the_officer_who_read_it_to_her(inp):
    part = _signed_part(_text(inp))
    assert ("I, PC 9999 Jo Sample, read this statement to the maker over video on Tuesday 11 November 2025 "
            "from 14:39 to 14:51.") in part
    assert "Signed: PC 9999 Jo Sample, the officer taking the statement" in part
    inp.case.statement.read_back_by = None
    assert "The statement is not recorded as read to the maker." in _signed_part(_text(inp))


def test_the_interpreter_appears_with_their_reference_language_declaration_and_own_signature(inp):
    part = _signed_part(_text(inp))
    assert "Interpreter's declaration Interpreter Ewa Specimen Interpreter's reference INT-0000 Language Polish" in part
    assert "I interpreted this statement to the maker in Polish" in part
    assert re.search(r"Signature of the interpreter Signed: Ewa Specimen, by typed name and confirmation on their own "
                     r"device over the video call, Tuesday 11 November 2025 at 14:53\. SHA-256 of the text signed: "
                     r"[0-9a-f]{8} ", part)


def test_no_interpreter_no_interpreter_block(inp):
    case = inp.case
    case.video_events = [e for e in case.video_events if e.kind is not VideoEventKind.INTERPRETER_JOINED]
    case.statement.signatures = [s for s in case.statement.signatures if s.signer is Signer.WITNESS]
    assert "Interpreter's declaration" not in _text(inp)
    # An interpreter who signed is printed even when the call's events do not show them joining.
    asked = to_sign(case, Signer.INTERPRETER)
    assert asked is not None
    case.statement.signatures.append(StatementSignature(Signer.INTERPRETER, "Jan Tlumacz", case.created_at
                                                        + timedelta(hours=1), HOW_SIGNED, asked.digest))
    assert "Interpreter Jan Tlumacz" in _text(inp)


def test_a_reason_recorded_for_not_signing_is_printed_in_place_of_the_signature(inp):
    statement = inp.case.statement
    statement.signatures.clear()
    statement.not_signed_reason, statement.interpreter_not_signed_reason = "in_person", "unable_over_call"
    statement.not_signed_note = "To be signed at the station on Friday."
    part = _signed_part(_text(inp))
    assert part.startswith("Signature of the maker Not signed: to be signed in person, on a printed copy of this "
                           "text To be signed at the station on Friday. Declaration of the person who read")
    last = ("Signature of the interpreter Not signed: could not be signed on the signer's own device over this call; "
            "to be signed by another method the CPS accepts")
    # Last in the signatures (a page's running foot and head may follow it before the next heading).
    assert last in part and "Signed" not in part[part.index(last) + len(last):]
    assert part.count("To be signed at the station on Friday.") == 1  # one note, under the first reason
    # A signature that stands is printed, whatever reason was chosen before she signed.
    statement.signatures.clear()
    from rvr_desktop.casework.statement_signing import signed_as_shown

    signed_as_shown(inp.case, Signer.WITNESS, "Zofia Wiśniewska", inp.case.created_at + timedelta(hours=1))
    part = _signed_part(_text(inp))
    assert part.startswith("Signature of the maker Signed: Zofia Wiśniewska") and "in person" not in part.split(
        "Declaration of the person")[0]
