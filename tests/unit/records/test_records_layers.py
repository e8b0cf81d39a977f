"""The records pieces keep to ARCHITECTURE.md's layers."""

from __future__ import annotations

from tests.layering import offenders



def test_the_practice_server_is_a_stand_in_that_knows_nothing_of_the_workstation():
    # It runs as its own process: no windows, no encrypted store, no outbox.
    assert offenders("records_server", ("rvr_desktop.ui", "rvr_desktop.qt", "PySide6", "rvr_desktop.store",
                                         "rvr_desktop.sync.worker", "rvr_desktop.sync.client")) == []


def test_delivery_has_no_qt():
    assert offenders("sync", ("rvr_desktop.ui", "rvr_desktop.qt", "PySide6")) == []
