"""The MARAC referral a coordinator accepts first time: every element SafeLives' form asks for, read back with
pdftotext from a full case, and each absence said in words rather than left blank."""

from __future__ import annotations

from datetime import date

from pdf_reading import flat, pages

from rvr_desktop.documents import DocumentKind, make_document
from rvr_desktop.documents.specimen import MADE_AT, SPECIMEN_OFFICER
from rvr_desktop.workflow.account import Diversity
from rvr_desktop.workflow.answers import Answer

FULL_CASE = [
    # The handling note comes before anything else of the case.
    "Handling this referral Do not tell the perpetrator, or anyone the victim says is not safe to talk to, that this "
    "referral has been made",
    # Grounds in SafeLives' terms, each with the rule behind it.
    "Grounds for referral: SafeLives' four MARAC criteria",
    "Visible high risk Met. 14 “yes” answers of 27 on DASH (police, 27 questions). Rule: High risk from 14 “yes” "
    "answers on DASH (police, 27 questions).",
    "Potential escalation Not met. 1 incident reported to the police in the 12 months to Tuesday 11 November 2025 "
    "(this one only). Not counted: 2 earlier (2 were not reported to the police). Police records checked on Tuesday "
    "11 November 2025 at 14:30: Force records system and the PNC searched for Ștefan Țurcanu, Zofia Wiśniewska and "
    "14 Specimen Road: no earlier incident between them, no convictions, no orders. Rule: 3 or more incidents "
    "reported to the police in 12 months, this one included. Source: SafeLives, 'Marac referral criteria and form'",
    "Police records searched Tuesday 11 November 2025 at 14:30: Force records system and the PNC searched",
    "Repeat Not met. No previous MARAC referral. Rule: A new incident within 12 months of the last MARAC referral. "
    "Source: SafeLives",
    "Professional judgement Not met. Considered, not used: The count already gives high.",
    "Source: SafeLives, 'Marac referral criteria and form' (professional judgement, with the reasons recorded)",
    # The incident, and the earlier ones with whether each was reported.
    "The incident When it happened Tuesday 11 November 2025 at 13:40",
    "Summary Ms Wiśniewska's former partner, Ștefan Țurcanu, let himself into her home",
    "Injuries Front of neck: Red mark about 4 cm across on the front of her neck, to the left of the windpipe, seen "
    "when she brought the camera close to it (Squeezed with his right hand)",
    "Children present Maja Wiśniewska (At the kitchen door; at home from school with a cold); Leon Țurcanu (Asleep upstairs)",
    "Friday 5 September 2025 Slapped her at the school gates no: not counted",
    # The victim: safe and unsafe contacts, awareness, earlier MARAC, diversity data.
    "Safe phone number 07700 900234", "Safe time to call Weekdays 09:00 to 15:00",
    "Who the victim says it is safe to talk to, and how Her sister Ewa Wiśniewska (07700 900456, any time)",
    "Who the victim says it is not safe to talk to Ștefan Țurcanu and his brother Mihai",
    "Does the victim know of this referral yes", "Referred to a MARAC before no",
    "Gender Woman", "Ethnicity White: Polish", "Disability None", "Sexual orientation Did not want to say",
    "Trans or gender identity Not trans (as she said)",
    # The perpetrator, described.
    "Description White man, about 6 ft, short dark hair, beard, grey work jacket",
    # Arrested or not, and any bail: what the MARAC's safety plan turns on.
    "Arrested or bailed not arrested yet", "Bail conditions none: not on bail",
    # Each child's relationship to each adult.
    "Relationship to the victim Relationship to the perpetrator",
    "Maja Wiśniewska Sunday 21 May 2017 (8) Anytown Primary School Daughter Not his child: his former partner's daughter",
    # The checklist says where its wording comes from and whether it may be changed.
    "Where the checklist's wording comes from Our own plain-words wording of the topics of the police DASH",
]


def _text(case, policy) -> str:
    return flat("\n".join(pages(make_document(DocumentKind.MARAC_REFERRAL, case, policy, SPECIMEN_OFFICER,
                                              MADE_AT))))


