"""The composition root as `rvr-desktop` builds it: the store, the policy, the services and the windows."""

from __future__ import annotations

import subprocess

from rvr_desktop.app import Workstation
from rvr_desktop.services import NO_SERVICES
from rvr_desktop.settings import Mode, Settings
from rvr_desktop.ui.main_window import MainWindow


def test_a_practice_workstation_starts_its_services_and_hands_them_to_the_window(qtbot, practice):
    workstation = Workstation(practice)
    window = MainWindow(workstation)
    qtbot.addWidget(window)
    window.show()
    try:
        with qtbot.waitSignal(workstation.services_ready, timeout=60_000) as ready:
            workstation.start()
        services = ready.args[0]
        assert window.services is services and services.links is not None
        assert window.new_case_button.isEnabled()
        # The outbox worker runs against the practice records server: the status bar hears from it.
        qtbot.waitUntil(lambda: window.outbox.status.online, timeout=30_000)
        assert services.links.client().open_session("c-1").session_id
    finally:
        workstation.stop()
    leftovers = subprocess.run(["pgrep", "-f", f"records-server --data-dir {practice.data_dir}"],
                               capture_output=True)
    assert leftovers.returncode == 1, leftovers.stdout
    assert services.links.process.poll() is not None


def test_a_live_workstation_says_its_services_are_not_connected_and_keeps_cases(qtbot, data_dir):
    workstation = Workstation(Settings(Mode.LIVE, data_dir, "PC 1"))
    window = MainWindow(workstation)
    qtbot.addWidget(window)
    try:
        with qtbot.waitSignal(workstation.services_unavailable, timeout=30_000) as told:
            workstation.start()
        assert "stay safely in the encrypted outbox" in told.args[0]
        assert window.outbox.text.text() == "Records system not connected"
        assert window.services is NO_SERVICES
        assert window.new_case_button.isEnabled()  # cases are taken and kept all the same
    finally:
        workstation.stop()


def test_a_window_made_after_the_store_opened_still_shows_it(qtbot, practice):
    workstation = Workstation(practice, services=None)
    try:
        workstation.start()
        qtbot.waitUntil(lambda: workstation.ready_for_cases, timeout=30_000)
        window = MainWindow(workstation)
        qtbot.addWidget(window)
        assert window.new_case_button.isEnabled()
        qtbot.waitUntil(lambda: "Case store open" in window.store_state.text())
    finally:
        workstation.stop()
