"""The force's register of enrolled workstations in its Redis (`[store] kind = "redis"`), so every instance
of the service, on whichever machine, admits the same workstations and sees a revocation at once.

It keeps what workstations.py keeps in SQLite, and by the same rules (the module docstring there):

    rvr:ws:code:<digest>     hash: workstation, issued_at, expires_at, used_at, revoked_at
    rvr:ws:codes-of:<NAME>   set: the digests of the codes issued for a workstation
    rvr:ws:cred:<id>         hash: workstation, enrolled_at, revoked_at, last_seen
    rvr:ws:creds-of:<NAME>   set: the ids of its credentials
    rvr:ws:names             set: every workstation enrolled or waiting to enrol

Never a code or a credential itself: codes by their SHA-256, credentials by id (the signature is made
again from the key, CredentialSigner). A code's record goes CODE_KEPT_DAYS after it stopped working; a
replay after that is refused as an unknown code rather than a used one. Each change is one Lua script, so
two instances exchanging the same code at once enrol one workstation.

The client is Redis's blocking one: the service calls the register on a worker thread (as it does the
SQLite file), and the IT team's commands are plain programs.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

import redis
from redis.backoff import ExponentialBackoff
from redis.retry import Retry

from . import tokens
from .config import RedisSettings
from .redis_store import client_options, database_of, sentinel_options, text
from .workstations import (
    SEEN_EVERY, Admitted, CredentialSigner, EnrolmentRefused, Workstation, checked_issue, kept_name, new_code,
    normalised_code, CODE_HOURS,
)

CODE_KEPT_DAYS = 30

# Cancel the codes of ARGV[1] not used, revoked or expired at ARGV[2]; how many. Shared by the scripts below.
_CANCEL = """
local function cancel_codes(name, now)
  local cancelled = 0
  for _, digest in ipairs(redis.call('SMEMBERS', 'rvr:ws:codes-of:' .. name)) do
    local key = 'rvr:ws:code:' .. digest
    local code = redis.call('HMGET', key, 'used_at', 'revoked_at', 'expires_at')
    if not code[3] then
      redis.call('SREM', 'rvr:ws:codes-of:' .. name, digest)
    elseif not code[1] and not code[2] and tonumber(code[3]) > now then
      redis.call('HSET', key, 'revoked_at', now); cancelled = cancelled + 1
    end
  end
  return cancelled
end
local function revoke_credentials(name, now)
  local revoked = 0
  for _, id in ipairs(redis.call('SMEMBERS', 'rvr:ws:creds-of:' .. name)) do
    local key = 'rvr:ws:cred:' .. id
    if not redis.call('HGET', key, 'revoked_at') then redis.call('HSET', key, 'revoked_at', now); revoked = revoked + 1 end
  end
  return revoked
