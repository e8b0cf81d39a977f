"""A case survives to_dict / JSON / from_dict unchanged, and bad stored data is refused."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from workflow_cases import LONDON

from rvr_desktop.training.specimen_cases import CALL_AT, CaseBuilder
from rvr_desktop.workflow.account import (
    Child,
    Dependant,
    Injury,
    PreviousIncident,
    ProsecutionWish,
    WeaponOrObject,
    Witness,
)
from rvr_desktop.workflow.actions import submit_case
from rvr_desktop.workflow.answers import Answer
from rvr_desktop.workflow.case import Case, PracticeTrainee, new_case
from rvr_desktop.workflow.exhibits import Exhibit
from rvr_desktop.workflow.instruments import RiskGrade
from rvr_desktop.workflow.plain_data import CaseFormatError
from rvr_desktop.workflow.referrals import decide_referral, propose_referrals
from rvr_desktop.workflow.risk import raise_by_judgement
from rvr_desktop.workflow.steps import Step
from rvr_desktop.workflow.video import VideoEvent, VideoEventKind

TEXTS = {
    "arabic": "\u0636\u0631\u0628\u0646\u064a \u0639\u0644\u0649 \u0627\u0644\u0628\u0627\u0628",
    "hebrew with a number": "\u05d4\u05d5\u05d0 \u05d0\u05de\u05e8 123 \u05e9\u05d5\u05d1",
    "emoji with joiners": "\U0001f469\u200d\U0001f467\u200d\U0001f466 scared \U0001f62d",
    "decomposed accents": "Zoe\u0308 Chloe\u0301",  # NFD: must not be normalised
    "windows line ends and tabs": "line one\r\n\tline two\n",
    "spaces at the ends": "  kept as typed  ",
    "long": "He said he would find me. " * 800,
}


def everything_case(build: CaseBuilder, policy) -> Case:
    """A submitted case with every part of the tree filled in."""
    case = build.done_before(Step.REVIEW)
    account = case.account
    account.narrative = "\n".join(TEXTS.values())
    account.victim.date_of_birth = date(1990, 2, 28)
    account.victim.adult_at_risk, account.victim.adult_at_risk_reason = True, TEXTS["arabic"]
    account.suspect.name, account.suspect.date_of_birth = TEXTS["hebrew with a number"], date(1985, 7, 1)
    account.injuries = [Injury("left forearm", "bruising", "grabbed")]
    account.weapons = [WeaponOrObject("kitchen knife", "waved at her")]
    account.children = [
        Child(name="Ava", date_of_birth=date(2016, 5, 1), school="Hillside", lives_with_victim=True, present=False,
              where_during_incident="asleep upstairs", what_seen_or_said=TEXTS["emoji with joiners"]),
    ]
    account.dependants = [Dependant("Nan", date(1940, 1, 1), "mother", "dementia")]
    account.witnesses = [Witness("Neighbour", "flat 2", "heard shouting")]
    account.previous_incidents = [PreviousIncident(date(2025, 6, 1), "pushed", "CAD-1"), PreviousIncident()]
    account.last_marac_referral_on = date(2025, 1, 10)
    account.prosecution_wish = ProsecutionWish.UNDECIDED
    case.risk.answers["strangulation"] = Answer.YES
    case.risk.answers["stalking"] = Answer.NOT_KNOWN
    raise_by_judgement(case.risk, policy.instrument, RiskGrade.HIGH, TEXTS["decomposed accents"], CALL_AT)
    for proposal in propose_referrals(case, policy):
        decide_referral(case, proposal, confirmed=False, reason=TEXTS["spaces at the ends"], at=CALL_AT)
    case.link_invites[0].delivery_status = "delivered"
    case.link_invites[0].opened_at = CALL_AT + timedelta(seconds=90, microseconds=123456)
    case.video_events += [VideoEvent(kind, CALL_AT + timedelta(minutes=3), kind.label) for kind in VideoEventKind]
    case.exhibits = [Exhibit("JS/1", "still", "PC J Smith", CALL_AT, "video still", "a" * 64, "js1.png")]
    case.intake.interpreter_needed, case.intake.language = True, "Arabic"
    # The interpreter joined (above) but did not sign on their device: why is recorded instead.
    case.statement.interpreter_not_signed_reason = "in_person"
    case.statement.not_signed_note = TEXTS["emoji with joiners"]
    case.practice_trainee = PracticeTrainee("Jo Bloggs", "PC", "1234", TEXTS["decomposed accents"])
    assert submit_case(case, policy, CALL_AT + timedelta(hours=1)) is None
    return case


def through_json(data: dict) -> dict:
    return json.loads(json.dumps(data, ensure_ascii=False, allow_nan=False))


def test_a_full_case_round_trips_through_json(build, policy):
    case = everything_case(build, policy)
    data = case.to_dict()
    assert data["format"] == 1
    again = Case.from_dict(through_json(data))
    assert again == case
    assert again.to_dict() == data
    assert again.account.narrative == case.account.narrative  # every script, exactly


def test_times_are_stored_in_utc_and_mean_the_same_instant(build, policy):
    case = new_case(policy, CALL_AT)
    case.intake.call_received_at = datetime(2025, 7, 1, 21, 0, 0, 5, tzinfo=LONDON)  # BST
    stored = case.to_dict()["intake"]["call_received_at"]
    assert stored == "2025-07-01T20:00:00.000005+00:00"
    back = Case.from_dict(case.to_dict()).intake.call_received_at
    assert back == case.intake.call_received_at and back.tzinfo is UTC


def test_what_can_be_worked_out_is_not_stored(build, policy):
    case = everything_case(build, policy)
    data = case.to_dict()
    assert not {"timeline", "grade", "proposals", "steps"} & set(data)
    assert case.timeline.submitted == CALL_AT + timedelta(hours=1)
    assert Case.from_dict(data).timeline == case.timeline


def test_a_naive_time_can_not_be_stored(policy):
    case = new_case(policy, CALL_AT)
    case.intake.call_received_at = datetime(2025, 11, 4, 14, 0)
    with pytest.raises(ValueError, match="time zone"):
        case.to_dict()


FIRST_CHILD = "case.account.children[0]"


def _break(data: dict, path: list, value) -> dict:
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


@pytest.mark.parametrize(
    ("path", "value", "where", "says"),
    [
        (["format"], 2, "case.format", "newer version"),
        (["format"], "1", "case.format", "unknown format"),
        (["intake", "caller_nam"], "x", "case.intake.caller_nam", "not a field"),
        (["intake", "caller_name"], 7, "case.intake.caller_name", "expected text"),
        (["intake", "interpreter_needed"], "yes", "case.intake.interpreter_needed", "true or false"),
        (["intake", "call_received_at"], "2025-11-04T14:00:00", "case.intake.call_received_at", "no time zone"),
        (["intake", "call_received_at"], "yesterday", "case.intake.call_received_at", "not a date and time"),
        (["account", "prosecution_wish"], "maybe", "case.account.prosecution_wish", "not one of"),
        (["account", "children", 0, "date_of_birth"], "1/5/2016", f"{FIRST_CHILD}.date_of_birth", "not a date"),
        (["risk", "answers", "injury"], "yes please", "case.risk.answers.injury", "not one of"),
        (["link_invites"], {}, "case.link_invites", "expected a list"),
        (["safety", "asked", 0], "favourite_colour", "case.safety.asked[0]", "not a safety question"),
    ],
)
def test_stored_data_that_does_not_fit_is_refused_saying_where(build, path, value, where, says):
    case = build.done_before(Step.ACCOUNT)
    case.account.children = [Child(name="Ava", date_of_birth=date(2016, 5, 1))]
    data = _break(case.to_dict(), path, value)
    with pytest.raises(CaseFormatError) as refused:
        Case.from_dict(data)
    assert (refused.value.path, says in refused.value.problem) == (where, True)


def test_missing_fields_take_their_defaults_but_the_creation_time_is_required(policy):
    saved_before = Case.from_dict({"format": 1, "created_at": "2025-11-04T14:00:00+00:00"})
    assert saved_before.intake.caller_name == ""
    assert saved_before.practice_trainee is None and saved_before.practice_clock_offset_seconds == 0
    with pytest.raises(CaseFormatError, match="required"):
        Case.from_dict({"format": 1})
    with pytest.raises(CaseFormatError, match="expected an object"):
        Case.from_dict(["format", 1])


@settings(max_examples=200, deadline=None)
@given(text=st.text())
def test_any_text_is_kept_exactly(text):
    case = Case(created_at=CALL_AT)
    case.intake.caller_name = text
    case.account.narrative = text * 3
    case.account.children = [Child(name=text, what_seen_or_said=text)]
    again = Case.from_dict(through_json(case.to_dict()))
    assert again == case and again.intake.caller_name == text
