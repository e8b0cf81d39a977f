"""Opening the encrypted database with its raw key, against plain SQLite.

Target: under 20 ms. Prints the median of RUNS opens of each.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from common import machine, median, verdict

from rvr_desktop.store.case_store import CaseStore
from rvr_desktop.store.database import connect_with_key
from rvr_desktop.store import keyring_key
from rvr_desktop.store.folder import read_identity

RUNS = 21


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="rvr-bench-open-")) / "data"
    CaseStore(folder, "bench").close()  # first run: key and database created
    key = keyring_key.read_key(read_identity(folder).folder_id)
    plain_path = folder.parent / "plain.db"
    sqlite3.connect(plain_path).execute("create table t(x)").connection.close()

    def raw_open() -> float:
        started = time.perf_counter()
        conn = connect_with_key(folder / "cases.db", key)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        elapsed = time.perf_counter() - started
        conn.close()
        return elapsed

    def plain_open() -> float:
        started = time.perf_counter()
        conn = sqlite3.connect(plain_path)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        elapsed = time.perf_counter() - started
        conn.close()
        return elapsed

    def store_open() -> float:
        started = time.perf_counter()
        store = CaseStore(folder, "bench")
        elapsed = time.perf_counter() - started
        store.close()
        return elapsed

    raw, plain, full = [], [], []
    for _ in range(RUNS):
        raw.append(raw_open())
        plain.append(plain_open())
        full.append(store_open())
    print(f"machine: {machine()}")
    print(f"database open, raw key:        median {median(raw) * 1000:7.2f} ms  (target < 20 ms: "
          f"{verdict(median(raw) < 0.020)})")
    print(f"plain sqlite3 open (baseline): median {median(plain) * 1000:7.2f} ms  "
          f"ratio {median(raw) / median(plain):.1f}x")
    print(f"whole store open (keyring look-up, checks): median {median(full) * 1000:7.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
