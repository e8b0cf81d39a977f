"""Cold start to the main window shown (offscreen), against a bare PySide6
QMainWindow started the same way. Target: at most 2x the bare window.

Each run is a new process; the time runs from spawning it to the line it
prints once its window is shown and the event loop is running.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import machine, median, verdict

RUNS = 7
REPO = Path(__file__).resolve().parents[1]

BARE = """
import sys
from PySide6 import QtCore, QtWidgets
app = QtWidgets.QApplication(sys.argv[:1])
window = QtWidgets.QMainWindow()
window.show()
QtCore.QTimer.singleShot(0, lambda: print("main window shown", file=sys.stderr, flush=True))
app.exec()
"""


def time_until_shown(command: list[str]) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=REPO, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    try:
        for line in proc.stderr:
            if "main window shown" in line:
                return time.perf_counter() - started
        raise RuntimeError(f"{command} exited without showing its window")
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
        proc.stderr.close()


def main() -> int:
    data = Path(tempfile.mkdtemp(prefix="rvr-bench-start-")) / "data"
    ours_cmd = [sys.executable, "-m", "rvr_desktop", "--data-dir", str(data), "--log-level", "INFO"]
    bare_cmd = [sys.executable, "-c", BARE]
    time_until_shown(ours_cmd)  # first run creates the key and database; not counted
    ours, bare = [], []
    for _ in range(RUNS):
        bare.append(time_until_shown(bare_cmd))
        ours.append(time_until_shown(ours_cmd))
    ratio = median(ours) / median(bare)
    print(f"machine: {machine()}")
    print(f"cold start to main window shown: median {median(ours) * 1000:.0f} ms over {RUNS} runs")
    print(f"bare QMainWindow (baseline):     median {median(bare) * 1000:.0f} ms")
    print(f"ratio {ratio:.2f}x (target <= 2x: {verdict(ratio <= 2)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
