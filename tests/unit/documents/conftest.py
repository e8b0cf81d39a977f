"""Fixtures for the document tests: the shipped policy, the specimen case and officer."""

from __future__ import annotations

import pytest

from rvr_desktop.documents import DocumentInput, Marks
from rvr_desktop.documents.specimen import MADE_AT, SPECIMEN_OFFICER, specimen_case
from rvr_desktop.workflow.case import Case
from rvr_desktop.workflow.policy import Policy, load_policy


@pytest.fixture(scope="session")
def policy() -> Policy:
    return load_policy()


@pytest.fixture
def case(policy: Policy) -> Case:
    """A fresh specimen case each time, so a test may change it."""
    return specimen_case(policy)


@pytest.fixture
def inp(case: Case, policy: Policy) -> DocumentInput:
    return DocumentInput(case, policy, SPECIMEN_OFFICER, MADE_AT, Marks())
