"""What a schema can't check: that a scenario makes sense, for this force.

- The right decision agrees with what the caller says and what is true
  (an unsafe answer means escalating before any link; a suspect who comes
  back means a scripted arrival, and escalating during the call).
- Risk answers use the question ids of an installed instrument, all of them.
- Script prompts exist, placeholders name someone, foreign-language lines
  carry their English, and events fall inside the time limit.
- The scenario's own model answer (`model_run`) goes through the workflow
  and earns every applicable criterion. This is the check that catches a
  referral the rules would never propose, a grade the answers can't reach,
  or a target no one could meet.
"""

from __future__ import annotations

import difflib
from datetime import UTC, datetime, timedelta

from rvr_desktop.workflow.case import Case
from rvr_desktop.workflow.instruments import RiskInstrument
from rvr_desktop.workflow.policy import Policy
from rvr_desktop.workflow.referrals import ReferralKind, propose_referrals
from rvr_desktop.workflow.risk import RiskAssessment, assess
from rvr_desktop.workflow.safety import ALL_QUESTIONS, questions_to_ask

from .caller_script import prompts_by_step
from .criteria import Criterion, Verdict
from .debrief import score_run
from .facts import placeholder_problems
from .located_yaml import FieldPath, LocatedData
from .model_run import ModelRunRefused, model_run
from .practice_policy import practice_policy
from .problems import ScenarioProblem, field_name
from .scenario import WEEKDAYS, Decision, EventAnchor, EventKind, InterpreterNeed, Scenario, SuspectWhereabouts
from .scenario_clock import call_moment

# Where in the file to look when the model answer fails a criterion.
_FIELD_OF: dict[Criterion, FieldPath] = {
    Criterion.SAFETY: ("safety", "answers"),
    Criterion.LINK_TIME: ("targets", "link_sent"),
    Criterion.VIDEO_TIME: ("targets", "video_connected"),
    Criterion.RISK_ANSWERS: ("risk", "answers"),
    Criterion.RISK_GRADE: ("risk", "grade"),
    Criterion.REFERRALS: ("expected", "referrals"),
    Criterion.STATEMENT: ("expected", "statement_taken"),
    Criterion.STEPS_IN_ORDER: ("expected", "decision"),
    Criterion.EVENTS: ("events",),
    Criterion.CALL_ENDED: ("events",),
    Criterion.CALLER_NEEDS: ("caller",),
}


class _Findings:
    def __init__(self, located: LocatedData):
        self.located = located
        self.problems: list[ScenarioProblem] = []

    def add(self, path: FieldPath, problem: str) -> None:
        self.problems.append(ScenarioProblem(field_name(path), self.located.line_of(path), problem))


def cross_check(scenario: Scenario, located: LocatedData, policy: Policy,
                now: datetime | None) -> list[ScenarioProblem]:
    """Every problem found, in file order; `now` dates the model answer (default: the real time)."""
    policy = practice_policy(policy)
    found = _Findings(located)
    _decision(scenario, policy, found)
    _sections_the_decision_needs(scenario, found)
    instrument = _risk(scenario, policy, found)
    _script(scenario, instrument, found)
    _times(scenario, found)
    if scenario.video is not None and not scenario.video.is_file():
        found.add(("media", "video"), f"no file at {scenario.video}")
    if not found.problems:
        _model_answer(scenario, policy, now or datetime.now(UTC), found)
    return sorted(found.problems, key=lambda problem: (problem.line, problem.field))


