"""The composition root as `rvr-desktop` builds it: the store, the policy, the services and the windows."""

from __future__ import annotations

import subprocess

from rvr_desktop.app import Workstation
from rvr_desktop.settings import Mode, load_settings
from rvr_desktop.ui.main_window import MainWindow
from tests.helpers.force_records import force_records


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
        qtbot.waitUntil(lambda: window.outbox.status.online is True, timeout=30_000)
        assert services.links.client().open_session("c-1").session_id
    finally:
        workstation.stop()
    leftovers = subprocess.run(["pgrep", "-f", f"records-server --data-dir {practice.data_dir}"],
                               capture_output=True)
    assert leftovers.returncode == 1, leftovers.stdout
    assert services.links.process.poll() is not None


def test_a_live_workstation_reaches_the_forces_records_api_and_says_it_is_not_enrolled_for_video(qtbot, data_dir,
                                                                                                  tmp_path):
    data_dir.mkdir(mode=0o700)
    with force_records(tmp_path / "force") as force:
        (data_dir / "live.toml").write_text('[officer]\nid = "PC 1"\nname = "Jo Live"\n'
                                            '[links]\nurl = "https://links.force.example"\n' + force.live_toml())
        workstation = Workstation(load_settings(Mode.LIVE, data_dir))
        window = MainWindow(workstation)
        qtbot.addWidget(window)
        window.show()
        try:
            with qtbot.waitSignal(workstation.services_ready, timeout=30_000):
                workstation.start()
            # The outbox worker asks the records system whether it is there, with a token from its endpoint.
            qtbot.waitUntil(lambda: window.outbox.status.online is True, timeout=30_000)
            assert force.server.issuer.issued_count == 1
            assert window.services.links is None and window.notice.isVisible()
            # Not enrolled with the force's link service (tests/gui/test_live_link_service.py enrols one).
            assert window.notice.text() == "Not enrolled for video calls"
            assert "rvr-desktop enrol https://links.force.example CODE" in window.notice.toolTip()
            assert window.new_case_button.isEnabled()
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
