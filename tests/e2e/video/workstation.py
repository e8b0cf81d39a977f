"""Real workstation windows wired to a link service: a trainee's practice workstation, or a stored case opened."""

from __future__ import annotations

from contextlib import contextmanager

from rvr_desktop.app import link_service_only
from rvr_desktop.casework.starting import headline_of
from rvr_desktop.qt import Qt
from rvr_desktop.store.case_store import CaseStore
from rvr_desktop.workflow.steps import Step
from rvr_desktop.workflow.video import VideoEventKind
from tests.gui.case_steps import click, next_step, open_listed_case, open_main_window
from tests.gui.trainee_steps import say_who_i_am


def open_in_workstation(qtbot, settings, policy, case, link_service):
    """Store `case`, open a workstation with `link_service` under `policy`, and open the case.

    Returns the window, its case view and the store's thread (shut it down after).
    """
    store = CaseStore(settings.data_dir, settings.officer)
    store.cases.create(case.to_dict(), headline_of(case), case.case_id)
    store.close()
    window = open_main_window(qtbot, settings, services=link_service_only(link_service), policy=policy)
    qtbot.waitUntil(lambda: window.services.links is link_service)
    qtbot.waitUntil(lambda: case.case_id in window.cases.visible_case_ids())
    window.open_case(case.case_id)
    qtbot.waitUntil(lambda: window.case_view is not None)
    return window, window.case_view, window.workstation.store


@contextmanager
def trainee_workstation(qtbot, settings, link_service):
    """A practice workstation with `link_service`, as `installer/practice` opens it, ready for a scenario."""
    window = open_main_window(qtbot, settings, services=link_service_only(link_service))
    qtbot.waitUntil(lambda: window.practice_button.isEnabled() and window.services.links is link_service)
    try:
        yield window
    finally:
        if window.case_view is not None:
            window.case_view.close_case()
        window.close()
        window.workstation.stop()


def start_scenario(qtbot, window, scenario_id: str, by_trainer: bool = False, **trainee: str):
    """Start `scenario_id` as a trainee does: Ctrl+Shift+N, pick it, then say who they are (`trainee`: name, rank,
    number; by default Jo Bloggs's)."""
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: getattr(window, "scenario_dialog", None) is not None
                    and window.scenario_dialog.isVisible(), timeout=10_000)
    dialog = window.scenario_dialog
    row = [s.scenario_id for s in dialog.scenarios].index(scenario_id)
    dialog.list.setCurrentRow(row)
    if by_trainer:
        click(qtbot, dialog.by_trainer)
    click(qtbot, dialog.start)
    say_who_i_am(qtbot, window, **trainee)
    qtbot.waitUntil(lambda: window.case_view is not None and window.case_view.practice is not None)
    window.activateWindow()  # the dialog has gone; the main window has the keyboard again
    qtbot.waitUntil(window.isActiveWindow)
    # The hand-over came filled in from the scenario, so the case opens at the safety check.
    assert window.case_view.current_step() is Step.SAFETY
    return window.case_view


def debrief_of(qtbot, view):
    """Score the run as the trainee does (the panel's debrief button) and read the debrief window it opens,
    once the run's PDF is kept. Returns each criterion's verdict and the debrief."""
    panel = view.training_panel
    click(qtbot, panel.debrief_button)  # an earlier debrief's window closes at once
    qtbot.waitUntil(lambda: panel.debrief_window is not None and panel.debrief_window.isVisible(), timeout=20_000)
    assert panel.result.text().startswith("Score")
    debrief = panel.debrief_window.debrief
    main = view.window()
    main.activateWindow()  # the trainee goes back to the case beside the debrief: its keys work again
    qtbot.waitUntil(main.isActiveWindow)
    return {r.criterion: r.verdict for r in debrief.results}, debrief


