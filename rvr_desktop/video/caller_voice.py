"""The simulated caller's voice: a script line spoken, offline, by espeak-ng.

A trainee practising alone should hear the caller answer in the call, not
only read the answer in the panel. espeak-ng is a small speech synthesiser
from the operating system (Debian's `espeak-ng`); it needs no network and
speaks the caller's own language, so a Polish caller answers in Polish and
the trainee has to bring in the interpreter. Stage directions in the script,
such as "(whispering)", are not read out; a whispered line is whispered.
A line the caller signs has no voice.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess

ESPEAK = os.environ.get("RVR_ESPEAK", "/usr/bin/espeak-ng")
SPEAK_SECONDS = 20
# The scenario's language, as its file names it, to espeak-ng's voice. ("en" is British English; a regional
# name such as "en-gb" would also do, but variants like "+whisper" only apply to the short names.)
VOICES = {"english": "en", "polish": "pl", "welsh": "cy", "urdu": "ur", "bengali": "bn", "punjabi": "pa",
          "romanian": "ro", "lithuanian": "lt", "portuguese": "pt", "spanish": "es", "french": "fr",
          "arabic": "ar", "turkish": "tr", "somali": "so", "tamil": "ta", "gujarati": "gu", "hindi": "hi"}
_DIRECTION = re.compile(r"^\s*\(([^)]*)\)\s*")


class VoiceUnavailable(RuntimeError):
    """espeak-ng is missing or failed; the message says how to mend it. The captions still work."""


def voice_for(language: str) -> str | None:
    """espeak-ng's voice for a scenario's language; None for a signed language or one it cannot speak."""
    name = language.strip().lower()
    if "sign" in name:
        return None
    return VOICES.get(name.split()[0] if name else "english")


def spoken_words(line: str) -> tuple[str, bool]:
    """The words to say, without a leading stage direction, and whether the direction asks for a whisper."""
    direction = _DIRECTION.match(line)
    if direction is None:
        return line.strip(), False
    return line[direction.end():].strip(), "whisper" in direction.group(1).lower()


def speak(line: str, language: str) -> bytes:
    """`line` spoken as a WAV file; empty bytes when there is nothing to say in a voice."""
    voice = voice_for(language)
    words, whispered = spoken_words(line)
    if voice is None or not words:
        return b""
    if not shutil.which(ESPEAK):
        raise VoiceUnavailable(f"The simulated caller's voice needs {ESPEAK}, which is not installed. Run "
                               "installer/setup (it installs Debian's espeak-ng); meanwhile read the caller's "
                               "words in the training panel.")
    # "--" so that a line starting with a dash is never read as an option.
    command = [ESPEAK, "-v", f"{voice}+whisper" if whispered else voice, "-s", "150", "--stdout", "--", words]
    try:
        done = subprocess.run(command, capture_output=True, timeout=SPEAK_SECONDS, check=True)
    except (subprocess.SubprocessError, OSError) as exc:
        raise VoiceUnavailable(f"The simulated caller could not speak ({type(exc).__name__}); read the caller's "
                               "words in the training panel.") from None
    return _with_true_sizes(done.stdout)


def _with_true_sizes(wav: bytes) -> bytes:
    """espeak-ng streams to standard output, so its header gives the largest sizes rather than the real ones;
    a strict reader (Python's `wave`, some browsers) wants the real ones."""
    data = wav.find(b"data", 12)
    if not wav.startswith(b"RIFF") or data < 0:
        raise VoiceUnavailable("The simulated caller's voice came out damaged; read the caller's words in the "
                               "training panel.")
    body = len(wav) - (data + 8)
    return (wav[:4] + struct.pack("<I", len(wav) - 8) + wav[8:data + 4] + struct.pack("<I", body)
            + wav[data + 8:])
