"""Slowing down anyone guessing links or officer tokens.

Counts failed attempts per network address in a sliding minute. Successful
requests cost nothing, so a caller on a shared network is never locked out
by someone else's good link.
"""

from __future__ import annotations

import time
from collections import deque


class AttemptLimiter:
    """At most `per_minute` failures per address in any 60 seconds."""

    WINDOW = 60.0

    def __init__(self, per_minute: int, clock=time.monotonic, max_addresses: int = 10000) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._max_addresses = max_addresses

    def _recent(self, address: str) -> deque[float]:
        failures = self._failures.get(address)
        if failures is None:
            return deque()
        cutoff = self._clock() - self.WINDOW
        while failures and failures[0] <= cutoff:
            failures.popleft()
        if not failures:
            del self._failures[address]
        return failures

    def blocked(self, address: str) -> bool:
        return len(self._recent(address)) >= self.per_minute

    def seconds_to_wait(self, address: str) -> int:
        failures = self._recent(address)
        if not failures:
            return 0
        return max(1, int(failures[0] + self.WINDOW - self._clock()) + 1)

    def failed(self, address: str) -> None:
        if address not in self._failures and len(self._failures) >= self._max_addresses:
            # Many addresses at once: forget the oldest rather than grow without end.
            self._failures.pop(next(iter(self._failures)))
        self._failures.setdefault(address, deque()).append(self._clock())
