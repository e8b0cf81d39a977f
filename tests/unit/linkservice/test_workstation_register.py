"""The force's register of workstations: a code works once and for a day, a credential only with its signature
and until it is revoked, and the register keeps neither; the same rules in its SQLite file (workstations.py)
and in the force's Redis, for several instances (redis_register.py, with Debian's redis-server)."""

from __future__ import annotations

import sqlite3
import stat
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

import redis

from rvr_desktop.linkservice.config import RedisSettings
from rvr_desktop.linkservice.redis_register import RedisWorkstationRegister, blocking_client
from rvr_desktop.linkservice.workstations import EnrolmentRefused, WorkstationRegister, normalised_code
from tests.helpers.redis_server import RunningRedis
from tests.unit.linkservice.harness import MovableClock

KEY = "workstation-key-of-a-test-force-0123456789"


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    running = RunningRedis(tmp_path_factory.mktemp("redis"))
    yield running
    running.stop()


@pytest.fixture(params=["sqlite", "redis"])
def make_register(request, tmp_path, clock):
    """Opens a register on the same place: the service's (with a key), or an IT team's command's (none)."""
    opened = []
    if request.param == "redis":
        server = request.getfixturevalue("redis_server")
        with redis.Redis(port=server.port, password=server.password) as client:
            client.flushall()

    def make(key: str = ""):
        if request.param == "sqlite":
            register = WorkstationRegister(tmp_path, key, clock)
        else:
            register = RedisWorkstationRegister(blocking_client(RedisSettings(server.url, None, server.password)),
                                                key, clock)
        opened.append(register)
        return register
    def everything_kept() -> bytes:
        """Every key and value the register wrote to Redis."""
        with redis.Redis(port=server.port, password=server.password) as client:
            kept = []
            for key in client.keys("*"):
                kind = client.type(key)
                values = client.hgetall(key).items() if kind == b"hash" else [(m, b"") for m in client.smembers(key)]
                kept += [key, *(part for pair in values for part in pair)]
            return b"".join(kept)

    make.kind = request.param
    make.everything_kept = everything_kept
    yield make
    for register in opened:
        register.close()


@pytest.fixture
def register(make_register):
    return make_register(KEY)


def _refused(register: WorkstationRegister, code: str) -> str:
    with pytest.raises(EnrolmentRefused) as refused:
        register.exchange(code)
    return refused.value.reason


def test_a_code_works_once_for_the_workstation_it_was_issued_for(register):
    code, *_ = register.issue_code("CR-04")
    workstation, credential = register.exchange(code)
    assert workstation == "CR-04"
    assert register.admit(credential).workstation == "CR-04"
    assert _refused(register, code) == "used"  # a replay, however soon
    assert register.admit(credential) is not None  # and the replay took nothing from the first
    assert _refused(register, "AAAAA-BBBBB-CCCCC-DDDDD-EEEEE") == "unknown"


def test_a_code_may_be_typed_in_any_case_without_its_dashes_and_with_look_alike_letters(register):
    code, *_ = register.issue_code("CR-04")
    typed = code.replace("-", " ").lower().replace("0", "o").replace("1", "l")
    assert normalised_code(typed) == code
    assert register.exchange(typed)[0] == "CR-04"


def test_a_code_stops_working_after_a_day(register, clock):
    code, expires, _ = register.issue_code("CR-04")
    clock.advance(24 * 3600 + 1)
    assert clock() > expires and _refused(register, code) == "expired"


def test_a_forged_or_altered_credential_is_refused_before_the_register_is_asked(register, make_register):
    _, credential = register.exchange(register.issue_code("CR-04")[0])
    prefix, credential_id, signature = credential.split(".")
    assert register.admit(f"{prefix}.{credential_id}.{'0' * len(signature)}") is None
    assert register.admit(f"{prefix}.{'f' * 32}.{signature}") is None
    assert register.admit(credential + "x") is None and register.admit("") is None
    # Under another key (the force replaced it) no credential signed with the old one works.
    assert make_register(KEY + "-replaced").admit(credential) is None