def test_a_full_case_prints_every_element_a_coordinator_needs(case, policy):
    text = _text(case, policy)
    for element in FULL_CASE:
        assert element in text
    assert text.index("Handling this referral") < text.index("The referral")
    # Never reported, so there is no reference to find; and how a force may change the checklist's wording is
    # not the recipient's business.
    assert "no: not counted none: not reported to the police" in text
    assert "May a force change" not in text


def test_what_was_not_recorded_is_said_plainly(case, policy):
    account = case.account
    account.incident_summary = ""
    account.victim.diversity = Diversity()
    account.victim.safe_to_talk_to = account.victim.not_safe_to_talk_to = ""
    account.previous_marac = None
    account.suspect.description = ""
    for child in account.children:
        child.relationship_to_victim = child.relationship_to_suspect = ""
    account.previous_incidents[0].reported_to_police = None
    account.previous_incidents[1].occurred_on = None
    case.safeguarding.victim_aware_of_referral = None
    case.risk.judgement_not_used = None
    case.account.police_records_checked_at = None
    text = _text(case, policy)
    for absent in (
        # Police records not searched: the escalation criterion is open, never "not met".
        "Potential escalation Not known yet.", "Counted from what the victim said: police records not checked yet.",
        "Police records searched not yet: the earlier incidents below are as the victim told them",
        "Summary no summary written: the victim's own account is given in full below",
        "In the victim's words I live with my two children",
        "Friday 5 September 2025 Slapped her at the school gates not known: not counted",
        "no date: not counted Pushed her over in the hallway",
        "Not counted: 2 earlier (1 was not known to have been reported to the police; 1 was with no date)",
        "Gender not asked", "Ethnicity not asked", "Disability not asked", "Sexual orientation not asked",
        "Trans or gender identity not asked",
        "Who the victim says it is safe to talk to, and how not recorded",
        "Who the victim says it is not safe to talk to not recorded",
        "Does the victim know of this referral not recorded If not, why not not recorded",
        "Referred to a MARAC before not recorded", "Repeat Not met. Not known whether referred to a MARAC before.",
        "Description not recorded",
        "Maja Wiśniewska Sunday 21 May 2017 (8) Anytown Primary School not recorded not recorded",
        "Professional judgement Not met. Not needed: the count already gives high risk",
    ):
        assert absent in text


def test_an_earlier_marac_is_named_with_its_date(case, policy):
    case.account.previous_marac = Answer.YES
    case.account.previous_marac_where = "Anytown MARAC, case AT-2025-117"
    case.account.last_marac_referral_on = date(2025, 3, 12)
    text = _text(case, policy)
    # Each row whole; a page may end between them.
    assert "Referred to a MARAC before yes Which MARAC Anytown MARAC, case AT-2025-117" in text
    assert "Date of the last MARAC referral Wednesday 12 March 2025" in text
    assert ("Repeat Met. The last MARAC referral was on Wednesday 12 March 2025, within 12 months of this "
            "incident.") in text


def test_judgement_beside_strangulation_is_never_a_bare_not_used(case, policy):
    case.risk.answers = {key: Answer.NO for key in case.risk.answers}
    case.risk.answers["strangulation"] = Answer.YES
    case.risk.judgement_not_used = None
    text = _text(case, policy)
    assert ("Professional judgement Not yet answered, though strong single indicators are present (strangling, "
            "choking or suffocating): the officer must say whether it is used, and why.") in text
    assert "Professional judgement not used" not in text


def test_a_checklist_answer_she_would_not_give_reads_the_same_on_the_marac_and_the_mash(case, policy):
    said = "Are you pregnant, or have you had a baby in the last 18 months? not known, or did not want to say"
    assert said in _text(case, policy)
    mash = flat(" ".join(pages(make_document(DocumentKind.CHILDRENS_SOCIAL_CARE_REFERRAL, case, policy,
                                             SPECIMEN_OFFICER, MADE_AT))))
    assert said in mash
