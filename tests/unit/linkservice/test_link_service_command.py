"""`rvr-desktop link-service` and `link-certificate` as real processes, as the workstation starts them."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import keyring
import pytest
import requests

from rvr_desktop.commands.link_service import KEYRING_SERVICE, NOTIFY_KEY_ACCOUNT, OFFICER_TOKEN_ACCOUNT
from rvr_desktop.video.client import LinkServiceClient, LinkServiceError
from rvr_desktop.video.practice_service import start_practice_link_service
from tests.conftest import REPO, run_cli

pytestmark = pytest.mark.slow


def test_the_practice_service_takes_its_token_on_stdin_and_stops_with_its_parent(tmp_path):
    log = (tmp_path / "stderr.txt").open("w")
    running = start_practice_link_service(stderr=log)
    try:
        pid = running.process.pid
        for leak in ("cmdline", "environ"):
            assert running.token.encode() not in Path(f"/proc/{pid}/{leak}").read_bytes(), leak
        assert running.base_url.startswith("http://127.0.0.1:")
        with running.client() as client:
            assert client.status()["mode"] == "practice"
        assert requests.get(f"{running.base_url}/api/officer/status", timeout=5).status_code == 401
    finally:
        code = running.stop()
        log.close()
    assert code == 0  # it saw its standard input close and shut down by itself
    assert (tmp_path / "stderr.txt").read_text() == ""


def test_port_in_use_and_bad_options_are_explained(tmp_path):
    running = start_practice_link_service()
    try:
        port = running.base_url.rsplit(":", 1)[1]
        busy = run_cli("link-service", "--port", port, input="x" * 40 + "\n", timeout=30)
        assert busy.returncode == 2 and "Choose another port" in busy.stderr
    finally:
        running.stop()
    half = run_cli("link-service", "--tls-cert", str(tmp_path / "c.pem"), timeout=30)
    assert half.returncode == 2 and "both --tls-cert and --tls-key" in half.stderr
    short = run_cli("link-service", "--token-stdin", input="short\n", timeout=30)
    assert short.returncode == 2 and "at least 32 characters" in short.stderr
    config = tmp_path / "link.toml"
    config.write_text('[notify]\napi_key = "abc"\n')
    secret = run_cli("link-service", "--config", str(config), timeout=30)
    assert secret.returncode == 2 and "looks like a secret" in secret.stderr
    anywhere = run_cli("link-service", "--host", "0.0.0.0", timeout=30)
    assert anywhere.returncode == 2 and "--public-url" in anywhere.stderr


def test_a_practice_certificate_serves_https_that_the_client_trusts(tmp_path):
    made = run_cli("link-certificate", "--out", str(tmp_path / "tls"), "--name", "rvr-practice.local", timeout=60)
    assert made.returncode == 0, made.stderr
    assert "Certificate Trust Settings" in made.stdout and "CA certificate" in made.stdout
    key = tmp_path / "tls" / "link-service-key.pem"
    assert oct(key.stat().st_mode & 0o777) == "0o600"
    again = run_cli("link-certificate", "--out", str(tmp_path / "tls"), timeout=60)
    assert again.returncode == 2 and "nothing was overwritten" in again.stderr
    ca = str(tmp_path / "tls" / "rvr-practice-ca.pem")
    running = start_practice_link_service(extra_args=("--tls-cert", str(tmp_path / "tls" / "link-service.pem"),
                                                      "--tls-key", str(key)))
    try:
        assert running.base_url.startswith("https://127.0.0.1:")
        with LinkServiceClient(running.base_url, running.token, verify=ca) as client:
            session = client.open_session("CASE-TLS")
            # The practice Notify client calls this service over the same HTTPS and trusts it too.
            assert client.invite(session.session_id, "caller", phone_number="+447700900123").text_status == "sent"
        page = requests.get(f"{running.base_url}/j", verify=ca, timeout=5)
        assert page.headers["Strict-Transport-Security"].startswith("max-age=")
        with pytest.raises(requests.exceptions.SSLError):
            requests.get(f"{running.base_url}/phone", timeout=5)  # not trusted without the practice authority
    finally:
        running.stop()


def test_live_mode_takes_secrets_from_the_keyring_only(tmp_path):
    data = tmp_path / "live"
    data.mkdir()
    (data / "live.toml").write_text('[officer]\nid = "PC 1234"\nname = "Jo Practice"\n[records]\nurl = "https://records.example"\ntoken_url = "https://login.force.example/oauth2/token"\nclient_id = "rvr-ws-1"\n'
                                    '[links]\nurl = "https://links.example"\n')
    args = ("link-service", "--mode", "live", "--data-dir", str(data))
    missing = run_cli(*args, timeout=30)
    assert missing.returncode == 12 and f"account '{OFFICER_TOKEN_ACCOUNT}'" in missing.stderr
    assert run_cli(*args, "--token-stdin", input="x" * 40 + "\n", timeout=30).returncode == 2
    exposed = run_cli(*args, "--host", "0.0.0.0", "--public-url", "https://x", timeout=30)
    assert exposed.returncode == 2 and "plain HTTP" in exposed.stderr
    keyring.set_password(KEYRING_SERVICE, OFFICER_TOKEN_ACCOUNT, "live-officer-token-" + "x" * 30)
    keyring.set_password(KEYRING_SERVICE, NOTIFY_KEY_ACCOUNT, "key-" + "0" * 36 + "-" + "1" * 36)
    try:
        process = subprocess.Popen([sys.executable, "-m", "rvr_desktop", *args], cwd=REPO, text=True,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        try:
            announced = json.loads(process.stdout.readline())
            assert announced["mode"] == "live" and "officer_token" not in announced
            with LinkServiceClient(announced["url"], "live-officer-token-" + "x" * 30) as client:
                assert client.status()["mode"] == "live"
                with pytest.raises(LinkServiceError) as no_trainer:
                    client.open_trainer_console({}, "+447700900123")
                assert no_trainer.value.code == "practice_only"
            assert requests.get(announced["url"] + "/phone", timeout=5).status_code == 404  # no simulated phone
            assert requests.get(announced["url"] + "/trainer/", timeout=5).status_code == 404  # nor trainer
        finally:
            process.send_signal(signal.SIGTERM)
            process.communicate(timeout=20)
            assert process.returncode == 0
    finally:
        keyring.delete_password(KEYRING_SERVICE, OFFICER_TOKEN_ACCOUNT)
        keyring.delete_password(KEYRING_SERVICE, NOTIFY_KEY_ACCOUNT)


def test_started_by_hand_in_practice_it_makes_and_shows_its_own_token():
    process = subprocess.Popen([sys.executable, "-m", "rvr_desktop", "link-service"], cwd=REPO, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ})
    try:
        announced = json.loads(process.stdout.readline())
        with LinkServiceClient(announced["url"], announced["officer_token"]) as client:
            assert client.status()["mode"] == "practice"
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=20)
        assert process.returncode == 0
