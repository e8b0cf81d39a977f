"""Putting the link service together and running it until told to stop.

The listening sockets are bound before anything else, so the ports are known
(and announced) before the first request can arrive, and practice mode can
point its Notify client at this very service. A practice service may have a
second, network-facing socket for a trainer's device (network_side.py): one
application behind both sockets, so both see the same sessions and consoles.
A force's service may have a metrics socket (metrics.py), with its own
application that serves /metrics only.

Stopping: on SIGTERM a service given `[calls] drain_seconds` first drains.
It refuses new claims (and /readyz says it is not ready, so the balancer
sends new callers elsewhere) while calls in progress carry on, and stops when
the last one ends or the time is up, whichever comes first.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import socket
import ssl
import sys
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path
from collections.abc import Callable

from aiohttp import web

from rvr_desktop.serving import stop_serving

from . import caller_api, enrolment_api, health, officer_api, tokens, trainer_api
from .config import LinkServiceConfig
from .metrics import ServiceMetrics
from .network_side import WILDCARD_HOSTS, callers_and_trainer_only
from .pages import PageFiles, add_safe_headers
from .replies import refuse
from .service import SERVICE, LinkService
from .sessions import SessionBook
from .passing_on import Sharing, call_moving, to_the_calls_host
from .rate_limit import SharedGuessLimits
from .store import FencedOut, SessionStore, open_store
from .signalling import participant_socket
from .simulated_phone import SimulatedPhones
from .texts import LinkTexts, notify_client_factory
from .trainer_console import ConsoleBook
from .workstations import open_register

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Listening:
    """Where the service listens and the address put in texts."""

    host: str
    port: int
    scheme: str
    public_url: str
    network_url: str = ""  # the network-facing socket's address, when there is one
    metrics_url: str = ""  # the metrics socket's /metrics, when there is one


@web.middleware
async def faults_stay_here(request: web.Request, handler):
    """A bug in one request answers with a clear message and harms no other call."""
    try:
        return await handler(request)
    except web.HTTPException:
        raise
    except (ConnectionError, asyncio.CancelledError):
        raise
    except Exception as exc:  # noqa: BLE001 - this is the last line of defence
        log.exception("fault while handling %s %s: %s", request.method, request.rel_url.path.split("/")[1:3],
                      type(exc).__name__)
        return refuse(500, "fault", "The link service hit a fault with this request. Other calls are not affected "
                      "and nothing was lost. Try again; if it happens again, report the time to your IT support.")


@web.middleware
async def kept_before_answering(request: web.Request, handler):
    """What a request changed is in the store before its answer goes out (sessions.py), so a link the
    workstation was given, or a claim the caller's tab was answered, survives a restart straight after."""
    response = await handler(request)
    try:
        await request.app[SERVICE].book.write_through()
    except FencedOut:  # another instance took the call over as this one answered: nothing of it was kept
        return call_moving()
    return response


CLAIM_PATH = "/api/claim"
DRAIN_CHECK_SECONDS = 0.2


@web.middleware
async def no_new_claims_while_draining(request: web.Request, handler):
    """A stopping service lets no one new into a call; those in one carry on (see the module docstring)."""
    service = request.app[SERVICE]
    if service.draining and request.path == CLAIM_PATH:
        if service.metrics is not None:
            service.metrics.claims_refused_draining.inc()
        return refuse(503, "service_stopping", "The video service is restarting. Wait a minute and open the link "
                      "again; it still works. Nothing was lost.")
    return await handler(request)


