"""Drafts are saved as the officer types, at most a moment behind."""

from __future__ import annotations

import time

from rvr_desktop.qt import QtWidgets
from rvr_desktop.store.case_store import CaseStore
from rvr_desktop.store.cases import CaseHeadline
from rvr_desktop.ui.draft_saver import SAVE_DELAY_MS, DraftSaver
from tests.gui.typing import type_text

TEXT = "He took my phone and said 🙂 مرحبا Łódź. "


def _stored_narrative(folder, case_id):
    store = CaseStore(folder, "reader")
    try:
        return store.cases.open_case(case_id).payload.get("narrative")
    finally:
        store.close()


def test_typing_is_saved_within_a_second_and_on_flush(qtbot, practice, store_thread):
    store_thread.open(practice.data_dir, practice.officer).result()
    case_id = store_thread.submit(lambda s: s.cases.create({}, CaseHeadline("INC-7", "", "draft"))).result().case_id

    editor = QtWidgets.QPlainTextEdit()
    qtbot.addWidget(editor)
    saver = DraftSaver(store_thread, case_id,
                       lambda: ({"narrative": editor.toPlainText()}, CaseHeadline("INC-7", "", "draft")))
    editor.textChanged.connect(saver.mark_changed)
    states = []
    saver.state_changed.connect(states.append)

    type_text(qtbot, editor, TEXT)
    typed_at = time.monotonic()
    qtbot.waitUntil(lambda: not saver.has_unsaved_changes, timeout=1000)
    assert time.monotonic() - typed_at < 1.0
    assert _stored_narrative(practice.data_dir, case_id) == TEXT
    assert states[0] == "Unsaved changes…" and states[-1].startswith("Saved ")

    # Continuous typing is not postponed: a save lands while keys still arrive.
    saved = []
    saver.saved.connect(saved.append)
    deadline = time.monotonic() + 3 * SAVE_DELAY_MS / 1000
    while time.monotonic() < deadline:
        qtbot.keyClicks(editor, "x")
        qtbot.wait(40)
    assert saved, "no save happened during continuous typing"

    qtbot.keyClicks(editor, " last words")
    future = saver.flush()
    assert future is not None
    future.result(timeout=5)
    assert _stored_narrative(practice.data_dir, case_id).endswith(" last words")
    assert saver.flush() is None  # nothing left to save
