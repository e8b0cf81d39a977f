"""No core dumps from any RVR Desktop process, and no child left behind when its parent dies."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from rvr_desktop.records_server.launch import launch_practice_server
from tests.conftest import REPO

_REPORT_LIMITS = """
import ctypes, resource
from rvr_desktop.process_safety import forbid_core_dumps
_soft, hard = resource.getrlimit(resource.RLIMIT_CORE)
resource.setrlimit(resource.RLIMIT_CORE, (hard, hard))  # as generous as this account allows, to begin with
before = ctypes.CDLL(None).prctl(3, 0, 0, 0, 0)  # PR_GET_DUMPABLE
forbid_core_dumps()
print(before, ctypes.CDLL(None).prctl(3, 0, 0, 0, 0), *resource.getrlimit(resource.RLIMIT_CORE))
"""


def _core_limit(pid: int) -> list[str]:
    line = next(line for line in Path(f"/proc/{pid}/limits").read_text().splitlines()
                if line.startswith("Max core file size"))
    return line.split()[4:6]


def test_a_process_forbids_its_own_core_dumps_and_memory_reading():
    done = subprocess.run([sys.executable, "-c", _REPORT_LIMITS], capture_output=True, text=True, cwd=REPO,
                          check=True)
    assert done.stdout.split() == ["1", "0", "0", "0"]


def test_the_entry_point_forbids_core_dumps_before_it_serves(tmp_path):
    server = launch_practice_server(tmp_path / "data")
    try:
        assert _core_limit(server.process.pid) == ["0", "0"]
    finally:
        server.stop()


_PARENT = """
import subprocess, sys, time
from rvr_desktop.process_safety import start_child_kwargs
child = subprocess.Popen(["sleep", "600"], **start_child_kwargs())
print(child.pid, flush=True)
time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has already died


def test_a_child_dies_with_its_parent_even_when_the_parent_is_killed():
    parent = subprocess.Popen([sys.executable, "-c", _PARENT], stdout=subprocess.PIPE, text=True, cwd=REPO)
    try:
        child = int(parent.stdout.readline())
        assert _alive(child)
        assert os.getpgid(child) == child  # its own group: what it starts can be ended with it
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 5
        while _alive(child) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(child), "the child outlived its killed parent"
    finally:
        parent.kill()
        parent.wait()
        parent.stdout.close()
