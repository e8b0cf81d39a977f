"""An exception nobody caught, in a Qt callback or on a thread, is logged with its traceback and shown once."""

from __future__ import annotations

import logging
import threading

import pytest

from rvr_desktop.qt import QtCore
from rvr_desktop.ui.fault_report import FaultReport


class _Window:
    """What the report needs of the main window, seen from outside."""

    def __init__(self):
        self.saved = 0
        self.shown: list[tuple[str, str]] = []

    def save_open_case(self) -> None:
        self.saved += 1

    def show_error(self, title: str, text: str) -> None:
        self.shown.append((title, text))


@pytest.fixture
def report(qapp, tmp_path):
    window = _Window()
    installed = FaultReport(window, tmp_path / "rvr-desktop.log").install()
    yield installed, window
    installed.uninstall()


def test_a_fault_in_a_qt_callback_is_logged_saved_and_shown_once(qtbot, report, caplog):
    installed, window = report

    def broken() -> None:
        raise LookupError("no such step")

    with caplog.at_level(logging.CRITICAL, logger="rvr_desktop.ui.fault_report"):
        QtCore.QTimer.singleShot(0, broken)
        qtbot.waitUntil(lambda: window.saved == 1)
        QtCore.QTimer.singleShot(0, broken)
        qtbot.waitUntil(lambda: window.saved == 2)
    [(title, text)] = window.shown  # the same kind of fault again: saved again, not shown again
    assert title == "RVR Desktop hit a fault" and "LookupError" in text
    assert "Kept safe:" in text and "What to do:" in text and str(installed.log_file) in text
    records = [r for r in caplog.records if r.getMessage() == "uncaught LookupError"]
    assert len(records) == 2 and all(r.exc_info and r.exc_info[0] is LookupError for r in records)


def test_a_fault_on_a_background_thread_reaches_the_log_and_the_window(qtbot, report, caplog):
    _installed, window = report
    thread = threading.Thread(target=lambda: 1 / 0, name="outbox-test")
    with caplog.at_level(logging.CRITICAL, logger="rvr_desktop.ui.fault_report"):
        thread.start()
        thread.join()
        qtbot.waitUntil(lambda: bool(window.shown))
    assert "ZeroDivisionError" in window.shown[0][1]
    assert any(r.getMessage() == "uncaught ZeroDivisionError on thread outbox-test" and r.exc_info
               for r in caplog.records)


def test_a_fault_while_telling_of_a_fault_is_logged_not_looped(qtbot, report, caplog):
    installed, window = report

    def failing_save() -> None:
        window.saved += 1
        raise OSError("the disk went away")

    window.save_open_case = failing_save
    with caplog.at_level(logging.CRITICAL, logger="rvr_desktop.ui.fault_report"):
        QtCore.QTimer.singleShot(0, lambda: 1 / 0)
        qtbot.waitUntil(lambda: any(r.getMessage() == "a fault could not be told to the officer" and r.exc_info
                                    for r in caplog.records))
        qtbot.wait(200)
    assert window.saved == 1  # told once, and the fault inside the telling did not start it again
