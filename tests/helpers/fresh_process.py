"""Running a test file in a pytest process of its own: for a live workstation's QtWebEngine, whose flags are
taken once a process and which has no stand-in camera, as a live workstation never has."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO


def passes_in_a_fresh_process(path: Path, timeout: float = 300) -> None:
    """Every test in `path` passes, run as `python -m pytest path` in a new process."""
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(path)],
                            cwd=REPO, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0 and " passed" in result.stdout, result.stdout[-6000:] + result.stderr[-2000:]
