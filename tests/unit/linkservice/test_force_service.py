"""A force's link service as a real process started from its configuration file: health, readiness and
metrics that say nothing about anyone, JSON log lines with no personal data, and SIGTERM draining calls.

GOV.UK Notify is the practice stand-in (the real client's requests, the real JWT check) on a server of the
test's own; STUN is Debian's coturn."""

from __future__ import annotations

import asyncio
import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import ssl
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from urllib.parse import urlsplit
from pathlib import Path

import aiohttp
import keyring
import pytest
import requests

from rvr_desktop.linkservice.simulated_phone import SimulatedPhones
from rvr_desktop.video.client import LinkServiceClient, LinkServiceError
from rvr_desktop.store.workstation_enrolment import kept_enrolment
from tests.conftest import REPO
from rvr_desktop.video.practice_certificate import make_practice_certificate
from tests.helpers.enrolment import OFFICER, enrolled_credential, enrolment_code, link_service_command
from tests.helpers.nginx import example_nginx
from tests.helpers.notify_stand_in import StandInNotify, notify_stand_in
from tests.unit.linkservice.harness import Tab, link_token, run

pytestmark = pytest.mark.slow

WORKSTATION_KEY = "workstation-key-of-a-force-0123456789abcdefgh"
PHONE, PHONE_NATIONAL = "+447700900461", "07700900461"
CASE_REF = "OP-RAVEN/2026/0417"
WORKSTATION = "CR-TEST-01"


@pytest.fixture
def notify() -> Iterator[StandInNotify]:
    with notify_stand_in() as running:
        yield running


