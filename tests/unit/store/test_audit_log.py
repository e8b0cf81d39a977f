"""The s.62 audit log: what is recorded, and that tampering is detected."""

from __future__ import annotations

import csv
import json

import keyring
import pytest

from rvr_desktop.store.case_store import CaseStore
from rvr_desktop.store.cases import CaseHeadline
from rvr_desktop.store.database import connect_with_key
from rvr_desktop.store.folder import IDENTITY_FILE
from tests.conftest import run_cli

SECRET_NAME = "Grażyna-MARKER-1204"


@pytest.fixture
def logged(data_dir):
    """A store whose log holds each kind of entry."""
    store = CaseStore(data_dir, "PC 4412")
    case = store.cases.create({"caller": {"name": SECRET_NAME}}, CaseHeadline("INC-1", SECRET_NAME, "draft"))
    store.cases.save_draft(case.case_id, {"caller": {"name": SECRET_NAME, "phone": "+447700900123"}},
                           CaseHeadline("INC-1", SECRET_NAME, "draft"))
    store.cases.open_case(case.case_id)
    store.cases.list_cases()
    second = store.cases.create({"x": 1}, CaseHeadline("INC-2", "B", "draft"))
    store.cases.erase(second.case_id, "created in error")
    store.close()
    return data_dir


def _raw(folder):
    ident = json.loads((folder / IDENTITY_FILE).read_text())["folder_id"]
    key = bytes.fromhex(keyring.get_password("rvr-desktop", f"database-key/{ident}"))
    conn = connect_with_key(folder / "cases.db", key)
    # An attacker with the key can drop the append-only triggers first.
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("DROP TRIGGER audit_log_no_delete")
    return conn


def test_each_processing_is_logged_with_who_what_and_fields_never_values(logged):
    store = CaseStore(logged, "PC 4412")
    entries = list(store.audit.entries())
    store.close()
    actions = [(e.action, e.fields) for e in entries]
    assert actions[0] == ("collection", ("caller.name",))
    assert actions[1] == ("alteration", ("caller.phone",))
    assert actions[2][0] == "consultation" and entries[2].record == entries[0].record
    assert actions[3] == ("consultation", ("caller", "status", "title"))
    assert actions[5][0] == "erasure" and entries[5].justification == "created in error"
    assert {e.officer for e in entries} == {"PC 4412"}
    assert all(e.at_utc.endswith("Z") for e in entries)
    assert not any(SECRET_NAME in repr(e) or "+447700900123" in repr(e) for e in entries)


def test_verify_passes_on_an_untouched_log(logged):
    done = run_cli("audit", "verify", "--data-dir", str(logged))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "audit log intact: 6 entries"


def test_the_log_refuses_updates_and_deletes(logged):
    store = CaseStore(logged, "o")
    conn = store._conn
    for sql in ("UPDATE audit_log SET officer = 'x' WHERE seq = 1", "DELETE FROM audit_log WHERE seq = 1"):
        with pytest.raises(Exception, match="append-only"):
            conn.execute(sql)
    store.close()


TAMPERING = {
    "altered": ("UPDATE audit_log SET officer = 'someone else' WHERE seq = 3", "entry 3", "altered"),
    "deleted": ("DELETE FROM audit_log WHERE seq = 2", "entry 2", "out of sequence"),
    "deleted and renumbered": ("DELETE FROM audit_log WHERE seq = 2; UPDATE audit_log SET seq = seq - 1 WHERE seq > 2",
                               "entry 2", "does not follow"),
    "reordered": ("UPDATE audit_log SET seq = -1 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = 3;"
                  " UPDATE audit_log SET seq = 3 WHERE seq = -1", "entry 2", "does not follow"),
    "inserted": ("UPDATE audit_log SET seq = seq + 1 WHERE seq >= 4 AND seq < 100;"
                 " INSERT INTO audit_log SELECT 4, at_utc, officer, action, record, fields, justification, recipient,"
                 " hash, hash FROM audit_log WHERE seq = 3", "entry 4", "altered"),
    "last removed": ("DELETE FROM audit_log WHERE seq = 6", "entries after entry 5 were deleted", ""),
}


@pytest.mark.parametrize("change", TAMPERING)
def test_verify_names_the_first_entry_that_does_not_verify(logged, change):
    sql, where, what = TAMPERING[change]
    conn = _raw(logged)
    for statement in sql.split(";"):
        if "seq = seq + 1" in statement:
            # Shift from the end so the primary key never collides.
            for seq in range(6, 3, -1):
                conn.execute("UPDATE audit_log SET seq = ? WHERE seq = ?", (seq + 1, seq))
        else:
            conn.execute(statement)
    conn.close()
    done = run_cli("audit", "verify", "--data-dir", str(logged))
    assert done.returncode == 1
    assert "audit log NOT intact" in done.stderr
    assert where in done.stderr and what in done.stderr, done.stderr


def test_export_writes_the_period_and_logs_itself(logged, tmp_path):
    out = tmp_path / "audit.csv"
    done = run_cli("audit", "export", "--from", "2000-01-01", "--to", "2099-12-31", "--out", str(out),
                   "--data-dir", str(logged), "--recipient", "ICO case 12", "--reason", "subject access check")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert [r["action"] for r in rows] == ["collection", "alteration", "consultation", "consultation",
                                            "collection", "erasure"]
    assert rows[0]["officer"] == "PC 4412"
    assert {row["marking"] for row in rows} == {"TRAINING"}  # practice data, marked on every row
    assert SECRET_NAME not in out.read_text(encoding="utf-8-sig")
    store = CaseStore(logged, "o")
    last = list(store.audit.entries())[-1]
    store.close()
    assert (last.action, last.recipient, last.justification) == ("disclosure", "ICO case 12", "subject access check")
    assert last.record == "audit-log:2000-01-01..2099-12-31"
    assert run_cli("audit", "verify", "--data-dir", str(logged)).stdout.strip() == "audit log intact: 7 entries"


def test_export_of_an_empty_period_and_refusal_to_overwrite(logged, tmp_path):
    out = tmp_path / "old.csv"
    done = run_cli("audit", "export", "--from", "2001-01-01", "--to", "2001-01-31", "--out", str(out),
                   "--data-dir", str(logged))
    assert done.returncode == 0
    assert out.read_text(encoding="utf-8-sig").splitlines() == [
        "marking,entry,time_utc,officer,action,record,fields,justification,recipient,entry_hash"]
    before = out.read_bytes()
    again = run_cli("audit", "export", "--from", "2001-01-01", "--to", "2001-01-31", "--out", str(out),
                    "--data-dir", str(logged))
    assert again.returncode == 2 and "already exists" in again.stderr
    assert out.read_bytes() == before
    bad = run_cli("audit", "export", "--from", "2001-02-01", "--to", "2001-01-01", "--out", str(tmp_path / "n.csv"),
                  "--data-dir", str(logged))
    assert bad.returncode == 2 and "before --from" in bad.stderr


def test_export_cells_cannot_run_as_formulas(data_dir, tmp_path):
    store = CaseStore(data_dir, "=HYPERLINK(\"x\")")
    store.cases.create({"a": 1}, CaseHeadline("t", "c", "draft"))
    out = tmp_path / "a.csv"
    from datetime import date
    store.export_audit(date(2000, 1, 1), date(2099, 1, 1), out, recipient="-1+1", justification="@x")
    store.close()
    cells = [c for row in csv.reader(out.read_text(encoding="utf-8-sig").splitlines()) for c in row]
    assert "'=HYPERLINK(\"x\")" in cells
    assert not any(c[:1] in "=+-@" for c in cells if c)
