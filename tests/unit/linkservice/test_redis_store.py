"""The calls kept in the force's Redis (redis_store.py), with Debian's redis-server and the example's own
persistence: what another instance takes back, what a restart of Redis keeps, and what forgetting leaves
(nothing); and the limits on guessing that every instance shares there (rate_limit.py)."""

from __future__ import annotations

import asyncio
import time

import pytest
import redis
from redis.exceptions import RedisError

from rvr_desktop.linkservice import hosting, redis_store
from rvr_desktop.linkservice.config import RedisSettings
from rvr_desktop.linkservice.links import Role
from rvr_desktop.linkservice.redis_register import RedisWorkstationRegister, blocking_client
from rvr_desktop.linkservice.rate_limit import Bucket, SharedGuessLimits
from rvr_desktop.linkservice.sessions import SessionBook
from rvr_desktop.linkservice.store import FencedOut, SessionChange
from rvr_desktop.linkservice.uploads import CallerUpload
from tests.helpers.redis_server import RunningRedis, RunningSentinel, replica_of

PHONE = "+447700900999"
PHOTO = b"\x89PNG-bytes-of-her-photo-" * 200
KEEP_ENDED, KEEP_ANY = 2 * 3600, 24 * 3600


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    running = RunningRedis(tmp_path_factory.mktemp("redis"))
    yield running
    running.stop()


def _store(server: RunningRedis) -> redis_store.RedisStore:
    return redis_store.RedisStore(redis_store.connect(RedisSettings(server.url, None, server.password)),
                                  KEEP_ENDED, KEEP_ANY)


def _a_call(book: SessionBook):
    session = book.open_session("OP-RAVEN/2026/0417")
    invite, token = book.issue(session, Role.CALLER, 900, phone_number=PHONE)
    _, code = book.issue_code(session, Role.INTERPRETER, 600)
    session.uploads["u1"] = CallerUpload("u1", "caller", "image/png", "ab" * 32, "2026-12-02T11:00:00", PHOTO)
    session.events.record("text_sent", invite_id=invite.invite_id)
    return session, invite, token, code


def test_another_instance_takes_back_links_codes_and_files_and_forgetting_leaves_no_key(redis_server):
    async def run():
        book = SessionBook(store=_store(redis_server))
        session, invite, token, code = _a_call(book)
        await book.write_through()
        # Where each link and code leads is kept too, so any instance can find the call a link belongs to.
        assert await book.store.session_of_link(invite.token_digest) == session.session_id

        again = SessionBook()
        assert await again.use_store(_store(redis_server)) == 1
        back = again.session(session.session_id)
        assert again.find(token) == invite and again.find_by_code(code) is not None
        assert back.uploads["u1"].content == PHOTO
        assert [e["kind"] for e in back.events.after(0)] == ["text_sent"]
        assert back.events.record("quality", reporter="caller", peer="officer")["seq"] == 2  # numbering goes on
        await again.write_through()
        client = again.store.client
        assert PHONE.encode() in await client.hget(redis_store.session_key(session.session_id), "state")

        await again.forget(back)
        assert await client.keys("*") == []
        fresh = _store(redis_server)
        assert await SessionBook().use_store(fresh) == 0
        for store in (book.store, again.store, fresh):
            await store.close()
    asyncio.run(run())


def test_a_write_tried_again_adds_no_event_twice_and_every_key_expires_when_the_sweep_would_forget_it(redis_server):
    async def run():
        store = _store(redis_server)
        book = SessionBook(store=store)
        session, *_ = _a_call(book)
        await book.write_through()
        change = SessionChange(session.session_id, SessionBook.state_of(session), session.events.after(0),
                               session.events.first_kept)
        await store.write([change])  # as after an answer lost on the way back
        kept = await store.load_one(session.session_id)
        assert [e["seq"] for e in kept.events] == [1]

        base = redis_store.session_key(session.session_id)
        keys = [key.decode() for key in await store.client.keys("*") if key != b"rvr:sessions"]
        # The state, its events, files and their summaries, its index, two links (the code has one behind it) and the code.
        assert base in keys and len(keys) == 8, keys
        for key in keys:
            assert KEEP_ANY - 60 < await store.client.ttl(key) <= KEEP_ANY + 1, key
        book.end(session)
        await book.write_through()
        code_keys = [key for key in keys if key.startswith("rvr:code:")]
        assert len(code_keys) == 1 and not await store.client.exists(*code_keys)  # an ended call's code leads nowhere
        for key in set(keys) - set(code_keys):
            assert KEEP_ENDED - 60 < await store.client.ttl(key) <= KEEP_ENDED + 1, key
        await book.forget(session)
        await store.close()
    asyncio.run(run())


def test_what_was_kept_survives_a_restart_of_redis(redis_server):
    async def run():
        store = _store(redis_server)
        book = SessionBook(store=store)
        session, invite, token, _ = _a_call(book)
        await book.write_through()
        redis_server.restart()  # the example appends and syncs every write before it answers
        assert (await store.status())["status"] == "ok"  # the client connects again by itself
        again = SessionBook()
        assert await again.use_store(_store(redis_server)) == 1
        assert again.find(token) == invite and again.session(session.session_id).uploads["u1"].content == PHOTO
        session.events.record("quality", reporter="caller", peer="officer")
        await book.write_through()
        assert len((await store.load_one(session.session_id)).events) == 2
        await book.forget(session)
        await store.close()
        await again.store.close()
    asyncio.run(run())


