"""Fixtures: a real link service per test (see harness.py)."""

from __future__ import annotations

import pytest

from rvr_desktop.linkservice.config import LinkServiceConfig
from tests.helpers.sandbox import require_throwaway_keyring
from tests.unit.linkservice.harness import PracticeTLS, practice_tls, start_service, stop_service

# `link-service` in live mode reads its token from the keyring; its command tests run it so.
require_throwaway_keyring()


@pytest.fixture
def service_config() -> LinkServiceConfig:
    return LinkServiceConfig(failed_attempts_per_minute=20, delivery_poll_seconds=0.1,
                             practice_delivery_seconds=0.2, quick_exit_url="http://127.0.0.1:9/neutral")


@pytest.fixture
def service(service_config):
    running = start_service(service_config)
    yield running
    stop_service(running)


@pytest.fixture(scope="session")
def network_tls(tmp_path_factory) -> PracticeTLS:
    """One practice certificate for 127.0.0.2 for the whole run (making one takes a moment)."""
    return practice_tls(tmp_path_factory.mktemp("practice-tls"))


@pytest.fixture
def networked_service(service_config, network_tls):
    """A practice service with its network-facing socket on 127.0.0.2, as `link-service --network` runs it."""
    running = start_service(service_config, network_tls)
    yield running
    stop_service(running)
