"""Every document of a full case: its fields, the marking and page numbers on every page, clean metadata."""

from __future__ import annotations

import pytest
from pdf_reading import flat, info, pages

from rvr_desktop.documents import DocumentKind, Marks, documents_due, documents_for_case, make_document
from rvr_desktop.documents.specimen import MADE_AT, SPECIMEN_OFFICER
from rvr_desktop.workflow.answers import Answer
from rvr_desktop.workflow.referrals import ReferralDecision, ReferralKind

COMMON = ["Police reference CAD-1111-0123-SPECIMEN", "Document made Tuesday 11 November 2025 at 14:59",
          "Officer PC 9999 Jo Sample", "Unit Rapid Video Response team",
          "Officer's contact 01632 960000, rvr.team@example.police.uk"]
EXPECTED = {
    DocumentKind.MARAC_REFERRAL: [
        "Visible high risk: 14 “yes” answers of 27 on DASH (police, 27 questions).",
        "Consent to share, or the grounds for sharing without it yes",
        "Who the victim fears Ștefan Țurcanu, her former partner", "What the victim wants to happen Wants him arrested",
        "Name Zofia Wiśniewska", "Date of birth Thursday 14 March 1991 (34)", "Address 14 Specimen Road",
        "Safe phone number 07700 900234", "Safe time to call Weekdays 09:00 to 15:00", "Language Polish",
        "Interpreter needed yes", "Relationship to the victim Former partner; Leon's father",
        "Maja Wiśniewska Sunday 21 May 2017 (8) Anytown Primary School Daughter Not his child: his former partner's daughter",
        "Leon Țurcanu Sunday 9 January 2022 (3) Little Acorns Nursery, Anytown Son Son",
        "Checklist used DASH (police, 27 questions)", "Number of yes answers 14", "Grade by count high",
        "Professional judgement Considered, not used: The count already gives high.", "Risk grade high"],
    DocumentKind.ENCOMPASS_NOTIFICATION: [
        "Must reach the school before 08:30 on Wednesday 12 November 2025", "Maja Wiśniewska is 8, of school age",
        "Name Maja Wiśniewska", "Date of birth Sunday 21 May 2017 (8)", "School Anytown Primary School",
        "When it happened Tuesday 11 November 2025 at 13:40", "Where it happened Kitchen of the victim's home",
        "Was the child there yes", "Where the child was during the incident At the kitchen door",
        "What the child saw, heard or said Saw his hand on her mother's neck"],
    DocumentKind.IDVA_REFERRAL: [
        "High risk: an IDVA should be offered.", "Safe phone number 07700 900234", "Name Zofia Wiśniewska",
        "Name Ștefan Țurcanu", "Who the victim fears", "Maja Wiśniewska"],
    DocumentKind.CHILDRENS_SOCIAL_CARE_REFERRAL: [
        "Children live there or were present: Maja Wiśniewska, Leon Țurcanu.", "Asleep upstairs",
        "Saw his hand on her mother's neck", "Suspect: Name Ștefan Țurcanu", "Other dependants none",
        "Injuries Front of neck: Red mark about 4 cm across on the front of her neck, to the left of the windpipe, "
        "seen when she brought the camera close to it "
        "(Squeezed with his right hand)",
        "Weapons or objects used None; hands only", "What happened, in brief Ms Wiśniewska's former partner"],
    DocumentKind.EXHIBIT_LIST: [
        "JS/1", "Still from the video call: red mark on the front of the victim's neck",
        "Uploaded by the victim through the call page, from the device she used for the call", "Tuesday 11 November 2025 at 14:12"],
    DocumentKind.CASE_SUMMARY: [
        # pdftotext reads a grid column by column, so each cell is looked for alone.
        "Call received", "Tue 11 Nov 2025 14:00:00", "Video connected", "Tue 11 Nov 2025 14:02:14", "2 min 14 s",
        "Submitted to the records system", "Tue 11 Nov 2025 14:56:00", "56 min 00 s",
        "Call to video contact 2 min 14 s", "Target 3 min 00 s", "Result met", "Risk grade high",
        "Operation Encompass (the child's school)", "Wednesday 12 November 2025 at 08:30", "Safety plan yes",
        "How the case ended Submitted: Investigation created.", "Exhibits JS/1, ZW/1, JS/2"],
}


@pytest.fixture
def made(case, policy):
    return {document.kind: document for document in documents_for_case(case, policy, SPECIMEN_OFFICER, MADE_AT)}


def test_a_full_case_calls_for_every_kind_of_document(made):
    assert set(made) == set(DocumentKind)
    assert made[DocumentKind.ENCOMPASS_NOTIFICATION].file_name == "operation-encompass-1.pdf"


@pytest.mark.parametrize("kind", sorted(EXPECTED, key=lambda kind: kind.value))
def test_each_document_prints_its_fields(kind, made):
    text = flat("\n".join(pages(made[kind].pdf)))
    for expected in COMMON + EXPECTED[kind]:
        assert expected in text, expected


def test_the_exhibit_digests_are_printed_whole(made, case):
    text = flat("\n".join(pages(made[DocumentKind.EXHIBIT_LIST].pdf))).replace(" ", "")
    for exhibit in case.exhibits:
        assert exhibit.sha256 in text


@pytest.mark.parametrize("kind", sorted(DocumentKind, key=lambda kind: kind.value))
def test_every_page_is_marked_at_head_and_foot_and_numbered(kind, made):
    texts = [text for text in pages(made[kind].pdf) if "Restricted page" not in text]
    for number, text in enumerate(texts, start=1):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        assert lines[0] == "OFFICIAL-SENSITIVE", lines[:2]
        assert lines[-1] == "OFFICIAL-SENSITIVE", lines[-2:]
        assert f"Page {number} of {len(texts)}" in lines


