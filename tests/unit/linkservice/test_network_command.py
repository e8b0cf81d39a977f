"""`rvr-desktop link-service --network` as a real process: a second, HTTPS-only socket for a trainer's device.
The network socket is bound to 127.0.0.2, still loopback: no test touches a real network."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import requests

from rvr_desktop.video.client import LinkServiceClient
from tests.conftest import REPO, run_cli
from tests.unit.linkservice.harness import NETWORK_HOST

pytestmark = pytest.mark.slow
OFFICER_TOKEN = "n" * 43


def _start(*args: str) -> tuple[subprocess.Popen, dict]:
    process = subprocess.Popen([sys.executable, "-m", "rvr_desktop", "link-service", "--mode", "practice",
                                "--token-stdin", *args], cwd=REPO, text=True, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdin.write(OFFICER_TOKEN + "\n")
    process.stdin.flush()
    line = process.stdout.readline()
    if not line:
        process.kill()
        pytest.fail(process.communicate(timeout=10)[1])
    return process, json.loads(line)


def _stop(process: subprocess.Popen) -> int:
    try:
        process.communicate(timeout=20)  # closes its standard input, as the workstation does when it exits
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
    return process.returncode


def test_the_network_socket_is_announced_and_texted_links_point_at_it(network_tls):
    process, announced = _start("--network", f"{NETWORK_HOST}:0", "--tls-cert", str(network_tls.chain),
                                "--tls-key", str(network_tls.key))
    try:
        network_url = announced["network_url"]
        assert network_url.startswith(f"https://{NETWORK_HOST}:") and not network_url.endswith(":0")
        assert announced["public_url"] == network_url
        assert announced["url"].startswith("http://127.0.0.1:")  # the workstation's socket stays plain loopback
        with LinkServiceClient(announced["url"], OFFICER_TOKEN) as officer:
            session = officer.open_session("CASE-NET-CLI")
            invitation = officer.invite(session.session_id, "caller", phone_number="+447700900123")
            assert invitation.text_status == "sent" and invitation.url.startswith(network_url + "/j#")
            console = officer.open_trainer_console({"title": "TRAINING", "summary": "", "facts": [], "script": [],
                                                    "events": []}, "+447700900123")
            assert console.url.startswith(network_url + "/trainer/#")
        authority = str(network_tls.authority)
        assert requests.get(network_url + "/trainer/", verify=authority, timeout=5).status_code == 200
        assert requests.get(invitation.url, verify=authority, timeout=5).status_code == 200
        refused = requests.get(network_url + "/api/officer/status", verify=authority, timeout=5,
                               headers={"Authorization": f"Bearer {OFFICER_TOKEN}"})
        assert refused.status_code == 404 and refused.json()["error"] == "callers_and_trainer_only"
    finally:
        assert _stop(process) == 0


def test_without_network_the_announcement_is_as_before():
    process, announced = _start()
    try:
        assert "network_url" not in announced and announced["public_url"] == announced["url"]
    finally:
        _stop(process)


def test_the_network_socket_needs_a_certificate_a_loopback_host_and_a_clear_address(network_tls):
    tls = ("--tls-cert", str(network_tls.chain), "--tls-key", str(network_tls.key))
    plain = run_cli("link-service", "--network", f"{NETWORK_HOST}:0", timeout=30)
    assert plain.returncode == 2 and "--network needs --tls-cert and --tls-key" in plain.stderr
    assert "Nothing was started" in plain.stderr
    exposed = run_cli("link-service", "--host", "0.0.0.0", "--network", f"{NETWORK_HOST}:0", *tls, timeout=30)
    assert exposed.returncode == 2 and "--host must stay on this computer" in exposed.stderr
    for nonsense in ("127.0.0.2", "127.0.0.2:port", "::1:8443", ":8443", "[::1]"):
        unclear = run_cli("link-service", "--network", nonsense, *tls, timeout=30)
        assert unclear.returncode == 2 and "give HOST:PORT" in unclear.stderr, nonsense


def test_a_busy_network_port_is_explained(network_tls):
    process, announced = _start("--network", f"{NETWORK_HOST}:0", "--tls-cert", str(network_tls.chain),
                                "--tls-key", str(network_tls.key))
    try:
        port = announced["network_url"].rsplit(":", 1)[1]
        busy = run_cli("link-service", "--network", f"{NETWORK_HOST}:{port}", "--tls-cert", str(network_tls.chain),
                       "--tls-key", str(network_tls.key), timeout=30)
        assert busy.returncode == 2 and f"Cannot listen on {NETWORK_HOST}:{port}" in busy.stderr
    finally:
        _stop(process)


def test_live_mode_refuses_the_network_socket_before_asking_the_keyring(tmp_path, network_tls):
    data = tmp_path / "live"
    data.mkdir()
    (data / "live.toml").write_text('[officer]\nid = "PC 1234"\nname = "Jo Practice"\n[records]\nurl = '
                                    '"https://records.example"\ntoken_url = "https://login.example/token"\n'
                                    'client_id = "ws-1"\n[links]\nurl = "https://links.example"\n')
    live = run_cli("link-service", "--mode", "live", "--data-dir", str(data), "--network", f"{NETWORK_HOST}:0",
                   "--tls-cert", str(network_tls.chain), "--tls-key", str(network_tls.key), timeout=30)
    assert live.returncode == 2 and "--network is for practice mode only" in live.stderr
    assert "Nothing was started" in live.stderr
