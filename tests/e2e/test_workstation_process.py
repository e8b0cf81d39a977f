"""The workstation as a real process: starts, shows its cases, closes cleanly,
and leaves no personal data in any file it wrote."""

from __future__ import annotations

import json
from pathlib import Path

import keyring
import pytest

from rvr_desktop.store.case_store import CaseStore
from rvr_desktop.store.cases import CaseHeadline
from tests.conftest import run_cli
from tests.helpers.workstation_process import WorkstationProcess

MARKERS = ("Marek-MARKER-Kowalczyk", "+447700900777", "1987-03-14", "MARKER narrative: he pushed me")


def _key_account(folder: Path) -> str:
    folder_id = json.loads((folder / "rvr-folder.json").read_text())["folder_id"]
    return f"database-key/{folder_id}"


def _key_hex(folder: Path) -> str:
    return keyring.get_password("rvr-desktop", _key_account(folder))


@pytest.mark.slow
def test_workstation_starts_shows_cases_and_writes_no_personal_data(data_dir, workstation_process):
    store = CaseStore(data_dir, "officer")
    for n in range(2):
        payload = {"caller": {"name": MARKERS[0], "phone": MARKERS[1], "date_of_birth": MARKERS[2]},
                   "account": {"narrative": MARKERS[3] * 50}}
        case = store.cases.create(payload, CaseHeadline(f"INC-{n}", MARKERS[0], "draft"))
        store.cases.save_draft(case.case_id, {**payload, "more": MARKERS[3]}, CaseHeadline(f"INC-{n}", MARKERS[0],
                                                                                            "draft"))
    store.close()

    workstation = workstation_process()
    workstation.wait_for("3/4 main window shown * ms after start")
    workstation.wait_for("case list shown: 2 cases")
    # The key lives in the keyring only: not on the command line, not in
    # the environment.
    key_hex = _key_hex(data_dir)
    for leak in ("cmdline", "environ"):
        raw = Path(f"/proc/{workstation.pid}/{leak}").read_bytes()
        assert key_hex.encode() not in raw.lower() and key_hex.upper().encode() not in raw, leak
    # QtWebEngine costs start-up time; it must wait until a video call.
    maps = Path(f"/proc/{workstation.pid}/maps").read_text()
    assert "libQt6Widgets" in maps
    assert "libQt6WebEngineCore" not in maps
    assert workstation.stop() == 0, workstation.transcript()
    workstation.wait_for("workstation closed", timeout=0.1)

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
        assert marker not in workstation.transcript()


@pytest.mark.slow
def test_an_error_the_workstation_logs_fails_its_test_unless_the_test_expects_it(data_dir):
    CaseStore(data_dir, "officer").close()
    # As when the desktop account was made afresh: the folder is there, its key is not.
    keyring.delete_password("rvr-desktop", _key_account(data_dir))
    # Started by hand, not by the fixture, which would fail this test on the very line it is about.
    workstation = WorkstationProcess(data_dir)
    try:
        refused = workstation.wait_for("case store not opened: * (exit code *)", level="ERROR")
    finally:
        workstation.stop()
    assert workstation.unexpected_errors() == [refused]
    workstation.expect_error("case store not opened: *")
    assert workstation.unexpected_errors() == []
