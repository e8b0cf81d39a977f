"""The officer's steps, each one's state, and whether it may be entered.

    intake → safety → link → video → account → risk → safeguarding → statement → review

A step may be entered when every step before it is done; going back is always
allowed, and because every state is worked out afresh from the case, a change
made on an earlier step re-checks everything after it (add a child, and the
safeguarding step is no longer done until the new proposals are decided).

When the case has ended (escalated, or the caller can't be reached), only the
intake can still be opened, to correct the record; every other step is
closed with the reason. An escalated case has a path on: the step it was
escalated at shows "escalated" (never a green tick), and the review step
stays open for the escalation checklist and record (`escalation`). A
submitted case, or a submitted escalation record, is read-only throughout.
Carrying on by phone after video fails is not an ending: the link and video
steps count as done and the rest stay open.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from .account import account_started, missing_from_account
from .escalation import checklist_for, is_escalated, is_submitted, record_is_open, still_to_do
from .intake import intake_started, missing_from_intake
from .not_signed import signing_gaps
from .outcome import OutcomeKind
from .referrals import undecided
from .risk import assess
from .safety import (
    first_unsafe_answer,
    safety_confirmed_at,
    still_to_ask,
    unsafe_reason,
)
from .statement import missing_from_statement, statement_started
from .video import VideoEventKind, first_event

if TYPE_CHECKING:
    from .case import Case
    from .escalation import EscalationChecklist
    from .policy import Policy


class Step(Enum):
    INTAKE = "intake"
    SAFETY = "safety"
    LINK = "link"
    VIDEO = "video"
    ACCOUNT = "account"
    RISK = "risk"
    SAFEGUARDING = "safeguarding"
    STATEMENT = "statement"
    REVIEW = "review"

    @property
    def label(self) -> str:
        return {
            Step.INTAKE: "Hand-over",
            Step.SAFETY: "Safety check",
            Step.LINK: "Send link",
            Step.VIDEO: "Video call",
            Step.ACCOUNT: "Account",
            Step.RISK: "Risk assessment",
            Step.SAFEGUARDING: "Safeguarding and referrals",
            Step.STATEMENT: "Statement",
            Step.REVIEW: "Review and submit",
        }[self]


class StepState(Enum):
    NOT_STARTED = "not started"
    IN_PROGRESS = "in progress"
    DONE = "done"
    BLOCKED = "blocked"
    # Where the video path stopped and officers were deployed: shown in red, never as done.
    ESCALATED = "escalated"


@dataclass(frozen=True)
class StepStatus:
    """A step's state, whether the officer may open it, and why, in plain words."""

    step: Step
    state: StepState
    can_enter: bool
    reason: str = ""


Progress = tuple[StepState, str]


def step_statuses(case: Case, policy: Policy) -> list[StepStatus]:
    """Every step, in order, as the case stands now."""
    ended = _ended(case, policy)
    submitted = is_submitted(case)
    # Ended early (escalated, caller unreachable) with its record still to go: the checklist is on Review.
    record_open = record_is_open(case)
    escalated = is_escalated(case)
    statuses = []
    first_unfinished: tuple[Step, str] | None = None
    stop_shown = False
    for step in Step:
        state, note = _PROGRESS[step](case, policy)
        can_enter, reason = True, note
        if record_open and step is Step.REVIEW:
            # The checklist and the record are done here; if every step
            # before was done, this is where an escalated path stopped.
            if escalated and not stop_shown:
                state = StepState.ESCALATED
        elif ended and (step is not Step.INTAKE or submitted):
            can_enter, reason = False, ended
            if record_open and not stop_shown and state is not StepState.DONE:
                # The first step left unfinished is where the path stopped: it says why, once.
                stop_shown = True
                reason = _why_stopped(case, policy)
                if escalated:
                    state = StepState.ESCALATED
        elif first_unfinished is not None:
            earlier, why = first_unfinished
            can_enter, reason = False, f"Finish {earlier.label.lower()} first." + (f" {why}" if why else "")
        if first_unfinished is None and state is not StepState.DONE:
            first_unfinished = (step, note)
        shown = StepState.BLOCKED if not can_enter and state not in (StepState.DONE, StepState.ESCALATED) else state
        statuses.append(StepStatus(step, shown, can_enter, reason))
    return statuses


def status_of(case: Case, policy: Policy, step: Step) -> StepStatus:
    return next(status for status in step_statuses(case, policy) if status.step is step)


def _ended(case: Case, policy: Policy) -> str:
    outcome = case.outcome
    if outcome is None:
        # An unsafe answer ends the path by itself, not only through the
        # outcome it sets: the link stays closed even if the outcome is lost.
        unsafe = first_unsafe_answer(case.safety)
        return f"The video path has ended. {unsafe_reason(unsafe)}" if unsafe else ""
    if outcome.kind is OutcomeKind.SUBMITTED:
        return "The case has been submitted and can no longer be changed."
    checklist = checklist_for(case, policy)
    if checklist is None:
        return f"The video path has ended. {outcome.describe()}"
    if is_submitted(case):
        return f"The {checklist.record} has been submitted and can no longer be changed."
    # The reason is told once, on the step where the path stopped, not on every closed step.
    closed = "the case was escalated" if outcome.kind is OutcomeKind.ESCALATED else "the caller could not be reached"
    return f"Closed: {closed}. {_what_next(checklist)}"


def _what_next(checklist: EscalationChecklist) -> str:
    return f"What to do next: the checklist and the {checklist.record} are on Review and submit."


