"""A case with nothing answered is not graded; strong indicators in plain words; details beside each answer."""

from __future__ import annotations

import pytest

from rvr_desktop.training.specimen_cases import CALL_AT
from rvr_desktop.workflow.answers import Answer
from rvr_desktop.workflow.case import Case, new_case
from rvr_desktop.workflow.instruments import RiskGrade, RiskInstrument
from rvr_desktop.workflow.risk import NOT_GRADED, RiskAssessment, assess, raise_by_judgement, record_detail
from rvr_desktop.workflow.steps import Step, status_of


@pytest.fixture
def dash(policy) -> RiskInstrument:
    return policy.instruments["dash-2009-police"]


def test_nothing_answered_is_not_yet_graded_not_standard(dash):
    result = assess(RiskAssessment(dash.instrument_id), dash)
    assert not result.graded
    assert result.grade_in_words == NOT_GRADED == "not yet graded"
    assert "standard" not in result.grade_in_words


@pytest.mark.parametrize("answer", list(Answer))
def test_one_answer_of_any_kind_grades_the_case(dash, answer):
    result = assess(RiskAssessment(dash.instrument_id, {"injury": answer}), dash)
    assert result.graded and result.grade_in_words == "standard"


def test_judgement_alone_grades_the_case(dash):
    assessment = RiskAssessment(dash.instrument_id)
    assert raise_by_judgement(assessment, dash, RiskGrade.MEDIUM, "She will not answer; he has a gun.", CALL_AT) is None
    result = assess(assessment, dash)
    assert result.graded and result.grade_in_words == "medium"


def test_raising_an_ungraded_case_to_standard_is_refused_in_plain_words(dash):
    assessment = RiskAssessment(dash.instrument_id)
    problem = raise_by_judgement(assessment, dash, RiskGrade.STANDARD, "why not", CALL_AT)
    assert problem is not None and "medium or high" in problem and "already" not in problem
    assert assessment.judgement is None


def test_strong_indicators_are_named_in_plain_words_once_each(dash):
    answers = {"threats_to_kill": Answer.YES, "strangulation": Answer.YES, "more_often": Answer.YES,
               "getting_worse": Answer.YES, "stalking": Answer.NO}
    result = assess(RiskAssessment(dash.instrument_id, answers), dash)
    labels = [indicator.label for indicator in result.strong_indicators]
    assert labels == ["Abuse getting worse or more often", "Threats to kill", "Strangling, choking or suffocating"]
    assert all("_" not in label for label in labels)
    assert all(indicator.meaning for indicator in result.strong_indicators)


def test_every_indicator_of_every_instrument_has_a_plain_label(policy):
    for instrument in policy.instruments.values():
        for key, indicator in instrument.indicators.items():
            assert indicator.label.strip() and "_" not in indicator.label, (instrument.instrument_id, key)


def test_details_are_kept_as_typed_and_an_emptied_box_keeps_nothing(dash):
    assessment = RiskAssessment(dash.instrument_id, {"weapons": Answer.YES})
    record_detail(assessment, "weapons", "  A kitchen knife — held to my throat\n")
    assert assessment.details == {"weapons": "  A kitchen knife — held to my throat\n"}
    record_detail(assessment, "weapons", "   ")
    assert assessment.details == {}


def test_details_for_a_question_the_instrument_does_not_ask_are_refused(dash):
    assessment = RiskAssessment(dash.instrument_id, details={"favourite_colour": "blue"})
    with pytest.raises(ValueError, match="favourite_colour"):
        assess(assessment, dash)


def test_details_survive_the_stored_round_trip_and_an_older_case_opens_without_them(policy):
    case = new_case(policy, CALL_AT)
    case.risk.answers["weapons"] = Answer.YES
    record_detail(case.risk, "weapons", "Kitchen knife, Łódź 🙂")
    again = Case.from_dict(case.to_dict())
    assert again.risk.details == {"weapons": "Kitchen knife, Łódź 🙂"}
    stored = case.to_dict()
    del stored["risk"]["details"]  # as saved before details existed
    assert Case.from_dict(stored).risk.details == {}


def test_the_rail_never_says_standard_before_anything_is_answered(build, policy):
    case = build.done_before(Step.RISK)
    status = status_of(case, policy, Step.RISK)
    assert "standard" not in f"{status.state.value} {status.reason}".lower()