def build_app(service: LinkService, network_address: tuple[str, int] | None = None,
              readiness: health.Readiness | None = None) -> web.Application:
    """The whole service; with `network_address`, requests arriving at that socket get the caller's and the
    trainer's routes only (the allow-list runs before the officer's token check, so guesses there count
    for nothing). With `readiness`, /healthz and /readyz too."""
    middlewares = [faults_stay_here, kept_before_answering, no_new_claims_while_draining, officer_api.officer_only,
                   to_the_calls_host]
    if network_address is not None:
        middlewares.insert(2, callers_and_trainer_only(network_address))
    if service.metrics is not None:
        middlewares.insert(0, service.metrics.timed)
    app = web.Application(client_max_size=service.config.max_upload_bytes + 64 * 1024, middlewares=middlewares)
    app[SERVICE] = service
    app.on_response_prepare.append(add_safe_headers)
    app.on_shutdown.append(_say_goodbye)
    caller_page, officer_page = PageFiles("caller-page"), PageFiles("officer-page")

    async def caller_index(request: web.Request) -> web.Response:
        return caller_page.response("index.html")

    async def officer_index(request: web.Request) -> web.Response:
        return officer_page.response("index.html")

    app.add_routes([
        # The link's token is in the fragment (never sent here); the bare address is where a spoken code is typed.
        web.get("/j", caller_index),
        web.get("/", caller_index),
        web.get("/officer/", officer_index),
        web.get("/static/caller/{name:.+}", caller_page.handle),
        web.get("/static/officer/{name:.+}", officer_page.handle),
        web.post("/api/claim", caller_api.claim_link),
        web.post("/api/upload", caller_api.upload),
        web.post("/api/leave", caller_api.leave),
        web.get("/ws", participant_socket),
        *officer_api.routes(),
        *trainer_api.officer_routes(),  # these refuse in live mode, saying why
    ])
    if readiness is not None:
        app.add_routes(health.routes(readiness))
    if service.workstations is not None:
        app.add_routes(enrolment_api.routes())
    if service.phones is not None:
        app.add_routes(service.phones.routes())
        app.add_routes(trainer_api.trainer_routes())
    return app


GOODBYE_SECONDS = 0.5  # how long a stopping service waits for tabs to answer its closing handshake


async def _say_goodbye(app: web.Application) -> None:
    """On shutdown, tell every connected tab the service is going rather than just dropping it.

    All at once, and without waiting long for answers: a workstation closing
    stops its service within a couple of seconds, and a tab that is itself
    closing may never answer.
    """
    service = app[SERVICE]
    # A force's service stops to restart or be upgraded, and keeps its sessions (store.py), so the pages
    # are told to stay and reconnect; a workstation's own service stops with the workstation.
    if service.workstations is not None:
        said = {"type": "error", "code": "service_restarting",
                "message": "The video service is restarting. Stay on this page: it reconnects by itself."}
    else:
        said = {"type": "error", "code": "service_stopping",
                "message": "The video service is stopping. The officer will contact you."}

    async def goodbye(participant) -> None:
        await participant.send(said)
        try:
            await asyncio.wait_for(participant.socket.close(code=1001), GOODBYE_SECONDS)
        except TimeoutError:
            pass  # the tab did not answer; the connection is dropped with the process

    await asyncio.gather(*(goodbye(participant) for session in service.book.all()
                           for participant in list(session.connected.values())))
    await service.texts.close()
    await service.image_checks.close()


def bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(512)
    sock.setblocking(False)
    return sock


def tls_context(cert: Path, key: Path) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(cert, key)
    return context


def public_url_for(host: str, port: int, scheme: str, configured: str) -> str:
    if configured:
        return configured.rstrip("/")
    if host in WILDCARD_HOSTS:
        raise ValueError("the service listens on every network interface, so it cannot tell which address "
                         "phones should use; give --public-url (for example https://192.168.1.20:8443)")
    return address_url(scheme, host, port)


def address_url(scheme: str, host: str, port: int) -> str:
    """The URL reaching a socket bound to `host`: this computer's own loopback for every interface."""
    if host in ("0.0.0.0", ""):
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    return f"{scheme}://{'[' + host + ']' if ':' in host else host}:{port}"


