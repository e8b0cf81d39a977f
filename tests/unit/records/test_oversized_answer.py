"""An answer far larger than the contract allows is refused, not read into memory."""

from __future__ import annotations

import http.server
import threading

import pytest

from rvr_desktop.sync.client import MAX_ANSWER_BYTES, RecordsClient
from rvr_desktop.sync.endpoint import practice_endpoint
from rvr_desktop.sync.failures import CaseRefused


class _Huge(http.server.BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 (the standard library's name)
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = b"{" + b" " * (MAX_ANSWER_BYTES + 1024) + b"}"
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


def test_an_oversized_answer_stops_the_case_with_a_plain_reason():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Huge)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    client = RecordsClient(practice_endpoint(f"http://127.0.0.1:{server.server_address[1]}", "token"))
    try:
        with pytest.raises(CaseRefused, match="larger than"):
            client.create_investigation(b"{}", "key-1")
    finally:
        client.close()
        server.shutdown()
        server.server_close()
