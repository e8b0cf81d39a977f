"""Criteria about the call itself: the safety gate and the decision it leads
to, the times to link and to video, the scripted events, the call ended on
escalation, and the caller's language and access needs."""

from __future__ import annotations

from datetime import datetime, timedelta

from rvr_desktop.workflow.outcome import OutcomeKind
from rvr_desktop.workflow.safety import ALL_QUESTIONS, first_unsafe_answer, safety_confirmed_at, still_to_ask
from rvr_desktop.workflow.video import VideoEventKind, first_event

from .criteria import Criterion, CriterionResult, Marking, failed, not_applicable, passed
from .scenario import Decision, EventKind, InterpreterNeed, ScriptedEvent


def safety(marking: Marking) -> CriterionResult:
    """Safety confirmed before any link, answers recorded as given, and the right decision."""
    case, scenario = marking.case, marking.scenario
    mismatches = _answers_not_as_given(marking)
    links = [invite.issued_at for invite in case.link_invites]
    first_link = min(links) if links else None
    if scenario.expected.decision is Decision.ESCALATE_BEFORE_LINK:
        return _unsafe_caller(marking, first_link, mismatches)
    unsafe = first_unsafe_answer(case.safety)
    if unsafe is not None:
        return failed(Criterion.SAFETY, "The caller was safe to take a video call, but an answer recorded at the "
                                        "safety check ended the video path.", mismatches)
    escalated = case.outcome is not None and case.outcome.kind is OutcomeKind.ESCALATED
    if escalated and first_link is None:
        return failed(Criterion.SAFETY, "The case was escalated before any link was sent, but the caller was safe "
                                        "to take a video call.", mismatches)
    confirmed = safety_confirmed_at(case.safety)
    if confirmed is None:
        count = len(still_to_ask(case.safety))
        return failed(Criterion.SAFETY, f"The safety check was not finished: {count} question"
                                        f"{'s' * (count != 1)} not asked.", mismatches)
    if first_link is not None and first_link < confirmed:
        return failed(Criterion.SAFETY, "A link was made before every safety question had a safe answer.", mismatches)
    if mismatches:
        return failed(Criterion.SAFETY, "The safety check was finished before any link, but some answers were not "
                                        "recorded as the caller gave them.", mismatches)
    when = f" before the link went out, {marking.after_call(first_link)}" if first_link else ""
    return passed(Criterion.SAFETY, f"Every safety question was asked and recorded as the caller answered it{when}.")


def _unsafe_caller(marking: Marking, first_link: datetime | None, mismatches: list[str]) -> CriterionResult:
    case = marking.case
    answers = marking.scenario.safety.answers
    said = [ALL_QUESTIONS[key] for key in case.safety.asked
            if key in answers and ALL_QUESTIONS[key].is_unsafe(answers[key])]
    why = f"the caller answered \u201c{said[0].wording}\u201d unsafely" if said else "the caller was not safe"
    if first_link is not None:
        return failed(Criterion.SAFETY, f"A link was sent {marking.after_call(first_link)}, but {why}. The right "
                                        "decision was to escalate without sending a link.", mismatches)
    if case.outcome is None or case.outcome.kind is not OutcomeKind.ESCALATED:
        return failed(Criterion.SAFETY, f"No link was sent, but the case was not escalated, and {why}. Officers "
                                        "should have been deployed.", mismatches)
    if mismatches:
        return failed(Criterion.SAFETY, "The case was escalated with no link sent, but some answers were not "
                                        "recorded as the caller gave them.", mismatches)
    return passed(Criterion.SAFETY, f"Right decision: {why}, and the case was escalated "
                                    f"{marking.after_call(case.outcome.at)} with no link sent.")


def _answers_not_as_given(marking: Marking) -> list[str]:
    check = marking.case.safety
    differences = []
    for key in check.asked:
        given, said = check.latest(key), marking.scenario.safety.answers.get(key)
        if given is not None and said is not None and given.answer is not said:
            differences.append(f"\u201c{ALL_QUESTIONS[key].wording}\u201d: the caller said {said.label}, "
                               f"{given.answer.label} was recorded.")
    return differences


