"""The force's coturn, started by the test with a shared secret, and real Chromium gathering relay candidates
with credentials the link service mints: a fresh credential relays, a forged or expired one does not."""

from __future__ import annotations

import socket
import subprocess
import sys
import time

import pytest

from rvr_desktop.linkservice.turn import GRACE_SECONDS, TurnRelay, ice_transport_policy, password_for
from tests.helpers.chromium import Browsers
from tests.helpers.coturn import coturn, example_peer_rules, free_udp_port
from tests.helpers.network_namespaces import CARRIER_OUTSIDE, HOST_ADDRESS, PHONE_ADDRESS, phone_behind_nat

pytestmark = pytest.mark.slow

# Gather this page's candidates for `servers` under `policy`, then hand back their lines.
GATHER = """
const [servers, policy, done] = arguments;
const connection = new RTCPeerConnection({iceServers: servers, iceTransportPolicy: policy});
const found = [];
const finish = () => { connection.close(); done(found); };
connection.onicecandidate = (event) => { if (event.candidate) found.push(event.candidate.candidate); else finish(); };
connection.createDataChannel("probe");
connection.createOffer().then((offer) => connection.setLocalDescription(offer));
setTimeout(finish, 8000);
"""


def _relayed(browser, relay: TurnRelay, credential) -> list[str]:
    lines = browser.execute_async_script(GATHER, [relay.browser_config(credential)], ice_transport_policy(relay))
    return [line for line in lines if " typ relay " in line]


def test_coturn_relays_for_a_fresh_credential_and_refuses_a_forged_or_expired_one(tmp_path, browsers):
    browser = browsers.start()
    browser.get("about:blank")
    with coturn(tmp_path) as (url, secret, log):
        relay = TurnRelay((url,), secret, relay_only=True)
        fresh = relay.credential(valid_seconds=600, now=time.time())
        relayed = _relayed(browser, relay, fresh)
        assert relayed and all(" 127.0.0.1 " in line for line in relayed)

        forged = TurnRelay((url,), b"not the force's secret, 32 bytes", relay_only=True)
        assert _relayed(browser, forged, forged.credential(600, time.time())) == []
        expired = relay.credential(valid_seconds=-GRACE_SECONDS - 60, now=time.time())
        assert _relayed(browser, relay, expired) == []

        # What coturn logs of a caller is the credential's username: an expiry and a random tag, nothing else.
        logged = log.read_text(errors="replace")
        assert fresh.username in logged
        assert fresh.password not in logged


def test_a_credential_is_coturns_hmac_of_its_username_and_says_when_it_ends():
    relay = TurnRelay(("turns:relay.force.example:443",), b"s" * 32)
    credential = relay.credential(valid_seconds=1800, now=1_800_000_000)
    expiry, _, tag = credential.username.partition(":")
    assert int(expiry) == credential.expires_at == 1_800_000_000 + 1800 + GRACE_SECONDS
    assert len(tag) == 16 and credential.password == password_for(b"s" * 32, credential.username)
    assert relay.credential(1800, 1_800_000_000).username != credential.username  # one per claim
    assert ice_transport_policy(relay) == "all" and ice_transport_policy(None) == "all"


@pytest.mark.parametrize("urls, secret, problem", [
    (("stun:stun.example:3478",), b"s" * 32, "turn: or turns:"),
    ((), b"s" * 32, "turn: or turns:"),
    (("turn:relay.example:3478",), b"short", "at least 32 bytes"),
])
def test_a_relay_that_cannot_work_is_refused_with_what_to_change(urls, secret, problem):
    with pytest.raises(ValueError, match=problem):
        TurnRelay(urls, secret)


def test_a_phone_behind_a_carriers_nat_reaches_the_workstation_only_through_the_relay(tmp_path):
    """The network the force's deployment tests put the caller in: her UDP to this machine is dropped (a direct
    media path cannot form) except to the relay, and the relay's credential still works from there."""
    port = free_udp_port()
    browsers = Browsers()  # closed while its network still stands
    with phone_behind_nat(relay_udp_ports=(port,)) as network, coturn(tmp_path, listen=HOST_ADDRESS, port=port) as (
            url, secret, _log):
        try:
            assert _udp_reaches_this_machine(network, 0) is False  # any other port: dropped on the way
            phone = browsers.start(phone=True, inside=network)
            phone.get("about:blank")
            relay = TurnRelay((url,), secret, relay_only=True)
            relayed = _relayed(phone, relay, relay.credential(600, time.time()))
            assert relayed and all(f" {HOST_ADDRESS} " in line for line in relayed)
            # Seen from outside, the phone is the carrier's address: her own never leaves her network.
            found = phone.execute_async_script(GATHER, [{"urls": [f"stun:{HOST_ADDRESS}:{port}"]}], "all")
            assert any(f" {CARRIER_OUTSIDE} " in line and " typ srflx " in line for line in found), found
            assert not any(PHONE_ADDRESS in line for line in found)
        finally:
            browsers.close()


def _udp_reaches_this_machine(network, port: int) -> bool:
    """Whether a datagram the phone sends to this machine (on `port`, or a fresh one) arrives."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as listener:
        listener.bind((HOST_ADDRESS, port))
        listener.settimeout(2)
        target = listener.getsockname()[1]
        subprocess.run(network.in_phone(sys.executable, "-c", "import socket; socket.socket(socket.AF_INET, "
                                        f"socket.SOCK_DGRAM).sendto(b'hello', ('{HOST_ADDRESS}', {target}))"),
                       check=True, capture_output=True)
        try:
            return listener.recv(16) == b"hello"
        except TimeoutError:
            return False


@pytest.mark.parametrize("rules, refused", [(example_peer_rules(), True), ((), False)])
def test_the_example_coturn_configuration_refuses_to_relay_into_internal_addresses(tmp_path, rules, refused):
    """With installer/link-service/turnserver.conf's peer rules, a valid credential still cannot reach the relay
    host's own loopback (nor any internal range); without them it could."""
    with coturn(tmp_path, extra=rules) as (url, secret, _log):
        port = url.split(":")[2].split("?")[0]
        credential = TurnRelay((url,), secret).credential(600, time.time())
        # coturn's own test client binds a channel to a peer on the relay host's loopback.
        tried = subprocess.run(["turnutils_uclient", "-u", credential.username, "-w", credential.password, "-p", port,
                                "-e", "127.0.0.1", "-r", "3480", "-n", "1", "-c", "-y", "127.0.0.1"],
                               capture_output=True, text=True, timeout=30)
        assert ("403 (Forbidden IP)" in tried.stdout + tried.stderr) is refused, tried.stdout
