"""Drafts are saved as the officer types, at most a moment behind."""

from __future__ import annotations

import time

from rvr_desktop.qt import QtWidgets
from rvr_desktop.store.case_store import CaseStore
from rvr_desktop.store.cases import CaseHeadline
from rvr_desktop.ui.draft_saver import SAVE_DELAY_MS, DraftSaver
from tests.gui.typing_in_any_script import type_text

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


def _saver_failing_with(qtbot, practice, store_thread, monkeypatch, error):
    from rvr_desktop.store.cases import CaseRepository

    store_thread.open(practice.data_dir, practice.officer).result()
    case_id = store_thread.submit(lambda s: s.cases.create({}, CaseHeadline("INC-8", "", "draft"))).result().case_id
    attempts = []

    def failing(*_args, **_kw):
        attempts.append(1)
        raise error

    monkeypatch.setattr(CaseRepository, "save_draft", failing)
    saver = DraftSaver(store_thread, case_id, lambda: ({"narrative": "words"}, CaseHeadline("INC-8", "", "draft")))
    states = []
    saver.state_changed.connect(states.append)
    saver.mark_changed()
    qtbot.waitUntil(lambda: bool(attempts) and states[-1].startswith("Not saved"), timeout=3000)
    return saver, case_id, attempts, states


def test_a_full_disk_is_retried_and_says_what_to_do(qtbot, practice, store_thread, monkeypatch):
    import errno

    saver, _case_id, attempts, states = _saver_failing_with(qtbot, practice, store_thread, monkeypatch,
                                                            OSError(errno.ENOSPC, "No space left on device"))
    assert "the disk holding the data folder is full" in states[-1] and "free some space" in states[-1]
    qtbot.waitUntil(lambda: len(attempts) >= 2, timeout=5000)  # tried again by itself
    assert saver.has_unsaved_changes


def test_a_fault_in_the_program_is_not_retried_until_the_case_is_saved_again(qtbot, practice, store_thread,
                                                                             monkeypatch, caplog):
    saver, case_id, attempts, states = _saver_failing_with(qtbot, practice, store_thread, monkeypatch,
                                                           TypeError("a bug"))
    assert "A fault in RVR Desktop" in states[-1] and "send the log to IT support" in states[-1]
    saver.mark_changed()  # more typing: no timed save while the fault stands
    qtbot.wait(3000)
    assert len(attempts) == 1 and saver.has_unsaved_changes
    assert any(r.exc_info and "fault in the program" in r.getMessage() for r in caplog.records)
    monkeypatch.undo()  # the fault is gone: an explicit save (closing the case, Ctrl+S) works again
    saver.flush().result(timeout=5)
    qtbot.waitUntil(lambda: not saver.has_unsaved_changes, timeout=3000)
    assert _stored_narrative(practice.data_dir, case_id) == "words"


def test_a_save_refused_because_the_case_was_submitted_ends_the_saving_without_a_fault(qtbot, practice,
                                                                                        store_thread, caplog):
    store_thread.open(practice.data_dir, practice.officer).result()
    headline = CaseHeadline("INC-9", "", "draft")

    def submitted_case(s):
        case_id = s.cases.create({"narrative": "as submitted"}, headline).case_id
        s.outbox.submit(case_id, {"narrative": "as submitted"})
        return case_id

    case_id = store_thread.submit(submitted_case).result()
    saver = DraftSaver(store_thread, case_id, lambda: ({"narrative": "typed too late"}, headline))
    states = []
    saver.state_changed.connect(states.append)
    saver.mark_changed()
    qtbot.waitUntil(lambda: saver.case_has_left, timeout=3000)
    assert states[-1].startswith("Submitted") and not saver.has_unsaved_changes
    assert not any(r.levelname == "ERROR" for r in caplog.records)
    saver.mark_changed()  # more typing on a case that has left: nothing is tried
    assert saver.flush() is None and not saver.has_unsaved_changes
    assert _stored_narrative(practice.data_dir, case_id) == "as submitted"
