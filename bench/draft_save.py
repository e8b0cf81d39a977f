"""Saving a 20 KB case draft: the real repository on SQLCipher against the
same repository code on plain sqlite3 with the same settings.

Targets: p99 under 5 ms, and at most 2x plain sqlite3 doing the same work.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from common import machine, percentile, verdict

from rvr_desktop.store.audit import AuditLog
from rvr_desktop.store.case_store import CaseStore
from rvr_desktop.store.cases import CaseHeadline, CaseRepository
from rvr_desktop.store.database import _configure, _migrate
from rvr_desktop.store.schema import MIGRATIONS
from rvr_desktop.workflow.outcome import CaseStatus

SAVES = 1000
HEADLINE = CaseHeadline("INC-BENCH", "Caller", CaseStatus.DRAFT)


def payload(n: int) -> dict:
    # About 20 KB of JSON, with one field changing each time as typing does.
    return {"account": {"narrative": "x" * 19_000 + str(n)}, "intake": {"caller": "Caller", "n": n},
            "extra": os.urandom(300).hex()}


def timed_saves(cases: CaseRepository) -> list[float]:
    case_id = cases.create(payload(0), HEADLINE).case_id
    times = []
    for n in range(1, SAVES + 1):
        body = payload(n)
        started = time.perf_counter()
        cases.save_draft(case_id, body, HEADLINE)
        times.append(time.perf_counter() - started)
    return times


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="rvr-bench-save-"))
    store = CaseStore(work / "data", "bench")
    plain = sqlite3.connect(work / "plain.db", isolation_level=None)
    _configure(plain)
    _migrate(plain, 0, MIGRATIONS)
    plain_cases = CaseRepository(plain, AuditLog(plain), "bench")

    encrypted, baseline = [], []
    for _ in range(2):  # interleaved halves, so drift hits both alike
        encrypted += timed_saves(store.cases)
        baseline += timed_saves(plain_cases)
    store.close()
    plain.close()

    p50, p99 = percentile(encrypted, 50) * 1000, percentile(encrypted, 99) * 1000
    b50, b99 = percentile(baseline, 50) * 1000, percentile(baseline, 99) * 1000
    print(f"machine: {machine()}")
    print(f"draft save of a 20 KB case, SQLCipher: p50 {p50:.2f} ms  p99 {p99:.2f} ms  "
          f"(target p99 < 5 ms: {verdict(p99 < 5)})")
    print(f"same work on plain sqlite3 (baseline): p50 {b50:.2f} ms  p99 {b99:.2f} ms")
    print(f"ratio SQLCipher / sqlite3: p50 {p50 / b50:.2f}x  p99 {p99 / b99:.2f}x  "
          f"(target <= 2x: {verdict(p50 / b50 <= 2 and p99 / b99 <= 2)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
