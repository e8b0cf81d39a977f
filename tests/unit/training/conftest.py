"""Fixtures for the training tests (the walking trainee lives in training_runs.py)."""

from __future__ import annotations

import pytest
from training_runs import TERM_TIME_NOON

from rvr_desktop.training import Scenario, check_scenarios, practice_policy
from rvr_desktop.workflow.policy import Policy, load_policy


@pytest.fixture(scope="session")
def policy() -> Policy:
    """The shipped policy as practice mode applies it (drama-range numbers allowed)."""
    return practice_policy(load_policy())


@pytest.fixture(scope="session")
def scenarios(policy: Policy) -> dict[str, Scenario]:
    """Every shipped scenario by id, checked as of a fixed day in term time."""
    checked = check_scenarios(policy, now=TERM_TIME_NOON)
    assert all(found.ok for found in checked), [problem for found in checked for problem in found.problems]
    return {found.scenario.scenario_id: found.scenario for found in checked}
