"""A force's link service started from its TOML configuration file with relay-only set, on loopback behind
Debian's nginx with the example site and TLS from a test authority, on this machine's address in the phone's
network (network_namespaces.py): as tests/e2e/video/test_call_through_relay.py and bench/poor_network.py run it."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rvr_desktop.video.practice_certificate import make_practice_certificate
from tests.helpers.nginx import example_nginx, free_port
from tests.helpers.network_namespaces import HOST_ADDRESS
from tests.helpers.notify_stand_in import StandInNotify

REPO = Path(__file__).resolve().parents[2]


def _private(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    path.chmod(0o600)
    return path


@dataclass(frozen=True)
class ForceDeployment:
    public_url: str  # what texts carry, and where workstations enrol
    authority: Path  # the test authority that issued nginx's certificate
    config: Path  # the service's configuration, for the IT team's commands (enrolment.py)


def _force_service(folder: Path, turn_url: str, secret: bytes, notify: StandInNotify, public_url: str):
    """The link service as a force runs it: on loopback behind the force's nginx, which it trusts."""
    port = free_port()
    config = folder / "link-service.toml"
    store = folder / "store"
    store.mkdir(mode=0o700, exist_ok=True)
    config.write_text(
        f'[store]\ndirectory = "{store}"\n[server]\nlisten = "127.0.0.1:{port}"\npublic_url = "{public_url}"\ntrusted_proxies = ["127.0.0.1"]\n'
        f'workstation_key_file = "{_private(folder / "workstation-key", secrets.token_hex(32).encode())}"\n'
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
    return process, port, log, config


@contextmanager
def behind_nginx(folder: Path, turn_url: str, secret: bytes, notify: StandInNotify) -> Iterator[ForceDeployment]:
    """The force's service behind Debian's nginx with the example site, on this machine's address in the
    phone's network, TLS from a test authority."""
    authority, chain, key, _ = make_practice_certificate([HOST_ADDRESS])
    (folder / "ca.pem").write_bytes(authority)
    https_port = free_port(HOST_ADDRESS)
    public_url = f"https://{HOST_ADDRESS}:{https_port}"
    process, port, log, config = _force_service(folder, turn_url, secret, notify, public_url)
    try:
        with example_nginx(folder / "nginx", port, _private(folder / "chain.pem", chain + authority),
                           _private(folder / "key.pem", key), host=HOST_ADDRESS, https_port=https_port):
            yield ForceDeployment(public_url, folder / "ca.pem", config)
    finally:
        process.terminate()
        process.wait(15)
        assert process.stdout is not None
        process.stdout.close()
        log.close()
