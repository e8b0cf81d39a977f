"""The specimen's story holds together as a reviewer reads it across all its documents: one officer cannot
confirm referrals while taking the statement, the safe number is not the phone the suspect grabbed, a child at
nursery is named with the reason no Encompass notice goes there, and every phone number is written one way."""

from __future__ import annotations

import re

from pdf_reading import flat, pages

from rvr_desktop.documents import DocumentInput, DocumentKind, make_document
from rvr_desktop.documents.catalogue import documents_due
from rvr_desktop.documents.specimen import MADE_AT, SPECIMEN_OFFICER
from rvr_desktop.workflow.encompass import encompass_notices, why_no_notice
from rvr_desktop.workflow.times import as_utc


def _text(kind, case, policy, **options) -> str:
    return flat("\n".join(pages(make_document(kind, case, policy, SPECIMEN_OFFICER, MADE_AT, **options))))


def _every_document(case, policy) -> dict[str, str]:
    texts = {}
    for due in documents_due(case, policy):
        options = {"child_id": due.child_id} if due.child_id else {}
        texts[f"{due.kind.value} {due.child_id or ''}"] = _text(due.kind, case, policy, **options)
    return texts


def test_nothing_the_officer_records_falls_inside_the_statement_taking(case):
    # The steps run account, risk, safeguarding and referrals, then the statement: the same officer cannot
    # confirm a referral or record safety advice while taking the statement.
    statement = case.statement
    started, finished = as_utc(statement.started_at), as_utc(statement.finished_at)
    moments = {"safety advice": case.safeguarding.recorded_at, "account complete": case.account.completed_at,
               "judgement not used": case.risk.judgement_not_used.recorded_at,
               **{f"exhibit {e.reference}": e.captured_at for e in case.exhibits},
               **{f"referral {d.proposal_key}": d.decided_at for d in case.referral_decisions}}
    for what, moment in moments.items():
        assert not started < as_utc(moment) < finished, f"{what} at {moment:%H:%M} during the statement"
    # The read-back and the signatures belong to the statement, in order, before it finished.
    assert started < as_utc(statement.read_back_at) <= finished


def test_the_safe_number_is_not_the_phone_he_grabbed_and_the_documents_say_why(case, policy):
    idva = _text(DocumentKind.IDVA_REFERRAL, case, policy)
    assert "Safe phone number 07700 900234" in idva
    assert ("do not ring or text her usual phone, the one he grabbed and cracked today: he has read its messages"
            in idva)
    # The case summary may be disclosed as unused material: it points to the restricted page and never names
    # the second phone.
    summary = _text(DocumentKind.CASE_SUMMARY, case, policy)
    assert "how and when to contact her is on the restricted witness details page only" in summary
    assert "second phone" not in summary
    restricted = _text(DocumentKind.WITNESS_DETAILS, case, policy)
    assert "Text to her safe number (her second phone, which he does not know of) first, never her usual phone" \
        in restricted
    # Never in the disclosed statement, which the suspect's lawyers will read.
    statement = _text(DocumentKind.WITNESS_STATEMENT, case, policy)
    assert "second phone" not in statement and "07700 900234" not in statement
    assert "Safe phone number (the one to use) 07700 900234" in restricted


def test_leons_nursery_is_recorded_and_the_documents_say_why_no_encompass_notice_goes_there(case, policy):
    leon = case.account.children[1]
    assert leon.school == "Little Acorns Nursery, Anytown"
    account = case.account
    notices = encompass_notices(account.children, account.incident_at, case.intake.call_received_at, policy.encompass)
    assert [n.child.name for n in notices] == ["Maja Wiśniewska"]
    reason = ("Leon Țurcanu is 3, below school age: the statutory duty runs from reception to 17 and does not cover "
              "early years settings, so Little Acorns Nursery, Anytown is not notified under it; children's services, "
              "told through the MASH referral, can decide whether it should know.")
    assert why_no_notice(account.children, account.incident_at, case.intake.call_received_at,
                         policy.encompass) == [(leon, reason)]
    for kind in (DocumentKind.CHILDRENS_SOCIAL_CARE_REFERRAL, DocumentKind.CASE_SUMMARY):
        assert f"No Operation Encompass notice: Leon Țurcanu {reason}" in _text(kind, case, policy), kind
    # No nursery recorded: said so, not left blank.
    leon.school = ""
    assert "so no early years setting is recorded." in _text(DocumentKind.CHILDRENS_SOCIAL_CARE_REFERRAL, case, policy)


def test_a_child_of_school_age_has_a_notice_and_no_reason_against_it(case, policy):
    account = case.account
    account.children[1].date_of_birth = account.children[0].date_of_birth
    assert why_no_notice(account.children, account.incident_at, case.intake.call_received_at, policy.encompass) == []
    assert "No Operation Encompass notice" not in _text(DocumentKind.CASE_SUMMARY, case, policy)


def test_every_phone_number_on_every_document_is_written_one_way(case, policy):
    for name, text in _every_document(case, policy).items():
        assert "+44" not in text, name
        # Written the national way, in two groups: never eleven digits run together, never a stray format.
        assert not re.search(r"(?<!\d)0\d{10}(?!\d)", text), name
        # (Not inside a digest: its groups of hex digits can look like a number.)
        for number in re.findall(r"(?<![\da-f:])0\d{3,4} ?\d{3} ?\d{3,4}(?![\da-f:])", text):
            assert re.fullmatch(r"07\d{3} \d{6}|01\d{3} \d{6}|0\d{2} \d{4} \d{4}|01\d{2} \d{3} \d{4}", number), \
                (name, number)


def test_the_documents_write_a_number_as_the_officer_reads_it_aloud(inp: DocumentInput):
    assert inp.phone("+447700900234") == "07700 900234"
    assert inp.phone("07700900234") == "07700 900234"
    assert inp.phone("+48501234567") == "+48 501 234 567"  # abroad: dialled from here with its country code
    assert inp.phone("call her sister") == "call her sister"  # unreadable: as typed, never lost
    assert inp.phone("  ") == "not recorded"
