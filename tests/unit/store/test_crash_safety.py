"""A draft the store acknowledged survives the process being killed at any moment."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time

import pytest

from rvr_desktop.store.case_store import CaseStore
from tests.conftest import REPO

KILLS = 50

# Saves a 20 KB draft again and again, printing each acknowledged revision.
WRITER = """
import os, sys
from rvr_desktop.store.case_store import CaseStore
from rvr_desktop.store.cases import CaseHeadline
store = CaseStore(__import__("pathlib").Path(sys.argv[1]), "officer")
ids = list(store.cases.iter_ids())
headline = CaseHeadline("INC-K", "Caller", "draft")
case_id = ids[0] if ids else store.cases.create({"n": -1}, headline).case_id
n = int(sys.argv[2])
print("ready", flush=True)
while True:
    n += 1
    revision = store.cases.save_draft(case_id, {"n": n, "text": os.urandom(10_000).hex()}, headline)
    print(revision, n, flush=True)
"""


@pytest.mark.slow
def test_acknowledged_saves_survive_sigkill_at_random_moments(data_dir):
    rng = random.Random(20261127)
    acked: dict[int, int] = {}  # revision -> n
    next_n = 0
    for attempt in range(KILLS):
        writer = subprocess.Popen([sys.executable, "-c", WRITER, str(data_dir), str(next_n)], cwd=REPO,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert writer.stdout.readline().strip() == "ready", writer.stderr.read()
        time.sleep(rng.uniform(0.0, 0.25))
        writer.send_signal(signal.SIGKILL)
        out, _ = writer.communicate()
        # Only lines ended by a newline were acknowledged in full; the kill
        # may cut the last one short.
        for line in out.split("\n")[:-1]:
            revision, n = map(int, line.split())
            acked[revision] = n
        last_revision = max(acked, default=1)

        store = CaseStore(data_dir, "officer")
        try:
            (case_id,) = list(store.cases.iter_ids())
            stored = store.cases.open_case(case_id)
            report = store.integrity()
        finally:
            store.close()
        assert stored.summary.revision >= last_revision, f"kill {attempt}: an acknowledged save was lost"
        if stored.summary.revision in acked:
            assert stored.payload["n"] == acked[stored.summary.revision]
        assert report.clean, report
        next_n = stored.payload["n"] + 1000
    assert len(acked) > KILLS, "the writer was killed before it saved anything most of the time"
