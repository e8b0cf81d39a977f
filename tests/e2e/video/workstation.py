"""Opening a stored case in a real workstation window wired to a link service."""

from __future__ import annotations

from rvr_desktop.store.case_store import CaseStore
from rvr_desktop.store.worker import StoreThread
from rvr_desktop.ui.background import when_done
from rvr_desktop.ui.case_session import headline_of
from rvr_desktop.ui.main_window import MainWindow


def open_in_workstation(qtbot, settings, policy, case, link_service):
    """Store `case`, open a main window on the store and `link_service`, and open the case.

    Returns the window, its case view and the store's thread (shut it down after).
    """
    store = CaseStore(settings.data_dir, settings.officer)
    store.cases.create(case.to_dict(), headline_of(case), case.case_id)
    store.close()
    thread = StoreThread()
    window = MainWindow(settings, thread)
    qtbot.addWidget(window)
    window.show()
    when_done(thread.open(settings.data_dir, settings.officer), window.store_opened, window.store_failed)
    window.policy_loaded(policy)
    window.delivery_ready(None, link_service)
    qtbot.waitUntil(lambda: case.case_id in window.cases.visible_case_ids())
    window.open_case(case.case_id)
    qtbot.waitUntil(lambda: window.case_view is not None)
    return window, window.case_view, thread
