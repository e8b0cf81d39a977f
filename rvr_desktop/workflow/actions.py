"""What the officer does to a case, each guarded by the step rules.

Two kinds of refusal. Normal mistakes (an empty reason, an account with a gap)
come back as plain-words messages for the page to show. An action the page
should never have offered, such as sending a link before the caller is
confirmed safe, raises `StepBlocked`: that is a bug in the caller, and the
link must not go out whatever the screen did.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from .account import missing_from_account
from .answers import Answer
from .date_checks import check_date_of_birth, check_past_time
from .escalation import EscalationChecklist, checklist_for, ended_early, is_submitted, set_ticked, still_to_do
from .link import LinkInvite, revoke_live_invites
from .outcome import Outcome, OutcomeKind
from .safety import ALL_QUESTIONS, SafetyAnswer, unsafe_reason
from .steps import Step, StepState, status_of, step_statuses
from .times import as_utc, local_date
from .video import VideoEvent, VideoEventKind

if TYPE_CHECKING:
    from .case import Case
    from .policy import Policy


class StepBlocked(Exception):
    """An action was attempted on a step that can't be entered; `reason` says why."""

    def __init__(self, step: Step, reason: str):
        self.step = step
        self.reason = reason
        super().__init__(f"{step.label}: {reason}")


def _require(case: Case, policy: Policy, step: Step) -> None:
    status = status_of(case, policy, step)
    if not status.can_enter:
        raise StepBlocked(step, status.reason)


def record_safety_answer(
    case: Case, policy: Policy, question: str, answer: Answer, at: datetime, *, note: str = ""
) -> None:
    """Record one safety answer; an unsafe one ends the video path at once."""
    if question not in case.safety.asked:
        raise ValueError(f"{question!r} is not one of this case's safety questions.")
    _require(case, policy, Step.SAFETY)
    given = SafetyAnswer(question, answer, as_utc(at), note)
    case.safety.answers.append(given)
    if ALL_QUESTIONS[question].is_unsafe(answer):
        case.outcome = Outcome(OutcomeKind.ESCALATED, as_utc(at), unsafe_reason(given))


def escalate(case: Case, reason: str, at: datetime) -> str | None:
    """Officers are being deployed (at any step, e.g. the suspect comes back mid-call)."""
    return _end(case, OutcomeKind.ESCALATED, reason, at)


def add_escalation_details(case: Case, details: str) -> str | None:
    """Add details of what happened, typed after escalating, to the escalation's reason.

    The reason is picked on one key so officers are deployed at once; the
    details come afterwards, on a case already ended, which is why this is
    the one change an escalated case still takes.
    """
    outcome = case.outcome
    if outcome is None or outcome.kind is not OutcomeKind.ESCALATED:
        return "Only an escalated case takes escalation details; nothing was changed."
    if is_submitted(case):
        return "The escalation record has been submitted; nothing was changed."
    if not details.strip():
        return "Type the details first; nothing was added."
    reason = outcome.reason.rstrip()
    ending = "" if not reason or reason.endswith((".", "!", "?")) else "."
    outcome.reason = f"{reason}{ending} Details: {details.strip()}".strip()
    return None


def mark_caller_unreachable(case: Case, reason: str, at: datetime) -> str | None:
    """The caller can't be reached (no answer, link never opened, call lost and not regained)."""
    return _end(case, OutcomeKind.CALLER_UNREACHABLE, reason, at)


def _end(case: Case, kind: OutcomeKind, reason: str, at: datetime) -> str | None:
    if case.outcome is not None:
        return f"This case has already ended ({case.outcome.kind.label}); nothing was changed."
    if not reason.strip():
        return f"Record why: the reason goes on the record with \u201c{kind.label}\u201d."
    case.outcome = Outcome(kind, as_utc(at), reason)
    # The record says every link stopped working when the case ended (the service is told separately).
    revoke_live_invites(case.link_invites, at, f"the case ended: {kind.label}")
    return None


def issue_link_invite(case: Case, policy: Policy, at: datetime, *, by_code: bool = False,
                      expires_at: datetime | None = None) -> LinkInvite:
    """A new one-time link for the caller's safe number (or a code read out to them, `by_code`); any
    earlier link or code is revoked. `expires_at` is when the link service says it stops working, where
    it made the link: its answer is the record, never a second reckoning here.

    Raises `StepBlocked` unless the caller has been confirmed safe and the
    case is still open: this is the guard that keeps a link from going to an
    unsafe caller, whatever the screen allowed.
    """
    _require(case, policy, Step.LINK)
    at = as_utc(at)
    revoke_live_invites(case.link_invites, at, "replaced by a new link")
    invite = LinkInvite(sent_to="" if by_code else case.intake.safe_phone, issued_at=at,
                        expires_at=as_utc(expires_at) if expires_at else at + policy.video_call.link_valid_for,
                        by_code=by_code)
    case.link_invites.append(invite)
    return invite


