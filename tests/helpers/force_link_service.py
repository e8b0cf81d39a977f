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
from pathlib import Path

from rvr_desktop.video.practice_certificate import make_practice_certificate
from tests.helpers.nginx import example_nginx, free_port
from tests.helpers.network_namespaces import HOST_ADDRESS
from tests.helpers.notify_stand_in import StandInNotify

REPO = Path(__file__).resolve().parents[2]


def private_file(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    path.chmod(0o600)
    return path


class ForceDeployment:
    """The running deployment: the service as a process of its own, which a test may crash and start again."""

    def __init__(self, folder: Path, public_url: str, config: Path) -> None:
        self.public_url = public_url  # what texts carry, and where workstations enrol
        self.authority = folder / "ca.pem"  # the test authority that issued nginx's certificate
        self.config = config  # the service's configuration, for the IT team's commands (enrolment.py)
        self._log_path = folder / "service.log"
        self._log = self._log_path.open("a")
        self.process = self._start()

    def _start(self) -> subprocess.Popen:
        process = subprocess.Popen([sys.executable, "-m", "rvr_desktop", "link-service", "--config",
                                    str(self.config)], cwd=REPO, stdout=subprocess.PIPE, stderr=self._log,
                                   stdin=subprocess.DEVNULL, text=True, env={**os.environ, "CREDENTIALS_DIRECTORY": ""})
        assert process.stdout is not None
        assert process.stdout.readline(), self._log_path.read_text()
        return process

    def crash(self) -> None:
        """Kill the service with no goodbye, as a crash or a lost server does."""
        self.process.kill()
        self._reap()

    def terminate(self) -> None:
        """SIGTERM, as systemctl restart sends it, and wait while the calls drain and the service goes."""
        self.process.terminate()
        self._reap()

    def start_again(self) -> None:
        self.process = self._start()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.terminate()
        self._log.close()

    def _reap(self) -> None:
        self.process.wait(15)
        assert self.process.stdout is not None
        self.process.stdout.close()


def _force_config(folder: Path, turn: tuple[str, bytes] | None, notify: StandInNotify,
                  public_url: str) -> tuple[Path, int]:
    """The link service as a force runs it: on loopback behind the force's nginx, which it trusts; relay-only
    through `turn` (its address and shared secret), or no relay."""
    port = free_port()
    config = folder / "link-service.toml"
    store = folder / "store"
    store.mkdir(mode=0o700, exist_ok=True)
    relay = "" if turn is None else (
        f'[turn]\nurls = ["{turn[0]}"]\nshared_secret_file = "{private_file(folder / "turn-secret", turn[1])}"\n'
        'relay_only = true\n')
    config.write_text(
        f'[store]\ndirectory = "{store}"\n[server]\nlisten = "127.0.0.1:{port}"\npublic_url = "{public_url}"\ntrusted_proxies = ["127.0.0.1"]\n'
        f'workstation_key_file = "{private_file(folder / "workstation-key", secrets.token_hex(32).encode())}"\n'
        f'{relay}[calls]\ndrain_seconds = 5\n'
        f'{notify.config_section(private_file(folder / "notify-api-key", notify.phones.api_key.encode()))}',
        encoding="utf-8")
    return config, port


@contextmanager
def behind_nginx(folder: Path, turn_url: str | None, secret: bytes, notify: StandInNotify,
                 host: str = HOST_ADDRESS) -> Iterator[ForceDeployment]:
    """The force's service behind Debian's nginx with the example site on `host` (by default this machine's
    address in the phone's network), TLS from a test authority (`folder/ca.pem`); no relay without `turn_url`."""
    authority, chain, key, _ = make_practice_certificate([host])
    (folder / "ca.pem").write_bytes(authority)
    https_port = free_port(host)
    public_url = f"https://{host}:{https_port}"
    config, port = _force_config(folder, None if turn_url is None else (turn_url, secret), notify, public_url)
    deployment = ForceDeployment(folder, public_url, config)
    try:
        with example_nginx(folder / "nginx", port, private_file(folder / "chain.pem", chain + authority),
                           private_file(folder / "key.pem", key), host=host, https_port=https_port):
            yield deployment
    finally:
        deployment.stop()
