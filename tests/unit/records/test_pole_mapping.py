"""A case as POLE entities and links: complete, conforming, and the same every time."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from records_cases import richer_case

from rvr_desktop.records_server.checks import cross_reference_problems
from rvr_desktop.sync.contract import problems_with
from rvr_desktop.sync.pole import Submission, investigation_from_case
from rvr_desktop.training.specimen_cases import finished_case
from rvr_desktop.workflow.case import new_case
from rvr_desktop.workflow.referrals import ReferralDecision, ReferralKind

SUBMISSION = Submission("0f6b1e2a-1111-4222-8333-444455556666", "PC 1234", datetime(2025, 11, 4, 15, tzinfo=UTC),
                        True, "0.1.0")


def _conforms(request: dict) -> None:
    assert problems_with("InvestigationRequest", request) == []
    assert cross_reference_problems(request) == []


def test_an_escalation_record_conforms_and_says_what_was_done_after_escalating(policy):
    from datetime import timedelta

    from rvr_desktop.training.specimen_cases import CALL_AT, CaseBuilder
    from rvr_desktop.workflow import actions
    from rvr_desktop.workflow.steps import Step

    case = CaseBuilder(policy).done_before(Step.LINK)  # escalated before any account was taken
    actions.escalate(case, "Suspect came back.", CALL_AT)
    actions.record_escalation_step(case, policy, "cad_updated", True, CALL_AT + timedelta(minutes=1))
    actions.write_note_for_attending(case, policy, "Dog in the garden.")
    request = investigation_from_case(case, policy, SUBMISSION)
    _conforms(request)
    escalation = request["escalation"]
    assert escalation["reason"] == "Suspect came back." and escalation["notes_for_attending"] == "Dog in the garden."
    done = {item["item"]: item["done_at"] for item in escalation["checklist"]}
    assert done["cad_updated"] is not None and done["location_confirmed"] is None
    assert investigation_from_case(finished_case(policy, []), policy, SUBMISSION)["escalation"] is None
    assert request["caller_unreachable"] is None


def test_the_record_of_attempts_to_reach_a_caller_conforms_and_lists_each_attempt(policy):
    from datetime import timedelta

    from rvr_desktop.training.specimen_cases import CALL_AT, CaseBuilder
    from rvr_desktop.workflow import actions
    from rvr_desktop.workflow.steps import Step

    case = CaseBuilder(policy).done_before(Step.VIDEO)  # a link went out and was never opened
    actions.issue_link_invite(case, policy, CALL_AT + timedelta(minutes=4), by_code=True)
    actions.mark_caller_unreachable(case, "No answer to the link or the code.", CALL_AT + timedelta(minutes=9))
    actions.record_escalation_step(case, policy, "returned_to_control_room", True, CALL_AT + timedelta(minutes=10))
    actions.write_note_for_attending(case, policy, "Two children at home; safe to call after 6pm.")
    request = investigation_from_case(case, policy, SUBMISSION)
    _conforms(request)
    unreachable = request["caller_unreachable"]
    assert request["escalation"] is None
    assert unreachable["reason"] == "No answer to the link or the code."
    assert unreachable["notes_for_response"] == "Two children at home; safe to call after 6pm."
    assert [attempt["by"] for attempt in unreachable["attempts"]] == ["text", "spoken_code"]
    assert unreachable["attempts"][0]["sent_at"] is not None and unreachable["attempts"][0]["joined_at"] is None
    done = {item["item"]: item["done_at"] for item in unreachable["checklist"]}
    assert done["returned_to_control_room"] is not None and done["note_for_response"] is None


def test_a_full_case_maps_to_persons_objects_locations_and_the_event(policy):
    case = richer_case(policy)
    request = investigation_from_case(case, policy, SUBMISSION)
    _conforms(request)

    roles = {p["role"]: p for p in request["persons"]}
    assert [p["role"] for p in request["persons"]] == ["victim", "suspect", "child", "witness"]
    assert roles["victim"]["ref"] == "P1" and roles["victim"]["name"] == "Sam Example"
    assert roles["victim"]["phone"] == "+447911123456"
    assert roles["suspect"]["relationship_to_victim"] == "ex-partner"
    assert roles["child"]["school"] == "Hill Primary" and roles["child"]["present_at_incident"] is True
    assert roles["witness"]["account"] == "heard shouting"
    assert {(loc["kind"], loc["description"]) for loc in request["locations"]} == {
        ("incident-place", "Home address"), ("home-address", "1 Home Street"), ("suspect-address", "4 Other Road")}
    assert request["event"]["ref"] == "E1" and request["event"]["incident_reference"] == "CAD-0412-2025"
    assert request["event"]["narrative"] == case.account.narrative
    assert request["event"]["contact"]["video_connected_at"] is not None

    links = {(link["from"], link["kind"], link["to"]) for link in request["links"]}
    refs = {p["role"]: p["ref"] for p in request["persons"]}
    assert (refs["victim"], "victim-of", "E1") in links
    assert (refs["suspect"], "suspect-in", "E1") in links
    assert (refs["suspect"], "relationship", refs["victim"]) in links
    assert (refs["child"], "child-present", "E1") in links and (refs["child"], "child-in-household", "E1") in links
    assert (refs["witness"], "witness-to", "E1") in links
    (weapon,) = [o for o in request["objects"] if o["kind"] == "weapon"]
    assert (weapon["ref"], "used-in", "E1") in links

    encompass = [r for r in request["referrals"] if r["kind"] == "operation_encompass"]
    assert encompass and encompass[0]["child"] == refs["child"]
    assert request["risk_assessment"]["grade"] == "standard" and request["risk_assessment"]["yes_count"] == 0
    assert request["source"] == {"system": "rvr-desktop", "system_version": "0.1.0", "case_id": SUBMISSION.case_id,
                                 "submitted_by": "PC 1234", "submitted_at": "2025-11-04T15:00:00+00:00",
                                 "training": True}
    assert request["classification"] == "OFFICIAL-SENSITIVE"


def test_exhibits_become_objects_with_their_digest_and_continuity(policy):
    case = finished_case(policy, [b"first still", b"second still"])
    request = investigation_from_case(case, policy, SUBMISSION)
    _conforms(request)
    exhibits = [o for o in request["objects"] if o["kind"] == "exhibit"]
    assert [(e["reference"], e["sha256"]) for e in exhibits] == [(x.reference, x.sha256) for x in case.exhibits]
    assert exhibits[0]["captured_by"] == "PC J Smith" and exhibits[0]["how_captured"].startswith("still")
    assert {(e["ref"], "exhibit-of", "E1") for e in exhibits} <= {(k["from"], k["kind"], k["to"])
                                                                  for k in request["links"]}


def test_the_same_case_always_gives_the_same_document(policy):
    case = richer_case(policy)
    first = json.dumps(investigation_from_case(case, policy, SUBMISSION), sort_keys=True)
    again = json.dumps(investigation_from_case(type(case).from_dict(case.to_dict()), policy, SUBMISSION),
                       sort_keys=True)
    assert first == again


def test_a_bare_case_maps_without_inventing_anyone(policy):
    case = new_case(policy, datetime(2025, 11, 4, 14, tzinfo=UTC))
    case.intake.caller_name = "Only A Name"
    request = investigation_from_case(case, policy, SUBMISSION)
    _conforms(request)
    assert [p["role"] for p in request["persons"]] == ["victim"]
    assert request["locations"] == [] and request["objects"] == []
    assert request["links"] == [{"from": "P1", "to": "E1", "kind": "victim-of"}]
    assert request["event"]["occurred_at"] is None


def test_a_decision_on_a_referral_no_longer_proposed_is_not_filed(policy):
    case = richer_case(policy)
    case.referral_decisions.append(ReferralDecision("idva", ReferralKind.IDVA, True, "",
                                                    datetime(2025, 11, 4, 14, 30, tzinfo=UTC)))
    request = investigation_from_case(case, policy, SUBMISSION)
    assert "idva" not in {r["kind"] for r in request["referrals"]}  # standard risk: no IDVA proposal


def test_an_ungraded_risk_is_filed_as_no_grade_and_the_details_and_over_18_travel(policy):
    """An escalated case with nothing answered yet has no grade ("standard" would be one the victim was never
    given); the details typed beside an answer and the MG11's over-18 answer go with the filing."""
    from rvr_desktop.training.specimen_cases import CALL_AT, CaseBuilder
    from rvr_desktop.workflow import actions
    from rvr_desktop.workflow.answers import Answer
    from rvr_desktop.workflow.risk import record_detail
    from rvr_desktop.workflow.steps import Step

    case = CaseBuilder(policy).done_before(Step.RISK)
    actions.escalate(case, "Suspect came back.", CALL_AT)
    case.risk.answers.clear()
    risk = investigation_from_case(case, policy, SUBMISSION)["risk_assessment"]
    _conforms(investigation_from_case(case, policy, SUBMISSION))
    assert risk["graded"] is False and risk["grade"] is None and risk["grade_by_count"] is None

    question = policy.instrument.questions[0].question_id
    case.risk.answers[question] = Answer.YES
    record_detail(case.risk, question, "A kitchen knife, last Tuesday.")
    case.account.victim.date_of_birth = None
    case.statement.maker_over_18 = True
    request = investigation_from_case(case, policy, SUBMISSION)
    _conforms(request)
    assert request["risk_assessment"]["graded"] is True and request["risk_assessment"]["grade"] is not None
    assert request["risk_assessment"]["details"] == {question: "A kitchen knife, last Tuesday."}
    assert request["statement"]["maker_over_18"] is True


