"""One clock on every screen: the force's time zone, and in practice the scenario's time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rvr_desktop.casework.policy_in_force import policy_for
from rvr_desktop.store.cases import CaseHeadline, CaseSummary
from rvr_desktop.training.specimen_cases import CaseBuilder
from rvr_desktop.ui.case_list import CaseListModel
from rvr_desktop.ui.case_session import CaseSession
from rvr_desktop.workflow.steps import Step


def test_the_case_list_shows_each_last_change_on_the_forces_clock(practice):
    zone = policy_for(practice).zone
    model = CaseListModel()
    # Half past eleven at night in UTC is already the next day in a British summer.
    model.replace([CaseSummary("c1", CaseHeadline("INC-1", "Ann Example", "draft"), "2026-07-01T20:00:00Z",
                               "2026-07-01T23:30:00Z", 3)])
    model.set_zone(zone)
    assert model.index(0, 3).data() == "02/07/2026 00:30"


def test_saved_is_said_on_the_cases_clock_as_every_time_it_records(qtbot, practice, store_thread):
    policy = policy_for(practice)
    store_thread.open(practice.data_dir, practice.officer).result()
    case = CaseBuilder(policy).done_before(Step.SAFETY)
    store_thread.submit(lambda s: s.cases.create(case.to_dict(), CaseHeadline("INC-2", "", "draft"),
                                                 case.case_id)).result()
    session = CaseSession(store_thread, case.case_id, case, policy, practice)
    # A practice scenario set at another hour: its clock runs that far from real time.
    session.clock_offset = timedelta(hours=5, minutes=17)
    states = []
    session.saver.state_changed.connect(states.append)
    session.touch()
    qtbot.waitUntil(lambda: bool(states) and states[-1].startswith("Saved "), timeout=5000)
    shown = datetime.strptime(states[-1].removeprefix("Saved "), "%H:%M:%S").time()
    expected = (datetime.now(UTC) + session.clock_offset).astimezone(policy.zone)
    gap = abs((datetime.combine(expected.date(), shown, expected.tzinfo) - expected).total_seconds())
    assert min(gap, 86400 - gap) < 60, (shown, expected)
    session.close()
