"""Running the practice records server: as the main program of a process
(`rvr-desktop records-server`), or on a thread of its own beside a test or a
benchmark.

It listens on loopback only: it holds training cases, and a practice
workstation may send to nothing else (see `sync.endpoint`). On a thread it can
also stand in for a force's records API as live mode meets it: over TLS, with
access tokens only from its own OAuth 2.0 token endpoint (`token_endpoint`).
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import signal
import ssl
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from aiohttp import web

from rvr_desktop.records_server.app import STATE, build_app
from rvr_desktop.records_server.faults import FaultDice, Faults, parse_faults
from rvr_desktop.records_server.records import PracticeRecords
from rvr_desktop.records_server.token_endpoint import TOKEN_PATH, TokenIssuer
from rvr_desktop.serving import stop_serving

log = logging.getLogger(__name__)

# The token a practice workstation uses with a practice server it started.
# It protects training data on loopback only; a live token lives in the keyring.
PRACTICE_TOKEN = "practice-records-token"


class NotLoopback(ValueError):
    """The practice server was asked to listen somewhere other than this computer."""


def require_loopback(host: str) -> str:
    try:
        if ipaddress.ip_address(host).is_loopback:
            return host
    except ValueError:
        pass
    raise NotLoopback(
        f"The practice records server listens only on this computer (127.0.0.1 or ::1), not on {host!r}: it has "
        "no encryption and holds training cases. Nothing was started; use --host 127.0.0.1.")


async def _start(records: PracticeRecords, host: str, port: int, token: str, faults: Faults,
                 issuer: TokenIssuer | None = None,
                 tls: tuple[Path, Path] | None = None) -> tuple[web.AppRunner, web.Application, str]:
    app = build_app(records, token, faults, issuer)
    # A short shutdown: requests hanging on a practice time-out fault must
    # not hold the server open for a minute.
    runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=1.0)
    await runner.setup()
    context = None
    if tls is not None:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(*tls)
    site = web.TCPSite(runner, require_loopback(host), port, ssl_context=context)
    await site.start()
    bound = runner.addresses[0]
    shown_host = f"[{bound[0]}]" if ":" in bound[0] else bound[0]
    return runner, app, f"{'https' if tls else 'http'}://{shown_host}:{bound[1]}"


def serve_until_stopped(database: Path, host: str, port: int, token: str, faults: Faults,
                        on_ready: Callable[[str], None], *, stop_with_stdin: bool = False) -> None:
    """The command's main loop: serve until SIGTERM or Ctrl+C, then close the database.

    With `stop_with_stdin`, also stop when standard input closes: the
    workstation that started this server holds the other end, so the server
    goes with it even if the workstation is killed.
    """

    async def main() -> None:
        records = PracticeRecords(database)
        runner, _app, url = await _start(records, host, port, token, faults)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
        if stop_with_stdin:
            threading.Thread(target=lambda: (sys.stdin.read(), loop.call_soon_threadsafe(stop.set)),
                             name="parent-watch", daemon=True).start()
        on_ready(url)
        try:
            await stop.wait()
        finally:
            await stop_serving(runner)
            records.close()
            log.info("practice records server stopped")

    asyncio.run(main())


class PracticeServerThread:
    """The practice server on its own thread and event loop, on an OS-chosen loopback port.

    With `clients` (client id -> secret) it is a force's records API as live mode meets it: tokens only from
    its token endpoint (`token_url`), each living `token_lifetime` seconds; with `tls` (certificate chain and
    key files) it speaks only https."""

    def __init__(self, database: Path, *, faults: str = "", token: str = PRACTICE_TOKEN, host: str = "127.0.0.1",
                 clients: dict[str, str] | None = None, token_lifetime: int = 300, token_scope: str = "",
                 tls: tuple[Path, Path] | None = None):
        self.database = database
        self.token = token
        self.issuer = TokenIssuer(clients, token_lifetime, token_scope) if clients is not None else None
        self.tls = tls
        self.url = ""
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._failure: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(host, parse_faults(faults)),
                                        name="practice-records-server", daemon=True)
        self._thread.start()
        self._ready.wait(30)
        if self._failure is not None:
            raise self._failure
        if not self.url:
            raise TimeoutError("the practice records server did not start within 30 seconds")

    def _run(self, host: str, faults: Faults) -> None:
        asyncio.set_event_loop(self._loop)
        try:
            self._records = PracticeRecords(self.database)
            self._runner, self._app, self.url = self._loop.run_until_complete(
                _start(self._records, host, 0, self.token, faults, self.issuer, self.tls))
        except BaseException as error:  # reported to the starting thread
            self._failure = error
            self._ready.set()
            return
        self._ready.set()
        self._loop.run_forever()
        self._loop.run_until_complete(stop_serving(self._runner))
        self._records.close()
        self._loop.close()

    @property
    def token_url(self) -> str:
        """Where a workstation asks for an access token, with `clients`."""
        assert self.issuer is not None, "this server takes its one fixed token"
        return self.url + TOKEN_PATH

    def forget_tokens(self) -> None:
        """Refuse every access token given out so far (as a force's identity service does when it is reset)."""
        assert self.issuer is not None
        self._on_loop(self.issuer.forget_all)

    def set_faults(self, spec: str) -> None:
        """Change the faults at once ('' heals)."""
        faults = parse_faults(spec)

        def swap() -> None:
            self._app[STATE].dice = FaultDice(faults)

        self._on_loop(swap)

    def _on_loop(self, change: Callable[[], None]) -> None:
        """`change` made on the server's own thread, between requests; back once it is made."""
        done = threading.Event()

        def run() -> None:
            try:
                change()
            finally:
                done.set()

        self._loop.call_soon_threadsafe(run)
        done.wait(10)

    def stop(self) -> None:
        if self._loop.is_running():
            self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(30)

    def __enter__(self) -> PracticeServerThread:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
