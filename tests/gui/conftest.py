from __future__ import annotations

import pytest

from rvr_desktop.app import policy_for
from rvr_desktop.settings import Mode, Settings
from rvr_desktop.store.worker import StoreThread
from rvr_desktop.ui.background import when_done
from rvr_desktop.ui.main_window import MainWindow


@pytest.fixture
def store_thread():
    thread = StoreThread()
    yield thread
    thread.shutdown()


@pytest.fixture
def practice(data_dir) -> Settings:
    return Settings(Mode.PRACTICE, data_dir, "practice:tester")


@pytest.fixture
def workstation(qtbot, practice):
    """Open a main window the way the workstation does, ready for a new case."""
    threads = []

    def open_window(settings: Settings = practice) -> MainWindow:
        thread = StoreThread()
        threads.append(thread)
        window = MainWindow(settings, thread)
        qtbot.addWidget(window)
        window.show()
        # Shortcuts and focus work as on a desk only in the active window.
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        when_done(thread.open(settings.data_dir, settings.officer), window.store_opened, window.store_failed)
        window.policy_loaded(policy_for(settings))
        qtbot.waitUntil(lambda: window.new_case_button.isEnabled())
        return window

    yield open_window
    for thread in threads:
        thread.shutdown()
