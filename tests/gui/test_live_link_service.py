"""A live workstation and the force's link service: enrolled as the IT team does it (`rvr-desktop enrol` with
the code from the service's own command), the service behind Debian's nginx with TLS from the force's own
authority, the records API beside it. The workstation takes its calls there in the officer's name, and says
in the status bar when the service refuses it."""

from __future__ import annotations

import keyring
import pytest

from rvr_desktop.app import Workstation
from rvr_desktop.settings import Mode, load_settings
from rvr_desktop.store.workstation_enrolment import ACCOUNT as ENROLMENT_ACCOUNT
from rvr_desktop.ui.main_window import MainWindow
from rvr_desktop.video.force_link_service import ForceLinkService
from tests.conftest import run_cli
from tests.helpers.enrolment import enrolment_code, link_service_command
from tests.helpers.force_link_service import behind_nginx
from tests.helpers.force_records import force_records
from tests.helpers.notify_stand_in import notify_stand_in

pytestmark = pytest.mark.slow

OFFICER = '[officer]\nid = "PC 4821"\nname = "Jo Live"\n'


def _started(qtbot, data_dir) -> MainWindow:
    workstation = Workstation(load_settings(Mode.LIVE, data_dir))
    window = MainWindow(workstation)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(workstation.services_ready, timeout=30_000):
        workstation.start()
    return window


def test_a_live_workstation_calls_through_the_forces_link_service_and_says_when_it_is_refused(qtbot, data_dir,
                                                                                             tmp_path):
    data_dir.mkdir(mode=0o700)
    (tmp_path / "links").mkdir()
    with notify_stand_in() as notify, behind_nginx(tmp_path / "links", None, b"", notify, host="127.0.0.1") as links, \
            force_records(tmp_path / "records") as records:
        (data_dir / "live.toml").write_text(OFFICER + f'[links]\nurl = "{links.public_url}"\n' + records.live_toml())
        try:
            window = _started(qtbot, data_dir)
            try:
                assert window.services.links is None  # not enrolled yet
                assert window.notice.text() == "Not enrolled for video calls"
                assert f"rvr-desktop enrol {links.public_url} CODE" in window.notice.toolTip()
            finally:
                window.workstation.stop()

            enrolled = run_cli("enrol", links.public_url, enrolment_code(links.config, "CR-WS-42"),
                               "--authority", str(links.authority))
            assert enrolled.returncode == 0, enrolled.stderr
            window = _started(qtbot, data_dir)
            try:
                service = window.services.links
                assert isinstance(service, ForceLinkService) and not window.notice.isVisible()
                # Every request names the officer (the service refuses one that does not) and is the
                # enrolled workstation's: the service counts the call as this workstation's own.
                with service.client() as client:
                    session = client.open_session("case-live-1")
                    assert client.session(session.session_id)["session_id"] == session.session_id
                    assert client.status()["sessions"] == 1
            finally:
                window.workstation.stop()
            doctor = run_cli("doctor", "--mode", "live", "--data-dir", str(data_dir))
            assert doctor.returncode == 0, doctor.stdout + doctor.stderr
            assert (f"ok link-service: {links.public_url} admits this workstation (CR-WS-42) for PC 4821, its "
                    f"certificate checked against {links.authority.resolve()}") in doctor.stdout

            revoked = link_service_command(links.config, "revoke", "CR-WS-42")
            assert revoked.returncode == 0, revoked.stderr
            doctor = run_cli("doctor", "--mode", "live", "--data-dir", str(data_dir))
            assert doctor.returncode == 1
            assert "FAIL link-service: The force's link service refuses this workstation (CR-WS-42)" in doctor.stdout
            window = _started(qtbot, data_dir)
            try:
                assert window.services.links is None
                assert window.notice.text() == "Video calls refused"
                assert "refuses this workstation (CR-WS-42)" in window.notice.toolTip()
                assert window.new_case_button.isEnabled()  # cases are taken, by phone, and delivered all the same
            finally:
                window.workstation.stop()
        finally:
            try:
                keyring.delete_password("rvr-desktop", ENROLMENT_ACCOUNT)
            except keyring.errors.PasswordDeleteError:
                pass