async def serve(config: LinkServiceConfig, mode: str, officer_token: str, notify_api_key: str | None,
                sock: socket.socket, tls: ssl.SSLContext | None, public_url: str,
                announce: Callable[[Listening], None], stop: asyncio.Event,
                tls_cert: Path | None = None, book: SessionBook | None = None,
                phones: SimulatedPhones | None = None, network_sock: socket.socket | None = None,
                network_tls: ssl.SSLContext | None = None, consoles: ConsoleBook | None = None,
                metrics_sock: socket.socket | None = None) -> None:
    """Run until `stop` is set, then drain (see the module docstring). `notify_api_key` None means practice:
    texts go to the simulated phone. Tests pass their own `book` (to move its clock), `phones` (to read the
    practice Notify key) and `consoles` (to look inside the trainer's consoles).
    `network_sock` (practice only, with `network_tls`) is the network-facing socket, see network_side.py;
    `metrics_sock` is where /metrics is served (metrics.py)."""
    if network_sock is not None and notify_api_key is not None:
        raise ValueError("the network-facing socket is for practice mode only")
    host, port = sock.getsockname()[:2]
    network_address = network_sock.getsockname()[:2] if network_sock is not None else None
    scheme = "https" if tls else "http"
    if notify_api_key is None:
        phones = phones or SimulatedPhones(delivery_delay=config.practice_delivery_seconds)
        phones.viewer_key = tokens.phone_key(officer_token)
        config = _with_practice_templates(config, phones)
        # The service's Notify client talks to this very process over loopback.
        make_client = notify_client_factory(phones.api_key, f"{scheme}://127.0.0.1:{port}",
                                            verify=str(tls_cert) if tls_cert else True)
    else:
        phones = None
        make_client = notify_client_factory(notify_api_key, config.notify_base_url)
    service = LinkService(config, officer_token, LinkTexts(make_client, config), mode=mode, public_url=public_url,
                          book=book if book is not None else SessionBook(), phones=phones,
                          consoles=consoles if consoles is not None else ConsoleBook())
    if config.server is not None:  # a force's: workstations enrol, and present their own credentials
        assert config.store_directory is not None  # config.py requires it of a force's service
        service.workstations = open_register(config.store_directory, config.redis, config.server.secrets.workstation_key)
    service.metrics = ServiceMetrics(service.book, lambda: service.draining)
    service.book.count_event = service.metrics.count_event
    instance_id = tokens.new_id()
    store = open_store(config, host=instance_id)
    if config.store_kind == "redis":  # one of a force's several: calls are taken up as they are asked for
        service.book.store = store
        service.sharing = _sharing(service, store, instance_id)
        service.limits = SharedGuessLimits(service.sharing.store.client, config.failed_attempts_per_minute,
                                           config.failed_codes_per_minute)
        await service.sharing.hosting.announce()
    else:
        taken_back = await service.book.use_store(store)
        if taken_back:
            log.info("took back %d video sessions from the %s store", taken_back, store.kind)
    if service.workstations is not None:
        unowned = sum(1 for session in service.book.all() if not session.workstation)
        if unowned:  # opened with the officer token, before workstations enrolled: no credential reaches them
            log.warning("%d video sessions were opened before workstations enrolled: no workstation can reach them, "
                        "and they are forgotten after [calls] keep_ended_hours or keep_any_hours", unowned)
    relay_urls = config.turn.urls if config.turn is not None else ()
    readiness = health.Readiness(store.status, make_client,
                                 (*relay_urls, *(url for s in config.ice_servers for url in s.urls)),
                                 lambda: service.draining)
    runners = [web.AppRunner(build_app(service, network_address, readiness),
                             access_log=None)]  # paths carry tokens: never log them
    await runners[0].setup()
    await web.SockSite(runners[0], sock, ssl_context=tls).start()
    network_url = metrics_url = ""
    if network_sock is not None:
        await web.SockSite(runners[0], network_sock, ssl_context=network_tls).start()
        network_url = address_url("https" if network_tls else "http", *network_sock.getsockname()[:2])
    if metrics_sock is not None:
        runners.append(web.AppRunner(service.metrics.app(), access_log=None))
        await runners[1].setup()
        await web.SockSite(runners[1], metrics_sock).start()
        metrics_url = address_url("http", *metrics_sock.getsockname()[:2]) + "/metrics"
    announce(Listening(host, port, scheme, public_url, network_url, metrics_url))
    log.info("link service listening: mode=%s port=%d", mode, port)
    background = [asyncio.ensure_future(_sweep_now_and_then(service))]
    if service.sharing is not None:
        background.append(asyncio.ensure_future(service.sharing.hosting.renew_now_and_then()))
    if service.workstations is not None:
        background.append(asyncio.ensure_future(service.holdings.watch(service)))
    try:
        await stop.wait()
        await drain(service)
    finally:
        for task in background:
            task.cancel()
        for runner in runners:
            await stop_serving(runner)
        await service.book.write_through_or_log()  # the tabs let go as the service closed them
        if service.sharing is not None:
            await service.sharing.hosting.let_go_of_all()  # the others take the calls up at once
            await service.sharing.close()
        await store.close()
        if service.workstations is not None:
            service.workstations.close()
        log.info("link service stopped")


