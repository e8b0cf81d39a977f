"""Back-off with jitter, Retry-After in seconds or as a date on the server's clock."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

from rvr_desktop.sync.backoff import RetryPolicy, StepRetries, retry_after_seconds
from rvr_desktop.sync.failures import TemporaryFailure


def test_delays_grow_with_jitter_up_to_the_longest():
    policy = RetryPolicy(first_delay=2, longest_delay=60)
    rng = random.Random(1)
    for attempts, ceiling in [(1, 2), (2, 4), (3, 8), (6, 60), (40, 60)]:
        waits = [policy.delay(attempts, None, rng) for _ in range(200)]
        assert ceiling / 2 <= min(waits) and max(waits) <= ceiling
        assert len(set(waits)) > 100  # jittered, not in step


def test_retry_after_is_honoured_but_not_believed_beyond_reason():
    policy = RetryPolicy(first_delay=1, longest_delay=60, longest_retry_after=600)
    rng = random.Random(2)
    assert policy.delay(1, 30.0, rng) == 30.0
    assert policy.delay(1, 86400.0, rng) == 600.0
    assert 0.5 <= policy.delay(1, 0.0, rng) <= 1


def test_retry_after_as_seconds_or_a_date():
    now = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    assert retry_after_seconds("120", None, now) == 120
    assert retry_after_seconds("Fri, 27 Nov 2026 12:01:00 GMT", None, now) == 60
    # A server a day ahead: its date is read against its own Date header.
    assert retry_after_seconds("Sat, 28 Nov 2026 12:00:30 GMT", "Sat, 28 Nov 2026 12:00:00 GMT", now) == 30
    assert retry_after_seconds("Fri, 27 Nov 2026 11:00:00 GMT", None, now) == 0
    for nonsense in ("", None, "soon", "-5", "1.5e9"):
        assert retry_after_seconds(nonsense, None, now) is None


def test_a_step_is_tried_again_after_a_blip_but_not_for_ever():
    tries, waits = [], []

    def flaky():
        tries.append(1)
        if len(tries) < 3:
            raise TemporaryFailure("blip")
        return "done"

    steps = StepRetries(RetryPolicy(first_delay=0.01, tries_per_step=3), random.Random(3),
                        lambda s: waits.append(s) or True)
    assert steps(flaky) == "done" and len(waits) == 2
    tries.clear()
    with pytest.raises(TemporaryFailure):
        StepRetries(RetryPolicy(first_delay=0.01, tries_per_step=2), random.Random(3), lambda s: True)(flaky)
    # A long Retry-After is left to the case's stored back-off, not waited out here.
    waits.clear()

    def busy():
        raise TemporaryFailure("busy", retry_after=120)

    with pytest.raises(TemporaryFailure):
        StepRetries(RetryPolicy(), random.Random(3), lambda s: waits.append(s) or True)(busy)
    assert waits == []
