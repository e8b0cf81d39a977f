"""The statement's signature as a record (workflow/signing.py): what is signed, its digest, and that any change
to the text after signing voids it."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from rvr_desktop.workflow.case import Case
from rvr_desktop.workflow.signing import (
    HOW_SIGNED, Signer, Standing, StatementSignature, latest, normalised, signed_text, standing,
    text_digest, typed_name,
)

AT = datetime(2026, 3, 6, 21, 50, tzinfo=UTC)
DECLARATION = "This statement is true to the best of my knowledge and belief."
NARRATIVE = "He came home at ten.\n\nHe pushed me against the door."


def _signed(narrative: str = NARRATIVE, at: datetime = AT, signer: Signer = Signer.WITNESS) -> StatementSignature:
    return StatementSignature(signer, "Amira Haddad", at, HOW_SIGNED, text_digest(narrative, DECLARATION))


def test_what_is_signed_is_the_narrative_a_blank_line_and_the_declaration_hashed_as_utf8():
    text = signed_text(NARRATIVE, DECLARATION)
    assert text == NARRATIVE + "\n\n" + DECLARATION
    assert text_digest(NARRATIVE, DECLARATION) == hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_only_what_a_reader_cannot_see_is_normalised():
    # Windows line endings, spaces at a line's end, blank lines at either end, decomposed accents: the same text.
    messy = "\r\n\r\nHe came home at ten.   \r\n\r\nHe pushed me against the door.\r\n\r\n"
    assert normalised(messy) == NARRATIVE
    assert text_digest("Zo\u0065\u0301", DECLARATION) == text_digest("Zo\u00e9", DECLARATION)
    # A word, a comma, a space inside a line or a paragraph break is a change.
    for changed in (NARRATIVE.replace("ten", "eleven"), NARRATIVE.replace("ten.", "ten,"),
                    NARRATIVE.replace("came home", "came  home"), NARRATIVE.replace("\n\n", "\n")):
        assert text_digest(changed, DECLARATION) != text_digest(NARRATIVE, DECLARATION), changed


def test_a_signature_stands_only_for_the_text_it_was_given_for():
    signature = _signed()
    assert standing(signature, NARRATIVE + "  \n", DECLARATION) is Standing.SIGNED
    assert standing(signature, NARRATIVE.replace("door", "wall"), DECLARATION) is Standing.VOID
    assert standing(signature, NARRATIVE, DECLARATION + " Changed.") is Standing.VOID
    assert standing(None, NARRATIVE, DECLARATION) is Standing.NOT_SIGNED


def test_signing_again_after_a_change_replaces_the_void_signature_and_each_signer_has_their_own():
    first, again = _signed(), _signed(NARRATIVE + " Then he left.", AT + timedelta(minutes=3))
    interpreter = _signed(signer=Signer.INTERPRETER, at=AT + timedelta(minutes=5))
    signatures = [again, first, interpreter]
    assert latest(signatures, Signer.WITNESS) is again
    assert latest(signatures, Signer.INTERPRETER) is interpreter
    assert latest([], Signer.WITNESS) is None


def test_a_typed_name_is_tidied_and_a_non_name_refused():
    assert typed_name("  Amira   H.  Haddad ") == "Amira H. Haddad"
    assert typed_name("A") is None and typed_name("") is None and typed_name(42) is None and typed_name("x" * 201) is None


def test_signatures_are_kept_with_the_case_and_come_back_the_same():
    case = Case(created_at=AT)
    case.statement.narrative = NARRATIVE
    case.statement.signatures.append(_signed())
    again = Case.from_dict(case.to_dict())
    assert again.statement.signatures == case.statement.signatures
    # A case stored before signatures existed opens with none.
    stored = case.to_dict()
    del stored["statement"]["signatures"]
    assert Case.from_dict(stored).statement.signatures == []
