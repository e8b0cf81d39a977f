"""The case's documents: made from a snapshot, kept encrypted, exported only as a disclosure.

Making the PDFs takes a while, so it runs on the background pool, from a
snapshot taken when the officer asked (`order_documents`); keeping and
exporting them run on the store's thread. A document leaves the workstation
only through `export_document`, which records who receives it and why in the
audit log, in the same transaction as the file is written. No Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rvr_desktop.store.case_files import CaseFile, CaseFileKind
from rvr_desktop.workflow.case import Case
from rvr_desktop.workflow.policy import Policy

if TYPE_CHECKING:
    from rvr_desktop.documents import Document, RecordsDelivery, SentDocument
    from rvr_desktop.settings import OfficerProfile
    from rvr_desktop.store.audit import AuditEntry
    from rvr_desktop.store.case_store import CaseStore
    from rvr_desktop.store.outbox import CaseDelivery

NO_DOCUMENT_CHOSEN = "Choose the document to export first."
SAY_WHO_AND_WHY = "Say who receives it and why: the audit log records every disclosure."


@dataclass(frozen=True)
class DocumentsOrder:
    """What the documents are made from: the case as it was when the officer asked, not as it changes after."""

    case: Case
    policy: Policy
    officer: OfficerProfile
    training: bool
    made_at: datetime
    # Where the submitted case stands in the outbox (None: not submitted): the exhibits' last continuity event.
    delivery: RecordsDelivery | None = None
    # The case's documents exported so far: the case summary's "sent" for each referral.
    sent: tuple[SentDocument, ...] = ()

    def with_delivery(self, delivery: CaseDelivery | None) -> DocumentsOrder:
        """The same order, with the case's place in the outbox as the store read it (on the store's thread)."""
        return replace(self, delivery=records_delivery(delivery))

    def with_sent(self, disclosures: list[AuditEntry], officer_id: str) -> DocumentsOrder:
        """The same order, with the audit log's exports of the case's files; an export by this officer names
        them as the documents do, anyone else's by the identifier the log holds."""
        from rvr_desktop.documents.context import SentDocument

        named = self.officer.describe()
        return replace(self, sent=tuple(
            SentDocument(entry.fields[0] if entry.fields else "", entry.recipient, entry.justification,
                         named if entry.officer == officer_id else entry.officer, datetime.fromisoformat(entry.at_utc))
            for entry in disclosures))

    def make(self) -> list[Document]:
        """Every document the case calls for; run on the background pool, never the GUI thread."""
        # Imported here: reportlab and the fonts load on the background thread.
        from rvr_desktop.documents import Marks, documents_for_case

        return documents_for_case(self.case, self.policy, self.officer, self.made_at,
                                  marks=Marks(training=self.training), delivery=self.delivery, sent=self.sent)


def completed_from_store(order: DocumentsOrder, store: CaseStore, case_id: str) -> DocumentsOrder:
    """The order with what only the store knows: how far the case has gone to the records system, and which of
    its documents have been exported. Run on the store's thread."""
    return order.with_delivery(store.outbox.delivery_of(case_id)).with_sent(store.file_disclosures(case_id),
                                                                          store.officer)


def records_delivery(delivery: CaseDelivery | None) -> RecordsDelivery | None:
    """The outbox's record of a submitted case, as the documents print it (None: not submitted)."""
    from rvr_desktop.documents.context import DeliveryState, RecordsDelivery

    if delivery is None:
        return None
    state = {"delivered": DeliveryState.DELIVERED, "needs_attention": DeliveryState.NEEDS_ATTENTION}.get(
        str(delivery.state), DeliveryState.QUEUED)  # queued or sending: not yet held by the records system
    return RecordsDelivery(state, submitted_at=_moment(delivery.submitted_utc), delivered_at=_moment(
        delivery.delivered_utc), crime_reference=delivery.crime_reference)


def _moment(utc: str | None) -> datetime | None:
    return datetime.fromisoformat(utc) if utc else None


@dataclass(frozen=True)
class Exported:
    """A document written out for someone, and recorded as disclosed to them."""

    path: Path
    recipient: str
    size: int

    @property
    def notice(self) -> str:
        return f"Exported to {self.path}; the disclosure to {self.recipient} is in the audit log."


def order_documents(case: Case, policy: Policy, officer: OfficerProfile, *, training: bool,
                    made_at: datetime) -> DocumentsOrder:
    """Take the snapshot the documents are made from; on the thread that owns the case (the GUI's)."""
    return DocumentsOrder(Case.from_dict(case.to_dict()), policy, officer, training, made_at)


def keep_documents(store: CaseStore, case_id: str, documents: list[Document]) -> list[CaseFile]:
    """Keep made documents encrypted with the case; run on the store's thread."""
    return [store.files.add(case_id, CaseFileKind.DOCUMENT, d.file_name, "application/pdf", d.pdf) for d in documents]


def kept_documents(store: CaseStore, case_id: str) -> list[CaseFile]:
    """The case's documents, newest first; run on the store's thread."""
    return sorted(store.files.list_for_case(case_id, CaseFileKind.DOCUMENT), key=lambda f: f.created_utc,
                  reverse=True)


def kept_words(files: list[CaseFile]) -> str:
    return f"{len(files)} document(s) kept encrypted with this case." if files else "No documents made yet."


def documents_failed_words(error: BaseException) -> str:
    """What the officer is told when documents could not be made, kept or read."""
    return (f"The documents could not be made or read ({error}). The case itself is unchanged and saved; try "
            "again, or tell IT support if it happens again.")


def export_problem(chosen: bool, recipient: str, reason: str) -> str | None:
    """Why a document cannot be exported yet (None: it can): a disclosure names who receives it and why."""
    if not chosen:
        return NO_DOCUMENT_CHOSEN
    if not recipient.strip() or not reason.strip():
        return SAY_WHO_AND_WHY
    return None


def export_document(store: CaseStore, file: CaseFile, path: Path, *, recipient: str, reason: str) -> Exported:
    """Write the document to `path` (never over a file) as a disclosure to `recipient`; run on the store's
    thread. Nothing is recorded when nothing could be written."""
    recipient, reason = recipient.strip(), reason.strip()
    if not recipient or not reason:  # the window asks first; a disclosure without both is never recorded
        raise ValueError(SAY_WHO_AND_WHY)
    size = store.export_file(file, path, recipient=recipient, justification=reason)
    return Exported(path, recipient, size)


def export_failed_words(error: BaseException) -> str:
    """What the officer is told when an export failed: nothing was written over, nothing recorded."""
    if isinstance(error, FileExistsError):
        return f"{error}. Nothing was written or recorded."
    if isinstance(error, OSError):
        return (f"The document could not be written there ({error.strerror}). Nothing was recorded as disclosed; "
                "choose another place.")
    return f"The export failed ({type(error).__name__}); nothing was recorded as disclosed."
