"""The MG11-style statement (the disclosable part): declaration, how it was taken, continuation pages."""

from __future__ import annotations

from datetime import timedelta

from pdf_reading import flat, pages

from rvr_desktop.documents import DocumentInput
from rvr_desktop.documents.statement import witness_statement
from rvr_desktop.workflow.exhibits import Exhibit
from rvr_desktop.workflow.statement import ReadBackBy, WrittenHow


def _text(inp: DocumentInput) -> str:
    return flat("\n".join(pages(witness_statement(inp))))


def test_the_declaration_and_every_field_are_printed(inp):
    text = _text(inp)
    words, taking = inp.wording.statement, inp.wording.statement_taking
    assert flat(words["declaration"]) in text
    for label in ("maker", "over_18", "occupation", "declaration_heading", "narrative_heading",
                  "taking_heading", "read_back"):
        assert flat(words[label]) in text, label
    for label in ("started", "finished", "place", "taken_by", "force_unit", "visually_recorded", "exhibits"):
        assert flat(taking[label]) in text, label
    for value in ("Zofia Wiśniewska", "Occupation Pharmacy technician", "CAD-1111-0123-SPECIMEN", "PC 9999 Jo Sample",
                  "Rapid Video Response team",
                  "over video, on Tuesday 11 November 2025 from 14:39 to 14:51",
                  "End of statement."):
        assert value in text, value


def test_the_confirmation_and_the_signature_read_as_one_record(inp):
    text = _text(inp)
    # One sentence naming who confirmed what and when it was read back, then her signature: no half-sentence
    # box beside the declaration.
    assert ("Signatures Zofia Wiśniewska confirmed the declaration and the statement as true when they were read back "
            "over video on Tuesday 11 November 2025 from 14:39 to 14:51, and signed as follows. Signature of the maker "
            "Signed: Zofia Wiśniewska") in text
    assert "Confirmed by the maker" not in text and "read back to them" not in text
    assert "NOT CONFIRMED" not in text
    inp.case.statement.confirmed_true = False
    text = _text(inp)
    assert flat(inp.wording.statement["not_confirmed"]) in text and "confirmed the declaration" not in text


def test_when_where_and_by_whom_it_was_taken(inp):
    text = _text(inp)
    assert "Started Tuesday 11 November 2025 at 14:37" in text
    # The last signature (the interpreter's, 14:53) is the finish.
    assert "Finished Tuesday 11 November 2025 at 14:53 Where" in text
    assert ("by video call. The officer: at the video response workstation, Rapid Video Response team, Anytown "
            "Central Police Station, Anyshire Police. The witness: at home, in the living room, by video (the place "
            "as the witness gave it).") in text
    assert "Taken by PC 9999 Jo Sample" in text
    assert "Force, station and unit Anyshire Police, Anytown Central Police Station, Rapid Video Response team" in text
    # Each exhibit the narrative names by its reference: her own upload and the officer's two stills.
    assert ("Exhibits referred to JS/1 (Still from the video call: red mark on the front of the victim's neck); "
            "ZW/1 (Six screenshots of messages") in text and "JS/2 (Still from the video call: the victim's black phone" in text
    assert "not named by its reference" not in text
    assert "Visually recorded no: the call was not recorded" in text


def test_a_signature_after_the_recorded_finish_is_the_finish_and_says_why(inp):
    inp.case.statement.finished_at -= timedelta(minutes=1)
    text = _text(inp)
    assert ("Finished Tuesday 11 November 2025 at 14:53, when Ewa Specimen gave the last signature (taking the "
            "statement was recorded as finished Tuesday 11 November 2025 at 14:52; it is not finished until it is "
            "signed)") in text


def test_an_exhibit_she_produced_but_never_named_by_reference_is_flagged(inp):
    statement = inp.case.statement
    statement.narrative = statement.narrative.replace(" I produce them as exhibit ZW/1.", "")
    assert "ZW/1" not in statement.narrative
    text = _text(inp)
    assert ("downloaded) [not named by its reference in the statement: add the reference where the statement "
            "mentions it]") in text and "ZW/1 (Six screenshots" in text