end
"""
_ISSUE = _CANCEL + """
local name, digest, now = ARGV[1], ARGV[2], tonumber(ARGV[3])
local cancelled = cancel_codes(name, now)
local key = 'rvr:ws:code:' .. digest
redis.call('HSET', key, 'workstation', name, 'issued_at', now, 'expires_at', ARGV[4])
redis.call('EXPIREAT', key, ARGV[5])
redis.call('SADD', 'rvr:ws:codes-of:' .. name, digest)
redis.call('SADD', 'rvr:ws:names', name)
return cancelled
"""
_REVOKE = _CANCEL + """
local name, now = ARGV[1], tonumber(ARGV[2])
return revoke_credentials(name, now) + cancel_codes(name, now)
"""
_EXCHANGE = _CANCEL + """
local key, now = 'rvr:ws:code:' .. ARGV[1], tonumber(ARGV[2])
local code = redis.call('HMGET', key, 'workstation', 'expires_at', 'used_at', 'revoked_at')
if not code[1] then return {'unknown'} end
if code[3] then return {'used'} end
if code[4] then return {'revoked'} end
if tonumber(code[2]) <= now then return {'expired'} end
local name = code[1]
redis.call('HSET', key, 'used_at', now)
revoke_credentials(name, now)
redis.call('HSET', 'rvr:ws:cred:' .. ARGV[3], 'workstation', name, 'enrolled_at', now)
redis.call('SADD', 'rvr:ws:creds-of:' .. name, ARGV[3])
return {'enrolled', name}
"""


def blocking_client(settings: RedisSettings) -> redis.Redis:
    """Redis's blocking client with the same reach as the service's (redis_store.connect)."""
    options = client_options(settings, Retry(ExponentialBackoff(cap=1.0, base=0.1), 8))
    if settings.sentinels:
        from redis.sentinel import Sentinel

        sentinels = Sentinel(list(settings.sentinels), sentinel_kwargs=sentinel_options(settings), **options)
        return sentinels.master_for(settings.sentinel_master, db=database_of(settings.url))
    return redis.Redis.from_url(settings.url, **options)


def _number(raw: bytes | str | None) -> float | None:
    return float(raw) if raw is not None else None


class RedisWorkstationRegister:
    """The register (workstations.WorkstationRegister's methods) in Redis, signing with `key` (empty for the
    IT team's commands, which never see a credential)."""

    def __init__(self, client: redis.Redis, key: str = "", clock: Callable[[], float] = time.time) -> None:
        self._client = client
        self._signer = CredentialSigner(key)
        self._clock = clock
        self._issue = client.register_script(_ISSUE)
        self._revoke = client.register_script(_REVOKE)
        self._exchange = client.register_script(_EXCHANGE)
        self._seen: dict[str, float] = {}

    def close(self) -> None:
        self._client.close()
        for sentinel in getattr(getattr(self._client.connection_pool, "sentinel_manager", None), "sentinels", ()):
            sentinel.close()

    def issue_code(self, workstation: str) -> tuple[str, float, int]:
        name, code, now = checked_issue(workstation), new_code(), self._clock()
        expires = now + CODE_HOURS * 3600
        cancelled = self._issue(args=[name, tokens.digest(code), now, expires,
                                      int(expires + CODE_KEPT_DAYS * 86400)])
        return code, expires, int(cancelled)

    def revoke(self, workstation: str) -> int:
        return int(self._revoke(args=[kept_name(workstation), self._clock()]))

    def workstations(self) -> list[Workstation]:
        now, found = self._clock(), []
        for name in sorted(text(raw) for raw in self._client.smembers("rvr:ws:names")):
            credentials = [self._client.hmget(f"rvr:ws:cred:{text(i)}", "enrolled_at", "revoked_at", "last_seen")
                           for i in self._client.smembers(f"rvr:ws:creds-of:{name}")]
            newest = max(([_number(v) for v in row] for row in credentials if row[0] is not None),
                         key=lambda row: row[0] or 0.0, default=[None, None, None])
            waiting = [float(row[2]) for row in (
                self._client.hmget(f"rvr:ws:code:{text(d)}", "used_at", "revoked_at", "expires_at")
                for d in self._client.smembers(f"rvr:ws:codes-of:{name}"))
                if row[2] is not None and row[0] is None and row[1] is None and float(row[2]) > now]
            if newest[0] is not None or waiting:
                found.append(Workstation(name, newest[0], newest[1], newest[2], max(waiting, default=None)))
        return found

    def enrolled(self, workstation: str) -> bool:
        name = kept_name(workstation)
        return any(self._client.hget(f"rvr:ws:cred:{text(i)}", "revoked_at") is None
                   for i in self._client.smembers(f"rvr:ws:creds-of:{name}"))

    def exchange(self, code: str) -> tuple[str, str]:
        if not self._signer.can_sign:
            raise RuntimeError("a register without the workstation key cannot enrol")
        credential_id = tokens.new_id()
        answer = [text(part) for part in self._exchange(args=[tokens.digest(normalised_code(code)), self._clock(),
                                                               credential_id])]
        if answer[0] != "enrolled":
            raise EnrolmentRefused(answer[0])
        return answer[1], self._signer.credential(credential_id)

    def admit(self, credential: str) -> Admitted | None:
        credential_id = self._signer.signed_id(credential)
        if credential_id is None:
            return None
        workstation, revoked = self._client.hmget(f"rvr:ws:cred:{credential_id}", "workstation", "revoked_at")
        if workstation is None or revoked is not None:
            return None
        now = self._clock()
        if now - self._seen.get(credential_id, float("-inf")) >= SEEN_EVERY:
            self._seen[credential_id] = now
            self._client.hset(f"rvr:ws:cred:{credential_id}", "last_seen", now)
        return Admitted(credential_id, text(workstation))

    def revoked(self, credential_ids: Iterable[str]) -> set[str]:
        wanted = list(credential_ids)
        with self._client.pipeline(transaction=False) as pipe:
            for credential_id in wanted:
                pipe.hmget(f"rvr:ws:cred:{credential_id}", "workstation", "revoked_at")
            rows = pipe.execute()
        return {i for i, (workstation, revoked) in zip(wanted, rows) if workstation is None or revoked is not None}
