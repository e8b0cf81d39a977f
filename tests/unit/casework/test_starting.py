"""Starting a case: a new case, or a practice scenario's, is stored as its
first draft under the workflow's own id before any window shows it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from rvr_desktop.casework.practice_trainee import trainee_of_case
from rvr_desktop.casework.starting import headline_of, practice_case, start_new_case, start_practice_case
from rvr_desktop.settings import OfficerProfile
from rvr_desktop.training import check_scenarios, practice_policy
from rvr_desktop.training.specimen_cases import CALL_AT, CaseBuilder
from rvr_desktop.workflow import actions
from rvr_desktop.workflow.case import Case, PracticeTrainee
from rvr_desktop.workflow.policy import load_policy
from rvr_desktop.workflow.steps import Step


@pytest.fixture(scope="module")
def policy():
    # As practice mode applies it: the scenarios' callers have drama-range numbers.
    return practice_policy(load_policy())


@pytest.fixture(scope="module")
def scenario(policy):
    checked = {found.scenario.scenario_id: found.scenario for found in check_scenarios(policy, now=CALL_AT)
               if found.ok}
    return checked["interpreter-polish"]


def test_a_new_case_is_stored_as_an_empty_draft(store, policy):
    case = start_new_case(store, policy, CALL_AT)

    assert case.created_at == CALL_AT and case.safety.asked and case.outcome is None
    (listed,) = store.cases.list_cases()
    assert listed.case_id == case.case_id and listed.headline == headline_of(case)
    assert (listed.headline.status, listed.revision) == ("draft", 1)
    assert store.cases.open_case(case.case_id).payload == case.to_dict()
    assert next(e for e in store.audit.entries()).action == "collection"


def test_a_practice_case_carries_the_scenarios_handover(store, policy, scenario):
    received = CALL_AT + timedelta(hours=7, minutes=5)
    # A scenario set three days back: its clock is kept with the case, so a run reopened keeps it.
    case = start_practice_case(store, scenario, policy, received, timedelta(days=-3, minutes=5))

    intake = case.intake
    assert intake.incident_reference == f"{scenario.handover.incident_reference}-2105"
    assert intake.caller_name == scenario.caller.name and intake.call_received_at == received
    assert intake.safe_phone.startswith("+44") and intake.safe_phone_typed == scenario.caller.phone
    assert intake.language == scenario.caller.language and intake.interpreter_needed
    stored = store.cases.open_case(case.case_id)
    assert stored.payload == case.to_dict()
    assert Case.from_dict(stored.payload).practice_clock_offset_seconds == -3 * 86400 + 300
    assert stored.summary.headline.title == intake.incident_reference
    assert stored.summary.headline.caller == scenario.caller.name
    # The same hand-over, made without the store, for a tool that only needs the case.
    assert practice_case(scenario, policy, received).intake == intake
    # The list has the scenario's clock beside the case, without opening it.
    assert stored.summary.headline.clock_offset_seconds == -3 * 86400 + 300
    assert store.cases.list_cases()[0].headline == headline_of(case)


def test_a_practice_case_keeps_its_trainee_so_it_is_theirs_when_reopened(store, policy, scenario):
    jo = OfficerProfile("Jo Bloggs", "PC", "1234", "Response, Northtown")
    case = start_practice_case(store, scenario, policy, CALL_AT, timedelta(0), jo)

    reopened = Case.from_dict(store.cases.open_case(case.case_id).payload)
    assert reopened.practice_trainee == PracticeTrainee("Jo Bloggs", "PC", "1234", "Response, Northtown")
    assert trainee_of_case(reopened) == jo
    # A practice case begun without a scenario (or saved before trainees were kept) names no one.
    assert practice_case(scenario, policy, CALL_AT).practice_trainee is None
    assert trainee_of_case(CaseBuilder(policy).done_before(Step.SAFETY)) is None


def test_kept_details_that_name_no_one_leave_the_case_in_the_practice_officers_name(policy):
    case = CaseBuilder(policy).done_before(Step.SAFETY)
    case.practice_trainee = PracticeTrainee(name="  ", rank="PC", number="1234")
    assert trainee_of_case(case) is None
    case.practice_trainee = PracticeTrainee(name=" Jo  Bloggs ", number="1234 ")
    assert trainee_of_case(case) == OfficerProfile("Jo Bloggs", "", "1234")


def test_the_case_list_shows_where_a_case_stands(policy):
    build = CaseBuilder(policy)
    escalated = build.done_before(Step.ACCOUNT)
    actions.escalate(escalated, "Suspect returned.", CALL_AT)
    for case, status in ((build.done_before(Step.SAFETY), "draft"), (escalated, "escalated"),
                         (build.submitted(), "submitted")):
        headline = headline_of(case)
        assert headline.status == status
        assert (headline.title, headline.caller) == (case.intake.incident_reference, case.intake.caller_name)
        assert headline.clock_offset_seconds == 0  # a real call's clock is real time