def test_the_specimen_files_the_children_bail_exhibit_files_and_review(policy):
    from rvr_desktop.documents.specimen import specimen_case

    case = specimen_case(policy)
    request = investigation_from_case(case, policy, SUBMISSION)
    _conforms(request)
    persons = {p["name"]: p for p in request["persons"]}
    leon, suspect, victim = persons["Leon Țurcanu"], persons["Ștefan Țurcanu"], persons["Zofia Wiśniewska"]
    assert leon["relationship_to_suspect"] == "Son" and leon["suspect_parental_responsibility"] == "yes"
    assert leon["contact_arrangement"].startswith("The suspect collects Leon") and leon["spoken_to_by_police"] is False
    assert persons["Maja Wiśniewska"]["spoken_to_note"].startswith("Briefly")
    assert suspect["custody"] == "not_arrested" and suspect["bail_until"] is None
    assert victim["safe_to_leave_message"] is False
    exhibit = next(o for o in request["objects"] if o["kind"] == "exhibit")
    assert (exhibit["media_type"], exhibit["size_bytes"], exhibit["original"]) == ("image/png", 412_388, True)
    assert request["event"]["offences"].startswith("Intentional strangulation (Serious Crime Act 2015, s.75A)")  # as the officer recorded them
    assert request["event"]["incident_summary"] == case.account.incident_summary
    assert [a["what"] for a in request["event"]["outstanding_actions"]][0].startswith("Take a statement")
    review = request["risk_assessment"]["supervisor_review"]
    assert review["result"] == "agreed" and review["reviewed_by"] == "Sgt 1234 Sam Example"
    assert review["changed_to"] is None
