"""Fixtures for the workflow tests (helpers live in workflow_cases.py)."""

from __future__ import annotations

import pytest

from rvr_desktop.training.specimen_cases import CaseBuilder
from rvr_desktop.workflow.policy import Policy, load_policy


@pytest.fixture(scope="session")
def policy() -> Policy:
    """The policy shipped in the repository's resources/ folder."""
    return load_policy()


@pytest.fixture
def build(policy: Policy) -> CaseBuilder:
    return CaseBuilder(policy)
