"""Fixtures: a real link service per test (see harness.py)."""

from __future__ import annotations

import pytest

from rvr_desktop.linkservice.config import LinkServiceConfig
from tests.unit.linkservice.harness import start_service, stop_service


@pytest.fixture
def service_config() -> LinkServiceConfig:
    return LinkServiceConfig(rejoin_grace_seconds=30, failed_attempts_per_minute=20, delivery_poll_seconds=0.1,
                             practice_delivery_seconds=0.2, quick_exit_url="http://127.0.0.1:9/neutral")


@pytest.fixture
def service(service_config):
    running = start_service(service_config)
    yield running
    stop_service(running)
