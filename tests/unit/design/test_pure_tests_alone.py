"""The pure tests stand alone: they run with no D-Bus session, no keyring and no
Qt, and every folder that opens a store refuses to run outside the throw-away
keyring (tests/helpers/sandbox.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import REPO

PURE = ("tests/unit/workflow", "tests/unit/training")
# Each opens a case store, reads the keyring or starts the workstation.
KEYRING_FOLDERS = ("tests/unit/store", "tests/unit/records", "tests/unit/casework", "tests/unit/cli",
                   "tests/unit/linkservice", "tests/gui", "tests/e2e")
SESSION_ONLY = ("PySide6", "shiboken6", "keyring", "secretstorage", "jeepney")


def _outside_the_keyring_session() -> dict[str, str]:
    """This process's environment as a developer's shell would have it, without installer/test."""
    left = ("DBUS_SESSION_BUS_ADDRESS", "RVR_TEST_KEYRING", "PYTHON_KEYRING_BACKEND")
    return {name: value for name, value in os.environ.items() if name not in left}


def _pytest(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pytest", "-q", *args], capture_output=True, text=True,
                          cwd=REPO, env=_outside_the_keyring_session(), timeout=600)


@pytest.mark.slow
def test_the_pure_tests_pass_without_a_keyring_session_or_qt(tmp_path):
    report = tmp_path / "modules.json"
    # pytest-qt's plugin imports PySide6 as pytest starts, whatever the tests need, so it is left
    # out (and its ini options, then unknown, let be): what could still load Qt is our own code.
    done = _pytest("-p", "no:pytest-qt", "-W", "ignore:Unknown config option:pytest.PytestConfigWarning",
                   "-p", "tests.helpers.loaded_modules", f"--loaded-modules={report}", *PURE)
    assert done.returncode == pytest.ExitCode.OK, done.stdout[-4000:] + done.stderr[-4000:]
    loaded = set(json.loads(report.read_text()))
    assert "rvr_desktop" in loaded  # the report is of a run that really loaded the product
    assert not loaded.intersection(SESSION_ONLY)


@pytest.mark.parametrize("folder", KEYRING_FOLDERS)
def test_a_folder_that_reaches_the_keyring_refuses_to_run_outside_the_session(folder):
    done = _pytest(folder)
    assert done.returncode == pytest.ExitCode.USAGE_ERROR, done.stdout[-2000:] + done.stderr[-2000:]
    assert "throw-away keyring" in done.stdout + done.stderr
