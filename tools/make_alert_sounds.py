"""Write the call pane's two alert sounds into rvr_desktop/resources/sounds/.

Run it again only to change a sound: `python tools/make_alert_sounds.py`. The
files it writes are committed, so the product never makes them at run time.

Why WAV: QSoundEffect, which plays them, wants uncompressed PCM and plays it
with low latency from memory; a compressed file would go through a decoder
and start later. Each file is a fraction of a second, so size does not matter.

- call-joined.wav: two notes going up (E5 then A5), "someone is here";
- call-urgent.wav: three short, higher beeps, "look now": someone left, the
  caller left quickly, or the trainer set something off.
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 44_100  # samples a second: what every sound card plays without resampling
LOUDNESS = 0.5  # of full scale: clear over typing, with room to spare before clipping
RAMP = 0.008  # seconds of fade at each end of a note: a note cut off sharply clicks

# (frequency in Hz, or 0 for silence; seconds)
JOINED = ((659.3, 0.14), (0, 0.03), (880.0, 0.22))
URGENT = ((1046.5, 0.09), (0, 0.05), (1046.5, 0.09), (0, 0.05), (1046.5, 0.09))

SOUNDS = Path(__file__).resolve().parents[1] / "rvr_desktop" / "resources" / "sounds"


def _note(frequency: float, seconds: float) -> list[float]:
    count = round(seconds * RATE)
    ramp = round(RAMP * RATE)
    samples = []
    for i in range(count):
        if frequency == 0:
            samples.append(0.0)
            continue
        envelope = min(1.0, i / ramp, (count - 1 - i) / ramp)
        moment = i / RATE
        # A little of the octave above makes the note carry on small laptop speakers.
        tone = math.sin(2 * math.pi * frequency * moment) + 0.25 * math.sin(4 * math.pi * frequency * moment)
        samples.append(envelope * tone / 1.25)
    return samples


def write(path: Path, notes: tuple[tuple[float, float], ...]) -> None:
    samples = [sample for frequency, seconds in notes for sample in _note(frequency, seconds)]
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)  # 16-bit signed PCM
        out.setframerate(RATE)
        out.writeframes(b"".join(struct.pack("<h", round(s * LOUDNESS * 32767)) for s in samples))


def main() -> None:
    SOUNDS.mkdir(parents=True, exist_ok=True)
    write(SOUNDS / "call-joined.wav", JOINED)
    write(SOUNDS / "call-urgent.wav", URGENT)


if __name__ == "__main__":
    main()
