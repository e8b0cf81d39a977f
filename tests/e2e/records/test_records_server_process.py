"""`rvr-desktop records-server` as a trainer runs it: a real process on a port
the OS chose, refusing anything but loopback, stopping cleanly on SIGTERM."""

from __future__ import annotations

import pytest
import requests

from rvr_desktop.records_server.launch import launch_practice_server
from rvr_desktop.records_server.serve import PRACTICE_TOKEN
from tests.conftest import run_cli


@pytest.mark.slow
def test_the_practice_server_runs_as_a_process_and_stops_cleanly(data_dir):
    server = launch_practice_server(data_dir, faults="latency=0.001")
    try:
        assert server.url.startswith("http://127.0.0.1:")
        signed_in = {"Authorization": f"Bearer {server.token}"}
        answer = requests.get(f"{server.url}/v1/service", headers=signed_in, timeout=5)
        assert answer.status_code == 200 and answer.json()["training"] is True
        # The fresh token it was given, not the fixed practice one.
        stale = requests.get(f"{server.url}/v1/service", headers={"Authorization": f"Bearer {PRACTICE_TOKEN}"},
                             timeout=5)
        assert stale.status_code == 401
    finally:
        assert server.stop() == 0
    assert server.token not in " ".join(server.process.args)
    # Its own file sits beside the data folder, never inside it.
    assert (data_dir.parent / "practice-records-server" / "records.sqlite3").is_file()
    assert not data_dir.exists() or not any(data_dir.rglob("*.sqlite3"))


def test_the_practice_server_refuses_to_leave_loopback_or_read_bad_faults(data_dir):
    exposed = run_cli("records-server", "--data-dir", str(data_dir), "--host", "0.0.0.0", "--port", "0")
    assert exposed.returncode == 2 and "only on this computer" in exposed.stderr
    assert "Nothing was started" in exposed.stderr
    bad = run_cli("records-server", "--data-dir", str(data_dir), "--faults", "errors=0.3")
    assert bad.returncode == 2 and "'errors' is not a fault" in bad.stderr