def link_time(marking: Marking) -> CriterionResult:
    if marking.scenario.expected.decision is Decision.ESCALATE_BEFORE_LINK:
        return not_applicable(Criterion.LINK_TIME, "No link was due: the caller was not safe.")
    sent = marking.timeline.link_sent
    if sent is None:
        made = "A link was made but never recorded as sent." if marking.case.link_invites else "No link was sent."
        return failed(Criterion.LINK_TIME, made)
    return _against_target(marking, Criterion.LINK_TIME, "Link sent", sent, marking.scenario.targets.link_sent)


def video_time(marking: Marking) -> CriterionResult:
    if marking.scenario.expected.decision is Decision.ESCALATE_BEFORE_LINK:
        return not_applicable(Criterion.VIDEO_TIME, "No video call was due: the caller was not safe.")
    connected = marking.timeline.video_connected
    if connected is None:
        by_phone = first_event(marking.case.video_events, VideoEventKind.CONTINUED_BY_PHONE)
        if by_phone is not None:
            return failed(Criterion.VIDEO_TIME, f"The video never connected; the call carried on by phone "
                                                f"{marking.after_call(by_phone.at)}.")
        return failed(Criterion.VIDEO_TIME, "The video call never connected.")
    target = marking.scenario.targets.video_connected
    return _against_target(marking, Criterion.VIDEO_TIME, "Video connected", connected, target)


def _against_target(marking: Marking, criterion: Criterion, what: str, moment: datetime,
                    target: timedelta) -> CriterionResult:
    if marking.case.intake.call_received_at is None:
        return failed(criterion, "The time the call came in was not recorded, so the time can't be measured.")
    text = f"{what} {marking.after_call(moment)} (target {marking.span(target)})."
    return passed(criterion, text) if moment - marking.call_at <= target else failed(criterion, text)


def events(marking: Marking) -> CriterionResult:
    """Each scripted event that happened got the response it calls for, in time."""
    scenario = marking.scenario
    if not scenario.events:
        return not_applicable(Criterion.EVENTS, "This scenario has no scripted events.")
    handled: list[str] = []
    missed: list[str] = []
    absent: list[str] = []
    for event in scenario.events:
        at = _happened_at(marking, event)
        if at is None:
            absent.append(f"{event.kind.label.capitalize()} did not happen in this run.")
            continue
        ok, note = _response(marking, event, at)
        (handled if ok else missed).append(note)
    if not handled and not missed:
        return not_applicable(Criterion.EVENTS, "None of the scripted events happened in this run.")
    count = len(handled) + len(missed)
    reason = f"{len(handled)} of {count} scripted event{'s' * (count != 1)} handled as expected."
    details = missed + handled + absent
    return failed(Criterion.EVENTS, reason, details) if missed else passed(Criterion.EVENTS, reason, details)


def _happened_at(marking: Marking, event: ScriptedEvent) -> datetime | None:
    """When the event fired: as the session recorded it, or as its timetable puts it."""
    for fired in marking.run.fired:
        if fired.event_id == event.event_id:
            return fired.at
    at = event.due_at(marking.call_at, marking.timeline.video_connected)
    if at is None:
        return None
    ended = marking.case.outcome
    # An event timed after the case ended never reached the trainee.
    return None if ended is not None and ended.at <= at else at


def _response(marking: Marking, event: ScriptedEvent, at: datetime) -> tuple[bool, str]:
    case = marking.case
    what = f"{event.kind.label.capitalize()} ({marking.after_call(at)}): expected to {event.kind.expected_response}"
    if event.kind is EventKind.SUSPECT_ARRIVES:
        outcome = case.outcome
        escalated = outcome.at if outcome and outcome.kind is OutcomeKind.ESCALATED and outcome.at >= at else None
        return _in_time(marking, what, event, at, escalated, "escalated")
    kinds = ((VideoEventKind.CONNECTED, VideoEventKind.CONTINUED_BY_PHONE)
             if event.kind is EventKind.CONNECTION_DROPS else (VideoEventKind.INTERPRETER_JOINED,))
    after = [video.at for video in case.video_events if video.kind in kinds and video.at >= at]
    done = "reconnected or carried on by phone" if event.kind is EventKind.CONNECTION_DROPS else "interpreter joined"
    return _in_time(marking, what, event, at, min(after) if after else None, done)


