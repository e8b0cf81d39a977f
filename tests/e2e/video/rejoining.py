"""Whether the officer's page and the caller's are back in their call after the service dropped them: each on
a new connection with the other, with new frames arriving."""

from __future__ import annotations

import time

from tests.helpers.chromium import wait_for

# The page's own connection with `role`, marked so the test can tell a new one from the one before.
MARK_CONNECTION = """
const role = arguments[0];
const pc = window.rvrOfficer ? window.rvrOfficer.peerConnection(role) : window.rvrCaller.page.call.peers.get(role).pc;
window.rvrTestBefore = pc;
"""
BACK_IN_CALL = """
const role = arguments[0];
const entry = window.rvrOfficer ? {pc: window.rvrOfficer.peerConnection(role)}
  : (window.rvrCaller.page.call.peers.get(role) || {});
return Boolean(entry.pc && entry.pc !== window.rvrTestBefore && entry.pc.connectionState === "connected");
"""
FRAMES = "return document.getElementById(arguments[0]).getVideoPlaybackQuality().totalVideoFrames;"


def back_in_call_within(officer, phone, seconds: float, since: float) -> None:
    """Both pages in the call again, each on a new connection with the other, with new frames arriving."""
    for page, other, video in ((officer, "caller", "remote-caller"), (phone, "officer", "remote-officer")):
        wait_for(page, f"(() => {{{BACK_IN_CALL}}})()".replace("arguments[0]", repr(other)),
                 timeout=max(0.1, seconds - (time.monotonic() - since)), what=f"the call back with the {other}")
        frames = page.execute_script(FRAMES, video)
        wait_for(page, f"document.getElementById({video!r}).getVideoPlaybackQuality().totalVideoFrames > {frames}",
                 timeout=5, what=f"new frames from the {other}")


def mark_connections(officer, phone) -> None:
    """Mark each page's present connection with the other, for back_in_call_within to tell a new one."""
    for page, other in ((officer, "caller"), (phone, "officer")):
        page.execute_script(MARK_CONNECTION, other)
