"""Escalating mid-call: a reason on one key first, details added afterwards."""

from __future__ import annotations

from datetime import timedelta

from rvr_desktop.training.specimen_cases import CALL_AT
from rvr_desktop.workflow import actions
from rvr_desktop.workflow.case import new_case
from rvr_desktop.workflow.escalation_reasons import ESCALATION_REASONS
from rvr_desktop.workflow.outcome import OutcomeKind
from rvr_desktop.workflow.safety import ALL_QUESTIONS, GATE_QUESTIONS

AT = CALL_AT + timedelta(minutes=12)


def test_every_gate_question_has_a_reason_and_each_reason_its_own_key():
    covered = {key for reason in ESCALATION_REASONS for key in reason.gate_questions}
    assert covered == {question.key for question in GATE_QUESTIONS}
    assert all(key in ALL_QUESTIONS for key in covered)
    keys = [reason.key for reason in ESCALATION_REASONS]
    assert len(set(keys)) == len(keys) and all(len(key) == 1 and key.isdigit() for key in keys)
    assert len({reason.words for reason in ESCALATION_REASONS}) == len(ESCALATION_REASONS)


def test_details_typed_after_escalating_are_added_to_the_reason(policy):
    case = new_case(policy, CALL_AT)
    assert actions.escalate(case, ESCALATION_REASONS[0].words, AT) is None
    assert actions.add_escalation_details(case, "  He is at the front door, shouting.  ") is None
    assert case.outcome.reason == "The suspect is back, or on the way. Details: He is at the front door, shouting."
    assert actions.add_escalation_details(case, "Two children upstairs") is None
    assert case.outcome.reason.endswith("shouting. Details: Two children upstairs")
    assert (case.outcome.kind, case.outcome.at) == (OutcomeKind.ESCALATED, AT)


def test_details_need_an_escalated_case_and_words(policy):
    case = new_case(policy, CALL_AT)
    assert "Only an escalated case" in actions.add_escalation_details(case, "anything")
    assert case.outcome is None
    actions.mark_caller_unreachable(case, "No answer", AT)
    assert "Only an escalated case" in actions.add_escalation_details(case, "anything")
    assert case.outcome.reason == "No answer"
    escalated = new_case(policy, CALL_AT)
    actions.escalate(escalated, "The caller is in danger now", AT)
    assert "Type the details first" in actions.add_escalation_details(escalated, "   ")
    assert escalated.outcome.reason == "The caller is in danger now"
