"""Which documents a case calls for, and making them.

A referral form is made only once the officer has confirmed that referral;
the statement only when one was taken, and with it the MG11's restricted
rear page (its own file, so it is never disclosed with the statement) and a
draft of the officer's own statement; the exhibit list only when there are
exhibits. The case summary is always made.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from rvr_desktop.workflow.case import Case
from rvr_desktop.workflow.policy import Policy
from rvr_desktop.workflow.referrals import ReferralKind, decision_for, propose_referrals

from .case_summary import case_summary
from .context import DocumentInput, Marks, Officer, RecordsDelivery, SentDocument
from .encompass import encompass_notification
from .exhibits import exhibit_list
from .idva import idva_referral
from .marac import marac_referral
from .mash import childrens_social_care_referral
from .officer_statement import officer_statement
from .statement import witness_statement
from .witness_details import witness_details
from .wording import Wording, shipped_wording


class DocumentKind(Enum):
    WITNESS_STATEMENT = "witness-statement"
    WITNESS_DETAILS = "witness-details-restricted"
    OFFICER_STATEMENT = "officer-statement-draft"
    MARAC_REFERRAL = "marac-referral"
    ENCOMPASS_NOTIFICATION = "operation-encompass"
    IDVA_REFERRAL = "idva-referral"
    CHILDRENS_SOCIAL_CARE_REFERRAL = "childrens-social-care-referral"
    EXHIBIT_LIST = "exhibit-list"
    CASE_SUMMARY = "case-summary"


_MAKERS: dict[DocumentKind, Callable[[DocumentInput], bytes]] = {
    DocumentKind.WITNESS_STATEMENT: witness_statement,
    DocumentKind.WITNESS_DETAILS: witness_details,
    DocumentKind.OFFICER_STATEMENT: officer_statement,
    DocumentKind.MARAC_REFERRAL: marac_referral,
    DocumentKind.IDVA_REFERRAL: idva_referral,
    DocumentKind.CHILDRENS_SOCIAL_CARE_REFERRAL: childrens_social_care_referral,
    DocumentKind.EXHIBIT_LIST: exhibit_list,
    DocumentKind.CASE_SUMMARY: case_summary,
}
_REFERRAL_DOCUMENTS = {
    ReferralKind.MARAC: DocumentKind.MARAC_REFERRAL,
    ReferralKind.IDVA: DocumentKind.IDVA_REFERRAL,
    ReferralKind.CHILDRENS_SOCIAL_CARE: DocumentKind.CHILDRENS_SOCIAL_CARE_REFERRAL,
    ReferralKind.OPERATION_ENCOMPASS: DocumentKind.ENCOMPASS_NOTIFICATION,
}


@dataclass(frozen=True)
class DueDocument:
    """A document the case calls for; `child_id` picks the child for an Operation Encompass notice."""

    kind: DocumentKind
    child_id: str | None = None
    number: int = 1  # the nth notice of its kind, for a file name
    proposal_key: str = ""  # the referral it sends, for a referral's form

    @property
    def file_name(self) -> str:
        """The file it is kept and exported as: no personal data, so the audit log can name it."""
        suffix = f"-{self.number}" if self.kind is DocumentKind.ENCOMPASS_NOTIFICATION else ""
        return f"{self.kind.value}{suffix}.pdf"


@dataclass(frozen=True)
class Document:
    """A finished document. `file_name` holds no personal data, so it can be shown and logged."""

    kind: DocumentKind
    file_name: str
    pdf: bytes
    child_id: str | None = None


def documents_due(case: Case, policy: Policy) -> list[DueDocument]:
    """The documents this case calls for as it stands, in the order an officer would send them."""
    due = []
    if case.statement.narrative.strip() and not case.statement.not_taken_reason.strip():
        due += [DueDocument(DocumentKind.WITNESS_STATEMENT), DueDocument(DocumentKind.WITNESS_DETAILS),
                DueDocument(DocumentKind.OFFICER_STATEMENT)]
    notices = 0
    for proposal in propose_referrals(case, policy):
        decision = decision_for(case, proposal.key)
        kind = _REFERRAL_DOCUMENTS.get(proposal.kind)
        if kind is None or decision is None or not decision.confirmed:
            continue
        if kind is DocumentKind.ENCOMPASS_NOTIFICATION:
            notices += 1
            due.append(DueDocument(kind, proposal.child_id, notices, proposal.key))
        else:
            due.append(DueDocument(kind, proposal_key=proposal.key))
    if case.exhibits:
        due.append(DueDocument(DocumentKind.EXHIBIT_LIST))
    due.append(DueDocument(DocumentKind.CASE_SUMMARY))
    return due


def make_document(kind: DocumentKind, case: Case, policy: Policy, officer: Officer, now: datetime, *,
                  marks: Marks = Marks(), child_id: str | None = None, wording: Wording | None = None,
                  delivery: RecordsDelivery | None = None, sent: tuple[SentDocument, ...] = ()) -> bytes:
    """One document as PDF bytes. An Operation Encompass notice needs the `child_id` of its child;
    `delivery` (the case's place in the outbox, once submitted) completes the exhibits' continuity, and `sent`
    (the case's documents exported so far) says which referrals have gone."""
    inp = DocumentInput(case, policy, officer, now, marks, wording or shipped_wording(), delivery, sent)
    if kind is DocumentKind.ENCOMPASS_NOTIFICATION:
        if child_id is None:
            raise ValueError("An Operation Encompass notification is about one child: give its child_id.")
        return encompass_notification(inp, child_id)
    return _MAKERS[kind](inp)


def documents_for_case(case: Case, policy: Policy, officer: Officer, now: datetime, *, marks: Marks = Marks(),
                       wording: Wording | None = None, delivery: RecordsDelivery | None = None,
                       sent: tuple[SentDocument, ...] = ()) -> list[Document]:
    """Every document the case calls for (see `documents_due`), made now."""
    made = []
    for due in documents_due(case, policy):
        pdf = make_document(due.kind, case, policy, officer, now, marks=marks, child_id=due.child_id, wording=wording,
                            delivery=delivery, sent=sent)
        made.append(Document(due.kind, due.file_name, pdf, due.child_id))
    return made
