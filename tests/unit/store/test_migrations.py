"""Schema versions: released databases upgrade, with a backup first."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import keyring
import pytest

from rvr_desktop.store.case_store import CaseStore
from rvr_desktop.store.database import connect_with_key, open_database
from rvr_desktop.store.schema import LATEST_VERSION, MIGRATIONS
from rvr_desktop.workflow.outcome import CaseStatus

RELEASED = sorted((Path(__file__).resolve().parents[2] / "data").glob("schema-v*"))


def _install(fixture: Path, target: Path) -> bytes:
    """Copy a released data folder and put its test key in the test keyring."""
    shutil.copytree(fixture, target)
    key_hex = (target / "test-key.hex").read_text().strip()
    (target / "test-key.hex").unlink()
    folder_id = json.loads((target / "rvr-folder.json").read_text())["folder_id"]
    keyring.set_password("rvr-desktop", f"database-key/{folder_id}", key_hex)
    return bytes.fromhex(key_hex)


@contextmanager
def released_store(fixture: Path, tmp_path: Path) -> Iterator[CaseStore]:
    """A released data folder, installed under `tmp_path` and opened (so upgraded) as the workstation does."""
    folder = tmp_path / "data"
    _install(fixture, folder)
    store = CaseStore(folder, "officer")
    try:
        yield store
    finally:
        store.close()


def test_a_database_exists_for_every_released_schema():
    assert [p.name for p in RELEASED] == [f"schema-v{v}" for v in range(1, LATEST_VERSION + 1)]


@pytest.mark.parametrize("fixture", RELEASED, ids=lambda p: p.name)
def test_released_database_opens_at_the_latest_schema_with_its_cases(fixture, tmp_path):
    with released_store(fixture, tmp_path) as store:
        assert store.integrity().schema_version == LATEST_VERSION
        cases = {c.headline.title: c for c in store.cases.list_cases()}
        assert set(cases) == {"FIX-0001", "FIX-0002"}
        first = store.cases.open_case(cases["FIX-0001"].case_id)
        assert first.payload["narrative"] == "Fixture text 🙂 2"
        assert first.summary.headline.caller == "Fictitious Caller Ąę"
        assert store.audit.verify().ok



@pytest.mark.parametrize("fixture", RELEASED, ids=lambda p: p.name)
def test_released_cases_keep_statuses_the_case_list_knows(fixture, tmp_path):
    with released_store(fixture, tmp_path) as store:
        statuses = {c.headline.title: CaseStatus(c.headline.status) for c in store.cases.list_cases()}
        assert statuses["FIX-0001"] is CaseStatus.DRAFT
        # The status filter passes the vocabulary's word to the store, which matches the stored one.
        assert [c.headline.title for c in store.cases.list_cases(status=CaseStatus.DRAFT)] == ["FIX-0001"]

PRACTICE_OFFSET = -(2 * 86400 + 18 * 3600 + 43 * 60)  # a scenario's clock 2 days 18 h 43 min behind


def _version(fixture: Path) -> int:
    return int(fixture.name.removeprefix("schema-v"))


@pytest.mark.parametrize("fixture", RELEASED, ids=lambda p: p.name)
def test_released_cases_keep_their_clock_and_cases_from_before_schema_3_are_on_real_time(fixture, tmp_path):
    with released_store(fixture, tmp_path) as store:
        offsets = {c.headline.title: c.headline.clock_offset_seconds for c in store.cases.list_cases()}
        first = next(c for c in store.cases.list_cases() if c.headline.title == "FIX-0001")
        opened = store.cases.open_case(first.case_id).summary.headline.clock_offset_seconds
    # Schema 3's own fixture has a practice run (FIX-0001); before it, no case said how its clock ran.
    expected = PRACTICE_OFFSET if _version(fixture) >= 3 else 0
    assert offsets == {"FIX-0001": expected, "FIX-0002": 0}
    assert opened == expected


def _at_schema_2(tmp_path: Path) -> tuple[Path, bytes]:
    """The released schema 2 folder, installed and opened as that version did (so not upgraded)."""
    folder = tmp_path / "data"
    key = _install(next(f for f in RELEASED if _version(f) == 2), folder)
    open_database(folder, steps=MIGRATIONS[:2]).connection.close()
    return folder, key


def test_the_upgrade_to_schema_3_takes_a_practice_cases_clock_from_the_case_itself(tmp_path):
    """A practice run saved by schema 2 kept its offset only in the case: after the upgrade the list has it without
    opening the case. A stored case that is not readable JSON does not stop the upgrade: it reads 0."""
    folder, key = _at_schema_2(tmp_path)
    conn = connect_with_key(folder / "cases.db", key)
    conn.execute("UPDATE cases SET payload = json_set(payload, '$.practice_clock_offset_seconds', ?)"
                 " WHERE title = 'FIX-0001'", (PRACTICE_OFFSET,))
    conn.execute("UPDATE cases SET payload = '{\"practice_clock_offset_seconds\": 5, cut short' WHERE title = 'FIX-0002'")
    conn.close()

    opened = open_database(folder)
    conn = opened.connection
    assert opened.migrated_from == 2
    rows = dict(conn.execute("SELECT title, clock_offset_seconds FROM cases").fetchall())
    conn.close()
    assert rows == {"FIX-0001": PRACTICE_OFFSET, "FIX-0002": 0}


@pytest.mark.parametrize("stored", ["\"three days\"", "1.5", "null", "true"])
def test_an_offset_that_is_not_whole_seconds_reads_0_after_the_upgrade(tmp_path, stored):
    folder, key = _at_schema_2(tmp_path)
    conn = connect_with_key(folder / "cases.db", key)
    conn.execute("UPDATE cases SET payload = json_set(payload, '$.practice_clock_offset_seconds', json(?))",
                 (stored,))
    conn.close()
    conn = open_database(folder).connection
    assert {r[0] for r in conn.execute("SELECT clock_offset_seconds FROM cases")} == {0}
    conn.close()


def test_each_step_runs_in_order_after_a_backup(tmp_path):
    folder = tmp_path / "data"
    key = _install(RELEASED[0], folder)
    original = (folder / "cases.db").read_bytes()

    def add_note_column(conn):
        conn.execute("ALTER TABLE cases ADD COLUMN note TEXT NOT NULL DEFAULT ''")

    opened = open_database(folder, steps=(*MIGRATIONS, add_note_column))
    conn = opened.connection
    assert opened.migrated_from == 1
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION + 1
    assert conn.execute("SELECT count(note) FROM cases").fetchone()[0] == 2
    conn.close()

    backups = list((folder / "backups").iterdir())
    assert len(backups) == 1 and backups[0].name.startswith("cases-schema1-")
    assert backups[0].stat().st_mode & 0o077 == 0
    old = connect_with_key(backups[0], key)
    assert old.execute("PRAGMA user_version").fetchone()[0] == 1
    assert old.execute("SELECT count(*) FROM cases").fetchone()[0] == 2
    old.close()
    assert backups[0].read_bytes() == original


def test_a_failing_step_leaves_the_database_at_its_old_version(tmp_path):
    folder = tmp_path / "data"
    key = _install(RELEASED[0], folder)

    def broken(conn):
        conn.execute("ALTER TABLE cases ADD COLUMN half TEXT")
        raise RuntimeError("step failed half-way")

    with pytest.raises(RuntimeError, match="half-way"):
        open_database(folder, steps=(*MIGRATIONS, broken))
    conn = connect_with_key(folder / "cases.db", key)
    # Each step commits on its own: the steps before the broken one stay done.
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    columns = [r[1] for r in conn.execute("PRAGMA table_info(cases)")]
    assert "half" not in columns
    conn.close()
    assert len(list((folder / "backups").iterdir())) == 1
