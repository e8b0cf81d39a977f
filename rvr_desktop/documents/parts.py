"""Parts shared by several documents: who made it, the victim, the suspect
and their arrest or bail, safe contact, the children, the referral's grounds. Written once so every
form describes the same person the same way."""

from __future__ import annotations

from datetime import datetime

from reportlab.platypus import Flowable

from rvr_desktop.workflow.account import Child
from rvr_desktop.workflow.encompass import why_no_notice
from rvr_desktop.workflow.referrals import (
    MaracCriterion,
    ReferralKind,
    ReferralProposal,
    decision_for,
    marac_grounds,
    propose_referrals,
)
from rvr_desktop.workflow.answers import Answer
from rvr_desktop.workflow.risk import RiskResult, assess
from rvr_desktop.workflow.video import VideoEventKind, first_event

from . import blocks
from .context import DocumentInput
from .page import PageSetup, render
from .wording import Section


def finish(inp: DocumentInput, wording: Section, story: list[Flowable]) -> bytes:
    """The document's PDF: its title block, then `story`, on the common page template."""
    setup = PageSetup(title=wording["title"], subject=wording["subtitle"],
                      reference=inp.case.intake.incident_reference, marks=inp.marks, wording=inp.wording)
    return render(blocks.title(wording["title"], wording["subtitle"]) + story, setup)


def made(inp: DocumentInput) -> list[tuple[str, str]]:
    """The police reference, when the document was made, and by whom."""
    words = inp.words
    return [
        (words["incident_reference"], inp.text(inp.case.intake.incident_reference)),
        (words["made_at"], inp.when(inp.now)),
        *officer(inp),
    ]


def officer(inp: DocumentInput) -> list[tuple[str, str]]:
    words = inp.words
    return [
        (words["officer"], inp.text(inp.officer.describe())),
        (words["officer_unit"], inp.text(inp.officer.unit)),
        # The phone written as every other number on the documents is; the profile keeps it as typed.
        (words["officer_contact"], inp.text(", ".join(part for part in (
            inp.phone(inp.officer.phone) if inp.officer.phone.strip() else "", inp.officer.email) if part.strip()))),
        (words["officer_supervisor"], inp.text(inp.officer.supervisor)),
    ]


def victim(inp: DocumentInput) -> list[tuple[str, str]]:
    words, case = inp.words, inp.case
    return [
        (words["name"], inp.text(case.intake.caller_name)),
        (words["date_of_birth"], inp.birth(case.account.victim.date_of_birth)),
        (words["address"], inp.text(case.account.victim.address)),
    ]


def safe_contact(inp: DocumentInput) -> list[tuple[str, str]]:
    """The safe number and time, whether a message may be left there, the language and any interpreter."""
    words, intake = inp.words, inp.case.intake
    return [
        (words["safe_phone"], inp.phone(intake.safe_phone or intake.safe_phone_typed)),
        (words["safe_time"], inp.text(intake.safe_time_to_call)),
        # Beside the number it qualifies: SafeLives' referral form asks whether a message is safe.
        (words["safe_to_leave_message"], inp.yes_no(intake.safe_to_leave_message)),
        # Asked on the statement step as the one address the suspect does not know or read, and how she would
        # be reached first: an agency's first contact goes the way she asked.
        (words["safe_email"], inp.text(inp.case.statement.witness_email)),
        (words["preferred_contact"], inp.text(inp.case.statement.preferred_contact)),
        (words["language"], inp.text(intake.language)),
        (words["interpreter"], inp.yes_no(intake.interpreter_needed)),
        (words["accessibility"], inp.text(intake.accessibility_needs)),
    ]


def talk_to(inp: DocumentInput) -> list[tuple[str, str]]:
    """Who the victim says it is safe, and not safe, to talk to: whom a recipient may reach, and must not."""
    words, victim = inp.words, inp.case.account.victim
    return [(words["safe_to_talk_to"], inp.text(victim.safe_to_talk_to)),
            (words["not_safe_to_talk_to"], inp.text(victim.not_safe_to_talk_to))]


