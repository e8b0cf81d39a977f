"""The case as the officer reads it before submitting: who, what, how risky, what was sent.

Sections in the order of the steps, each naming the step where it was
recorded, so the review page can offer a way back to change it. Worked out
from the case every time, like the step states; plain words only (no
internal names), every child by name, and times on the force's clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from .escalation import checklist_for, risk_answers_for_attending, tick_of
from .investigation import child_witnesses
from .referrals import ReferralKind, ReferralProposal, decision_for, propose_referrals
from .risk import assess
from .steps import Step

if TYPE_CHECKING:
    from .case import Case
    from .policy import Policy

# Enough of the statement to recognise it; the whole of it is on its step.
STATEMENT_EXTRACT_CHARS = 300
NOT_RECORDED = "not recorded"


@dataclass(frozen=True)
class SummarySection:
    """One part of the summary: a heading, its lines, and the step where it is changed."""

    title: str
    step: Step
    lines: tuple[str, ...]


def case_summary(case: Case, policy: Policy) -> list[SummarySection]:
    """The case in sections, for the review page; an escalated case leads with its escalation."""
    local = policy.zone
    sections = [_victim(case), _suspect(case), _children(case), _risk(case, policy),
                _referrals(case, policy, local), _statement(case), _exhibits(case, local)]
    if checklist_for(case, policy) is not None:
        sections.insert(0, _ended_early(case, policy, local))
    return sections


def referral_heading(case: Case, proposal: ReferralProposal) -> str:
    """A referral's name, with the child it is for: two children give two Encompass notices, told apart."""
    if proposal.child_id is None:
        return proposal.kind.label
    child = next((child for child in case.account.children if child.child_id == proposal.child_id), None)
    name = (child.name.strip() if child else "") or "a child not yet named"
    if proposal.kind is ReferralKind.OPERATION_ENCOMPASS:
        school = f" ({child.school.strip()})" if child and child.school.strip() else ""
        return f"Operation Encompass: {name}'s school{school}"
    return f"{proposal.kind.label}: {name}"


def _when(moment: datetime | None, local: ZoneInfo) -> str:
    return f"{moment.astimezone(local):%d/%m/%Y %H:%M}" if moment else NOT_RECORDED


