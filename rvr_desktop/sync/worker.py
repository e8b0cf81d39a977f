"""The outbox worker: a thread of its own that delivers submitted cases, oldest
first, whenever the records system answers.

Network waits happen here, never on the GUI thread nor on the store's
thread: each store step is a short call through the `StoreThread`, each
network step an exchange with the client. After a temporary failure the
worker holds back (exponential back-off with jitter, at least any Retry-After)
before trying anything else, and the failed case stays first in line, so
cases go in the order they were submitted. A refused case is set aside for a
person and the rest carry on. A paused outbox (expired token, untrusted
certificate) sends nothing until "Retry now".

It reports through plain callbacks, called on this thread: `on_case` with a
`CaseDelivery` whenever a case changes state, `on_status` with an
`OutboxStatus` for the status bar, `on_erased` with the ids of cases erased
at the end of their retention period. The workstation re-emits them as Qt
signals (see `ui.outbox_status`).
"""

from __future__ import annotations

import json
import logging
import queue
import random
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from rvr_desktop import __version__
from rvr_desktop.store.outbox import CaseDelivery, OutboxItem, from_utc_text
from rvr_desktop.store.worker import StoreThread
from rvr_desktop.sync.status import OutboxStatus
from rvr_desktop.sync.backoff import RetryPolicy, StepRetries
from rvr_desktop.sync.client import RecordsClient
from rvr_desktop.sync.delivery import Delivered, deliver
from rvr_desktop.sync.failures import CaseRefused, DeliveryPaused, DeliveryProblem, TemporaryFailure
from rvr_desktop.sync.pole import Submission, investigation_from_case
from rvr_desktop.sync.repeat_exhibits import mend_repeated_exhibits
from rvr_desktop.sync.retention import RetentionPolicy
from rvr_desktop.workflow.case import Case
from rvr_desktop.workflow.plain_data import CaseFormatError
from rvr_desktop.workflow.policy import Policy

if TYPE_CHECKING:
    from rvr_desktop.store.case_store import CaseStore

log = logging.getLogger(__name__)
T = TypeVar("T")
KEPT_SAFE = "The case is kept safe in the encrypted outbox on this workstation."
# While cases stream out, the status bar is told at most this often (seconds);
# problems and the queue emptying are told at once.
STATUS_EVERY = 0.25

__all__ = ["OutboxStatus", "OutboxWorker"]


