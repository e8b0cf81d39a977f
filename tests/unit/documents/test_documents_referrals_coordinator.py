"""What a MARAC coordinator sent back on the referrals, read back with pdftotext: the checklist a count is
on, safe messages, the answers table's heading, Encompass's date and other referrals, the IDVA's and the
MASH's contacts, handover, parents and risk; each absence said in words."""

from __future__ import annotations

import pytest

from datetime import timedelta

from pdf_reading import flat, pages

from rvr_desktop.documents import DocumentKind, make_document
from rvr_desktop.documents.specimen import MADE_AT, SPECIMEN_OFFICER
from rvr_desktop.workflow.answers import Answer
from rvr_desktop.workflow.referrals import ReferralKind


def _text(kind, case, policy, **options) -> str:
    return flat("\n".join(pages(make_document(kind, case, policy, SPECIMEN_OFFICER, MADE_AT, **options))))


def _encompass(case, policy) -> str:
    return _text(DocumentKind.ENCOMPASS_NOTIFICATION, case, policy, child_id=case.account.children[0].child_id)


def _drop_decision(case, kind: ReferralKind) -> None:
    case.referral_decisions = [d for d in case.referral_decisions if d.kind is not kind]


def test_the_marac_says_which_checklist_the_count_is_on_and_whose_threshold_it_is(case, policy):
    text = _text(DocumentKind.MARAC_REFERRAL, case, policy)
    assert ("Rule: High risk from 14 “yes” answers on DASH (police, 27 questions). SafeLives' line of 14 or more "
            "“yes” answers for visible high risk was set for its own 24-question Dash risk identification "
            "checklist") in text
    assert "This is the police DASH of 27 questions" in text
    assert "College of Policing APP, Domestic abuse: risk assessment" in text


def test_the_marac_says_whether_a_message_is_safe_beside_the_safe_number(case, policy):
    text = _text(DocumentKind.MARAC_REFERRAL, case, policy)
    assert "Safe time to call Weekdays 09:00 to 15:00, while Maja is at school and Leon at nursery Safe to leave a " \
           "message no" in text
    case.intake.safe_to_leave_message = None
    assert "Safe to leave a message not recorded" in _text(DocumentKind.MARAC_REFERRAL, case, policy)


@pytest.mark.parametrize("kind", [DocumentKind.MARAC_REFERRAL, DocumentKind.IDVA_REFERRAL,
                                  DocumentKind.CHILDRENS_SOCIAL_CARE_REFERRAL])
def test_a_referral_gives_her_safe_e_mail_and_the_referrers_supervisor(case, policy, kind):
    # The address is the one she gave as unknown to him (the statement step); the supervisor is whom the agency
    # reaches when the referring officer is off duty (SafeLives' form asks for the referrer's manager).
    text = _text(kind, case, policy)
    assert "Safe e-mail address zofia.specimen@example.com" in text
    assert "How she asked to be contacted Text to her safe number" in text
    assert "Officer's supervisor Sgt 1234 Sam Example, duty sergeant, 01632 960001" in text
    case.statement.witness_email = ""
    assert "Safe e-mail address not recorded" in _text(kind, case, policy)


def test_the_marac_answers_table_has_a_heading(case, policy):
    text = _text(DocumentKind.MARAC_REFERRAL, case, policy)
    # (the table's unnamed number column may be read out between the heading and the column names)
    heading = text.index("The checklist answers, question by question")
    assert text.index("Topic Question Answer", heading) - heading < 60


def test_the_encompass_notice_names_the_other_referrals_made(case, policy):
    assert ("Other referrals made about the children Children's social care (MASH): referral confirmed Tuesday 11 November "
            "2025 at 14:36") in _encompass(case, policy)
    # The victim's own referrals are not the school's business.
    assert "MARAC" not in _encompass(case, policy)
    _drop_decision(case, ReferralKind.CHILDRENS_SOCIAL_CARE)
    assert "Other referrals made about the children none" in _encompass(case, policy)


def test_the_specimen_incident_falls_under_the_statutory_duty(case, policy):
    text = _encompass(case, policy)
    assert "Check before sending" not in text
    assert "Must reach the school before 08:30 on Wednesday 12 November 2025" in text


def test_an_encompass_notice_with_a_senseless_date_says_so_at_the_top(case, policy):
    case.account.incident_at = case.intake.call_received_at - timedelta(days=7)
    text = _encompass(case, policy)
    assert ("Check before sending The incident, on Tuesday 4 November 2025, is before the statutory duty began on "
            "Friday 7 November 2025") in text
    assert text.index("Check before sending") < text.index("The child")
    case.account.incident_at = case.intake.call_received_at + timedelta(days=1)
    assert "after the call came in on Tuesday 11 November 2025: correct the incident's date and time" in \
        _encompass(case, policy)


def test_the_idva_referral_carries_contacts_handover_description_and_marac_status(case, policy):
    text = _text(DocumentKind.IDVA_REFERRAL, case, policy)
    for expected in [
            "Safe to leave a message no",
            "Who the victim says it is safe to talk to, and how Her sister Ewa Wiśniewska (07700 900456, any time)",
            "Who the victim says it is not safe to talk to Ștefan Țurcanu and his brother Mihai",
            "Contact with the suspect: Leon Țurcanu The suspect collects Leon from the victim's home every Saturday",
            "Next handover to the suspect: Leon Țurcanu", "Saturday 15 November 2025 at 10:00, at the victim's home",
            "Description White man, about 6 ft, short dark hair, beard, grey work jacket",
            "MARAC referral for this incident referral confirmed Tuesday 11 November 2025 at 14:36",
            "Referred to a MARAC before no"]:
        assert expected in text, expected


