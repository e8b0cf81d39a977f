"""One clock on every screen: the force's time zone, and in practice the scenario's time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rvr_desktop.casework.policy_in_force import policy_for
from rvr_desktop.qt import Qt
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


def test_a_practice_cases_last_change_is_listed_on_its_scenarios_clock(practice):
    model = CaseListModel()
    model.set_zone(policy_for(practice).zone)
    back = -round(timedelta(days=2, hours=18, minutes=43).total_seconds())
    # The same moment for a real call and for a practice run whose scenario's clock is 2 days 18 h 43 min behind.
    model.replace([CaseSummary(case_id, CaseHeadline("INC-1", "Ann Example", "draft", offset), "2026-07-01T20:00:00Z",
                               "2026-07-01T23:30:00Z", 3) for case_id, offset in (("real", 0), ("practice", back))])
    assert [model.index(row, 3).data() for row in (0, 1)] == ["02/07/2026 00:30", "29/06/2026 05:47"]


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


# Two days, eighteen hours and 43 minutes back: every hour and minute differs from real time.
SCENARIO_OFFSET = -timedelta(days=2, hours=18, minutes=43)


def _reopened_practice_run(qtbot, workstation, practice):
    """A practice run saved earlier on its scenario's clock, opened again from the case list."""
    from tests.gui.case_steps import keep_case, open_listed_case

    policy = policy_for(practice)
    case = CaseBuilder(policy).done_before(Step.REVIEW)
    case.practice_clock_offset_seconds = round(SCENARIO_OFFSET.total_seconds())
    keep_case(practice, case)
    window = workstation()
    open_listed_case(qtbot, window, case.case_id)
    qtbot.waitUntil(lambda: window.case_view is not None)
    return policy, SCENARIO_OFFSET, case, window, window.case_view


def test_a_reopened_practice_run_keeps_its_clock_in_the_documents_list_and_the_documents(qtbot, workstation,
                                                                                            practice):
    """A practice run set 2 days and 18 hours 43 minutes back, saved and opened again later: the documents list
    and the documents' "made at" both say the scenario's time in the force's zone, never real time or UTC."""
    from rvr_desktop.store.case_files import CaseFileKind
    from rvr_desktop.store.case_store import CaseStore
    from tests.gui.case_steps import click
    from tests.unit.documents.pdf_reading import flat, pages

    policy, offset, case, window, view = _reopened_practice_run(qtbot, workstation, practice)
    assert view.session.clock_offset == offset
    view.show_documents(True)
    panel = view.documents
    click(qtbot, panel.make_button)
    qtbot.waitUntil(lambda: panel.list.count() >= 2, timeout=20_000)
    listed = panel.list.item(0).text()
    expected = (datetime.now(UTC) + offset).astimezone(policy.zone)
    shown = datetime.strptime(listed.rsplit(" — ", 1)[1], "%d/%m/%Y %H:%M").replace(tzinfo=policy.zone)
    assert abs((shown - expected).total_seconds()) < 120, (listed, expected)
    view.show_documents(False)
    window.close()

    store = CaseStore(practice.data_dir, "auditor")
    try:
        summary = next(f for f in store.files.list_for_case(case.case_id, CaseFileKind.DOCUMENT)
                       if f.name.startswith("case-summary"))
        text = flat(" ".join(pages(store.files.get(summary.file_id, justification="test reads it back")[1])))
    finally:
        store.close()
    made = [f"{moment:%A} {moment.day} {moment:%B %Y} at {moment:%H:%M}"
            for moment in (shown, shown + timedelta(minutes=1))]
    assert any(words in text for words in made), (made, text[:400])


def test_a_reopened_practice_run_says_its_last_change_in_the_case_list_on_the_scenarios_clock(qtbot, workstation,
                                                                                             practice):
    """A practice run set 2 days 18 hours 43 minutes back, reopened and changed: the case says "Saved" at the
    scenario's time, and so does the case list's "Last change" once it is closed, never real time."""
    from rvr_desktop.store.case_store import CaseStore
    from tests.gui.typing_in_any_script import type_text

    policy, offset, case, window, view = _reopened_practice_run(qtbot, workstation, practice)
    states: list[str] = []
    view.session.saver.state_changed.connect(states.append)
    caller = view.page(Step.INTAKE).caller
    caller.setFocus()
    caller.end(False)
    type_text(qtbot, caller, " Jones")
    qtbot.waitUntil(lambda: bool(states) and states[-1].startswith("Saved "), timeout=5000)
    saved = datetime.strptime(states[-1].removeprefix("Saved "), "%H:%M:%S")
    view.close_case()
    qtbot.waitUntil(lambda: window.case_view is None)

    model = window.cases.model

    def row_of_case() -> int | None:
        rows = [r for r in range(model.rowCount()) if model.index(r, 0).data(Qt.ItemDataRole.UserRole) == case.case_id]
        return rows[0] if rows and model.index(rows[0], 1).data().endswith(" Jones") else None

    qtbot.waitUntil(lambda: row_of_case() is not None)
    listed = model.index(row_of_case(), 3).data()
    shown = datetime.strptime(listed, "%d/%m/%Y %H:%M").replace(tzinfo=policy.zone)
    expected = (datetime.now(UTC) + offset).astimezone(policy.zone)
    assert abs((shown - expected).total_seconds()) < 120, (listed, expected)
    # The very minute the case said it was saved (or the next, when the save fell on the turn of a minute).
    assert (shown.hour, shown.minute) in {(moment.hour, moment.minute)
                                          for moment in (saved, saved + timedelta(minutes=1))}, (listed, saved)
    window.close()

    # The list has the offset from the store beside the case, kept with each draft.
    store = CaseStore(practice.data_dir, "auditor")
    try:
        (summary,) = store.cases.list_cases()
        assert summary.headline.clock_offset_seconds == round(offset.total_seconds())
    finally:
        store.close()
