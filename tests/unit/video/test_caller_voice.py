"""The simulated caller's voice: the script's lines spoken by espeak-ng in the caller's language."""

from __future__ import annotations

import io
import wave

import pytest

from rvr_desktop.video import caller_voice
from rvr_desktop.video.caller_voice import VoiceUnavailable, speak, spoken_words, voice_for


def _seconds(wav: bytes) -> float:
    with wave.open(io.BytesIO(wav)) as sound:
        return sound.getnframes() / sound.getframerate()


def test_a_line_is_spoken_as_a_wav_in_the_callers_language():
    english = speak("Yes, I'm at home. I've locked the door.", "English")
    polish = speak("Tak, jestem u sąsiadki. Tu jestem bezpieczna.", "Polish")
    assert 1 < _seconds(english) < 10 and 1 < _seconds(polish) < 10


def test_stage_directions_are_not_read_out_and_a_whisper_is_whispered():
    assert spoken_words("(whispering) That's his car.") == ("That's his car.", True)
    assert spoken_words("(crying) He hit me.") == ("He hit me.", False)
    assert spoken_words("No.") == ("No.", False)
    assert speak("(whispering) That's his car.", "English") != speak("That's his car.", "English")


def test_a_signed_language_has_no_voice_and_an_unknown_one_is_not_guessed():
    assert voice_for("British Sign Language") is None
    assert speak("[signing] Hello.", "British Sign Language") == b""
    assert voice_for("Klingon") is None
    assert voice_for("Polish") == "pl" and voice_for("English") == "en"  # espeak-ng's "en" is British


def test_a_line_that_looks_like_an_option_is_still_only_words():
    assert _seconds(speak("--version", "English")) > 0.3


def test_without_espeak_the_trainee_is_told_and_the_captions_carry_on(monkeypatch, tmp_path):
    monkeypatch.setattr(caller_voice, "ESPEAK", str(tmp_path / "espeak-ng"))
    with pytest.raises(VoiceUnavailable, match="installer/setup.*training panel"):
        speak("Hello?", "English")