@pytest.fixture
def stun() -> Iterator[str]:
    """coturn answering STUN on a free UDP port (installer/setup test installs Debian's coturn)."""
    turnserver = shutil.which("turnserver")
    if turnserver is None:
        pytest.fail("these tests start Debian's coturn: run installer/setup test, which installs it")
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    process = subprocess.Popen([turnserver, "-n", "--listening-ip=127.0.0.1", f"--listening-port={port}",
                                "--no-tcp", "--no-tls", "--no-dtls", "--stun-only", "--no-cli", "--log-file=stdout",
                                "--simple-log"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(0.5)
        yield f"stun:127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(10)


def _private(path: Path, text: str) -> Path:
    path.write_text(text + "\n", encoding="utf-8")
    path.chmod(0o600)
    return path


def _write_config(folder: Path, notify: StandInNotify, stun: str, drain_seconds: float,
                  notify_key: str = "", stun_url: str = "", notify_url: str = "") -> Path:
    signing_key = _private(folder / "workstation-key", WORKSTATION_KEY)
    key = _private(folder / "notify-api-key", notify_key or notify.phones.api_key)
    turn = ""
    if stun:  # coturn as the force's relay: its URL, and the secret it shares with the service
        secret = _private(folder / "turn-secret", "t" * 40)
        turn = f'[turn]\nurls = ["{stun.replace("stun:", "turn:")}"]\nshared_secret_file = "{secret}"\n'
    elif stun_url:  # a STUN server only
        turn = f'[turn]\nservers = [{{ urls = ["{stun_url}"] }}]\n'
    store = folder / "store"
    store.mkdir(mode=0o700, exist_ok=True)
    path = folder / "link-service.toml"
    path.write_text(f'[store]\ndirectory = "{store}"\n[server]\nlisten = "127.0.0.1:0"\nmetrics_listen = "127.0.0.1:0"\n'
                    f'public_url = "https://video.force.example"\ntrusted_proxies = ["127.0.0.1"]\n'
                    f'workstation_key_file = "{signing_key}"\n'
                    f'{notify.config_section(key).replace(notify.url, notify_url or notify.url)}'
                    f'{turn}[calls]\ndrain_seconds = {drain_seconds}\n', encoding="utf-8")
    return path


@dataclass
class ForceService:
    process: subprocess.Popen
    base_url: str
    metrics_url: str
    stderr: Path
    config: Path

    verify: str | bool = True  # the authority a workstation trusts for base_url (a proxy's, in front)
    credential: str = ""  # the test's workstation's, enrolled on first use

    def officer(self) -> LinkServiceClient:
        """The officer API as the officer signed in on the test's enrolled workstation."""
        if not self.credential:
            self.credential = enrolled_credential(self.config, self.base_url, WORKSTATION, self.verify)
        return LinkServiceClient(self.base_url, self.credential, verify=self.verify, timeout=10, officer=OFFICER)

    def log_lines(self) -> list[dict]:
        return [json.loads(line) for line in self.stderr.read_text(encoding="utf-8").splitlines() if line]


@pytest.fixture
def start(tmp_path: Path, notify: StandInNotify, stun: str):
    started: list[ForceService] = []

    def start_service(drain_seconds: float = 30, stun_url: str | None = None, notify_key: str = "",
                      notify_url: str = "") -> ForceService:
        config = _write_config(tmp_path, notify, stun if stun_url is None else "", drain_seconds, notify_key,
                               stun_url or "", notify_url)
        stderr = tmp_path / f"stderr-{len(started)}.jsonl"
        with stderr.open("w") as log:
            process = subprocess.Popen([sys.executable, "-m", "rvr_desktop", "--log-json", "--log-level", "INFO",
                                        "link-service", "--config", str(config)], cwd=REPO, stdout=subprocess.PIPE,
                                       stderr=log, stdin=subprocess.DEVNULL, text=True,
                                       env={**os.environ, "CREDENTIALS_DIRECTORY": ""})
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line, stderr.read_text()
        announced = json.loads(line)
        running = ForceService(process, announced["url"], announced["metrics_url"], stderr, config)
        started.append(running)
        return running

    yield start_service
    for running in started:
        if running.process.poll() is None:
            running.process.kill()
            running.process.wait(10)
        assert running.process.stdout is not None
        running.process.stdout.close()


async def _call(service: ForceService, http: aiohttp.ClientSession) -> tuple[str, dict[str, Tab], str]:
    """A session for CASE_REF with its link texted to PHONE, the caller and the officer in the call."""
    officer = service.officer()
    session = await asyncio.to_thread(officer.open_session, CASE_REF)
    invitation = await asyncio.to_thread(officer.invite, session.session_id, "caller", PHONE)
    assert invitation.text_status == "sent", invitation.text_message
    tabs = {"officer": Tab(http, service.base_url, link_token(session.officer_page_url), agent="Officer browser"),
            "caller": Tab(http, service.base_url, link_token(invitation.url))}
    for tab in tabs.values():
        status, _ = await tab.claim()
        assert status == 200
        assert (await tab.connect())["type"] == "welcome"
        await tab.join()
    officer.close()
    return session.session_id, tabs, link_token(invitation.url)


def _wait_for_exit(process: subprocess.Popen, seconds: float) -> int | None:
    try:
        return process.wait(seconds)
    except subprocess.TimeoutExpired:
        return None


def test_health_readiness_and_metrics_say_how_it_runs_and_nothing_about_anyone(start, stun):
    service = start()
    alive = requests.get(f"{service.base_url}/healthz", timeout=5)
    assert alive.status_code == 200 and alive.json() == {"alive": True}
    ready = requests.get(f"{service.base_url}/readyz", timeout=10)
    assert ready.status_code == 200, ready.text
    answer = ready.json()
    assert answer["ready"] is True and answer["draining"] is False
    assert answer["store"]["status"] == "ok" and answer["store"]["kind"] == "sqlite"
    assert answer["notify"]["status"] == "ok"  # the real client, the service's own key, the stand-in's JWT check
    assert answer["turn"]["status"] == ("ok" if stun else "not_configured")

    async def scenario() -> tuple[str, list[str]]:
        async with aiohttp.ClientSession() as http:
            session_id, tabs, link = await _call(service, http)
            interpreter = await asyncio.to_thread(service.officer().invite, session_id, "interpreter")
            interpreter_tab = Tab(http, service.base_url, link_token(interpreter.url))
            _, claimed = await interpreter_tab.claim()
            assert claimed["ice_servers"] == []  # no relay for a tab that has not joined
            await interpreter_tab.connect()
            joined = await interpreter_tab.join()
            # On joining, the force's relay: a credential of this tab's own, minted from the shared secret.
            relay = joined["ice_servers"][-1]
            assert relay["urls"] == [stun.replace("stun:", "turn:")]
            assert relay["username"] and relay["credential"]
            await interpreter_tab.close()
            code = await asyncio.to_thread(service.officer().spoken_code, session_id, "interpreter")
            secrets = [session_id, link, tabs["caller"].key, tabs["officer"].key, code.code, code.spoken, service.credential,
                       claimed["key"]]
            scraped = await asyncio.to_thread(requests.get, service.metrics_url, timeout=5)
            for tab in tabs.values():
                await tab.close()
            return scraped.text, secrets

    metrics, secrets = run(scenario())
    assert 'rvr_link_service_events_total{kind="joined"} 3.0' in metrics
    assert 'rvr_link_service_events_total{kind="text_sent"} 1.0' in metrics
    assert 'rvr_link_service_in_call{role="caller"} 1.0' in metrics
    assert 'route="/api/claim"' in metrics and "rvr_link_service_request_seconds_bucket" in metrics
    for personal in (PHONE, PHONE_NATIONAL, PHONE[3:], CASE_REF, "RAVEN", WORKSTATION_KEY, *secrets):
        assert personal not in metrics, personal
    # The metrics are on their own socket: the callers' one does not serve them.
    assert requests.get(f"{service.base_url}/metrics", timeout=5).status_code == 404
    assert requests.get(service.metrics_url.replace("/metrics", "/readyz"), timeout=5).status_code == 404


def test_readiness_names_the_part_that_fails(start):
    closed = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    closed.bind(("127.0.0.1", 0))
    nobody_answers = f"stun:127.0.0.1:{closed.getsockname()[1]}"
    closed.close()
    revoked = SimulatedPhones()  # a key of another Notify service: the stand-in refuses it, as Notify would
    service = start(stun_url=nobody_answers, notify_key=revoked.api_key)
    ready = requests.get(f"{service.base_url}/readyz", timeout=20)
    assert ready.status_code == 503
    answer = ready.json()
    assert answer["ready"] is False and answer["store"]["status"] == "ok"
    assert answer["notify"] == {"status": "failing", "error": "HTTPError"}
    assert answer["turn"]["status"] == "failing"
    assert requests.get(f"{service.base_url}/healthz", timeout=5).status_code == 200  # alive all the same


def test_with_notify_out_of_reach_the_officer_is_told_what_to_do_and_the_link_still_works(start):
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    nobody_answers = f"http://127.0.0.1:{closed.getsockname()[1]}"
    closed.close()
    service = start(notify_url=nobody_answers)
    with service.officer() as officer:
        session = officer.open_session(CASE_REF)
        invitation = officer.invite(session.session_id, "caller", PHONE)
    assert invitation.text_status == "unreachable", invitation.text_message
    assert "could not be reached" in invitation.text_message and "spoken code" in invitation.text_message
    assert requests.post(f"{service.base_url}/api/claim", json={"link": link_token(invitation.url)},
                         timeout=10).status_code == 200


def test_sigterm_drains_the_calls_in_progress_and_its_log_names_no_one(start):
    service = start(drain_seconds=30)

    async def scenario() -> list[str]:
        async with aiohttp.ClientSession() as http:
            session_id, tabs, link = await _call(service, http)
            spare = await asyncio.to_thread(service.officer().invite, session_id, "interpreter")
            service.process.send_signal(signal.SIGTERM)
            await asyncio.sleep(1.0)
            assert service.process.poll() is None, "it stopped with a call in progress"
            # No one new comes in; the balancer is told to send callers elsewhere; the call goes on.
            late = Tab(http, service.base_url, link_token(spare.url))
            status, body = await late.claim()
            assert (status, body["error"]) == (503, "service_stopping"), body
            async with http.get(f"{service.base_url}/readyz") as ready:
                assert ready.status == 503 and (await ready.json())["draining"] is True
            await tabs["caller"].send({"type": "signal", "to": "officer", "data": {"candidate": {"c": "x"}}})
            assert (await tabs["officer"].receive_until("signal"))["from"] == "caller"
            for tab in tabs.values():
                await tab.leave("hung_up") if tab is tabs["caller"] else await tab.close()
            return [link, link_token(spare.url), tabs["caller"].key, session_id, service.credential]

    started = time.monotonic()
    secrets = run(scenario())
    assert _wait_for_exit(service.process, 10) == 0
    assert time.monotonic() - started < 20  # it stopped when the call ended, not at the end of its 30 s
    lines = service.log_lines()
    messages = [line["message"] for line in lines]
    assert any("1 calls in progress have up to 30 seconds" in m for m in messages), messages
    assert any("drained: no call in progress" in m for m in messages), messages
    # Started from its configuration file, it says it is a force's (live) service, not what --mode defaults to.
    assert not any("mode=practice" in m for m in messages), messages
    assert any("a force's link service (live mode)" in m for m in messages), messages
    _assert_names_no_one(service.stderr.read_text(encoding="utf-8"), *secrets)


def test_sigterm_stops_a_call_that_outlasts_the_drain_time_telling_its_tabs(start):
    service = start(drain_seconds=1)

    async def scenario() -> tuple[dict, str]:
        async with aiohttp.ClientSession() as http:
            _, tabs, link = await _call(service, http)
            service.process.send_signal(signal.SIGTERM)
            told = await tabs["caller"].receive_until("error", timeout=10)
            for tab in tabs.values():
                await tab.close()
            return told, link

    told, link = run(scenario())
    assert told["code"] == "service_restarting"  # its sessions are kept: the pages reconnect when it is back
    assert _wait_for_exit(service.process, 10) == 0
    assert any("stopping with 1 calls still in progress after 1 seconds" in line["message"]
               for line in service.log_lines())
    _assert_names_no_one(service.stderr.read_text(encoding="utf-8"), link)


def _assert_names_no_one(log: str, *secrets: str) -> None:
    assert log.strip(), "the service wrote no log lines"
    for personal in (PHONE, PHONE_NATIONAL, PHONE[3:], CASE_REF, "RAVEN", WORKSTATION_KEY, *secrets):
        assert personal not in log, personal


def test_a_workstation_enrols_once_with_its_code_sees_its_own_sessions_only_and_is_cut_off_at_once(start):
    service = start()
    code = enrolment_code(service.config, "CR-04")
    enrol = [sys.executable, "-m", "rvr_desktop", "enrol", service.base_url, code.lower().replace("-", "")]
    done = subprocess.run(enrol, cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert f"enrolled with {service.base_url} as CR-04" in done.stdout
    try:
        kept = kept_enrolment()
        assert kept is not None and kept.workstation == "CR-04" and kept.credential not in done.stdout
        # A replayed code is refused, and the enrolment this workstation keeps is left as it was.
        replayed = subprocess.run(enrol, cwd=REPO, capture_output=True, text=True, timeout=60)
        assert replayed.returncode == 2 and "used already" in replayed.stderr, replayed.stderr
        assert kept_enrolment() == kept
        with kept.client(OFFICER) as officer:
            session = officer.open_session(CASE_REF)
            assert officer.session(session.session_id)["session_id"] == session.session_id
        # Another enrolled workstation is told the session does not exist; a request naming no officer is refused.
        with service.officer() as other:
            with pytest.raises(LinkServiceError) as elsewhere:
                other.session(session.session_id)
            assert elsewhere.value.status == 404 and elsewhere.value.code == "no_such_session"
        with kept.client("") as nobody:
            with pytest.raises(LinkServiceError) as unnamed:
                nobody.status()
            assert unnamed.value.code == "officer_not_named"
        listed = link_service_command(service.config, "workstations")
        assert listed.returncode == 0 and "CR-04" in listed.stdout and "last seen 20" in listed.stdout, listed.stdout
        # Revoked from the server's command line, in a process of its own: the next request is refused.
        revoked = link_service_command(service.config, "revoke", "CR-04")
        assert revoked.returncode == 0, revoked.stderr
        with kept.client(OFFICER) as officer:
            with pytest.raises(LinkServiceError) as cut_off:
                officer.session(session.session_id)
            assert cut_off.value.status == 401 and "not enrolled" in cut_off.value.message
        assert "revoked" in link_service_command(service.config, "workstations").stdout
    finally:
        keyring.delete_password("rvr-desktop", "link-service/enrolment")
    # Wrong codes are limited like every other secret (20 a minute, the replay above among them); the log
    # names the workstations and no secret.
    answers = [requests.post(f"{service.base_url}/api/enrol", json={"code": "AAAAA-BBBBB-CCCCC-DDDDD-EEEEE"},
                             timeout=10) for _ in range(20)]
    assert [a.status_code for a in answers] == [401] * 19 + [429]
    assert answers[-1].headers["Retry-After"].isdigit()
    log = service.stderr.read_text(encoding="utf-8")
    assert "workstation CR-04 enrolled" in log and f"opened by workstation CR-04 for officer {OFFICER}" in log
    _assert_names_no_one(log, code, kept.credential, kept.credential.split(".")[2])


def test_revoking_a_workstation_closes_its_event_streams_and_puts_its_officers_page_out_of_the_call(start):
    service = start()

    async def scenario() -> tuple[int | None, dict, bool]:
        async with aiohttp.ClientSession() as http:
            session_id, tabs, _ = await _call(service, http)
            headers = {"Authorization": f"Bearer {service.credential}", "X-RVR-Officer": OFFICER}
            async with http.ws_connect(f"{service.base_url}/api/officer/sessions/{session_id}/events",
                                       headers=headers) as events:
                assert (await events.receive(timeout=5)).type is aiohttp.WSMsgType.TEXT
                revoked = await asyncio.to_thread(link_service_command, service.config, "revoke", WORKSTATION)
                assert revoked.returncode == 0, revoked.stderr
                while (frame := await events.receive(timeout=10)).type is aiohttp.WSMsgType.TEXT:
                    pass  # the events until then
                closed_with = frame.data if frame.type is aiohttp.WSMsgType.CLOSE else events.close_code
            officer_told = await tabs["officer"].receive_until("revoked", timeout=10)
            # The caller is not cut off with it: the officer can carry on by phone, or from another workstation.
            assert tabs["caller"].socket is not None
            caller_connected = not tabs["caller"].socket.closed
            for tab in tabs.values():
                await tab.close()
            return closed_with, officer_told, caller_connected

    closed_with, officer_told, caller_connected = run(scenario())
    assert closed_with == 4401
    assert officer_told["type"] == "revoked"
    assert caller_connected


def test_options_the_config_file_decides_are_refused_beside_it(tmp_path, notify):
    config = _write_config(tmp_path, notify, "", 5)
    refused = subprocess.run([sys.executable, "-m", "rvr_desktop", "link-service", "--config", str(config),
                              "--port", "8080", "--token-stdin"], cwd=REPO, capture_output=True, text=True,
                             timeout=60)
    assert refused.returncode == 2 and "--port, --token-stdin cannot be given as well" in refused.stderr
    (tmp_path / "notify-api-key").chmod(0o640)
    refused = subprocess.run([sys.executable, "-m", "rvr_desktop", "link-service", "--config", str(config)],
                             cwd=REPO, capture_output=True, text=True, timeout=60)
    assert refused.returncode == 2 and "mode 0640" in refused.stderr and "Nothing was started" in refused.stderr


def test_behind_the_example_nginx_a_call_is_made_each_caller_is_counted_apart_and_no_address_is_logged(
        start, tmp_path):
    """The force's nginx (installer/link-service/nginx-site.conf) in front: the call's HTTP and WebSockets
    pass, a photo's size passes, /metrics does not, plain HTTP is sent to TLS, wrong secrets count against
    the caller's own address (X-Forwarded-For from the trusted proxy, not what a client writes), and the
    proxy's log holds no address, browser, link or session."""
    service = start()
    authority, chain, key, _ = make_practice_certificate(["127.0.0.1"])
    (tmp_path / "proxy").mkdir()
    chain_file = _private(tmp_path / "proxy" / "chain.pem", (chain + authority).decode())
    key_file = _private(tmp_path / "proxy" / "key.pem", key.decode())
    authority_file = tmp_path / "proxy" / "authority.pem"
    authority_file.write_bytes(authority)
    upstream = urlsplit(service.base_url).port
    assert upstream is not None
    with example_nginx(tmp_path / "nginx", upstream, chain_file, key_file) as nginx:
        proxied = replace(service, base_url=nginx.https_url, verify=str(authority_file))
        tls = ssl.create_default_context(cafile=str(authority_file))
        assert requests.get(f"{nginx.https_url}/", verify=str(authority_file), timeout=5).status_code == 200
        assert requests.get(f"{nginx.https_url}/healthz", verify=str(authority_file), timeout=5).json() == {
            "alive": True}
        assert requests.get(f"{nginx.https_url}/metrics", verify=str(authority_file), timeout=5).status_code == 404
        plain = requests.get(f"{nginx.http_url}/", allow_redirects=False, timeout=5)
        assert plain.status_code == 301 and plain.headers["Location"].startswith("https://")

        async def asking_from(address: str, link: str, times: int, forged: str = "") -> list[int]:
            connector = aiohttp.TCPConnector(ssl=tls, local_addr=(address, 0))
            headers = {"X-Forwarded-For": forged} if forged else {}
            async with aiohttp.ClientSession(connector=connector, headers=headers) as http:
                answers = []
                for _ in range(times):
                    async with http.post(f"{nginx.https_url}/api/claim", json={"link": link, "key": ""}) as wrong:
                        answers.append(wrong.status)
                return answers

        async def scenario() -> list[str]:
            async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=tls)) as http:
                session_id, tabs, link = await _call(proxied, http)
                await tabs["caller"].send({"type": "signal", "to": "officer", "data": {"candidate": {"c": "x"}}})
                assert (await tabs["officer"].receive_until("signal"))["from"] == "caller"
                # A photo of the largest size the service takes reaches the service, not nginx's own refusal.
                caller = tabs["caller"]
                async with http.post(f"{nginx.https_url}/api/upload", data=io.BytesIO(b"\xff" * (20 * 1024 * 1024)),
                                     headers={"Content-Type": "image/jpeg", "X-Link": caller.link,
                                              "X-Device-Key": caller.key}) as photo:
                    assert photo.status != 413 and photo.content_type == "application/json", photo.status
                # A stranger guessing links from 127.0.0.2, even one who writes his own X-Forwarded-For,
                # is slowed; a caller at 127.0.0.3 is not.
                guesses = await asking_from("127.0.0.2", "x" * 43, 30, forged="198.51.100.7")
                assert 429 in guesses, guesses
                assert 429 not in await asking_from("127.0.0.3", "y" * 43, 1)
                for tab in tabs.values():
                    await tab.close()
                return [session_id, link, tabs["caller"].key, tabs["officer"].key]

        secrets = run(scenario())
        logged = nginx.access_log.read_text(encoding="utf-8")
    assert '"POST /api/claim"' in logged and '"GET /ws"' in logged  # it does log each request
    for personal in ("127.0.0.", "198.51.100.7", "Mozilla", "Officer browser", *secrets):
        assert personal not in logged, personal


def test_a_restart_mid_call_loses_no_link_code_or_record_and_lets_no_other_device_in(start):
    service = start()

    async def before() -> tuple[str, dict[str, Tab], str, str, str]:
        async with aiohttp.ClientSession() as http:
            session_id, tabs, link = await _call(service, http)
            code = await asyncio.to_thread(service.officer().spoken_code, session_id, "interpreter")
            forgotten = await asyncio.to_thread(service.officer().open_session, "OP-FORGOTTEN/1")
            await asyncio.to_thread(service.officer().forget, forgotten.session_id)
            service.process.kill()  # no goodbye, mid-call: whatever was answered must already be kept
            await asyncio.to_thread(service.process.wait, 10)
            for tab in tabs.values():  # their sockets died with the service; let go of them here
                await tab.close()
            return session_id, tabs, link, code.code, forgotten.session_id

    session_id, tabs, link, code, forgotten = run(before())
    again = start()
    again.credential = service.credential  # the workstation's enrolment outlives the restart too

    async def after() -> None:
        async with aiohttp.ClientSession() as http:
            caller = Tab(http, again.base_url, link, key=tabs["caller"].key)
            assert (await caller.connect())["type"] == "welcome"  # her own tab, with the key it holds
            await caller.join()
            other = Tab(http, again.base_url, link, agent="Another browser")
            status, body = await other.claim()
            assert status == 202 or "waiting" in body, (status, body)  # anyone else waits for the officer
            async with http.post(f"{again.base_url}/api/claim", json={"code": code}) as opened:
                assert opened.status == 200, await opened.text()
            await caller.close()

    run(after())
    officer = again.officer()
    assert officer.session(session_id)["session_id"] == session_id  # the same session, not a second one
    with pytest.raises(LinkServiceError) as gone:
        officer.session(forgotten)
    assert gone.value.status == 404
