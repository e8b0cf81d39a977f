"""A live workstation holds a call through the force's link service on the force's own certificate authority:
the officer's page in QtWebEngine trusts the service's certificate by the authority the workstation was
enrolled with, and nothing else (live_call_in_a_fresh_process.py, in a process of its own as a live
workstation is)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.fresh_process import passes_in_a_fresh_process

pytestmark = pytest.mark.slow


def test_a_live_workstation_holds_a_call_through_the_forces_link_service_on_the_forces_own_authority():
    passes_in_a_fresh_process(Path(__file__).with_name("live_call_in_a_fresh_process.py"))