def test_the_metadata_holds_no_personal_data(made, case):
    personal = [case.intake.caller_name, case.intake.safe_phone, case.intake.incident_reference, "Specimen Road",
                case.account.suspect.name, "Maja", SPECIMEN_OFFICER.name]
    for document in made.values():
        fields = info(document.pdf)
        metadata = " ".join(fields.get(key, "") for key in ("Title", "Author", "Subject", "Keywords", "Creator"))
        assert fields["Title"] and "OFFICIAL-SENSITIVE" in fields["Keywords"]
        assert not [value for value in personal if value in metadata], metadata


@pytest.mark.parametrize(("marks", "shown", "hidden"), [
    (Marks(training=True), ["TRAINING"], ["SPECIMEN"]),
    (Marks(specimen=True), ["SPECIMEN"], ["TRAINING"]),
    (Marks(), [], ["TRAINING", "SPECIMEN"]),
])
def test_training_and_specimen_marks_on_every_page(marks, shown, hidden, case, policy):
    case.intake.incident_reference = "CAD-1104-0123"
    pdf = make_document(DocumentKind.MARAC_REFERRAL, case, policy, SPECIMEN_OFFICER, MADE_AT, marks=marks)
    for text in pages(pdf):
        for word in shown:
            assert word in text
        for word in hidden:
            assert word not in text
    assert all(word in info(pdf)["Keywords"] for word in shown)


def test_referral_forms_wait_for_the_officers_confirmation(case, policy):
    case.referral_decisions = [d for d in case.referral_decisions if d.kind is not ReferralKind.IDVA]
    marac = next(d for d in case.referral_decisions if d.kind is ReferralKind.MARAC)
    case.referral_decisions.remove(marac)
    case.referral_decisions.append(ReferralDecision(marac.proposal_key, marac.kind, False, "Already open at MARAC.",
                                                    marac.decided_at))
    kinds = {due.kind for due in documents_due(case, policy)}
    assert DocumentKind.IDVA_REFERRAL not in kinds and DocumentKind.MARAC_REFERRAL not in kinds
    summary = flat("\n".join(pages(make_document(DocumentKind.CASE_SUMMARY, case, policy, SPECIMEN_OFFICER,
                                                 MADE_AT))))
    assert "declined: Already open at MARAC." in summary and "waiting for the officer's decision" in summary


def test_consent_to_share_is_flagged_when_not_recorded(case, policy):
    case.safeguarding.consent_to_share = None
    text = flat("\n".join(pages(make_document(DocumentKind.MARAC_REFERRAL, case, policy, SPECIMEN_OFFICER,
                                              MADE_AT))))
    assert "not recorded in the case: record the victim's consent" in text
    case.safeguarding.grounds_to_share_without_consent = "High risk of serious harm; shared to protect her."
    text = flat("\n".join(pages(make_document(DocumentKind.MARAC_REFERRAL, case, policy, SPECIMEN_OFFICER,
                                              MADE_AT))))
    assert "High risk of serious harm; shared to protect her." in text


def test_an_encompass_notice_needs_a_child_of_school_age(case, policy):
    leon = case.account.children[1]
    with pytest.raises(ValueError, match="No Operation Encompass notice"):
        make_document(DocumentKind.ENCOMPASS_NOTIFICATION, case, policy, SPECIMEN_OFFICER, MADE_AT,
                      child_id=leon.child_id)
    with pytest.raises(ValueError, match="child_id"):
        make_document(DocumentKind.ENCOMPASS_NOTIFICATION, case, policy, SPECIMEN_OFFICER, MADE_AT)


def test_a_judgement_and_unanswered_questions_show_on_the_checklist(case, policy):
    from rvr_desktop.workflow.instruments import RiskGrade
    from rvr_desktop.workflow.risk import ProfessionalJudgement

    case.risk.answers = {key: Answer.NO for key in case.risk.answers}
    del case.risk.answers["weapons"]
    case.risk.judgement = ProfessionalJudgement(RiskGrade.HIGH, "Strangled and threatened to kill.", MADE_AT)
    text = flat("\n".join(pages(make_document(DocumentKind.MARAC_REFERRAL, case, policy, SPECIMEN_OFFICER,
                                              MADE_AT))))
    assert ("Professional judgement Used, raising the grade from standard to high: Strangled and threatened to kill."
            in text)
    assert "Grade by count standard" in text and "Risk grade high" in text
    assert "Has the person ever used a weapon" in text or "weapon" in text
    assert "not recorded" in text[text.index("Risk checklist"):]


def test_the_exhibit_list_records_a_file_received_again_and_its_withdrawn_reference(case, policy):
    from dataclasses import replace
    from datetime import timedelta

    from rvr_desktop.workflow.exhibits import merge_duplicate_exhibits

    messages = case.exhibits[1]
    case.exhibits.append(replace(messages, reference="JS/4", captured_at=messages.captured_at + timedelta(minutes=4),
                                 file_name="js-3-messages-again.zip", also_received=[]))
    assert [m.withdrawn for m in merge_duplicate_exhibits(case.exhibits)] == ["JS/4"]
    text = flat("\n".join(pages(make_document(DocumentKind.EXHIBIT_LIST, case, policy, SPECIMEN_OFFICER, MADE_AT))))
    # pdftotext reads a grid column by column, so each cell is looked for alone.
    for expected in ["The same file received again", "first recorded as JS/4", "Tuesday 11 November 2025 at 14:26",
                     "is withdrawn, and the exhibit it is listed under stands in its place"]:
        assert expected in text, expected
    assert text.count("JS/4") == 1 and text.count("at 14:26") == 1
