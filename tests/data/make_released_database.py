"""Makes the database committed under tests/data/schema-vN/ for a released schema.

Run once when a schema version is released, with the program of that
version: `python tests/data/make_released_database.py tests/data/schema-v1`.
The key is a test key made here and committed beside it: it protects
nothing but this fictitious fixture.
"""

import json
import os
import sys
from pathlib import Path

from rvr_desktop.store.audit import AuditLog
from rvr_desktop.store.cases import CaseHeadline, CaseRepository
from rvr_desktop.store.database import _configure, _migrate, connect_with_key
from rvr_desktop.store.folder import FolderIdentity, key_check_value, write_identity
from rvr_desktop.store.schema import LATEST_VERSION, MIGRATIONS

folder = Path(sys.argv[1])
folder.mkdir(parents=True, exist_ok=True)
key = os.urandom(32)
identity = FolderIdentity(f"00000000-0000-4000-8000-{LATEST_VERSION:012d}", key_check_value(key))
write_identity(folder, identity)
(folder / "test-key.hex").write_text(key.hex() + "\n")
conn = connect_with_key(folder / "cases.db", key)
_configure(conn)
_migrate(conn, 0, MIGRATIONS)
cases = CaseRepository(conn, AuditLog(conn), "fixture-officer")
# Schema 3 keeps each case's clock offset beside it: the first case is then a practice run's, its scenario's clock
# 2 days 18 h 43 min behind real time.
practice = {"practice_clock_offset_seconds": -240_180} if LATEST_VERSION >= 3 else {}
clock = {"clock_offset_seconds": -240_180} if LATEST_VERSION >= 3 else {}
first = cases.create({"intake": {"caller_name": "Fictitious Caller Ąę"}, "narrative": "Fixture text 🙂", **practice},
                     CaseHeadline("FIX-0001", "Fictitious Caller Ąę", "draft", **clock))
cases.save_draft(first.case_id, {"intake": {"caller_name": "Fictitious Caller Ąę"}, "narrative": "Fixture text 🙂 2",
                                 **practice},
                 CaseHeadline("FIX-0001", "Fictitious Caller Ąę", "draft", **clock))
second = cases.create({"narrative": "second"}, CaseHeadline("FIX-0002", "Second Caller", "escalated"))
if LATEST_VERSION >= 2:
    # Schema 2 added stored files and the outbox: one exhibit, one queued case.
    from rvr_desktop.store.case_files import CaseFileRepository
    from rvr_desktop.store.outbox import OutboxRepository

    exhibit = CaseFileRepository(conn, AuditLog(conn), "fixture-officer").add(
        second.case_id, "exhibit", "still-1.jpg", "image/jpeg", b"\xff\xd8fixture still\xff\xd9")
    OutboxRepository(conn, AuditLog(conn), "fixture-officer").submit(
        second.case_id, {"narrative": "second", "exhibits": [{"reference": "FX/1", "sha256": exhibit.sha256}]})
conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
conn.execute("PRAGMA journal_mode = DELETE")
conn.close()
print(json.dumps({"schema": LATEST_VERSION, "case": first.case_id}))