def send_link_and_open_the_call(qtbot, view, timeout: int = 60_000, caller_joins=None):
    """Text the caller's link, open the video step once it is sent, and wait until the call is connected.

    Connected means the caller's sound or picture reached the officer's view, which is beside every step
    from the moment the link is made. `caller_joins()`, if given, is how the caller joins (a phone in the
    test); otherwise the practice run's simulated caller joins by itself. Returns the video view."""
    case = view.session.case
    click(qtbot, view.page(Step.LINK).send)
    qtbot.waitUntil(lambda: bool(case.link_invites) and case.link_invites[-1].sent_at is not None, timeout=15_000)
    if caller_joins is not None:
        caller_joins()
    next_step(qtbot, view, Step.VIDEO)
    qtbot.waitUntil(lambda: any(e.kind is VideoEventKind.CONNECTED for e in case.video_events), timeout=timeout)
    assert view.call_pane is not None
    return view.call_pane.panel


def open_case_with_the_call_beside(qtbot, data_dir, link_service):
    """A case whose caller's link the officer has just sent, so the call pane is beside the steps (nobody has
    joined yet). Returns the window, its case view and the store's thread (shut it down after)."""
    from rvr_desktop.casework.policy_in_force import policy_for
    from rvr_desktop.settings import Mode, Settings
    from rvr_desktop.training.specimen_cases import CaseBuilder

    settings = Settings(Mode.PRACTICE, data_dir, "practice:tester", fake_camera=True)
    policy = policy_for(settings)
    window, view, thread = open_in_workstation(qtbot, settings, policy, CaseBuilder(policy).done_before(Step.LINK),
                                               link_service)
    click(qtbot, view.page(Step.LINK).send)
    qtbot.waitUntil(lambda: view.call_pane is not None, timeout=15_000)
    return window, view, thread


def page_value(qtbot, panel, script: str, timeout: int = 30_000):
    """Run `script` in the officer's page until it gives a true value; return it."""
    seen = {}

    def ask() -> bool:
        panel.page.runJavaScript(script, 0, lambda value: seen.__setitem__("value", value))
        return bool(seen.get("value"))

    qtbot.waitUntil(ask, timeout=timeout)
    return seen["value"]


@contextmanager
def live_call(qtbot, settings, policy, case, notify, links, browsers, timeout: int = 45_000):
    """A live workstation for `settings` with its own services (the force's, from live.toml), `case` kept and
    opened, its caller texted through the force's link service `links` (its Notify: `notify`) and joined from
    a phone that trusts the force's authority. Yields the window, the case view, the call's video view and
    the phone; the window and its workstation are closed after."""
    import re

    from rvr_desktop.app import services_for_mode
    from rvr_desktop.video.force_link_service import ForceLinkService
    from tests.e2e.video.test_video_call import consent_and_join
    from tests.gui.case_steps import keep_case, open_main_window

    keep_case(settings, case)
    window = open_main_window(qtbot, settings, services=services_for_mode, policy=policy)
    try:
        qtbot.waitUntil(lambda: isinstance(window.services.links, ForceLinkService), timeout=30_000)
        open_listed_case(qtbot, window, case.case_id)
        qtbot.waitUntil(lambda: window.case_view is not None)
        view = window.case_view
        number = view.session.case.intake.safe_phone
        phone = browsers.start(phone=True, trusting=links.authority)

        def caller_joins() -> None:
            # The text the force's service sent her, through its Notify, and the link in it.
            qtbot.waitUntil(lambda: bool(notify.phones.texts_to(number)), timeout=15_000)
            [link] = re.findall(r"https://\S+", notify.phones.texts_to(number)[0]["body"])
            assert link.startswith(links.public_url + "/")
            phone.get(link)
            consent_and_join(phone)

        panel = send_link_and_open_the_call(qtbot, view, timeout=timeout, caller_joins=caller_joins)
        yield window, view, panel, phone
    finally:
        if window.case_view is not None:
            window.case_view.close_case()
        window.close()
        window.workstation.stop()
