"""Each step's state and guard, the unsafe-caller path, and going back."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest

from rvr_desktop.training.specimen_cases import CALL_AT, CaseBuilder
from rvr_desktop.workflow import actions
from rvr_desktop.workflow.account import Child
from rvr_desktop.workflow.answers import Answer
from rvr_desktop.workflow.case import new_case
from rvr_desktop.workflow.outcome import OutcomeKind
from rvr_desktop.workflow.referrals import ReferralKind, decide_referral, undecided
from rvr_desktop.workflow.safety import ALL_QUESTIONS, GATE_QUESTIONS
from rvr_desktop.workflow.steps import Step, StepState, status_of, step_statuses
from rvr_desktop.workflow.video import VideoEventKind

STEPS = list(Step)
LATER = CALL_AT + timedelta(minutes=50)


def states(case, policy) -> dict[Step, tuple[StepState, bool]]:
    return {status.step: (status.state, status.can_enter) for status in step_statuses(case, policy)}


def test_a_new_case_opens_on_the_intake_and_nothing_else(policy):
    case = new_case(policy, CALL_AT)
    statuses = step_statuses(case, policy)
    assert [s.step for s in statuses] == STEPS
    assert (statuses[0].state, statuses[0].can_enter) == (StepState.NOT_STARTED, True)
    for status in statuses[1:]:
        assert (status.state, status.can_enter) == (StepState.BLOCKED, False)
        assert "Finish hand-over first" in status.reason and "incident reference" in status.reason


@pytest.mark.parametrize("step", STEPS[1:], ids=lambda step: step.value)
def test_a_step_opens_only_once_the_one_before_is_done(build: CaseBuilder, policy, step: Step):
    previous = STEPS[STEPS.index(step) - 1]
    not_yet = build.done_before(previous)
    assert status_of(not_yet, policy, step).can_enter is False
    assert status_of(not_yet, policy, step).state is StepState.BLOCKED
    ready = build.done_before(step)
    assert status_of(ready, policy, previous).state is StepState.DONE
    assert status_of(ready, policy, step).can_enter is True
    assert status_of(ready, policy, step).state is not StepState.DONE


@pytest.mark.parametrize("step", STEPS, ids=lambda step: step.value)
def test_every_step_can_be_done(build: CaseBuilder, policy, step: Step):
    case = build.submitted()
    assert status_of(case, policy, step).state is StepState.DONE


def test_going_back_is_always_allowed_while_the_case_is_open(build: CaseBuilder, policy):
    case = build.done_before(Step.REVIEW)
    assert all(can_enter for _, can_enter in states(case, policy).values())


def test_a_half_typed_intake_is_in_progress_and_says_what_is_missing(policy):
    case = new_case(policy, CALL_AT)
    case.intake.caller_name = "Sam"
    status = status_of(case, policy, Step.INTAKE)
    assert status.state is StepState.IN_PROGRESS
    assert "a safe mobile number" in status.reason and "caller's name" not in status.reason


@pytest.mark.parametrize(
    ("question", "answer"),
    [(q.key, a) for q in GATE_QUESTIONS for a in Answer if a is not q.safe_answer],
    ids=lambda value: value if isinstance(value, str) else value.value,
)
def test_any_unsafe_or_unknown_answer_ends_the_video_path(build: CaseBuilder, policy, question, answer):
    case = build.done_before(Step.SAFETY)
    actions.record_safety_answer(case, policy, question, answer, CALL_AT, note="Heard shouting.")
    assert case.outcome.kind is OutcomeKind.ESCALATED
    assert case.outcome.kind.label == "escalated \u2014 officers deployed"
    assert ALL_QUESTIONS[question].wording in case.outcome.reason and "Heard shouting." in case.outcome.reason
    link = status_of(case, policy, Step.LINK)
    assert (link.state, link.can_enter) == (StepState.BLOCKED, False)
    assert "escalated" in link.reason.lower()
    with pytest.raises(actions.StepBlocked):
        actions.issue_link_invite(case, policy, CALL_AT)
    assert case.link_invites == []


def test_a_safe_answer_given_later_does_not_reopen_the_link(build: CaseBuilder, policy):
    case = build.done_before(Step.SAFETY)
    actions.record_safety_answer(case, policy, "suspect_present", Answer.YES, CALL_AT)
    with pytest.raises(actions.StepBlocked):
        actions.record_safety_answer(case, policy, "suspect_present", Answer.NO, CALL_AT)
    case.safety.answers.append(dataclasses.replace(case.safety.answers[0], answer=Answer.NO))  # by the back door
    case.outcome = None
    assert status_of(case, policy, Step.LINK).can_enter is False


def test_after_escalation_only_the_intake_and_the_escalation_record_can_be_opened(build: CaseBuilder, policy):
    case = build.done_before(Step.ACCOUNT)
    assert actions.escalate(case, "Suspect came back during the call.", CALL_AT) is None
    found = states(case, policy)
    assert [step for step, (_, can_enter) in found.items() if can_enter] == [Step.INTAKE, Step.REVIEW]
    assert found[Step.VIDEO] == (StepState.DONE, False)  # what was done stays done
    assert found[Step.ACCOUNT] == (StepState.ESCALATED, False)  # where the path stopped
    assert found[Step.RISK] == (StepState.BLOCKED, False)
    with pytest.raises(actions.StepBlocked):
        actions.mark_account_complete(case, policy, CALL_AT)


def test_children_present_is_recorded_but_does_not_end_the_path(build: CaseBuilder, policy):
    case = build.done_before(Step.SAFETY)
    for key in case.safety.asked:
        answer = Answer.YES if key == "children_present" else ALL_QUESTIONS[key].safe_answer
        actions.record_safety_answer(case, policy, key, answer, CALL_AT)
    assert case.outcome is None
    assert status_of(case, policy, Step.LINK).can_enter


@pytest.mark.parametrize("unanswered", ["own_phone", "children_present"])
def test_the_link_waits_for_every_safety_question(build: CaseBuilder, policy, unanswered):
    case = build.done_before(Step.SAFETY)
    for key in case.safety.asked:
        if key != unanswered:
            actions.record_safety_answer(case, policy, key, ALL_QUESTIONS[key].safe_answer, CALL_AT)
    assert status_of(case, policy, Step.SAFETY).state is StepState.IN_PROGRESS
    with pytest.raises(actions.StepBlocked, match="Finish safety check first"):
        actions.issue_link_invite(case, policy, CALL_AT)


def test_a_force_that_records_calls_asks_for_consent_to_recording(build: CaseBuilder, policy):
    video_call = dataclasses.replace(policy.video_call, records_video_calls=True)
    recording = dataclasses.replace(policy, video_call=video_call)
    case = CaseBuilder(recording).done_before(Step.SAFETY)
    assert "consents_to_recording" in case.safety.asked
    actions.record_safety_answer(case, recording, "consents_to_recording", Answer.NO, CALL_AT)
    assert case.outcome.kind is OutcomeKind.ESCALATED
    assert "consents_to_recording" not in build.done_before(Step.SAFETY).safety.asked


def test_the_safety_check_needs_the_intake_first(policy):
    case = new_case(policy, CALL_AT)
    with pytest.raises(actions.StepBlocked, match="hand-over"):
        actions.record_safety_answer(case, policy, "safe_place", Answer.YES, CALL_AT)


def test_an_unknown_safety_question_is_refused(build: CaseBuilder, policy):
    with pytest.raises(ValueError, match="not one of this case's safety questions"):
        actions.record_safety_answer(build.done_before(Step.SAFETY), policy, "favourite_colour", Answer.YES, CALL_AT)


def test_a_new_link_revokes_the_old_one(build: CaseBuilder, policy):
    case = build.done_before(Step.LINK)
    first = actions.issue_link_invite(case, policy, CALL_AT)
    second = actions.issue_link_invite(case, policy, CALL_AT + timedelta(minutes=2))
    assert first.revoked_at == CALL_AT + timedelta(minutes=2) and first.revoked_reason
    assert second.revoked_at is None and second.is_live(CALL_AT + timedelta(minutes=3))
    assert second.sent_to == "+447911123456"
    assert second.expires_at == second.issued_at + policy.video_call.link_valid_for
    assert not second.is_live(second.expires_at)


def test_an_issued_but_unsent_link_is_in_progress(build: CaseBuilder, policy):
    case = build.done_before(Step.LINK)
    actions.issue_link_invite(case, policy, CALL_AT)
    assert status_of(case, policy, Step.LINK).state is StepState.IN_PROGRESS
    assert status_of(case, policy, Step.VIDEO).can_enter is False


def test_video_events_need_a_sent_link(build: CaseBuilder, policy):
    case = build.done_before(Step.LINK)
    with pytest.raises(actions.StepBlocked):
        actions.record_video_event(case, policy, VideoEventKind.CONNECTED, CALL_AT)


def test_failed_video_then_phone_keeps_the_later_steps_open(build: CaseBuilder, policy):
    case = build.done_before(Step.VIDEO)
    actions.record_video_event(case, policy, VideoEventKind.FAILED, CALL_AT, "Black screen on her phone.")
    video = status_of(case, policy, Step.VIDEO)
    assert video.state is StepState.IN_PROGRESS and "carry on by phone" in video.reason
    assert status_of(case, policy, Step.ACCOUNT).can_enter is False
    actions.record_video_event(case, policy, VideoEventKind.CONTINUED_BY_PHONE, CALL_AT)
    assert status_of(case, policy, Step.VIDEO).state is StepState.DONE
    assert "phone" in status_of(case, policy, Step.VIDEO).reason
    assert status_of(case, policy, Step.ACCOUNT).can_enter is True
    assert case.outcome is None


def test_carrying_on_by_phone_can_start_at_the_link_step_but_not_before_safety(build: CaseBuilder, policy):
    with pytest.raises(actions.StepBlocked):
        actions.record_video_event(build.done_before(Step.SAFETY), policy, VideoEventKind.CONTINUED_BY_PHONE, CALL_AT)
    case = build.done_before(Step.LINK)
    actions.record_video_event(case, policy, VideoEventKind.CONTINUED_BY_PHONE, CALL_AT, "No data on her phone.")
    assert states(case, policy)[Step.LINK] == (StepState.DONE, True)
    assert states(case, policy)[Step.ACCOUNT] == (StepState.NOT_STARTED, True)


def test_caller_unreachable_ends_the_case_with_its_reason(build: CaseBuilder, policy):
    case = build.done_before(Step.VIDEO)
    assert actions.mark_caller_unreachable(case, "  ", CALL_AT) is not None
    assert case.outcome is None
    assert actions.mark_caller_unreachable(case, "Link not opened; three calls unanswered.", CALL_AT) is None
    assert case.outcome.kind is OutcomeKind.CALLER_UNREACHABLE
    video = status_of(case, policy, Step.VIDEO)
    assert (video.state, video.can_enter) == (StepState.BLOCKED, False)
    assert "three calls unanswered" in video.reason
    assert actions.escalate(case, "Concern for welfare.", CALL_AT) is not None  # already ended
    assert case.outcome.kind is OutcomeKind.CALLER_UNREACHABLE


def test_escalation_needs_a_reason(build: CaseBuilder, policy):
    case = build.done_before(Step.ACCOUNT)
    assert "why" in actions.escalate(case, "", CALL_AT).lower()
    assert case.outcome is None


def test_the_account_is_complete_only_when_its_gaps_are_filled(build: CaseBuilder, policy):
    case = build.done_before(Step.ACCOUNT)
    problems = actions.mark_account_complete(case, policy, CALL_AT)
    assert any("where it happened" in problem for problem in problems)
    assert case.account.completed_at is None
    assert status_of(case, policy, Step.RISK).can_enter is False


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda account: setattr(account, "incident_at", LATER + timedelta(hours=2)), "future"),
        (lambda account: setattr(account.suspect, "date_of_birth", date(1890, 1, 1)), "suspect"),
        (lambda account: account.children.append(Child(name="Ava", date_of_birth=date(2031, 1, 1))), "Ava"),
    ],
)
def test_the_account_refuses_impossible_dates(build: CaseBuilder, policy, change, says):
    case = build.done_before(Step.RISK)
    case.account.completed_at = None
    change(case.account)
    problems = actions.mark_account_complete(case, policy, LATER)
    assert any(says in problem for problem in problems)
    assert case.account.completed_at is None


def test_going_back_to_add_a_child_reopens_safeguarding(build: CaseBuilder, policy):
    case = build.done_before(Step.STATEMENT)
    assert status_of(case, policy, Step.SAFEGUARDING).state is StepState.DONE
    case.account.children.append(Child(name="Ava", date_of_birth=date(2016, 5, 1), school="Hillside Primary"))
    safeguarding = status_of(case, policy, Step.SAFEGUARDING)
    assert safeguarding.state is StepState.IN_PROGRESS and "Operation Encompass" in safeguarding.reason
    assert status_of(case, policy, Step.STATEMENT).can_enter is False
    for proposal in undecided(case, policy):
        decide_referral(case, proposal, confirmed=proposal.kind is not ReferralKind.CHILDRENS_SOCIAL_CARE,
                        reason="Already open to the MASH this week.", at=LATER)
    assert status_of(case, policy, Step.SAFEGUARDING).state is StepState.DONE


def test_going_back_and_clearing_the_narrative_blocks_what_follows(build: CaseBuilder, policy):
    case = build.done_before(Step.SAFEGUARDING)
    case.account.narrative = ""
    found = states(case, policy)
    assert found[Step.ACCOUNT] == (StepState.IN_PROGRESS, True)
    assert found[Step.RISK] == (StepState.DONE, False)  # its answers are kept
    assert found[Step.SAFEGUARDING] == (StepState.BLOCKED, False)


def test_safeguarding_needs_the_advice_as_well_as_the_decisions(build: CaseBuilder, policy):
    case = build.done_before(Step.STATEMENT)
    case.safeguarding.recorded_at = None
    status = status_of(case, policy, Step.SAFEGUARDING)
    assert status.state is StepState.IN_PROGRESS and "advice" in status.reason


def test_a_statement_not_taken_needs_only_the_reason(build: CaseBuilder, policy):
    case = build.done_before(Step.STATEMENT)
    assert status_of(case, policy, Step.STATEMENT).state is StepState.NOT_STARTED
    case.statement.dates_to_avoid = "none"
    assert status_of(case, policy, Step.STATEMENT).state is StepState.IN_PROGRESS
    case.statement.not_taken_reason = "Does not want to give a statement today."
    assert status_of(case, policy, Step.STATEMENT).state is StepState.DONE


def test_a_statement_needs_dates_to_avoid_even_if_none(build: CaseBuilder, policy):
    case = build.done_before(Step.REVIEW)
    case.statement.dates_to_avoid = ""
    status = status_of(case, policy, Step.STATEMENT)
    assert status.state is StepState.IN_PROGRESS and "dates to avoid" in status.reason


def test_submitting_early_is_refused_with_what_is_left(build: CaseBuilder, policy):
    case = build.done_before(Step.STATEMENT)
    message = actions.submit_case(case, policy, LATER)
    assert message is not None and "Statement" in message
    assert case.outcome is None


def test_a_submitted_case_is_read_only(build: CaseBuilder, policy):
    case = build.submitted()
    assert case.outcome.kind is OutcomeKind.SUBMITTED
    assert all(state is StepState.DONE and not can_enter for state, can_enter in states(case, policy).values())
    assert actions.submit_case(case, policy, LATER) is not None
    with pytest.raises(actions.StepBlocked):
        actions.issue_link_invite(case, policy, LATER)


def test_an_escalated_case_is_submitted_as_an_escalation_record_once_its_checklist_is_done(build: CaseBuilder,
                                                                                         policy):
    case = build.done_before(Step.ACCOUNT)
    actions.escalate(case, "Suspect returned.", CALL_AT)
    assert "CAD updated" in actions.submit_case(case, policy, LATER)
    assert case.escalation.submitted_at is None
    for item in policy.escalation.items:
        if item.required:
            actions.record_escalation_step(case, policy, item.key, True, CALL_AT)
    assert actions.submit_case(case, policy, LATER) is None
    assert case.outcome.kind is OutcomeKind.ESCALATED and case.escalation.submitted_at is not None
    assert "already been submitted" in actions.submit_case(case, policy, LATER)


def test_an_unreachable_caller_goes_back_to_the_control_room_as_a_record_of_the_attempts(build: CaseBuilder,
                                                                                         policy):
    """Not a dead end: the caller is still owed the usual response, so the record of the attempts goes once the
    force's checklist for it is done. Its link stops working the moment the case ends."""
    case = build.done_before(Step.VIDEO)
    actions.mark_caller_unreachable(case, "No answer after three tries.", CALL_AT)
    assert all(invite.revoked_at == CALL_AT for invite in case.link_invites)
    statuses = {status.step: status for status in step_statuses(case, policy)}
    assert statuses[Step.REVIEW].can_enter and "record of the attempts" in statuses[Step.REVIEW].reason
    assert "could not be reached" in statuses[Step.ACCOUNT].reason and not statuses[Step.ACCOUNT].can_enter
    problem = actions.submit_case(case, policy, LATER)
    assert "record of the attempts can't be submitted yet" in problem and "Returned to the control room" in problem
    for item in policy.caller_unreachable.items:
        if item.required:
            actions.record_escalation_step(case, policy, item.key, True, CALL_AT)
    with pytest.raises(KeyError):
        actions.record_escalation_step(case, policy, "cad_updated", True, CALL_AT)  # the escalation's, not this
    assert actions.submit_case(case, policy, LATER) is None
    assert case.outcome.kind is OutcomeKind.CALLER_UNREACHABLE and case.escalation.submitted_at is not None
    assert "already been submitted" in actions.submit_case(case, policy, LATER)


