"""Which instance hosts each call, when a force runs several link services on one Redis.

Every call is hosted by one instance at a time: the one holding its lease,
`rvr:host:<session>` in Redis, which it renews every LEASE_SECONDS / 3 for
all the calls it hosts. The host keeps the call's working set in memory and
runs it exactly as a single service does (sessions.py), writing every change
to Redis before it answers. A request about the call that reaches another
instance is passed on to the host (passing_on.py), so an officer on one
instance and a caller on another are in one call, and each rule (a link
opens once, a code once) is applied in one place, with no race between
machines to get wrong.

When an instance dies its leases lapse within LEASE_SECONDS. The next
request about one of its calls, at whichever instance the load balancer
chose, finds no host: that instance takes the lease and takes the call
back from Redis, as a restarted service does (sessions.SessionBook.adopt):
the tabs that were in it are let go, come back by themselves with their own
device keys, and the call goes on with the same session, its events
numbered on from the last one kept.

An instance cut off from Redis for longer than its lease (a network split)
may find on its return that another took its calls. Its writes to them are
refused (redis_store.FencedOut) and its renewal says which it lost: it lets
those go at once, and their tabs reconnect to the new host.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from .redis_store import LEASE_MS, text

log = logging.getLogger(__name__)

LEASE_SECONDS = LEASE_MS / 1000
# How long a request about a call whose host stopped answering waits for the host's lease to lapse.
LAPSE_WAIT_SECONDS = LEASE_SECONDS + 1.0

# Renew this instance's leases, and say which of them another instance holds now. A lease that lapsed with
# nobody taking it (Redis was away longer than a lease) is taken again: the call is still here, whole.
_RENEW = """
local lost = {}
for i, sid in ipairs(ARGV) do
  if i > 2 then
    local key = 'rvr:host:' .. sid
    local host = redis.call('GET', key)
    if host == ARGV[1] then redis.call('PEXPIRE', key, ARGV[2])
    elseif not host then redis.call('SET', key, ARGV[1], 'PX', ARGV[2])  -- lapsed while Redis was away: still ours
    else table.insert(lost, sid) end
  end
end
return lost
"""
_LET_GO = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


@dataclass(frozen=True)
class Host:
    instance_id: str
    url: str


def host_key(session_id: str) -> str:
    return f"rvr:host:{session_id}"


def instance_key(instance_id: str) -> str:
    return f"rvr:instance:{instance_id}"


class Hosting:
    """This instance's leases on the calls it hosts, and where each other call is hosted."""

    def __init__(self, client: aioredis.Redis, instance_id: str, instance_url: str,
                 lost: Callable[[list[str]], Awaitable[None]], held: Callable[[], set[str]],
                 lease_seconds: float = LEASE_SECONDS) -> None:
        self.client = client
        self.instance_id = instance_id  # new at every start, so a restarted instance never mistakes old leases
        self.instance_url = instance_url.rstrip("/")  # where the other instances reach this one
        self.hosted: set[str] = set()
        self._lost = lost  # told the calls another instance took over
        self._held = held  # the calls this instance's book still holds: a forgotten one's lease just lapses
        self._lease_ms = int(lease_seconds * 1000)
        self._renew = client.register_script(_RENEW)
        self._let_go = client.register_script(_LET_GO)

    async def announce(self) -> None:
        """Say where this instance is reached, for as long as it renews its leases."""
        await self.client.set(instance_key(self.instance_id), self.instance_url, px=self._lease_ms)

    async def renew_now_and_then(self) -> None:
        """Until cancelled: renew every lease this instance holds; let go at once of calls taken over."""
        while True:
            await asyncio.sleep(self._lease_ms / 3000)
            self.hosted &= self._held()
            try:
                await self.announce()
                lost = [text(raw) for raw in
                        await self._renew(args=[self.instance_id, self._lease_ms, *sorted(self.hosted)])]
            except RedisError as exc:
                log.warning("could not renew this instance's calls in Redis (%s); trying again", type(exc).__name__)
                continue
            if lost:
                log.warning("%d calls were taken over by another instance; letting them go", len(lost))
                self.hosted.difference_update(lost)
                await self._lost(lost)

    async def take(self, session_id: str) -> bool:
        """Host this call from now on, unless another live instance does; True if this instance hosts it."""
        if session_id in self.hosted:
            return True
        if await self.client.set(host_key(session_id), self.instance_id, nx=True, px=self._lease_ms) or \
                await self.client.get(host_key(session_id)) == self.instance_id.encode():
            self.hosted.add(session_id)
            return True
        return False

    async def let_go(self, session_id: str) -> None:
        self.hosted.discard(session_id)
        await self._let_go(keys=[host_key(session_id)], args=[self.instance_id])

    async def let_go_of_all(self) -> None:
        """Stopping: the calls are free for another instance to take at once, not when the leases lapse."""
        for session_id in list(self.hosted):
            try:
                await self.let_go(session_id)
            except RedisError:
                return  # Redis is not answering: the leases lapse by themselves

    async def host_of(self, session_id: str) -> Host | None:
        """The live instance hosting the call, or None when none does."""
        host = await self.client.get(host_key(session_id))
        if host is None:
            return None
        url = await self.client.get(instance_key(text(host)))
        return Host(text(host), text(url)) if url else None

    async def wait_for_lapse(self, session_id: str) -> None:
        """A host that stopped answering: wait (up to LAPSE_WAIT_SECONDS) for its lease on the call to lapse."""
        give_up = time.monotonic() + LAPSE_WAIT_SECONDS
        while time.monotonic() < give_up and await self.client.exists(host_key(session_id)):
            await asyncio.sleep(0.1)
