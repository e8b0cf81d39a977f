"""Offences the account supports come from the policy file with their statutes; a child who saw it is a witness."""

from __future__ import annotations

from rvr_desktop.training.specimen_cases import CaseBuilder
from rvr_desktop.workflow.account import Child
from rvr_desktop.workflow.answers import Answer
from rvr_desktop.workflow.investigation import actions_the_case_shows, child_witnesses
from rvr_desktop.workflow.offences import offences_the_account_supports
from rvr_desktop.workflow.risk import RiskAssessment
from rvr_desktop.workflow.steps import Step


def _supported(policy, **answers: Answer) -> list[str]:
    return [rule.key for rule in offences_the_account_supports(RiskAssessment(answers=answers), policy.offences)]


def test_each_offence_rule_cites_its_statute_and_where_it_is_published(policy):
    statutes = {rule.key: rule.statute for rule in policy.offences}
    assert statutes == {"strangulation": "Serious Crime Act 2015, s.75A",
                        "threats_to_kill": "Offences Against the Person Act 1861, s.16",
                        "stalking": "Protection from Harassment Act 1997, s.2A",
                        "stalking_fear": "Protection from Harassment Act 1997, s.4A",
                        "controlling": "Serious Crime Act 2015, s.76"}
    assert all("legislation.gov.uk" in rule.source for rule in policy.offences)


def test_an_offence_is_suggested_only_when_every_answer_it_names_is_yes(policy):
    assert _supported(policy) == []
    assert _supported(policy, strangulation=Answer.YES, threats_to_kill=Answer.NOT_KNOWN) == ["strangulation"]
    assert _supported(policy, stalking=Answer.YES) == ["stalking"]
    assert _supported(policy, stalking=Answer.YES, very_frightened=Answer.YES) == ["stalking", "stalking_fear"]
    assert _supported(policy, very_frightened=Answer.YES, controlling=Answer.YES) == ["controlling"]


def test_a_child_who_saw_or_heard_it_is_a_witness_with_an_abe_interview_to_plan(build: CaseBuilder, policy):
    case = build.done_before(Step.SAFEGUARDING)
    case.account.children = [
        Child(name="Maja Example", present=True, what_seen_or_said="Saw his hand on her mother's neck."),
        Child(name="Leon Example", present=True, what_seen_or_said="Nothing known."),
        Child(name="Ola Example", present=False, what_seen_or_said="At school; heard about it later."),
        Child(name="Kai Example", present=True, what_seen_or_said="")]
    assert [child.name for child in child_witnesses(case.account)] == ["Maja Example"]
    abe = [action for action in actions_the_case_shows(case, policy) if action.key == "abe_interview"]
    assert [action.what for action in abe] == [
        "Plan an Achieving Best Evidence (ABE) video-recorded interview with Maja Example, who saw or heard the "
        "incident"]
    assert abe[0].owner is not None and abe[0].owner.who == "The investigating officer, with children's social care"
    case.account.children[0].present = False
    assert not [action for action in actions_the_case_shows(case, policy) if action.key == "abe_interview"]
