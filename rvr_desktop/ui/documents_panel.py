"""The case's documents: made in the background, kept encrypted, previewed here.

A document leaves the workstation only through "Export", which asks who
receives it and why, and records that as a disclosure in the audit log.
What is made, kept and disclosed, and what the officer is told about it, is
decided in `casework.documents`; this panel shows it.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rvr_desktop.casework.documents import (
    completed_from_store, documents_failed_words, export_document, export_failed_words, export_problem, keep_documents, kept_documents,
    kept_words, order_documents,
)
from rvr_desktop.qt import QtCore, QtWidgets, Qt, pdf_modules
from rvr_desktop.ui.background import run_in_background, when_done
from rvr_desktop.ui.case_session import CaseSession
from rvr_desktop.ui.form import show_message

if TYPE_CHECKING:
    from rvr_desktop.qt import QPdfDocument, QPdfView

log = logging.getLogger(__name__)


class DocumentsPanel(QtWidgets.QWidget):
    """Make, preview and export the documents of the open case."""

    def __init__(self, session: CaseSession, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.make_button = QtWidgets.QPushButton("Make the documents from the case as it is now")
        self.make_button.setAccessibleName("Make the documents")
        self.state = QtWidgets.QLabel()
        self.state.setWordWrap(True)
        self.state.setAccessibleName("Documents state")
        self.list = QtWidgets.QListWidget()
        self.list.setAccessibleName("Documents")
        self.list.setMaximumWidth(360)
        self.preview = QtWidgets.QStackedWidget()
        self.no_preview = QtWidgets.QLabel("Choose a document to see it here.")
        self.no_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.addWidget(self.no_preview)
        # Made at the first preview: QtPdf loads only when a document is first shown.
        self.pdf_view: QPdfView | None = None
        self._pdf: QPdfDocument | None = None
        self._buffer: QtCore.QBuffer | None = None

        self.recipient = QtWidgets.QLineEdit(placeholderText="e.g. MARAC coordinator, Example Council")
        self.recipient.setAccessibleName("Who receives it")
        self.reason = QtWidgets.QLineEdit(placeholderText="e.g. referral agreed with the victim")
        self.reason.setAccessibleName("Why it is disclosed")
        self.export_button = QtWidgets.QPushButton("Export the chosen document…")
        self.export_button.setAccessibleName("Export the chosen document")
        self.export_message = QtWidgets.QLabel()
        self.export_message.setObjectName("fieldMessage")
        self.export_message.setWordWrap(True)
        self.export_message.hide()
        export = QtWidgets.QFormLayout()
        export.addRow("Who receives it", self.recipient)
        export.addRow("Why it is disclosed", self.reason)
        export.addRow(self.export_button)
        export.addRow(self.export_message)

        left = QtWidgets.QVBoxLayout()
        left.addWidget(self.make_button)
        left.addWidget(self.state)
        left.addWidget(self.list, 1)
        left.addLayout(export)
        layout = QtWidgets.QHBoxLayout(self)
        layout.addLayout(left)
        layout.addWidget(self.preview, 1)

        self.make_button.clicked.connect(self.make)
        self.list.currentItemChanged.connect(lambda item, _old: self._show(item))
        self.export_button.clicked.connect(self._choose_file)
        self.export_dialog: QtWidgets.QFileDialog | None = None

    # -- listing and making -----------------------------------------------------

    def refresh(self) -> None:
        case_id = self.session.store_id
        when_done(self.session.store.submit(lambda s: kept_documents(s, case_id)), self._list, self._failed)

    def _list(self, files) -> None:
        self.list.clear()
        for file in files:
            made = self.session.on_case_clock(datetime.fromisoformat(file.created_utc)).astimezone(self.session.policy.zone)
            item = QtWidgets.QListWidgetItem(f"{file.name} — {made:%d/%m/%Y %H:%M}")
            item.setData(Qt.ItemDataRole.UserRole, file.file_id)
            item.setData(Qt.ItemDataRole.UserRole + 1, file)
            self.list.addItem(item)
        self.state.setText(kept_words(files))

    def make(self) -> None:
        """Make every document the case calls for, from a snapshot of it."""
        self.session.saver.flush()
        session, settings = self.session, self.session.settings
        order = order_documents(session.case, session.policy, settings.profile, training=settings.is_training,
                                made_at=session.now())
        self.make_button.setEnabled(False)
        self.state.setText("Making the documents…")
        # The outbox says how far a submitted case has gone (the exhibit list's last continuity event), and the
        # audit log which referrals have been exported (the case summary's "sent").
        store_id = session.store_id
        when_done(session.store.submit(lambda store: completed_from_store(order, store, store_id)),
                  lambda ready: when_done(run_in_background(ready.make), self._keep, self._failed), self._failed)

    def _keep(self, documents) -> None:
        case_id = self.session.store_id
        when_done(self.session.store.submit(lambda s: keep_documents(s, case_id, documents)),
                  lambda files: self._made(len(files)), self._failed)

    def _made(self, count: int) -> None:
        self.make_button.setEnabled(True)
        log.info("made %d documents for a case", count)
        self.refresh()

    def _failed(self, error: BaseException) -> None:
        self.make_button.setEnabled(True)
        log.error("documents: %s", type(error).__name__)
        self.state.setText(documents_failed_words(error))

    # -- preview -------------------------------------------------------------------

    def _show(self, item: QtWidgets.QListWidgetItem | None) -> None:
        if item is None:
            self.preview.setCurrentWidget(self.no_preview)
            return
        file_id = item.data(Qt.ItemDataRole.UserRole)
        when_done(self.session.store.submit(lambda s: s.files.get(file_id, justification="officer previewed")),
                  lambda found: self._preview(found[1]), self._failed)

    def _preview(self, pdf: bytes) -> None:
        QtPdf, QtPdfWidgets = pdf_modules()
        document, view = self._pdf, self.pdf_view
        if document is None or view is None:
            document = QtPdf.QPdfDocument(self)
            view = QtPdfWidgets.QPdfView()
            view.setAccessibleName("Document preview")
            view.setDocument(document)
            view.setPageMode(QtPdfWidgets.QPdfView.PageMode.MultiPage)
            view.setZoomMode(QtPdfWidgets.QPdfView.ZoomMode.FitToWidth)
            self.preview.addWidget(view)
            self._pdf, self.pdf_view = document, view
        self._buffer = QtCore.QBuffer(self)
        self._buffer.setData(QtCore.QByteArray(pdf))
        self._buffer.open(QtCore.QIODevice.OpenModeFlag.ReadOnly)
        document.load(self._buffer)
        self.preview.setCurrentWidget(view)

    @property
    def preview_pages(self) -> int:
        return self._pdf.pageCount() if self._pdf is not None else 0

    # -- export --------------------------------------------------------------------------

    def _choose_file(self) -> None:
        item = self.list.currentItem()
        problem = export_problem(item is not None, self.recipient.text(), self.reason.text())
        show_message(self.export_message, problem)
        if problem or item is None:
            return
        self.export_dialog = QtWidgets.QFileDialog(self, "Export the document", str(Path.home()),
                                                   "PDF documents (*.pdf)")
        self.export_dialog.setAcceptMode(QtWidgets.QFileDialog.AcceptMode.AcceptSave)
        self.export_dialog.setOption(QtWidgets.QFileDialog.Option.DontUseNativeDialog)
        self.export_dialog.selectFile(item.text().split(" — ")[0])
        self.export_dialog.fileSelected.connect(lambda path: self.export_to(Path(path)))
        self.export_dialog.open()

    def export_to(self, path: Path) -> None:
        """Write the chosen document to `path`, recorded as a disclosure."""
        file = self.list.currentItem().data(Qt.ItemDataRole.UserRole + 1)
        recipient, reason = self.recipient.text(), self.reason.text()
        done = self.session.store.submit(lambda s: export_document(s, file, path, recipient=recipient, reason=reason))

        def exported(result) -> None:
            show_message(self.export_message, None)
            self.state.setText(result.notice)

        when_done(done, exported, lambda error: show_message(self.export_message, export_failed_words(error)))
