"""The draft of the officer's own MG11: the call, what was seen over video, each exhibit produced."""

from __future__ import annotations

from pdf_reading import flat, pages

from rvr_desktop.documents import DocumentInput, DocumentKind, documents_due
from rvr_desktop.documents.officer_statement import officer_statement


def _text(inp: DocumentInput) -> str:
    return flat("\n".join(pages(officer_statement(inp))))


def test_it_is_due_with_the_witness_statement_and_not_without_it(case, policy):
    assert DocumentKind.OFFICER_STATEMENT in {due.kind for due in documents_due(case, policy)}
    case.statement.not_taken_reason = "She chose not to make a statement today."
    kinds = {due.kind for due in documents_due(case, policy)}
    assert not kinds & {DocumentKind.WITNESS_STATEMENT, DocumentKind.WITNESS_DETAILS, DocumentKind.OFFICER_STATEMENT}


def test_every_page_says_draft_and_names_the_officer(inp):
    texts = pages(officer_statement(inp))
    for number, text in enumerate(texts, start=1):
        assert "Officer's witness statement (DRAFT)" in text
        assert "Statement of PC 9999 Jo Sample" in flat(text)
        assert f"Page {number} of {len(texts)}" in text
    text = _text(inp)
    assert flat(inp.wording.officer_statement["draft_banner"]) in text
    assert "Signature of the officer NOT SIGNED" in text


def test_the_call_what_was_seen_and_each_exhibit_produced(inp):
    text = _text(inp)
    for value in ("I am PC 9999 Jo Sample, Anyshire Police, Rapid Video Response team.",
                  "took a video call with Zofia Wiśniewska", "CAD-1111-0123-SPECIMEN",
                  "The call connected on Tuesday 11 November 2025 at 14:02 and ended on Tuesday 11 November 2025 at 14:48",
                  "An interpreter joined the call on Tuesday 11 November 2025 at 14:06 (Polish interpreter, ref. INT-0000)",
                  "From Tuesday 11 November 2025 at 14:28 to Tuesday 11 November 2025 at 14:46 I took a statement",
                  "I saw an injury (front of neck): red mark about 4 cm across.",
                  "I saw an injury (back of head): painful swelling.",
                  "manner and condition on the call: Tearful and shaking at first",
                  "I produce exhibit JS/1: Still from the video call: red mark on the front of the victim's neck.",
                  "I produce exhibit JS/2: Screenshots of 163 messages", "The call was not recorded."):
        assert value in text, value


def test_what_the_case_does_not_hold_is_said_plainly(inp):
    inp.case.account.injuries = []
    inp.case.exhibits = []
    inp.case.statement.demeanour_seen = ""
    text = _text(inp)
    words = inp.wording.officer_statement
    for key in ("no_injuries", "demeanour_missing", "no_exhibits", "not_recorded"):
        assert flat(words[key]) in text, key
