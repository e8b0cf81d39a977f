"""The call pane's flags, heard: two short sounds of the product's own.

The desktop's bell (`QApplication.beep`) is silenced on most Linux desktops,
so an officer typing the account did not hear that the suspect came back.
The pane plays one of two sounds through the desktop's sound server instead:

- `Chime.JOINED`, two notes going up: someone came into the call;
- `Chime.URGENT`, three quick high beeps: someone left, the caller left
  quickly, or the trainer set something off.

They are WAV files under `resources/sounds/` (made by
`tools/make_alert_sounds.py`): QSoundEffect plays uncompressed PCM from
memory with low latency, where a compressed file would go through a decoder
first. Each is loaded once, when the pane is made; QSoundEffect reads it on a
thread of its own, and `play()` only starts it, so nothing waits while the
officer types.

On a machine with no sound output at all the banner and the window's title
still carry the news: the log says once that there is no sound device, and
the desktop's bell rings in case it is not silenced.
"""

from __future__ import annotations

import functools
import logging
from enum import Enum
from typing import TYPE_CHECKING

from rvr_desktop.qt import QtCore, QtWidgets, multimedia_module
from rvr_desktop.workflow.shipped_files import default_resources_dir

if TYPE_CHECKING:
    from rvr_desktop.qt import QSoundEffect

log = logging.getLogger(__name__)


class Chime(Enum):
    """What the officer hears, by what happened; the value is the file under resources/sounds/."""

    JOINED = "call-joined.wav"
    URGENT = "call-urgent.wav"


class AlertSound(QtCore.QObject):
    """The chimes of one call pane, ready to play from the moment the pane is made."""

    def __init__(self, parent: QtCore.QObject | None = None):
        super().__init__(parent)
        multimedia = multimedia_module()
        self._effects: dict[Chime, QSoundEffect] = {}
        if not multimedia.QMediaDevices.audioOutputs():
            # Made anyway, QSoundEffect would only warn on every alert that it cannot play.
            _no_sound_device()
            return
        sounds = default_resources_dir() / "sounds"
        for chime in Chime:
            effect = multimedia.QSoundEffect(self)
            effect.setSource(QtCore.QUrl.fromLocalFile(str(sounds / chime.value)))
            self._effects[chime] = effect

    def play(self, chime: Chime) -> None:
        """Start `chime` and return at once."""
        effect = self._effects.get(chime)
        if effect is None or effect.status() is effect.Status.Error:
            QtWidgets.QApplication.beep()
            return
        effect.play()  # still loading, it plays as soon as it is loaded

    @property
    def sounding(self) -> bool:
        """Whether a chime is being played now."""
        return any(effect.isPlaying() for effect in self._effects.values())


@functools.cache  # once a run: every alert after the first would only repeat it
def _no_sound_device() -> None:
    log.warning("no sound device: the call's alerts are shown but not heard (the desktop's bell is rung instead)")
