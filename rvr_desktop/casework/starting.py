"""Starting a case: a new one for a call the control room hands over, or a practice scenario's.

Either way the case is made by the workflow and stored as its first draft
(a collection in the audit log) before any window shows it, so a case on
screen always has a stored draft for the draft saver to save over.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from rvr_desktop.casework.practice_trainee import trainee_for_case
from rvr_desktop.store.cases import CaseHeadline
from rvr_desktop.workflow.case import Case, new_case
from rvr_desktop.workflow.outcome import CaseStatus

if TYPE_CHECKING:
    from rvr_desktop.settings import OfficerProfile
    from rvr_desktop.store.case_store import CaseStore
    from rvr_desktop.training.scenario import Scenario
    from rvr_desktop.workflow.policy import Policy


def headline_of(case: Case) -> CaseHeadline:
    """What the case list shows, taken from the case itself."""
    return CaseHeadline(title=case.intake.incident_reference, caller=case.intake.caller_name,
                        status=CaseStatus.of(case.outcome),
                        clock_offset_seconds=case.practice_clock_offset_seconds)


def start_new_case(store: CaseStore, policy: Policy, at: datetime) -> Case:
    """An empty case begun at `at`, stored; run on the store's thread."""
    return _stored(store, new_case(policy, at))


def practice_case(scenario: Scenario, policy: Policy, received: datetime,
                  clock_offset: timedelta = timedelta(0), trainee: OfficerProfile | None = None) -> Case:
    """A new case with the control room's hand-over from the scenario filled in; the call came in at `received`
    on the scenario's clock, which runs `clock_offset` from real time. `trainee`, who runs it, is kept with it."""
    from rvr_desktop.training.scenario import InterpreterNeed
    from rvr_desktop.workflow.intake import enter_safe_phone

    case = new_case(policy, received)
    intake = case.intake
    intake.incident_reference = f"{scenario.handover.incident_reference}-{received:%H%M}"
    intake.caller_name = scenario.caller.name
    enter_safe_phone(intake, scenario.caller.phone, policy.phone)
    intake.safe_time_to_call = scenario.handover.safe_time_to_call
    intake.language = scenario.caller.language
    intake.interpreter_needed = scenario.caller.interpreter is not InterpreterNeed.NONE
    intake.accessibility_needs = scenario.caller.accessibility
    intake.call_received_at = received
    case.practice_clock_offset_seconds = round(clock_offset.total_seconds())
    if trainee is not None:
        case.practice_trainee = trainee_for_case(trainee)
    return case


def start_practice_case(store: CaseStore, scenario: Scenario, policy: Policy, received: datetime,
                        clock_offset: timedelta, trainee: OfficerProfile | None = None) -> Case:
    """A practice scenario's case run by `trainee`, its call received at `received` on the scenario's clock
    (`clock_offset` from real time), stored; run on the store's thread."""
    return _stored(store, practice_case(scenario, policy, received, clock_offset, trainee))


def _stored(store: CaseStore, case: Case) -> Case:
    # Under the workflow's own id, so the case and its stored draft never need a second name.
    store.cases.create(case.to_dict(), headline_of(case), case.case_id)
    return case
