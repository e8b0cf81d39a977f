"""The MG11's restricted rear page, as its own document: the witness's details and the witness-care answers."""

from __future__ import annotations

from pdf_reading import flat, pages

from rvr_desktop.documents import DocumentInput, DocumentKind, documents_for_case
from rvr_desktop.documents.specimen import MADE_AT, SPECIMEN_OFFICER
from rvr_desktop.documents.witness_details import witness_details
from rvr_desktop.workflow.answers import Answer
from rvr_desktop.workflow.statement import StatementDetails


def _text(inp: DocumentInput) -> str:
    return flat("\n".join(pages(witness_details(inp))))


def test_it_is_a_document_of_its_own_marked_not_for_disclosure(case, policy):
    made = {document.kind: document for document in documents_for_case(case, policy, SPECIMEN_OFFICER, MADE_AT)}
    rear = made[DocumentKind.WITNESS_DETAILS]
    assert rear.file_name == "witness-details-restricted.pdf"
    for text in pages(rear.pdf):
        assert "Witness details: NOT FOR DISCLOSURE" in text
        assert "Statement of Zofia Wiśniewska" in flat(text)


def test_every_answer_of_the_rear_page_is_printed_for_a_full_case(inp):
    text = _text(inp)
    for value in ("Name Zofia Wiśniewska", "Date of birth Thursday 14 March 1991 (34)",
                  "Occupation Pharmacy technician", "Address 14 Specimen Road, Anytown AN1 1AA", "Safe phone number (the one to use) 07700 900234",
                  "Dates the witness cannot attend court none",
                  "Needs to attend court Childcare for Leon (3) on court days",
                  "Special measures wanted (YJCEA 1999 ss.23-30) yes",
                  "Which measures, and why Asks to give evidence from behind a screen",
                  "Interpreting needs (not a special measure) interpreter needed: Polish",
                  "Offered yes", "Made, declined or to come later to be made later",
                  "Consent to the police obtaining medical records yes",
                  "Consent to relevant medical records being disclosed to the prosecution, the defence and the court yes",
                  "Consent to disclosure in family or civil proceedings no",
                  "Agrees to a referral to the Witness Service yes",
                  # MG11 guidance note 2: means of contact and the preferred one; the form's court-attendance answer.
                  "E-mail zofia.specimen@example.com",
                  "Preferred way to be contacted Text to her safe number (her second phone, which he does not know of) first",
                  "Safe to leave a message no",
                  "Safe to contact through Her sister Ewa Wiśniewska (07700 900456, any time)",
                  "Not safe to contact (never through) Ștefan Țurcanu and his brother Mihai",
                  "Willing to attend court yes"):
        assert value in text, value


def test_interpreting_is_kept_apart_from_the_special_measures(inp):
    text = _text(inp)
    measures = text[text.index("Special measures wanted"):text.index("Interpreting needs")]
    assert "interpret" not in measures.lower()
    inp.case.intake.interpreter_needed = False
    assert "Interpreting needs (not a special measure) none: no interpreter needed" in _text(inp)


def test_answers_not_yet_given_say_not_asked_never_blank(inp):
    keep = inp.case.statement
    inp.case.statement = StatementDetails(maker_name=keep.maker_name, narrative=keep.narrative)
    text = _text(inp)
    inp.case.intake.safe_to_leave_message = None
    inp.case.account.victim.safe_to_talk_to = inp.case.account.victim.not_safe_to_talk_to = ""
    text = _text(inp)
    for label in ("dates_to_avoid", "court_needs", "special_measures", "vps_offered", "vps_outcome",
                  "medical_police", "medical_disclosure", "family_civil", "witness_service", "email",
                  "preferred_contact", "willing_to_attend", "leave_message", "safe_contacts", "unsafe_contacts"):
        assert f"{flat(inp.wording.witness_details[label])} not asked" in text, label
    assert "Which measures, and why none" in text
    inp.case.statement.victim_personal_statement_offered = False
    assert "Made, declined or to come later not offered" in _text(inp)


def test_the_two_medical_answers_are_separate(inp):
    inp.case.statement.medical_records_consent = Answer.YES
    inp.case.statement.medical_disclosure_consent = Answer.NO
    text = _text(inp)
    assert "Consent to the police obtaining medical records yes" in text
    assert "the defence and the court no" in text


def test_the_wording_cites_where_each_part_comes_from():
    from rvr_desktop.workflow.policy_files import read_policy_file
    from rvr_desktop.workflow.shipped_files import default_resources_dir

    fields = read_policy_file(default_resources_dir() / "documents" / "wording.json")
    about = {name: fields.section(name).text("about") for name in ("statement_taking", "witness_details",
                                                                   "officer_statement")}
    assert "CrimPR 16.2" in about["statement_taking"] and "MG11 form" in about["statement_taking"]
    for source in ("MG11 guidance notes", "ss.23-30", "an interpreter is none of them", "Right 7", "Witness Service"):
        assert source in about["witness_details"], source
    assert "section 9 of the Criminal Justice Act 1967" in about["officer_statement"]
    # Each document's wording names its sources: the rules, the MG forms guidance and the disclosure manual.
    assert "Manual of Guidance" in about["statement_taking"] and "CrimPR 16.3" in about["statement_taking"]
    assert "preferred method of contact" in about["witness_details"]
    assert "willingness to attend court" in about["witness_details"]
    assert "CPS Disclosure Manual chapter 4" in about["officer_statement"]
    assert "Achieving Best Evidence" in about["officer_statement"]
    exhibits, summary = fields.section("exhibits").text("about"), fields.section("summary").text("about")
    for source in ("MG12", "Manual of Guidance", "CrimPR 16.3", "CPS Disclosure Manual chapter 4", "CPIA 1996"):
        assert source in exhibits, source
    for source in ("Manual of Guidance", "Achieving Best Evidence", "offences.json"):
        assert source in summary, source