def _day(day: date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else NOT_RECORDED


def _yes_no(value: bool | None) -> str:
    return NOT_RECORDED if value is None else ("yes" if value else "no")


def _or_not_recorded(text: str) -> str:
    return text.strip() or NOT_RECORDED


def _victim(case: Case) -> SummarySection:
    intake, victim = case.intake, case.account.victim
    language = intake.language.strip() or "English"
    lines = [f"Name: {_or_not_recorded(intake.caller_name)}",
             f"Date of birth: {_day(victim.date_of_birth)}",
             f"Safe number: {_or_not_recorded(intake.safe_phone_typed or intake.safe_phone)}",
             f"Language: {language}" + (" (interpreter needed)" if intake.interpreter_needed else ""),
             f"Address: {_or_not_recorded(victim.address)}"]
    if victim.adult_at_risk:
        lines.append(f"Adult at risk: {_or_not_recorded(victim.adult_at_risk_reason)}")
    return SummarySection("Victim", Step.INTAKE, tuple(lines))


def _suspect(case: Case) -> SummarySection:
    suspect = case.account.suspect
    lines = [f"Name: {_or_not_recorded(suspect.name)}",
             f"Relationship to the victim: {_or_not_recorded(suspect.relationship)}",
             f"Date of birth: {_day(suspect.date_of_birth)}"]
    if suspect.description.strip():
        lines.append(f"Description: {suspect.description.strip()}")
    return SummarySection("Suspect", Step.ACCOUNT, tuple(lines))


def _children(case: Case) -> SummarySection:
    lines = []
    witnesses = child_witnesses(case.account)
    for child in case.account.children:
        school = f", {child.school.strip()}" if child.school.strip() else ", school not recorded"
        lines.append(f"{child.name.strip() or 'A child not yet named'} (born {_day(child.date_of_birth)}{school}): "
                     f"lives with the victim: {_yes_no(child.lives_with_victim)}; "
                     f"present at the incident: {_yes_no(child.present)}"
                     + ("; a potential witness (saw or heard it)" if child in witnesses else ""))
    said = case.safety.latest("children_present")
    if not lines:
        lines.append("No children recorded in the account."
                     + (f" At the safety check: children present {said.answer.label}." if said else ""))
    return SummarySection("Children", Step.ACCOUNT, tuple(lines))


def _risk(case: Case, policy: Policy) -> SummarySection:
    result = assess(case.risk, policy.instrument_for(case.risk))
    if not case.risk.answers:
        return SummarySection("Risk", Step.RISK, ("Not yet graded: no question answered.",))
    # The same words as the risk page and the documents: graded from the first answer, with what is left.
    lines = [f"Grade: {result.grade_in_words} \u2014 {result.yes_count} of {len(case.risk.answers)} questions "
             "answered \u201cyes\u201d" + ("" if result.complete else f", {len(result.still_to_answer)} still to answer")]
    if result.raised_by_judgement and case.risk.judgement is not None:
        lines.append(f"Raised by professional judgement: {case.risk.judgement.reason}")
    if result.indicators_present:
        lines.append("Strong indicators: " + "; ".join(indicator.label for indicator in result.strong_indicators))
    return SummarySection("Risk", Step.RISK, tuple(lines))


def _referrals(case: Case, policy: Policy, local: ZoneInfo) -> SummarySection:
    lines = []
    for proposal in propose_referrals(case, policy):
        decided = decision_for(case, proposal.key)
        state = ("not decided yet" if decided is None else
                 "made" if decided.confirmed else f"not made: {decided.reason}")
        due = f" (due {_when(proposal.due_at, local)})" if proposal.due_at else ""
        lines.append(f"{referral_heading(case, proposal)}: {state}{due}")
    return SummarySection("Referrals", Step.SAFEGUARDING, tuple(lines))


def _statement(case: Case) -> SummarySection:
    statement = case.statement
    if statement.not_taken_reason.strip() and not statement.narrative.strip():
        return SummarySection("Statement", Step.STATEMENT, (f"Not taken: {statement.not_taken_reason.strip()}",))
    text = " ".join(statement.narrative.split())
    extract = text if len(text) <= STATEMENT_EXTRACT_CHARS else text[:STATEMENT_EXTRACT_CHARS].rsplit(" ", 1)[0] + " \u2026"
    lines = [f"Maker: {_or_not_recorded(statement.maker_name)}",
             f"\u201c{extract}\u201d" if extract else "No statement written yet.",
             "Read back and confirmed true" if statement.confirmed_true else "Not yet confirmed true"]
    return SummarySection("Statement", Step.STATEMENT, tuple(lines))


# A review is read at a glance: past this many, the exhibits are counted, and the documents list every one.
EXHIBITS_LISTED = 8


def _exhibits(case: Case, local: ZoneInfo) -> SummarySection:
    shown = case.exhibits[:EXHIBITS_LISTED]
    lines = [f"{exhibit.reference}: {exhibit.description} (by {exhibit.captured_by}, {_when(exhibit.captured_at, local)})"
             for exhibit in shown]
    if len(case.exhibits) > len(shown):
        lines.append(f"… and {len(case.exhibits) - len(shown)} more ({len(case.exhibits)} in all): every one is on "
                     "the exhibits list in the case's documents.")
    return SummarySection("Exhibits", Step.VIDEO, tuple(lines) or ("No exhibits.",))


def _ended_early(case: Case, policy: Policy, local: ZoneInfo) -> SummarySection:
    outcome, checklist = case.outcome, checklist_for(case, policy)
    assert outcome is not None and checklist is not None  # only a case that ended early has this section
    lines = [f"{outcome.kind.label.capitalize()} at {_when(outcome.at, local)}: {outcome.reason}"]
    for item in checklist.items:
        tick = tick_of(case, item.key)
        lines.append(f"{item.label}: " + (f"done at {tick.at.astimezone(local):%H:%M}" if tick else "not done"))
    note = case.escalation.notes_for_attending.strip()
    lines.append(f"The note says: {note}" if note else checklist.no_note)
    answers = risk_answers_for_attending(case, policy.instrument_for(case.risk))
    if answers:
        lines.append("Risk questions answered \u201cyes\u201d: " + "; ".join(answers))
    return SummarySection(checklist.title, Step.REVIEW, tuple(lines))