def test_a_redis_that_has_gone_says_so_for_readyz_and_a_failed_write_is_kept_to_try_again_and_told_after(tmp_path):
    server = RunningRedis(tmp_path / "redis")
    store = _store(server)
    book = SessionBook(store=store)

    async def run():
        session, *_ = _a_call(book)
        await book.write_through()
        follower = session.events.follow()
        server.stop()
        assert (await store.status()) == {"status": "failing", "kind": "redis", "error": "ConnectionError"}
        session.events.record("quality", reporter="caller", peer="officer")
        with pytest.raises(RedisError):
            await book.write_through()
        # The workstation is not told an event the store does not hold: a restart would number another so.
        assert follower.empty() and session.events.told_after(0) == session.events.after(0)[:1]
        server.process = server._start()
        await book.write_through()  # the change that failed is written now
        assert len((await store.load_one(session.session_id)).events) == 2
        assert follower.get_nowait()["kind"] == "quality"
        await store.close()
    try:
        asyncio.run(run())
    finally:
        server.stop()


def test_guesses_count_in_redis_for_every_instance_and_here_while_redis_is_away(tmp_path):
    server = RunningRedis(tmp_path / "redis")

    async def run():
        client = _store(server).client
        one, other = SharedGuessLimits(client, 3, 1), SharedGuessLimits(client, 3, 1)
        assert [await one.wrong(Bucket.LINKS, "198.51.100.7") for _ in range(2)] == [0, 0]
        assert await other.wrong(Bucket.LINKS, "198.51.100.7") == 0  # the third, at another instance
        assert await other.waiting(Bucket.LINKS, "198.51.100.7") > 0
        assert 0 < await one.wrong(Bucket.LINKS, "198.51.100.7") <= 61
        assert await one.waiting(Bucket.LINKS, "198.51.100.8") == 0  # another asker
        assert await one.waiting(Bucket.UPLOADS, "198.51.100.7") == 0  # another bucket
        assert await one.wrong(Bucket.CODES, "198.51.100.7") == 0 and await other.waiting(Bucket.CODES, "198.51.100.7") > 0
        server.stop()
        # Redis away: each instance still slows a guesser, on its own count.
        assert [await one.wrong(Bucket.HELLOS, "198.51.100.9") for _ in range(4)][-1] > 0
        await client.aclose()
    try:
        asyncio.run(run())
    finally:
        server.stop()


def test_only_the_instance_hosting_a_call_may_write_it_and_a_lapsed_lease_is_taken_again(redis_server):
    async def run():
        settings = RedisSettings(redis_server.url, None, redis_server.password)
        mine = redis_store.RedisStore(redis_store.connect(settings), KEEP_ENDED, KEEP_ANY, host="instance-one")
        book = SessionBook(store=mine)
        session, *_ = _a_call(book)
        await book.write_through()  # nobody held it: this write took it
        lease = hosting.host_key(session.session_id)
        assert await mine.client.get(lease) == b"instance-one"
        await mine.client.set(lease, "instance-two")  # another instance took the call over
        session.events.record("quality", reporter="caller", peer="officer")
        told: list[list[str]] = []

        async def taken_over(ids: list[str]) -> None:
            told.append(ids)
        book.taken_over = taken_over
        with pytest.raises(FencedOut):  # so the request that made the change is not answered as if it were kept
            await book.write_through()
        assert told == [[session.session_id]]
        assert len((await mine.load_one(session.session_id)).events) == 1  # its write changed nothing
        await mine.client.delete(lease)
        await book.forget(session)
        await mine.close()
    asyncio.run(run())


def test_with_sentinels_the_calls_follow_redis_to_its_replica_when_the_primary_is_lost(tmp_path):
    primary = RunningRedis(tmp_path / "primary")
    replica = replica_of(primary, tmp_path / "replica")
    sentinel = RunningSentinel(primary, tmp_path / "sentinel")
    with redis.Redis(port=replica.port, password=replica.password) as client:
        deadline = time.monotonic() + 20
        while client.info("replication").get("master_link_status") != "up":  # its first copy of the primary
            assert time.monotonic() < deadline, "the replica did not catch up with the primary"
            time.sleep(0.1)
    settings = RedisSettings(primary.url, None, primary.password, (("127.0.0.1", sentinel.port),),
                             RunningSentinel.MASTER)

    async def run():
        store = redis_store.RedisStore(redis_store.connect(settings), KEEP_ENDED, KEEP_ANY)
        book = SessionBook(store=store)
        session, invite, token, _ = _a_call(book)
        await book.write_through()
        with redis.Redis(port=primary.port, password=primary.password) as client:
            # On the replica too: Redis replicates after it answers, so a write just made can be lost in a
            # failover (docs/deploy.md); the test waits for the replica to have it, as time would give it.
            assert client.wait(1, 10000) == 1
        primary.process.kill()  # the primary's machine is lost
        deadline = time.monotonic() + 30
        while sentinel.primary_port() != replica.port:
            assert time.monotonic() < deadline, "the Sentinel did not fail over to the replica"
            await asyncio.sleep(0.2)
        session.events.record("quality", reporter="caller", peer="officer")
        await book.write_through()  # to the replica, now the primary, found through the Sentinel
        again = SessionBook()
        assert await again.use_store(redis_store.RedisStore(redis_store.connect(settings), KEEP_ENDED, KEEP_ANY)) == 1
        assert again.find(token) == invite and len(again.session(session.session_id).events.after(0)) == 2
        # The IT team's commands and the register reach it the same way.
        register = RedisWorkstationRegister(blocking_client(settings), "k" * 40)
        assert register.exchange(register.issue_code("CR-04")[0])[0] == "CR-04"
        register.close()
        for opened in (store, again.store):
            await opened.close()
    try:
        asyncio.run(run())
    finally:
        for part in (sentinel, replica, primary):
            part.stop()
