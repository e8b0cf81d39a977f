"""A case as the records system files it: POLE entities and the links between them.

Persons (victim, suspect, children, dependants, witnesses), locations (where
it happened, the victim's and the suspect's addresses), the event (the
incident, with the account), objects (exhibits with their digests and
continuity, weapons), and links such as "P2 suspect-in E1". The risk
assessment, referral decisions, safeguarding advice and statement details
travel with them. An escalated case is filed the same way, as an escalation
record: `escalation` says when and why officers were deployed instead, what
the RVR officer did after (the force's checklist) and the note passed to the
attending officers; for any other case it is null. A case whose caller could
not be reached is filed as the record of the attempts: `caller_unreachable`
says when and why, each link or code tried and what became of it, the
checklist (the call returned to the control room) and the note for whoever
responds; null otherwise.

A pure function of the case, the policy and the submission: the same case
always gives the same document, so a retry sends exactly what was sent
before. Refs are numbered in the order the case holds things (P1 is always
the victim, E1 the event).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from rvr_desktop.workflow.account import Child, Dependant, Suspect, Witness
from rvr_desktop.workflow.answers import Answer
from rvr_desktop.workflow.escalation import EscalationChecklist, is_escalated, tick_of
from rvr_desktop.workflow.outcome import OutcomeKind
from rvr_desktop.workflow.plain_data import to_plain
from rvr_desktop.workflow.case import Case
from rvr_desktop.workflow.exhibits import Exhibit, merge_duplicate_exhibits, repeat_words
from rvr_desktop.workflow.investigation import handed_on
from rvr_desktop.workflow.policy import Policy
from rvr_desktop.workflow.referrals import propose_referrals
from rvr_desktop.workflow.risk import assess
from rvr_desktop.workflow.safety import safety_confirmed_at
from rvr_desktop.workflow.statement import maker_is_adult
from rvr_desktop.workflow.times import local_date
from rvr_desktop.workflow.video import VideoEventKind, first_event

CLASSIFICATION = "OFFICIAL-SENSITIVE"


@dataclass(frozen=True)
class Submission:
    """Who submitted the case, when, from which workstation, in which mode."""

    case_id: str
    officer: str
    submitted_at: datetime
    training: bool
    system_version: str


def investigation_from_case(case: Case, policy: Policy, submission: Submission) -> dict[str, Any]:
    """The `InvestigationRequest` of the records API contract for this case."""
    builder = _Builder()
    account = case.account
    event = builder.ref("E")
    victim = builder.person("victim", _victim(case))
    builder.link(victim, event, "victim-of")
    if account.suspect != Suspect():
        suspect = builder.person("suspect", _suspect(account.suspect))
        builder.link(suspect, event, "suspect-in")
        builder.link(suspect, victim, "relationship", account.suspect.relationship)
        if account.suspect.address.strip():
            builder.link(suspect, builder.location("suspect-address", account.suspect.address), "lives-at")
    child_refs = {child.child_id: _child(builder, child, victim, event) for child in account.children}
    for dependant in account.dependants:
        builder.link(builder.person("dependant", _dependant(dependant)), victim, "dependant-of",
                     dependant.relationship)
    for witness in account.witnesses:
        builder.link(builder.person("witness", _witness(witness)), event, "witness-to")
    if account.place.strip():
        builder.link(event, builder.location("incident-place", account.place), "occurred-at")
    if account.victim.address.strip():
        builder.link(victim, builder.location("home-address", account.victim.address), "lives-at")
    # The records system refuses two exhibits with one digest; a case made
    # before repeats were recognised is filed as it is mended on opening.
    exhibits = copy.deepcopy(case.exhibits)
    merge_duplicate_exhibits(exhibits)
    for exhibit in exhibits:
        builder.link(builder.thing(exhibit_object(exhibit, policy.zone)), event,
                     "exhibit-of")
    for weapon in account.weapons:
        builder.link(builder.thing({"kind": "weapon", "description": weapon.description,
                                    "how_used": weapon.how_used}), event, "used-in")
    return {
        "source": {"system": "rvr-desktop", "system_version": submission.system_version,
                   "case_id": submission.case_id, "submitted_by": submission.officer,
                   "submitted_at": _moment(submission.submitted_at), "training": submission.training},
        "classification": CLASSIFICATION,
        "event": {"ref": event, **_event(case, policy)},
        "persons": builder.persons,
        "locations": builder.locations,
        "objects": builder.objects,
        "links": builder.links,
        "risk_assessment": _risk(case, policy),
        "referrals": _referrals(case, policy, child_refs),
        "safeguarding": {"safety_plan": case.safeguarding.safety_plan,
                         "emergency_and_silent_call": case.safeguarding.emergency_and_silent_call,
                         "local_services": case.safeguarding.local_services, "notes": case.safeguarding.notes,
                         "recorded_at": _moment(case.safeguarding.recorded_at),
                         "victim_aware_of_referral": _answer(case.safeguarding.victim_aware_of_referral),
                         "why_not_aware": case.safeguarding.why_not_aware},
        "statement": _statement(case, local_date(submission.submitted_at, policy.zone)),
        # Clare's Law disclosures join the case model in a later release.
        "disclosures": [],
        "escalation": _escalation(case, policy),
        "caller_unreachable": _caller_unreachable(case, policy),
    }


class _Builder:
    """Hands out refs in order and collects the entities and links."""

    def __init__(self) -> None:
        self.persons: list[dict] = []
        self.locations: list[dict] = []
        self.objects: list[dict] = []
        self.links: list[dict] = []
        self._counts: dict[str, int] = {}

    def ref(self, prefix: str) -> str:
        self._counts[prefix] = self._counts.get(prefix, 0) + 1
        return f"{prefix}{self._counts[prefix]}"

    def person(self, role: str, details: dict) -> str:
        ref = self.ref("P")
        self.persons.append({"ref": ref, "role": role, **details})
        return ref

    def location(self, kind: str, description: str) -> str:
        ref = self.ref("L")
        self.locations.append({"ref": ref, "kind": kind, "description": description})
        return ref

    def thing(self, details: dict) -> str:
        ref = self.ref("O")
        self.objects.append({"ref": ref, **details})
        return ref

    def link(self, source: str, target: str, kind: str, detail: str = "") -> None:
        link = {"from": source, "to": target, "kind": kind}
        if detail.strip():
            link["detail"] = detail
        self.links.append(link)


def _moment(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _answer(answer: Answer | None) -> str | None:
    return answer.value if answer is not None else None


def _day(day) -> str | None:
    return day.isoformat() if day is not None else None


def _victim(case: Case) -> dict:
    intake, victim = case.intake, case.account.victim
    return {"name": intake.caller_name, "date_of_birth": _day(victim.date_of_birth), "phone": intake.safe_phone,
            "safe_time_to_call": intake.safe_time_to_call, "language": intake.language,
            "interpreter_needed": intake.interpreter_needed, "accessibility_needs": intake.accessibility_needs,
            "who_they_fear": victim.who_they_fear, "adult_at_risk": victim.adult_at_risk,
            "care_and_support_needs": victim.adult_at_risk_reason,
            "safe_to_leave_message": intake.safe_to_leave_message,
            "safe_to_talk_to": victim.safe_to_talk_to, "not_safe_to_talk_to": victim.not_safe_to_talk_to,
            "diversity": to_plain(victim.diversity)}


def _suspect(suspect: Suspect) -> dict:
    return {"name": suspect.name, "date_of_birth": _day(suspect.date_of_birth),
            "relationship_to_victim": suspect.relationship, "description": suspect.description,
            "custody": suspect.custody.value, "bail_conditions": suspect.bail_conditions,
            "bail_until": _day(suspect.bail_until)}


def _child(builder: _Builder, child: Child, victim: str, event: str) -> str:
    ref = builder.person("child", {
        "name": child.name, "date_of_birth": _day(child.date_of_birth), "school": child.school,
        "lives_with_victim": child.lives_with_victim, "present_at_incident": child.present,
        "where_during_incident": child.where_during_incident, "what_seen_or_said": child.what_seen_or_said,
        "relationship_to_victim": child.relationship_to_victim, "relationship_to_suspect": child.relationship_to_suspect,
        "victim_parental_responsibility": _answer(child.victim_parental_responsibility),
        "suspect_parental_responsibility": _answer(child.suspect_parental_responsibility),
        "contact_arrangement": child.contact_arrangement, "next_handover": child.next_handover,
        "other_parent": child.other_parent, "other_parent_responsibility": _answer(child.other_parent_responsibility),
        "spoken_to_by_police": child.spoken_to_by_police,
        "spoken_to_note": child.spoken_to_note, "spoken_to_at": _moment(child.spoken_to_at),
        "spoken_to_present": child.spoken_to_present, "spoken_to_questions": child.spoken_to_questions})
    builder.link(ref, victim, "relationship", "child")
    if child.lives_with_victim:
        builder.link(ref, event, "child-in-household")
    if child.present:
        builder.link(ref, event, "child-present")
    return ref


def _dependant(dependant: Dependant) -> dict:
    return {"name": dependant.name, "date_of_birth": _day(dependant.date_of_birth),
            "relationship_to_victim": dependant.relationship,
            "care_and_support_needs": dependant.care_and_support_needs}


def _witness(witness: Witness) -> dict:
    return {"name": witness.name, "contact": witness.contact, "account": witness.what_they_saw}


def exhibit_object(exhibit: Exhibit, local: ZoneInfo) -> dict:
    """An exhibit as the contract's `ExhibitObject` (without its ref).

    The contract has no field for a repeat arrival, so each is told in the
    continuity's own words after how the file was first captured: a force's
    system needs no change to hold it.
    """
    how = " ".join([exhibit.how_captured, *(repeat_words(a, local) for a in exhibit.also_received)])
    return {"kind": "exhibit", "description": exhibit.description, "reference": exhibit.reference,
            "sha256": exhibit.sha256, "file_name": exhibit.file_name, "captured_by": exhibit.captured_by,
            "captured_at": exhibit.captured_at.isoformat(), "how_captured": how,
            "media_type": exhibit.media_type, "size_bytes": exhibit.size_bytes, "place_captured": exhibit.place_captured,
            "original": exhibit.original}


def _event(case: Case, policy: Policy) -> dict:
    account = case.account
    connected = first_event(case.video_events, VideoEventKind.CONNECTED)
    children_said = case.safety.latest("children_present")
    return {
        "kind": "domestic-abuse-incident",
        "incident_reference": case.intake.incident_reference,
        "occurred_at": _moment(account.incident_at),
        "reported_at": _moment(case.intake.call_received_at),
        "narrative": account.narrative,
        "incident_summary": account.incident_summary,
        "offences": case.investigation.offences,
        "outstanding_actions": [{"what": a.what, "who": a.who, "by_when": _day(a.by_when), "kind": "typed"}
                                for a in case.investigation.actions] + _handed_on(case, policy),
        "injuries": [{"body_location": i.body_location, "description": i.description, "how_caused": i.how_caused}
                     for i in account.injuries],
        "substances": account.substances,
        "prosecution_wish": account.prosecution_wish.value,
        "victim_wishes": account.victim_wishes,
        "previous_incidents": [{"occurred_on": _day(p.occurred_on), "description": p.description,
                                "police_reference": p.police_reference,
                                "reported_to_police": _answer(p.reported_to_police)}
                               for p in account.previous_incidents],
        "previous_marac": _answer(account.previous_marac),
        "previous_marac_where": account.previous_marac_where,
        "last_marac_referral_on": _day(account.last_marac_referral_on),
        "contact": {
            "safety_confirmed_at": _moment(safety_confirmed_at(case.safety)),
            "children_present_at_safety_check": children_said.answer.value if children_said else None,
            "video_connected_at": _moment(connected.at if connected else None),
            "continued_by_phone": first_event(case.video_events, VideoEventKind.CONTINUED_BY_PHONE) is not None,
        },
    }


def _handed_on(case: Case, policy: Policy) -> list[dict]:
    # The actions the case shows and its evidence plan, with the owner's role and time limit from the force's
    # policy: the records system is where the investigation's owner gives each a named officer.
    return [{"what": item.what, "who": item.who, "kind": item.kind, "key": item.key,
             "due_at": _moment(item.deadline.due_at(case.intake.call_received_at)),
             "due": item.deadline.in_words or None, "source": item.source,
             **({"done_on_call": {"note": item.done.note, "at": _moment(item.done.recorded_at)}} if item.done else {})}
            for item in handed_on(case, policy)]


def _risk(case: Case, policy: Policy) -> dict | None:
    if not case.risk.instrument_id:
        return None
    result = assess(case.risk, policy.instrument_for(case.risk))
    judgement, not_used = case.risk.judgement, case.risk.judgement_not_used
    return {
        "instrument_id": case.risk.instrument_id,
        "answers": {question: answer.value for question, answer in sorted(case.risk.answers.items())},
        # What the victim said beside an answer (what was used, when, who), as typed.
        "details": dict(sorted(case.risk.details.items())),
        "yes_count": result.yes_count,
        # Nothing answered is no grade at all: "standard" would be a grade the victim was never given.
        "graded": result.graded,
        "grade_by_count": result.grade_by_count.value if result.graded else None,
        "grade": result.grade.value if result.graded else None,
        "judgement": None if judgement is None else {"raised_to": judgement.raised_to.value,
                                                     "reason": judgement.reason,
                                                     "recorded_at": _moment(judgement.recorded_at)},
        "supervisor_review": _review(case),
        "judgement_not_used": None if not_used is None else {"reason": not_used.reason,
                                                             "recorded_at": _moment(not_used.recorded_at)},
    }


def _review(case: Case) -> dict:
    review = case.investigation.grade_review
    return {"result": review.result.value, "reviewed_by": review.reviewed_by,
            "reviewed_at": _moment(review.reviewed_at), "changed_to": review.changed_to or None,
            "reason": review.reason}


def _referrals(case: Case, policy: Policy, child_refs: dict[str, str]) -> list[dict]:
    # Only decisions on referrals the rules still propose count (see
    # workflow.referrals); a stale decision stays in the case, not the filing.
    current = {proposal.key: proposal for proposal in propose_referrals(case, policy)}
    filed = []
    for decision in case.referral_decisions:
        proposal = current.get(decision.proposal_key)
        if proposal is None:
            continue
        filed.append({"kind": decision.kind.value, "confirmed": decision.confirmed, "reason": decision.reason,
                      "decided_at": _moment(decision.decided_at),
                      "child": child_refs.get(proposal.child_id) if proposal.child_id else None})
    return filed


def _escalation(case: Case, policy: Policy) -> dict | None:
    outcome = case.outcome
    if outcome is None or not is_escalated(case):
        return None
    return {"escalated_at": _moment(outcome.at), "reason": outcome.reason,
            "checklist": _checklist(case, policy.escalation), "notes_for_attending": case.escalation.notes_for_attending}


def _caller_unreachable(case: Case, policy: Policy) -> dict | None:
    outcome = case.outcome
    if outcome is None or outcome.kind is not OutcomeKind.CALLER_UNREACHABLE:
        return None
    attempts = [{"by": "spoken_code" if invite.by_code else "text", "issued_at": _moment(invite.issued_at),
                 "sent_at": _moment(invite.sent_at), "delivery_status": invite.delivery_status,
                 "delivered_at": _moment(invite.delivered_at), "opened_at": _moment(invite.opened_at),
                 "joined_at": _moment(invite.joined_at)} for invite in case.link_invites]
    return {"recorded_at": _moment(outcome.at), "reason": outcome.reason, "attempts": attempts,
            "checklist": _checklist(case, policy.caller_unreachable),
            "notes_for_response": case.escalation.notes_for_attending}


def _checklist(case: Case, checklist: EscalationChecklist) -> list[dict]:
    """Each item of the force's checklist with the time the officer did it (null if not done)."""
    filed = []
    for item in checklist.items:
        tick = tick_of(case, item.key)
        filed.append({"item": item.key, "wording": item.wording, "done_at": _moment(tick.at if tick else None)})
    return filed


