"""The simulated caller: a headless Chromium that opens the texted link like a phone.

It consents and joins by itself, showing Chromium's generated test picture
(or the scenario's video file) as its camera, so a trainee can run a whole
scenario alone on a laptop with no network. The trainee reads what the
caller says from the training panel's script, and hears it: `say(wav)`
plays a spoken line into the call through a microphone of its own
(resources/simulated-caller/microphone.js). Asked to sign her statement, she
signs on the page with the scenario's caller name after a short pause
(resources/simulated-caller/signer.js), through the same link-service path
as a real phone's signature.

Chromium comes from the operating system (Debian's `chromium`), driven over
a pipe (devtools_pipe.py): no WebDriver or DevTools port listens, so no other
program on this computer can take the browser, or its link, over.
Everything stays on loopback.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import shutil
import tempfile
import threading
from pathlib import Path

from rvr_desktop.video.devtools_pipe import PipedChromium
from rvr_desktop.workflow.shipped_files import default_resources_dir

log = logging.getLogger(__name__)

CHROMIUM = os.environ.get("RVR_CHROMIUM", "/usr/bin/chromium")
JOIN_SECONDS = 30
MICROPHONE = default_resources_dir() / "simulated-caller" / "microphone.js"
SIGNER = default_resources_dir() / "simulated-caller" / "signer.js"
SIGN_PAUSE_SECONDS = 4  # she reads the statement before she signs: long enough to see it arrive on her page

# No background traffic: the simulated phone talks only to the link service.
_FLAGS = ("--headless=new", "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
          "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
          "--disable-gpu", "--window-size=412,915", "--autoplay-policy=no-user-gesture-required")


class SimulatedCallerUnavailable(RuntimeError):
    """Chromium or its driver is missing; the message says how to install them."""


class SimulatedCaller:
    """One simulated phone in a call; `join(link)` on a background thread, `hang_up()` to leave."""

    def __init__(self, video: Path | None = None, signs_as: str = ""):
        if not shutil.which(CHROMIUM):
            raise SimulatedCallerUnavailable(
                f"The simulated caller needs {CHROMIUM}, which is not installed. Run installer/setup (it installs "
                "Debian's chromium), or play the caller from another device.")
        self._video = video
        self._signs_as = signs_as  # the scenario's caller name, typed when she is asked to sign ("" never signs)
        self._chromium: PipedChromium | None = None
        # Chromium may still be writing to its profile as it goes; what it leaves is in a private temporary folder.
        self._profile = tempfile.TemporaryDirectory(prefix="rvr-simulated-caller-", ignore_cleanup_errors=True)
        self.problem = ""
        self.joined = threading.Event()
        self._browser = threading.Lock()  # joining, speaking and hanging up take their turns

    def join(self, link: str) -> None:
        """Open the link, consent and join; blocks up to JOIN_SECONDS (run it off the GUI thread)."""
        flags = [*_FLAGS, f"--user-data-dir={self._profile.name}"]
        if os.geteuid() == 0:
            flags.append("--no-sandbox")  # Chromium refuses to run as root with its sandbox
        if self._video is not None:
            flags.append(f"--use-file-for-fake-video-capture={self._video}")
        try:
            # The browser dies with the workstation however it ends (devtools_pipe.py starts it so).
            with self._browser:
                self._chromium = browser = PipedChromium(CHROMIUM, flags)
            # Before the caller's page loads, so the microphone it asks for is the caller's voice.
            browser.page("Page.enable")
            browser.page("Page.addScriptToEvaluateOnNewDocument", source=MICROPHONE.read_text(encoding="utf-8"))
            if self._signs_as:
                signer = json.dumps({"name": self._signs_as, "pauseMs": SIGN_PAUSE_SECONDS * 1000})
                browser.page("Page.addScriptToEvaluateOnNewDocument",
                             source=f"const SIMULATED_SIGNER = {signer};\n" + SIGNER.read_text(encoding="utf-8"))
            browser.page("Page.navigate", url=link)
            browser.tap_when_shown("agree", JOIN_SECONDS)
            browser.tap_when_shown("join", JOIN_SECONDS)
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
            browser = self._chromium
            if browser is None or not self.joined.is_set() or not wav:
                return 0.0
            spoken = json.dumps(base64.b64encode(wav).decode("ascii"))
            return float(browser.evaluate(f"window.simulatedCallerSays({spoken})", wait=True) or 0.0)

    def hang_up(self) -> None:
        """Leave the call (the page says goodbye), then make sure the browser and all it started are gone."""
        with self._browser:
            browser, self._chromium = self._chromium, None
            if browser is not None:
                browser.close()
            self._profile.cleanup()
