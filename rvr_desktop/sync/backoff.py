"""How long to wait before trying the records system again.

Exponential back-off with jitter, so a room of workstations coming back
after an outage do not all knock at once; a `Retry-After` from the records
system is honoured as the least wait. A Retry-After given as a date is read
against the records system's own clock (its Date header), not ours, so a
server whose clock is a day out does not make us wait a day.

Two levels. Each exchange is tried up to `tries_per_step` times with short
waits, so a blip (one dropped connection, one 503) costs a second, not a
round of the queue. If the step still fails, the whole case waits, and that
wait grows with the case's attempts and is kept in the outbox, so it
survives a restart and the status bar can say when the next try is.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TypeVar

from rvr_desktop.sync.failures import TemporaryFailure

T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    """Delays in seconds. The defaults suit a records system down for patching."""

    first_delay: float = 2.0
    longest_delay: float = 300.0
    # A Retry-After beyond this is not believed: a misconfigured server must
    # not park the outbox for days.
    longest_retry_after: float = 3600.0
    tries_per_step: int = 3
    # A step wait longer than this is left to the case's own back-off, which
    # is stored and shown, instead of holding the exchange open.
    longest_step_wait: float = 10.0

    def delay(self, attempts: int, retry_after: float | None, rng: random.Random) -> float:
        """The wait after the `attempts`-th failed attempt in a row (1 for the first)."""
        ceiling = min(self.longest_delay, self.first_delay * 2 ** max(0, min(attempts - 1, 30)))
        # "Equal jitter": at least half the back-off, so it still grows.
        wait = rng.uniform(ceiling / 2, ceiling)
        if retry_after is not None:
            wait = max(wait, min(retry_after, self.longest_retry_after))
        return wait


class StepRetries:
    """Runs one exchange, trying again after short waits while it fails temporarily."""

    def __init__(self, policy: RetryPolicy, rng: random.Random, wait: Callable[[float], bool]):
        self._policy = policy
        self._rng = rng
        # wait(seconds) returns False when the worker is stopping.
        self._wait = wait

    def __call__(self, step: Callable[[], T]) -> T:
        for tried in range(1, self._policy.tries_per_step + 1):
            try:
                return step()
            except TemporaryFailure as failure:
                delay = self._policy.delay(tried, failure.retry_after, self._rng)
                last = tried == self._policy.tries_per_step
                if last or delay > self._policy.longest_step_wait or not self._wait(delay):
                    raise
        raise AssertionError("unreachable: the last try either returns or raises")


def retry_after_seconds(value: str | None, server_date: str | None, now: datetime | None = None) -> float | None:
    """Seconds asked for by a Retry-After header (delay-seconds or an HTTP date), or None.

    A date is measured from the server's Date header when it has one, since
    both come from the same clock; otherwise from ours.
    """
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    when = _http_date(value)
    if when is None:
        return None
    reference = _http_date(server_date) if server_date else None
    reference = reference or now or datetime.now(UTC)
    return max(0.0, (when - reference).total_seconds())


def _http_date(text: str) -> datetime | None:
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
