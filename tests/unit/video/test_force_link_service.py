"""What a live workstation makes of an address in [links] that answers, but not as the force's link service:
a captive portal's login page, or another web server. Video is off with its own words, not "try later"."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from rvr_desktop.video.enrolment import Enrolment
from rvr_desktop.video.force_link_service import LinkServiceUnusable, connect


class _LoginPage(BaseHTTPRequestHandler):
    body = b"<html><body>Sign in to the guest network</body></html>"
    content_type = "text/html"

    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        body = self.body
        self.send_response(200)
        self.send_header("Content-Type", self.content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


class _NextVersion(_LoginPage):
    """A service of a later version, whose officer API this workstation does not speak."""

    body = b'{"version": "9.0.0", "officer_api": 2, "mode": "force", "sessions": 0}'
    content_type = "application/json"


@contextmanager
def _serving(handler) -> Iterator[str]:
    """A real HTTP server on loopback answering with `handler`; its address."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def next_version():
    with _serving(_NextVersion) as url:
        yield url


def test_a_service_speaking_another_officer_api_turns_video_off_and_says_which(next_version):
    with pytest.raises(LinkServiceUnusable) as unusable:
        connect(next_version, "PC 4821", Enrolment(next_version, "CR-WS-42", "a-credential"))
    short, detail = unusable.value.notice
    assert short == "Link service version not supported"
    assert "(version 9.0.0) speaks officer API 2, and this workstation speaks 1" in detail


@pytest.fixture
def login_page():
    with _serving(_LoginPage) as url:
        yield url


def test_an_address_that_answers_but_not_as_the_link_service_turns_video_off_with_its_reason(login_page):
    with pytest.raises(LinkServiceUnusable) as unusable:
        connect(login_page, "PC 4821", Enrolment(login_page, "CR-WS-42", "a-credential"))
    short, detail = unusable.value.notice
    assert short == "Video calls not available"
    assert "answered, but not as the force's link service does" in detail and "by phone" in detail


def test_the_enrolled_address_and_live_tomls_are_compared_as_a_browser_compares_origins():
    from rvr_desktop.video.force_link_service import _origin

    assert _origin("HTTPS://Video.Force.Example:443/") == _origin("https://video.force.example")
    assert _origin("https://video.force.example:8443") != _origin("https://video.force.example")
    assert _origin("http://video.force.example") != _origin("https://video.force.example")
