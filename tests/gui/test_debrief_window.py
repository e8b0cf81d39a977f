"""The debrief in a window of its own: opened from the practice panel, not modal, each criterion with its
verdict, why (naming the failed step) and the particulars, the trainee named by their profile."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from rvr_desktop.training import (
    Criterion,
    StepVisit,
    check_scenarios,
    model_run,
    practice_policy,
    score_run,
    targets_told,
)
from rvr_desktop.training.scenario_clock import call_moment
from rvr_desktop.ui.debrief_window import DebriefWindow
from rvr_desktop.workflow.policy import load_policy
from rvr_desktop.workflow.steps import Step
from rvr_desktop.workflow.video import VideoEventKind
from tests.gui.case_steps import answer_safety, click
from tests.gui.trainee_steps import say_who_i_am

NOON = datetime(2025, 11, 12, 12, 0, tzinfo=UTC)  # a Wednesday in term time


def _scenario(scenario_id: str, policy):
    return next(checked.scenario for checked in check_scenarios(policy)
                if checked.ok and checked.scenario.scenario_id == scenario_id)


def _picture(widget, name: str) -> None:
    """Kept for a person to look at when RVR_SCREENSHOTS names a folder."""
    folder = os.environ.get("RVR_SCREENSHOTS")
    picture = widget.grab()
    assert not picture.isNull()
    if folder:
        picture.save(str(Path(folder) / name))


def test_a_failed_criterion_says_which_step_and_what_exactly(qtbot):
    policy = practice_policy(load_policy())
    scenario = _scenario("suspect-returns", policy)
    model = model_run(scenario, policy, call_moment(scenario, NOON, policy.encompass.calendar))
    # The trainee opened the account before the video step, and left the call open when they escalated.
    model.case.video_events = [e for e in model.case.video_events if e.kind is not VideoEventKind.ENDED]
    link = next(visit for visit in model.visits if visit.step is Step.LINK)
    model.visits.insert(0, StepVisit(Step.ACCOUNT, link.at))
    debrief = score_run(replace(model, trainee="PC 1234 Jo Bloggs"), policy)

    window = DebriefWindow(debrief)
    qtbot.addWidget(window)
    window.show()
    assert not window.isModal()
    assert set(window.rows) == set(Criterion)
    for result in debrief.results:
        row = window.rows[result.criterion]
        assert (row.verdict.text(), row.reason.text()) == (result.verdict.label, result.reason)
        assert row.details.isVisible() is bool(result.details)
        assert all(detail in row.details.text() for detail in result.details)
    steps = window.rows[Criterion.STEPS_IN_ORDER]
    assert steps.verdict.text() == "Failed" and steps.verdict.property("tone") == "danger"
    assert steps.reason.text().startswith("The Account step was opened before the Send link step")
    ended = window.rows[Criterion.CALL_ENDED]
    assert ended.verdict.text() == "Failed" and "never ended" in ended.reason.text()
    assert window.rows[Criterion.SAFETY].verdict.property("tone") == "ok"
    assert window.about.text().startswith("Trainee: PC 1234 Jo Bloggs\n")
    _picture(window, "debrief-window.png")


def test_the_panel_shows_the_targets_and_opens_the_debrief_in_its_own_window(qtbot, workstation):
    window = workstation()
    policy = practice_policy(load_policy())
    scenario = _scenario("not-safe-at-start", policy)
    window.start_scenario(scenario, by_trainer=False)
    say_who_i_am(qtbot, window, name="Jo Bloggs", rank="PC", number="1234")
    qtbot.waitUntil(lambda: window.case_view is not None and window.case_view.practice is not None)
    view = window.case_view
    panel = view.training_panel
    # The times the debrief scores are in front of the trainee from the start of the run.
    assert panel.targets.isVisible() and panel.targets.text() == targets_told(scenario)

    answer_safety(qtbot, view, dict(scenario.safety.answers))  # as the caller answered: not safe
    qtbot.waitUntil(view.page(Step.SAFETY).confirm_box.isVisible)
    click(qtbot, view.page(Step.SAFETY).confirm_button)

    click(qtbot, panel.debrief_button)
    qtbot.waitUntil(lambda: panel.debrief_window is not None and panel.debrief_window.isVisible(), timeout=20_000)
    first = panel.debrief_window
    debrief = first.debrief
    assert not first.isModal() and first.parent() is window
    assert panel.result.text().startswith(f"Score {debrief.passed} of {debrief.out_of}: the debrief is open")
    # Named as the trainee said they are before the run, as their documents name them; never by the account's id.
    assert debrief.trainee == "PC 1234 Jo Bloggs"
    assert first.about.text().startswith("Trainee: PC 1234 Jo Bloggs\n")
    assert first.rows[Criterion.SAFETY].verdict.text() == "Passed"
    assert first.rows[Criterion.CALL_ENDED].verdict.text() == "Not applicable"
    _picture(first, "debrief-window-from-the-panel.png")

    # Scored again: a fresh window, the first one closed and let go.
    gone: list[str] = []
    first.destroyed.connect(lambda: gone.append("first"))
    click(qtbot, panel.debrief_button)
    qtbot.waitUntil(lambda: panel.debrief_window is not None and panel.debrief_window.isVisible(), timeout=20_000)
    qtbot.waitUntil(lambda: gone == ["first"])
    # Closing the case closes its debrief: the main window has the keys again (Ctrl+Shift+N for a scenario).
    second = panel.debrief_window
    second.destroyed.connect(lambda: gone.append("second"))
    view.close_case()
    assert not second.isVisible()
    qtbot.waitUntil(lambda: gone == ["first", "second"])
