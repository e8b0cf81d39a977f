"""The README's practice command itself, on a machine with no desktop and no camera, as root.

`dbus-run-session -- installer/with-test-keyring xvfb-run -a installer/practice`
runs as a subprocess with none of the suite's own settings: no offscreen
platform, no Chromium flags, no fake camera. The test drives the window as a
keyboard user does (xdotool, on the Xvfb display the command made), starts
a practice scenario, answers the safety check and texts the link; the
simulated caller joins by itself; the trainee opens the video step and the
caller's picture must be painted in the officer's view. Then the workstation
is stopped (SIGTERM, or SIGKILL) and no process of the run may be left.

It follows the product's own log lines (stderr at INFO) to know where it is.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest

from rvr_desktop.casework.policy_in_force import policy_for
from rvr_desktop.settings import Mode, Settings
from rvr_desktop.ui.steps.safety_page import ANSWERS
from rvr_desktop.workflow.case import new_case
from rvr_desktop.workflow.safety import ALL_QUESTIONS
from tests.conftest import REPO

README_COMMAND = ["dbus-run-session", "--", "installer/with-test-keyring", "xvfb-run", "-a", "installer/practice",
                  "--log-level", "INFO"]
# The suite's own environment, which a user's machine does not have.
NOT_A_USERS = ("QT_QPA_PLATFORM", "QTWEBENGINE_CHROMIUM_FLAGS", "DISPLAY", "WAYLAND_DISPLAY", "XAUTHORITY",
               "DBUS_SESSION_BUS_ADDRESS", "RVR_TEST_KEYRING", "PYTHON_KEYRING_BACKEND", "GNOME_KEYRING_CONTROL")
# The simulated caller's generated picture (training/caller_picture.py): the colour of its face.
FACE = (196, 164, 132)

pytestmark = pytest.mark.slow


class StderrLog:
    """The run's standard error, written to a file (so the pipe never fills) and read as it grows."""

    def __init__(self, path: Path):
        self.path = path
        self._read = 0

    def wait_for(self, text: str, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            content = self.path.read_text(errors="replace")
            found = content.find(text, self._read)
            if found >= 0:
                self._read = found + len(text)
                return
            time.sleep(0.2)
        raise AssertionError(f"never saw {text!r}; the run's standard error ends:\n"
                             f"{self.path.read_text(errors='replace')[-6000:]}")

    def text(self) -> str:
        return self.path.read_text(errors="replace")


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            tree.setdefault(parent, []).append(int(entry.name))
    return tree


def _descendants(root: int) -> set[int]:
    tree, found, todo = _children(), set(), [root]
    while todo:
        for child in tree.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


class Keyboard:
    """xdotool on the run's own display, as a keyboard user at that screen."""

    def __init__(self, display: str, xauthority: str):
        self.env = {**os.environ, "DISPLAY": display, "XAUTHORITY": xauthority}

    def _xdotool(self, *args: str) -> str:
        return subprocess.run(["xdotool", *args], env=self.env, capture_output=True, text=True, timeout=30).stdout

    def window(self, title: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self._xdotool("search", "--onlyvisible", "--name", title).split()
            if found:
                return found[-1]
            time.sleep(0.2)
        raise AssertionError(f"no window called {title!r} appeared")

    def press(self, window: str, *keys: str) -> None:
        # A bare X server has no window manager to give a window the keyboard; a desktop does this itself.
        self._xdotool("windowfocus", "--sync", window)
        for key in keys:
            self._xdotool("key", "--delay", "60", key)
            time.sleep(0.08)

    def type(self, window: str, text: str) -> None:
        """Type `text` into the field that has the keyboard in `window`."""
        self._xdotool("windowfocus", "--sync", window)
        self._xdotool("type", "--delay", "60", text)
        time.sleep(0.08)

    def screenshot(self):
        from PIL import ImageGrab

        os.environ["XAUTHORITY"] = self.env["XAUTHORITY"]  # Pillow's XCB connection reads it from here
        return ImageGrab.grab(xdisplay=self.env["DISPLAY"])


def _listening_ports(pids: set[int]) -> dict[int, str]:
    """TCP ports in LISTEN state held open by any of `pids`, with the holder's command line."""
    listening: dict[str, int] = {}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A":  # LISTEN
                listening[fields[9]] = int(fields[1].rsplit(":", 1)[1], 16)
    found: dict[int, str] = {}
    for pid in pids:
        try:
            links = [os.readlink(fd) for fd in Path(f"/proc/{pid}/fd").iterdir()]
        except OSError:
            continue
        for link in links:
            inode = link[len("socket:["):-1] if link.startswith("socket:[") else ""
            if inode in listening:
                found[listening[inode]] = _command_line(pid)[:120]
    return found


def _workstation_pid(root: int, timeout: float = 30) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for pid in _descendants(root):
            if "rvr-desktop --mode practice" in _command_line(pid):
                return pid
        time.sleep(0.2)
    raise AssertionError("the workstation's process did not appear")


def _environment_of(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes()
    return dict(item.split("=", 1) for item in raw.decode(errors="replace").split("\0") if "=" in item)


def _safety_keys() -> list[str]:
    """Each question's safe answer, by keyboard: arrows to it within its row, Space, then Tab on past the note."""
    case = new_case(policy_for(Settings(Mode.PRACTICE, Path("/nonexistent"), "practice:x")), datetime.now(UTC))
    keys: list[str] = []
    for key in case.safety.asked:
        keys += ["Right"] * ANSWERS.index(ALL_QUESTIONS[key].safe_answer) + ["space", "Tab", "Tab"]
    return keys


def _face_pixels(image) -> int:
    """How many pixels are near the face's colour (each channel within 28, after video compression)."""
    from PIL import ImageChops

    masks = [band.point(lambda v, t=target: 255 if abs(v - t) < 28 else 0)
             for band, target in zip(image.convert("RGB").split(), FACE)]
    both = ImageChops.multiply(ImageChops.multiply(masks[0], masks[1]), masks[2])
    return both.histogram()[255]


@contextmanager
def practice_call(tmp_path: Path):
    """The README's command, through a practice scenario to a connected call; yields (workstation pid, run's
    processes, its standard error, the keyboard), and kills whatever is left at the end."""
    for tool in ("xdotool", "xvfb-run", "dbus-run-session"):
        if shutil.which(tool) is None:
            pytest.fail(f"this test needs {tool}; installer/setup test installs it")
    env = {k: v for k, v in os.environ.items() if k not in NOT_A_USERS}
    stderr_path = tmp_path / "stderr.txt"
    with stderr_path.open("w") as stderr:
        run = subprocess.Popen(README_COMMAND, cwd=REPO, env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True)
    log = StderrLog(stderr_path)
    seen: set[int] = set()
    try:
        log.wait_for("outbox worker started against the practice records server", timeout=300)
        workstation = _workstation_pid(run.pid)
        assert os.geteuid() == 0, "this test is about running as root, as these machines do"
        log_text = log.text()
        assert "running as root: Chromium's sandbox is turned off" in log_text
        assert "QTWEBENGINE_CHROMIUM_FLAGS was already set" not in log_text
        there = _environment_of(workstation)
        keyboard = Keyboard(there["DISPLAY"], there.get("XAUTHORITY", ""))
        main = keyboard.window("RVR Desktop — PRACTICE")
        keyboard.press(main, "ctrl+shift+n")
        keyboard.press(keyboard.window("Start a practice scenario"), "Return")
        # The trainee says who they are (the first on this workstation: nothing filled in), Tab from field to field.
        form = keyboard.window("Who is doing this run?")
        keyboard.type(form, "Jo Bloggs")
        keyboard.press(form, "Tab")
        keyboard.type(form, "PC")
        keyboard.press(form, "Tab")
        keyboard.type(form, "1234")
        keyboard.press(form, "Return")
        log.wait_for("case opened in the case view")
        keyboard.press(main, *_safety_keys())
        keyboard.press(main, "ctrl+Next")  # the link step, whose first control sends the link
        keyboard.press(main, "space")
        log.wait_for("caller's link made")
        log.wait_for("simulated caller joined the call", timeout=60)
        seen |= _descendants(run.pid)
        keyboard.press(main, "ctrl+Next")  # the video step: the officer's view joins the call
        log.wait_for("the call is connected", timeout=60)
        log.wait_for("the caller's picture is showing in the officer's view", timeout=60)
        seen |= _descendants(run.pid)
        yield workstation, run, seen, log, keyboard
    finally:
        seen |= _descendants(run.pid) if _alive(run.pid) else set()
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
        run.wait(timeout=30)
        for pid in seen:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


def _left_after(seen: set[int], seconds: float) -> list[str]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(_alive(pid) for pid in seen):
        time.sleep(0.1)
    return [f"{pid}: {_command_line(pid)[:160]}" for pid in sorted(seen) if _alive(pid)]


def test_the_readme_practice_command_shows_the_caller_without_a_camera_and_sigterm_leaves_nothing(tmp_path):
    with practice_call(tmp_path) as (workstation, run, seen, log, keyboard):
        # The caller's frames are painted in the officer's view: the simulated caller's face, in colour.
        deadline = time.monotonic() + 20
        while _face_pixels(keyboard.screenshot()) < 400 and time.monotonic() < deadline:
            time.sleep(0.5)
        picture = keyboard.screenshot()
        picture.save(tmp_path / "officer-view.png")
        assert _face_pixels(picture) >= 400, f"no caller's face in the window; see {tmp_path / 'officer-view.png'}"
        assert any("link-service" in _command_line(pid) for pid in seen)
        # The simulated caller's Chromium is driven over a pipe, with no WebDriver in between: no port another
        # local user could take the browser (and its working link) over by. Only the practice services listen.
        browsers = {pid for pid in seen if "/chromium/chromium" in _command_line(pid)}
        assert browsers and not any("chromedriver" in _command_line(pid) for pid in seen)
        listeners = _listening_ports(seen).values()
        assert all("link-service" in c or "records-server" in c for c in listeners), listeners

        # SIGTERM closes the window (saving the draft), leaves the call and stops everything within 3 s.
        os.kill(workstation, signal.SIGTERM)
        left = _left_after(seen, 3)
        assert left == [], "left running 3 s after SIGTERM:\n" + "\n".join(left)
        assert run.wait(timeout=10) == 0
        assert "workstation closed" in log.text()


def test_killing_the_workstation_outright_leaves_no_process_of_the_run(tmp_path):
    with practice_call(tmp_path) as (workstation, run, seen, _log, _keyboard):
        os.kill(workstation, signal.SIGKILL)
        left = _left_after(seen, 5)
        assert left == [], "left running 5 s after SIGKILL:\n" + "\n".join(left)
