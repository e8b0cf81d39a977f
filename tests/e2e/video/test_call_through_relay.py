"""A whole call through the force's relay: the caller's phone behind a carrier's NAT (network namespaces, her
direct UDP to the workstation dropped), a force's link service started from its configuration file behind
Debian's nginx with the example site (TLS from a test authority), Debian's coturn as the relay with the
shipped example's peer rules, and relay-only set. The call connects, both sides' selected candidate pair is
relayed (read from getStats), and neither side is ever told the other's address."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from rvr_desktop.video.client import LinkServiceClient
from rvr_desktop.video.practice_certificate import make_practice_certificate
from tests.conftest import REPO
from tests.e2e.video.test_video_call import consent_and_join, sees
from tests.helpers.chromium import Browsers, wait_for
from tests.helpers.coturn import coturn, example_peer_rules, free_udp_port
from tests.helpers.nginx import example_nginx, free_port
from tests.helpers.notify_stand_in import StandInNotify, notify_stand_in
from tests.helpers.network_namespaces import CARRIER_OUTSIDE, HOST_ADDRESS, PHONE_ADDRESS, phone_behind_nat

pytestmark = pytest.mark.slow

OFFICER_TOKEN = "officer-token-of-a-force-relay-test-0123456789"

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


def _private(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    path.chmod(0o600)
    return path


def _force_service(folder: Path, turn_url: str, secret: bytes, notify: StandInNotify, public_url: str):
    """The link service as a force runs it: on loopback behind the force's nginx, which it trusts."""
    port = free_port()
    config = folder / "link-service.toml"
    config.write_text(
        f'[server]\nlisten = "127.0.0.1:{port}"\npublic_url = "{public_url}"\ntrusted_proxies = ["127.0.0.1"]\n'
        f'officer_token_file = "{_private(folder / "officer-token", OFFICER_TOKEN.encode())}"\n'
        f'[turn]\nurls = ["{turn_url}"]\nshared_secret_file = "{_private(folder / "turn-secret", secret)}"\n'
        f'relay_only = true\n'
        f'{notify.config_section(_private(folder / "notify-api-key", notify.phones.api_key.encode()))}',
        encoding="utf-8")
    log = (folder / "service.log").open("w")
    process = subprocess.Popen([sys.executable, "-m", "rvr_desktop", "link-service", "--config", str(config)],
                               cwd=REPO, stdout=subprocess.PIPE, stderr=log, stdin=subprocess.DEVNULL, text=True,
                               env={**os.environ, "CREDENTIALS_DIRECTORY": ""})
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line, (folder / "service.log").read_text()
    return process, port, log


@contextmanager
def _behind_nginx(folder: Path, turn_url: str, secret: bytes, notify: StandInNotify) -> Iterator[tuple[str, Path]]:
    """The force's service behind Debian's nginx with the example site, on this machine's address in the
    phone's network, TLS from a test authority: the address texts carry, and the authority to trust."""
    authority, chain, key, _ = make_practice_certificate([HOST_ADDRESS])
    (folder / "ca.pem").write_bytes(authority)
    https_port = free_port(HOST_ADDRESS)
    public_url = f"https://{HOST_ADDRESS}:{https_port}"
    process, port, log = _force_service(folder, turn_url, secret, notify, public_url)
    try:
        with example_nginx(folder / "nginx", port, _private(folder / "chain.pem", chain + authority),
                           _private(folder / "key.pem", key), host=HOST_ADDRESS, https_port=https_port):
            yield public_url, folder / "ca.pem"
    finally:
        process.terminate()
        process.wait(15)
        assert process.stdout is not None
        process.stdout.close()
        log.close()


def test_a_caller_behind_nat_is_connected_through_the_relay_and_neither_side_sees_the_others_address(tmp_path):
    relay_port = free_udp_port()
    browsers = Browsers()  # closed while the phone's network still stands
    with phone_behind_nat(relay_udp_ports=(relay_port,)) as network, notify_stand_in() as notify, \
            coturn(tmp_path, listen=HOST_ADDRESS, port=relay_port,
                   extra=example_peer_rules(HOST_ADDRESS)) as (turn_url, secret, _turn_log), ExitStack() as stack:
        try:
            base_url, authority = stack.enter_context(_behind_nginx(tmp_path, turn_url, secret, notify))
            with LinkServiceClient(base_url, OFFICER_TOKEN, timeout=10, verify=str(authority)) as officer_api:
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
        finally:
            browsers.close()
