"""The call beside every step: the officer takes the account and reads back the statement while watching
the caller, and cannot miss someone joining or leaving. A real headless Chromium plays the caller's phone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from rvr_desktop.casework.policy_in_force import policy_for
from rvr_desktop.settings import Mode, Settings
from rvr_desktop.training.specimen_cases import CaseBuilder
from rvr_desktop.ui.call_pane import FLAG_MARK
from rvr_desktop.workflow.steps import Step
from rvr_desktop.workflow.video import VideoEventKind
from tests.e2e.video.test_video_call import consent_and_join, tap_link_on_phone
from tests.e2e.video.workstation import open_in_workstation
from tests.gui.case_steps import click


def _caller_picture_width(qtbot, panel) -> int:
    seen = {}

    def ask() -> bool:
        panel.page.runJavaScript("document.getElementById('remote-caller')?.videoWidth || 0", 0,
                                 lambda value: seen.__setitem__("width", value))
        return bool(seen.get("width"))

    qtbot.waitUntil(ask, timeout=30_000)
    return seen["width"]


@pytest.mark.slow
def test_the_call_stays_beside_every_step_and_flags_who_joins_and_leaves(qtbot, data_dir, link_service, browsers,
                                                                         screenshots_dir):
    settings = Settings(Mode.PRACTICE, data_dir, "practice:tester", fake_camera=True)
    policy = policy_for(settings)
    # Every step reachable, so the officer can move to any of them during the call; no link made yet.
    case = CaseBuilder(policy).done_before(Step.STATEMENT, call_at=datetime.now(UTC) - timedelta(seconds=70))
    window, view, thread = open_in_workstation(qtbot, settings, policy, case, link_service)
    opened = view.session.case
    try:
        assert view.call_pane is None  # no link to the service yet: nothing to show
        view.go_to(list(Step).index(Step.LINK))
        click(qtbot, view.page(Step.LINK).send)
        qtbot.waitUntil(lambda: view.call_pane is not None, timeout=15_000)
        pane = view.call_pane
        # The caller joins while the officer is still on the link step: the view is already there to see her.
        phone = browsers.start(phone=True)
        tap_link_on_phone(phone, link_service, opened.intake.safe_phone)
        consent_and_join(phone)
        qtbot.waitUntil(lambda: any(e.kind is VideoEventKind.CONNECTED for e in opened.video_events),
                        timeout=30_000)
        assert view.current_step() is Step.LINK
        qtbot.waitUntil(lambda: "The caller joined the call" in pane.flag_shown, timeout=15_000)
        assert window.windowTitle().startswith(FLAG_MARK)
        click(qtbot, pane.seen)
        assert not pane.flag_shown and not window.windowTitle().startswith(FLAG_MARK)
        # No tile waits for an interpreter nobody invited.
        hidden = {}
        pane.panel.page.runJavaScript("document.getElementById('interpreter-tile').hidden", 0,
                                      lambda value: hidden.__setitem__("tile", value))
        qtbot.waitUntil(lambda: "tile" in hidden)
        assert hidden["tile"] is True

        # The same view, on every step the officer writes in: the call never drops as they move.
        for row, step in enumerate(list(Step)[:list(Step).index(Step.STATEMENT) + 1]):  # review waits for it
            view.go_to(row)
            assert view.current_step() is step
            assert view.call_pane is pane and pane.isVisible(), step
            if step in (Step.ACCOUNT, Step.STATEMENT):
                assert _caller_picture_width(qtbot, pane.panel) > 0
                if screenshots_dir is not None:
                    view.window().grab().save(str(screenshots_dir / f"call-pane-{step.value}.png"))

        # Popped out for a second screen and put back, still the same call.
        click(qtbot, pane.pop_button)
        assert pane.popped_out and pane.window() is not window
        click(qtbot, pane.pop_button)
        assert not pane.popped_out and pane.window() is window

        # The caller's tab goes: the officer is told at once, whatever step they are on.
        phone.quit()
        qtbot.waitUntil(lambda: "The caller left the call" in pane.flag_shown, timeout=30_000)
        assert window.windowTitle().startswith(FLAG_MARK)
    finally:
        view.close_case()
        window.close()
        thread.shutdown()