def _why_stopped(case: Case, policy: Policy) -> str:
    checklist = checklist_for(case, policy)
    assert case.outcome is not None and checklist is not None  # only asked of a case that ended early
    return f"{case.outcome.describe()} {_what_next(checklist)}"


def _started(started: bool, missing: list[str]) -> Progress:
    if not missing:
        return StepState.DONE, ""
    still = "Still needed: " + ", ".join(missing) + "."
    return (StepState.IN_PROGRESS if started else StepState.NOT_STARTED), still


def _intake(case: Case, policy: Policy) -> Progress:
    return _started(intake_started(case.intake), missing_from_intake(case.intake))


def _safety(case: Case, policy: Policy) -> Progress:
    unsafe = first_unsafe_answer(case.safety)
    if unsafe is not None:
        return StepState.ESCALATED, unsafe_reason(unsafe)
    if safety_confirmed_at(case.safety) is None or still_to_ask(case.safety):
        count = len(still_to_ask(case.safety))
        return _started(bool(case.safety.answers), [f"{count} question{'s' * (count != 1)} to ask"])
    return StepState.DONE, "The caller is safe to take a video call."


def _continued_by_phone(case: Case) -> bool:
    return first_event(case.video_events, VideoEventKind.CONTINUED_BY_PHONE) is not None


def _link(case: Case, policy: Policy) -> Progress:
    if _continued_by_phone(case):
        return StepState.DONE, "Carried on by phone."
    if any(invite.sent_at for invite in case.link_invites):
        return StepState.DONE, "Link sent."
    return _started(bool(case.link_invites), ["a link sent to the caller"])


def _video(case: Case, policy: Policy) -> Progress:
    if first_event(case.video_events, VideoEventKind.CONNECTED) is not None:
        return StepState.DONE, "Video connected."
    if _continued_by_phone(case):
        return StepState.DONE, "Video failed; carried on by phone."
    failed = first_event(case.video_events, VideoEventKind.FAILED)
    if failed is not None:
        return StepState.IN_PROGRESS, "Video failed: try again, or carry on by phone and record it."
    opened = any(invite.opened_at or invite.joined_at for invite in case.link_invites)
    return _started(opened or bool(case.video_events), ["the video call to connect"])


def _account(case: Case, policy: Policy) -> Progress:
    missing = missing_from_account(case.account)
    if not missing and case.account.completed_at is None:
        missing = ["the account to be marked complete"]
    return _started(account_started(case.account), missing)


def _risk(case: Case, policy: Policy) -> Progress:
    result = assess(case.risk, policy.instrument_for(case.risk))
    # A strong single indicator below high must have its judgement answered,
    # used or not used with the reason, before the step is done: SafeLives'
    # MARAC criteria make judgement a ground of its own, to be given either
    # way (SafeLives, "Marac referral criteria and form"; College of Policing
    # APP, Domestic abuse: risk assessment), so a referral never goes out
    # with the question open.
    missing = []
    if result.still_to_answer:
        count = len(result.still_to_answer)
        missing.append(f"{count} question{'s' * (count != 1)} to answer")
    if result.judgement_awaited:
        indicators = ", ".join(indicator.label.lower() for indicator in result.strong_indicators)
        missing.append(f"whether professional judgement is used, and why (strong single indicator: {indicators})")
    if not missing:
        return StepState.DONE, f"Grade: {result.grade.value} ({result.yes_count} \u201cyes\u201d)."
    return _started(bool(case.risk.answers), missing)


def _safeguarding(case: Case, policy: Policy) -> Progress:
    waiting = [proposal.kind.label for proposal in undecided(case, policy)]
    missing = [f"a decision on {', '.join(waiting)}"] if waiting else []
    if case.safeguarding.recorded_at is None:
        missing.insert(0, "the advice given")
    return _started(case.safeguarding.started() or bool(case.referral_decisions), missing)


def _statement(case: Case, policy: Policy) -> Progress:
    # Her signature (and an interpreter's) must stand for the text as it is now, or why not be recorded.
    missing = missing_from_statement(case.statement, case.account.victim.date_of_birth)
    return _started(statement_started(case.statement), missing + signing_gaps(case, policy.not_signed))


def _review(case: Case, policy: Policy) -> Progress:
    if is_submitted(case):
        return StepState.DONE, "Submitted."
    checklist = checklist_for(case, policy)
    if checklist is not None and case.outcome is not None:
        waiting = still_to_do(case, checklist)
        started = bool(case.escalation.ticks or case.escalation.notes_for_attending.strip())
        how = "Escalated" if is_escalated(case) else case.outcome.kind.label.capitalize()
        if not waiting:
            return StepState.IN_PROGRESS, f"{how}: the checklist is done; submit the {checklist.record}."
        return (StepState.IN_PROGRESS if started else StepState.NOT_STARTED,
                f"{how}: work through the checklist ({len(waiting)} to do), then submit the {checklist.record}.")
    return StepState.NOT_STARTED, "Check the case and submit it."


_PROGRESS: dict[Step, Callable[[Case, Policy], Progress]] = {
    Step.INTAKE: _intake,
    Step.SAFETY: _safety,
    Step.LINK: _link,
    Step.VIDEO: _video,
    Step.ACCOUNT: _account,
    Step.RISK: _risk,
    Step.SAFEGUARDING: _safeguarding,
    Step.STATEMENT: _statement,
    Step.REVIEW: _review,
}
