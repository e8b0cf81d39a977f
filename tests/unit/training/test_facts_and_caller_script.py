"""A scenario's facts anchored to a run's call, and what the simulated caller says."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from rvr_desktop.training import caller_script
from rvr_desktop.training.facts import account_facts, anchor, placeholder_problems
from rvr_desktop.workflow.date_checks import age_on
from rvr_desktop.workflow.encompass import encompass_notices
from rvr_desktop.workflow.steps import Step

LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize("year", [2025, 2031, 2040])
def test_ages_stay_right_whatever_year_the_scenario_is_run(scenarios, policy, year):
    call_at = datetime(year, 11, 7, 21, 40, tzinfo=UTC)
    facts = account_facts(scenarios["friday-children"], anchor(scenarios["friday-children"], call_at, LONDON))
    assert facts.incident_at == datetime(year, 11, 7, 21, 10, tzinfo=UTC)
    maisie, theo = facts.children
    assert (age_on(maisie.date_of_birth, date(year, 11, 7)), age_on(theo.date_of_birth, date(year, 11, 7))) == (9, 6)
    assert maisie.date_of_birth == date(year - 9, 7, 7)  # 9 years and 4 months before the incident
    notices = encompass_notices(facts.children, facts.incident_at, call_at, policy.encompass)
    assert len(notices) == 2


def test_earlier_incidents_are_dated_back_from_the_incident(scenarios):
    call_at = datetime(2026, 2, 10, 19, 0, tzinfo=UTC)
    facts = account_facts(scenarios["high-risk-marac-idva"],
                          anchor(scenarios["high-risk-marac-idva"], call_at, LONDON))
    assert [incident.occurred_on for incident in facts.previous_incidents] == [date(2025, 10, 10), date(2025, 12, 10)]
    assert facts.victim.date_of_birth == date(1998, 5, 10)  # 27 years and 9 months before


def test_each_run_gets_its_own_copy_of_the_facts(scenarios):
    scenario = scenarios["medium-risk"]
    anchored = anchor(scenario, datetime(2026, 1, 5, 10, tzinfo=UTC), LONDON)
    first = account_facts(scenario, anchored)
    first.injuries[0].description = "changed by a trainee"
    assert account_facts(scenario, anchored).injuries[0].description == "A bruise about the size of a fist."


def test_placeholders_are_filled_in_the_day_month_year_the_workstation_reads(scenarios, policy):
    scenario = scenarios["friday-children"]
    script = caller_script(scenario, policy, datetime(2025, 11, 7, 21, 40, tzinfo=UTC))
    [line] = script.say("account.children")
    assert line.says == ("Maisie, she's nine, born 07/07/2016, and Theo, he's six, born 07/09/2019. "
                         "Both at Anytown Primary.")
    assert "At about 21:10 he picked up a dining chair" in script.say("account.what_happened")[1].says
    assert placeholder_problems("born {born:nobody} at {time}", scenario) == [
        "{born:nobody} names nobody in this scenario; KEY can be caller, maisie, suspect, theo",
        "{time} is not a placeholder this program fills in (use {incident_date}, {incident_time} or {born:KEY})",
    ]
    assert placeholder_problems("a stray } brace", scenario) == ["has a { or } that doesn't belong to a placeholder"]


def test_the_caller_answers_from_the_script_or_else_from_the_scenario(scenarios, policy):
    script = caller_script(scenarios["standard-risk"], policy, datetime(2025, 11, 12, 12, tzinfo=UTC))
    [written] = script.say("safety.safe_place")
    assert (written.says, written.from_facts) == ("Yes, I'm at home. I've locked the door.", False)
    [plain] = script.say("safety.own_phone")
    assert (plain.says, plain.from_facts) == ("Yes.", True)
    assert [line.says for line in script.say("risk.injury")] == ["No."]
    assert script.say("account.what_happened")[0].says == ("Craig and I split up two months ago. He still has "
                                                           "some of his things here.")
    assert script.say("account.suspect")[0].says.startswith("It was Craig Holt, my former partner. Date of birth ")
    assert script.say("safeguarding.advice") == []
    assert script.prompts(Step.VIDEO) == ["greeting"]
    assert "risk.separation" in script.prompts(Step.RISK)
    with pytest.raises(KeyError):
        script.say("account.favourite_colour")


def test_a_caller_speaking_another_language_has_english_captions(scenarios, policy):
    script = caller_script(scenarios["interpreter-polish"], policy, datetime(2025, 11, 12, 12, tzinfo=UTC))
    [line] = script.say("safety.safe_place")
    assert line.caption == ("Tak, jestem u sąsiadki. Tu jestem bezpieczna.\n"
                            "(Yes, I'm at my neighbour's. I'm safe here.)")
    assert [line.english for line in script.say("account.what_happened")][1] == (
        "He pushed me into the wardrobe and I hit my shoulder.")


def test_a_deaf_callers_lines_are_signed_and_an_event_has_its_line(scenarios, policy):
    script = caller_script(scenarios["deaf-caller-bsl"], policy, datetime(2025, 11, 12, 12, tzinfo=UTC))
    [line] = script.say("event.asks-for-bsl")
    assert line.signed and line.caption.startswith("[signing] Please can I have a BSL interpreter?")
    assert script.prompts(None)[0] == "safety.safe_place"


def test_event_times_count_from_their_anchor(scenarios):
    event = scenarios["suspect-returns"].events[0]
    call_at = datetime(2025, 11, 12, 12, tzinfo=UTC)
    assert event.due_at(call_at, None) is None
    assert event.due_at(call_at, datetime(2025, 11, 12, 12, 2, tzinfo=UTC)) == datetime(2025, 11, 12, 12, 9,
                                                                                       tzinfo=UTC)