def test_revoking_cuts_off_the_credential_and_any_code_not_yet_used_at_once(register, make_register):
    _, credential = register.exchange(register.issue_code("CR-04")[0])
    waiting, *_ = register.issue_code("CR-04")
    # The IT team's command works on the register from a process of its own, with no key.
    command = make_register()
    assert command.revoke("CR-04") == 2
    assert register.revoked([credential.split(".")[1]]) == {credential.split(".")[1]}
    assert command.revoke("CR-99") == 0
    assert register.admit(credential) is None
    assert _refused(register, waiting) == "revoked"
    [listed] = register.workstations()
    assert listed.name == "CR-04" and listed.revoked_at is not None and listed.code_expires_at is None


def test_a_new_code_cancels_the_one_not_yet_used_so_an_old_ticket_cannot_take_the_workstation_over(register):
    old, *_ = register.issue_code("CR-04")
    new, _, cancelled = register.issue_code("CR-04")
    assert cancelled == 1
    assert _refused(register, old) == "revoked"
    assert register.exchange(new)[0] == "CR-04"


def test_a_name_in_other_letters_is_the_same_workstation(register):
    _, credential = register.exchange(register.issue_code("CR-04")[0])
    assert register.enrolled("cr-04")
    code, *_ = register.issue_code("cr-04")
    assert register.exchange(code)[0] == "CR-04"
    assert register.admit(credential) is None  # the rebuilt one replaced it: not a second workstation beside it
    assert [w.name for w in register.workstations()] == ["CR-04"]
    assert register.revoke("Cr-04") == 1


def test_a_command_holding_the_file_refuses_no_officer(tmp_path, clock):
    """The SQLite register's own: Redis has no file a command could hold (its scripts run one at a time)."""
    register = WorkstationRegister(tmp_path, KEY, clock)
    _, credential = register.exchange(register.issue_code("CR-04")[0])
    other = sqlite3.connect(tmp_path / "workstations.sqlite3", isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # as an IT team's command (or a shell on the file) writing
        started = time.monotonic()
        assert register.admit(credential).workstation == "CR-04"
        assert time.monotonic() - started < 1  # last seen is left for the next time, not waited for
        assert register.revoked([credential.split(".")[1]]) == set()
    finally:
        other.execute("ROLLBACK")
        other.close()
        register.close()


def test_enrolling_a_name_again_replaces_its_credential(register):
    _, first = register.exchange(register.issue_code("CR-04")[0])
    code, *_ = register.issue_code("CR-04")
    assert register.admit(first) is not None  # until the new code is used
    _, second = register.exchange(code)
    assert register.admit(first) is None and register.admit(second).workstation == "CR-04"


def test_the_list_says_who_is_enrolled_waiting_and_last_seen(register, clock):
    _, credential = register.exchange(register.issue_code("CR-04")[0])
    register.issue_code("CR-05")
    clock.advance(120)
    register.admit(credential)
    enrolled, waiting = register.workstations()
    assert (enrolled.name, waiting.name) == ("CR-04", "CR-05")
    assert enrolled.enrolled_at is not None and enrolled.last_seen == pytest.approx(clock(), abs=1)
    assert waiting.enrolled_at is None and waiting.code_expires_at is not None


def test_the_register_holds_no_code_or_credential_and_its_file_is_the_services_alone(register, make_register,
                                                                                      tmp_path):
    code, *_ = register.issue_code("CR-04")
    _, credential = register.exchange(code)
    register.close()
    if make_register.kind == "sqlite":
        kept = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("workstations.sqlite3"))
        assert stat.S_IMODE((tmp_path / "workstations.sqlite3").stat().st_mode) == 0o600
    else:
        kept = make_register.everything_kept()
    signature = credential.split(".")[2]
    assert b"CR-04" in kept  # the checks below could fail
    for secret in (code, code.replace("-", ""), credential, signature):
        assert secret.encode() not in kept


def test_names_are_checked(register):
    with pytest.raises(ValueError, match="not a workstation name"):
        register.issue_code("CR 04; DROP")


def test_the_same_code_exchanged_at_two_instances_at_once_enrols_one_workstation(register, make_register):
    code, *_ = register.issue_code("CR-04")
    other = make_register(KEY)
    ready = threading.Barrier(2)

    def exchange(at) -> str:
        ready.wait()
        try:
            return at.exchange(code)[1]
        except EnrolmentRefused as refused:
            return refused.reason

    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(exchange, [register, other]))
    assert sorted(a if a == "used" else "credential" for a in answers) == ["credential", "used"], answers