def record_video_event(
    case: Case, policy: Policy, kind: VideoEventKind, at: datetime, note: str = ""
) -> None:
    """Record something that happened on the call.

    Carrying on by phone may be recorded from the link step (the caller's
    phone can't open links) as well as the video step; every other event
    needs the link step done.
    """
    step = Step.LINK if kind is VideoEventKind.CONTINUED_BY_PHONE else Step.VIDEO
    _require(case, policy, step)
    case.video_events.append(VideoEvent(kind, as_utc(at), note))


def mark_account_complete(case: Case, policy: Policy, at: datetime) -> list[str]:
    """Mark the account complete, or say in plain words what stops it."""
    _require(case, policy, Step.ACCOUNT)
    problems = _account_problems(case, at, policy.zone)
    if not problems:
        case.account.completed_at = as_utc(at)
    return problems


def _account_problems(case: Case, now: datetime, local: ZoneInfo) -> list[str]:
    account = case.account
    problems = [f"Still needed: {what}." for what in missing_from_account(account)]
    if account.incident_at is not None:
        problems.append(check_past_time(account.incident_at, now) or "")
    births: list[tuple[str, date | None]] = [
        ("the victim", account.victim.date_of_birth),
        ("the suspect", account.suspect.date_of_birth),
        *((child.name or "a child", child.date_of_birth) for child in account.children),
        *((dependant.name or "a dependant", dependant.date_of_birth) for dependant in account.dependants),
    ]
    today = local_date(now, local)
    for whose, born in births:
        problem = check_date_of_birth(born, today) if born else None
        if problem:
            problems.append(f"Date of birth of {whose}: {problem}")
    return [problem for problem in problems if problem]


def record_escalation_step(case: Case, policy: Policy, item: str, done: bool, at: datetime) -> None:
    """Tick (or untick) one item of the checklist after the case ended early (escalated, caller unreachable),
    with its time.

    Raises `StepBlocked` unless the case ended early and its record is not yet
    submitted; `KeyError` for an item the force's checklist does not have.
    """
    _open_checklist(case, policy).item(item)
    set_ticked(case, item, done, at)


def write_note_for_attending(case: Case, policy: Policy, text: str) -> None:
    """The note passed to the officers on their way (or whoever responds to an unreachable caller), kept
    exactly as typed."""
    _open_checklist(case, policy)
    case.escalation.notes_for_attending = text


def _open_checklist(case: Case, policy: Policy) -> EscalationChecklist:
    checklist = checklist_for(case, policy)
    if checklist is None:
        raise StepBlocked(Step.REVIEW, "The case has not ended early: there is no checklist to work through.")
    _require(case, policy, Step.REVIEW)
    return checklist


def why_not_submit(case: Case, policy: Policy) -> str | None:
    """What stops the case being submitted, in plain words; None when it can go. Changes nothing.

    A case that ended early (escalated, caller unreachable) goes as the record
    of that once its checklist is done and it names its incident: the records
    system joins it to the CAD log the control room is working from.
    """
    if is_submitted(case):
        return "This case has already been submitted; it can't be submitted again."
    checklist = checklist_for(case, policy)
    if checklist is not None:
        waiting = [item.label for item in still_to_do(case, checklist)]
        if not case.intake.incident_reference.strip():
            waiting.insert(0, "the incident (CAD) reference, on the Hand-over step")
        if waiting:
            return (f"The {checklist.record} can't be submitted yet. Still to do: " + "; ".join(waiting) + ".")
        return None
    if case.outcome is not None:
        return f"This case has already ended ({case.outcome.kind.label}); it can't be submitted."
    waiting = [
        status.step.label
        for status in step_statuses(case, policy)
        if status.step is not Step.REVIEW and status.state is not StepState.DONE
    ]
    if waiting:
        return f"The case can't be submitted yet. Not done: {', '.join(waiting)}."
    return None


def submit_case(case: Case, policy: Policy, at: datetime) -> str | None:
    """Submit the case for an investigation to be created; a message says what is left if not.

    The one place a case is marked submitted: a finished case is given its
    "submitted" outcome, an escalated one keeps its outcome and its
    escalation record is stamped submitted. The workstation does this only to
    the copy the outbox is about to hold (`casework.submitting`), never to the
    case on screen.
    """
    problem = why_not_submit(case, policy)
    if problem is None:
        if ended_early(case):
            case.escalation.submitted_at = as_utc(at)
        else:
            case.outcome = Outcome(OutcomeKind.SUBMITTED, as_utc(at))
    return problem
