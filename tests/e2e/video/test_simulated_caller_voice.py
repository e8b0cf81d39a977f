"""The simulated caller speaks its lines into the call, and the officer hears them.

Real parts throughout: the practice link service, the officer's page in
headless Chromium, the simulated caller (its own headless Chromium, driven
as the workstation drives it) and espeak-ng. The officer's side measures the
sound arriving in the caller's video: quiet before the caller speaks, loud
while they do.
"""

from __future__ import annotations

import time

import pytest

from rvr_desktop.video.caller_voice import speak
from rvr_desktop.video.simulated_caller import SimulatedCaller
from tests.e2e.video.test_video_call import open_officer_page
from tests.helpers.chromium import wait_for

pytestmark = pytest.mark.slow

# Loudness of what reaches the officer's caller video, measured over `ms` milliseconds (root mean square).
LOUDNESS = """
const done = arguments[arguments.length - 1];
const stream = document.getElementById('remote-caller').srcObject;
const context = new AudioContext();
const analyser = context.createAnalyser();
context.createMediaStreamSource(stream).connect(analyser);
const samples = new Float32Array(analyser.fftSize);
let loudest = 0;
const started = performance.now();
(function listen() {
  analyser.getFloatTimeDomainData(samples);
  const rms = Math.sqrt(samples.reduce((sum, s) => sum + s * s, 0) / samples.length);
  loudest = Math.max(loudest, rms);
  if (performance.now() - started < arguments_ms) setTimeout(listen, 20); else { context.close(); done(loudest); }
})();
"""


def loudness(officer, ms: int) -> float:
    officer.set_script_timeout(ms / 1000 + 10)
    return officer.execute_async_script(LOUDNESS.replace("arguments_ms", str(ms)))


def test_the_officer_hears_the_simulated_caller_say_its_line(link_service, officer_api, browsers):
    session, officer = open_officer_page(browsers, officer_api, "CASE-VOICE-1")
    invitation = officer_api.invite(session.session_id, "caller")
    caller = SimulatedCaller()
    try:
        caller.join(invitation.url)
        assert caller.joined.is_set(), caller.problem
        wait_for(officer, "document.getElementById('remote-caller').srcObject && "
                          "document.getElementById('remote-caller').srcObject.getAudioTracks().length > 0",
                 timeout=30, what="the caller's sound in the officer's page")
        quiet = loudness(officer, 1500)
        seconds = caller.say(speak("Hello? Oh, I can see you. Sorry, I've never done one of these before.",
                                   "English"))
        assert seconds > 1
        time.sleep(0.3)
        speaking = loudness(officer, 1500)
    finally:
        caller.hang_up()
    # Chromium's fake microphone would beep here; the simulated caller's is silent until it speaks.
    assert quiet < 0.01, quiet
    assert speaking > 0.05, (quiet, speaking)