def test_a_record_after_ending_early_waits_for_the_incident_reference(build: CaseBuilder, policy):
    """Escalated from the safety step before the CAD reference was typed: the record waits for it, and the
    Hand-over step stays open to type it."""
    case = build.done_before(Step.SAFETY)
    case.intake.incident_reference = ""
    actions.escalate(case, "Suspect returned.", CALL_AT)
    for item in policy.escalation.items:
        actions.record_escalation_step(case, policy, item.key, True, CALL_AT)
    assert "incident (CAD) reference" in actions.submit_case(case, policy, LATER)
    assert case.escalation.submitted_at is None
    assert status_of(case, policy, Step.INTAKE).can_enter
    case.intake.incident_reference = "CAD-0412"
    assert actions.submit_case(case, policy, LATER) is None


def test_asking_whether_a_case_can_be_submitted_changes_nothing(build: CaseBuilder, policy):
    ready, early = build.done_before(Step.REVIEW), build.done_before(Step.STATEMENT)
    before = (ready.to_dict(), early.to_dict())
    assert actions.why_not_submit(ready, policy) is None
    assert "Statement" in actions.why_not_submit(early, policy)
    assert (ready.to_dict(), early.to_dict()) == before
    assert actions.submit_case(ready, policy, LATER) is None and ready.outcome.kind is OutcomeKind.SUBMITTED
