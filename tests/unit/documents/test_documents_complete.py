"""Encompass, MASH, IDVA, exhibit list and case summary: each finds every element its reader needs for a full
case, and says plainly when one is missing rather than leaving it blank."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from pdf_reading import flat, fonts, layout_pages, pages

from rvr_desktop.documents import DeliveryState, DocumentKind, RecordsDelivery, make_document
from rvr_desktop.documents.catalogue import documents_due
from rvr_desktop.documents.specimen import MADE_AT, NARRATIVE, SPECIMEN_DELIVERY, SPECIMEN_OFFICER
from rvr_desktop.workflow.account import CustodyStatus, Dependant, Witness
from rvr_desktop.workflow.answers import Answer
from rvr_desktop.workflow.case import Case
from rvr_desktop.workflow.exhibits import Exhibit
from rvr_desktop.workflow.investigation import GradeReview, GradeReviewResult
from rvr_desktop.workflow.safety import RECORDING_CONSENT, SafetyAnswer
from rvr_desktop.workflow.shipped_files import default_resources_dir


def text_of(kind, case, policy, **options) -> str:
    return flat("\n".join(pages(make_document(kind, case, policy, SPECIMEN_OFFICER, MADE_AT, **options))))


def encompass(case, policy) -> str:
    return text_of(DocumentKind.ENCOMPASS_NOTIFICATION, case, policy, child_id=case.account.children[0].child_id)


def the_statement_is_not_copied(text: str) -> None:
    for sentence in ("I live with my two children", "I hit the back of my head on the fridge door", "This is not the first time"):
        assert sentence not in text, sentence
    assert flat(NARRATIVE)[:200] not in text


# -- Operation Encompass -------------------------------------------------------------------------

def test_the_encompass_notice_tells_the_school_what_the_guidance_asks(case, policy):
    text = encompass(case, policy)
    for expected in [
            "What happened, in brief Ms Wiśniewska's former partner, Ștefan Țurcanu, let himself into her home",
            "Zofia Wiśniewska the person harmed Daughter",
            "Ștefan Țurcanu the person suspected Not his child: his former partner's daughter",
            "Did police speak to the child yes",
            "How, and what the child said Briefly, by the officer over the video call, with her mother in the room.",
            "What the school is asked to do Please make sure a trusted adult at school knows",
            "do not tell the person suspected that the school knows",
            "Victims and Prisoners Act 2024", "statutory guidance on Operation Encompass"]:
        assert expected in text, expected
    the_statement_is_not_copied(text)


def test_the_encompass_notice_says_plainly_what_is_not_recorded(case, policy):
    maja = case.account.children[0]
    maja.spoken_to_by_police = None
    maja.relationship_to_suspect = ""
    case.account.incident_summary = ""
    text = encompass(case, policy)
    assert "Did police speak to the child not recorded" in text
    assert "How, and what the child said none" in text
    assert "the person suspected not recorded" in text
    assert "No summary written: ring the officer named above for the circumstances." in text


def test_a_stored_draft_from_before_reads_as_not_recorded(case):
    stored = case.to_dict()
    for child in stored["account"]["children"]:
        for name in ("relationship_to_victim", "relationship_to_suspect", "victim_parental_responsibility",
                     "suspect_parental_responsibility", "contact_arrangement", "spoken_to_by_police",
                     "spoken_to_note"):
            del child[name]
    for name in ("custody", "bail_conditions", "bail_until"):
        del stored["account"]["suspect"][name]
    for exhibit in stored["exhibits"]:
        for name in ("media_type", "size_bytes", "place_captured", "original"):
            del exhibit[name]
    del stored["intake"]["safe_to_leave_message"]
    del stored["investigation"]
    again = Case.from_dict(stored)
    assert again.account.children[0].spoken_to_by_police is None
    assert again.account.children[0].suspect_parental_responsibility is None
    assert again.account.suspect.custody is CustodyStatus.NOT_RECORDED
    assert again.exhibits[0].size_bytes is None and again.exhibits[0].original is None
    assert again.intake.safe_to_leave_message is None
    assert again.investigation.grade_review.result is GradeReviewResult.NOT_REVIEWED
    assert Case.from_dict(case.to_dict()) == case


# -- MASH ------------------------------------------------------------------------------------------

def test_the_mash_referral_carries_responsibility_contact_bail_and_the_ask(case, policy):
    text = text_of(DocumentKind.CHILDRENS_SOCIAL_CARE_REFERRAL, case, policy)
    for expected in [
            "Maja Wiśniewska Zofia Wiśniewska Daughter yes",
            "Maja Wiśniewska Ștefan Țurcanu Not his child: his former partner's daughter no",
            "Leon Țurcanu Ștefan Țurcanu Son yes",
            # (the label and its value may sit either side of a page break)
            "Contact with the suspect: Leon Țurcanu", "The suspect collects Leon from the victim's home every Saturday",
            # (the label and its value may sit either side of the running header at a page's top)
            "Arrested or bailed not arrested yet", "Bail conditions", "none: not on bail",
            # A strategy discussion asked for by name, with the child witness's ABE interview to plan jointly.
            "What we ask of children's services We ask for a strategy discussion with the police about Maja "
            "Wiśniewska and Leon Țurcanu", "Working Together to Safeguard Children 2023, chapter 4",
            "an Achieving Best Evidence video-recorded interview with Maja Wiśniewska, who saw or heard the incident",
            "Please consider whether the children need an assessment",
            # The child's own words, as she said them, and the child not spoken to with the reason.
            "What the children said to the police Maja Wiśniewska was spoken to by the officer named above over the "
            "video call on Tuesday 11 November 2025 at 14:26, in English",
            "Q: Can you tell me what you saw? A: He had his hand on Mummy's neck and I shouted stop.",
            "The police did not speak to Leon Țurcanu. Why: He is 3",
            "Other dependants none",
            # Handled as the MARAC referral is: he holds parental responsibility for Leon.
            "Handling this referral Do not tell the suspect",
            "before sharing any of it with a parent who is the suspect, even one with parental responsibility",
            "What happened, in brief Ms Wiśniewska's former partner"]:
        assert expected in text, expected
    the_statement_is_not_copied(text)


def test_the_mash_referral_prints_bail_conditions_and_marks_what_is_missing(case, policy):
    suspect = case.account.suspect
    suspect.custody = CustodyStatus.POLICE_BAIL
    suspect.bail_conditions = "Not to contact Zofia Wiśniewska; not to enter Specimen Road"
    suspect.bail_until = date(2025, 12, 2)
    case.account.children[0].contact_arrangement = ""
    case.account.children[1].suspect_parental_responsibility = None
    text = text_of(DocumentKind.CHILDRENS_SOCIAL_CARE_REFERRAL, case, policy)
    assert "Arrested or bailed on police bail" in text
    assert "Bail conditions Not to contact Zofia Wiśniewska; not to enter Specimen Road" in text
    assert "Bail until Tuesday 2 December 2025" in text
    assert "Contact with the suspect: Maja Wiśniewska none recorded" in text
    assert "Leon Țurcanu Ștefan Țurcanu Son not recorded" in text
    suspect.bail_conditions = ""
    assert "Bail conditions not recorded: ask the officer in the case" in text_of(
        DocumentKind.CHILDRENS_SOCIAL_CARE_REFERRAL, case, policy)


# -- IDVA ------------------------------------------------------------------------------------------

def test_the_idva_referral_carries_the_yes_answers_bail_and_a_safe_message_answer(case, policy):
    text = text_of(DocumentKind.IDVA_REFERRAL, case, policy)
    for expected in [
            "Safe to leave a message no", "Safe time to call Weekdays 09:00 to 15:00",
            "Ms Wiśniewska's former partner, Ștefan Țurcanu, let himself into her home", "Number of yes answers 14",
            "Strangling, choking, suffocating, drowning His right hand round the front of her neck in the kitchen today",
            "Threats to kill Said \"If I can't have you, nobody will\" with his hand on her neck today",
            "Injury now Red mark on the front of her neck (seen on video) and a painful lump on the back of her head",
            "Arrested or bailed not arrested yet"]:
        assert expected in text, expected
    assert "Weapons" not in text[text.index("Risk: the checklist"):]  # answered "no": not listed
    the_statement_is_not_copied(text)


def test_the_idva_referral_gives_the_officers_details_for_every_yes_and_says_when_one_is_missing(case, policy):
    # The specimen reads as a real referral: a detail beside every "yes" answer.
    yes = [q for q in policy.instrument_for(case.risk).questions if case.risk.answers.get(q.question_id) is Answer.YES]
    assert len(yes) == 14 and all(case.risk.details.get(q.question_id, "").strip() for q in yes)
    assert "no further details given" not in text_of(DocumentKind.IDVA_REFERRAL, case, policy)
    case.risk.details.pop("stalking")
    case.risk.details["controlling"] = "   "
    text = text_of(DocumentKind.IDVA_REFERRAL, case, policy)
    assert "Stalking and harassment no further details given" in text
    assert "Control and jealousy no further details given" in text
    assert "Injury now Red mark on the front of her neck" in text


def test_the_idva_referral_says_when_nothing_is_known(case, policy):
    case.intake.safe_to_leave_message = None
    case.risk.answers = {}
    text = text_of(DocumentKind.IDVA_REFERRAL, case, policy)
    assert "Safe to leave a message not recorded" in text
    assert "The risk checklist has not been answered." in text
    case.risk.answers = {key: Answer.NO for key in ("injury", "very_frightened")}
    assert 'No question was answered "yes".' in text_of(DocumentKind.IDVA_REFERRAL, case, policy)


# -- Exhibit list ----------------------------------------------------------------------------------

def test_the_exhibit_list_shows_the_file_and_its_continuity_to_delivery(case, policy):
    pdf = make_document(DocumentKind.EXHIBIT_LIST, case, policy, SPECIMEN_OFFICER, MADE_AT, delivery=SPECIMEN_DELIVERY)
    text = flat("\n".join(pages(pdf)))
    for expected in [
            "Recording No recording made: this force does not record video calls.",
            "Where it was captured On the officer's workstation (Rapid Video Response team), during the video call",
            "File name exhibit-3f9a1c2e7b40.png", "Size and format 412.4 KB (412,388 bytes), image/png",
            "Original or copy original: the file was made on the workstation",
            "Original or copy copy: the original stays on the device it was made on",
            "Size and format 6.2 MB (6,204,117 bytes), application/zip",
            "Captured (Still taken from the video call by the officer)",
            "Kept encrypted with the case on the workstation; SHA-256 taken",
            "Delivered to the force's records system with the case, submitted Tuesday 11 November 2025 at 14:56; "
            "the records system's reference CRI-SPECIMEN-0001", "Tuesday 11 November 2025 at 14:57",
            # Who handed it on, from where: never "the records system" as if it had delivered itself.
            "PC 9999 Jo Sample, from this workstation"]:
        assert expected in text, expected
    assert text.count("Delivered to the force's records system") == len(case.exhibits)
    assert text.count("PC 9999 Jo Sample, from this workstation") == len(case.exhibits)


def test_an_archive_lists_every_file_inside_with_its_own_digest(case, policy):
    text = text_of(DocumentKind.EXHIBIT_LIST, case, policy)
    [archive] = [exhibit for exhibit in case.exhibits if exhibit.contents]
    assert f"Files inside the archive ({len(archive.contents)}), each with its own SHA-256:" in text
    laid_out = "\n".join(layout_pages(make_document(DocumentKind.EXHIBIT_LIST, case, policy, SPECIMEN_OFFICER,
                                                    MADE_AT)))
    for item in archive.contents:
        assert item.name in text
        groups = [item.sha256[index:index + 8] for index in range(0, 64, 8)]
        assert " ".join(groups[:4]) in laid_out and " ".join(groups[4:]) in laid_out
    # An archive whose files were not listed says so, never a blank.
    archive.contents = []
    assert "Files inside not listed: the archive's own digest is the only one recorded" in text_of(
        DocumentKind.EXHIBIT_LIST, case, policy)


def test_the_phone_the_narrative_mentions_is_an_exhibit_seen_on_video(case, policy):
    text = text_of(DocumentKind.EXHIBIT_LIST, case, policy)
    assert "JS/2: Still from the video call: the victim's black phone, held up to the camera, its screen cracked" in text
    summary = text_of(DocumentKind.CASE_SUMMARY, case, policy)
    assert "Seize her damaged phone as an exhibit if she agrees (seen on video, still JS/2)" in summary


def test_digests_print_monospaced_in_two_fixed_lines_of_four_groups(case, policy):
    pdf = make_document(DocumentKind.EXHIBIT_LIST, case, policy, SPECIMEN_OFFICER, MADE_AT)
    assert "NotoSansMono-Regular" in " ".join(font["name"] for font in fonts(pdf))
    laid_out = "\n".join(layout_pages(pdf))
    for exhibit in case.exhibits:
        groups = [exhibit.sha256[index:index + 8] for index in range(0, 64, 8)]
        assert " ".join(groups[:4]) in laid_out and " ".join(groups[4:]) in laid_out


def test_the_exhibit_list_says_where_delivery_stands_and_when_no_recording_was_made(case, policy):
    text = text_of(DocumentKind.EXHIBIT_LIST, case, policy)
    assert text.count("Not yet submitted to the records system") == len(case.exhibits)
    queued = RecordsDelivery(DeliveryState.QUEUED, submitted_at=MADE_AT - timedelta(minutes=3))
    assert "waiting in the outbox to reach the records system (not yet delivered)" in text_of(
        DocumentKind.EXHIBIT_LIST, case, policy, delivery=queued)
    recording_policy = policy.__class__(**{**policy.__dict__, "video_call": policy.video_call.__class__(
        **{**policy.video_call.__dict__, "records_video_calls": True})})
    case.safety.answers.append(SafetyAnswer(RECORDING_CONSENT.key, Answer.NO, MADE_AT))
    assert "No recording made: the victim did not agree to the call being recorded." in text_of(
        DocumentKind.EXHIBIT_LIST, case, recording_policy)
    case.exhibits.append(Exhibit("JS/3", "Recording of the video call", "PC 9999 Jo Sample", MADE_AT,
                                 "recorded on the workstation during the call", "ab" * 32, media_type="video/webm",
                                 size_bytes=48_000_000, original=True))
    assert "Recording Made: JS/3" in text_of(DocumentKind.EXHIBIT_LIST, case, recording_policy)


def test_the_encompass_notice_tells_the_school_who_may_come_to_its_gate(case, policy):
    text = encompass(case, policy)
    for expected in [
            "Does the person suspected have parental responsibility for the child no",
            "None, and he must not collect her; she sees him only when he collects Leon from home.",
            "Arrested or bailed not arrested yet", "Bail conditions none: not on bail",
            "Earlier incidents the victim described Friday 5 September 2025: Slapped her at the school gates",
            "supported from when they are next in school"]:
        assert expected in text, expected
    case.account.previous_incidents = []
    assert "Earlier incidents the victim described none" in encompass(case, policy)


# -- Case summary ----------------------------------------------------------------------------------

def test_the_case_summary_carries_offences_witness_actions_review_and_wish(case, policy):
    text = text_of(DocumentKind.CASE_SUMMARY, case, policy)
    for expected in [
            "Offences, as recorded by the officer Intentional strangulation (Serious Crime Act 2015, s.75A); threats to "
            "kill (Offences Against the Person Act 1861, s.16); criminal damage to her phone (Criminal Damage Act "
            "1971, s.1(1)); assault by beating, the push against the fridge (Criminal Justice Act 1988, s.39)",
            # From the risk answers, each with its statute (resources/policy/offences.json).
            "Intentional strangulation or suffocation (Serious Crime Act 2015, s.75A)",
            "Threats to kill (Offences Against the Person Act 1861, s.16)",
            "Stalking (Protection from Harassment Act 1997, s.2A)",
            "(Protection from Harassment Act 1997, s.4A)", "(Serious Crime Act 2015, s.76)",
            "The victim's wish about prosecution supports a prosecution",
            "Suspect: Arrested or bailed not arrested yet",
            "Ayşe Yılmaz", "Neighbour: 16 Specimen Road, Anytown AN1 1AA; 07700 900789",
            "Heard shouting and saw him leave, a few minutes before she came to the victim's door (as she told the "
            "victim, in the victim's statement); not yet spoken to by police.", "Contact details",
            # The child who saw it is a potential witness, with the interview to plan.
            "Maja Wiśniewska", "contact through the victim; an ABE interview to be planned",
            "Plan an Achieving Best Evidence (ABE) video-recorded interview with Maja Wiśniewska",
            # Each action the case shows with the owner and time limit the force's policy gives it.
            "Arrest the suspect, Ștefan Țurcanu [1] Attending officers (the response team the case is handed to) "
            "at once",
            "whether Leon Țurcanu's next handover to the suspect goes ahead (Saturday 15 November 2025 at 10:00, at "
            "the victim's home), and consider a domestic violence protection notice",
            "Take a statement from the neighbour, Ayşe Yılmaz", "PC 9999 Jo Sample",
            # The evidence plan: every case's lines of enquiry and strangulation's, each with its source.
            "Evidence plan", "Preserve the recording of the call that reported the incident (999 or 101)",
            "Advise the victim to have a medical assessment now",
            "Photographs of the neck and any other injury in person",
            "Where the actions and the plan come from [1] College of Policing APP, Domestic abuse: arrest",
            "Faculty of Forensic and Legal Medicine, 'Non-fatal strangulation in physical and sexual assault'",
            "Review agreed with the grade", "Reviewed by Sgt 1234 Sam Example",
            "When Tuesday 11 November 2025 at 14:50"]:
        assert expected in text, expected
    assert "A supervisor to review the risk grade" not in text


def test_the_case_summary_says_it_is_for_police_use_and_where_it_is_scheduled(case, policy):
    # It carries the safeguarding notes and the children's handovers: a summary served by mistake would tell
    # him how she is reached, so it says at its head that it is not the MG5 and belongs on the MG6D.
    text = text_of(DocumentKind.CASE_SUMMARY, case, policy)
    assert "Handling Police use only: not the MG5 case summary, and never served." in text
    assert "it goes on the sensitive schedule (MG6D)" in text
    assert text.index("Handling") < text.index("Offences")


def test_the_case_summary_lists_the_first_account_and_the_records_made_as_material_to_schedule(case, policy):
    text = text_of(DocumentKind.CASE_SUMMARY, case, policy)
    for expected in [
            "Material to retain and schedule",
            # The account the statement was drafted from, when it was typed, and the interpreter's arrival in it.
            "The victim's first account, typed by PC 9999 Jo Sample as she gave it on the video call (Tuesday 11 "
            "November 2025 from 14:02 to 14:27): the statement was drafted from it.",
            "The interpreter joined on Tuesday 11 November 2025 at 14:06: what she said before then was without an "
            "interpreter.",
            "MG6C: the account the statement was drafted from",
            "No recording of the call was made.",
            "The risk assessment on DASH (police, 27 questions), graded high.", "MG6D: her answers about her safety",
            "The referral forms: MARAC (multi-agency risk assessment conference), IDVA",
            "This case summary.", "CPS Disclosure Manual, chapter 8"]:
        assert expected in text, expected


def test_an_evidence_line_done_on_the_call_says_where_instead_of_when_it_is_due(case, policy):
    from rvr_desktop.workflow.investigation import record_done_on_call

    record_done_on_call(case, "threat_words", "In her statement, paragraph 3", MADE_AT - timedelta(minutes=10))
    text = text_of(DocumentKind.CASE_SUMMARY, case, policy)
    assert "done on the call: In her statement, paragraph 3 (recorded Tuesday 11 November 2025 at 14:49)" in text
    record_done_on_call(case, "threat_words", "  ", MADE_AT)
    assert "threat_words" not in case.investigation.done_on_call


def test_the_timeline_has_the_interpreter_joining_and_the_call_ending(case, policy):
    # The material table schedules the call's log "(this summary's timeline)": the times must be in it.
    text = text_of(DocumentKind.CASE_SUMMARY, case, policy)
    assert "Interpreter joined Tue 11 Nov 2025 14:06:00 6 min 00 s" in text
    assert "Video call ended Tue 11 Nov 2025 14:54:00 54 min 00 s" in text
    assert text.index("Video call ended") < text.index("Submitted to the records system")


def test_a_recorded_call_is_named_by_its_exhibit_in_the_material(case, policy):
    first = case.exhibits[0]
    case.exhibits.append(Exhibit("JS/9", "Recording of the video call", first.captured_by, first.captured_at,
                                 "Recorded by the workstation", first.sha256, "call-recording.webm"))
    text = text_of(DocumentKind.CASE_SUMMARY, case, policy)
    assert "The call was recorded: exhibit JS/9." in text and "No recording of the call was made." not in text


def test_the_case_summary_says_plainly_what_is_not_there(case, policy):
    case.account.witnesses = []
    case.investigation.offences = ""
    case.investigation.grade_review = GradeReview()
    text = text_of(DocumentKind.CASE_SUMMARY, case, policy)
    assert "No independent witness recorded." in text
    assert "Offences, as recorded by the officer none" in text
    case.risk.answers = {key: Answer.NO for key in case.risk.answers}
    case.account.children = []
    text = text_of(DocumentKind.CASE_SUMMARY, case, policy)
    assert "Offences the risk answers support, to consider none" in text
    assert "ABE" not in text
    assert "Review not reviewed yet" in text and "A supervisor to review the risk grade" in text
    case.investigation.grade_review = GradeReview(GradeReviewResult.CHANGED, "Sgt 1234 Sam Example", MADE_AT,
                                                  "standard", "")
    text = text_of(DocumentKind.CASE_SUMMARY, case, policy)
    assert "Review changed the grade to standard" in text and "Reason not recorded" in text


def test_the_case_summary_says_its_documents_were_made_after_submission(case, policy):
    text = text_of(DocumentKind.CASE_SUMMARY, case, policy, delivery=SPECIMEN_DELIVERY)
    assert ("Documents Witness statement; Witness details: NOT FOR DISCLOSURE; Officer's witness statement (DRAFT)"
            in text)
    assert ("When they were made Tuesday 11 November 2025 at 14:59, after the case was submitted (Tuesday 11 November "
            "2025 at 14:56)") in text and "the records system received the case's data, not these documents" in text
    assert "before the case was submitted" in text_of(DocumentKind.CASE_SUMMARY, case, policy)


# -- Print quality ---------------------------------------------------------------------------------

def _crowded(case, padding: int) -> None:
    # Enough rows that the witnesses' table runs over pages; each cell carries a marker of its row. The
    # offences above it grow a line at a time, so over the runs the table's rows meet every place a page can end
    # (reportlab splits inside a row only when no whole row fits: a first row at a page's foot).
    case.investigation.offences = "Intentional strangulation; criminal damage. " + "Also to consider. " * (6 * padding)
    case.account.witnesses = [
        Witness(f"W{index:02d}-name Person", f"W{index:02d}-contact 01632 9600{index:02d}",
                f"W{index:02d}-saw " + "Heard a loud argument through the wall and a door slam, then saw a man "
                "leave in a hurry towards the main road. " * (1 + index % 4) + f"W{index:02d}-end")
        for index in range(30)]


def _pages_holding(texts: list[str], marks: list[str]) -> list[int]:
    return [number for number, text in enumerate(texts) if any(mark in text for mark in marks)]


@pytest.mark.parametrize("padding", range(0, 14))
def test_no_table_row_is_split_across_a_page_and_headers_repeat_only_at_a_page_top(padding, case, policy):
    _crowded(case, padding)
    pdf = make_document(DocumentKind.CASE_SUMMARY, case, policy, SPECIMEN_OFFICER, MADE_AT)
    texts = [flat(text) for text in pages(pdf)]
    assert len(texts) >= 3  # the table really does run over pages
    for index in range(30):
        marks = [f"W{index:02d}-{part}" for part in ("name", "contact", "saw", "end")]
        holding = _pages_holding(texts, marks)
        assert len(holding) == 1, f"row {index} is split over pages {holding}"
    header = "What they saw or heard"
    for number, laid_out in enumerate(layout_pages(pdf)):
        lines = [line.strip() for line in laid_out.splitlines() if line.strip()]
        if header not in laid_out:
            continue
        at = next(i for i, line in enumerate(lines) if header in line)
        # At the head of the table, just under its heading; or, repeated, the first line under the page's head.
        assert lines[at - 1] == "Witnesses and potential witnesses" or at <= 3, (number, lines[:at + 1])
        assert any("-name" in line for line in lines[at + 1:]), f"the header stands alone on page {number + 1}"


@pytest.mark.parametrize("padding", range(0, 24, 2))
def test_a_long_field_is_never_split_inside_its_row(padding, case, policy):
    # Long answers in labelled fields move whole to the next page rather than breaking inside their rows;
    # the suspect's address above them grows, so over the runs they meet every place a page can end.
    long = "and his brother, who has threatened her and followed her to work more than once. " * 7
    case.account.suspect.address = "Not known. " + "Said to be staying with friends. " * (3 * padding)
    case.account.dependants = [Dependant("Halina Wiśniewska", None, "Mother", f"D-start {long} D-end")]
    case.account.victim.who_they_fear = f"F-start Her former partner {long} F-end"
    case.account.victim_wishes = f"V-start To be kept informed {long} V-end"
    texts = [flat(text) for text in pages(make_document(DocumentKind.CHILDRENS_SOCIAL_CARE_REFERRAL, case, policy,
                                                         SPECIMEN_OFFICER, MADE_AT))]
    for marks in (["D-start", "D-end"], ["F-start", "F-end"], ["V-start", "V-end"]):
        assert len(_pages_holding(texts, marks)) == 1, marks


def test_a_value_longer_than_a_page_runs_on_under_its_label(case, policy):
    # Too tall for one unsplittable row on any page: printed as running text under its label instead.
    case.account.victim_wishes = "L-start " + " ".join(f"wish{index}" for index in range(1500)) + " L-end"
    texts = [flat(text) for text in pages(make_document(DocumentKind.CHILDRENS_SOCIAL_CARE_REFERRAL, case, policy,
                                                         SPECIMEN_OFFICER, MADE_AT))]
    holding = _pages_holding(texts, ["L-start", "L-end"])
    assert len(holding) == 2  # begun on one page, finished on a later one
    joined = " ".join(texts)
    assert "What the victim wants to happen L-start wish0 wish1" in joined
    assert all(f"wish{index}" in joined for index in range(0, 1500, 97))


def _headings() -> set[str]:
    wording = json.loads((default_resources_dir() / "documents" / "wording.json").read_text(encoding="utf-8"))
    return {text for section in wording.values() if isinstance(section, dict)
            for key, text in section.items() if key.endswith("heading") and isinstance(text, str)
            and "{" not in text}


def test_no_heading_is_left_alone_at_the_foot_of_a_page(case, policy):
    # A section heading is always followed on its page by what it heads (tables whose first row would not fit
    # take the heading with them to the next page). Over every document the specimen case calls for.
    headings = _headings()
    for due in documents_due(case, policy):
        options = {"child_id": due.child_id} if due.child_id else {}
        pdf = make_document(due.kind, case, policy, SPECIMEN_OFFICER, MADE_AT, **options)
        for number, laid_out in enumerate(layout_pages(pdf), start=1):
            lines = [line.strip() for line in laid_out.splitlines() if line.strip()]
            foot = next(i for i in range(len(lines) - 1, -1, -1) if lines[i].startswith("Page "))
            last = next(line for line in reversed(lines[:foot]) if len(line) > 1)  # past the watermark's letters
            assert last not in headings, f"{due.kind.value} page {number} ends with the heading {last!r}"


def test_a_copy_sent_in_is_received_not_captured_at_the_time_it_arrived(case, policy):
    # Her screenshots were made on the days the messages came: 14:22 is when they reached the workstation.
    text = text_of(DocumentKind.EXHIBIT_LIST, case, policy)
    assert ("Sent in by Zofia Wiśniewska Received here (made earlier: see where it was captured) Tuesday 11 "
            "November 2025 at 14:22") in text
    assert "Received as a copy (Uploaded by the victim through the call page" in text
    assert "Captured by PC 9999 Jo Sample When Tuesday 11 November 2025 at 14:12" in text  # the officer's still
