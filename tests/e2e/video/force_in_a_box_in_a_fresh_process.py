"""A force in a box, in a process of its own (test_force_in_a_box.py runs it; QtWebEngine takes its flags once
a process, and a live workstation has no stand-in camera): the practice OpenID provider for the force's
sign-in, the link service from its configuration file behind Debian's nginx with Debian's coturn as its
relay and relay-only set, the records API over TLS with its own token endpoint, each with its own
certificate authority. The workstation is enrolled with a code as IT does it; the officer signs in at the
provider's page (headless Chromium where the desktop's browser stands, driven by selenium), takes a call
from headless Chromium as the caller's phone through the relay, and takes a still. Everything the
workstation kept is in the signed-in officer's name. Pytest does not collect this file by itself.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import keyring

from rvr_desktop.casework.policy_in_force import policy_for
from rvr_desktop.casework.starting import headline_of
from rvr_desktop.practice_identity import PracticeIdentityProvider, PracticeOfficer
from rvr_desktop.records_server.records import investigations_by_case
from rvr_desktop.settings import Mode, load_settings
from rvr_desktop.store.case_store import CaseStore
from rvr_desktop.store.workstation_enrolment import ACCOUNT as ENROLMENT_ACCOUNT
from rvr_desktop.training.specimen_cases import CaseBuilder
from rvr_desktop.ui.sign_in_window import SignInWindow
from rvr_desktop.video.practice_certificate import make_practice_certificate
from rvr_desktop.workflow.case import Case
from rvr_desktop.workflow.steps import Step
from tests.conftest import run_cli
from tests.e2e.video.workstation import live_call, page_value
from tests.gui.case_steps import click, open_listed_case, submit
from tests.helpers.chromium import Browsers
from tests.helpers.coturn import coturn, example_peer_rules
from tests.helpers.desktop_browser import the_desktops_browser
from tests.helpers.enrolment import enrolment_code
from tests.helpers.force_link_service import behind_nginx, private_file
from tests.helpers.force_records import force_records
from tests.helpers.notify_stand_in import notify_stand_in

LINK = re.compile(r"https://\S+")
OFFICER = PracticeOfficer("correct horse", {"sub": "81f2", "preferred_username": "jlive", "name": "Jo Live",
                                            "collar_number": "4821", "rank": "PC", "force_id": "PC 4821"})
# What the page reports of the route its connection to the caller took (as the call's figures show IT).
ROUTE = "(window.rvrOfficer.status().quality || {}).caller?.route"


def test_an_officer_signs_in_and_takes_a_call_through_the_forces_relay_all_in_their_name(qtbot, data_dir,
                                                                                        tmp_path):
    data_dir.mkdir(mode=0o700)
    (tmp_path / "links").mkdir()
    (tmp_path / "relay").mkdir()
    sign_in_authority, chain, key, _ = make_practice_certificate(["127.0.0.1"])
    tls = (private_file(tmp_path / "idp-chain.pem", chain + sign_in_authority), private_file(tmp_path / "idp.pem", key))
    idp_ca = private_file(tmp_path / "idp-ca.pem", sign_in_authority)
    browsers = Browsers()
    with PracticeIdentityProvider({"rvr-desktop"}, {"jlive": OFFICER}, tls=tls) as provider, notify_stand_in() as notify, \
            coturn(tmp_path / "relay", extra=example_peer_rules("127.0.0.1")) as (turn_url, secret, _log), \
            behind_nginx(tmp_path / "links", turn_url, secret, notify, host="127.0.0.1") as links, \
            force_records(tmp_path / "records") as records:
        enrolled = run_cli("enrol", links.public_url, enrolment_code(links.config, "CR-BOX-1"),
                           "--authority", str(links.authority))
        assert enrolled.returncode == 0, enrolled.stderr
        try:
            (data_dir / "live.toml").write_text(
                '[officer]\nforce = "Anyshire Constabulary"\nstation = "Anytown Central"\n'
                f'[sign_in]\nissuer = "{provider.issuer}"\nclient_id = "rvr-desktop"\nca_bundle = "{idp_ca}"\n'
                '[sign_in.claims]\nid = "force_id"\nnumber = "collar_number"\nrank = "rank"\n'
                f'[links]\nurl = "{links.public_url}"\n' + records.live_toml())
            settings = load_settings(Mode.LIVE, data_dir)
            assert settings.sign_in is not None

            # The shift begins at the sign-in, as run_workstation opens it.
            first = SignInWindow(settings.sign_in)
            qtbot.addWidget(first)
            first.show()
            with the_desktops_browser(browsers.start(trusting=idp_ca), "jlive", "correct horse"), \
                    qtbot.waitSignal(first.signed_in, timeout=60_000) as signed:
                click(qtbot, first.button)
            shift = settings.signed_in(signed.args[0].officer_id, signed.args[0].profile)
            first.close()
            assert shift.officer == "PC 4821" and shift.profile.describe() == "PC 4821 Jo Live"

            policy = policy_for(shift)
            builder, call_at = CaseBuilder(policy), datetime.now(UTC) - timedelta(seconds=60)
            case = builder.done_before(Step.LINK, call_at=call_at)
            with live_call(qtbot, shift, policy, case, notify, links, browsers, 60_000) as (window, view, panel, _phone):
                assert not window.notice.isVisible()
                opened = view.session.case
                assert page_value(qtbot, panel, "document.getElementById('remote-caller')?.videoWidth") > 0
                assert page_value(qtbot, panel, ROUTE) == "relay"  # relay-only: through the force's coturn
                click(qtbot, panel.still)
                qtbot.waitUntil(lambda: len(opened.exhibits) == 1, timeout=20_000)
                assert opened.exhibits[0].reference == "JL/1"  # the signed-in officer's, Jo Live's
                view.close_case()
                qtbot.waitUntil(lambda: window.case_view is None)

                # The account, risk, safeguarding and statement, as the windows take them (their own tests walk
                # them): written into the stored case, which the officer then opens, reviews and submits.
                def the_rest_of_the_case(store) -> None:
                    kept = Case.from_dict(store.cases.open_case(case.case_id).payload)
                    for step in (Step.ACCOUNT, Step.RISK, Step.SAFEGUARDING, Step.STATEMENT):
                        builder.do(step, kept, call_at)
                    store.cases.save_draft(case.case_id, kept.to_dict(), headline_of(kept))

                window.workstation.store.submit(the_rest_of_the_case).result(30)
                open_listed_case(qtbot, window, case.case_id)
                qtbot.waitUntil(lambda: window.case_view is not None)
                window.case_view.go_to(window.case_view.rail.count() - 1)
                submit(qtbot, window.case_view)
                qtbot.waitUntil(lambda: case.case_id in investigations_by_case(records.server.database),
                                timeout=60_000)
        finally:
            browsers.close()
            keyring.delete_password("rvr-desktop", ENROLMENT_ACCOUNT)

    # Delivered exactly once, in the signed-in officer's name, with the still taken in the call.
    [filed] = investigations_by_case(records.server.database)[case.case_id]
    assert filed["request"]["source"]["submitted_by"] == "PC 4821" and filed["request"]["source"]["training"] is False
    assert len(filed["files"]) == 1
    # The audit log names the officer the force's provider signed in, and nobody else, for all of it.
    store = CaseStore(data_dir, "auditor")
    try:
        officers = {entry.officer for entry in store.audit.entries() if entry.record.startswith(f"case:{case.case_id}")}
    finally:
        store.close()
    assert officers == {"PC 4821"}
