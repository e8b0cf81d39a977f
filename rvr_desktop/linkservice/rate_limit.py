"""Slowing down anyone guessing links, codes, officer tokens or console keys, without ever refusing the
right one.

Every secret that can be guessed has its own bucket, so guesses at one kind never slow another: a local
process throwing wrong officer tokens does not touch callers' links, and a stranger's wrong upload
headers do not slow the trainer's console. In each bucket failures are counted per asker (asking.py: one
IPv4 address, or one IPv6 /64) over a sliding minute.

The rule every route follows, in this order:

1. Check the presented secret. A right one is served at once and counts for nothing, even from an asker
   that is over its limit: links, device keys, officer tokens and console keys carry 256 bits, so a limit
   is not what keeps them safe, and a caller or officer sharing a network (or a proxy) with a guesser must
   never be locked out by the guesser.
2. A wrong one calls `GuessLimits.wrong(bucket, asker)`, which counts it and returns how many seconds the
   asker must wait if it was already over the limit. Then the route answers 429 with `slow_down(...)` (its
   `Retry-After` header says when to try again), and otherwise its own refusal.

Spoken codes (`Bucket.CODES`, codes.py) are the exception. They carry about 39 bits, so step 1 alone
would let an asker over its limit keep guessing at full speed and be told when it hit a live code. A
route taking codes (caller_api.claim_link) therefore asks `limits.waiting(Bucket.CODES, asker)` *before*
checking the code, answers `slow_down(Bucket.CODES, wait)` while it is non-zero, and calls
`limits.wrong(Bucket.CODES, asker)` for each wrong code. A caller behind the same address as a guesser
may then be asked to wait a minute; the officer can send a link instead. Its limit is
`failed_codes_per_minute`, lower than the others'.
"""

from __future__ import annotations

import time
from collections import deque
from enum import StrEnum

from aiohttp import web

from .replies import refuse


class AttemptLimiter:
    """At most `per_minute` failures per asker in any 60 seconds."""

    WINDOW = 60.0

    def __init__(self, per_minute: int, clock=time.monotonic, max_addresses: int = 10000) -> None:
        self.per_minute = per_minute
        self._clock = clock
        # Only the newest `per_minute` failures matter (the limit is reached when the oldest of them is
        # under a minute old), so a guesser that keeps going costs no more memory than one that stops.
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
        """Seconds until `address` is under its limit again (0 when it already is)."""
        failures = self._recent(address)
        if len(failures) < self.per_minute:
            return 0
        return max(1, int(failures[0] + self.WINDOW - self._clock()) + 1)

    def failed(self, address: str) -> None:
        if address not in self._failures and len(self._failures) >= self._max_addresses:
            # Many addresses at once: forget the oldest rather than grow without end.
            self._failures.pop(next(iter(self._failures)))
        self._failures.setdefault(address, deque(maxlen=self.per_minute)).append(self._clock())


class Bucket(StrEnum):
    """One kind of secret that can be guessed; each is limited apart from the others."""

    OFFICER_TOKENS = "officer_tokens"
    LINKS = "links"  # opening a link (POST /api/claim)
    CODES = "codes"  # typing a spoken code instead of opening a link
    UPLOADS = "uploads"  # the link and device key an upload carries
    CONSOLES = "consoles"  # the trainer's console key
    HELLOS = "hellos"  # the link and device key a WebSocket's hello carries
    ENROLMENT_CODES = "enrolment_codes"  # a workstation's one-time code (POST /api/enrol)


# What each 429 says was tried too often and what was kept safe; "Wait N seconds" follows.
_TOO_MANY = {
    Bucket.OFFICER_TOKENS: "Too many wrong officer tokens or workstation credentials came from this address; "
                           "nothing was changed.",
    Bucket.LINKS: "Too many wrong links were tried from this network. Nothing was shared.",
    Bucket.CODES: "Too many wrong codes were typed from this network. Nothing was shared.",
    Bucket.UPLOADS: "Too many files were sent from this network by pages not in a call, so this one was not "
                    "sent or kept.",
    Bucket.CONSOLES: "Too many wrong console links were tried from this network. Nothing was shown.",
    Bucket.HELLOS: "Too many pages not in a call tried to connect from this network. Nothing was shared.",
    Bucket.ENROLMENT_CODES: "Too many wrong enrolment codes came from this address; nothing was changed.",
}


