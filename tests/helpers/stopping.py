"""Stopping a server a test started: asked to stop, and killed if it has not within `grace` seconds."""

from __future__ import annotations

import subprocess


def stop(process: subprocess.Popen, grace: float = 10) -> None:
    process.terminate()
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)
