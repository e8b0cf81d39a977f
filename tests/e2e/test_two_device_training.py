"""Training from two devices, on a local network of its own: a workstation
started with --trainer-network and a trainer's "phone" (headless Chromium
trusting the practice authority) reaching it over HTTPS at a non-loopback
address. The network is a veth pair inside a fresh network namespace, so
nothing reaches the machine's real network."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import REPO

ADDRESS = "10.77.0.1"
NETWORK = (f"ip link set lo up && ip link add rvr-lan type veth peer name rvr-lan-peer && "
           f"ip addr add {ADDRESS}/24 dev rvr-lan && ip link set rvr-lan up && ip link set rvr-lan-peer up")
INSIDE = (f"{NETWORK} && RVR_TEST_TRAINER_ADDRESS={ADDRESS} dbus-run-session -- installer/with-test-keyring "
          f"{sys.executable} -m pytest -q -p no:cacheprovider tests/e2e/video/test_trainer_device.py")


@pytest.mark.slow
def test_a_trainer_plays_the_caller_from_another_device_on_the_local_network():
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.fail("this test makes a network namespace, which needs root and unshare(1) (util-linux)")
    done = subprocess.run(["unshare", "--net", "--", "sh", "-c", INSIDE], cwd=REPO, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-3000:]
    assert "passed" in done.stdout and "skipped" not in done.stdout and "failed" not in done.stdout
