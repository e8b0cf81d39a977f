"""Fixtures for the records tests: the real encrypted store on its own thread,
the real practice records server on a loopback port the OS chose, and the
real client."""

from __future__ import annotations

from pathlib import Path

import pytest

from rvr_desktop.records_server.serve import PRACTICE_TOKEN, PracticeServerThread
from rvr_desktop.store.worker import StoreThread
from rvr_desktop.sync.client import RecordsClient
from rvr_desktop.sync.endpoint import practice_endpoint
from rvr_desktop.workflow.policy import Policy, load_policy
from tests.helpers.sandbox import require_throwaway_keyring

# The records tests keep their cases in real encrypted stores, keyed from the keyring.
require_throwaway_keyring()

# Short enough that a time-out fault costs little; far longer than any
# loopback answer.
READ_TIMEOUT = 0.25


@pytest.fixture(scope="session")
def policy() -> Policy:
    return load_policy()


@pytest.fixture
def store(data_dir):
    thread = StoreThread()
    thread.open(data_dir, "PC 1234").result()
    yield thread
    thread.shutdown()


@pytest.fixture
def server(tmp_path: Path):
    with PracticeServerThread(tmp_path / "practice-records.sqlite3") as running:
        yield running


@pytest.fixture
def client(server):
    records = RecordsClient(practice_endpoint(server.url, PRACTICE_TOKEN, read_timeout=READ_TIMEOUT))
    yield records
    records.close()
