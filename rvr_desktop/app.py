"""The composition root: creates the store, the services and the windows.

This is the only place that wires them together, in a fixed, logged order.
The window is shown before the store opens so the officer sees the
workstation at once; the store opens on its own thread.
"""

from __future__ import annotations

import gc
import logging
import signal
import socket
import sys
import time
from typing import TYPE_CHECKING

from rvr_desktop.casework.policy_in_force import policy_for
from rvr_desktop.chromium_flags import prepare_web_engine
from rvr_desktop.logs import LOG_DIR, LOG_FILE
from rvr_desktop.qt import QtCore, QtWidgets
from rvr_desktop.settings import Settings
from rvr_desktop.store.worker import StoreThread
from rvr_desktop.ui.background import run_in_background, when_done
from rvr_desktop.ui.fault_report import FaultReport
from rvr_desktop.ui.main_window import MainWindow
from rvr_desktop.ui.outbox_status import OutboxRelay

if TYPE_CHECKING:
    from concurrent.futures import Future

    from rvr_desktop.practice_services import PracticeServices
    from rvr_desktop.sync.client import RecordsClient
    from rvr_desktop.sync.worker import OutboxWorker

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

    store = StoreThread()
    window = MainWindow(settings, store)
    faults = FaultReport(window, settings.data_dir / LOG_DIR / LOG_FILE, app).install()
    window.show()
    log.info("2/4 main window created")

    def shown() -> None:
        log.info("3/4 main window shown %.0f ms after start", (time.perf_counter() - started) * 1000)
        # Opened once the window is up: loading the keyring and SQLCipher on
        # the store's thread would otherwise compete with the first paint.
        when_done(store.open(settings.data_dir, settings.officer), window.store_opened, window.store_failed)
        when_done(run_in_background(lambda: policy_for(settings)), window.policy_loaded, window.policy_failed)
        log.info("4/4 case store opening on its own thread (mode %s)", settings.mode)
        keep_gui_thread_responsive()

    QtCore.QTimer.singleShot(0, shown)
    delivery = Delivery(settings, store, window)
    window.ready_for_cases.connect(delivery.start)
    signal_wakeup = quit_on_signals(app)  # noqa: F841 (kept alive while the loop runs)
    code = app.exec()
    faults.uninstall()
    # Order matters: stop sending, then let queued saves finish and close
    # the database, then stop the practice services.
    delivery.stop_worker()
    store.shutdown()
    delivery.stop_services()
    log.info("workstation closed")
    return code


class Delivery:
    """The way cases and calls leave the workstation: records outbox and video links.

    In practice mode both systems are local stand-ins started here; live
    endpoints are not wired yet, and the window says so.
    """

    def __init__(self, settings: Settings, store: StoreThread, window: MainWindow):
        self.settings = settings
        self.store = store
        self.window = window
        self.services: PracticeServices | None = None
        self._starting: Future[PracticeServices] | None = None
        self.client: RecordsClient | None = None
        self.worker: OutboxWorker | None = None
        self.relay = OutboxRelay()
        self.relay.status_changed.connect(window.outbox.show_status)
        self.relay.case_changed.connect(window.case_delivery_changed)
        self.relay.cases_erased.connect(lambda _ids: window.refresh_cases())
        window.outbox.retry_requested.connect(lambda: self.worker and self.worker.retry_now())

    def start(self, policy) -> None:
        if not self.settings.is_training:
            self.window.delivery_unavailable("Live records and video services are not connected in this version; "
                                             "submitted cases stay safely in the encrypted outbox.")
            return
        from rvr_desktop.practice_services import start_practice_services

        records_calls = policy.video_call.records_video_calls
        starting = run_in_background(lambda: start_practice_services(
            self.settings.data_dir, records_calls=records_calls, trainer_network=self.settings.trainer_network))
        self._starting = starting
        when_done(starting, lambda services: self._started(services, policy), self._failed)

    def _started(self, services, policy) -> None:
        from rvr_desktop.sync.client import RecordsClient
        from rvr_desktop.sync.endpoint import practice_endpoint
        from rvr_desktop.sync.retention import load_retention_policy
        from rvr_desktop.sync.worker import OutboxWorker

        self.services = services
        client = RecordsClient(practice_endpoint(services.records.url, services.records.token))
        worker = OutboxWorker(self.store, client, policy, officer=self.settings.officer,
                              training=self.settings.is_training, retention=load_retention_policy(),
                              on_case=self.relay.case_changed.emit, on_status=self.relay.status_changed.emit,
                              on_erased=self.relay.cases_erased.emit)
        self.client, self.worker = client, worker
        worker.start()
        self.window.delivery_ready(worker.wake, services.links)
        log.info("outbox worker started against the practice records server")

    def _failed(self, error: BaseException) -> None:
        log.error("practice services did not start: %s", type(error).__name__)
        self.window.delivery_unavailable(f"{error}")

    def stop_worker(self) -> None:
        if self.worker is not None:
            self.worker.stop()

    def stop_services(self) -> None:
        if self.client is not None:
            self.client.close()
        services = self.services
        if services is None and self._starting is not None:
            # Closed while they were still starting: wait, then stop them too.
            try:
                services = self._starting.result(timeout=60)
            except Exception:  # noqa: BLE001 (a failed start left nothing running)
                services = None
        if services is not None:
            services.stop()


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
