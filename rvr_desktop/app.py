"""The composition root: creates the store, the services and the windows.

`Workstation` is the only place that makes the parts and joins them, in a
fixed, logged order; the windows, the tests, the benches and the screenshot
tool all build one. The window is shown before the store opens so the
officer sees the workstation at once; the store opens on its own thread.
"""

from __future__ import annotations

import gc
import logging
import signal
import socket
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rvr_desktop.casework.policy_in_force import policy_for
from rvr_desktop.chromium_flags import prepare_web_engine
from rvr_desktop.logs import LOG_DIR, LOG_FILE
from rvr_desktop.qt import QtCore, QtWidgets, Signal
from rvr_desktop.services import NO_SERVICES, Services
from rvr_desktop.settings import Settings
from rvr_desktop.store.worker import StoreThread
from rvr_desktop.ui.background import run_in_background, when_done
from rvr_desktop.ui.fault_report import FaultReport
from rvr_desktop.ui.main_window import MainWindow

if TYPE_CHECKING:
    from concurrent.futures import Future

    from rvr_desktop.sync.client import RecordsClient
    from rvr_desktop.sync.endpoint import RecordsEndpoint
    from rvr_desktop.sync.worker import OutboxWorker
    from rvr_desktop.video.force_link_service import ForceLinkService
    from rvr_desktop.video.practice_service import RunningLinkService
    from rvr_desktop.workflow.policy import Policy

log = logging.getLogger(__name__)


def keep_gui_thread_responsive() -> None:
    """Interpreter settings that keep the GUI thread's pauses short.

    The store's thread runs Python too (JSON, comparing drafts); a shorter
    switch interval hands the GIL back to the GUI thread sooner. Objects made
    at start-up live for the whole session, so freezing them keeps the
    garbage collector's full passes from walking them again and again.
    """
    sys.setswitchinterval(0.002)
    gc.freeze()


