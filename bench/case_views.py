"""Opening a full case with 50 exhibits (target < 100 ms) and the case list
with 5,000 cases (target < 300 ms), offscreen, with the real encrypted store.

Baselines measured in the same run: opening a new, empty case the same way;
and reading the same 5,000 rows with plain sqlite3.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from common import machine, median, verdict  # noqa: E402

from gui_probe import main_window, practice_workstation  # noqa: E402

from rvr_desktop.casework.starting import headline_of  # noqa: E402
from rvr_desktop.qt import QtCore  # noqa: E402
from rvr_desktop.training.specimen_cases import CALL_AT, CaseBuilder  # noqa: E402
from rvr_desktop.workflow.case import new_case  # noqa: E402
from rvr_desktop.workflow.exhibits import Exhibit  # noqa: E402
from rvr_desktop.workflow.steps import Step  # noqa: E402

RUNS = 9
LIST_SIZE = 5000


def full_case(policy):
    case = CaseBuilder(policy).done_before(Step.REVIEW)
    case.account.narrative = "I was frightened. " * 800
    case.exhibits = [Exhibit(f"JS/{n}", f"Photograph {n} of an injury", "PC 1 J Smith",
                             CALL_AT + timedelta(minutes=n), "still from the video call", f"{n:064x}")
                     for n in range(1, 51)]
    return case


def wait_for(app, condition, limit=30.0):
    """Run the event loop (sleeping, not spinning) until `condition` holds.

    A busy processEvents() loop would hold the GIL and starve the store's
    thread, so the figure would measure the harness.
    """
    loop = QtCore.QEventLoop()
    poll = QtCore.QTimer(interval=1)
    poll.timeout.connect(lambda: loop.quit() if condition() else None)
    deadline = QtCore.QTimer(singleShot=True, interval=int(limit * 1000))
    deadline.timeout.connect(loop.quit)
    poll.start()
    deadline.start()
    if not condition():
        loop.exec()
    poll.stop()
    if not condition():
        raise TimeoutError
    return time.perf_counter()


def main() -> int:
    app, workstation = practice_workstation("rvr-bench-views-")
    folder, policy, store = workstation.settings.data_dir, workstation.policy, workstation.store
    full, empty = full_case(policy), new_case(policy, CALL_AT)
    for case in (full, empty):
        store.submit(lambda s, c=case: s.cases.create(c.to_dict(), headline_of(c), c.case_id)).result()
    window = main_window(workstation)

    def open_time(case_id: str) -> float:
        started = time.perf_counter()
        window.open_case(case_id)
        shown = wait_for(app, lambda: window.case_view is not None and window.case_view.isVisible())
        window.case_view.close_case()
        wait_for(app, lambda: window.case_view is None)
        return shown - started

    full_times, empty_times = [], []
    for _ in range(RUNS):
        full_times.append(open_time(full.case_id))
        empty_times.append(open_time(empty.case_id))

    # The list: 5,000 cases, then the time from asking to rows shown.
    template = full.to_dict()
    store.submit(lambda s: [s.cases.create(template, headline_of(full)) for _ in range(LIST_SIZE - 2)]).result()

    def list_time() -> float:
        window.cases.show_cases([])
        started = time.perf_counter()
        window.refresh_cases()
        return wait_for(app, lambda: window.cases.model.rowCount() == LIST_SIZE) - started

    list_times = [list_time() for _ in range(RUNS)]
    workstation.stop()
    plain = Path(folder.parent / "plain.db")
    conn = sqlite3.connect(plain)
    conn.execute("CREATE TABLE cases (id TEXT, title TEXT, caller TEXT, status TEXT, created_utc TEXT,"
                 " updated_utc TEXT, revision INTEGER, payload TEXT)")
    conn.executemany("INSERT INTO cases VALUES (?, 'INC', 'Caller', 'draft', 'x', 'y', 1, ?)",
                     [(str(n), "p" * 20000) for n in range(LIST_SIZE)])
    conn.commit()
    plain_times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        conn.execute("SELECT id, title, caller, status, created_utc, updated_utc, revision FROM cases"
                     " ORDER BY updated_utc DESC").fetchall()
        plain_times.append(time.perf_counter() - started)

    print(f"machine: {machine()}")
    print(f"open a full case with 50 exhibits: median {median(full_times) * 1000:.0f} ms "
          f"(target < 100 ms: {verdict(median(full_times) < 0.1)}); an empty case (baseline): "
          f"{median(empty_times) * 1000:.0f} ms")
    print(f"case list of {LIST_SIZE} cases: median {median(list_times) * 1000:.0f} ms "
          f"(target < 300 ms: {verdict(median(list_times) < 0.3)}); the same rows from plain sqlite3 "
          f"(baseline): {median(plain_times) * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
