"""Shared fixtures, for every folder: no keyring and no Qt here, so the pure
tests run anywhere. The folders that open a store or show widgets ask for the
throw-away keyring and Qt in their own conftest (tests/helpers/sandbox.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# Real widgets without a screen. QtWebEngine's flags are the product's own
# (rvr_desktop/chromium_flags.py): a test that needs the officer's camera asks
# for the practice fake camera in its Settings, as a trainer would.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


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
