"""The risk checklist on paper: the details beside each answer, strong indicators in plain words, and
"not yet graded" rather than standard when nothing was answered."""

from __future__ import annotations

from pdf_reading import flat, pages

from rvr_desktop.documents import DocumentKind, make_document
from rvr_desktop.documents.specimen import MADE_AT, SPECIMEN_OFFICER
from rvr_desktop.documents.statement import witness_statement


def _text(kind, case, policy) -> str:
    return flat("\n".join(pages(make_document(kind, case, policy, SPECIMEN_OFFICER, MADE_AT))))


def test_the_checklist_prints_the_details_beside_each_answer(case, policy):
    checklist = _text(DocumentKind.MARAC_REFERRAL, case, policy)
    checklist = checklist[checklist.index("Risk checklist"):]
    assert "Details the victim gave" in checklist
    # pdftotext reads a grid column by column: each cell's words are looked for alone.
    for words in ("she could not breathe", "she believes he means it", "Did not want to say."):
        assert words in checklist, words


def test_strong_indicators_are_printed_in_plain_words(case, policy):
    text = _text(DocumentKind.MARAC_REFERRAL, case, policy)
    assert ("Strong single indicators Separation in the last year; Stalking and harassment; Abuse getting worse or more often; Threats to kill; "
            "Strangling, choking or suffocating") in text
    assert "threats_to_kill" not in text and "strangulation" not in text


def test_a_case_with_nothing_answered_is_not_yet_graded_on_paper(case, policy):
    case.risk.answers = {}
    case.risk.details = {}
    for kind in (DocumentKind.MARAC_REFERRAL, DocumentKind.CASE_SUMMARY):
        text = _text(kind, case, policy)
        assert "Risk grade not yet graded" in text, kind
        assert "standard" not in text.lower(), kind


def test_over_18_is_printed_as_the_maker_answered_when_the_account_has_no_date_of_birth(inp):
    inp.case.account.victim.date_of_birth = None
    inp.case.statement.maker_over_18 = True
    assert "Over 18 yes" in flat("\n".join(pages(witness_statement(inp))))
    inp.case.statement.maker_over_18 = None
    assert "Over 18 not recorded" in flat("\n".join(pages(witness_statement(inp))))