def suspect(inp: DocumentInput) -> list[tuple[str, str]]:
    """The suspect's name, date of birth, relationship, address and description (to know him on sight)."""
    words, person = inp.words, inp.case.account.suspect
    return [
        (words["name"], inp.text(person.name)),
        (words["date_of_birth"], inp.birth(person.date_of_birth)),
        (words["relationship"], inp.text(person.relationship)),
        (words["address"], inp.text(person.address)),
        (words["description"], inp.text(person.description)),
    ]


def marac_status(inp: DocumentInput) -> tuple[str, str]:
    """Whether this case is referred to a MARAC and when, not referred and why, or not proposed."""
    words = inp.words
    if proposal(inp, ReferralKind.MARAC) is None:
        return words["marac_status"], words["marac_not_proposed"]
    decision = decision_for(inp.case, "marac")
    if decision is None:
        return words["marac_status"], words["marac_undecided"]
    if decision.confirmed:
        return words["marac_status"], words.fill("marac_referred", when=inp.when(decision.decided_at))
    return words["marac_status"], words.fill("marac_declined", reason=inp.text(decision.reason))


def custody(inp: DocumentInput) -> list[tuple[str, str]]:
    """Whether the suspect is arrested or bailed, the conditions and until when: what protects the victim now."""
    words, person = inp.words, inp.case.account.suspect
    rows = [(words["custody"], person.custody.label)]
    if person.custody.has_conditions:
        rows += [(words["bail_conditions"], person.bail_conditions.strip() or words["conditions_not_recorded"]),
                 (words["bail_until"], inp.day(person.bail_until))]
    else:
        rows.append((words["bail_conditions"], words["no_conditions"]))
    return rows


def incident_summary(inp: DocumentInput, missing: str) -> str:
    """The officer's short summary of what happened (never the statement), or `missing` plainly."""
    return inp.case.account.incident_summary.strip() or missing


def incident(inp: DocumentInput) -> list[tuple[str, str]]:
    words, account = inp.words, inp.case.account
    return [(words["incident_when"], inp.when(account.incident_at)), (words["incident_where"], inp.text(account.place))]


def involved_children(inp: DocumentInput) -> list[Child]:
    return [child for child in inp.case.account.children if child.involved]


def children_table(inp: DocumentInput) -> list[Flowable]:
    """Each involved child's name, date of birth and school, or a line saying there are none."""
    words = inp.words
    children = involved_children(inp)
    if not children:
        return blocks.body(words["no_children"])
    rows = [[inp.text(child.name), inp.birth(child.date_of_birth), inp.text(child.school)] for child in children]
    return blocks.grid([words["name"], words["date_of_birth"], words["school"]], rows, [3, 3, 4])


def encompass_not_sent(inp: DocumentInput) -> list[tuple[str, str]]:
    """Each involved child too young for an Operation Encompass notice, with why and their nursery, if any."""
    account = inp.case.account
    return [(f"{inp.words['encompass_not_sent']}: {inp.text(child.name)}", reason)
            for child, reason in why_no_notice(account.children, account.incident_at,
                                               inp.case.intake.call_received_at, inp.policy.encompass)]


def child_contact(inp: DocumentInput) -> list[tuple[str, str]]:
    """Each involved child's contact with the suspect and the next handover: when he will next be near them."""
    words = inp.words
    rows = []
    for child in involved_children(inp):
        name = inp.text(child.name)
        rows += [(f"{words['contact_arrangement']}: {name}", child.contact_arrangement.strip() or words["none_recorded"]),
                 (f"{words['next_handover']}: {name}", child.next_handover.strip() or words["none_recorded"])]
    return rows


def interpreter_joined_during_account(inp: DocumentInput) -> datetime | None:
    """When the interpreter joined, if that was after the first account began (the video connected) and before
    it was recorded as complete: its start was given without an interpreter, for the prosecutor to weigh."""
    case = inp.case
    connected = first_event(case.video_events, VideoEventKind.CONNECTED)
    joined = first_event(case.video_events, VideoEventKind.INTERPRETER_JOINED)
    if connected is None or joined is None or joined.at <= connected.at:
        return None
    completed = case.account.completed_at
    return joined.at if completed is None or joined.at < completed else None


