"""Signing over the call, for the case (casework/statement_signing.py): what each signer is sent, and what a
`statement_signed` event from the link service records."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from rvr_desktop.casework.call_events import apply_call_event
from rvr_desktop.casework.statement_signing import (
    declaration_for, interpreter_used, record_signature, signature_standing, standing_line, to_sign,
)
from rvr_desktop.documents.wording import shipped_wording
from rvr_desktop.training.specimen_cases import CaseBuilder
from rvr_desktop.workflow.outcome import Outcome, OutcomeKind
from rvr_desktop.workflow.signing import HOW_SIGNED, Signer, Standing
from rvr_desktop.workflow.steps import Step
from rvr_desktop.workflow.video import VideoEvent, VideoEventKind

AT = datetime(2026, 3, 6, 21, 50, tzinfo=UTC)


@pytest.fixture
def case(policy):
    case = CaseBuilder(policy).done_before(Step.STATEMENT, call_at=AT - timedelta(minutes=30))
    case.statement.narrative = "He came home at ten.\r\n\r\nHe pushed me against the door.  \r\n"
    case.intake.language = "Polish"
    return case


def _event(asked, role: str = "caller", request_id: str = "req-1", name: str = "Amira  Haddad") -> dict:
    return {"kind": "statement_signed", "role": role, "request_id": request_id, "name": name,
            "reference": "", "digest": asked.digest}


def test_the_witness_is_sent_the_statement_and_the_documents_own_declaration(case):
    asked = to_sign(case, Signer.WITNESS)
    assert asked is not None
    assert asked.statement == "He came home at ten.\n\nHe pushed me against the door."
    assert asked.declaration == shipped_wording().statement["declaration"]
    case.statement.narrative = "  \n "
    assert to_sign(case, Signer.WITNESS) is None  # nothing to sign yet


def test_the_interpreter_signs_their_own_declaration_naming_the_language(case):
    asked = to_sign(case, Signer.INTERPRETER)
    assert asked is not None and "Polish" in asked.declaration
    assert asked.declaration == declaration_for(case, Signer.INTERPRETER)
    assert asked.digest != to_sign(case, Signer.WITNESS).digest


def test_a_signature_from_the_call_is_kept_with_the_service_moment_and_stands_until_the_text_changes(case, policy):
    asked = to_sign(case, Signer.WITNESS)
    news = apply_call_event(case, policy, _event(asked), AT)
    assert news.case_changed and "signed the statement" in news.notice
    [signature] = case.statement.signatures
    assert (signature.name, signature.signed_at, signature.how, signature.digest) == (
        "Amira Haddad", AT, HOW_SIGNED, asked.digest)
    assert signature_standing(case, Signer.WITNESS)[0] is Standing.SIGNED
    assert standing_line(case, Signer.WITNESS, lambda at: "21:50").startswith("Signed by Amira Haddad, 21:50")

    case.statement.narrative += " Then he left."
    assert signature_standing(case, Signer.WITNESS)[0] is Standing.VOID
    assert standing_line(case, Signer.WITNESS, str) == (
        "Signature void: the statement changed after it was signed \u2014 ask her to sign again.")
    # Signed again for the new text, the new signature stands.
    apply_call_event(case, policy, _event(to_sign(case, Signer.WITNESS), request_id="req-2"), AT + timedelta(minutes=2))
    assert signature_standing(case, Signer.WITNESS)[0] is Standing.SIGNED


def test_the_same_answer_resent_by_the_stream_is_kept_once_and_junk_is_ignored(case, policy):
    asked = to_sign(case, Signer.WITNESS)
    apply_call_event(case, policy, _event(asked), AT)
    again = apply_call_event(case, policy, _event(asked), AT + timedelta(seconds=5))
    assert not again.case_changed and len(case.statement.signatures) == 1
    for junk in ({**_event(asked, request_id="r3"), "role": "officer"}, {**_event(asked, request_id="r4"), "name": "x"},
                 {**_event(asked, request_id="r5"), "digest": "abc"}):
        assert not apply_call_event(case, policy, junk, AT).case_changed
    assert len(case.statement.signatures) == 1


def test_a_signature_for_a_text_changed_while_she_was_asked_is_void_at_once_and_the_officer_told(case, policy):
    asked = to_sign(case, Signer.WITNESS)
    case.statement.narrative += " Edited after asking."
    notice = record_signature(case, _event(asked), AT)
    assert "Signature void" in notice
    assert signature_standing(case, Signer.WITNESS)[0] is Standing.VOID


def test_an_interpreter_joining_the_call_brings_their_declaration_and_a_closed_case_takes_no_signature(case, policy):
    assert not interpreter_used(case)
    case.video_events.append(VideoEvent(VideoEventKind.INTERPRETER_JOINED, AT))
    assert interpreter_used(case)
    case.outcome = Outcome(OutcomeKind.SUBMITTED, AT)
    assert record_signature(case, _event(to_sign(case, Signer.WITNESS)), AT) == ""
    assert case.statement.signatures == []
