"""A live workstation holds a call through the force's link service on the force's own certificate authority:
the officer's page in QtWebEngine trusts the service's certificate by the authority the workstation was
enrolled with, and nothing else (live_call_in_a_fresh_process.py, in a process of its own as a live
workstation is)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow
INSIDE = Path(__file__).with_name("live_call_in_a_fresh_process.py")


def test_a_live_workstation_holds_a_call_through_the_forces_link_service_on_the_forces_own_authority():
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(INSIDE)],
                            cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "1 passed" in result.stdout
