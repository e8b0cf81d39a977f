"""The link service and the workstation's video client stay out of Qt, the windows and the case store."""

from __future__ import annotations

from tests.layering import PACKAGE, imported_modules

FORBIDDEN = ("PySide6", "rvr_desktop.qt", "rvr_desktop.ui", "rvr_desktop.store", "rvr_desktop.app")


def test_the_link_service_and_video_client_import_no_qt_windows_or_store():
    for folder in ("linkservice", "video"):
        for path in (PACKAGE / folder).rglob("*.py"):
            bad = [n for n in imported_modules(path) if n.startswith(FORBIDDEN)]
            assert bad == [], (path.name, bad)
