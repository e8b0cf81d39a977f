"""The workstation's main window: the case list, the store's state, the mode."""

from __future__ import annotations

import logging

from rvr_desktop import __version__
from rvr_desktop.qt import QtWidgets, Qt
from rvr_desktop.settings import Settings
from rvr_desktop.store.errors import StoreError
from rvr_desktop.store.worker import StoreThread
from rvr_desktop.ui.background import when_done
from rvr_desktop.ui.case_list import CaseListPanel

log = logging.getLogger(__name__)


class MainWindow(QtWidgets.QMainWindow):
    """Shown at once; fills in when the store has opened on its own thread."""

    def __init__(self, settings: Settings, store: StoreThread):
        super().__init__()
        self.settings = settings
        self.store = store
        self.store_ready = False
        self.error_box: QtWidgets.QMessageBox | None = None
        mark = " — PRACTICE (TRAINING)" if settings.is_training else ""
        self.setWindowTitle(f"RVR Desktop{mark}")
        self.resize(1100, 700)

        self.cases = CaseListPanel()
        central = QtWidgets.QWidget()
        layout = QtWidgets.QVBoxLayout(central)
        if settings.is_training:
            banner = QtWidgets.QLabel("TRAINING — practice mode. Nothing here reaches a live system.")
            banner.setObjectName("trainingBanner")
            banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
            banner.setStyleSheet("background:#1f4e79;color:white;font-weight:bold;padding:4px;")
            layout.addWidget(banner)
        layout.addWidget(self.cases)
        self.setCentralWidget(central)

        self.store_state = QtWidgets.QLabel("Opening the encrypted case store…")
        self.store_state.setAccessibleName("Case store state")
        self.statusBar().addWidget(self.store_state, 1)
        self.statusBar().addPermanentWidget(QtWidgets.QLabel(f"v{__version__}"))
        self.cases.setEnabled(False)

    def store_opened(self, _store) -> None:
        self.store_ready = True
        self.cases.setEnabled(True)
        self.refresh_cases()

    def store_failed(self, error: BaseException) -> None:
        if isinstance(error, StoreError):
            log.error("case store not opened: %s (exit code %d)", type(error).__name__, error.exit_code)
            title, text = error.title, error.message()
        else:
            log.error("case store failed unexpectedly", exc_info=error)
            title = "The case store cannot be used"
            text = (f"An unexpected error stopped the case store ({type(error).__name__}).\n"
                    "Nothing was changed. Run 'rvr-desktop doctor' and send its output and the log to IT support.")
        self.store_ready = False
        self.cases.setEnabled(False)
        self.store_state.setText(f"Case store closed: {title}.")
        # Window-modal and opened, not exec'd: the event loop keeps running.
        self.error_box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Critical, title, text,
                                               QtWidgets.QMessageBox.StandardButton.Ok, self)
        self.error_box.open()

    def refresh_cases(self) -> None:
        when_done(self.store.submit(lambda s: s.cases.list_cases()), self._show_cases, self.store_failed)

    def _show_cases(self, cases) -> None:
        self.cases.show_cases(cases)
        log.info("case list shown: %d cases", len(cases))
        self.store_state.setText(f"Case store open (encrypted) — {len(cases)} case(s)")
