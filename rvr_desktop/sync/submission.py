"""Submitting a finished case to the outbox, with its filing made at that moment.

The filing (the POLE document sent to the records system) is made when the
officer submits, under the policy in force then, and kept with the outbox
entry: the risk grade and referrals the records system receives are the ones
the officer saw, even if the force changes a threshold or RVR Desktop is
upgraded before the records system answers, and every retry sends the same
bytes.

An escalated case goes the same way, as an escalation record: its outcome
stays "escalated" and the filing says so (`escalation` in the request).

The workstation reaches this through `casework.submitting`, which gives a
copy of the officer's case its outcome just before and hands that copy here;
the case is saved as submitted only by the outbox's transaction below.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from rvr_desktop import __version__
from rvr_desktop.sync.pole import Submission, investigation_from_case
from rvr_desktop.workflow.escalation import is_submitted
from rvr_desktop.workflow.outcome import CaseStatus

if TYPE_CHECKING:
    from rvr_desktop.store.case_store import CaseStore
    from rvr_desktop.store.outbox import CaseDelivery
    from rvr_desktop.workflow.case import Case
    from rvr_desktop.workflow.policy import Policy


def submit_case(store: CaseStore, case_id: str, case: Case, policy: Policy, *, officer: str, training: bool,
                now: datetime | None = None) -> CaseDelivery:
    """Queue a case the workflow has submitted (`actions.submit_case`); run it on the store's thread.

    The windows submit through `casework.submitting.submit_for_records`, then
    `worker.wake()`. Raises `ExhibitFilesMissing` (nothing changed) if an
    exhibit has no stored file, `AlreadySubmitted` if it is queued already.
    """
    if not is_submitted(case):
        raise ValueError("Only a case the workflow has submitted (actions.submit_case) can go to the outbox.")
    now = now or datetime.now(UTC)
    filing = investigation_from_case(case, policy, Submission(case_id, officer, now, training, __version__))
    body = json.dumps(filing, ensure_ascii=False, separators=(",", ":"))
    # An escalation record stays "escalated" in the case list, with its delivery beside it.
    return store.outbox.submit(case_id, case.to_dict(), request_body=body, now=now, status=CaseStatus.of(case.outcome))