def _sharing(service: LinkService, store: SessionStore, instance_id: str) -> Sharing:
    """This instance's part in a force's several on one Redis: its leases and passing on."""
    from .redis_store import RedisStore  # with Redis's client, which a workstation's own service never loads

    assert isinstance(store, RedisStore) and service.config.server is not None  # config.py requires both
    assert service.metrics is not None
    return Sharing(store, service.book, instance_id, service.config.server.instance_url, service.hand_over,
                   service.metrics.count_passed_on)


def calls_in_progress(service: LinkService) -> int:
    return sum(1 for session in service.book.all() if any(p.in_call for p in session.connected.values()))


async def drain(service: LinkService) -> None:
    """Refuse new claims and give the calls in progress up to `[calls] drain_seconds` to end."""
    seconds = service.config.drain_seconds
    if seconds <= 0:
        return
    service.draining = True
    calls = calls_in_progress(service)
    log.info("stopping: new claims refused; %d calls in progress have up to %g seconds", calls, seconds)
    give_up = time.monotonic() + seconds
    while calls and time.monotonic() < give_up:
        await asyncio.sleep(DRAIN_CHECK_SECONDS)
        calls = calls_in_progress(service)
    if calls:
        log.warning("stopping with %d calls still in progress after %g seconds", calls, seconds)
    else:
        log.info("drained: no call in progress")


async def _sweep_now_and_then(service: LinkService) -> None:
    while True:
        for _ in range(6):
            await asyncio.sleep(10)
            # A device that gave up waiting stops asking; its prompt must not stay on the officer's screen.
            for session in service.book.all():
                for invite in list(session.invites.values()):
                    service.expire_waiting(session, invite)
        forgotten = await service.book.sweep(service.config.keep_ended_hours * 3600, service.config.keep_any_hours * 3600)
        if forgotten:
            log.info("forgot %d stale video sessions", forgotten)
        if service.consoles.sweep(service.config.keep_any_hours * 3600):
            log.info("closed stale trainer's consoles")


def _with_practice_templates(config: LinkServiceConfig, phones: SimulatedPhones) -> LinkServiceConfig:
    if config.notify_templates.by_role_and_language:
        return config
    return replace(config, notify_templates=phones.notify_templates())


def stop_on_signals_and_stdin(stop: asyncio.Event, watch_stdin: bool) -> None:
    """Stop on SIGTERM or Ctrl+C; with `watch_stdin`, also when the parent closes our standard input
    (the workstation exited, even by crashing), so a practice link service never outlives it."""
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        try:
            loop.add_signal_handler(sig, stop.set)
        except (NotImplementedError, RuntimeError):  # Windows: Ctrl+C still raises KeyboardInterrupt
            pass
    if watch_stdin:
        def wait_for_eof() -> None:
            while sys.stdin.readline():
                pass
            loop.call_soon_threadsafe(stop.set)
        threading.Thread(target=wait_for_eof, name="parent-watch", daemon=True).start()
