"""Shared fixtures. The suite runs only inside the throw-away keyring session
that `installer/test` starts, so no test can reach a real user's keyring."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

if os.environ.get("RVR_TEST_KEYRING") != "1" or not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
    raise pytest.UsageError(
        "The tests must run inside a throw-away keyring session, never the user's own keyring.\n"
        "Run them with:  installer/test"
    )
if os.environ.get("PYTHON_KEYRING_BACKEND") != "keyring.backends.SecretService.Keyring":
    raise pytest.UsageError("PYTHON_KEYRING_BACKEND must name the Secret Service backend (installer/test sets it).")

# Real widgets without a screen. QtWebEngine's flags are the product's own
# (rvr_desktop/chromium_flags.py): a test that needs the officer's camera asks
# for the practice fake camera in its Settings, as a trainer would.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pytest_configure(config):
    # As the workstation does before its application exists (see app.py), so
    # a test can open the video view later in the same process.
    from rvr_desktop.qt import QtCore

    QtCore.QCoreApplication.setAttribute(QtCore.Qt.ApplicationAttribute.AA_ShareOpenGLContexts)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A data folder of the test's own (not yet created: the store makes it)."""
    return tmp_path / "data"


def run_cli(*args: str, env: dict | None = None, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    """Run `python -m rvr_desktop ARGS` as a user would, capturing its output."""
    return subprocess.run([sys.executable, "-m", "rvr_desktop", *args], capture_output=True, text=True,
                          timeout=timeout, env=env, cwd=REPO, **kwargs)


@pytest.fixture
def cli():
    return run_cli