def _decision(scenario: Scenario, policy: Policy, found: _Findings) -> None:
    decision = scenario.expected.decision
    truth = scenario.safety.truth
    answers = scenario.safety.answers
    if policy.video_call.records_video_calls and "consents_to_recording" not in answers:
        found.add(("safety", "answers", "consents_to_recording"),
                  "is missing: this force records video calls, so the caller is asked to consent")
    asked = questions_to_ask(policy.video_call.records_video_calls)
    unsafe = [key for key in asked if key in answers and ALL_QUESTIONS[key].is_unsafe(answers[key])]
    arrives = [event for event in scenario.events if event.kind is EventKind.SUSPECT_ARRIVES]
    if unsafe and decision is not Decision.ESCALATE_BEFORE_LINK:
        found.add(("safety", "answers", unsafe[0]), f"is an unsafe answer, which ends the video path, so "
                                                    f"expected.decision must be {Decision.ESCALATE_BEFORE_LINK.value}")
    if decision is Decision.ESCALATE_BEFORE_LINK and not unsafe:
        found.add(("expected", "decision"), "says to escalate before any link, but every safety answer is safe")
    if decision is Decision.ESCALATE_DURING_CALL and not arrives:
        found.add(("expected", "decision"), "says to escalate during the call, but no event has kind "
                                            "suspect_arrives")
    if arrives and decision is not Decision.ESCALATE_DURING_CALL:
        found.add(("expected", "decision"), f"must be {Decision.ESCALATE_DURING_CALL.value}: the suspect arrives "
                                            "during the call")
    if decision is Decision.VIDEO_CALL and (not truth.caller_safe or truth.suspect is not SuspectWhereabouts.AWAY):
        found.add(("safety", "truth"), "says the caller is not really safe, so a video call can't be the right "
                                       "decision")
    if decision is not Decision.VIDEO_CALL and truth.caller_safe and truth.suspect is SuspectWhereabouts.AWAY:
        found.add(("safety", "truth"), "says the caller is safe and the suspect away, but the right decision is "
                                       "to escalate; say what is really true")
    if scenario.account is not None and any(child.present for child in scenario.account.children) \
            and not truth.children_present:
        found.add(("safety", "truth", "children_present"), "is false, but a child in the account was present")


def _sections_the_decision_needs(scenario: Scenario, found: _Findings) -> None:
    decision = scenario.expected.decision
    if decision is not Decision.ESCALATE_BEFORE_LINK and scenario.account is None:
        found.add(("account",), "is missing: the caller gives an account on the video call")
    if decision is Decision.VIDEO_CALL:
        if scenario.risk is None:
            found.add(("risk",), "is missing: a video call goes through the risk assessment")
        if "referrals" not in found.located.data["expected"]:
            found.add(("expected", "referrals"), "is missing: list the referrals the trainee should make")


def _risk(scenario: Scenario, policy: Policy, found: _Findings) -> RiskInstrument | None:
    script = scenario.risk
    if script is None:
        return None
    instrument = policy.instruments.get(script.instrument_id)
    if instrument is None:
        found.add(("risk", "instrument"), f"no installed risk instrument has this id; installed: "
                                          f"{', '.join(sorted(policy.instruments))}")
        return None
    ids = [question.question_id for question in instrument.questions]
    for key in script.answers:
        if key not in ids:
            found.add(("risk", "answers", key), f"is not a question of {instrument.name}")
    missing = [key for key in ids if key not in script.answers]
    if missing:
        found.add(("risk", "answers"), f"has no answer for {', '.join(missing)}; give every question an answer")
    if not missing and len(script.answers) == len(ids):
        by_count = assess(RiskAssessment(instrument.instrument_id, dict(script.answers)), instrument)
        if script.grade.rank < by_count.grade_by_count.rank:
            found.add(("risk", "grade"), f"can't be {script.grade.value}: the answers count {by_count.yes_count} "
                                         f"\u201cyes\u201d, which is {by_count.grade_by_count.value}, and "
                                         "judgement never lowers a grade")
        elif script.grade.rank > by_count.grade_by_count.rank and not script.judgement.strip():
            found.add(("risk", "grade"), f"is above the {by_count.grade_by_count.value} the answers give "
                                         f"({by_count.yes_count} \u201cyes\u201d); say in risk.judgement why "
                                         "professional judgement raises it")
        elif (script.grade is by_count.grade_by_count and by_count.prompts_judgement
              and not script.judgement_not_used.strip()):
            indicators = ", ".join(indicator.label.lower() for indicator in by_count.strong_indicators)
            found.add(("risk", "judgement_not_used"), f"is missing: a strong single indicator ({indicators}) "
                                                      "asks whether professional judgement is used; say in "
                                                      "risk.judgement_not_used why the grade stays "
                                                      f"{script.grade.value}")
    return instrument


