"""The MG11-style statement: declaration, every field, continuation and the restricted page."""

from __future__ import annotations

from datetime import timedelta

from pdf_reading import flat, pages

from rvr_desktop.documents import DocumentInput
from rvr_desktop.documents.statement import witness_statement
from rvr_desktop.workflow.answers import Answer
from rvr_desktop.workflow.statement import ReadBackBy


def _statement_and_restricted(inp: DocumentInput) -> tuple[list[str], list[str]]:
    texts = pages(witness_statement(inp))
    restricted = [text for text in texts if "Restricted page" in text]
    return [text for text in texts if text not in restricted], restricted


def test_the_declaration_and_every_field_are_printed(inp):
    statement_pages, _ = _statement_and_restricted(inp)
    text = flat("\n".join(statement_pages))
    words = inp.wording.statement
    assert flat(words["declaration"]) in text
    for label in ("maker", "over_18", "occupation", "declaration_heading", "confirmation", "narrative_heading",
                  "taking_heading", "read_back", "care_heading", "dates_to_avoid", "special_measures",
                  "special_measures_notes", "medical_consent", "vps_offered"):
        assert flat(words[label]) in text, label
    for value in ("Zofia Wiśniewska", "Occupation Pharmacy technician", "CAD-1104-0123-SPECIMEN", "PC 9999 Jo Sample",
                  "Rapid Video Response team",
                  "over video, on Tuesday 4 November 2025 at 14:45",
                  "Asks to give evidence from behind a screen; needs a Polish interpreter.",
                  flat(words["confirmed"]), "End of statement."):
        assert value in text, value
    care = text[text.index(words["care_heading"]):]
    assert "Dates the maker cannot attend court none" in care
    assert "Victim Personal Statement offered yes" in care


def test_every_statement_page_is_marked_and_numbered_of_the_statement_pages_only(inp):
    statement_pages, restricted = _statement_and_restricted(inp)
    assert len(statement_pages) >= 2 and len(restricted) == 1
    for number, text in enumerate(statement_pages, start=1):
        lines = [line for line in text.splitlines() if line.strip()]
        assert lines[0] == "OFFICIAL-SENSITIVE" and lines[-1] == "OFFICIAL-SENSITIVE"
        assert f"Page {number} of {len(statement_pages)}" in text
    assert "Restricted page 1 of 1" in restricted[0]
    assert restricted[0].count("OFFICIAL-SENSITIVE") >= 2


def test_the_makers_contact_details_are_only_on_the_restricted_page(inp):
    statement_pages, restricted = _statement_and_restricted(inp)
    private = ("+447700900123", "14 Specimen Road", "Weekdays 09:00 to 15:00", "Thursday 14 March 1991")
    for value in private:
        assert value in flat(restricted[0]), value
        assert all(value not in flat(text) for text in statement_pages), value


def test_an_unconfirmed_statement_says_so_and_none_is_not_the_same_as_blank(inp):
    inp.case.statement.confirmed_true = False
    inp.case.statement.dates_to_avoid = ""
    inp.case.statement.special_measures = None
    text = flat("\n".join(_statement_and_restricted(inp)[0]))
    assert flat(inp.wording.statement["not_confirmed"]) in text
    assert "Dates the maker cannot attend court not recorded" in text
    assert "Special measures needed not recorded" in text


def test_read_back_by_phone_and_a_child_maker_are_described(inp):
    inp.case.statement.read_back_by = ReadBackBy.PHONE
    inp.case.statement.read_back_at = inp.case.intake.call_received_at + timedelta(minutes=50)
    inp.case.statement.medical_records_consent = Answer.NOT_KNOWN
    inp.case.account.victim.date_of_birth = inp.now.date().replace(year=inp.now.year - 16)
    text = flat("\n".join(_statement_and_restricted(inp)[0]))
    assert "over the phone, on Tuesday 4 November 2025 at 14:50" in text
    assert "Over 18 no: date of birth" in text
    assert "Consent to medical records being obtained not known" in text
