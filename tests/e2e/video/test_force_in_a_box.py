"""A force in a box: the officer signs in at the force's (practice) OpenID provider, takes a call through the
force's link service and its coturn relay, and takes a still; everything kept names the signed-in officer
(force_in_a_box_in_a_fresh_process.py, in a process of its own as a live workstation is)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.fresh_process import passes_in_a_fresh_process

pytestmark = pytest.mark.slow


def test_an_officer_signs_in_and_takes_a_call_through_the_forces_relay_all_in_their_name():
    passes_in_a_fresh_process(Path(__file__).with_name("force_in_a_box_in_a_fresh_process.py"))
