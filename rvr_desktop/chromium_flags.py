"""QtWebEngine's Chromium flags, chosen by the workstation itself.

As qutebrowser's `config/qtargs.py` does, the program owns this part of its
environment: Chromium refuses to start as root with its sandbox on (and the
whole workstation exits with it when the first web view is made), so the
sandbox is turned off only then, with one warning in the log. Flags a user
or administrator already put in QTWEBENGINE_CHROMIUM_FLAGS are kept, and
logged, because someone meant them.

QtWebEngine reads the variable once per process, when its first profile is
made. So `prepare_web_engine` must run before that, and a second call that
asks for different flags is refused rather than silently ignored: in one
process (the workstation, or one pytest session) every video view has the
same camera. Tests that need the real "no camera" behaviour run the
workstation as a separate process; tests that need a picture ask for the
product's own fake camera (`--fake-camera`) through `Settings`.

Imports nothing from Qt: the composition root calls it before Qt starts.
"""

from __future__ import annotations

import logging
import os
import shlex
import sys

log = logging.getLogger(__name__)

VARIABLE = "QTWEBENGINE_CHROMIUM_FLAGS"
NO_SANDBOX = "--no-sandbox"
# Chromium's generated picture and tone in place of a camera and microphone.
FAKE_CAMERA = "--use-fake-device-for-media-stream"


class WebEngineAlreadyStarted(RuntimeError):
    """QtWebEngine's flags were fixed earlier in this process with a different camera choice."""


def chromium_flags(inherited: str, *, running_as_root: bool, fake_camera: bool) -> list[str]:
    """The flags QtWebEngine gets: whatever was inherited, then ours (each once)."""
    flags = shlex.split(inherited)
    if running_as_root:
        flags.append(NO_SANDBOX)
    if fake_camera:
        flags.append(FAKE_CAMERA)
    return list(dict.fromkeys(flags))


_applied: tuple[bool, str] | None = None  # (fake camera asked for, the variable's value set)


def _running_as_root() -> bool:
    return sys.platform.startswith("linux") and os.geteuid() == 0


def prepare_web_engine(fake_camera: bool = False) -> str:
    """Set QTWEBENGINE_CHROMIUM_FLAGS for this process, before the first web view; returns the value.

    Calling it again with the same choice does nothing; with another choice,
    once set, it raises WebEngineAlreadyStarted.
    """
    global _applied
    if _applied is not None:
        if _applied[0] != fake_camera:
            raise WebEngineAlreadyStarted(
                f"QtWebEngine's flags were already set in this process with the fake camera "
                f"{'on' if _applied[0] else 'off'}; they cannot change until the program restarts.")
        return _applied[1]
    inherited = os.environ.get(VARIABLE, "")
    if inherited.strip():
        log.warning("%s was already set (%s); those flags are kept", VARIABLE, inherited)
    root = _running_as_root()
    if root:
        log.warning("running as root: Chromium's sandbox is turned off for the video view (%s). Run RVR Desktop "
                    "as an ordinary user where you can.", NO_SANDBOX)
    if fake_camera:
        log.info("practice: the video view uses Chromium's fake camera and microphone")
    value = " ".join(chromium_flags(inherited, running_as_root=root, fake_camera=fake_camera))
    os.environ[VARIABLE] = value
    _applied = (fake_camera, value)
    return value
