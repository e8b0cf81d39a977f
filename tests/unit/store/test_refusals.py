"""Every way the environment can stop the store: its own message and exit code,
and the database left byte-for-byte as it was."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import textwrap

import keyring
import pytest

from rvr_desktop.store.case_store import CaseStore
from rvr_desktop.store.cases import CaseHeadline
from rvr_desktop.store.database import connect_with_key
from rvr_desktop.store.folder import IDENTITY_FILE
from tests.conftest import REPO, run_cli


def _files(folder):
    """Digest of every file except the program's own log."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and "logs" not in p.parts}


def _account(folder) -> str:
    return "database-key/" + json.loads((folder / IDENTITY_FILE).read_text())["folder_id"]


@pytest.fixture
def filled(data_dir):
    store = CaseStore(data_dir, "officer-1")
    store.cases.create({"narrative": "a case"}, CaseHeadline("INC-9", "Caller", "draft"))
    store.close()
    return data_dir


def _refused(folder, expected_code, *phrases, env=None):
    before = _files(folder)
    done = run_cli("audit", "verify", "--data-dir", str(folder), env=env)
    assert done.returncode == expected_code, (done.returncode, done.stdout, done.stderr)
    for phrase in (*phrases, "Nothing was changed", "What to do:"):
        assert phrase in done.stderr, (phrase, done.stderr)
    assert _files(folder) == before
    return done.stderr


def test_no_system_keyring(filled):
    env = dict(os.environ, PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    _refused(filled, 10, "No system keyring is available", "keyring.backends.fail.Keyring", env=env)


def test_key_missing_from_the_keyring(filled):
    keyring.delete_password("rvr-desktop", _account(filled))
    _refused(filled, 12, "The key for this case database is missing", "has no key")


def test_damaged_identity_file(filled):
    (filled / IDENTITY_FILE).write_text("{not json")
    _refused(filled, 12, "identity file", "damaged")


def test_wrong_key_in_the_keyring(filled):
    keyring.set_password("rvr-desktop", _account(filled), os.urandom(32).hex())
    _refused(filled, 13, "a different key", "Restore the original keyring entry")


@pytest.mark.parametrize("damage", ["scrambled first page", "truncated", "unencrypted sqlite"])
def test_damaged_database_file(filled, damage):
    db = filled / "cases.db"
    raw = bytearray(db.read_bytes())
    if damage == "scrambled first page":
        raw[200:1200] = os.urandom(1000)
    elif damage == "truncated":
        raw = raw[:1000]
    else:
        db.unlink()
        import sqlite3
        sqlite3.connect(db).execute("create table x(y)").connection.commit()
        raw = bytearray(db.read_bytes())
    db.write_bytes(raw)
    _refused(filled, 14, "The case database is damaged", "left exactly as it was")


def test_database_from_a_newer_program(filled):
    key = bytes.fromhex(keyring.get_password("rvr-desktop", _account(filled)))
    conn = connect_with_key(filled / "cases.db", key)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    _refused(filled, 15, "newer version of RVR Desktop", "schema version 99")


def test_data_folder_not_writable(filled):
    # Root ignores permission bits; the immutable attribute stops root too.
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(filled)]).returncode != 0:
        pytest.fail("chattr +i is needed to make a folder unwritable for root; the file system refused it")
    try:
        _refused(filled, 16, "cannot write in the data folder")
    finally:
        subprocess.run(["chattr", "-i", str(filled)], check=True)


LOCKED_SESSION = textwrap.dedent("""
    set -e
    eval "$(printf test | gnome-keyring-daemon --unlock --components=secrets)"
    python -m rvr_desktop audit verify --data-dir "$1" >/dev/null
    python -c 'import secretstorage; c = secretstorage.dbus_init(); secretstorage.get_default_collection(c).lock()'
    sha256sum "$1/cases.db"
    set +e
    python -m rvr_desktop audit verify --data-dir "$1"
    echo "exit=$?"
    sha256sum "$1/cases.db"
""")


def test_locked_keyring(tmp_path):
    # A keyring session of its own, so locking it cannot disturb other tests.
    home = tmp_path / "home"
    home.mkdir()
    env = dict(os.environ, HOME=str(home), XDG_DATA_HOME=str(home / "share"), PATH=os.environ["PATH"])
    env.pop("DBUS_SESSION_BUS_ADDRESS")
    env["PATH"] = f"{os.path.dirname(os.sys.executable)}:{env['PATH']}"
    done = subprocess.run(["dbus-run-session", "--", "bash", "-c", LOCKED_SESSION, "locked", str(tmp_path / "data")],
                          capture_output=True, text=True, env=env, cwd=REPO, timeout=120)
    assert "exit=11" in done.stdout, (done.stdout, done.stderr)
    assert "The system keyring is locked" in done.stderr
    assert "Unlock your keyring" in done.stderr
    digests = [line.split()[0] for line in done.stdout.splitlines() if line.endswith("cases.db")]
    assert len(digests) == 2 and digests[0] == digests[1]
