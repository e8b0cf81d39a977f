"""Enrolling a workstation with a force's link service as its IT team does: the code from the service's own
command (run as a new process on the service's configuration), exchanged at the service."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[2]
CODE = re.compile(r"\b[0-9A-Z]{5}(?:-[0-9A-Z]{5}){4}\b")
OFFICER = "4127"  # the collar number a test's workstation names as the officer signed in


def link_service_command(config: Path, *action: str) -> subprocess.CompletedProcess:
    """`rvr-desktop link-service ACTION --config FILE ...`, as the IT team types it on the server."""
    return subprocess.run([sys.executable, "-m", "rvr_desktop", "link-service", *action, "--config", str(config)],
                          cwd=REPO, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "CREDENTIALS_DIRECTORY": ""})


def enrolment_code(config: Path, workstation: str) -> str:
    done = link_service_command(config, "enrol", "--workstation", workstation)
    assert done.returncode == 0, done.stderr
    found = CODE.search(done.stdout)
    assert found, done.stdout
    return found.group(0)


def enrolled_credential(config: Path, base_url: str, workstation: str, verify: str | bool = True) -> str:
    """A credential for `workstation`, from a new code exchanged at the service at `base_url`."""
    answer = requests.post(f"{base_url}/api/enrol", json={"code": enrolment_code(config, workstation)},
                           verify=verify, timeout=10)
    assert answer.status_code == 201, answer.text
    return answer.json()["credential"]