def test_a_recorded_call_and_an_exhibit_named_in_the_narrative(inp):
    case = inp.case
    case.exhibits.append(Exhibit("JS/4", "Recording of the video call", "PC 9999 Jo Sample",
                                 case.intake.call_received_at + timedelta(minutes=47),
                                 "recorded on the workstation during the call", "a" * 64, "exhibit-0123.webm"))
    case.statement.narrative += "\nThe call was recorded, as exhibit JS/4."
    text = _text(inp)
    assert "Visually recorded yes: JS/4" in text
    assert "Exhibits referred to JS/1 (Still from the video call" in text and "ZW/1 (Six screenshots" in text


def test_nothing_recorded_reads_as_such_never_blank(inp):
    statement = inp.case.statement
    statement.started_at = statement.finished_at = None
    statement.witness_location = ""
    inp.case.exhibits = []
    text = _text(inp)
    assert "Started not recorded Finished not recorded" in text
    assert "The witness: not recorded" in text
    assert "Exhibits referred to none" in text


def test_every_page_names_the_maker_and_is_numbered(inp):
    inp.case.statement.narrative = "\n\n".join([inp.case.statement.narrative] * 4)
    texts = pages(witness_statement(inp))
    assert len(texts) >= 3
    for number, text in enumerate(texts, start=1):
        lines = [line for line in text.splitlines() if line.strip()]
        assert lines[0] == "OFFICIAL-SENSITIVE" and lines[-1] == "OFFICIAL-SENSITIVE"
        assert f"Page {number} of {len(texts)}" in text
        assert "Statement of Zofia Wiśniewska" in flat(text)


def test_the_rear_page_is_not_in_the_disclosable_statement(inp):
    text = _text(inp)
    statement = inp.case.statement
    private = ("07700 900234", "+447700900234", "14 Specimen Road", "Weekdays 09:00 to 15:00", "Thursday 14 March 1991",
               statement.court_needs, statement.special_measures_notes, "Restricted page")
    for value in private:
        assert value not in text, value
    for label in ("dates_to_avoid", "special_measures", "medical_police", "vps_heading", "witness_service",
                  "family_civil"):
        assert flat(inp.wording.witness_details[label]) not in text, label
    assert flat(inp.wording.statement_taking["rear_page_note"]) in text


def test_an_unconfirmed_statement_says_so(inp):
    inp.case.statement.confirmed_true = False
    assert flat(inp.wording.statement["not_confirmed"]) in _text(inp)


def test_read_back_by_phone_and_a_child_maker_are_described(inp):
    inp.case.statement.read_back_by = ReadBackBy.PHONE
    inp.case.statement.read_back_at = inp.case.intake.call_received_at + timedelta(minutes=50)
    inp.case.statement.read_back_started_at = None  # a draft saved before the start was asked: its end alone
    inp.case.account.victim.date_of_birth = inp.now.date().replace(year=inp.now.year - 16)
    text = _text(inp)
    assert "over the phone, on Tuesday 11 November 2025 at 14:50" in text
    assert "Over 18 no: date of birth" in text


def test_it_says_how_the_statement_was_written_and_the_language_it_was_read_back_in(inp):
    # 400 words read back through an interpreter in minutes: the reader learns it was drafted from the first
    # account, taken earlier on the call, not dictated then.
    assert ("How it was written drafted by the officer from the first account the witness gave earlier on this call "
            "(recorded by Tuesday 11 November 2025 at 14:27; the interpreter joined on Tuesday 11 November 2025 at "
            "14:06, after she had begun it, so its start was given without one), in her words, then read back to "
            "her in full through the interpreter, in Polish before she signed") in _text(inp)
    inp.case.statement.written = WrittenHow.AS_SPOKEN
    assert "How it was written written down by the officer as the witness gave it" in _text(inp)
    inp.case.statement.written = None
    assert "How it was written not recorded" in _text(inp)


def test_each_digest_says_what_text_it_covers(inp):
    text = _text(inp)
    assert ("The digest is the SHA-256 of the statement above and the maker's declaration, exactly as they were "
            "shown on her own device") in text
    # The interpreter's digest differs from hers, and the page says why.
    assert ("The interpreter signed the same statement followed by the interpreter's declaration above, as shown on "
            "the interpreter's own device, so this digest differs from the maker's") in text
