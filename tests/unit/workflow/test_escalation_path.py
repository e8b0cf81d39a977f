"""An escalated case has a path: where it stopped, the checklist, the note, and the record that is submitted."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from rvr_desktop.training.specimen_cases import CALL_AT, CaseBuilder
from rvr_desktop.workflow import actions
from rvr_desktop.workflow.answers import Answer
from rvr_desktop.workflow.case import Case
from rvr_desktop.workflow.escalation import is_submitted, load_escalation_checklist, risk_answers_for_attending
from rvr_desktop.workflow.outcome import OutcomeKind
from rvr_desktop.workflow.policy_files import PolicyFileError
from rvr_desktop.workflow.shipped_files import default_resources_dir
from rvr_desktop.workflow.steps import Step, StepState, status_of, step_statuses

LATER = CALL_AT + timedelta(minutes=5)


def _escalated_at_the_safety_check(build: CaseBuilder, policy) -> Case:
    case = build.done_before(Step.SAFETY)
    actions.record_safety_answer(case, policy, "suspect_present", Answer.YES, CALL_AT, note="He is downstairs.")
    return case


def _tick_required(case: Case, policy) -> None:
    for item in policy.escalation.items:
        if item.required:
            actions.record_escalation_step(case, policy, item.key, True, LATER)


def test_an_unsafe_answer_shows_the_safety_step_escalated_never_done(build: CaseBuilder, policy):
    case = _escalated_at_the_safety_check(build, policy)
    safety = status_of(case, policy, Step.SAFETY)
    assert safety.state is StepState.ESCALATED and safety.state is not StepState.DONE
    assert "He is downstairs." in safety.reason and "Review and submit" in safety.reason
    # The reason is told once, where the path stopped; the closed steps say only where to go next.
    for status in step_statuses(case, policy):
        if status.step not in (Step.SAFETY, Step.INTAKE, Step.REVIEW):
            assert status.state is StepState.BLOCKED and "He is downstairs." not in status.reason
            assert "Review and submit" in status.reason
    review = status_of(case, policy, Step.REVIEW)
    assert review.can_enter and "checklist" in review.reason


def test_a_case_escalated_with_every_step_done_shows_the_review_step_escalated(build: CaseBuilder, policy):
    case = build.done_before(Step.REVIEW)
    actions.escalate(case, "Suspect came back as she signed the statement.", CALL_AT)
    states = [status.state for status in step_statuses(case, policy)]
    assert states.count(StepState.ESCALATED) == 1 and states[-1] is StepState.ESCALATED


def test_the_checklist_keeps_when_each_item_was_done(build: CaseBuilder, policy):
    case = _escalated_at_the_safety_check(build, policy)
    actions.record_escalation_step(case, policy, "cad_updated", True, LATER)
    actions.record_escalation_step(case, policy, "cad_updated", True, LATER + timedelta(minutes=1))
    assert [(tick.item, tick.at) for tick in case.escalation.ticks] == [("cad_updated", LATER)]
    actions.record_escalation_step(case, policy, "cad_updated", False, LATER)
    assert case.escalation.ticks == []
    with pytest.raises(KeyError):
        actions.record_escalation_step(case, policy, "made_tea", True, LATER)


def test_the_checklist_and_note_belong_to_an_escalated_case_only(build: CaseBuilder, policy):
    case = build.done_before(Step.ACCOUNT)
    with pytest.raises(actions.StepBlocked):
        actions.record_escalation_step(case, policy, "cad_updated", True, LATER)
    with pytest.raises(actions.StepBlocked):
        actions.write_note_for_attending(case, policy, "Two children upstairs.")


def test_the_escalation_record_goes_once_the_required_items_are_done_and_is_then_read_only(build: CaseBuilder,
                                                                                          policy):
    case = _escalated_at_the_safety_check(build, policy)
    actions.write_note_for_attending(case, policy, "Two children upstairs; he has a knife in the kitchen.")
    problem = actions.why_not_submit(case, policy)
    assert problem is not None and "CAD updated" in problem and "Stay on the line" not in problem  # only if safe
    _tick_required(case, policy)
    assert actions.why_not_submit(case, policy) is None
    assert actions.submit_case(case, policy, LATER) is None
    assert case.outcome.kind is OutcomeKind.ESCALATED  # it stays an escalation
    assert is_submitted(case)
    assert all(not status.can_enter for status in step_statuses(case, policy))
    assert status_of(case, policy, Step.REVIEW).state is StepState.DONE
    with pytest.raises(actions.StepBlocked):
        actions.write_note_for_attending(case, policy, "changed afterwards")
    reason = case.outcome.reason
    assert "submitted" in actions.add_escalation_details(case, "typed afterwards")
    assert case.outcome.reason == reason


def test_a_case_saved_before_the_escalation_record_existed_loads_with_an_empty_one(build: CaseBuilder, policy):
    case = build.done_before(Step.ACCOUNT)
    actions.escalate(case, "Suspect returned.", CALL_AT)
    stored = case.to_dict()
    del stored["escalation"]
    loaded = Case.from_dict(stored)
    assert loaded.escalation.ticks == [] and loaded.escalation.submitted_at is None
    assert status_of(loaded, policy, Step.REVIEW).can_enter


def test_the_round_trip_keeps_the_escalation_record(build: CaseBuilder, policy):
    case = _escalated_at_the_safety_check(build, policy)
    actions.write_note_for_attending(case, policy, "Gate code 1942. Dog in the garden.")
    _tick_required(case, policy)
    actions.submit_case(case, policy, LATER)
    assert Case.from_dict(json.loads(json.dumps(case.to_dict()))) == case


def test_every_checklist_item_cites_its_guidance(policy):
    items = policy.escalation.items
    assert [item.key for item in items] == ["stay_on_line", "cad_updated", "location_confirmed", "note_for_attending"]
    assert all("College of Policing" in item.source for item in items)


def test_a_checklist_with_a_repeated_item_is_refused(tmp_path):
    data = json.loads((default_resources_dir() / "policy" / "escalation.json").read_text(encoding="utf-8"))
    data["checklist"].append(dict(data["checklist"][0]))
    path = tmp_path / "escalation.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(PolicyFileError, match="stay_on_line"):
        load_escalation_checklist(path)


def test_dash_answers_for_the_attending_officers_put_strong_indicators_first(build: CaseBuilder, policy):
    case = build.done_before(Step.RISK)
    instrument = policy.instrument_for(case.risk)
    plain, strong = next(q for q in instrument.questions if q.indicator is None), \
        next(q for q in instrument.questions if q.indicator is not None)
    case.risk.answers = {plain.question_id: Answer.YES, strong.question_id: Answer.YES}
    assert risk_answers_for_attending(case, instrument) == [strong.topic, plain.topic]