def _in_time(marking: Marking, what: str, event: ScriptedEvent, at: datetime, response: datetime | None,
             done: str) -> tuple[bool, str]:
    allowed = marking.span(event.respond_within)
    if response is None:
        return False, f"{what} within {allowed}; not done."
    took = response - at
    ok = took <= event.respond_within
    return ok, f"{what} within {allowed}; {done} {marking.span(took)} later."


# The call is ended as the officer escalates (a tick on the escalation banner); ending it a little before or just
# after is as good. Any later, and the suspect had time to see or hear it.
ENDING_TAKES = timedelta(seconds=30)


def call_ended(marking: Marking) -> CriterionResult:
    """A case escalated once a link was out had its video call ended with it.

    Officers are on their way because the caller is not safe: a call left
    open (or a link still working) lets a suspect who is back see or hear it,
    or take the phone and join. The workstation records the call's ENDED
    moment when the officer ends it.
    """
    case, outcome = marking.case, marking.case.outcome
    if outcome is None or outcome.kind is not OutcomeKind.ESCALATED:
        return not_applicable(Criterion.CALL_ENDED, "The case was not escalated.")
    if not any(invite.issued_at <= outcome.at for invite in case.link_invites):
        return not_applicable(Criterion.CALL_ENDED, "The case was escalated before any link was made: there was no "
                                                    "call to end.")
    escalated = f"The case was escalated {marking.after_call(outcome.at)}"
    started = max(invite.issued_at for invite in case.link_invites if invite.issued_at <= outcome.at)
    ended = [event.at for event in case.video_events if event.kind is VideoEventKind.ENDED and event.at >= started]
    if not ended:
        return failed(Criterion.CALL_ENDED, f"{escalated}, but the video call was never ended: the caller's link "
                                            "stayed live. Leave \u201cEnd the video call now\u201d ticked when you "
                                            "escalate.")
    first = min(ended)
    if first > outcome.at + ENDING_TAKES:
        return failed(Criterion.CALL_ENDED, f"{escalated}, but the video call was left open until "
                                            f"{marking.span(first - outcome.at)} later.")
    return passed(Criterion.CALL_ENDED, f"{escalated}, and the video call was ended with it.")


def caller_needs(marking: Marking) -> CriterionResult:
    """An interpreter recorded and brought in; access needs recorded at hand-over."""
    caller, case = marking.scenario.caller, marking.case
    if caller.interpreter is InterpreterNeed.NONE and not caller.accessibility.strip():
        return not_applicable(Criterion.CALLER_NEEDS, "The caller had no language or access needs to meet.")
    who = "a BSL interpreter" if caller.interpreter is InterpreterNeed.BSL else f"a {caller.language} interpreter"
    problems, done = [], []
    if caller.interpreter is not InterpreterNeed.NONE:
        if case.intake.interpreter_needed:
            done.append(f"The need for {who} was recorded at hand-over.")
        else:
            problems.append(f"The hand-over did not record that the caller needs {who}.")
        connected = marking.timeline.video_connected
        joined = first_event(case.video_events, VideoEventKind.INTERPRETER_JOINED)
        if connected is not None and joined is None:
            problems.append(f"No interpreter joined the video call; the caller needed {who}.")
        elif joined is not None:
            complete = case.account.completed_at
            if complete is not None and complete < joined.at:
                problems.append("The interpreter joined only after the account was complete.")
            else:
                done.append(f"The interpreter joined {marking.after_call(joined.at)}.")
    if caller.accessibility.strip():
        if case.intake.accessibility_needs.strip():
            done.append("The caller's access needs were recorded at hand-over.")
        else:
            problems.append(f"The caller's access needs were not recorded at hand-over ({caller.accessibility}).")
    if problems:
        return failed(Criterion.CALLER_NEEDS, " ".join(problems), done)
    return passed(Criterion.CALLER_NEEDS, " ".join(done))
