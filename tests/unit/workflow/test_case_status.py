"""The one vocabulary of case status: stored words, officer's labels, and how an outcome decides it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from rvr_desktop.workflow.outcome import CaseStatus, Outcome, OutcomeKind

AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_the_stored_words_are_those_released_databases_hold():
    # Changing one of these would leave old cases listed under a word no filter offers.
    assert [s.value for s in CaseStatus] == ["draft", "escalated", "unreachable", "submitted"]


def test_a_case_without_an_outcome_is_a_draft():
    assert CaseStatus.of(None) is CaseStatus.DRAFT


@pytest.mark.parametrize(("kind", "status"), [
    (OutcomeKind.ESCALATED, CaseStatus.ESCALATED),
    (OutcomeKind.CALLER_UNREACHABLE, CaseStatus.UNREACHABLE),
    (OutcomeKind.SUBMITTED, CaseStatus.SUBMITTED),
])
def test_each_outcome_gives_its_status(kind, status):
    assert CaseStatus.of(Outcome(kind, AT)) is status


def test_every_outcome_has_a_status_and_every_status_a_label():
    assert {CaseStatus.of(Outcome(kind, AT)) for kind in OutcomeKind} | {CaseStatus.DRAFT} == set(CaseStatus)
    assert CaseStatus.UNREACHABLE.label == "Caller unreachable"
    assert all(s.label and s.label[0].isupper() for s in CaseStatus)
