"""Sessions kept in Redis (`[store] kind = "redis"`): how a force runs its link service on several machines,
any of which may fail, with every call's state where each of them can take it up.

What is kept is what store.py keeps, laid out per session:

    rvr:s:<id>          hash: state (JSON), last_seq
    rvr:s:<id>:events   list: the events, oldest first, as many as the session's log holds
    rvr:s:<id>:uploads  hash: upload id -> what was answered for it (JSON)
    rvr:s:<id>:files    hash: upload id -> the file's bytes
    rvr:s:<id>:index    set: the keys below that lead to this session
    rvr:link:<digest>   the session a link token (by its digest, tokens.py) belongs to
    rvr:code:<digest>   the session a spoken code (by its digest) opens, until its first opening
    rvr:sessions        set: the sessions kept

A session's write is one Lua script, so it lands whole or not at all, and only events numbered after the
last one kept are added: a write tried again after its answer was lost adds nothing twice. Every key of a
session expires when the sweep would forget it (`[calls] keep_ended_hours` after it ended, or
`keep_any_hours` after it opened), so Redis holds no caller's details longer even when no link service is
left running to forget them. Forgetting deletes them at once; Redis's own files (the append-only log, a
snapshot) hold a deleted value until they are next rewritten, which docs/deploy.md covers.

The scripts name keys that are not in KEYS, so they run on one Redis (with replicas and Sentinel), not on
a Redis Cluster.
"""

from __future__ import annotations

import json
import logging
import redis.asyncio as aioredis
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

from .config import RedisSettings
from .store import FencedOut, SessionChange, StoredSession

log = logging.getLogger(__name__)

SESSIONS = "rvr:sessions"
# How long one command may take before it counts as failed: a write the answer to a request waits on.
COMMAND_SECONDS = 2.0
# A write finding its call's lease lapsed with nobody holding it takes the lease again for this long
# (hosting.LEASE_SECONDS, which imports this module).
LEASE_MS = 3000


def session_key(session_id: str) -> str:
    return f"rvr:s:{session_id}"


def link_key(token_digest: str) -> str:
    return f"rvr:link:{token_digest}"


def code_key(code_digest: str) -> str:
    return f"rvr:code:{code_digest}"


_WRITE = """
local sid, host, state, expire_at = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
if host ~= '' then
  local holder = redis.call('GET', 'rvr:host:' .. sid)
  if not holder then redis.call('SET', 'rvr:host:' .. sid, host, 'PX', ARGV[5]) elseif holder ~= host then return 0 end
end
local base = 'rvr:s:' .. sid
local events, uploads, files, index = base .. ':events', base .. ':uploads', base .. ':files', base .. ':index'
redis.call('HSET', base, 'state', state)
local last = tonumber(redis.call('HGET', base, 'last_seq') or '0')
local i = 6
local n = tonumber(ARGV[i]); i = i + 1
for _ = 1, n do
  local seq = tonumber(ARGV[i])
  if seq > last then redis.call('RPUSH', events, ARGV[i + 1]); last = seq end
  i = i + 2
end
redis.call('HSET', base, 'last_seq', last)
local keep = last - tonumber(ARGV[i]) + 1; i = i + 1
if keep <= 0 then redis.call('DEL', events) else redis.call('LTRIM', events, -keep, -1) end
n = tonumber(ARGV[i]); i = i + 1
for _ = 1, n do
  redis.call('HSET', uploads, ARGV[i], ARGV[i + 1]); redis.call('HSET', files, ARGV[i], ARGV[i + 2]); i = i + 3
end
n = tonumber(ARGV[i]); i = i + 1
for _ = 1, n do redis.call('HDEL', uploads, ARGV[i]); redis.call('HDEL', files, ARGV[i]); i = i + 1 end
n = tonumber(ARGV[i]); i = i + 1
local wanted = {}
for _ = 1, n do wanted[ARGV[i]] = true; i = i + 1 end
for _, key in ipairs(redis.call('SMEMBERS', index)) do
  if not wanted[key] and redis.call('GET', key) == sid then redis.call('DEL', key) end
end
redis.call('DEL', index)
for key in pairs(wanted) do redis.call('SET', key, sid, 'EXAT', expire_at); redis.call('SADD', index, key) end
for _, key in ipairs({base, events, uploads, files, index}) do redis.call('EXPIREAT', key, expire_at) end
redis.call('SADD', 'rvr:sessions', sid)
return 1
"""

_FORGET = """
local sid = ARGV[1]
local base = 'rvr:s:' .. sid
for _, key in ipairs(redis.call('SMEMBERS', base .. ':index')) do
  if redis.call('GET', key) == sid then redis.call('DEL', key) end
end
redis.call('DEL', base, base .. ':events', base .. ':uploads', base .. ':files', base .. ':index')
redis.call('SREM', 'rvr:sessions', sid)
return 1
"""


def text(value: bytes | str) -> str:
    """A key or id as text: the client answers bytes, as it is made to (files are bytes)."""
    return value.decode() if isinstance(value, bytes) else value


def client_options(settings: RedisSettings, retry: object) -> dict:
    """How a client reaches the force's Redis: never waiting on one command longer than COMMAND_SECONDS,
    trying a dropped connection again with `retry` (Redis restarting, a Sentinel failover), with the
    password and, for rediss://, the authority to trust."""
    options: dict = {"socket_timeout": COMMAND_SECONDS, "socket_connect_timeout": COMMAND_SECONDS, "retry": retry,
                     "retry_on_error": [RedisConnectionError, RedisTimeoutError]}
    if settings.password:
        options["password"] = settings.password
    if settings.url.startswith("rediss://"):
        if settings.sentinels:  # no address to read it from: the Sentinels name the primary
            options["ssl"] = True
        if settings.tls_authority is not None:
            options["ssl_ca_certs"] = str(settings.tls_authority)
    return options


