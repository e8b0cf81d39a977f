"""The MG11's time, place and rear-page answers travel with the filing; a request queued without them still conforms."""

from __future__ import annotations

from datetime import UTC, datetime

from rvr_desktop.documents.specimen import specimen_case
from rvr_desktop.sync.contract import problems_with
from rvr_desktop.sync.pole import Submission, investigation_from_case

SUBMISSION = Submission("0f6b1e2a-1111-4222-8333-444455556667", "PC 1234", datetime(2025, 11, 4, 15, tzinfo=UTC),
                        True, "0.1.0")
NEW = ("started_at", "finished_at", "witness_location", "court_needs", "victim_personal_statement",
       "medical_disclosure_consent", "family_civil_disclosure_consent", "witness_service_referral", "read_back_started_at")


def test_the_rear_page_answers_are_filed_and_conform(policy):
    request = investigation_from_case(specimen_case(policy), policy, SUBMISSION)
    assert problems_with("InvestigationRequest", request) == []
    statement = request["statement"]
    assert statement["started_at"] == "2025-11-11T14:37:00+00:00"
    assert (statement["read_back_started_at"], statement["read_back_at"]) == ("2025-11-11T14:39:00+00:00",
                                                                              "2025-11-11T14:51:00+00:00")
    assert statement["witness_location"] == "at home, in the living room"
    assert statement["victim_personal_statement"] == "later"
    assert (statement["medical_records_consent"], statement["medical_disclosure_consent"]) == ("yes", "yes")
    assert statement["family_civil_disclosure_consent"] == "no" and statement["witness_service_referral"] == "yes"


def test_a_request_queued_by_an_earlier_version_still_conforms(policy):
    request = investigation_from_case(specimen_case(policy), policy, SUBMISSION)
    for name in NEW:
        del request["statement"][name]
    assert problems_with("InvestigationRequest", request) == []
    request["statement"]["victim_personal_statement"] = "perhaps"
    assert problems_with("InvestigationRequest", request) != []


def test_the_actions_the_case_shows_and_its_evidence_plan_go_to_the_records_system_to_be_assigned(policy):
    request = investigation_from_case(specimen_case(policy), policy, SUBMISSION)
    assert problems_with("InvestigationRequest", request) == []
    actions = request["event"]["outstanding_actions"]
    kinds = {(action["kind"], action.get("key")) for action in actions}
    # The officer's own, the ones the case shows (a suspect at large, a child witness) and the evidence plan's.
    assert {("typed", None), ("shown", "arrest"), ("shown", "abe_interview"), ("evidence", "call_recording"),
            ("evidence", "photographs_in_person")} <= kinds, kinds
    arrest = next(action for action in actions if action.get("key") == "arrest")
    assert arrest["who"].startswith("Attending officers") and arrest["due_at"] == "2025-11-11T14:00:00+00:00"
    assert "College of Policing" in arrest["source"]
    statement = next(action for action in actions if action.get("key") == "threat_words")
    assert statement["due_at"] is None and statement["due"] == "in the victim's statement"


def test_a_line_done_on_the_call_goes_with_where_it_is_recorded(policy):
    from rvr_desktop.workflow.investigation import record_done_on_call

    case = specimen_case(policy)
    record_done_on_call(case, "threat_words", "In her statement", datetime(2025, 11, 11, 14, 50, tzinfo=UTC))
    request = investigation_from_case(case, policy, SUBMISSION)
    assert problems_with("InvestigationRequest", request) == []
    words = next(a for a in request["event"]["outstanding_actions"] if a.get("key") == "threat_words")
    assert words["done_on_call"] == {"note": "In her statement", "at": "2025-11-11T14:50:00+00:00"}
    assert all("done_on_call" not in a for a in request["event"]["outstanding_actions"] if a is not words)
