"""The actions the case itself shows are still to do: each drops off the list once done."""

from __future__ import annotations

from rvr_desktop.training.specimen_cases import CALL_AT, CaseBuilder
from rvr_desktop.workflow.account import CustodyStatus
from rvr_desktop.workflow.investigation import GradeReview, GradeReviewResult, actions_the_case_shows
from rvr_desktop.workflow.referrals import ReferralDecision, propose_referrals
from rvr_desktop.workflow.steps import Step


def test_each_action_the_case_shows_goes_once_it_is_done(build: CaseBuilder, policy):
    case = build.done_before(Step.SAFEGUARDING)
    case.referral_decisions = []
    case.statement.narrative = case.statement.not_taken_reason = ""
    case.account.suspect.name = "Mark Example"
    shown = actions_the_case_shows(case, policy)
    assert shown[0].startswith("Decide the referral(s): ")
    assert "Take the victim's statement, or record why it was not taken" in shown
    assert "Record whether the suspect has been arrested" in shown
    assert "A supervisor to review the risk grade" in shown

    for proposal in propose_referrals(case, policy):
        case.referral_decisions.append(ReferralDecision(proposal.key, proposal.kind, True, "", CALL_AT))
    case.statement.not_taken_reason = "The victim will give it tomorrow at the station."
    case.account.suspect.custody = CustodyStatus.NOT_ARRESTED
    case.investigation.grade_review = GradeReview(GradeReviewResult.AGREED, "Sgt 1 A Supervisor", CALL_AT)
    assert actions_the_case_shows(case, policy) == ["Arrest the suspect"]
    case.account.suspect.custody = CustodyStatus.IN_CUSTODY
    assert actions_the_case_shows(case, policy) == []


def test_no_suspect_named_asks_nothing_about_an_arrest(build: CaseBuilder, policy):
    case = build.done_before(Step.SAFEGUARDING)
    case.account.suspect.name = ""
    assert not [action for action in actions_the_case_shows(case, policy) if "arrest" in action.lower()]
