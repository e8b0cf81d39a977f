"""The workstation as a real process: starts, shows its cases, closes cleanly,
and leaves no personal data in any file it wrote."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import keyring
import pytest

from rvr_desktop.store.case_store import CaseStore
from rvr_desktop.store.cases import CaseHeadline
from tests.conftest import REPO, run_cli

MARKERS = ("Marek-MARKER-Kowalczyk", "+447700900777", "1987-03-14", "MARKER narrative: he pushed me")


def _key_hex(folder: Path) -> str:
    folder_id = json.loads((folder / "rvr-folder.json").read_text())["folder_id"]
    return keyring.get_password("rvr-desktop", f"database-key/{folder_id}")


def _wait_for_line(proc, text: str, seen: list[str], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        seen.append(line)
        if text in line:
            return
    raise AssertionError(f"never saw {text!r}; output was:\n{''.join(seen)}")


@pytest.mark.slow
def test_workstation_starts_shows_cases_and_writes_no_personal_data(data_dir):
    store = CaseStore(data_dir, "officer")
    for n in range(2):
        payload = {"caller": {"name": MARKERS[0], "phone": MARKERS[1], "date_of_birth": MARKERS[2]},
                   "account": {"narrative": MARKERS[3] * 50}}
        case = store.cases.create(payload, CaseHeadline(f"INC-{n}", MARKERS[0], "draft"))
        store.cases.save_draft(case.case_id, {**payload, "more": MARKERS[3]}, CaseHeadline(f"INC-{n}", MARKERS[0],
                                                                                            "draft"))
    store.close()

    proc = subprocess.Popen([sys.executable, "-m", "rvr_desktop", "--data-dir", str(data_dir), "--log-level", "INFO"],
                            cwd=REPO, stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    seen: list[str] = []
    try:
        _wait_for_line(proc, "main window shown", seen)
        _wait_for_line(proc, "case list shown: 2 cases", seen)
        # The key lives in the keyring only: not on the command line, not in
        # the environment.
        key_hex = _key_hex(data_dir)
        for leak in ("cmdline", "environ"):
            raw = Path(f"/proc/{proc.pid}/{leak}").read_bytes()
            assert key_hex.encode() not in raw.lower() and key_hex.upper().encode() not in raw, leak
        # QtWebEngine costs start-up time; it must wait until a video call.
        maps = Path(f"/proc/{proc.pid}/maps").read_text()
        assert "libQt6Widgets" in maps
        assert "libQt6WebEngineCore" not in maps
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    seen.append(err)
    assert proc.returncode == 0, "".join(seen)
    assert "workstation closed" in "".join(seen)

    # The maintenance commands write to the same log folder.
    assert run_cli("doctor", "--data-dir", str(data_dir)).returncode == 0
    assert run_cli("audit", "verify", "--data-dir", str(data_dir)).returncode == 0

    written = [p for p in data_dir.rglob("*") if p.is_file()]
    assert any(p.name == "rvr-desktop.log" for p in written)
    for path in written:
        raw = path.read_bytes()
        assert key_hex.encode() not in raw.lower(), path
        assert bytes.fromhex(key_hex) not in raw, path
        for marker in MARKERS:
            for encoding in ("utf-8", "utf-16-le"):
                assert marker.encode(encoding) not in raw, (marker, path)
    for marker in MARKERS:
        assert marker not in "".join(seen) + out