def test_the_marac_answers_are_filed_and_conform(policy):
    from rvr_desktop.documents.specimen import specimen_case
    from rvr_desktop.workflow.answers import Answer

    case = specimen_case(policy)
    case.account.previous_incidents[0].reported_to_police = None
    case.safeguarding.why_not_aware = ""
    request = investigation_from_case(case, policy, SUBMISSION)
    _conforms(request)
    event = request["event"]
    assert [p["reported_to_police"] for p in event["previous_incidents"]] == [None, "no"]
    assert event["previous_marac"] == "no" and event["incident_summary"].startswith("Ms Wiśniewska's former partner")
    victim = request["persons"][0]
    assert victim["diversity"] == {"gender": "Woman", "ethnicity": "White: Polish", "disability": "None",
                                   "sexual_orientation": "Did not want to say", "trans_or_gender_identity": "Not trans (as she said)"}
    assert victim["not_safe_to_talk_to"].startswith("Ștefan Țurcanu and his brother")
    maja = next(p for p in request["persons"] if p["name"] == "Maja Wiśniewska")
    assert (maja["relationship_to_victim"], maja["relationship_to_suspect"]) == ("Daughter", "Not his child: "
                                                                                 "his former partner's daughter")
    assert request["risk_assessment"]["judgement_not_used"]["reason"] == "The count already gives high."
    assert request["safeguarding"]["victim_aware_of_referral"] == Answer.YES.value
