"""Submitting a case for an investigation to be created: the one way the windows submit.

The case on screen is never changed to try a submission. On the store's
thread a copy of it is marked submitted (`actions.submit_case`, the only
place that is done: a finished case gets its "submitted" outcome, an
escalated case keeps "escalated" and goes as an escalation record) and that
copy, with the filing made from it, goes into the outbox with its status in
one transaction (`sync.submission`). The copy is seen by nothing else: if the transaction
does not happen, it is dropped, and the stored draft and the case on screen
are exactly as they were, with nothing to undo. Only once the store answers
`Queued` does the case on screen take the outcome the outbox holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from rvr_desktop.store.outbox import AlreadySubmitted, ExhibitFilesMissing
from rvr_desktop.workflow.actions import submit_case, why_not_submit
from rvr_desktop.workflow.case import Case

if TYPE_CHECKING:
    from rvr_desktop.store.case_store import CaseStore
    from rvr_desktop.store.outbox import CaseDelivery
    from rvr_desktop.workflow.outcome import Outcome
    from rvr_desktop.workflow.policy import Policy

__all__ = ["NotSubmitted", "Queued", "submit_for_records", "why_not_submit"]

ALREADY_QUEUED = ("The case was not submitted again: it is already in the outbox, on its way to the records system, "
                  "and a second copy could create a second investigation. Nothing was changed. Its progress shows "
                  "in the case list.")


@dataclass(frozen=True)
class Queued:
    """The case is in the outbox: how its delivery stands, and the outcome it was submitted with."""

    delivery: CaseDelivery
    outcome: Outcome
    # When the escalation record went, for an escalated case; None for a finished one.
    escalation_submitted_at: datetime | None = None

    def apply_to(self, case: Case) -> None:
        """The case on screen takes what the outbox holds (and so becomes read-only)."""
        case.outcome = self.outcome
        case.escalation.submitted_at = self.escalation_submitted_at


@dataclass(frozen=True)
class NotSubmitted:
    """The case stays a draft, unchanged; `why` says what stopped it and what to do."""

    why: str


def submit_for_records(store: CaseStore, case_id: str, on_screen: dict, policy: Policy, *, officer: str,
                       training: bool, at: datetime) -> Queued | NotSubmitted:
    """Submit the case whose screen form is `on_screen` (`Case.to_dict()`), at `at` on the case's clock.

    Run on the store's thread, after any pending draft save (the thread keeps
    the order). A refusal the officer can act on comes back as
    `NotSubmitted`; anything else the store raises (a full disk, say) is
    raised, with nothing changed.
    """
    from rvr_desktop.sync.submission import submit_case as queue_submitted  # the filing code loads when first used

    case = Case.from_dict(on_screen)  # the copy that is submitted; the screen's case is not touched
    problem = submit_case(case, policy, at)
    if problem is not None:
        return NotSubmitted(problem)
    outcome = case.outcome
    assert outcome is not None  # submit_case gave it its outcome just above
    try:
        delivery = queue_submitted(store, case_id, case, policy, officer=officer, training=training)
    except ExhibitFilesMissing as missing:
        return NotSubmitted(str(missing))
    except AlreadySubmitted:
        return NotSubmitted(ALREADY_QUEUED)
    return Queued(delivery, outcome, case.escalation.submitted_at)
