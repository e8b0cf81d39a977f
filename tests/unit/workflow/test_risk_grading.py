"""Grading by count at the band edges, and judgement that raises but never lowers."""

from __future__ import annotations

import dataclasses

import pytest

from rvr_desktop.training.specimen_cases import CALL_AT
from rvr_desktop.workflow.answers import Answer
from rvr_desktop.workflow.case import new_case
from rvr_desktop.workflow.instruments import RiskGrade, RiskInstrument
from rvr_desktop.workflow.risk import RiskAssessment, assess, raise_by_judgement

STANDARD, MEDIUM, HIGH = RiskGrade.STANDARD, RiskGrade.MEDIUM, RiskGrade.HIGH


def answered(instrument: RiskInstrument, yes: int, rest: Answer = Answer.NO) -> RiskAssessment:
    """Every question answered: the first `yes` with yes, the others with `rest`."""
    answers = {
        question.question_id: Answer.YES if index < yes else rest
        for index, question in enumerate(instrument.questions)
    }
    return RiskAssessment(instrument.instrument_id, answers)


@pytest.fixture
def dash(policy) -> RiskInstrument:
    return policy.instruments["dash-2009-police"]


@pytest.mark.parametrize(
    ("yes", "grade"),
    [(0, STANDARD), (9, STANDARD), (10, MEDIUM), (13, MEDIUM), (14, HIGH), (27, HIGH)],
)
def test_dash_grade_by_count_of_yes(dash, yes: int, grade: RiskGrade):
    result = assess(answered(dash, yes), dash)
    assert (result.yes_count, result.grade_by_count, result.grade) == (yes, grade, grade)
    assert result.complete


@pytest.mark.parametrize(("yes", "grade"), [(0, STANDARD), (10, STANDARD), (13, STANDARD), (14, HIGH), (24, HIGH)])
def test_the_partner_instrument_grades_by_its_own_bands(policy, yes: int, grade: RiskGrade):
    partner = policy.instruments["partner-agency-24"]
    assert assess(answered(partner, yes), partner).grade is grade


def test_not_known_is_not_counted_as_yes(dash):
    result = assess(answered(dash, 9, rest=Answer.NOT_KNOWN), dash)
    assert (result.yes_count, result.grade, result.complete) == (9, STANDARD, True)


def test_an_unfinished_assessment_reports_what_is_left(dash):
    partial = RiskAssessment(dash.instrument_id, {q.question_id: Answer.YES for q in dash.questions[:12]})
    result = assess(partial, dash)
    assert (result.yes_count, result.grade, result.complete) == (12, MEDIUM, False)
    assert [q.question_id for q in result.still_to_answer] == [q.question_id for q in dash.questions[12:]]


@pytest.mark.parametrize(
    ("yes", "raise_to", "accepted", "final"),
    [
        (0, MEDIUM, True, MEDIUM),
        (0, HIGH, True, HIGH),
        (9, HIGH, True, HIGH),
        (12, HIGH, True, HIGH),
        (12, STANDARD, False, MEDIUM),
        (12, MEDIUM, False, MEDIUM),
        (14, MEDIUM, False, HIGH),
        (14, STANDARD, False, HIGH),
        (14, HIGH, False, HIGH),
    ],
)
def test_judgement_raises_but_never_lowers(dash, yes, raise_to, accepted, final):
    assessment = answered(dash, yes)
    message = raise_by_judgement(assessment, dash, raise_to, "Strangled last week; fears for her life.", CALL_AT)
    assert (message is None) is accepted
    assert (assessment.judgement is not None) is accepted
    assert assess(assessment, dash).grade is final


def test_a_refused_lowering_says_why(dash):
    assessment = answered(dash, 14)
    message = raise_by_judgement(assessment, dash, MEDIUM, "Victim seems calm.", CALL_AT)
    assert message is not None and "only raise" in message and "can't be lowered" in message


@pytest.mark.parametrize("reason", ["", "   \n"])
def test_judgement_needs_a_reason(dash, reason):
    assessment = answered(dash, 3)
    assert "why" in raise_by_judgement(assessment, dash, HIGH, reason, CALL_AT)
    assert assessment.judgement is None


def test_a_judgement_can_not_be_walked_back(dash):
    assessment = answered(dash, 3)
    assert raise_by_judgement(assessment, dash, HIGH, "Threats to kill, believed.", CALL_AT) is None
    assert raise_by_judgement(assessment, dash, MEDIUM, "On reflection.", CALL_AT) is not None
    assert assessment.judgement.raised_to is HIGH


def test_a_judgement_never_pulls_the_grade_below_the_count(dash):
    assessment = answered(dash, 3)
    assert raise_by_judgement(assessment, dash, MEDIUM, "Escalating control.", CALL_AT) is None
    assessment.answers = answered(dash, 15).answers  # going back and changing answers
    result = assess(assessment, dash)
    assert (result.grade, result.raised_by_judgement) == (HIGH, False)


def test_the_judgement_is_recorded_with_its_reason_and_time(dash):
    assessment = answered(dash, 2)
    raise_by_judgement(assessment, dash, HIGH, "Non-fatal strangulation.", CALL_AT)
    assert (assessment.judgement.reason, assessment.judgement.recorded_at) == ("Non-fatal strangulation.", CALL_AT)
    assert assess(assessment, dash).raised_by_judgement


@pytest.mark.parametrize("indicator", ["strangulation", "threats_to_kill", "stalking", "more_often", "others_threaten"])
def test_a_high_risk_indicator_prompts_judgement(dash, indicator):
    assessment = answered(dash, 0)
    assessment.answers[indicator] = Answer.YES
    result = assess(assessment, dash)
    assert [q.question_id for q in result.indicators_present] == [indicator]
    assert result.prompts_judgement


def test_no_indicator_no_prompt(dash):
    assessment = answered(dash, 0)
    assessment.answers["injury"] = Answer.YES
    assert not assess(assessment, dash).prompts_judgement


def test_nothing_to_prompt_once_the_grade_is_high(dash):
    assessment = answered(dash, 0)
    assessment.answers["strangulation"] = Answer.YES
    raise_by_judgement(assessment, dash, HIGH, "Strangulation.", CALL_AT)
    result = assess(assessment, dash)
    assert result.indicators_present and not result.prompts_judgement


def test_grading_with_another_instrument_is_refused(dash, policy):
    with pytest.raises(ValueError, match="partner-agency-24"):
        assess(RiskAssessment("partner-agency-24"), dash)


def test_an_answer_to_a_question_the_instrument_lacks_is_refused(dash):
    with pytest.raises(ValueError, match="no question 'favourite_colour'"):
        assess(RiskAssessment(dash.instrument_id, {"favourite_colour": Answer.YES}), dash)


def test_new_cases_use_the_instrument_the_policy_names(policy):
    swapped = dataclasses.replace(policy, instrument_id="partner-agency-24")
    case = new_case(swapped, CALL_AT)
    assert case.risk.instrument_id == "partner-agency-24"
    assert len(swapped.instrument_for(case.risk).questions) == 24


def test_a_case_made_with_an_uninstalled_instrument_says_so(policy):
    with pytest.raises(ValueError, match="no longer installed"):
        policy.instrument_for(RiskAssessment("retired-form"))
