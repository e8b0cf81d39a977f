"""Where the desktop's default browser stands for a test of signing in: Qt's own handler for https addresses,
given a headless Chromium (selenium) in which the officer types their name and password at the force's
sign-in page and presses a button."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from selenium.webdriver.common.by import By

from rvr_desktop.qt import QtCore, QtGui, Slot
from tests.helpers.chromium import wait_for


class DesktopBrowser(QtCore.QObject):
    """The officer at the browser: `opened` holds every address the workstation had the desktop open."""

    def __init__(self, browser, username: str, password: str, button: str = "sign-in") -> None:
        super().__init__()
        self.browser, self.username, self.password, self.button = browser, username, password, button
        self.opened: list[str] = []

    @Slot(QtCore.QUrl)
    def open(self, url: QtCore.QUrl) -> None:
        self.opened.append(url.toString())

        def officer() -> None:  # on its own thread: the workstation waits meanwhile, as for a person
            self.browser.get(url.toString())
            wait_for(self.browser, "document.getElementById('username')", what="the force's sign-in page")
            self.browser.find_element(By.ID, "username").send_keys(self.username)
            self.browser.find_element(By.ID, "password").send_keys(self.password)
            self.browser.find_element(By.ID, self.button).click()

        threading.Thread(target=officer, daemon=True).start()


@contextmanager
def the_desktops_browser(browser, username: str, password: str) -> Iterator[DesktopBrowser]:
    """`browser` opens the https addresses the workstation hands the desktop, until the block ends. The handler
    is held here: Qt keeps no reference to it, and one collected while set crashes the program."""
    desktop = DesktopBrowser(browser, username, password)
    QtGui.QDesktopServices.setUrlHandler("https", desktop, "open")
    try:
        yield desktop
    finally:
        QtGui.QDesktopServices.unsetUrlHandler("https")
