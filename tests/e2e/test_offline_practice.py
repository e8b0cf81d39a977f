"""Training works with no network at all: a whole practice run (link service,
simulated caller, video, debrief) inside a network namespace whose only
interface is loopback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import REPO

INSIDE = ("ip link set lo up && dbus-run-session -- installer/with-test-keyring "
          f"{sys.executable} -m pytest -q -p no:cacheprovider "
          "tests/e2e/video/test_practice_run.py -k correct_safe_run")


@pytest.mark.slow
def test_a_practice_run_needs_nothing_but_loopback():
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.fail("this test makes a network namespace, which needs root and unshare(1) (util-linux)")
    interfaces = subprocess.run(["unshare", "--net", "--", "ip", "-o", "link"], capture_output=True, text=True)
    assert interfaces.returncode == 0, interfaces.stderr
    assert [line.split(":")[1].strip() for line in interfaces.stdout.splitlines()] == ["lo"]
    done = subprocess.run(["unshare", "--net", "--", "sh", "-c", INSIDE], cwd=REPO, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "1 passed" in done.stdout
