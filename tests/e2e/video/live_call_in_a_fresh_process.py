"""A live workstation's call through the force's link service, in a process of its own; test_live_call.py
runs it. QtWebEngine takes its flags once a process, and a live workstation has no stand-in camera, so this
cannot share a process with the practice tests' fake one, just as a live workstation never does. Pytest does
not collect this file by itself: its name does not start with test_.

The service is started from its configuration file behind Debian's nginx with TLS from the force's own
authority (which no browser trusts by itself), the workstation enrolled with a code as the IT team does it
and started in live mode from its live.toml, the officer's page in QtWebEngine, real headless Chromium as the
caller's phone, which trusts the force's authority as a phone on the force's service would trust its public
one.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import keyring

from rvr_desktop.app import services_for_mode
from rvr_desktop.casework.policy_in_force import policy_for
from rvr_desktop.casework.starting import headline_of
from rvr_desktop.settings import Mode, load_settings
from rvr_desktop.store.case_store import CaseStore
from rvr_desktop.store.workstation_enrolment import ACCOUNT as ENROLMENT_ACCOUNT
from rvr_desktop.training.specimen_cases import CaseBuilder
from rvr_desktop.video.force_link_service import ForceLinkService
from rvr_desktop.workflow.steps import Step
from tests.conftest import run_cli
from tests.e2e.video.test_video_call import consent_and_join
from tests.e2e.video.workstation import page_value, send_link_and_open_the_call
from tests.gui.case_steps import click, open_main_window
from tests.helpers.chromium import Browsers, wait_for
from tests.helpers.enrolment import enrolment_code
from tests.helpers.force_link_service import behind_nginx
from tests.helpers.force_records import force_records
from tests.helpers.notify_stand_in import notify_stand_in


LINK = re.compile(r"https://\S+")


def test_a_live_workstation_holds_a_call_through_the_forces_link_service_on_the_forces_own_authority(
        qtbot, data_dir, tmp_path):
    data_dir.mkdir(mode=0o700)
    (tmp_path / "links").mkdir()
    browsers = Browsers()
    with notify_stand_in() as notify, behind_nginx(tmp_path / "links", None, b"", notify, host="127.0.0.1") as links, \
            force_records(tmp_path / "records") as records:
        enrolled = run_cli("enrol", links.public_url, enrolment_code(links.config, "CR-WS-LIVE"),
                           "--authority", str(links.authority))
        assert enrolled.returncode == 0, enrolled.stderr
        try:
            (data_dir / "live.toml").write_text('[officer]\nid = "PC 4821"\nname = "Jo Live"\n'
                                                f'[links]\nurl = "{links.public_url}"\n' + records.live_toml())
            settings = load_settings(Mode.LIVE, data_dir)
            policy = policy_for(settings)
            case = CaseBuilder(policy).done_before(Step.LINK, call_at=datetime.now(UTC) - timedelta(seconds=60))
            store = CaseStore(data_dir, settings.officer)
            store.cases.create(case.to_dict(), headline_of(case), case.case_id)
            store.close()

            window = open_main_window(qtbot, settings, services=services_for_mode, policy=policy)
            try:
                qtbot.waitUntil(lambda: isinstance(window.services.links, ForceLinkService), timeout=30_000)
                qtbot.waitUntil(lambda: case.case_id in window.cases.visible_case_ids())
                window.open_case(case.case_id)
                qtbot.waitUntil(lambda: window.case_view is not None)
                view = window.case_view
                opened = view.session.case
                phone = browsers.start(phone=True, trusting=links.authority)

                def caller_joins() -> None:
                    # The text the force's service sent her, through its Notify, and the link in it.
                    qtbot.waitUntil(lambda: bool(notify.phones.texts_to(opened.intake.safe_phone)), timeout=15_000)
                    [link] = LINK.findall(notify.phones.texts_to(opened.intake.safe_phone)[0]["body"])
                    assert link.startswith(links.public_url + "/")
                    phone.get(link)
                    consent_and_join(phone)

                # Connected: the caller's sound or picture reached the officer's page in QtWebEngine, which
                # loaded it from the service over TLS from the force's own authority.
                panel = send_link_and_open_the_call(qtbot, view, timeout=45_000, caller_joins=caller_joins)
                # This machine has no camera, and live mode no stand-in for one: she is shown who the officer is.
                wait_for(phone, f"document.getElementById('officer-card-name').textContent === "
                                f"{settings.profile.describe()!r}", what="the live officer's name on her phone")

                # Her picture in the officer's page, then a still of it.
                assert page_value(qtbot, panel, "document.getElementById('remote-caller')?.videoWidth") > 0
                click(qtbot, panel.still)
                qtbot.waitUntil(lambda: len(opened.exhibits) == 1, timeout=20_000)
                assert opened.exhibits[0].reference == f"{settings.profile.initials}/1"  # JL/1: the live officer
            finally:
                if window.case_view is not None:
                    window.case_view.close_case()
                window.close()
                window.workstation.stop()
        finally:
            browsers.close()
            keyring.delete_password("rvr-desktop", ENROLMENT_ACCOUNT)
