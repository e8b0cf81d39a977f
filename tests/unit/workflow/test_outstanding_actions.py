"""The actions the case itself shows are still to do: each drops off the list once done, and each has the owner
and time limit the force's policy gives it (policy/case_actions.json)."""

from __future__ import annotations

from datetime import timedelta

from rvr_desktop.training.specimen_cases import CALL_AT, CaseBuilder
from rvr_desktop.workflow.account import Child, CustodyStatus
from rvr_desktop.workflow.answers import Answer
from rvr_desktop.workflow.case_actions import SHOWN_ACTIONS, evidence_plan
from rvr_desktop.workflow.investigation import GradeReview, GradeReviewResult, actions_the_case_shows
from rvr_desktop.workflow.referrals import ReferralDecision, propose_referrals
from rvr_desktop.workflow.steps import Step


def _whats(case, policy) -> list[str]:
    return [action.what for action in actions_the_case_shows(case, policy)]


def test_each_action_the_case_shows_goes_once_it_is_done(build: CaseBuilder, policy):
    case = build.done_before(Step.SAFEGUARDING)
    case.referral_decisions = []
    case.statement.narrative = case.statement.not_taken_reason = ""
    case.account.suspect.name = "Mark Example"
    case.account.children = []
    shown = _whats(case, policy)
    assert shown[0].startswith("Decide the referral(s): ")
    assert "Take the victim's statement, or record why it was not taken" in shown
    assert "Record whether the suspect has been arrested" in shown
    assert "A supervisor to review the risk grade" in shown
    assert any(what.startswith("Search police records for earlier incidents") for what in shown)

    for proposal in propose_referrals(case, policy):
        case.referral_decisions.append(ReferralDecision(proposal.key, proposal.kind, True, "", CALL_AT))
    case.statement.not_taken_reason = "The victim will give it tomorrow at the station."
    case.account.suspect.custody = CustodyStatus.NOT_ARRESTED
    case.investigation.grade_review = GradeReview(GradeReviewResult.AGREED, "Sgt 1 A Supervisor", CALL_AT)
    case.account.police_records_checked_at = CALL_AT + timedelta(minutes=20)
    assert _whats(case, policy) == ["Arrest the suspect, Mark Example"]
    case.account.suspect.custody = CustodyStatus.IN_CUSTODY
    assert actions_the_case_shows(case, policy) == []


def test_no_suspect_named_asks_nothing_about_an_arrest(build: CaseBuilder, policy):
    case = build.done_before(Step.SAFEGUARDING)
    case.account.suspect.name = ""
    assert not [what for what in _whats(case, policy) if "arrest" in what.lower()]


def test_every_action_the_case_can_show_has_an_owner_a_deadline_and_a_source(policy):
    owners = policy.case_actions.owners
    assert set(owners) == set(SHOWN_ACTIONS)
    for key, owner in owners.items():
        assert owner.who.strip() and owner.source.strip(), key
        assert owner.deadline.within_hours is not None or owner.deadline.in_words.strip(), key
    # The arrest is the attending officers' at once: positive action (College of Policing APP).
    arrest = owners["arrest"]
    assert arrest.who.startswith("Attending officers") and arrest.deadline.within_hours == 0
    assert "APP" in arrest.source


def test_a_strategy_discussion_is_asked_for_when_a_child_saw_it_or_the_risk_is_high(build: CaseBuilder, policy):
    case = build.done_before(Step.SAFEGUARDING)
    case.risk.answers = {}
    case.account.children = [Child(name="Ola Example", lives_with_victim=True, present=False,
                                   what_seen_or_said="At school.")]

    def asked() -> list[str]:
        return [action.what for action in actions_the_case_shows(case, policy) if action.key == "strategy_discussion"]

    assert asked() == []
    # A child who saw it: the discussion is asked for every involved child.
    case.account.children.append(Child(name="Maja Example", lives_with_victim=True, present=True,
                                       what_seen_or_said="Saw him push her mother."))
    assert asked() == ["Ask children's social care for a strategy discussion about Ola Example and Maja Example"]
    # High risk alone asks for it too.
    case.account.children[1].present = False
    assert asked() == []
    instrument = policy.instrument_for(case.risk)
    case.risk.answers = {q.question_id: Answer.YES for q in instrument.questions}
    assert len(asked()) == 1


def test_the_evidence_plan_adds_each_offences_lines_of_enquiry_to_every_cases(policy):
    rules = policy.case_actions
    every = [line.key for line in evidence_plan(rules, [])]
    assert every == ["call_recording", "body_worn_video", "house_to_house"]
    strangulation = [line.key for line in evidence_plan(rules, ["strangulation"])]
    assert strangulation[:3] == every
    assert {"medical_assessment", "photographs_in_person", "strangulation_symptoms"} <= set(strangulation)
    assert "messages_and_number" not in strangulation
    assert all(line.source.strip() for line in rules.lines_of_enquiry)


def test_a_next_handover_to_a_suspect_at_large_is_an_action_before_it(build: CaseBuilder, policy):
    case = build.done_before(Step.SAFEGUARDING)
    case.account.suspect.custody = CustodyStatus.NOT_ARRESTED
    case.account.children = [
        Child(name="Leon Example", next_handover="Saturday 10:00 at her home"),
        Child(name="Maja Example", next_handover="None: she is not handed to him"),
        Child(name="Ola Example")]

    def handovers() -> list[str]:
        return [action.what for action in actions_the_case_shows(case, policy) if action.key == "handover_safety"]

    assert handovers() == [
        "Decide with the victim and children's social care whether Leon Example's next handover to the suspect goes "
        "ahead (Saturday 10:00 at her home), and consider a domestic violence protection notice while he is not "
        "charged"]
    owner = policy.case_actions.owners["handover_safety"]
    assert "Crime and Security Act 2010" in owner.source and owner.deadline.in_words == "before the next handover"
    case.account.suspect.custody = CustodyStatus.CHARGED_COURT_BAIL  # the court's conditions govern contact
    assert handovers() == []
