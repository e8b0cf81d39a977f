"""A fictitious case that fills every field, for specimen documents.

A force's legal and safeguarding leads review the forms from these. Every
person, place, number and digest is invented; the phone number is in
Ofcom's range kept for drama, and the address is on no map. Names use Polish,
Romanian and Turkish letters so the reviewers see the fonts at work.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from rvr_desktop.workflow.account import (
    Account,
    Child,
    CustodyStatus,
    Diversity,
    Injury,
    PreviousIncident,
    ProsecutionWish,
    Suspect,
    Victim,
    WeaponOrObject,
    Witness,
)
from rvr_desktop.workflow.answers import Answer
from rvr_desktop.workflow.case import Case, new_case
from rvr_desktop.workflow.exhibits import Exhibit, ExhibitFile
from rvr_desktop.workflow.investigation import GradeReview, GradeReviewResult, Investigation, OutstandingAction
from rvr_desktop.workflow.link import LinkInvite
from rvr_desktop.workflow.outcome import Outcome, OutcomeKind
from rvr_desktop.workflow.policy import Policy
from rvr_desktop.workflow.referrals import ReferralDecision, propose_referrals
from rvr_desktop.workflow.risk import JudgementNotUsed
from rvr_desktop.workflow.safety import ALL_QUESTIONS, SafetyAnswer
from rvr_desktop.workflow.statement import WitnessCare, fill_finished_statement
from rvr_desktop.workflow.video import VideoEvent, VideoEventKind

from .context import DeliveryState, Officer, RecordsDelivery

_LONDON = ZoneInfo("Europe/London")
# A Tuesday afternoon in term time, after the Operation Encompass duty began (7 November 2025).
CALL_AT = datetime(2025, 11, 11, 14, 0, 0, tzinfo=_LONDON)
MADE_AT = CALL_AT + timedelta(minutes=59)

SPECIMEN_OFFICER = Officer(name="Jo Sample", rank="PC", number="9999", unit="Rapid Video Response team",
                           phone="01632 960000", email="rvr.team@example.police.uk", force="Anyshire Police",
                           station="Anytown Central Police Station",
                           supervisor="Sgt 1234 Sam Example, duty sergeant, 01632 960001")

# The specimen case reached the records system a minute after it was submitted.
SPECIMEN_DELIVERY = RecordsDelivery(DeliveryState.DELIVERED, submitted_at=CALL_AT + timedelta(minutes=56),
                                    delivered_at=CALL_AT + timedelta(minutes=57), crime_reference="CRI-SPECIMEN-0001")

_YES = {"injury", "very_frightened", "fear_of_what", "isolated", "separation", "child_contact", "stalking",
        "children_in_household", "more_often", "getting_worse", "controlling", "threats_to_kill", "strangulation",
        "suspect_substances"}

NARRATIVE = """\
I live with my two children, Maja, who is 8, and Leon, who is 3. Ștefan Țurcanu is Leon's father. We were together for six years and he moved out in June this year, but he still has a key because he collects Leon on Saturdays.

Today, Tuesday 11 November 2025, Maja was at home from school with a cold. At about twenty to two in the afternoon I was in the kitchen when I heard the front door open. Ștefan came in without knocking. He had been drinking; I could smell it and his speech was slurred. He said he had seen a message on my phone from a man at work and wanted to know who he was.

I told him it was none of his business and asked him to leave. He grabbed my phone from the worktop and when I tried to take it back he pushed me hard against the fridge with both hands. I hit the back of my head on the fridge door. He then put his right hand around the front of my neck and squeezed. I could not breathe for a few seconds, I think about five. Everything went fuzzy and I thought I was going to pass out, but I did not lose consciousness and I did not wet myself. While his hand was on my neck he said, in English, which is the language we speak together, "If I can't have you, nobody will." I believed he meant it, and I still do.

Maja was in the living room doing her homework and came to the kitchen door when she heard me shout. She saw him with his hand on my neck and started crying and screaming at him to stop. He let go, threw my phone onto the floor, which cracked the screen from corner to corner, and walked out. Leon was asleep upstairs. I locked the door behind him. My neighbour, Ayşe, came to the door a few minutes later and said she had heard shouting and seen him leave. Just before two o'clock I called 999.

