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

from rvr_desktop.casework.policy_in_force import policy_for
from rvr_desktop.settings import Mode, load_settings
from rvr_desktop.store.workstation_enrolment import ACCOUNT as ENROLMENT_ACCOUNT
from rvr_desktop.training.specimen_cases import CaseBuilder
from rvr_desktop.workflow.steps import Step
from tests.conftest import run_cli
from tests.e2e.video.workstation import live_call, page_value
from tests.gui.case_steps import click
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
            with live_call(qtbot, settings, policy, case, notify, links, browsers) as (window, view, panel, phone):
                opened = view.session.case
                # This machine has no camera, and live mode no stand-in for one: she is shown who the officer is.
                wait_for(phone, f"document.getElementById('officer-card-name').textContent === "
                                f"{settings.profile.describe()!r}", what="the live officer's name on her phone")

                # Her picture in the officer's page, then a still of it.
                assert page_value(qtbot, panel, "document.getElementById('remote-caller')?.videoWidth") > 0
                click(qtbot, panel.still)
                qtbot.waitUntil(lambda: len(opened.exhibits) == 1, timeout=20_000)
                assert opened.exhibits[0].reference == f"{settings.profile.initials}/1"  # JL/1: the live officer
        finally:
            browsers.close()
            keyring.delete_password("rvr-desktop", ENROLMENT_ACCOUNT)
