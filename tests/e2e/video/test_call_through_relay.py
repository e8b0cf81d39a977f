"""A whole call through the force's relay: the caller's phone behind a carrier's NAT (network namespaces, her
direct UDP to the workstation dropped), a force's link service started from its configuration file behind
Debian's nginx with the example site (TLS from a test authority), a workstation enrolled with a code, Debian's coturn as the relay with the
shipped example's peer rules, and relay-only set. The call connects, both sides' selected candidate pair is
relayed (read from getStats), and neither side is ever told the other's address."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass

import keyring
import pytest

from rvr_desktop.store.workstation_enrolment import kept_enrolment
from rvr_desktop.video.enrolment import Enrolment
from rvr_desktop.video.events import follow_events
from tests.conftest import REPO
from tests.e2e.video.rejoining import back_in_call_within, mark_connections
from tests.e2e.video.test_video_call import consent_and_join, sees
from tests.helpers.chromium import Browsers, wait_for
from tests.helpers.coturn import coturn, example_peer_rules, free_udp_port
from tests.helpers.enrolment import OFFICER, enrolment_code
from tests.helpers.force_link_service import ForceDeployment, behind_nginx
from tests.helpers.notify_stand_in import notify_stand_in
from tests.helpers.network_namespaces import CARRIER_OUTSIDE, HOST_ADDRESS, PHONE_ADDRESS, phone_behind_nat

pytestmark = pytest.mark.slow


# What one side's connection with `role` carries: its own and the other side's candidates, and the types at
# each end of the selected pair. Read on the page's own RTCPeerConnection with that peer.
CANDIDATES = """
const [role, done] = arguments;
const connection = window.rvrOfficer ? window.rvrOfficer.peerConnection(role)
  : (window.rvrCaller.page.call.peers.get(role) || {}).pc;
if (!connection) { done(null); return; }
connection.getStats().then((stats) => {
  const byId = new Map(); stats.forEach((report) => byId.set(report.id, report));
  const local = [], remote = [];
  let selected = null;
  stats.forEach((report) => {
    if (report.type === "local-candidate") local.push(`${report.candidateType} ${report.address}`);
    if (report.type === "remote-candidate") remote.push(`${report.candidateType} ${report.address}`);
    const pair = report.type === "transport" && byId.get(report.selectedCandidatePairId);
    if (pair) selected = [byId.get(pair.localCandidateId).candidateType, byId.get(pair.remoteCandidateId).candidateType];
  });
  done({local, remote, selected});
});
"""


@dataclass
class RelayCall:
    """A call in progress through the deployment: the service, the workstation's enrolment, both pages."""

    force: ForceDeployment
    enrolment: Enrolment
    session_id: str
    officer: object  # the officer's page (WebDriver)
    phone: object  # the caller's phone's page, inside its network behind NAT


@contextmanager
def call_through_relay(tmp_path) -> Iterator[RelayCall]:
    relay_port = free_udp_port()
    browsers = Browsers()  # closed while the phone's network still stands
    with phone_behind_nat(relay_udp_ports=(relay_port,)) as network, notify_stand_in() as notify, \
            coturn(tmp_path, listen=HOST_ADDRESS, port=relay_port,
                   extra=example_peer_rules(HOST_ADDRESS)) as (turn_url, secret, _turn_log), ExitStack() as stack:
        try:
            force = stack.enter_context(behind_nginx(tmp_path, turn_url, secret, notify))
            authority = force.authority
            # The workstation enrols as a force's IT team sets one up: a code printed on the server, then
            # `rvr-desktop enrol` here, trusting the force's own authority; its credential goes to the keyring.
            code = enrolment_code(force.config, "CR-RELAY")
            enrolled = subprocess.run([sys.executable, "-m", "rvr_desktop", "enrol", force.public_url, code,
                                       "--authority", str(authority)], cwd=REPO, capture_output=True, text=True,
                                      timeout=60)
            assert enrolled.returncode == 0, enrolled.stderr
            stack.callback(keyring.delete_password, "rvr-desktop", "link-service/enrolment")
            enrolment = kept_enrolment()
            assert enrolment is not None and enrolment.service_url == force.public_url
            with enrolment.client(OFFICER, timeout=10) as officer_api:
                session = officer_api.open_session("CASE-RELAY-1")
                invitation = officer_api.invite(session.session_id, "caller", phone_number="+447700900462")
                assert invitation.text_status == "sent", invitation.text_message
            officer = browsers.start(trusting=authority)
            officer.get(session.officer_page_url)
            wait_for(officer, "window.rvrOfficer && window.rvrOfficer.status().joined", what="the officer's page")
            phone = browsers.start(phone=True, trusting=authority, inside=network)
            phone.get(invitation.url)
            consent_and_join(phone)
            sees(phone, "remote-officer", "the caller seeing the officer", other=officer)
            sees(officer, "remote-caller", "the officer seeing the caller", other=phone)
            yield RelayCall(force, enrolment, session.session_id, officer, phone)
        finally:
            browsers.close()


