"""The practice link service as a real child process (started the way the workstation starts it), a
neutral "weather" site for the quick exit, and real headless Chromium browsers, all on 127.0.0.1."""

from __future__ import annotations

import http.server
import os
import threading
from pathlib import Path

import pytest

from rvr_desktop.video.practice_service import start_practice_link_service
from tests.helpers.chromium import CHROMEDRIVER, CHROMIUM, Browsers
from tests.helpers.sandbox import share_opengl_contexts

# Some of these tests open the workstation's video view in this process.
share_opengl_contexts()

if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
    raise pytest.UsageError("tests/e2e/video needs Debian's chromium and chromium-driver; installer/test installs "
                            "them (installer/setup test).")


class _Weather(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the standard library's name
        body = b"<!doctype html><title>Weather</title><h1>Weather forecast</h1>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def weather_site():
    """Where the quick exit goes in these tests (live pages go to a real neutral site)."""
    site = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Weather)
    thread = threading.Thread(target=site.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{site.server_address[1]}/weather"
    site.shutdown()
    site.server_close()


@pytest.fixture(scope="module")
def link_service(tmp_path_factory, weather_site):
    config = tmp_path_factory.mktemp("link-service") / "link-service.toml"
    config.write_text(f'[links]\nquick_exit_url = "{weather_site}"\n')
    log = (config.parent / "stderr.txt").open("w")
    running = start_practice_link_service(config=config, stderr=log)
    yield running
    running.stop()
    log.close()
    assert "Traceback" not in (config.parent / "stderr.txt").read_text(), "the link service logged a fault"


@pytest.fixture
def officer_api(link_service):
    with link_service.client() as client:
        yield client


@pytest.fixture
def browsers():
    started = Browsers()
    yield started
    started.close()


@pytest.fixture(scope="session")
def screenshots_dir() -> Path | None:
    """Set RVR_SCREENSHOTS=docs/screenshots to refresh the README's pictures of the caller's page."""
    wanted = os.environ.get("RVR_SCREENSHOTS")
    return Path(wanted) if wanted else None
