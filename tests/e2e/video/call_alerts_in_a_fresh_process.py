"""The call pane's alerts, seen in a workstation process of their own; test_call_alerts_heard.py runs these.

Qt chooses its sound output once in a process, so each of these runs in a fresh one, started with the sound
server a desktop would have (or none). Pytest does not collect this file by itself: its name does not start
with test_.
"""

from __future__ import annotations

import logging

from rvr_desktop.qt import QtWidgets
from tests.e2e.video.workstation import open_case_with_the_call_beside


def test_someone_joining_plays_the_joined_chime(qtbot, data_dir, link_service):
    window, view, thread = open_case_with_the_call_beside(qtbot, data_dir, link_service)
    pane = view.call_pane
    try:
        pane.panel.peer_joined.emit("The caller joined the call")  # as the officer's page reports it
        assert "The caller joined the call" in pane.flag_shown
        qtbot.waitUntil(lambda: pane.alert_sound.sounding, timeout=5_000)
        qtbot.waitUntil(lambda: not pane.alert_sound.sounding, timeout=5_000)
    finally:
        view.close_case()
        window.close()
        thread.shutdown()


def test_without_a_sound_device_the_flags_still_show_and_the_log_says_so_once(qtbot, data_dir, link_service,
                                                                              caplog, monkeypatch):
    bells = []
    monkeypatch.setattr(QtWidgets.QApplication, "beep", lambda: bells.append("bell"))
    caplog.set_level(logging.WARNING, logger="rvr_desktop.ui.alert_sound")
    window, view, thread = open_case_with_the_call_beside(qtbot, data_dir, link_service)
    pane = view.call_pane
    try:
        pane.panel.peer_joined.emit("The caller joined the call")
        assert "The caller joined the call" in pane.flag_shown and not pane.alert_sound.sounding
        pane.panel.peer_left.emit("The caller left the call")
        assert "The caller left the call" in pane.flag_shown and not pane.alert_sound.sounding
        assert bells == ["bell", "bell"]
        said = [record.getMessage() for record in caplog.records if record.name == "rvr_desktop.ui.alert_sound"]
        assert len(said) == 1 and said[0].startswith("no sound device"), said
    finally:
        view.close_case()
        window.close()
        thread.shutdown()