def test_a_caller_behind_nat_is_connected_through_the_relay_and_neither_side_sees_the_others_address(tmp_path):
    with call_through_relay(tmp_path) as call:
        officer, phone = call.officer, call.phone
        # The officer's page reports the route too, as the workstation shows it to IT support.
        wait_for(officer, "(rvrOfficer.status().quality || {}).caller?.route === 'relay'", timeout=20,
                 what="the officer's page reporting the call's route as the relay")
        seen_by_officer = officer.execute_async_script(CANDIDATES, "caller")
        seen_by_caller = phone.execute_async_script(CANDIDATES, "officer")
        for seen in (seen_by_officer, seen_by_caller):
            assert seen is not None and seen["selected"] == ["relay", "relay"], seen
            # Only the relay's address crosses: never the phone's, the carrier's or the workstation's own.
            for line in seen["local"] + seen["remote"]:
                assert line == f"relay {HOST_ADDRESS}", seen
        for hidden in (PHONE_ADDRESS, CARRIER_OUTSIDE):
            assert hidden not in json.dumps(seen_by_officer)
        # On a link too slow for both, her voice goes before her picture: each side's audio is sent first.
        priorities = """
const connection = window.rvrOfficer ? window.rvrOfficer.peerConnection(arguments[0])
  : window.rvrCaller.page.call.peers.get(arguments[0]).pc;
return connection.getSenders().filter((s) => s.track)
  .map((s) => [s.track.kind, s.getParameters().encodings.map((e) => [e.priority, e.networkPriority])]);
"""
        for page, other in ((phone, "officer"), (officer, "caller")):
            sent = dict(page.execute_script(priorities, other))
            assert sent["audio"] == [["high", "high"]], sent
            assert sent["video"] != [["high", "high"]], sent


def test_after_a_crash_or_a_restart_of_the_link_service_mid_call_both_sides_are_back_within_ten_seconds(tmp_path):
    with call_through_relay(tmp_path) as call:
        mark_connections(call.officer, call.phone)
        crashed = time.monotonic()
        call.force.crash()
        call.force.start_again()  # as systemd's Restart=on-failure does, on the same address behind nginx
        back_in_call_within(call.officer, call.phone, 10, crashed)

        # An upgrade: systemctl restart drains for [calls] drain_seconds, then tells the pages it is restarting.
        mark_connections(call.officer, call.phone)
        call.force.terminate()
        wait_for(call.phone, "document.getElementById('status').textContent.includes('restarting')", timeout=5,
                 what="the caller told the service is restarting and to stay on the page")
        restarted = time.monotonic()
        call.force.start_again()
        back_in_call_within(call.officer, call.phone, 10, restarted)
        assert "restarting" not in call.phone.execute_script("return document.getElementById('status').textContent")

        # One continuous record: the same session, its events in one unbroken sequence, the rejoins in it.
        events: list[dict] = []
        stop = threading.Event()

        def take(event: dict) -> None:
            events.append(event)
            if sum(e["kind"] == "joined" for e in events) >= 6:
                stop.set()

        follower = threading.Thread(target=follow_events, args=(
            call.enrolment.service_url, call.enrolment.credential, call.session_id, take, stop),
            kwargs={"verify": call.enrolment.authority, "officer": OFFICER}, daemon=True)
        follower.start()
        follower.join(20)
        stop.set()
        assert [e["seq"] for e in events] == list(range(1, len(events) + 1)), events
        joins = [e["role"] for e in events if e["kind"] == "joined"]
        assert sorted(joins) == ["caller"] * 3 + ["officer"] * 3, events