def _statement(case: Case, today: date) -> dict:
    s = case.statement
    return {
        "maker_name": s.maker_name, "narrative": s.narrative,
        # As the MG11 says it: from the date of birth where it is known, else the maker's own answer.
        "maker_over_18": maker_is_adult(s, case.account.victim.date_of_birth, today),
        "read_back_by": s.read_back_by.value if s.read_back_by else None, "read_back_at": _moment(s.read_back_at),
        "read_back_started_at": _moment(s.read_back_started_at),
        "confirmed_true": s.confirmed_true, "dates_to_avoid": s.dates_to_avoid,
        "special_measures": s.special_measures.value if s.special_measures else None,
        "special_measures_notes": s.special_measures_notes,
        "medical_records_consent": s.medical_records_consent.value if s.medical_records_consent else None,
        "victim_personal_statement_offered": s.victim_personal_statement_offered,
        "not_taken_reason": s.not_taken_reason,
        # The MG11's time and place, and the rest of its rear page.
        "started_at": _moment(s.started_at), "finished_at": _moment(s.finished_at),
        "witness_location": s.witness_location, "court_needs": s.court_needs,
        "victim_personal_statement": s.victim_personal_statement.value if s.victim_personal_statement else None,
        "medical_disclosure_consent": _answer(s.medical_disclosure_consent),
        "family_civil_disclosure_consent": _answer(s.family_civil_disclosure_consent),
        "witness_service_referral": _answer(s.witness_service_referral),
    }