The phone is mine. I bought it in March this year for £329 and it is in my name. The shop has told me a new screen costs £120. I did not give Ștefan permission to take it, throw it or damage it.

I have a red mark on the front of my neck and a painful lump on the back of my head. My throat is sore when I swallow and my voice is hoarse. I have not seen any red spots in my eyes or on my face. I did not need an ambulance.

This is not the first time. On Friday 5 September he slapped me across the face at the school gates when I was collecting Maja, and on Sunday 21 September he pushed me over in the hallway when he brought Leon back. I did not report either time because I was frightened of what he would do.

From early 2023 until he moved out in June he went through my phone and told me who I could see; he made me stop meeting my friends from work. Since he moved out he has messaged me from his number, 07700 900111, which he has used all the time I have known him and which is saved in my phone under his name. Between 1 and 11 November he sent me 163 messages, up to 30 in a day. He calls me names, asks where I am and who I am with, and on Saturday 8 November he wrote, "I know where you work. I'll be waiting." He has waited outside my work twice: on Monday 3 November and on Friday 7 November, both times at about five o'clock when I finished. The second time he followed me to the bus stop. I now go straight home from work and no longer go out in the evenings, because I am afraid he will be there. I am frightened of what he will do next, especially now that he knows about my colleague.

I want him arrested and I will go to court. Over the video call I showed the officer the mark on my neck (exhibit JS/1) and my phone with its cracked screen (exhibit JS/2). On the days they came I took screenshots of some of his messages on that phone, six in all, including the one of 8 November. Just before the call I copied those six to the device I used for the call, by Bluetooth, and sent them to the officer through the video call. I produce them as exhibit ZW/1. All 163 messages are still on the phone.
"""


def specimen_case(policy: Policy) -> Case:
    """The specimen case, complete from hand-over to submission."""
    case = new_case(policy, CALL_AT)
    at = CALL_AT
    case.intake.incident_reference = "CAD-1111-0123-SPECIMEN"
    case.intake.caller_name = "Zofia Wiśniewska"
    # Not her usual phone: he grabbed and cracked that one today and has read its messages. The safe
    # number is a second phone she has kept since September on a number he does not have (the reasons are
    # on the referrals, under who and what is not safe, and in the safety advice).
    case.intake.safe_phone_typed = "07700 900234"
    case.intake.safe_phone = "+447700900234"
    case.intake.safe_time_to_call = "Weekdays 09:00 to 15:00, while Maja is at school and Leon at nursery"
    case.intake.safe_to_leave_message = False
    # The language alone: the interpreter's declaration names it ("I interpreted … in Polish").
    case.intake.language = "Polish"
    case.intake.interpreter_needed = True
    case.intake.accessibility_needs = "None; speaks good English, and asked for a Polish interpreter for the statement"
    case.intake.call_received_at = at
    for offset, key in enumerate(case.safety.asked):
        answer = Answer.YES if key == "children_present" else ALL_QUESTIONS[key].safe_answer
        case.safety.answers.append(SafetyAnswer(key, answer, at + timedelta(seconds=20 + 5 * offset)))
    case.link_invites.append(LinkInvite(
        sent_to=case.intake.safe_phone, issued_at=at + timedelta(seconds=70),
        expires_at=at + timedelta(seconds=70) + policy.video_call.link_valid_for,
        sent_at=at + timedelta(seconds=71), delivery_status="delivered", delivered_at=at + timedelta(seconds=74),
        opened_at=at + timedelta(seconds=118), joined_at=at + timedelta(seconds=131)))
    case.video_events += [
        VideoEvent(VideoEventKind.CONNECTED, at + timedelta(seconds=134)),
        VideoEvent(VideoEventKind.INTERPRETER_JOINED, at + timedelta(minutes=6), "Polish interpreter, ref. INT-0000; joined the video call through the "
                   "interpreter's link, on her own device"),
        VideoEvent(VideoEventKind.ENDED, at + timedelta(minutes=54)),
    ]
    case.account = _account(at)
    case.risk.answers = {q.question_id: (Answer.YES if q.question_id in _YES else Answer.NO)
                         for q in policy.instrument_for(case.risk).questions}
    case.risk.answers["pregnancy"] = Answer.NOT_KNOWN
    # The count already gives high; the officer says so rather than leaving judgement blank.
    case.risk.judgement_not_used = JudgementNotUsed(
        "The count already gives high.", at + timedelta(minutes=33))
    case.risk.details = {
        "strangulation": "His right hand round the front of her neck in the kitchen today; she could not breathe for a few seconds.",
        "threats_to_kill": "Said \"If I can't have you, nobody will\" with his hand on her neck today; she believes he means it.",
        "pregnancy": "Did not want to say.",
        # A "no" with a detail: his brother passes messages on (so is not safe to talk to) but has not threatened her.
        "others_threaten": "No one has threatened her. His brother Mihai passes his messages on, so he is not safe "
                           "to talk to about her.",
        # What the officer typed beside each other "yes", from what she said on the call (the statement's account).
        "injury": "Red mark on the front of her neck (seen on video) and a painful lump on the back of her head "
                  "from the fridge door; her throat hurts when she swallows. No ambulance needed.",
        "very_frightened": "Very frightened: shaking and tearful at the start of the call; frightened of what he "
                           "will do next now he knows about her colleague.",
        "fear_of_what": "Fears he will come back and seriously hurt or kill her, as he threatened today; fears for "
                        "Maja, who saw it, and for Leon when he next collects him.",
        "isolated": "Has stopped going out after work since he started waiting outside; sees only her sister Ewa "
                    "and her mother. Says he always stopped her seeing friends from work.",
        "separation": "Together six years; he moved out in June 2025. He kept a key to collect Leon on Saturdays.",
        "child_contact": "No court order. He collects Leon every Saturday at 10:00 and uses the handover to come "
                         "into the house and question her; she does not want Saturday's handover to go ahead.",
        "stalking": "163 messages from his number between 1 and 11 November, up to 30 a day (screenshots "
                    "produced, ZW/1); waited outside her work on 3 and 7 November and followed her to the bus stop "
                    "the second time.",
        "children_in_household": "Maja, 8, is not his child (her father is in Poland); Leon, 3, is his son. Both "
                                 "live with her.",
        "more_often": "A slap at the school gates in early September and a push in the hallway later that month "
                      "(neither reported), then today; the messages have grown to up to 30 a day.",
        "getting_worse": "From a slap and a push in September to his hand round her neck today, with a threat "
                         "to kill.",
        "controlling": "Goes through her phone and asks who messages her; came in today because he had seen a "
                       "message from a man at work. Very jealous of that colleague.",
        "suspect_substances": "Had been drinking today (she smelt it; his speech was slurred). She says he has "
                              "drunk more since he moved out.",
    }
    _safeguarding(case, at)
    for proposal in propose_referrals(case, policy):
        case.referral_decisions.append(ReferralDecision(
            proposal.key, proposal.kind, True, "The victim agreed to the referral and to her details being shared.",
            at + timedelta(minutes=36)))
    _statement(case, at)
    _signatures(case, at)
    case.exhibits = _exhibits(at)
    case.investigation = _investigation(at)
    case.outcome = Outcome(OutcomeKind.SUBMITTED, at + timedelta(minutes=56), "Investigation created.")
    return case


def _investigation(at: datetime) -> Investigation:
    return Investigation(
        # What the officer adds to the offences the risk answers suggest (the case summary prints both).
        offences=("Intentional strangulation (Serious Crime Act 2015, s.75A); threats to kill (Offences Against "
                  "the Person Act 1861, s.16); criminal damage to her phone (Criminal Damage Act 1971, s.1(1)); "
                  "assault by beating, the push against the fridge (Criminal Justice Act 1988, s.39)"),
        actions=[OutstandingAction("Take a statement from the neighbour, Ayşe Yılmaz", "PC 9999 Jo Sample",
                                   (at + timedelta(days=1)).date()),
                 # He still has a key and is at large: tonight, not once the locks are changed tomorrow.
                 OutstandingAction("Recover the suspect's key today, and mark the address for an urgent response "
                                   "until the victim has changed the locks (tomorrow)", "Attending officers",
                                   at.date()),
                 # Seen on video (still JS/2), not seized: the phone itself is evidence of the damage.
                 OutstandingAction("Seize her damaged phone as an exhibit if she agrees (seen on video, still JS/2)",
                                   "Attending officers", (at + timedelta(days=1)).date())],
        grade_review=GradeReview(GradeReviewResult.AGREED, "Sgt 1234 Sam Example", at + timedelta(minutes=50),
                                 reason="Strangulation and a threat to kill with a recent separation."),
    )


def _account(at: datetime) -> Account:
    return Account(
        incident_at=at - timedelta(minutes=20),
        place="Kitchen of the victim's home, 14 Specimen Road, Anytown AN1 1AA",
        narrative=NARRATIVE,
        incident_summary=("Ms Wiśniewska's former partner, Ștefan Țurcanu, let himself into her home with a key, "
                          "pushed her against the fridge and squeezed her neck until she could not breathe, "
                          "threatened her, and broke her phone. Her daughter Maja, 8, saw it from the kitchen "
                          "door; her son Leon, 3, was asleep upstairs. He left before police were called."),
        victim=Victim(date_of_birth=date(1991, 3, 14), address="14 Specimen Road, Anytown AN1 1AA",
                      who_they_fear="Ștefan Țurcanu, her former partner",
                      safe_to_talk_to="Her sister Ewa Wiśniewska (07700 900456, any time); her manager at work, "
                                      "Anna Kowalska, by e-mail only (anna.kowalska@example.com)",
                      not_safe_to_talk_to="Ștefan Țurcanu and his brother Mihai, who passes messages on; do not "
                                          "leave a message at her mother's home; do not ring or text her usual "
                                          "phone, the one he grabbed and cracked today: he has read its "
                                          "messages and may know its code",
                      diversity=Diversity(gender="Woman", ethnicity="White: Polish", disability="None",
                                          sexual_orientation="Did not want to say",
                                          trans_or_gender_identity="Not trans (as she said)")),
        suspect=Suspect(name="Ștefan Țurcanu", date_of_birth=date(1988, 9, 2), relationship="Former partner; Leon's father",
                        description="White man, about 6 ft, short dark hair, beard, grey work jacket",
                        address="Not known; said to be staying with friends in Anytown",
                        custody=CustodyStatus.NOT_ARRESTED),
        # The mark on her neck was seen on video, and sized by the officer's eye; the lump under her hair was only
        # described by her.
        injuries=[Injury("Front of neck", "Red mark about 4 cm across on the front of her neck, to the left of "
                         "the windpipe, seen when she brought the camera close to it",
                         "Squeezed with his right hand", True),
                  Injury("Back of head", "Painful swelling", "Pushed against the fridge door", False)],
        weapons=[WeaponOrObject("None; hands only", "")],
        children=[Child(name="Maja Wiśniewska", date_of_birth=date(2017, 5, 21), school="Anytown Primary School",
                        lives_with_victim=True, present=True,
                        # A school day: the statement says why she was at home.
                        where_during_incident="At the kitchen door; at home from school with a cold",
                        what_seen_or_said="Saw his hand on her mother's neck; screamed at him to stop; was crying.",
                        relationship_to_victim="Daughter", relationship_to_suspect="Not his child: his former partner's daughter",
                        victim_parental_responsibility=Answer.YES, suspect_parental_responsibility=Answer.NO,
                        contact_arrangement=("None, and he must not collect her; she sees him only when he "
                                             "collects Leon from home. He came to her school's gates on Friday 5 "
                                             "September (the statement)"),
                        next_handover="None: she is not handed to him (she is at home when he collects Leon)",
                        other_parent=("Her father, Tomasz Nowak, in Poland: named on her birth certificate, so "
                                      "he holds parental responsibility (her mother says); no contact since 2019"),
                        other_parent_responsibility=Answer.YES,
                        spoken_to_by_police=True,
                        spoken_to_note=("Briefly, by the officer over the video call, with her mother in the room. "
                                        "Said she was scared he would come back."),
                        # Once the account was taken and before the checklist: only what the officer needed.
                        spoken_to_at=CALL_AT + timedelta(minutes=26),
                        spoken_to_present="her mother, Zofia Wiśniewska, in the same room",
                        spoken_to_questions=("Q: Maja, are you hurt at all? A: No.\n"
                                             "Q: Are you safe at home now? A: Yes. He went. Mum locked the door.\n"
                                             "Q: Can you tell me what you saw? A: He had his hand on Mummy's neck "
                                             "and I shouted stop.\n"
                                             "Q: How are you feeling now? A: Scared he comes back."),
                        spoken_to_language="English"),
                  # At nursery on weekdays (the safe time to call says so): below school age, so no Encompass
                  # notice goes there under the duty, and the documents say why.
                  Child(name="Leon Țurcanu", date_of_birth=date(2022, 1, 9), school="Little Acorns Nursery, Anytown",
                        lives_with_victim=True,
                        present=True, where_during_incident="Asleep upstairs", what_seen_or_said="Nothing known.",
                        relationship_to_victim="Son", relationship_to_suspect="Son",
                        victim_parental_responsibility=Answer.YES, suspect_parental_responsibility=Answer.YES,
                        contact_arrangement=("The suspect collects Leon from the victim's home every Saturday "
                                             "at 10:00 and brings him back on Sunday at 17:00; no court order"),
                        next_handover="Saturday 15 November 2025 at 10:00, at the victim's home",
                        spoken_to_by_police=False,
                        spoken_to_note=("He is 3; his mother says he was asleep upstairs throughout; nothing is "
                                        "known of what he saw or heard."))],
        # Her mother lives nearby and depends on no one: no other dependant lives in the household.
        dependants=[],
        witnesses=[Witness("Ayşe Yılmaz", "Neighbour: 16 Specimen Road, Anytown AN1 1AA; 07700 900789",
                           "Heard shouting and saw him leave, a few minutes before she came to the victim's door "
                           "(as she told the victim, in the victim's statement); not yet spoken to by police.")],
        # She reported neither (the narrative says so), so the escalation ground leaves both out.
        previous_incidents=[PreviousIncident(date(2025, 9, 5), "Slapped her at the school gates", "",
                                             Answer.NO),
                            PreviousIncident(date(2025, 9, 21), "Pushed her over in the hallway", "", Answer.NO)],
        previous_marac=Answer.NO,
        # Searched during the call, before the referrals were decided: nothing earlier, as she said.
        police_records_checked_at=at + timedelta(minutes=30),
        police_records_note=("Force records system and the PNC searched for Ștefan Țurcanu, Zofia Wiśniewska and "
                             "14 Specimen Road: no earlier incident between them, no convictions, no orders"),
        substances="The suspect had been drinking.",
        prosecution_wish=ProsecutionWish.SUPPORTS,
        victim_wishes="Wants him arrested, and to be kept informed. Wants the locks changed and help for Maja.",
        completed_at=at + timedelta(minutes=27),
    )


def _safeguarding(case: Case, at: datetime) -> None:
    advice = case.safeguarding
    advice.safety_plan = advice.emergency_and_silent_call = advice.local_services = True
    # How she is to be reached, and the phone he does not know of, stay on the restricted rear page and the
    # referrals' contact rows: the notes travel with the case summary, police-only and scheduled as sensitive, but
    # a copy can still go astray, so the notes point to the restricted page rather than repeat it.
    advice.notes = ("Safety plan agreed: how and when to contact her is on the restricted witness details page "
                    "only. She will change the locks tomorrow. Local refuge number given. Advised to see a doctor "
                    "today about her neck and throat, as strangulation can harm without marks; she will go to the "
                    "walk-in centre this evening with her sister.")
    advice.consent_to_share = Answer.YES
    advice.victim_aware_of_referral = Answer.YES
    advice.recorded_at = at + timedelta(minutes=34)


def _statement(case: Case, at: datetime) -> None:
    statement = case.statement
    # Begun once the referrals were confirmed (14:36), as the steps run: account, risk, safeguarding and
    # referrals, then the statement, drafted from the account already typed. Finished when the last
    # signature (the interpreter's) was given. Its 640 words, read back a passage at a time and interpreted
    # into Polish, took twelve minutes.
    fill_finished_statement(
        statement, maker_name=case.intake.caller_name, narrative=NARRATIVE, started_at=at + timedelta(minutes=37),
        finished_at=at + timedelta(minutes=53), read_back=(at + timedelta(minutes=39), at + timedelta(minutes=51)),
        witness_location="at home, in the living room",
        care=WitnessCare(court_needs="Childcare for Leon (3) on court days; no car, so help with travel.",
                         special_measures=Answer.YES,
                         special_measures_notes="Asks to give evidence from behind a screen, so she need not see him.",
                         family_civil_disclosure_consent=Answer.NO))
    statement.maker_occupation = "Pharmacy technician"
    statement.witness_email = "zofia.specimen@example.com"
    statement.preferred_contact = ("Text to her safe number (her second phone, which he does not know of) first, "
                                   "never her usual phone; e-mail only to the address above (he does not know it)")
    statement.willing_to_attend_court = Answer.YES
    statement.demeanour_seen = ("Tearful and shaking at first; calmer once the interpreter joined. She held her "
                                "throat when she swallowed and spoke hoarsely. I asked her about the signs of "
                                "strangulation: she said she had not lost consciousness or wet herself, and I saw "
                                "no red spots in her eyes or on her face on the video. I advised her to see a "
                                "doctor today about her neck and throat.")


def _signatures(case: Case, at: datetime) -> None:
    # Signed over the call after the read-back, as the caller's and the interpreter's pages sign.
    from rvr_desktop.casework.statement_signing import signed_as_shown
    from rvr_desktop.workflow.signing import Signer

    for signer, name, reference, minutes in ((Signer.WITNESS, case.intake.caller_name, "", 52),
                                             (Signer.INTERPRETER, "Ewa Specimen", "INT-0000", 53)):
        signed_as_shown(case, signer, name, at + timedelta(minutes=minutes), reference, f"specimen-{signer.value}")


def _exhibits(at: datetime) -> list[Exhibit]:
    def digest(label: str) -> str:
        return hashlib.sha256(f"RVR specimen exhibit {label}".encode()).hexdigest()

    return [
        Exhibit("JS/1", "Still from the video call: red mark on the front of the victim's neck", "PC 9999 Jo Sample",
                at + timedelta(minutes=12), "Still taken from the video call by the officer", digest("JS/1"),
                "exhibit-3f9a1c2e7b40.png", media_type="image/png", size_bytes=412_388,
                place_captured="On the officer's workstation (Rapid Video Response team), during the video call",
                original=True),
        Exhibit("ZW/1", "Six screenshots of messages from the suspect's number, 07700 900111, sent between 3 and 11 "
                "November, among them the message of 8 November; made by the victim on her own phone (the one "
                "with the cracked screen, JS/2) as the messages came. All 163 messages stay on that phone, to be "
                "downloaded", "Zofia Wiśniewska",
                at + timedelta(minutes=22), "Uploaded by the victim through the call page, from the device she "
                "used for the call",
                digest("JS/2"), "exhibit-81d0c5a9e266.zip", media_type="application/zip", size_bytes=6_204_117,
                place_captured=("Made on her own phone (the one with the cracked screen) on the days the "
                                "messages came; copied by her by Bluetooth to the device she used for the call "
                                "just before it began (her statement), and sent from it through the call page "
                                "during the video call"),
                original=False,
                # Named by the phone as she took each one, on the day the message came.
                contents=[ExhibitFile(f"Screenshot_{taken}.png", size, digest(f"JS/2 {taken}"))
                          for taken, size in (("20251103-1702", 1_032_114), ("20251107-1704", 998_407),
                                              ("20251108-2113", 1_120_356), ("20251109-0841", 1_051_992),
                                              ("20251110-2247", 987_230), ("20251111-1318", 1_012_865))]),
        Exhibit("JS/2", "Still from the video call: the victim's black phone, held up to the camera, its screen "
                "cracked from the top left corner to the bottom right", "PC 9999 Jo Sample",
                at + timedelta(minutes=24), "Still taken from the video call by the officer", digest("JS/3"),
                "exhibit-5c27e0b94d13.png", media_type="image/png", size_bytes=388_905,
                place_captured="On the officer's workstation (Rapid Video Response team), during the video call",
                original=True),
    ]