def checklist_answer(inp: DocumentInput, answer: Answer | None) -> str:
    """A risk checklist answer as the MARAC and the MASH print it: "not known" is how the checklist records a
    victim who could not or would not say, so it is printed as both, the same on every form."""
    if answer is Answer.NOT_KNOWN:
        return inp.words["checklist_not_known"]
    return inp.answer(answer)


def risk(inp: DocumentInput) -> RiskResult:
    return assess(inp.case.risk, inp.policy.instrument_for(inp.case.risk))


def risk_grade(inp: DocumentInput) -> str:
    """The final grade, or "not yet graded" while no question is answered."""
    result = risk(inp)
    return result.grade.value if result.graded else inp.words["not_graded"]


def risk_rows(inp: DocumentInput) -> list[tuple[str, str]]:
    """The checklist used, the count, the grade by count, any judgement, the final grade and strong indicators."""
    words = inp.wording.marac
    result = risk(inp)
    indicators = "; ".join(indicator.label for indicator in result.strong_indicators)
    return [
        (words["instrument"], inp.policy.instrument_for(inp.case.risk).name),
        (words["yes_count"], str(result.yes_count)),
        (words["grade_by_count"], result.grade_by_count.value if result.graded else inp.words["not_graded"]),
        # Used with its reason, or considered and not used with its reason, or still awaited: never a bare "not used".
        (words["judgement"], _judgement(inp)),
        (inp.words["risk_grade"], risk_grade(inp)),
        (words["indicators"], indicators or words["no_indicators"]),
    ]


def _judgement(inp: DocumentInput) -> str:
    found = next(g for g in marac_grounds(inp.case, inp.policy) if g.criterion is MaracCriterion.PROFESSIONAL_JUDGEMENT)
    return found.finding[0].upper() + found.finding[1:]


def proposal(inp: DocumentInput, kind: ReferralKind, child_id: str | None = None) -> ReferralProposal | None:
    """The rules' current proposal of this kind (for this child), if they make one."""
    for candidate in propose_referrals(inp.case, inp.policy):
        if candidate.kind is kind and (child_id is None or candidate.child_id == child_id):
            return candidate
    return None


def referral(inp: DocumentInput, kind: ReferralKind, child_id: str | None = None) -> list[tuple[str, str]]:
    """Why the referral is made, the officer's decision and consent to share."""
    words = inp.words
    found = proposal(inp, kind, child_id)
    decision = decision_for(inp.case, found.key) if found else None
    if decision is None:
        decided = inp.wording.summary["undecided"]
    elif decision.confirmed:
        decided = inp.wording.summary.fill("confirmed_at", when=inp.when(decision.decided_at))
    else:
        decided = inp.wording.summary.fill("declined", reason=decision.reason)
    # The victim's answer, or the officer's grounds for sharing without it;
    # failing both, the form says what must be recorded before it is sent.
    consent = _consent_to_share(inp, words)
    return [
        (words["grounds"], found.reason if found else words["not_recorded"]),
        (words["risk_grade"], risk_grade(inp)),
        (words["decision"], decided),
        (words["consent"], consent),
    ]


def wishes(inp: DocumentInput) -> list[tuple[str, str]]:
    words, account = inp.words, inp.case.account
    return [
        (words["who_they_fear"], inp.text(account.victim.who_they_fear)),
        (words["victim_wishes"], inp.text(account.victim_wishes)),
    ]


def _consent_to_share(inp: DocumentInput, words) -> str:
    advice = inp.case.safeguarding
    if advice.consent_to_share is Answer.YES:
        return inp.words["yes"]
    if advice.grounds_to_share_without_consent.strip():
        return inp.text(advice.grounds_to_share_without_consent)
    return words["consent_missing"]