class OutboxWorker:
    """Delivers the outbox on a background thread; `start()`, `stop()`, `wake()`, `retry_now()`."""

    def __init__(self, store: StoreThread, client: RecordsClient, policy: Policy, *, officer: str, training: bool,
                 retry: RetryPolicy | None = None, retention: RetentionPolicy | None = None,
                 on_case: Callable[[CaseDelivery], Any] | None = None,
                 on_status: Callable[[OutboxStatus], Any] | None = None,
                 on_erased: Callable[[list[str]], Any] | None = None,
                 check_every: float = 60.0, rng: random.Random | None = None):
        self._store = store
        self._client = client
        self._policy = policy
        self._officer = officer
        self._training = training
        self._retry = retry or RetryPolicy()
        self._retention = retention
        self._on_case = on_case
        self._on_status = on_status
        self._on_erased = on_erased
        self._check_every = check_every
        self._rng = rng or random.Random()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._retry_requests: queue.SimpleQueue[str | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._online: bool | None = None
        self._problem = ""
        self._paused = False
        self._hold_until = 0.0  # monotonic time before which nothing is tried
        self._next_check = 0.0  # monotonic time of the next probe and retention sweep
        self._status_told = 0.0  # monotonic time the status was last published
        self._status_dirty = False
        self.status = OutboxStatus(None, False, 0, 0, None, None, "")
        self._steps = StepRetries(self._retry, self._rng, lambda seconds: not self._stopping.wait(seconds))

    # Called from any thread.

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("the outbox worker has already been started")
        self._thread = threading.Thread(target=self._run, name="records-outbox", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 60.0) -> bool:
        """Stop after the exchange in progress (if any); True if the thread has ended.

        A case caught mid-delivery stays 'sending' and is sent again, under
        its own key, at the next start.
        """
        self._stopping.set()
        self._wake.set()
        if self._thread is None:
            return True
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def wake(self) -> None:
        """A case was submitted: look at the outbox now (any back-off still applies)."""
        self._wake.set()

    def retry_now(self, case_id: str | None = None) -> None:
        """The officer's "Retry now": end any back-off or pause, and send again every case waiting or
        needing attention (or only the one named). Always safe: each case keeps its idempotency key."""
        self._retry_requests.put(case_id)
        self._wake.set()

    # The worker's own thread.

    def _run(self) -> None:
        log.info("outbox worker started")
        try:
            self._call(lambda s: s.outbox.recover_interrupted())
            local = self._policy.zone
            for mended in self._call(lambda s: mend_repeated_exhibits(s, local)):
                self._tell(self._on_case, mended.delivery)
        except Exception:
            log.exception("the outbox could not be read at start")
        while not self._stopping.is_set():
            try:
                self._step()
            except Exception as error:
                # Most often the store closing under us at shutdown; never a
                # reason to lose the thread.
                log.error("outbox worker step failed: %s", type(error).__name__)
                self._sleep(2.0)
        log.info("outbox worker stopped")

    def _step(self) -> None:
        self._take_retry_requests()
        if time.monotonic() >= self._next_check:
            self._next_check = time.monotonic() + self._check_every
            self._erase_expired()
            if not self._paused:
                self._probe()
        if self._paused:
            # Until "Retry now"; waking for the retention sweep meanwhile.
            self._sleep(max(self._next_check - time.monotonic(), 0.0))
            return
        hold = self._hold_until - time.monotonic()
        if hold > 0:
            self._sleep(hold)
            return
        now = datetime.now(UTC)
        item = self._call(lambda s: s.outbox.next_due(now))
        if item is None:
            if self._status_dirty:
                self._publish_status()
            due = self._call(lambda s: s.outbox.next_attempt_time())
            wait = self._next_check - time.monotonic()
            if due is not None:
                wait = min(wait, (due - now).total_seconds())
            self._sleep(max(wait, 0.0))
            return
        self._attempt(item)

    def _take_retry_requests(self) -> None:
        requested = False
        while True:
            try:
                case_id = self._retry_requests.get_nowait()
            except queue.Empty:
                break
            requested = True
            self._call(partial(_retry_now, case_id=case_id))
            if case_id is not None:
                delivery = self._call(partial(_delivery_of, case_id=case_id))
                if delivery is not None:
                    self._tell(self._on_case, delivery)
        if requested:
            self._paused = False
            self._problem = ""
            self._hold_until = 0.0
            self._next_check = 0.0
            self._publish_status()

    def _attempt(self, item: OutboxItem) -> None:
        try:
            request = self._request_for(item)
        except CaseRefused as refusal:
            self._settle(item, refusal)
            return
        body = item.request_body or json.dumps(request, ensure_ascii=False, separators=(",", ":"))
        sending = self._call(lambda s: s.outbox.start_sending(item.seq, body))
        self._tell(self._on_case, sending)
        try:
            delivered = deliver(request, body.encode("utf-8"), item.idempotency_key, sending.attempts,
                                self._client, lambda sha: self._call(
                                    lambda s: s.files.content_for_disclosure(item.case_id, sha)),
                                self._steps)
        except DeliveryProblem as problem:
            self._settle(item, problem, attempts=sending.attempts)
        except Exception as error:
            # A fault in this program, not the records system's: the case is
            # set aside with a message rather than retried in a loop.
            log.error("delivery of outbox entry %d failed unexpectedly: %s", item.seq, type(error).__name__)
            self._settle(item, CaseRefused(f"An unexpected fault in RVR Desktop ({type(error).__name__}) stopped "
                                           "this case being sent."))
        else:
            self._delivered(item, delivered)

    def _request_for(self, item: OutboxItem) -> dict:
        if item.request_body is not None:
            return json.loads(item.request_body)
        try:
            case = Case.from_dict(item.payload)
            submission = Submission(item.case_id, self._officer, from_utc_text(item.delivery.submitted_utc),
                                    self._training, __version__)
            return investigation_from_case(case, self._policy, submission)
        except (CaseFormatError, ValueError) as error:
            raise CaseRefused(f"The submitted case cannot be turned into a records system filing ({error}).") \
                from None

    def _delivered(self, item: OutboxItem, delivered: Delivered) -> None:
        recipient = (f"practice records server at {self._client.endpoint.host} (training)" if self._training
                     else f"force records system at {self._client.endpoint.host}")
        delivery = self._call(lambda s: s.outbox.record_delivered(
            item.seq, delivered.crime_reference, delivered.investigation_id, recipient=recipient,
            fields=delivered.disclosed))
        log.info("outbox entry %d delivered", item.seq)
        self._online, self._problem = True, ""
        self._tell(self._on_case, delivery)
        self._status_dirty = True
        if time.monotonic() - self._status_told >= STATUS_EVERY:
            self._publish_status()

    def _settle(self, item: OutboxItem, problem: DeliveryProblem, attempts: int = 1) -> None:
        """Record a failed attempt and decide what happens next."""
        if isinstance(problem, TemporaryFailure):
            delay = self._retry.delay(attempts, problem.retry_after, self._rng)
            next_at = datetime.now(UTC) + timedelta(seconds=delay)
            message = (f"{problem.message} {KEPT_SAFE} It will be sent again automatically at "
                       f"{next_at.astimezone(self._policy.zone):%H:%M:%S} ({attempts} attempt{'s' * (attempts != 1)} so far); it "
                       "will not be sent twice.")
            delivery = self._call(lambda s: s.outbox.record_retry(item.seq, message, next_at))
            self._hold_until = time.monotonic() + delay
            self._online, self._problem = False, problem.message
            log.info("outbox entry %d: temporary failure, next try in %.2f s", item.seq, delay)
        elif isinstance(problem, DeliveryPaused):
            message = f"{problem.message} {KEPT_SAFE}"
            delivery = self._call(lambda s: s.outbox.record_retry(item.seq, message, datetime.now(UTC)))
            self._pause(problem)
        else:
            message = (f"{problem.message} {KEPT_SAFE} Nothing was duplicated in the records system. Tell your "
                       "supervisor, who may need the records team to look; then press “Retry now” for this case.")
            delivery = self._call(lambda s: s.outbox.record_needs_attention(item.seq, message))
            log.warning("outbox entry %d needs attention", item.seq)
        self._tell(self._on_case, delivery)
        self._publish_status()

    def _pause(self, problem: DeliveryPaused) -> None:
        self._paused = True
        self._problem = problem.message
        log.warning("outbox paused until a person acts")

    def _probe(self) -> None:
        """Ask the records system whether it answers, for the status bar."""
        try:
            self._client.service()
        except TemporaryFailure as failure:
            self._online, self._problem = False, failure.message
        except DeliveryPaused as problem:
            self._online = True
            self._pause(problem)
        except CaseRefused as refusal:
            self._online, self._problem = True, refusal.message
        else:
            self._online, self._problem = True, ""
        self._publish_status()

    def _erase_expired(self) -> None:
        if self._retention is None:
            return
        keep_for, source = self._retention.keep_for, self._retention.source
        erased = self._call(lambda s: s.outbox.erase_after_retention(keep_for, policy=source))
        if erased:
            log.info("erased %d delivered case(s) at the end of their retention period", len(erased))
            self._tell(self._on_erased, erased)
            self._publish_status()

    def _publish_status(self) -> None:
        summary, next_at = self._call(lambda s: (s.outbox.summary(), s.outbox.next_attempt_time()))
        self._status_told, self._status_dirty = time.monotonic(), False
        self.status = OutboxStatus(self._online, self._paused, summary.waiting, summary.needs_attention,
                                   summary.last_delivered_utc, next_at, self._problem)
        self._tell(self._on_status, self.status)

    def _call(self, fn: Callable[[Any], T]) -> T:
        return self._store.submit(fn).result()

    def _sleep(self, seconds: float | None) -> None:
        if not self._stopping.is_set():
            self._wake.wait(seconds)
        self._wake.clear()

    @staticmethod
    def _tell(callback: Callable[[Any], Any] | None, value: Any) -> None:
        if callback is None:
            return
        try:
            callback(value)
        except Exception:
            log.exception("an outbox callback failed")


# Run on the store's thread; bound with partial, as a loop's lambda would bind its variable late.
def _retry_now(store: CaseStore, case_id: str | None) -> int:
    return store.outbox.retry_now(case_id)


def _delivery_of(store: CaseStore, case_id: str) -> CaseDelivery | None:
    return store.outbox.delivery_of(case_id)