def connect(settings: RedisSettings) -> aioredis.Redis:
    """The service's client: a few tries, a quick back-off, and its connections checked when idle. With
    Sentinels, the client asks them where the primary is, and again after a connection to it drops, so a
    failover to a replica is followed by itself."""
    options = client_options(settings, Retry(ExponentialBackoff(cap=1.0, base=0.1), 8))
    if settings.sentinels:
        from redis.asyncio.sentinel import Sentinel

        sentinels = Sentinel(list(settings.sentinels), sentinel_kwargs=sentinel_options(settings), **options)
        return sentinels.master_for(settings.sentinel_master, db=database_of(settings.url), health_check_interval=15)
    return aioredis.Redis.from_url(settings.url, health_check_interval=15, **options)


def sentinel_options(settings: RedisSettings) -> dict:
    """How the Sentinels themselves are asked: with the same password and TLS as Redis."""
    options: dict = {"socket_timeout": COMMAND_SECONDS, "socket_connect_timeout": COMMAND_SECONDS}
    if settings.password:
        options["password"] = settings.password
    if settings.url.startswith("rediss://"):
        options["ssl"] = True
        if settings.tls_authority is not None:
            options["ssl_ca_certs"] = str(settings.tls_authority)
    return options


def database_of(url: str) -> int:
    """The database number a redis:// address names (0 when it names none)."""
    path = url.partition("://")[2].partition("/")[2].partition("?")[0]
    return int(path) if path.isdigit() else 0


class RedisStore:
    """The SessionStore (store.py) in Redis. `host` names this instance when several share the Redis: a
    write to a session another instance hosts now is refused (FencedOut), so an instance cut off for a
    while and back cannot overwrite what took its place (hosting.py). A lease that lapsed with nobody
    taking it is taken again by the write."""

    kind = "redis"

    def __init__(self, client: aioredis.Redis, keep_ended_seconds: float, keep_any_seconds: float,
                 host: str = "") -> None:
        self.client = client
        self._keep_ended, self._keep_any = keep_ended_seconds, keep_any_seconds
        self.host = host
        self._write = client.register_script(_WRITE)
        self._forget = client.register_script(_FORGET)

    def expires_at(self, state: dict) -> int:
        """When the sweep would forget this session (sessions.SessionBook.sweep), as a Unix time."""
        due = state["created_at"] + self._keep_any
        if state.get("ended_at") is not None:
            due = min(due, state["ended_at"] + self._keep_ended)
        return int(due) + 1

    async def load(self) -> list[StoredSession]:
        found = []
        for raw in await self.client.smembers(SESSIONS):
            stored = await self.load_one(text(raw))
            if stored is not None:
                found.append(stored)
        return sorted(found, key=lambda s: s.state["created_at"])

    async def load_one(self, session_id: str) -> StoredSession | None:
        """The session as last kept, or None (and it leaves the set) when it is no longer kept."""
        base = session_key(session_id)
        async with self.client.pipeline(transaction=True) as pipe:
            pipe.hget(base, "state")
            pipe.lrange(f"{base}:events", 0, -1)
            pipe.hgetall(f"{base}:uploads")
            pipe.hgetall(f"{base}:files")
            state, events, summaries, files = await pipe.execute()
        if state is None:
            await self.client.srem(SESSIONS, session_id)
            return None
        uploads = [(json.loads(summary), files[upload_id]) for upload_id, summary in summaries.items()
                   if upload_id in files]
        uploads.sort(key=lambda u: u[0]["received_at"])
        return StoredSession(json.loads(state), [json.loads(e) for e in events], uploads)

    async def write(self, changes: list[SessionChange]) -> None:
        if not changes:
            return
        async with self.client.pipeline(transaction=True) as pipe:
            for change in changes:
                await self._write(args=self._arguments(change), client=pipe)
            written = await pipe.execute()
        lost = [change.session_id for change, done in zip(changes, written) if not done]
        if lost:
            raise FencedOut(lost)

    def _arguments(self, change: SessionChange) -> list:
        state = change.state
        args: list = [change.session_id, self.host, json.dumps(state), self.expires_at(state), LEASE_MS,
                      len(change.new_events)]
        for event in change.new_events:
            args += [event["seq"], json.dumps(event)]
        args += [change.first_kept_seq, len(change.new_uploads)]
        for summary, content in change.new_uploads:
            args += [summary["upload_id"], json.dumps(summary), content]
        args += [len(change.taken_uploads), *change.taken_uploads]
        leads = [link_key(i["token_digest"]) for i in state["invites"] if i.get("token_digest")]
        leads += [code_key(i["code_digest"]) for i in state["invites"] if i.get("code_digest")]
        return [*args, len(leads), *leads]

    async def forget(self, session_id: str) -> None:
        await self._forget(args=[session_id])

    async def session_of_link(self, token_digest: str) -> str | None:
        found = await self.client.get(link_key(token_digest))
        return text(found) if found else None

    async def session_of_code(self, code_digest: str) -> str | None:
        found = await self.client.get(code_key(code_digest))
        return text(found) if found else None

    async def status(self) -> dict:
        try:
            await self.client.ping()
        except RedisError as exc:
            return {"status": "failing", "kind": self.kind, "error": type(exc).__name__}
        return {"status": "ok", "kind": self.kind}

    async def close(self) -> None:
        await self.client.aclose()
        # Found through Sentinels: the connections to them are the pool's manager's, closed with it here.
        for sentinel in getattr(getattr(self.client.connection_pool, "sentinel_manager", None), "sentinels", ()):
            await sentinel.aclose()