def run_workstation(settings: Settings) -> int:
    started = time.perf_counter()
    # Before Qt starts: QtWebEngine reads its flags once, and as root it exits without --no-sandbox.
    prepare_web_engine(settings.fake_camera)
    # QtWebEngine (loaded later, for a video call) shares OpenGL contexts with
    # the widgets; Qt needs to know before the application exists.
    QtCore.QCoreApplication.setAttribute(QtCore.Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    app = QtWidgets.QApplication(sys.argv[:1])
    app.setApplicationName("RVR Desktop")
    app.setOrganizationName("RVR Desktop")
    log.info("1/4 Qt application created (platform %s)", app.platformName())
    running: list[tuple[Workstation, FaultReport]] = []

    def open_for(shift: Settings) -> None:
        workstation = Workstation(shift)
        window = MainWindow(workstation)
        running.append((workstation, FaultReport(window, shift.data_dir / LOG_DIR / LOG_FILE, app).install()))
        window.show()
        log.info("2/4 main window created")

        def handed_over(who) -> None:
            # Another officer signed in at the locked window: the workstation opens again in their name, so the
            # audit log, documents and exhibits name them; the first officer's case waits, saved, in the list.
            open_for(settings.signed_in(who.officer_id, who.profile, who.until))  # live.toml's, not the first's
            window.close()
            faults = next(f for w, f in running if w is workstation)
            running.remove((workstation, faults))
            faults.uninstall()
            workstation.stop()

        window.handed_over.connect(handed_over)

        def shown() -> None:
            log.info("3/4 main window shown %.0f ms after start", (time.perf_counter() - started) * 1000)
            # Opened once the window is up: loading the keyring and SQLCipher on
            # the store's thread would otherwise compete with the first paint.
            workstation.start()
            log.info("4/4 case store opening on its own thread (mode %s)", shift.mode)
            keep_gui_thread_responsive()

        QtCore.QTimer.singleShot(0, shown)

    if settings.sign_in is None:
        open_for(settings)
    else:  # nobody's cases are opened until the force's provider says who is at the workstation
        from rvr_desktop.ui.sign_in_window import SignInWindow

        first = SignInWindow(settings.sign_in)

        def signed_in(who) -> None:
            log.info("officer signed in for the shift")
            open_for(settings.signed_in(who.officer_id, who.profile, who.until))
            first.close()  # after the main window shows: the last window closing would end the program

        first.signed_in.connect(signed_in)
        first.show()
        log.info("2/4 sign-in window shown")
    signal_wakeup = quit_on_signals(app)  # noqa: F841 (kept alive while the loop runs)
    code = app.exec()
    for workstation, faults in running:
        faults.uninstall()
        workstation.stop()
    log.info("workstation closed")
    return code


class ServicesNotConnected(Exception):
    """This workstation has no services to start: the windows say why and cases stay safe in the outbox."""


@dataclass
class RunningServices:
    """Services a starter brought up: the link service, where the records system is, and how to stop them."""

    links: RunningLinkService | ForceLinkService | None
    records: RecordsEndpoint | None
    stop: Callable[[], None]
    # What the officer should know of a service that is not there: a few words, and what to do (Services).
    notice: tuple[str, str] = ("", "")


ServiceStarter = Callable[[Settings, "Policy"], RunningServices]


def services_for_mode(settings: Settings, policy: Policy) -> RunningServices:
    """Practice mode starts the local stand-ins; live mode reaches the force's records API and link service."""
    if not settings.is_training:
        return _live_services(settings)
    from rvr_desktop.practice_services import start_practice_services
    from rvr_desktop.sync.endpoint import practice_endpoint

    started = start_practice_services(settings.data_dir, records_calls=policy.video_call.records_video_calls,
                                      trainer_network=settings.trainer_network)
    try:
        endpoint = practice_endpoint(started.records.url, started.records.token)
    except BaseException:
        started.stop()
        raise
    return RunningServices(started.links, endpoint, started.stop)


def _live_services(settings: Settings) -> RunningServices:
    """The force's records API and link service, from live.toml and the keyring. A link service that cannot
    take calls leaves the records side working, and the status bar says why (force_link_service.py)."""
    from rvr_desktop.store.errors import StoreError
    from rvr_desktop.sync.endpoint import live_endpoint
    from rvr_desktop.store.workstation_enrolment import kept_enrolment
    from rvr_desktop.video.force_link_service import LinkServiceUnusable, connect

    if settings.records is None or not settings.links_url:  # load_settings always reads both for live mode
        raise ServicesNotConnected("The live configuration names no records system or link service; submitted "
                                   "cases stay safely in the encrypted outbox.")
    records = live_endpoint(settings.records)
    try:
        links, notice = connect(settings.links_url, settings.officer, kept_enrolment())
    except LinkServiceUnusable as unusable:
        return RunningServices(None, records, lambda: None, unusable.notice)
    except StoreError as error:
        return RunningServices(None, records, lambda: None, ("Video calls not available", error.message()))
    except Exception:  # noqa: BLE001 (a fault of ours in reaching it must not stop the records side too)
        log.exception("the force's link service could not be connected")
        return RunningServices(None, records, lambda: None, ("Video calls not available", (
            "Reaching the force's link service failed in this workstation (a fault, written to its log). Take the "
            "call by phone and tell IT support; submitted cases are delivered as ever.")))
    return RunningServices(links, records, links.stop, notice)


def link_service_only(links: RunningLinkService) -> ServiceStarter:
    """A link service already running, owned by whoever started it (a trainer's tool, a test's fixture); no
    records system, so submitted cases wait in the outbox."""
    return lambda _settings, _policy: RunningServices(links, None, lambda: None)


class Workstation(QtCore.QObject):
    """The one place the workstation's parts are made and joined: the store's thread, the force's policy, the
    services and the outbox worker.

    The windows are given this object and follow its signals; each piece of
    state is also kept here, so a window made after a signal still sees it.
    `start()` opens the store and reads the policy off the GUI thread; once
    both are ready, the services start (practice stand-ins or, later, the
    force's) and the windows get one `Services` object.
    """

    store_opened = Signal()
    store_failed = Signal(object)  # the error
    policy_loaded = Signal(object)  # the Policy
    policy_failed = Signal(object)  # the error
    services_ready = Signal(object)  # the Services
    services_unavailable = Signal(str)  # why, in plain words
    # From the outbox worker's thread; queued to the GUI thread, where this object lives.
    outbox_status = Signal(object)  # OutboxStatus
    case_delivery_changed = Signal(object)  # CaseDelivery
    cases_erased = Signal(object)  # the erased cases' ids

    def __init__(self, settings: Settings, *, services: ServiceStarter | None = services_for_mode,
                 policy: Policy | None = None, parent: QtCore.QObject | None = None):
        super().__init__(parent)
        self.settings = settings
        self.store = StoreThread()
        self.policy = policy
        self.store_ready = False
        self.services = NO_SERVICES
        self._starter = services
        self._starting: Future[RunningServices] | None = None
        self._running: RunningServices | None = None
        self._client: RecordsClient | None = None
        self._worker: OutboxWorker | None = None

    def start(self) -> None:
        """Open the store and read the policy, each off the GUI thread; the services follow once both are in."""
        settings = self.settings
        when_done(self.store.open(settings.data_dir, settings.officer), self._store_opened, self._store_failed)
        given = self.policy
        if given is None:
            when_done(run_in_background(lambda: policy_for(settings)), self._policy_loaded, self.policy_failed.emit)
        else:  # a policy given ready (a changed one, in a test): announced from the event loop all the same
            QtCore.QTimer.singleShot(0, lambda: self._policy_loaded(given))

    @property
    def ready_for_cases(self) -> bool:
        """The store is open (and has not gone since) and the policy is loaded: cases can be opened."""
        return self.store_ready and self.store.is_open and self.policy is not None

    def _store_opened(self, _store: object) -> None:
        self.store_ready = True
        self.store_opened.emit()
        self._start_services_when_ready()

    def _store_failed(self, error: BaseException) -> None:
        self.store_ready = False
        self.store_failed.emit(error)

    def _policy_loaded(self, policy: Policy) -> None:
        self.policy = policy
        self.policy_loaded.emit(policy)
        self._start_services_when_ready()

    def _start_services_when_ready(self) -> None:
        if self.ready_for_cases and self._starter is not None:
            self.start_services(self._starter)

    def start_services(self, starter: ServiceStarter) -> None:
        """Start the services now (once only), off the GUI thread; `services_ready` when they run."""
        policy = self.policy
        if self._starting is not None or policy is None:
            return
        settings = self.settings
        self._starting = run_in_background(lambda: starter(settings, policy))
        when_done(self._starting, self._services_started, self._services_failed)

    def _services_started(self, running: RunningServices) -> None:
        self._running = running
        wake = NO_SERVICES.wake_delivery
        if running.records is not None:
            from rvr_desktop.sync.client import RecordsClient
            from rvr_desktop.sync.retention import load_retention_policy
            from rvr_desktop.sync.worker import OutboxWorker

            assert self.policy is not None  # services start only once it is loaded
            self._client = RecordsClient(running.records)
            self._worker = OutboxWorker(self.store, self._client, self.policy, officer=self.settings.officer,
                                        training=self.settings.is_training, retention=load_retention_policy(),
                                        on_case=self.case_delivery_changed.emit, on_status=self.outbox_status.emit,
                                        on_erased=self.cases_erased.emit)
            self._worker.start()
            wake = self._worker.wake
            log.info("outbox worker started against %s",
                     "the practice records server" if self.settings.is_training else "the records system")
        self.services = Services(running.links, wake, *running.notice)
        self.services_ready.emit(self.services)

    def _services_failed(self, error: BaseException) -> None:
        if isinstance(error, ServicesNotConnected):
            log.warning("records and video services not available")
        else:
            log.error("services did not start: %s", type(error).__name__)
        self.services_unavailable.emit(f"{error}")

    def retry_delivery(self) -> None:
        """The officer asked the outbox to try again now."""
        if self._worker is not None:
            self._worker.retry_now()

    def stop(self) -> None:
        """Close in order: stop sending, let queued saves finish and close the database, then stop the services
        (waiting for them if they were still starting)."""
        if self._worker is not None:
            self._worker.stop()
        self.store.shutdown()
        if self._client is not None:
            self._client.close()
        running = self._running
        if running is None and self._starting is not None:
            try:
                running = self._starting.result(timeout=60)
            except Exception:  # noqa: BLE001 (a failed start left nothing running)
                running = None
        if running is not None:
            running.stop()


def quit_on_signals(app: QtWidgets.QApplication) -> tuple:
    """Close the workstation cleanly on SIGTERM or Ctrl+C, saving open drafts.

    Python runs signal handlers only when it has control, which Qt's event
    loop rarely gives it; a socket pair wakes the loop when a signal arrives.
    """
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    signal.set_wakeup_fd(writer.fileno())
    notifier = QtCore.QSocketNotifier(reader.fileno(), QtCore.QSocketNotifier.Type.Read, app)

    def woken() -> None:
        reader.recv(64)

    def close(num: int, _frame: object) -> None:
        log.info("signal %d: closing", num)
        app.closeAllWindows()
        app.quit()

    notifier.activated.connect(woken)
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, close)
    return reader, writer, notifier