def test_the_idva_referral_says_plainly_what_is_missing(case, policy):
    victim, leon = case.account.victim, case.account.children[1]
    victim.safe_to_talk_to = victim.not_safe_to_talk_to = ""
    leon.contact_arrangement = leon.next_handover = ""
    case.account.suspect.description = ""
    _drop_decision(case, ReferralKind.MARAC)
    text = _text(DocumentKind.IDVA_REFERRAL, case, policy)
    for expected in ["safe to talk to, and how not recorded", "not safe to talk to not recorded",
                     "Contact with the suspect: Leon Țurcanu none recorded",
                     "Next handover to the suspect: Leon Țurcanu none recorded", "Description not recorded",
                     "MARAC referral for this incident proposed; the officer has not yet decided"]:
        assert expected in text, expected
    case.risk.answers = dict.fromkeys(case.risk.answers, Answer.NO)
    case.risk.judgement_not_used = None
    assert "MARAC referral for this incident not referred: no MARAC criterion is met" in \
        _text(DocumentKind.IDVA_REFERRAL, case, policy)


def test_the_idva_referral_gives_the_reason_a_marac_referral_was_declined(case, policy):
    marac = next(d for d in case.referral_decisions if d.kind is ReferralKind.MARAC)
    marac.confirmed, marac.reason = False, "Already open to the MARAC in the next county."
    assert "MARAC referral for this incident not referred: Already open to the MARAC in the next county." in \
        _text(DocumentKind.IDVA_REFERRAL, case, policy)


def test_the_mash_referral_carries_language_contacts_parents_handover_and_the_risk_to_the_children(case, policy):
    text = _text(DocumentKind.CHILDRENS_SOCIAL_CARE_REFERRAL, case, policy)
    for expected in [
            "Language Polish", "Interpreter needed yes",
            "Who the victim says it is not safe to talk to Ștefan Țurcanu and his brother Mihai",
            "Maja Wiśniewska Her father, Tomasz Nowak, in Poland: named on her birth certificate, so he holds parental "
            "responsibility (her mother says); no contact since 2019 Other parent yes",
            "Next handover to the suspect: Leon Țurcanu", "Saturday 15 November 2025 at 10:00, at the victim's home",
            "What the risk checklist shows for the children Checklist used DASH (police, 27 questions) Risk grade high "
            "Strong single indicators Separation in the last year",
            "Strangling, choking or suffocating",
            "Child contact Are you in conflict with them over contact with the children? yes No court order.",
            "Pregnancy or a new baby Are you pregnant, or have you had a baby in the last 18 months? not known, or did "
            "not want to say Did not want to say."]:
        assert expected in text, expected
    # Questions about the adult alone stay on the MARAC's checklist.
    assert "Depression or suicidal thoughts" not in text


def test_the_mash_referral_says_plainly_what_is_missing(case, policy):
    maja = case.account.children[0]
    maja.other_parent, maja.other_parent_responsibility = "", None
    for question in ("fear_of_what", "child_contact", "children_in_household"):
        case.risk.answers[question] = Answer.NO
    case.intake.language = ""
    text = _text(DocumentKind.CHILDRENS_SOCIAL_CARE_REFERRAL, case, policy)
    assert "Maja Wiśniewska no other parent recorded Other parent none" in text
    # Answered "no", the questions about the children are still there, each with its answer.
    assert "Child contact Are you in conflict with them over contact with the children? no" in text
    assert "Language not recorded" in text


def test_a_child_whose_two_parents_are_the_adults_here_has_no_other_parent_row(case, policy):
    # Leon's mother and father (the victim and the suspect) both hold parental responsibility: no third row.
    text = _text(DocumentKind.CHILDRENS_SOCIAL_CARE_REFERRAL, case, policy)
    leon = case.account.children[1]
    assert leon.other_parent == "" and leon.suspect_parental_responsibility is Answer.YES
    assert f"{leon.name} no other parent recorded" not in text
    # Without the suspect's responsibility recorded, the gap is named again.
    leon.suspect_parental_responsibility = None
    assert f"{leon.name} no other parent recorded Other parent none" in _text(
        DocumentKind.CHILDRENS_SOCIAL_CARE_REFERRAL, case, policy)


def test_the_mash_referral_lists_each_question_the_checklist_marks_for_children_with_its_answer(case, policy):
    # Every child-relevant question of the instrument file, in its own words, with "no" and "not asked" as
    # plainly as "yes": a children's-services worker needs the "no" to harm to the children too.
    instrument = policy.instrument_for(case.risk)
    del case.risk.answers["threatened_children"]
    case.risk.details.pop("child_contact")
    text = _text(DocumentKind.CHILDRENS_SOCIAL_CARE_REFERRAL, case, policy)
    words = {Answer.YES: "yes", Answer.NO: "no", Answer.NOT_KNOWN: "not known, or did not want to say", None: "not asked"}
    child_questions = [q for q in instrument.questions if q.for_children]
    assert {"harmed_children", "threatened_children", "child_contact", "pregnancy"} <= {
        q.question_id for q in child_questions}
    for question in child_questions:
        row = f"{question.topic} {question.text} {words[case.risk.answers.get(question.question_id)]}"
        assert row in text, row
    assert "Harm to children Have they ever hurt the children or any other dependant? no no further details given" in text
    assert "Threats to children Have they ever threatened to hurt or kill the children or any other dependant? " \
           "not asked" in text
    assert "Child contact Are you in conflict with them over contact with the children? yes no further details given" in text
    assert "Checklist used DASH (police, 27 questions)" in text
    for question in instrument.questions:
        if not question.for_children:
            assert question.text not in text, question.question_id  # the MARAC has the whole checklist
