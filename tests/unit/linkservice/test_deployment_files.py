"""installer/link-service/: the systemd unit and the example configuration are true to each other and to the
service: the credentials the unit loads are the ones the configuration names, the unit passes
systemd-analyze, and the unit's own command line starts the service."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
import requests

from rvr_desktop.linkservice.config import load_config
from tests.conftest import REPO

pytestmark = pytest.mark.slow

FILES = REPO / "installer" / "link-service"
UNIT = FILES / "rvr-link-service.service"
EXAMPLE = FILES / "link-service.toml"
INSTALLED = "/opt/rvr-desktop"
INSTALLED_CONFIG = "/etc/rvr-link-service/link-service.toml"


def _unit_settings(name: str) -> list[str]:
    return [line.split("=", 1)[1] for line in UNIT.read_text(encoding="utf-8").splitlines()
            if line.startswith(f"{name}=")]


def _credentials(folder: Path) -> Path:
    """What systemd would put in $CREDENTIALS_DIRECTORY for the unit's LoadCredential= lines."""
    folder.mkdir()
    for setting in _unit_settings("LoadCredential"):
        name = setting.split(":", 1)[0]
        (folder / name).write_text(f"{name}-" + "x" * 40 + "\n", encoding="utf-8")
        (folder / name).chmod(0o400)
    return folder


STATE_DIRECTORY = "/var/lib/rvr-link-service"  # what the unit's StateDirectory= makes


def _example_here(tmp_path: Path) -> Path:
    """The example configuration with its store in a private folder here (systemd makes the real one)."""
    store = tmp_path / "state"
    store.mkdir(mode=0o700)
    config = tmp_path / "link-service.toml"
    config.write_text(EXAMPLE.read_text(encoding="utf-8").replace(f'"{STATE_DIRECTORY}"', f'"{store}"'),
                      encoding="utf-8")
    return config


def test_the_example_configuration_loads_with_the_credentials_the_unit_gives_it(tmp_path, monkeypatch):
    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(_credentials(tmp_path / "credentials")))
    config = load_config(_example_here(tmp_path))
    assert (config.store_kind, f"StateDirectory={Path(STATE_DIRECTORY).name}") == ("sqlite", "StateDirectory="
                                                                                   + _unit_settings("StateDirectory")[0])
    assert config.server is not None and config.server.secrets.workstation_key.startswith("workstation-key-")
    assert config.server.secrets.notify_api_key.startswith("notify-api-key-")
    named = {value for section in tomllib.loads(EXAMPLE.read_text(encoding="utf-8")).values()
             for key, value in section.items() if key.endswith("_credential")}
    assert named == {s.split(":", 1)[0] for s in _unit_settings("LoadCredential")}
    # systemd waits for the drain before it kills.
    assert float(_unit_settings("TimeoutStopSec")[0]) > config.drain_seconds
    assert _unit_settings("KillSignal") == ["SIGTERM"]


def _unit_here(tmp_path: Path, config: Path) -> Path:
    unit = tmp_path / UNIT.name
    unit.write_text(UNIT.read_text(encoding="utf-8").replace(INSTALLED_CONFIG, str(config))
                    .replace(INSTALLED, str(REPO)), encoding="utf-8")
    return unit


def test_the_unit_passes_systemd_analyze_and_is_hardened(tmp_path):
    if shutil.which("systemd-analyze") is None:
        pytest.fail("this test checks the unit with systemd-analyze: installer/setup test installs Debian's systemd")
    unit = _unit_here(tmp_path, EXAMPLE)
    verified = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, timeout=60)
    assert verified.returncode == 0 and verified.stderr == "", verified.stderr
    for hardening in ("NoNewPrivileges=yes", "ProtectSystem=strict", "PrivateTmp=yes", "ProtectHome=yes",
                      "CapabilityBoundingSet=\n", "User=rvr-link"):
        assert hardening in unit.read_text(encoding="utf-8")
    security = subprocess.run(["systemd-analyze", "security", "--offline=true", str(unit)], capture_output=True,
                              text=True, timeout=60)
    exposure = float(security.stdout.rsplit("Overall exposure level", 1)[1].split(":")[1].split()[0])
    assert exposure < 2.0, security.stdout[-400:]


def test_the_units_own_command_line_starts_the_service(tmp_path):
    example = _example_here(tmp_path).read_text(encoding="utf-8")
    config = tmp_path / "link-service.toml"
    # Any free ports: the example's may be taken on this machine.
    config.write_text(example.replace('"127.0.0.1:8080"', '"127.0.0.1:0"').replace('"127.0.0.1:9464"',
                                                                                   '"127.0.0.1:0"'), encoding="utf-8")
    command = shlex.split(_unit_here(tmp_path, config).read_text(encoding="utf-8").split("ExecStart=", 1)[1]
                          .splitlines()[0])
    assert command[0] == str(REPO / ".venv" / "bin" / "rvr-desktop")
    environment = {**os.environ, "CREDENTIALS_DIRECTORY": str(_credentials(tmp_path / "credentials"))}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                               text=True, env=environment)
    try:
        assert process.stdout is not None and process.stderr is not None
        line = process.stdout.readline()
        assert line, process.stderr.read()
        announced = json.loads(line)
        assert requests.get(f"{announced['url']}/healthz", timeout=5).json() == {"alive": True}
        assert "rvr_link_service_sessions 0.0" in requests.get(announced["metrics_url"], timeout=5).text
    finally:
        process.terminate()
        assert process.wait(20) == 0
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def test_the_container_runs_the_units_command_as_its_own_user_and_holds_no_secret():
    """The container file (built by hand with podman: docs/deploy.md says how and what was checked) starts
    the very command the unit does, as an unprivileged user, and takes nothing into the image but the
    program: no configuration and no secret, which are mounted when it runs."""
    containerfile = (FILES / "Containerfile").read_text(encoding="utf-8")
    instructions = [line for line in containerfile.splitlines() if line and not line.startswith((" ", "#"))]

    def last(keyword: str) -> str:
        return [line for line in instructions if line.startswith(keyword + " ")][-1].split(" ", 1)[1]

    in_container = json.loads(last("ENTRYPOINT")) + json.loads(last("CMD"))
    unit_command = shlex.split(_unit_settings("ExecStart")[0])
    assert in_container == unit_command, (in_container, unit_command)
    assert last("USER").split(":")[0] not in ("0", "root")
    copied = [line.split(" ", 1)[1] for line in instructions if line.startswith("COPY ")]
    assert copied == [". /src", "--from=build /opt/rvr-desktop/.venv /opt/rvr-desktop/.venv"], copied
    ignored = (REPO / ".containerignore").read_text(encoding="utf-8").splitlines()
    assert {".venv", ".git"} <= set(ignored)
