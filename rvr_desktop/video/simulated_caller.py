"""The simulated caller: a headless Chromium that opens the texted link like a phone.

It consents and joins by itself, showing Chromium's generated test picture
(or the scenario's video file) as its camera, so a trainee can run a whole
scenario alone on a laptop with no network. The trainee reads what the
caller says from the training panel's script, and hears it: `say(wav)`
plays a spoken line into the call through a microphone of its own
(resources/simulated-caller/microphone.js).

Chromium comes from the operating system (Debian's `chromium` and
`chromium-driver`); selenium drives it. Everything stays on loopback.
"""

from __future__ import annotations

import base64
import logging
import os
import shutil
import tempfile
import threading
from pathlib import Path

from rvr_desktop.process_safety import end_process_group, start_child_kwargs

log = logging.getLogger(__name__)

CHROMIUM = os.environ.get("RVR_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("RVR_CHROMEDRIVER", "/usr/bin/chromedriver")
JOIN_SECONDS = 30
MICROPHONE = Path(__file__).resolve().parents[2] / "resources" / "simulated-caller" / "microphone.js"

# No background traffic: the simulated phone talks only to the link service. The driver speaks to
# Chromium over a pipe, so no DevTools port listens where another local user could take the browser over.
_FLAGS = ("--headless=new", "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
          "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
          "--disable-gpu", "--window-size=412,915", "--autoplay-policy=no-user-gesture-required",
          "--remote-debugging-pipe")


class SimulatedCallerUnavailable(RuntimeError):
    """Chromium or its driver is missing; the message says how to install them."""


class SimulatedCaller:
    """One simulated phone in a call; `join(link)` on a background thread, `hang_up()` to leave."""

    def __init__(self, video: Path | None = None):
        for program in (CHROMIUM, CHROMEDRIVER):
            if not shutil.which(program):
                raise SimulatedCallerUnavailable(
                    f"The simulated caller needs {program}, which is not installed. Run installer/setup (it "
                    "installs Debian's chromium and chromium-driver), or play the caller from another device.")
        self._video = video
        self._driver = None
        # Chromium may still be writing to its profile as it goes; what it leaves is in a private temporary folder.
        self._profile = tempfile.TemporaryDirectory(prefix="rvr-simulated-caller-", ignore_cleanup_errors=True)
        self.problem = ""
        self.joined = threading.Event()
        self._browser = threading.Lock()  # selenium's driver is used by one thread at a time

    def join(self, link: str) -> None:
        """Open the link, consent and join; blocks up to JOIN_SECONDS (run it off the GUI thread)."""
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support import expected_conditions as shown
        from selenium.webdriver.support.ui import WebDriverWait

        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        flags = [*_FLAGS, f"--user-data-dir={self._profile.name}"]
        if os.geteuid() == 0:
            flags.append("--no-sandbox")  # Chromium refuses to run as root with its sandbox
        if self._video is not None:
            flags.append(f"--use-file-for-fake-video-capture={self._video}")
        for flag in flags:
            options.add_argument(flag)
        try:
            # The driver dies with the workstation however it ends, and Chromium follows when its pipe closes.
            service = Service(CHROMEDRIVER, popen_kw=start_child_kwargs())
            self._driver = webdriver.Chrome(options=options, service=service)
            # Before the caller's page loads, so the microphone it asks for is the caller's voice.
            self._driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument",
                                         {"source": MICROPHONE.read_text(encoding="utf-8")})
            self._driver.get(link)
            wait = WebDriverWait(self._driver, JOIN_SECONDS)
            wait.until(shown.element_to_be_clickable((By.ID, "agree"))).click()
            wait.until(shown.element_to_be_clickable((By.ID, "join"))).click()
            self.joined.set()
            log.info("simulated caller joined the call")
        except Exception as error:  # noqa: BLE001 (any failure is told to the trainer, not raised in a thread)
            self.problem = (f"The simulated caller could not join ({type(error).__name__}). The case is safe; "
                            "send a new link to try again, or play the caller from another device.")
            log.warning("simulated caller did not join: %s", type(error).__name__)

    def say(self, wav: bytes) -> float:
        """Play a spoken line into the call (after any still being said); seconds until it has been said.
        Blocks on the browser: run it off the GUI thread."""
        with self._browser:
            driver = self._driver
            if driver is None or not self.joined.is_set() or not wav:
                return 0.0
            return float(driver.execute_script("return window.simulatedCallerSays(arguments[0]);",
                                               base64.b64encode(wav).decode("ascii")))

    def hang_up(self) -> None:
        """Leave the call (the page says goodbye), then make sure the driver and every Chromium are gone."""
        with self._browser:
            driver, self._driver = self._driver, None
            if driver is not None:
                try:
                    driver.quit()
                except Exception:  # noqa: BLE001 (already gone)
                    pass
                end_process_group(driver.service.process, grace=0.5)
            self._profile.cleanup()
