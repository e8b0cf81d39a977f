"""The casework tests open cases from a real encrypted store."""

from __future__ import annotations

import pytest

from rvr_desktop.store.case_store import CaseStore
from rvr_desktop.workflow.policy import load_policy
from tests.helpers.sandbox import require_throwaway_keyring

# Opening a case opens the store, whose key lives in the keyring.
require_throwaway_keyring()


@pytest.fixture(scope="session")
def policy():
    """The force's shipped policy (a test that needs it changed makes its own)."""
    return load_policy()


@pytest.fixture
def store(data_dir):
    """A real encrypted case store in the test's own folder."""
    opened = CaseStore(data_dir, "PC 1234")
    yield opened
    opened.close()
