"""Real headless Chromium (Debian's chromium and chromium-driver) as phones and the officer's browser.

Each browser gets a fresh profile folder and a fake camera and microphone.
chromedriver runs in its own process group, so however a test ends the whole
group (driver and every Chromium process it started) is killed by its id.
"""

from __future__ import annotations

import os
import signal
import tempfile
import time
from contextlib import suppress
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = ("--headless=new", "--no-sandbox", "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
         "--disable-dev-shm-usage", "--autoplay-policy=no-user-gesture-required", "--mute-audio",
         "--disable-gpu", "--no-default-browser-check", "--disable-features=Translate,MediaRouter,OptimizationHints",
         "--metrics-recording-only", "--disable-domain-reliability")
PHONE = {"deviceMetrics": {"width": 390, "height": 844, "pixelRatio": 2.0},
         "userAgent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
                      "Chrome/156.0.0.0 Mobile Safari/537.36"}


class Browsers:
    """Starts browsers and, on close, makes sure none is left running."""

    def __init__(self) -> None:
        self._drivers: list[webdriver.Chrome] = []
        self._groups: list[int] = []
        self._folders: list[tempfile.TemporaryDirectory] = []
        self._own_drivers: list = []  # chromedriver processes started here (in a phone's network)

    def start(self, phone: bool = False, extra_flags: tuple[str, ...] = (),
              without: tuple[str, ...] = (), trusting: Path | None = None, inside=None) -> webdriver.Chrome:
        """A new browser; `without` drops some of the usual flags (say, to let a permission be refused);
        `trusting` is a certificate authority (PEM) it trusts besides the system's, as a device would
        once its user installed it; `inside` a PhoneNetwork (network_namespaces.py) it runs in."""
        profile = tempfile.TemporaryDirectory(prefix="rvr-chromium-")
        self._folders.append(profile)
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in (*(f for f in FLAGS if f not in without), *extra_flags, f"--user-data-dir={profile.name}"):
            options.add_argument(flag)
        if phone:
            options.add_experimental_option("mobileEmulation", PHONE)
        else:
            options.add_argument("--window-size=1280,800")
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        env = {**os.environ, "HOME": _home_trusting(Path(profile.name), trusting)} if trusting else None
        if inside is not None:
            driver = self._inside(inside, options, env)
        else:
            service = Service(CHROMEDRIVER, popen_kw={"start_new_session": True}, env=env)
            driver = webdriver.Chrome(options=options, service=service)
            self._groups.append(service.process.pid)
        driver.profile_folder = Path(profile.name)  # what the browser leaves on the device, to look through
        self._drivers.append(driver)
        driver.set_script_timeout(30)
        return driver

    def _inside(self, network, options, env) -> webdriver.Remote:
        """chromedriver (and so Chromium) started in the phone's namespace, driven from this machine through
        the route into the phone's network; it answers this machine's address only."""
        import subprocess
        from urllib.request import urlopen

        from tests.helpers.network_namespaces import HOST_ADDRESS, PHONE_ADDRESS

        port = 9515 + len(self._groups)
        driver_process = subprocess.Popen(
            network.in_phone(CHROMEDRIVER, f"--port={port}", f"--allowed-ips={HOST_ADDRESS}"),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True, env=env)
        self._groups.append(driver_process.pid)
        self._own_drivers.append(driver_process)
        address = f"http://{PHONE_ADDRESS}:{port}"
        deadline = time.monotonic() + 15
        while True:
            try:
                with urlopen(f"{address}/status", timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline or driver_process.poll() is not None:
                    raise AssertionError("chromedriver did not start inside the phone's network") from None
                time.sleep(0.1)
        return webdriver.Remote(command_executor=address, options=options)

    def close(self) -> None:
        for driver in self._drivers:
            with suppress(WebDriverException, OSError):
                driver.quit()
        for group in self._groups:
            with suppress(ProcessLookupError, PermissionError):
                os.killpg(group, signal.SIGKILL)
        for process in self._own_drivers:
            process.wait()
        for folder in self._folders:
            with suppress(OSError):
                folder.cleanup()
        self._own_drivers.clear()
        self._drivers.clear()
        self._groups.clear()
        self._folders.clear()


def _home_trusting(folder: Path, authority: Path) -> str:
    """A home folder whose NSS database (where Chromium on Linux looks) trusts `authority` for websites."""
    import subprocess

    home = folder / "home"
    database = home / ".pki" / "nssdb"
    database.mkdir(parents=True)
    for command in (["-N", "--empty-password"], ["-A", "-t", "C,,", "-n", "RVR practice authority", "-i",
                                                  str(authority)]):
        subprocess.run(["certutil", "-d", f"sql:{database}", *command], check=True, capture_output=True)
    return str(home)


def wait_for(driver, script: str, timeout: float = 20, what: str = "") -> object:
    """Poll a JavaScript expression until it is truthy; fail with the page's state and console if not."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = driver.execute_script(f"return ({script});")
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"waited {timeout} s for {what or script}; page text:\n"
                         f"{driver.execute_script('return document.body.innerText')}\nconsole:\n"
                         f"{console(driver)}")


def console(driver) -> str:
    with suppress(WebDriverException):
        return "\n".join(entry["message"] for entry in driver.get_log("browser"))
    return ""


def axe_source() -> str:
    """axe-core's browser build, installed with npm into tests/e2e/video/node_modules (ignored by git)."""
    here = Path(__file__).resolve().parents[1] / "e2e" / "video"  # its .gitignore keeps node_modules out
    path = here / "node_modules" / "axe-core" / "axe.min.js"
    if not path.exists():
        import subprocess

        result = subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--no-save", "--prefix", str(here),
                                 "axe-core@4"], capture_output=True, text=True, timeout=300)
        if result.returncode != 0 or not path.exists():
            raise AssertionError(f"axe-core could not be installed with npm:\n{result.stderr}")
    return path.read_text(encoding="utf-8")
