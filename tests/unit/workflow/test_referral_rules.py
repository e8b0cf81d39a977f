"""Every referral rule, proposed when it should be and not when it shouldn't."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest
from workflow_cases import london

from rvr_desktop.training.specimen_cases import CALL_AT
from rvr_desktop.workflow.account import Child, Dependant, PreviousIncident
from rvr_desktop.workflow.answers import Answer
from rvr_desktop.workflow.encompass import encompass_notices, incident_date_problem
from rvr_desktop.workflow.case import Case, new_case
from rvr_desktop.workflow.instruments import RiskGrade
from rvr_desktop.workflow.plain_data import from_plain
from rvr_desktop.workflow.referrals import (
    MaracCriterion,
    MaracRules,
    marac_grounds,
    ReferralKind,
    decide_referral,
    decision_for,
    months_before,
    propose_referrals,
    undecided,
)
from rvr_desktop.workflow.risk import assess, judgement_not_used, raise_by_judgement
from rvr_desktop.workflow.safety import SafetyAnswer

INCIDENT = london(2025, 11, 4, 13, 30)
DAY = INCIDENT.date()


@pytest.fixture
def case(policy) -> Case:
    case = new_case(policy, CALL_AT)
    case.intake.call_received_at = CALL_AT
    case.account.incident_at = INCIDENT
    return case


def kinds(case: Case, policy) -> list[ReferralKind]:
    return [proposal.kind for proposal in propose_referrals(case, policy)]


def proposal(case: Case, policy, kind: ReferralKind):
    return next(p for p in propose_referrals(case, policy) if p.kind is kind)


def say_yes(case: Case, policy, count: int) -> None:
    for index, question in enumerate(policy.instrument.questions):
        case.risk.answers[question.question_id] = Answer.YES if index < count else Answer.NO


def test_a_plain_case_gets_only_support_services(case, policy):
    assert kinds(case, policy) == [ReferralKind.SUPPORT_SERVICES]
    assert "Victims' Code" in proposal(case, policy, ReferralKind.SUPPORT_SERVICES).reason


@pytest.mark.parametrize(("yes", "expected"), [(13, False), (14, True)])
def test_marac_and_idva_for_high_risk(case, policy, yes, expected):
    say_yes(case, policy, yes)
    assert (ReferralKind.MARAC in kinds(case, policy)) is expected
    assert (ReferralKind.IDVA in kinds(case, policy)) is expected
    if expected:
        reason = proposal(case, policy, ReferralKind.MARAC).reason
        assert "Visible high risk: 14 \u201cyes\u201d answers of 27 on DASH (police, 27 questions)" in reason


@pytest.mark.parametrize(("raised_to", "expected"), [(RiskGrade.MEDIUM, False), (RiskGrade.HIGH, True)])
def test_marac_and_idva_on_professional_judgement(case, policy, raised_to, expected):
    say_yes(case, policy, 4)
    raise_by_judgement(case.risk, policy.instrument, raised_to, "Choked her last month.", CALL_AT)
    assert (ReferralKind.MARAC in kinds(case, policy)) is expected
    assert (ReferralKind.IDVA in kinds(case, policy)) is expected
    if expected:
        assert "Professional judgement" in proposal(case, policy, ReferralKind.MARAC).reason
        assert "Choked her last month." in proposal(case, policy, ReferralKind.MARAC).reason


def incidents(*days_before: int, reported: Answer | None = Answer.YES) -> list[PreviousIncident]:
    return [PreviousIncident(occurred_on=DAY - timedelta(days=days), reported_to_police=reported)
            for days in days_before]


@pytest.mark.parametrize(
    ("earlier", "expected"),
    [
        pytest.param(incidents(30, 200), True, id="3 in 12 months"),
        pytest.param(incidents(30), False, id="2 in 12 months"),
        pytest.param(incidents(30, 400), False, id="one too long ago"),
        pytest.param([PreviousIncident(date(2024, 11, 4), reported_to_police=Answer.YES), *incidents(30)], True,
                     id="exactly 12 months"),
        pytest.param([PreviousIncident(date(2024, 11, 3), reported_to_police=Answer.YES), *incidents(30)], False,
                     id="12 months and a day"),
        pytest.param([*incidents(30), PreviousIncident(description="undated")], False, id="undated doesn't count"),
        pytest.param(incidents(30, -5), False, id="a date after this incident doesn't count"),
    ],
)
def test_marac_on_escalation(case, policy, earlier, expected):
    case.account.previous_incidents = earlier
    assert (ReferralKind.MARAC in kinds(case, policy)) is expected
    assert ReferralKind.IDVA not in kinds(case, policy)  # escalation alone is not high risk
    if expected:
        reason = proposal(case, policy, ReferralKind.MARAC).reason
        assert "Potential escalation: 3 incidents reported to the police in the 12 months" in reason


@pytest.mark.parametrize(
    ("rules", "earlier", "expected"),
    [
        (MaracRules(escalation_incident_count=4), incidents(30, 200), False),
        (MaracRules(escalation_incident_count=4), incidents(30, 200, 300), True),
        (MaracRules(escalation_window_months=6), incidents(30, 200), False),
        (MaracRules(escalation_window_months=6), incidents(30, 150), True),
    ],
)
def test_the_escalation_threshold_is_policy(case, policy, rules, earlier, expected):
    case.account.previous_incidents = earlier
    assert (ReferralKind.MARAC in kinds(case, dataclasses.replace(policy, marac=rules))) is expected


@pytest.mark.parametrize(
    ("last_referral", "months", "expected"),
    [
        (date(2025, 1, 10), 12, True),
        (date(2024, 11, 4), 12, True),  # exactly 12 months
        (date(2024, 11, 3), 12, False),
        (date(2023, 6, 1), 12, False),
        (date(2025, 11, 5), 12, False),  # after this incident: a mistyped date, not a repeat
        (date(2025, 1, 10), 6, False),
    ],
)
def test_marac_on_repeat(case, policy, last_referral, months, expected):
    case.account.last_marac_referral_on = last_referral
    rules = MaracRules(repeat_window_months=months)
    assert (ReferralKind.MARAC in kinds(case, dataclasses.replace(policy, marac=rules))) is expected
    if expected:
        assert "Repeat" in proposal(case, policy, ReferralKind.MARAC).reason


def test_marac_gives_every_ground_that_applies(case, policy):
    say_yes(case, policy, 15)
    case.account.previous_incidents = incidents(10, 20)
    case.account.last_marac_referral_on = date(2025, 6, 1)
    reason = proposal(case, policy, ReferralKind.MARAC).reason
    assert all(ground in reason for ground in ("Visible high risk", "Potential escalation", "Repeat"))
    assert kinds(case, policy).count(ReferralKind.MARAC) == 1


@pytest.mark.parametrize("unreported", [Answer.NO, Answer.NOT_KNOWN, None],
                         ids=["not reported", "not known", "not asked (a stored draft)"])
def test_escalation_ignores_incidents_not_reported_to_the_police(case, policy, unreported):
    case.account.previous_incidents = [*incidents(30), *incidents(60, 90, reported=unreported)]
    assert ReferralKind.MARAC not in kinds(case, policy)
    escalation = next(g for g in marac_grounds(case, policy) if g.criterion is MaracCriterion.POTENTIAL_ESCALATION)
    assert not escalation.met
    assert "2 incidents reported to the police in the 12 months to Tuesday 4 November 2025" in escalation.finding
    why = "not reported to the police" if unreported is Answer.NO else "not known to have been reported"
    assert f"Not counted: 2 earlier (2 were {why}" in escalation.finding
    assert "3 or more incidents reported to the police in 12 months" in escalation.rule
    assert "Source: SafeLives, 'Marac referral criteria and form'" in escalation.rule
    case.account.previous_incidents[1].reported_to_police = Answer.YES
    assert ReferralKind.MARAC in kinds(case, policy)


def test_a_force_may_count_incidents_not_reported_to_the_police(case, policy):
    case.account.previous_incidents = incidents(30, 60, reported=Answer.NO)
    rules = MaracRules(escalation_counts_only_reported=False)
    assert ReferralKind.MARAC in kinds(case, dataclasses.replace(policy, marac=rules))


def test_a_stored_draft_without_the_answer_reads_as_unknown():
    old = {"occurred_on": "2025-10-01", "description": "Pushed her", "police_reference": ""}
    incident = from_plain(PreviousIncident, old, "incident")
    assert incident.reported_to_police is None and not incident.reported


def test_every_criterion_is_given_with_its_rule_met_or_not(case, policy):
    grounds = marac_grounds(case, policy)
    assert [g.criterion for g in grounds] == list(MaracCriterion)
    assert not any(g.met for g in grounds)
    assert all(g.rule and g.finding for g in grounds)
    repeat = grounds[2]
    assert repeat.finding == "not known whether referred to a MARAC before."
    case.account.previous_marac = Answer.NO
    assert marac_grounds(case, policy)[2].finding == "no previous MARAC referral."


def test_judgement_is_prompted_for_strangulation_alone(case, policy):
    say_yes(case, policy, 0)
    case.risk.answers["strangulation"] = Answer.YES
    result = assess(case.risk, policy.instrument)
    assert result.prompts_judgement and result.judgement_awaited
    judgement = marac_grounds(case, policy)[3]
    assert judgement.finding.startswith("not yet answered, though strong single indicators are present "
                                        "(strangling, choking or suffocating)")
    assert "not used" not in judgement.finding
    assert judgement_not_used(case.risk, " ", CALL_AT) is not None  # a reason is needed
    assert judgement_not_used(case.risk, "Once, two years ago; no threats since.", CALL_AT) is None
    assert marac_grounds(case, policy)[3].finding == "considered, not used: Once, two years ago; no threats since."
    raise_by_judgement(case.risk, policy.instrument, RiskGrade.HIGH, "Strangled today; she fears for her life.",
                       CALL_AT)
    assert case.risk.judgement_not_used is None
    judgement = marac_grounds(case, policy)[3]
    assert judgement.met and judgement.finding == ("used, raising the grade from standard to high: "
                                                   "Strangled today; she fears for her life.")


def test_judgement_is_not_prompted_without_an_indicator_or_at_high(case, policy):
    say_yes(case, policy, 0)
    assert not assess(case.risk, policy.instrument).prompts_judgement
    assert marac_grounds(case, policy)[3].finding.startswith("not used: no strong single indicator")
    say_yes(case, policy, 27)
    assert not assess(case.risk, policy.instrument).prompts_judgement
    assert marac_grounds(case, policy)[3].finding.startswith("not needed: the count already gives high risk")


def test_the_call_time_stands_in_for_an_unrecorded_incident_time(case, policy):
    case.account.incident_at = None
    case.account.last_marac_referral_on = CALL_AT.date() - timedelta(days=30)
    assert ReferralKind.MARAC in kinds(case, policy)


@pytest.mark.parametrize(
    ("children", "children_present_answer", "expected"),
    [
        pytest.param([], None, False, id="no children"),
        pytest.param([Child(name="Ava", lives_with_victim=True, present=False)], None, True, id="lives there"),
        pytest.param([Child(name="Ava", lives_with_victim=False, present=True)], None, True, id="was present"),
        pytest.param([Child(name="Ava")], None, True, id="not yet known"),
        pytest.param([Child(name="Ava", lives_with_victim=False, present=False)], None, False, id="neither"),
        pytest.param([], Answer.YES, True, id="said so at the safety check"),
        pytest.param([], Answer.NO, False, id="none at the safety check"),
    ],
)
def test_childrens_social_care(case, policy, children, children_present_answer, expected):
    case.account.children = children
    if children_present_answer is not None:
        case.safety.answers.append(SafetyAnswer("children_present", children_present_answer, CALL_AT))
    assert (ReferralKind.CHILDRENS_SOCIAL_CARE in kinds(case, policy)) is expected


def test_operation_encompass_for_each_school_age_child(case, policy):
    case.account.children = [
        Child(name="Ava", date_of_birth=date(2016, 5, 1), school="Hillside Primary"),
        Child(name="Ben", date_of_birth=date(2012, 9, 9), school="Northfield Academy"),
        Child(name="Cal", date_of_birth=date(2024, 1, 1)),
    ]
    found = [p for p in propose_referrals(case, policy) if p.kind is ReferralKind.OPERATION_ENCOMPASS]
    assert [p.child_id for p in found] == [child.child_id for child in case.account.children[:2]]
    assert len({p.key for p in found}) == 2
    # Tuesday 4 November 2025 at 14:00: the school has started, so Wednesday morning.
    assert {p.due_at for p in found} == {london(2025, 11, 5, 8, 30)}
    assert "Hillside Primary" in found[0].reason and "08:30 on Wednesday 5 November 2025" in found[0].reason


def test_no_encompass_for_a_child_below_school_age(case, policy):
    case.account.children = [Child(name="Cal", date_of_birth=date(2024, 1, 1))]
    assert ReferralKind.OPERATION_ENCOMPASS not in kinds(case, policy)


@pytest.mark.parametrize(
    ("adult_at_risk", "dependants", "expected"),
    [
        (False, [], False),
        (True, [], True),
        (False, [Dependant(name="Nan", care_and_support_needs="Dementia; he controls her care.")], True),
        (False, [Dependant(name="Nan", care_and_support_needs="  ")], False),
    ],
)
def test_adult_social_care_for_an_adult_at_risk(case, policy, adult_at_risk, dependants, expected):
    case.account.victim.adult_at_risk = adult_at_risk
    case.account.victim.adult_at_risk_reason = "Relies on him for personal care."
    case.account.dependants = dependants
    assert (ReferralKind.ADULT_SOCIAL_CARE in kinds(case, policy)) is expected


def test_every_proposal_has_a_reason(case, policy):
    say_yes(case, policy, 20)
    case.account.children = [Child(name="Ava", date_of_birth=date(2016, 5, 1))]
    case.account.victim.adult_at_risk = True
    found = propose_referrals(case, policy)
    assert {p.kind for p in found} == set(ReferralKind)
    assert all(p.reason.strip() for p in found)


def test_declining_needs_a_reason(case, policy):
    [support] = propose_referrals(case, policy)
    for empty in ("", "  \t"):
        message = decide_referral(case, support, confirmed=False, reason=empty, at=CALL_AT)
        assert message is not None and "reason" in message
    assert case.referral_decisions == []


def test_a_decline_keeps_the_reason_exactly_as_typed(case, policy):
    [support] = propose_referrals(case, policy)
    typed = "  Already has a worker at the refuge — رفض\n"
    assert decide_referral(case, support, confirmed=False, reason=typed, at=CALL_AT) is None
    decision = decision_for(case, support.key)
    assert (decision.confirmed, decision.reason, decision.kind) == (False, typed, ReferralKind.SUPPORT_SERVICES)
    assert undecided(case, policy) == []


def test_a_new_decision_replaces_the_old_one(case, policy):
    [support] = propose_referrals(case, policy)
    decide_referral(case, support, confirmed=False, reason="Said no at first.", at=CALL_AT)
    decide_referral(case, support, confirmed=True, reason="", at=CALL_AT + timedelta(minutes=5))
    assert len(case.referral_decisions) == 1 and decision_for(case, support.key).confirmed


def test_adding_a_child_brings_new_proposals_to_decide(case, policy):
    for p in propose_referrals(case, policy):
        decide_referral(case, p, confirmed=True, reason="", at=CALL_AT)
    assert undecided(case, policy) == []
    case.account.children.append(Child(name="Ava", date_of_birth=date(2016, 5, 1)))
    assert {p.kind for p in undecided(case, policy)} == {
        ReferralKind.CHILDRENS_SOCIAL_CARE, ReferralKind.OPERATION_ENCOMPASS,
    }


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2025, 11, 4), 12, date(2024, 11, 4)),
        (date(2025, 3, 31), 1, date(2025, 2, 28)),
        (date(2024, 2, 29), 12, date(2023, 2, 28)),
        (date(2025, 1, 15), 1, date(2024, 12, 15)),
    ],
)
def test_months_are_counted_on_the_calendar(day, months, expected):
    assert months_before(day, months) == expected


@pytest.mark.parametrize(("incident", "problem"), [
    (london(2025, 11, 11, 13, 40), ""),
    (london(2025, 11, 7, 0, 0), ""),  # the day the duty began
    (london(2025, 11, 6, 23, 59), "is before the statutory duty began on Friday 7 November 2025"),
    (london(2025, 11, 12, 9, 0), "after the call came in on Tuesday 11 November 2025"),
])
def test_an_encompass_incident_date_must_fall_under_the_duty_and_before_the_call(policy, incident, problem):
    # Domestic Abuse Act 2021 s.49A (Victims and Prisoners Act 2024 s.20), in force 7 November 2025.
    found = incident_date_problem(incident, london(2025, 11, 11, 14, 0), policy.encompass)
    assert (problem in found) if problem else found == ""


def test_a_senseless_incident_date_is_in_the_encompass_proposal(policy):
    child = Child(name="Ada", date_of_birth=date(2017, 5, 1), lives_with_victim=True)
    notices = encompass_notices([child], london(2025, 11, 4, 13, 0), london(2025, 11, 11, 14, 0), policy.encompass)
    assert "before the statutory duty began" in notices[0].date_problem


def test_escalation_not_reached_is_not_known_until_police_records_are_checked(case, policy):
    case.account.previous_incidents = incidents(30, reported=Answer.YES)
    escalation = next(g for g in marac_grounds(case, policy) if g.criterion is MaracCriterion.POTENTIAL_ESCALATION)
    assert not escalation.met and not escalation.known
    assert "police records not checked yet" in escalation.finding
    case.account.police_records_checked_at = CALL_AT + timedelta(minutes=10)
    case.account.police_records_note = "Force records and the PNC searched: one earlier incident, added."
    escalation = next(g for g in marac_grounds(case, policy) if g.criterion is MaracCriterion.POTENTIAL_ESCALATION)
    assert not escalation.met and escalation.known
    assert escalation.finding.endswith("Police records checked on Tuesday 4 November 2025 at 14:10: Force records "
                                       "and the PNC searched: one earlier incident, added.")
    # Reached on what the victim said, the criterion is met whether or not the records were searched.
    case.account.police_records_checked_at = None
    case.account.previous_incidents = incidents(30, 60, reported=Answer.YES)
    escalation = next(g for g in marac_grounds(case, policy) if g.criterion is MaracCriterion.POTENTIAL_ESCALATION)
    assert escalation.met and escalation.known


def test_the_repeat_and_judgement_rules_name_their_source(case, policy):
    grounds = {g.criterion: g for g in marac_grounds(case, policy)}
    assert "Source: SafeLives" in grounds[MaracCriterion.REPEAT].rule
    assert "College of Policing APP" in grounds[MaracCriterion.PROFESSIONAL_JUDGEMENT].rule
