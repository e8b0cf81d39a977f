"""The Statement step is done only when her signature (and an interpreter's, when one interpreted) stands for the
statement as it is now, or the officer has recorded why it is not signed (policy/unsigned_statement.json)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from rvr_desktop.casework.statement_signing import signed_as_shown
from rvr_desktop.training.specimen_cases import CaseBuilder
from rvr_desktop.workflow.not_signed import load_not_signed_reasons, signing_gaps
from rvr_desktop.workflow.policy_files import PolicyFileError
from rvr_desktop.workflow.shipped_files import default_resources_dir
from rvr_desktop.workflow.signing import Signer
from rvr_desktop.workflow.steps import Step, StepState, step_statuses
from rvr_desktop.workflow.video import VideoEvent, VideoEventKind

HERS = "her signature for the statement as it is now, or why it is not signed"
THEIRS = "the interpreter's signature for the statement as it is now, or why it is not signed"


@pytest.fixture
def case(policy):
    case = CaseBuilder(policy).done_before(Step.REVIEW)
    case.statement.signatures.clear()
    return case


def _statement_step(case, policy):
    return next(s for s in step_statuses(case, policy) if s.step is Step.STATEMENT)


def test_without_her_signature_or_a_reason_the_step_is_not_done(case, policy):
    assert signing_gaps(case, policy.not_signed) == [HERS]
    status = _statement_step(case, policy)
    assert status.state is StepState.IN_PROGRESS and HERS in status.reason


def test_her_signature_for_the_text_as_it_is_now_does_it_and_an_edit_undoes_it(case, policy):
    signed_as_shown(case, Signer.WITNESS, "Amira Haddad", case.created_at + timedelta(minutes=45))
    assert _statement_step(case, policy).state is StepState.DONE
    case.statement.narrative += " Then he left."
    assert signing_gaps(case, policy.not_signed) == [HERS]
    case.statement.narrative = case.statement.narrative.removesuffix(" Then he left.") + "  \n"
    assert signing_gaps(case, policy.not_signed) == []  # nothing a reader could see has changed


def test_a_signature_kept_without_its_declaration_is_asked_for_again(case, policy):
    signature = signed_as_shown(case, Signer.WITNESS, "Amira Haddad", case.created_at + timedelta(minutes=45))
    case.statement.signatures[-1] = replace(signature, declaration="")  # a draft saved before it was recorded
    assert signing_gaps(case, policy.not_signed) == [HERS]


def test_a_reason_the_force_accepts_does_it_and_one_it_does_not_know_does_not(case, policy):
    case.statement.not_signed_reason = "declined"
    assert _statement_step(case, policy).state is StepState.DONE
    case.statement.not_signed_reason = "because"
    assert signing_gaps(case, policy.not_signed) == [HERS]


def test_an_interpreter_who_joined_signs_too_or_the_reason_is_recorded(case, policy):
    case.video_events.append(VideoEvent(VideoEventKind.INTERPRETER_JOINED, case.created_at + timedelta(minutes=5)))
    signed_as_shown(case, Signer.WITNESS, "Amira Haddad", case.created_at + timedelta(minutes=45))
    assert signing_gaps(case, policy.not_signed) == [THEIRS]
    case.statement.interpreter_not_signed_reason = "paper_later"
    assert _statement_step(case, policy).state is StepState.DONE
    case.statement.interpreter_not_signed_reason = ""
    signed_as_shown(case, Signer.INTERPRETER, "Ewa Nowak", case.created_at + timedelta(minutes=46), "NRPSI 1")
    assert signing_gaps(case, policy.not_signed) == []


def test_the_language_corrected_after_the_interpreter_signed_asks_them_again_as_the_mg11_says(case, policy):
    from rvr_desktop.casework.statement_signing import signature_standing
    from rvr_desktop.workflow.signing import Standing

    case.video_events.append(VideoEvent(VideoEventKind.INTERPRETER_JOINED, case.created_at + timedelta(minutes=5)))
    case.intake.language = "Polish"
    signed_as_shown(case, Signer.WITNESS, "Amira Haddad", case.created_at + timedelta(minutes=45))
    signed_as_shown(case, Signer.INTERPRETER, "Ewa Nowak", case.created_at + timedelta(minutes=46), "NRPSI 1")
    assert signing_gaps(case, policy.not_signed) == []
    case.intake.language = "Slovak"  # the officer corrects it: the declaration they signed named Polish
    assert signing_gaps(case, policy.not_signed) == [THEIRS]
    assert signature_standing(case, Signer.INTERPRETER)[0] is Standing.VOID  # the document agrees


def test_no_statement_taken_needs_no_signature(case, policy):
    case.statement.narrative = ""
    case.statement.not_taken_reason = "She chose not to make a statement today."
    assert signing_gaps(case, policy.not_signed) == []


def test_every_reason_cites_its_source_and_a_repeated_key_is_refused(tmp_path):
    shipped = default_resources_dir() / "policy" / "unsigned_statement.json"
    reasons = load_not_signed_reasons(shipped)
    assert {r.key for r in reasons.reasons} == {"declined", "in_person", "paper_later", "unable_over_call"}
    assert all("CPS" in r.source or "CrimPR" in r.source for r in reasons.reasons)
    broken = tmp_path / "unsigned_statement.json"
    broken.write_text(shipped.read_text(encoding="utf-8").replace('"key": "in_person"', '"key": "declined"'))
    with pytest.raises(PolicyFileError, match="repeated: \\['declined'\\]"):
        load_not_signed_reasons(broken)
