"""The main window with real widgets, the real store and the real keyring."""

from __future__ import annotations

import keyring
import keyring.backends.fail
import pytest

from rvr_desktop.store.case_store import CaseStore
from rvr_desktop.store.cases import CaseHeadline
from rvr_desktop.app import Workstation
from rvr_desktop.ui.main_window import MainWindow
from tests.gui.typing_in_any_script import type_text


@pytest.fixture
def opened(qtbot):
    windows = []

    def open_window(settings) -> MainWindow:
        window = MainWindow(Workstation(settings, services=None))
        qtbot.addWidget(window)
        window.show()
        window.workstation.start()
        windows.append(window)
        return window

    yield open_window
    for window in windows:
        window.workstation.stop()


def test_case_list_shows_stored_cases_and_filters_them(qtbot, practice, opened):
    store = CaseStore(practice.data_dir, "officer")
    store.cases.create({}, CaseHeadline("INC-0001", "Ann Example", "draft"))
    store.cases.create({}, CaseHeadline("INC-0002", "Bartosz Żółć", "escalated"))
    store.cases.create({}, CaseHeadline("INC-0003", "Chidi Example", "submitted"))
    store.close()

    window = opened(practice)
    assert "TRAINING" in window.windowTitle()
    qtbot.waitUntil(lambda: len(window.cases.visible_case_ids()) == 3)
    assert "3 case(s)" in window.store_state.text()

    type_text(qtbot, window.cases.search, "żół")
    assert window.cases.table.model().rowCount() == 1
    assert window.cases.table.model().index(0, 1).data() == "Bartosz Żółć"
    window.cases.search.clear()
    window.cases.status.setCurrentIndex(window.cases.status.findData("submitted"))
    assert [window.cases.table.model().index(r, 0).data() for r in range(window.cases.table.model().rowCount())] \
        == ["INC-0003"]


def test_empty_store_says_so(qtbot, practice, opened):
    window = opened(practice)
    qtbot.waitUntil(lambda: window.workstation.store_ready)
    qtbot.waitUntil(lambda: "0 case(s)" in window.store_state.text())
    assert window.cases.empty.isVisible()
    assert not window.cases.table.isVisible()


@pytest.fixture
def no_keyring():
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    yield
    keyring.set_keyring(previous)


def test_a_store_that_cannot_open_is_explained_without_blocking(qtbot, practice, opened, no_keyring):
    window = opened(practice)
    qtbot.waitUntil(lambda: window.error_box is not None and window.error_box.isVisible())
    assert window.error_box.windowTitle() == "No system keyring is available"
    assert "Nothing was changed" in window.error_box.text()
    assert "What to do:" in window.error_box.text()
    assert "Case store closed" in window.store_state.text()
    assert not window.cases.isEnabled()
    window.error_box.button(window.error_box.StandardButton.Ok).click()
    assert not window.error_box.isVisible()


def test_a_draft_with_one_photo_as_two_exhibits_opens_mended_and_says_so(qtbot, workstation, practice):
    from rvr_desktop.casework.policy_in_force import policy_for
    from rvr_desktop.training.specimen_cases import CaseBuilder, finished_case
    from rvr_desktop.workflow.steps import Step
    from tests.gui.case_steps import keep_case, open_listed_case

    policy = policy_for(practice)
    case = CaseBuilder(policy).done_before(Step.VIDEO)
    case.exhibits = finished_case(policy, [b"one photo", b"one photo"]).exhibits
    keep_case(practice, case)

    window = workstation()
    open_listed_case(qtbot, window, case.case_id)
    qtbot.waitUntil(lambda: window.notice_box is not None and window.notice_box.isVisible())
    assert "JS/2 merged into JS/1" in window.notice_box.text() and "nothing is lost" in window.notice_box.text()
    assert [e.reference for e in window.case_view.session.case.exhibits] == ["JS/1"]


@pytest.mark.parametrize("fault, title", [
    (lambda: _sqlite_error("database is locked", 5), "The case database is busy"),  # SQLITE_BUSY
    (lambda: _sqlite_error("database or disk is full", 13), "The disk is full"),  # SQLITE_FULL
    (lambda: KeyError("payload"), "A fault in RVR Desktop"),  # a bug
])
def test_a_store_error_opening_a_case_leaves_the_list_working(qtbot, workstation, practice, monkeypatch, fault,
                                                              title):
    from rvr_desktop.casework.policy_in_force import policy_for
    from rvr_desktop.store.cases import CaseRepository
    from rvr_desktop.training.specimen_cases import CaseBuilder
    from rvr_desktop.workflow.steps import Step
    from tests.gui.case_steps import keep_case, open_listed_case

    case = CaseBuilder(policy_for(practice)).done_before(Step.LINK)
    keep_case(practice, case)
    window = workstation()
    real_open = CaseRepository.open_case
    monkeypatch.setattr(CaseRepository, "open_case", lambda *_args, **_kw: (_ for _ in ()).throw(fault()))
    open_listed_case(qtbot, window, case.case_id)
    qtbot.waitUntil(lambda: window.error_box is not None and window.error_box.isVisible())
    assert window.error_box.windowTitle() == title
    assert "safe in the encrypted case store" in window.error_box.text() and "What to do:" in window.error_box.text()
    window.error_box.button(window.error_box.StandardButton.Ok).click()
    # The store is still open: the list stays usable, and the case opens once the fault has passed.
    assert window.cases.isEnabled() and window.new_case_button.isEnabled()
    assert "closed" not in window.store_state.text()
    assert window.case_view is None
    monkeypatch.setattr(CaseRepository, "open_case", real_open)
    open_listed_case(qtbot, window, case.case_id)
    qtbot.waitUntil(lambda: window.case_view is not None)


def _sqlite_error(message: str, code: int) -> Exception:
    """An error as SQLCipher raises it, with SQLite's result code."""
    import sqlcipher3.dbapi2 as sqlcipher

    error = sqlcipher.OperationalError(message)
    error.sqlite_errorcode = code
    return error


def test_the_same_fault_is_shown_once_and_logged_each_time(qtbot, workstation, caplog):
    window = workstation()
    for _ in range(3):
        window.store_task_failed(ValueError("a bug"))
    qtbot.waitUntil(lambda: window.error_box is not None and window.error_box.isVisible())
    shown = window.error_box
    shown.button(shown.StandardButton.Ok).click()
    window.store_task_failed(ValueError("a bug again"))
    assert window.error_box is shown and not shown.isVisible()  # no second dialog for the same fault
    faults = [r for r in caplog.records if r.getMessage() == "a fault in a case store task"]
    assert len(faults) == 4 and all(r.exc_info for r in faults)
