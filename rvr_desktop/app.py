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
from dataclasses import replace
from typing import TYPE_CHECKING

from rvr_desktop.qt import QtCore, QtWidgets
from rvr_desktop.settings import Settings
from rvr_desktop.store.worker import StoreThread
from rvr_desktop.ui.background import run_in_background, when_done
from rvr_desktop.ui.main_window import MainWindow

if TYPE_CHECKING:
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
    app = QtWidgets.QApplication(sys.argv[:1])
    app.setApplicationName("RVR Desktop")
    app.setOrganizationName("RVR Desktop")
    log.info("1/4 Qt application created (platform %s)", app.platformName())

    store = StoreThread()
    window = MainWindow(settings, store)
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
    signal_wakeup = quit_on_signals(app)  # noqa: F841 (kept alive while the loop runs)
    code = app.exec()
    store.shutdown()
    log.info("workstation closed")
    return code


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

    notifier.activated.connect(woken)
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda num, _frame: (log.info("signal %d: closing", num), app.closeAllWindows(),
                                                     app.quit()))
    return reader, writer, notifier


def policy_for(settings: Settings) -> "Policy":
    """The force's policy; practice mode may text Ofcom's fictional numbers.

    Training scenarios use the drama range so that no real phone can ever
    receive a practice link.
    """
    from rvr_desktop.workflow.policy import load_policy

    policy = load_policy()
    if settings.is_training:
        policy = replace(policy, phone=replace(policy.phone, drama_range_allowed=True))
    return policy
