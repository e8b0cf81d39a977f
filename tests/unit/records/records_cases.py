"""Helpers shared by the records tests: submitted cases with exhibit files, kept
in the real encrypted store, as the workstation would submit them."""

from __future__ import annotations

import json
import random
from contextlib import contextmanager
from unittest import mock

from rvr_desktop.store.case_store import CaseStore
from rvr_desktop.store.cases import CaseHeadline
from rvr_desktop.store.outbox import CaseDelivery
from rvr_desktop.sync import pole
from rvr_desktop.sync.client import RecordsClient
from rvr_desktop.sync.delivery import deliver
from rvr_desktop.sync.failures import CaseRefused
from rvr_desktop.sync.submission import submit_case
from rvr_desktop.training.specimen_cases import CALL_AT, CaseBuilder, finished_case
from rvr_desktop.workflow.account import Child, Suspect, WeaponOrObject, Witness
from rvr_desktop.workflow.case import Case
from rvr_desktop.workflow.policy import Policy
from rvr_desktop.workflow.steps import Step


def richer_case(policy: Policy) -> Case:
    """A finished case with a suspect, a child, a witness and a weapon, for the POLE mapping."""
    builder = CaseBuilder(policy)
    case = builder.done_before(Step.ACCOUNT)
    account = case.account
    account.suspect = Suspect("Alex Example", None, "ex-partner", "tall, beard", "4 Other Road")
    account.children = [Child(name="Kit Example", school="Hill Primary", lives_with_victim=True, present=True)]
    account.witnesses = [Witness("Pat Neighbour", "07700 900123", "heard shouting")]
    account.weapons = [WeaponOrObject("kitchen knife", "held up, not used")]
    account.victim.address = "1 Home Street"
    # The remaining steps as an officer would do them (the Encompass
    # proposal for the child is decided in the safeguarding step).
    for step in (Step.ACCOUNT, Step.RISK, Step.SAFEGUARDING, Step.STATEMENT):
        builder.do(step, case, CALL_AT)
    return case


def submit_stored_case(store: CaseStore, policy: Policy, *, exhibits: int = 2, size: int = 4000,
                       rng: random.Random | None = None, contents: list[bytes] | None = None) -> str:
    """Store a finished case and its exhibit files, then submit it; returns the stored case id.

    The exhibits' files are `contents` when given, else random bytes.
    """
    rng = rng or random.Random()
    contents = contents if contents is not None else [rng.randbytes(size) for _ in range(exhibits)]
    case = finished_case(policy, contents)
    summary = store.cases.create(case.to_dict(), CaseHeadline(case.intake.incident_reference, "", "draft"))
    for exhibit, content in zip(case.exhibits, contents):
        store.files.add(summary.case_id, "exhibit", exhibit.file_name, "image/jpeg", content)
    submit_case(store, summary.case_id, case, policy, officer="PC 1234", training=True)
    return summary.case_id


def wait_until(condition, timeout: float = 30.0, every: float = 0.02):
    """Poll `condition` until it returns something true; fail after `timeout` seconds."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"not true within {timeout} s: {condition}")


@contextmanager
def filed_as_before_repeats_were_recognised():
    """Inside, filings are made as the release before this one made them: one file twice is two exhibits."""
    with mock.patch.object(pole, "merge_duplicate_exhibits", lambda exhibits: []):
        yield


def refused_once(store: CaseStore, client: RecordsClient, case_id: str) -> CaseDelivery:
    """Send a queued case's stored filing once, as the worker does, and record the records system's refusal."""
    item = next(i for i in store.outbox.undelivered() if i.case_id == case_id)
    sending = store.outbox.start_sending(item.seq, item.request_body)
    try:
        deliver(json.loads(item.request_body), item.request_body.encode(), item.idempotency_key, sending.attempts,
                client, lambda sha: store.files.content_for_disclosure(case_id, sha))
    except CaseRefused as refusal:
        return store.outbox.record_needs_attention(item.seq, refusal.message)
    raise AssertionError("the records system accepted a filing it should have refused")
