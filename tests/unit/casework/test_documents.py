"""The case's documents, with no window: made from a snapshot, kept encrypted
in the real store, and exported only as a recorded disclosure."""

from __future__ import annotations

import stat
from datetime import UTC, datetime

import pytest

from rvr_desktop.casework.documents import (
    NO_DOCUMENT_CHOSEN, completed_from_store, SAY_WHO_AND_WHY, export_document, export_failed_words, export_problem, keep_documents,
    kept_documents, kept_words, order_documents,
)
from rvr_desktop.documents.specimen import specimen_case
from rvr_desktop.settings import OfficerProfile
from rvr_desktop.store.cases import CaseHeadline
from rvr_desktop.training.specimen_cases import CaseBuilder
from rvr_desktop.workflow.steps import Step
from tests.unit.documents.pdf_reading import flat, pages

OFFICER = OfficerProfile("Jo Smith", rank="PC", number="1234")
MADE_AT = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)


def test_documents_are_made_from_the_case_as_it_was_asked_for_and_kept_with_it(store, policy):
    case = CaseBuilder(policy).done_before(Step.REVIEW)
    case_id = store.cases.create(case.to_dict(), CaseHeadline("CAD-1", "Sam Example", "draft")).case_id
    assert kept_documents(store, case_id) == [] and kept_words([]) == "No documents made yet."

    order = order_documents(case, policy, OFFICER, training=True, made_at=MADE_AT)
    statement = case.statement.narrative
    case.statement.narrative = "typed after the officer asked for the documents"
    assert order.case is not case and order.case.statement.narrative == statement

    documents = order.make()
    kept = keep_documents(store, case_id, documents)
    names = {d.file_name for d in documents}
    assert {"witness-statement.pdf", "case-summary.pdf"} <= names
    assert {f.name for f in kept} == names and all(f.kind == "document" for f in kept)
    listed = kept_documents(store, case_id)
    assert {f.file_id for f in listed} == {f.file_id for f in kept}
    assert [f.created_utc for f in listed] == sorted((f.created_utc for f in listed), reverse=True)
    assert kept_words(listed) == f"{len(kept)} document(s) kept encrypted with this case."
    _file, pdf = store.files.get(listed[0].file_id)
    assert pdf.startswith(b"%PDF")


def test_a_document_leaves_only_as_a_disclosure_naming_who_receives_it_and_why(store, policy, tmp_path):
    assert export_problem(False, "MARAC", "referral") == NO_DOCUMENT_CHOSEN
    assert export_problem(True, "  ", "referral") == SAY_WHO_AND_WHY
    assert export_problem(True, "MARAC", "") == SAY_WHO_AND_WHY
    assert export_problem(True, "MARAC", "referral") is None

    case_id = store.cases.create({"narrative": "a case"}, CaseHeadline("CAD-2", "", "draft")).case_id
    (file,) = keep_documents(store, case_id, _one_document())
    out = tmp_path / "exported.pdf"
    with pytest.raises(ValueError, match="who receives"):
        export_document(store, file, out, recipient=" ", reason="referral")
    assert not out.exists() and "disclosure" not in [e.action for e in store.audit.entries()]
    exported = export_document(store, file, out, recipient=" MARAC coordinator ", reason="referral agreed ")
    assert exported.notice == f"Exported to {out}; the disclosure to MARAC coordinator is in the audit log."
    assert out.read_bytes() == b"%PDF-1.4 a referral" and stat.S_IMODE(out.stat().st_mode) == 0o600
    disclosure = list(store.audit.entries())[-1]
    assert (disclosure.action, disclosure.recipient, disclosure.justification) == \
        ("disclosure", "MARAC coordinator", "referral agreed")
    assert disclosure.record == f"case:{case_id}/file:{file.file_id}"

    with pytest.raises(FileExistsError) as refused:
        export_document(store, file, out, recipient="someone else", reason="again")
    assert "already exists" in export_failed_words(refused.value)
    assert export_failed_words(refused.value).endswith("Nothing was written or recorded.")
    assert [e.action for e in store.audit.entries()].count("disclosure") == 1
    assert "choose another place" in export_failed_words(PermissionError(13, "Permission denied"))
    assert store.audit.verify().ok


def _one_document():
    from rvr_desktop.documents import Document, DocumentKind

    return [Document(DocumentKind.MARAC_REFERRAL, "marac-referral.pdf", b"%PDF-1.4 a referral")]


def test_the_outbox_record_of_a_submitted_case_completes_the_exhibits_continuity(policy):
    from rvr_desktop.documents import DeliveryState
    from rvr_desktop.store.outbox import CaseDelivery, OutboxState

    order = order_documents(CaseBuilder(policy).done_before(Step.REVIEW), policy, OFFICER, training=True,
                            made_at=MADE_AT)
    assert order.delivery is None and order.with_delivery(None).delivery is None
    delivered = order.with_delivery(CaseDelivery("c1", OutboxState.DELIVERED, 1, "", "CRI-1",
                                                 "2026-03-02T14:50:00.000Z", "", "2026-03-02T14:51:30.000Z")).delivery
    assert delivered is not None and delivered.state is DeliveryState.DELIVERED
    assert delivered.crime_reference == "CRI-1" and delivered.delivered_at == datetime(2026, 3, 2, 14, 51, 30, tzinfo=UTC)
    for state, shown in ((OutboxState.QUEUED, DeliveryState.QUEUED), (OutboxState.SENDING, DeliveryState.QUEUED),
                         (OutboxState.NEEDS_ATTENTION, DeliveryState.NEEDS_ATTENTION)):
        waiting = order.with_delivery(CaseDelivery("c1", state, 1, "", "", "2026-03-02T14:50:00.000Z", "", None))
        assert waiting.delivery is not None and waiting.delivery.state is shown
        assert waiting.delivery.delivered_at is None


def test_a_referral_exported_is_printed_as_sent_on_the_next_case_summary(store, policy, tmp_path):
    case = specimen_case(policy)  # high risk, with a MARAC, an IDVA, a MASH and an Encompass referral
    case_id = store.cases.create(case.to_dict(), CaseHeadline("CAD-3", "Sam Example", "draft")).case_id

    def summary() -> str:
        order = completed_from_store(order_documents(case, policy, OFFICER, training=True, made_at=MADE_AT), store,
                                     case_id)
        made = {d.file_name: d for d in order.make()}
        keep_documents(store, case_id, list(made.values()))
        return flat(" ".join(pages(made["case-summary.pdf"].pdf)))

    before = summary()
    assert "MARAC (multi-agency risk assessment conference)" in before and "exported for" not in before
    waiting = before.count("not sent yet")
    assert waiting >= 4  # MARAC, IDVA, MASH and the school's notice
    marac = next(f for f in kept_documents(store, case_id) if f.name == "marac-referral.pdf")
    export_document(store, marac, tmp_path / "marac.pdf", recipient="MARAC coordinator, Example Council",
                    reason="referral agreed with the victim")
    text = summary()
    # The export is the audit log's disclosure; this store's officer ("PC 1234") is named as documents name them.
    assert "exported for MARAC coordinator, Example Council" in text
    assert "by PC 1234 Jo Smith" in text
    assert text.count("not sent yet") == waiting - 1  # the others have not gone
