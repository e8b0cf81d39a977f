"""The call pane's alert is heard, not only seen: an officer typing the account hears someone join.

A PulseAudio server of the test's own stands for the desktop's: its socket where a desktop session has it
($XDG_RUNTIME_DIR/pulse/native) and, as its only output, a null sink whose monitor `parec` records. The
workstation runs in a fresh process (call_alerts_in_a_fresh_process.py: Qt picks its sound output once a
process) given that runtime folder and nothing else about sound. The recording must hold the joined chime:
its two notes, rising.
"""

from __future__ import annotations

import array
import math
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO

INSIDE = Path(__file__).with_name("call_alerts_in_a_fresh_process.py")
SINK = "rvr_test"
RATE = 44_100
FRAME = RATE // 50  # 20 ms: shorter than either note of the chime
# The chime's notes (tools/make_alert_sounds.py) and the urgent beep's, which must not be what is heard.
LOW, HIGH, URGENT = 659.3, 880.0, 1046.5
QUIET = 300  # RMS, of 32767: above the null sink's digital silence, far below the chime (about 8000)


def _run_inside(test: str, env: dict[str, str]) -> None:
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"{INSIDE}::{test}"],
                            cwd=REPO, env=env, capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


@pytest.fixture
def desktop_sound(tmp_path):
    """A PulseAudio server at a fresh runtime folder's standard place; the environment of a session with it."""
    if shutil.which("pulseaudio") is None or shutil.which("parec") is None:
        pytest.fail("this test needs pulseaudio and parec; installer/setup test installs them")
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime)}
    env.pop("PULSE_SERVER", None)
    # -n: none of the machine's own configuration (sound cards, X11, D-Bus). As root PulseAudio warns but runs
    # as a user's would; --system would put its socket under /var/run/pulse, where no session looks.
    log = (tmp_path / "pulseaudio.txt").open("w")
    server = subprocess.Popen(["pulseaudio", "--daemonize=no", "--exit-idle-time=-1", "-n", "--use-pid-file=no",
                               f"--load=module-null-sink sink_name={SINK}", "--load=module-native-protocol-unix"],
                              env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 20
        while subprocess.run(["pactl", "info"], env=env, capture_output=True).returncode != 0:
            assert server.poll() is None and time.monotonic() < deadline, (tmp_path / "pulseaudio.txt").read_text()
            time.sleep(0.1)
        yield env
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


def _goertzel(frame: array.array, frequency: float) -> float:
    """How strongly `frequency` sounds in `frame` (the magnitude of that one bin of its spectrum)."""
    coefficient = 2 * math.cos(2 * math.pi * frequency / RATE)
    before = earlier = 0.0
    for sample in frame:
        before, earlier = sample + coefficient * before - earlier, before
    return math.sqrt(max(0.0, before * before + earlier * earlier - coefficient * before * earlier))


def _notes_heard(recording: array.array) -> list[float]:
    """The loudest of the chimes' notes in each loud 20 ms of the recording, repeats run together."""
    heard: list[float] = []
    for start in range(0, len(recording) - FRAME, FRAME):
        frame = recording[start:start + FRAME]
        if math.sqrt(sum(s * s for s in frame) / FRAME) < QUIET:
            continue
        note = max((LOW, HIGH, URGENT), key=lambda hz: _goertzel(frame, hz))
        if not heard or heard[-1] != note:
            heard.append(note)
    return heard


@pytest.mark.slow
def test_someone_joining_is_heard_through_the_desktops_sound_server(desktop_sound, tmp_path):
    recorded = tmp_path / "speaker.raw"
    with recorded.open("wb") as out:
        recorder = subprocess.Popen(["parec", f"--device={SINK}.monitor", "--raw", "--format=s16le",
                                     f"--rate={RATE}", "--channels=1"], env=desktop_sound, stdout=out)
        try:
            _run_inside("test_someone_joining_plays_the_joined_chime", desktop_sound)
            time.sleep(0.5)  # what the server still holds in its buffers
        finally:
            recorder.terminate()
            recorder.wait(timeout=20)
    recording = array.array("h", recorded.read_bytes())
    assert len(recording) > RATE, "parec recorded under a second: it did not follow the whole run"
    loudest = max(map(abs, recording), default=0)
    assert loudest > 10 * QUIET, f"the speaker stayed silent (loudest sample {loudest})"
    assert _notes_heard(recording) == [LOW, HIGH], "not the joined chime's two rising notes"


@pytest.mark.slow
def test_without_a_sound_device_the_flags_still_show(tmp_path):
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    # A session whose sound server is not running; naming its socket also keeps libpulse from starting one.
    _run_inside("test_without_a_sound_device_the_flags_still_show_and_the_log_says_so_once",
                {**os.environ, "XDG_RUNTIME_DIR": str(runtime), "PULSE_SERVER": f"unix:{runtime}/pulse/native"})
