from __future__ import annotations

import pytest

from rvr_desktop.settings import Mode, Settings
from rvr_desktop.store.worker import StoreThread


@pytest.fixture
def store_thread():
    thread = StoreThread()
    yield thread
    thread.shutdown()


@pytest.fixture
def practice(data_dir) -> Settings:
    return Settings(Mode.PRACTICE, data_dir, "practice:tester")