def _script(scenario: Scenario, instrument: RiskInstrument | None, found: _Findings) -> None:
    questions = tuple(question.question_id for question in instrument.questions) if instrument else ()
    prompts = prompts_by_step(scenario, questions)
    spoken = scenario.caller.interpreter is InterpreterNeed.SPOKEN
    for index, line in enumerate(scenario.script):
        if line.prompt not in prompts:
            near = difflib.get_close_matches(line.prompt, list(prompts), n=1)
            hint = f" (did you mean '{near[0]}'?)" if near else "; docs/training.md lists the prompts"
            found.add(("script", index, "prompt"), f"'{line.prompt}' is not a prompt of this scenario{hint}")
        if spoken and not line.english.strip():
            found.add(("script", index), "has no 'english': the caller speaks another language, so each line "
                                         "needs its English for the captions and the interpreter")
        for field, text in (("says", line.says), ("english", line.english)):
            for problem in placeholder_problems(text, scenario):
                found.add(("script", index, field), problem)
    if scenario.account is not None:
        for index, text in enumerate(scenario.account.narrative):
            for problem in placeholder_problems(text, scenario):
                found.add(("account", "narrative", index), problem)
        keys = [child.key for child in scenario.account.children]
        for index, key in enumerate(keys):
            if key in keys[:index] or key in ("caller", "suspect"):
                found.add(("account", "children", index, "key"), f"'{key}' is already used; give each child "
                                                                 "their own key")


def _times(scenario: Scenario, found: _Findings) -> None:
    targets, limit = scenario.targets, scenario.time_limit
    if targets.link_sent > targets.video_connected:
        found.add(("targets", "link_sent"), "is later than the video target; the link comes first")
    if targets.video_connected > limit:
        found.add(("targets", "video_connected"), "is later than the scenario's time_limit")
    ids = [event.event_id for event in scenario.events]
    for index, event in enumerate(scenario.events):
        if event.event_id in ids[:index]:
            found.add(("events", index, "id"), f"'{event.event_id}' is used by another event")
        waits = targets.video_connected if event.after is EventAnchor.VIDEO_CONNECTED else timedelta(0)
        from_call = event.at + waits
        if from_call > limit:
            found.add(("events", index, "at"), f"falls after the scenario's time_limit, counting from "
                                                f"{event.after.label} (the video is due by its target)")
        if event.after is EventAnchor.CALL_RECEIVED and event.at < targets.video_connected:
            found.add(("events", index, "at"), "falls before the video is due to connect; events happen on the "
                                                "video call, so count it from video_connected or make it later")


def _model_answer(scenario: Scenario, policy: Policy, now: datetime, found: _Findings) -> None:
    call_at = call_moment(scenario, now, policy.encompass.calendar)
    try:
        run = model_run(scenario, policy, call_at)
    except ModelRunRefused as refused:
        found.add(refused.field, f"the scenario contradicts itself: {refused.problem}")
        return
    unproposed = _referrals_never_proposed(scenario, run.case, policy, found)
    for result in score_run(run, policy).results:
        if result.verdict is Verdict.FAILED and not (result.criterion is Criterion.REFERRALS and unproposed):
            details = " ".join(result.details)
            found.add(_FIELD_OF[result.criterion], f"even the model answer fails \u201c{result.criterion.label}\u201d: "
                                                   f"{result.reason} {details}".strip())
    _encompass_day(scenario, run.case, policy, found)


def _referrals_never_proposed(scenario: Scenario, case: Case, policy: Policy, found: _Findings) -> bool:
    proposed = {proposal.kind for proposal in propose_referrals(case, policy)}
    never = False
    for index, kind in enumerate(scenario.expected.referrals):
        if kind not in proposed:
            found.add(("expected", "referrals", index), f"the rules don't propose {kind.label} for this scenario's "
                                                        "facts, so no trainee could make it")
            never = True
    return never


def _encompass_day(scenario: Scenario, case: Case, policy: Policy, found: _Findings) -> None:
    wanted = scenario.expected.encompass_due_weekday
    if wanted is None:
        return
    local = policy.zone
    days = {WEEKDAYS[proposal.due_at.astimezone(local).weekday()] for proposal in propose_referrals(case, policy)
            if proposal.kind is ReferralKind.OPERATION_ENCOMPASS and proposal.due_at is not None}
    if days != {wanted}:
        said = ", ".join(sorted(days)) or "no day (no notice is due)"
        found.add(("expected", "encompass_due_weekday"), f"the rules make the school's notice due on {said}, "
                                                         f"not {wanted}, on this force's school calendar")