class GuessLimits:
    """A limiter per bucket in this process; see the module docstring for how routes use it. A force's
    instances on one Redis share theirs instead (SharedGuessLimits), so a guesser gains nothing by being
    spread across them."""

    def __init__(self, per_minute: int, codes_per_minute: int, clock=time.monotonic) -> None:
        self._limiters = {bucket: AttemptLimiter(codes_per_minute if bucket is Bucket.CODES else per_minute, clock)
                          for bucket in Bucket}

    async def waiting(self, bucket: Bucket, asker: str) -> int:
        """Seconds `asker` must wait before this bucket hears from it again (0: go ahead)."""
        return self.waiting_now(bucket, asker)

    async def wrong(self, bucket: Bucket, asker: str) -> int:
        """Count a wrong secret from `asker`; the seconds to wait if it was already over the limit, else 0."""
        return self.wrong_now(bucket, asker)

    def waiting_now(self, bucket: Bucket, asker: str) -> int:
        return self._limiters[bucket].seconds_to_wait(asker)

    def wrong_now(self, bucket: Bucket, asker: str) -> int:
        over = self.waiting_now(bucket, asker) > 0
        # Counted even when over the limit, so a guesser that keeps going stays slowed.
        self._limiters[bucket].failed(asker)
        return self.waiting_now(bucket, asker) if over else 0


# Count a wrong secret (ARGV[2] = "1") or only look, in one asker's sliding minute of failures in one bucket;
# the answer is the seconds to wait. Redis's own clock, so every instance counts on the same time.
_GUESSES = """
local key, per_minute, counting = KEYS[1], tonumber(ARGV[1]), ARGV[2] == '1'
local now = redis.call('TIME')
local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', key, '-inf', ms - 60000)
local function wait()
  if redis.call('ZCARD', key) < per_minute then return 0 end
  local oldest = tonumber(redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')[2])
  return math.max(1, math.floor((oldest + 60000 - ms) / 1000) + 1)
end
local before = wait()
if not counting then return before end
redis.call('ZADD', key, ms, ms .. ':' .. redis.call('INCR', key .. ':n'))
redis.call('ZREMRANGEBYRANK', key, 0, -(per_minute + 1))
redis.call('PEXPIRE', key, 60000)
redis.call('PEXPIRE', key .. ':n', 60000)
if before > 0 then return wait() end
return 0
"""


class SharedGuessLimits:
    """The limits in the force's Redis, shared by every instance, with the same rules as GuessLimits. While
    Redis does not answer, each instance counts on its own (this process's GuessLimits) rather than not at
    all."""

    def __init__(self, client, per_minute: int, codes_per_minute: int) -> None:
        from redis.exceptions import RedisError  # with the rest of Redis's client, only where it is used

        self._failures = RedisError
        self._script = client.register_script(_GUESSES)
        self._per_minute = {bucket: codes_per_minute if bucket is Bucket.CODES else per_minute for bucket in Bucket}
        self._here = GuessLimits(per_minute, codes_per_minute)

    async def waiting(self, bucket: Bucket, asker: str) -> int:
        return await self._ask(bucket, asker, counting=False)

    async def wrong(self, bucket: Bucket, asker: str) -> int:
        return await self._ask(bucket, asker, counting=True)

    async def _ask(self, bucket: Bucket, asker: str, counting: bool) -> int:
        try:
            return int(await self._script(keys=[f"rvr:guesses:{bucket.value}:{asker}"],
                                          args=[self._per_minute[bucket], "1" if counting else "0"]))
        except self._failures:
            return self._here.wrong_now(bucket, asker) if counting else self._here.waiting_now(bucket, asker)


def slow_down(bucket: Bucket, wait: int) -> web.Response:
    """The 429 for an asker over its limit in `bucket`, with `Retry-After` (as a header and in the body)."""
    return refuse(429, "too_many_attempts", f"{_TOO_MANY[bucket]} Wait {wait} seconds and try again.",
                  retry_after=wait)
