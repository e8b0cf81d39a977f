"""Real windows on real stores, offscreen (pytest-qt)."""

from __future__ import annotations

import pytest

from rvr_desktop.settings import Mode, Settings
from rvr_desktop.store.worker import StoreThread
from rvr_desktop.ui.main_window import MainWindow
from tests.gui.case_steps import open_main_window
from tests.helpers.sandbox import require_throwaway_keyring, share_opengl_contexts

# The windows open real stores (keys in the keyring), and some show the video view.
require_throwaway_keyring()
share_opengl_contexts()


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
    windows = []

    def open_window(settings: Settings = practice) -> MainWindow:
        window = open_main_window(qtbot, settings)
        windows.append(window)
        qtbot.waitUntil(lambda: window.new_case_button.isEnabled())
        return window

    yield open_window
    for window in windows:
        window.workstation.stop()
