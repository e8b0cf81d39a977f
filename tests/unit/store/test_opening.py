"""Opening and creating the encrypted store with its key in the real keyring."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys

import keyring
import pytest

from rvr_desktop.store.case_store import CaseStore
from rvr_desktop.store.cases import CaseHeadline
from rvr_desktop.store.folder import IDENTITY_FILE

MARKER = "Zofia Wiśniewska-MARKER-7731"


def _folder_id(folder) -> str:
    return json.loads((folder / IDENTITY_FILE).read_text())["folder_id"]


def test_first_run_creates_a_private_encrypted_database_keyed_from_the_keyring(data_dir):
    store = CaseStore(data_dir, "officer-1")
    assert store.created
    store.close()

    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    for path in data_dir.rglob("*"):
        if path.is_file():
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    db = (data_dir / "cases.db").read_bytes()
    assert not db.startswith(b"SQLite format 3")
    key_hex = keyring.get_password("rvr-desktop", f"database-key/{_folder_id(data_dir)}")
    assert key_hex is not None and len(bytes.fromhex(key_hex)) == 32

    reopened = CaseStore(data_dir, "officer-1")
    assert not reopened.created
    reopened.close()


def test_every_data_folder_has_its_own_key(tmp_path):
    keys = set()
    for name in ("practice", "live", "other"):
        folder = tmp_path / name
        CaseStore(folder, "o").close()
        keys.add(keyring.get_password("rvr-desktop", f"database-key/{_folder_id(folder)}"))
    assert len(keys) == 3


def test_no_plaintext_of_a_case_in_any_file_and_another_sqlcipher_client_needs_the_key(data_dir):
    store = CaseStore(data_dir, "officer-1")
    created = store.cases.create({"caller": {"name": MARKER}}, CaseHeadline("INC-1", MARKER, "draft"))
    store.cases.save_draft(created.case_id, {"caller": {"name": MARKER}, "note": MARKER * 3},
                           CaseHeadline("INC-1", MARKER, "draft"))
    # Look while the store is open too: the WAL holds the newest pages.
    for when in ("open", "closed"):
        for path in data_dir.rglob("*"):
            if path.is_file():
                raw = path.read_bytes()
                assert MARKER.encode() not in raw, (when, path)
                assert MARKER.encode("utf-16-le") not in raw, (when, path)
        store.close() if when == "open" else None

    key_hex = keyring.get_password("rvr-desktop", f"database-key/{_folder_id(data_dir)}")
    reader = (
        "import sqlcipher3, sys\n"
        "key = sys.stdin.readline().strip()\n"
        "c = sqlcipher3.connect(sys.argv[1])\n"
        "c.execute('PRAGMA cipher_log_level = NONE')\n"
        "c.execute(f\"PRAGMA key = \\\"x'{key}'\\\"\")\n"
        "print(c.execute('SELECT caller FROM cases').fetchone()[0])\n"
    )
    db = str(data_dir / "cases.db")
    # The key travels on stdin, never on a command line.
    right = subprocess.run([sys.executable, "-c", reader, db], input=key_hex + "\n", capture_output=True, text=True)
    assert right.returncode == 0, right.stderr
    assert right.stdout.strip() == MARKER
    wrong = subprocess.run([sys.executable, "-c", reader, db], input=os.urandom(32).hex() + "\n",
                           capture_output=True, text=True)
    assert wrong.returncode != 0
    assert "file is not a database" in wrong.stderr
    no_key = subprocess.run([sys.executable, "-c", "import sqlite3, sys; "
                             "print(sqlite3.connect(sys.argv[1]).execute('select * from cases').fetchall())", db],
                            capture_output=True, text=True)
    assert no_key.returncode != 0


def test_unicode_text_is_kept_exactly(data_dir):
    text = "ناديه — Nadia 🙂 Łódź\u200f\nשלום\tĞüşİı"
    store = CaseStore(data_dir, "officer-1")
    created = store.cases.create({"narrative": text}, CaseHeadline("INC-2", text, "draft"))
    store.close()
    store = CaseStore(data_dir, "officer-1")
    opened = store.cases.open_case(created.case_id)
    store.close()
    assert opened.payload["narrative"] == text
    assert opened.summary.headline.caller == text


@pytest.mark.parametrize("mode_bits", [0o755, 0o777])
def test_a_loose_folder_is_made_private(data_dir, mode_bits):
    data_dir.mkdir()
    data_dir.chmod(mode_bits)
    CaseStore(data_dir, "o").close()
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
